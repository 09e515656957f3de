//! The kiosk's flows as a state machine that knows nothing of Slint or the network:
//! a button press changes the state and may return a [`Call`] for the driver to make;
//! the driver's [`Reply`] moves the state on. Tested without a window.
//!
//! [`steps`] holds what the customer does, [`replies`] what the server answers.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::input::{CodeInput, DigitInput, PlateInput};
use crate::views::{AppointmentView, IdentifiedView, ProgressView, ServiceChoice, SlotChoice, TicketView};

mod calls;
mod failure;
mod replies;
mod steps;

pub use calls::{BookInput, Call, CheckInInput, Reply, default_services};
pub use failure::Failure;

/// What the customer came to do (the buttons on the home screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// 预约签到 with plate and phone's last four digits.
    Appointment,
    /// 预约签到 with the confirmation code.
    AppointmentByCode,
    /// 直接到店.
    WalkIn,
    /// 预约保养.
    Booking,
    /// 查询维修进度.
    MyCar,
    /// 取消预约 with the code and the last four digits.
    Cancel,
    /// 取消预约 with the plate and the last four digits, for a customer who lost the code.
    CancelByPlate,
}

/// The screen on show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// The five choices.
    Home,
    /// Plate keypad.
    Plate,
    /// Last four digits of the phone.
    Last4,
    /// Confirmation code.
    Code,
    /// Full phone number.
    Phone,
    /// Optional surname.
    Surname,
    /// Service type.
    Service,
    /// Day of the booking.
    Day,
    /// Slot grid.
    Slot,
    /// The booking, to confirm.
    ConfirmBooking,
    /// The appointment about to be cancelled, to confirm.
    ConfirmCancel,
    /// Which of the car's appointments to cancel.
    ChooseAppointment,
    /// Waiting for the server.
    Busy,
    /// The ticket.
    Ticket,
    /// The booking's confirmation code.
    Booked,
    /// Repair progress.
    Progress,
    /// The cancellation.
    Cancelled,
    /// Kept offline: registered under a provisional number, ask at the desk.
    Queued,
    /// A message (an error in the customer's words).
    Message,
}

/// Timing of the kiosk, in seconds (the window ticks once a second).
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// Seconds without a touch before the reset countdown starts.
    pub idle_after: u32,
    /// Length of the countdown.
    pub countdown: u32,
    /// Seconds the ticket, booking and progress screens stay before going home.
    pub result_screen: u32,
}

impl Default for Timing {
    fn default() -> Self {
        Self { idle_after: 60, countdown: 10, result_screen: 30 }
    }
}

/// The kiosk's clock: tests set it to the server's test clock.
pub type Now = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// The kiosk's state.
pub struct Controller {
    /// The screen on show.
    pub screen: Screen,
    /// The flow in progress.
    pub flow: Option<Flow>,
    /// The plate pad.
    pub plate: PlateInput,
    /// Last four digits.
    pub last4: DigitInput,
    /// The full phone.
    pub phone: DigitInput,
    /// The confirmation code pad.
    pub code: CodeInput,
    /// The surname chosen (optional; a tap chooses, a second tap takes it back).
    pub surname: String,
    /// The service types on offer.
    pub services: Vec<ServiceChoice>,
    /// The service chosen.
    pub service: Option<String>,
    /// The days offered.
    pub days: Vec<NaiveDate>,
    /// The day chosen.
    pub day: Option<NaiveDate>,
    /// The slots of that day.
    pub slots: Vec<SlotChoice>,
    /// The slot chosen.
    pub slot: Option<DateTime<Utc>>,
    /// The vehicle found.
    pub identified: Option<IdentifiedView>,
    /// The repair progress on show.
    pub progress: Option<ProgressView>,
    /// The ticket.
    pub ticket: Option<TicketView>,
    /// The booking's code.
    pub booked_code: Option<String>,
    /// The appointment about to be cancelled, or cancelled.
    pub cancelling: Option<AppointmentView>,
    /// The provisional number of a customer registered while the server was unreachable.
    pub provisional: Option<String>,
    /// Why the flow could not go on, on show.
    pub failure: Option<Failure>,
    /// Seconds until the reset, while counting down.
    pub countdown: Option<u32>,
    history: Vec<Screen>,
    /// Counts the customers served: every reset and every new flow. A reply to a call
    /// made for an earlier one is dropped (see [`Controller::generation`]).
    generation: u64,
    /// Counts the sessions ended (home, idle reset, result screens timing out), so the
    /// window can go back to its first language for the next customer.
    sessions_ended: u64,
    pending_request: Option<String>,
    /// A walk-in kept offline without digits or phone: its request id and provisional
    /// number, to be replaced by the one with them.
    offline_walk_in: Option<(String, String)>,
    /// The repair progress the server told with a refused check-in, shown should the
    /// lookup of its history fail.
    workshop: Option<ProgressView>,
    /// True while a read of the ticket on show is under way.
    refreshing: bool,
    /// True when the customer chose the other language; an idle home screen then goes
    /// back to the first one.
    pub language_changed: bool,
    /// True while asking for the digits because the server is unreachable.
    pub offline: bool,
    /// True while asking a walk-in for the digits to show their car's repair progress.
    pub in_workshop: bool,
    idle: u32,
    timing: Timing,
    zone: Tz,
    now: Now,
}

impl std::fmt::Debug for Controller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Controller").field("screen", &self.screen).field("flow", &self.flow).finish_non_exhaustive()
    }
}

