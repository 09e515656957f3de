//! 预约保养: plate → phone → service → day (today and the next 13) → the day's slots
//! with the seats left → confirm → the booking's code. A slot taken meanwhile shows the
//! day's slots afresh on "try again".

use chrono::{DateTime, NaiveDate, Utc};

use super::calls::{BookInput, Call, Reply, fresh_request_id};
use super::clock::Clock;
use super::entry::Entry;
use super::failure::Failure;
use super::outcome::Outcome;
use super::screens::{Flow, Screen};
use super::state::{FlowState, type_again};
use super::steps::{Next, Steps};
use crate::input::{DigitInput, Pad, PlateInput};
use crate::views::{BookingView, SlotChoice, booking_days};

/// A step of the booking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookingStep {
    /// The plate pad.
    Plate,
    /// The phone pad.
    Phone,
    /// The service types.
    Service,
    /// The days offered.
    Day(Vec<NaiveDate>),
    /// A day's slot grid.
    Slot {
        /// The day.
        day: NaiveDate,
        /// Its slots.
        slots: Vec<SlotChoice>,
    },
    /// The slot chosen, to confirm.
    Confirm(DateTime<Utc>),
}

/// A booking.
#[derive(Debug, Clone)]
pub struct BookingFlow {
    plate: PlateInput,
    phone: DigitInput,
    service: Option<String>,
    steps: Steps<BookingStep>,
    /// The booking's request id once confirmed, kept should it be confirmed again.
    request_id: Option<String>,
}

impl BookingFlow {
    /// At the plate pad.
    pub fn new() -> Self {
        Self {
            plate: PlateInput::default(),
            phone: DigitInput::mobile(),
            service: None,
            steps: Steps::first(BookingStep::Plate),
            request_id: None,
        }
    }

    /// The service chosen: on to the days.
    pub fn choose_service(&mut self, code: &str, clock: &Clock) -> Next {
        if self.steps.open() == Some(&BookingStep::Service) {
            self.service = Some(code.to_owned());
            self.steps.go(BookingStep::Day(booking_days(clock.today())));
        }
        Next::Stay
    }

    /// A day chosen (index into the days offered): its slots.
    pub fn choose_day(&mut self, index: usize) -> Next {
        let Some(BookingStep::Day(days)) = self.steps.open() else { return Next::Stay };
        let (Some(&date), Some(service)) = (days.get(index), self.service.clone()) else { return Next::Stay };
        self.steps.wait(Call::Slots { service, date })
    }

    /// A slot chosen (index into the grid); full slots cannot be chosen.
    pub fn choose_slot(&mut self, index: usize) {
        let Some(BookingStep::Slot { slots, .. }) = self.steps.open() else { return };
        if let Some(slot) = slots.get(index).filter(|s| s.bookable) {
            self.steps.go(BookingStep::Confirm(slot.start));
        }
    }

    /// The days offered, on the day screen.
    pub fn days(&self) -> &[NaiveDate] {
        match self.steps.now() {
            BookingStep::Day(days) => days,
            _ => &[],
        }
    }

    /// The day of the slot grid on show.
    pub fn day(&self) -> Option<NaiveDate> {
        match self.steps.now() {
            BookingStep::Slot { day, .. } => Some(*day),
            _ => None,
        }
    }

    /// The slot grid on show.
    pub fn slots(&self) -> &[SlotChoice] {
        match self.steps.now() {
            BookingStep::Slot { slots, .. } => slots,
            _ => &[],
        }
    }

    /// The booking to confirm.
    pub fn booking(&self) -> Option<BookingView> {
        let BookingStep::Confirm(start) = self.steps.now() else { return None };
        Some(BookingView {
            plate: self.plate.text().to_owned(),
            phone: self.phone.text().to_owned(),
            service: self.service.clone().unwrap_or_default(),
            start: *start,
        })
    }

    fn book(&mut self, clock: &Clock) -> Next {
        let Some(booking) = self.booking() else { return Next::Stay };
        let request_id = self.request_id.get_or_insert_with(fresh_request_id).clone();
        let input = BookInput {
            request_id,
            plate: booking.plate,
            phone: booking.phone,
            service: booking.service,
            slot_start: booking.start,
            at: clock.now(),
        };
        self.steps.wait(Call::Book(input))
    }

    /// The day's slots: the grid (again, after a slot went meanwhile).
    fn show_slots(&mut self, day: NaiveDate, slots: Vec<SlotChoice>) -> Next {
        let grid = BookingStep::Slot { day, slots };
        if matches!(self.steps.now(), BookingStep::Slot { .. }) {
            self.steps.renew(grid);
        } else {
            self.steps.go(grid);
        }
        Next::Stay
    }
}

impl FlowState for BookingFlow {
    fn flow(&self) -> Flow {
        Flow::Booking
    }

    fn screen(&self) -> Screen {
        self.steps.screen(|step| match step {
            BookingStep::Plate => Screen::Plate,
            BookingStep::Phone => Screen::Phone,
            BookingStep::Service => Screen::Service,
            BookingStep::Day(_) => Screen::Day,
            BookingStep::Slot { .. } => Screen::Slot,
            BookingStep::Confirm(_) => Screen::ConfirmBooking,
        })
    }

    fn entries(&self) -> Vec<Entry<'_>> {
        vec![Entry::Plate(&self.plate), Entry::Phone(&self.phone)]
    }

    fn entry(&self) -> Option<Entry<'_>> {
        match self.steps.now() {
            BookingStep::Plate => Some(Entry::Plate(&self.plate)),
            BookingStep::Phone => Some(Entry::Phone(&self.phone)),
            _ => None,
        }
    }

    fn pad(&mut self) -> Option<&mut dyn Pad> {
        match self.steps.now() {
            BookingStep::Plate => Some(&mut self.plate),
            BookingStep::Phone => Some(&mut self.phone),
            _ => None,
        }
    }

    fn proceed(&mut self, clock: &Clock) -> Next {
        match self.steps.now() {
            BookingStep::Plate => self.steps.go(BookingStep::Phone),
            BookingStep::Phone => self.steps.go(BookingStep::Service),
            BookingStep::Confirm(_) => return self.book(clock),
            _ => {}
        }
        Next::Stay
    }

    fn receive(&mut self, reply: Reply, _clock: &Clock) -> Next {
        match reply {
            Reply::Slots { date, slots } => self.show_slots(date, slots),
            Reply::Booked(code) => match self.booking() {
                Some(booking) => Next::Done(Outcome::Booked { code, booking }),
                None => Next::Stay,
            },
            Reply::Queued(number) => Next::Done(Outcome::Queued(number)),
            Reply::Failed(failure) => self.steps.fail(failure),
            _ => Next::Stay,
        }
    }

    fn back(&mut self) -> bool {
        self.steps.back()
    }

    fn failure(&self) -> Option<Failure> {
        self.steps.failure()
    }

    /// After a slot that went meanwhile: the day's slots as they are now. Otherwise as
    /// every flow: the entry that was sent, emptied.
    fn retry(&mut self, _clock: &Clock) -> Next {
        let slot_gone = self.steps.failure().is_some_and(Failure::slot_gone);
        if slot_gone && self.steps.back_to(|s| matches!(s, BookingStep::Slot { .. })) {
            let (Some(date), Some(service)) = (self.day(), self.service.clone()) else { return Next::Stay };
            return self.steps.wait(Call::Slots { service, date });
        }
        type_again(self)
    }
}
