//! 预约签到: an appointment checked in by plate and the phone's last four digits, or by
//! its booking code. By plate the fourth digit checks in; only when that finds nothing
//! does the kiosk look the car up, to tell wrong digits from an appointment on another
//! day. A car still in the workshop gets its repair progress instead of a ticket.

use chrono::NaiveDate;
use frontdesk_proto::ErrorReason;

use super::calls::{Call, CheckInInput, Reply};
use super::clock::Clock;
use super::entry::Entry;
use super::failure::Failure;
use super::lookup::{CarEntry, CarStep, repair_progress};
use super::outcome::Outcome;
use super::screens::{Flow, Screen};
use super::state::FlowState;
use super::steps::{Next, Steps};
use crate::input::{CodeInput, Pad};
use crate::views::{IdentifiedView, ProgressView};

/// 预约签到, by plate or by code.
#[derive(Debug, Clone)]
pub enum CheckInFlow {
    /// With the plate and the last four digits.
    ByPlate(PlateCheckIn),
    /// With the booking code.
    ByCode(CodeCheckIn),
}

/// A check-in by plate and the last four digits.
#[derive(Debug, Clone)]
pub struct PlateCheckIn {
    car: CarEntry,
    steps: Steps<CarStep>,
    /// What the refused check-in told of the car in the workshop, shown should the
    /// lookup of its history find nothing more.
    workshop: Option<ProgressView>,
}

impl PlateCheckIn {
    /// At the plate pad.
    pub fn new() -> Self {
        Self { car: CarEntry::default(), steps: Steps::first(CarStep::Plate), workshop: None }
    }

    /// A call failed. When it was the lookup of a car in the workshop, what the
    /// check-in told of its repair will do.
    fn failed(&mut self, failure: Failure) -> Next {
        if self.steps.waiting()
            && let Some(progress) = self.workshop.take()
        {
            return Next::Done(Outcome::Progress(progress));
        }
        self.steps.fail(failure)
    }

    fn identified(&mut self, found: Option<IdentifiedView>, today: NaiveDate) -> Next {
        if let Some(progress) = repair_progress(found.as_ref(), &mut self.workshop) {
            return Next::Done(Outcome::Progress(progress));
        }
        let Some(found) = found else { return self.steps.fail(Failure::NoMatch) };
        let today = today.to_string();
        match found.appointments.iter().find(|a| a.local_date != today) {
            Some(other_day) => self.steps.fail(Failure::NotToday(Some(other_day.start))),
            None => self.steps.fail(Failure::NoAppointmentToday),
        }
    }
}

impl FlowState for PlateCheckIn {
    fn flow(&self) -> Flow {
        Flow::Appointment
    }

    fn screen(&self) -> Screen {
        self.steps.screen(|s| s.screen())
    }

    fn entries(&self) -> Vec<Entry<'_>> {
        self.car.entries()
    }

    fn entry(&self) -> Option<Entry<'_>> {
        Some(self.car.entry(*self.steps.now()))
    }

    fn pad(&mut self) -> Option<&mut dyn Pad> {
        Some(self.car.pad(*self.steps.now()))
    }

    fn proceed(&mut self, clock: &Clock) -> Next {
        match self.steps.now() {
            CarStep::Plate => {
                self.steps.go(CarStep::Last4);
                Next::Stay
            }
            CarStep::Last4 => {
                let plate = self.car.plate.text().to_owned();
                let input =
                    CheckInInput { plate, last4: self.car.last4.text().to_owned(), ..CheckInInput::fresh(clock.now()) };
                self.steps.wait(Call::CheckIn(input))
            }
        }
    }

    fn receive(&mut self, reply: Reply, clock: &Clock) -> Next {
        match reply {
            Reply::Ticket(ticket) => Next::Done(Outcome::ticket(ticket)),
            Reply::Queued(number) => Next::Done(Outcome::Queued(number)),
            // The digits proved the customer: the lookup adds when each stage was reached.
            Reply::InWorkshop(Some(progress)) => {
                self.workshop = Some(progress);
                Next::Call(self.car.identify())
            }
            Reply::InWorkshop(None) => self.steps.fail(Failure::Reason(ErrorReason::VisitAlreadyOpen)),
            // No appointment for this plate and these digits today: the lookup tells a
            // wrong number from an appointment on another day.
            Reply::Failed(Failure::Reason(ErrorReason::AppointmentNotFound)) => Next::Call(self.car.identify()),
            Reply::Identified(found) => self.identified(found, clock.today()),
            Reply::Failed(failure) => self.failed(failure),
            _ => Next::Stay,
        }
    }

    fn back(&mut self) -> bool {
        self.steps.back()
    }

    fn failure(&self) -> Option<Failure> {
        self.steps.failure()
    }
}

/// A check-in by booking code: the code's sixth character checks in.
#[derive(Debug, Clone)]
pub struct CodeCheckIn {
    code: CodeInput,
    /// Only the code pad: "back" goes home.
    steps: Steps<()>,
}

impl CodeCheckIn {
    /// At the code pad.
    pub fn new() -> Self {
        Self { code: CodeInput::default(), steps: Steps::first(()) }
    }
}

impl FlowState for CodeCheckIn {
    fn flow(&self) -> Flow {
        Flow::AppointmentByCode
    }

    fn screen(&self) -> Screen {
        self.steps.screen(|()| Screen::Code)
    }

    fn entries(&self) -> Vec<Entry<'_>> {
        vec![Entry::Code(&self.code)]
    }

    fn entry(&self) -> Option<Entry<'_>> {
        Some(Entry::Code(&self.code))
    }

    fn pad(&mut self) -> Option<&mut dyn Pad> {
        Some(&mut self.code)
    }

    fn proceed(&mut self, clock: &Clock) -> Next {
        let input = CheckInInput { code: self.code.text().to_owned(), ..CheckInInput::fresh(clock.now()) };
        self.steps.wait(Call::CheckIn(input))
    }

    fn receive(&mut self, reply: Reply, _clock: &Clock) -> Next {
        match reply {
            Reply::Ticket(ticket) => Next::Done(Outcome::ticket(ticket)),
            Reply::Queued(number) => Next::Done(Outcome::Queued(number)),
            // The code proved the customer: the stage and promised time the refusal told.
            Reply::InWorkshop(Some(progress)) => Next::Done(Outcome::Progress(progress)),
            Reply::InWorkshop(None) => self.steps.fail(Failure::Reason(ErrorReason::VisitAlreadyOpen)),
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
}