impl Controller {
    /// A kiosk at home, in the store's zone, with a clock.
    pub fn new(timing: Timing, zone: Tz, now: Now) -> Self {
        Self {
            screen: Screen::Home,
            flow: None,
            plate: PlateInput::default(),
            last4: DigitInput::new(4),
            phone: DigitInput::mobile(),
            code: CodeInput::default(),
            surname: String::new(),
            services: default_services(),
            service: None,
            days: Vec::new(),
            day: None,
            slots: Vec::new(),
            slot: None,
            identified: None,
            progress: None,
            ticket: None,
            booked_code: None,
            cancelling: None,
            provisional: None,
            failure: None,
            countdown: None,
            history: Vec::new(),
            generation: 0,
            sessions_ended: 0,
            pending_request: None,
            offline_walk_in: None,
            workshop: None,
            refreshing: false,
            language_changed: false,
            offline: false,
            in_workshop: false,
            idle: 0,
            timing,
            zone,
            now,
        }
    }

    /// Today in the store's zone.
    pub fn today(&self) -> NaiveDate {
        self.now().with_timezone(&self.zone).date_naive()
    }

    /// The kiosk's clock.
    pub fn now(&self) -> DateTime<Utc> {
        (self.now)()
    }

    /// The store's zone.
    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// The kiosk's timing.
    pub fn timing(&self) -> Timing {
        self.timing
    }

    fn on_result_screen(&self) -> bool {
        matches!(self.screen, Screen::Ticket | Screen::Booked | Screen::Progress | Screen::Cancelled | Screen::Queued)
    }

    /// Seconds left before a result screen goes home by itself.
    pub fn result_seconds_left(&self) -> Option<u32> {
        self.on_result_screen().then(|| self.timing.result_screen.saturating_sub(self.idle))
    }

    /// Back to the home screen with every entered value forgotten: the customer's
    /// session ends.
    pub fn reset(&mut self) {
        self.clear();
        self.sessions_ended += 1;
    }

    /// Forgets every entered value and any call still under way.
    fn clear(&mut self) {
        let (services, timing, now) = (std::mem::take(&mut self.services), self.timing, self.now.clone());
        let (generation, ended) = (self.generation + 1, self.sessions_ended);
        *self = Self::new(timing, self.zone, now);
        self.services = services;
        self.generation = generation;
        self.sessions_ended = ended;
    }

    /// Which customer the kiosk is serving: a reply to a call made under another
    /// generation belongs to someone gone (home was pressed, the kiosk reset) and must
    /// not come back on screen or into memory.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// How many customer sessions have ended.
    pub fn sessions_ended(&self) -> u64 {
        self.sessions_ended
    }

    fn go(&mut self, screen: Screen) {
        if self.screen != screen && !matches!(self.screen, Screen::Busy | Screen::Message) {
            self.history.push(self.screen);
        }
        self.screen = screen;
    }

    fn busy(&mut self, call: Call) -> Option<Call> {
        self.go(Screen::Busy);
        Some(call)
    }

    /// Shows a result screen, which goes home by itself after a while.
    fn show_result(&mut self, screen: Screen) {
        self.screen = screen;
        self.idle = 0;
    }

    /// A touch anywhere: the customer is still here.
    pub fn touch(&mut self) {
        self.idle = 0;
        self.countdown = None;
    }

    /// Called once a second. Starts the reset countdown after the idle time, resets
    /// when it runs out, and leaves result screens after their time. While a waiting
    /// ticket is on show it is read again every few seconds, so the counter appears
    /// when the customer is called.
    pub fn tick(&mut self) -> Option<Call> {
        if self.screen == Screen::Home && self.countdown.is_none() {
            // Someone chose English and walked away: the next customer gets the first
            // language again.
            self.idle = if self.language_changed { self.idle + 1 } else { 0 };
            if self.idle >= self.timing.idle_after {
                self.reset();
            }
            return None;
        }
        self.idle += 1;
        let refresh = self.refresh_ticket();
        if self.on_result_screen() && self.idle >= self.timing.result_screen {
            self.reset();
            return None;
        }
        if self.idle >= self.timing.idle_after {
            let left = (self.timing.idle_after + self.timing.countdown).saturating_sub(self.idle);
            if left == 0 {
                self.reset();
                return None;
            }
            self.countdown = Some(left);
        }
        refresh
    }

    /// Seconds between two reads of a waiting ticket on show.
    pub const TICKET_REFRESH_SECS: u32 = 5;

    fn refresh_ticket(&mut self) -> Option<Call> {
        let ticket = self.ticket.as_ref().filter(|t| self.screen == Screen::Ticket && t.counter == 0)?;
        if self.refreshing || !self.idle.is_multiple_of(Self::TICKET_REFRESH_SECS) {
            return None;
        }
        let call = Call::RefreshTicket { number: ticket.number.clone() };
        self.refreshing = true;
        Some(call)
    }

    /// When the appointment the message on show speaks of starts ("您的预约是明天 09:30").
    pub fn message_when(&self) -> Option<DateTime<Utc>> {
        self.failure.and_then(Failure::appointment_start)
    }

    /// True when an appointment customer came before the time they are called first:
    /// they are told when their appointment is.
    pub fn early_for(&self, ticket: &TicketView) -> bool {
        ticket.priority_from.is_some_and(|from| self.now() < from)
    }
}
