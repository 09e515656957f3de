//! The kiosk's flows as a state machine that knows nothing of Slint or the network:
//! a button press changes the state and may return a [`Call`] for the driver to make;
//! the driver's [`Reply`] moves the state on. Tested without a window.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::input::{CodeInput, DigitInput, PlateInput};
use crate::views::{IdentifiedView, ServiceChoice, SlotChoice, TicketView, booking_days};

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
    /// 取消预约.
    Cancel,
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
    /// The appointment found, to confirm the check-in.
    ConfirmAppointment,
    /// The booking, to confirm.
    ConfirmBooking,
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
    /// Kept offline: registered, ask at the desk.
    Queued,
    /// A message (an error in the customer's words).
    Message,
}

/// A check-in as the kiosk sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckInInput {
    /// Idempotency key, kept across retries and the outbox.
    pub request_id: String,
    /// Plate (appointment by plate, walk-ins).
    pub plate: String,
    /// Last four digits (appointment by plate).
    pub last4: String,
    /// Confirmation code (appointment by code).
    pub code: String,
    /// Service (walk-ins).
    pub service: String,
    /// Full phone (new walk-in customers).
    pub phone: String,
    /// Surname (new walk-in customers).
    pub surname: String,
    /// When the customer pressed confirm.
    pub at: DateTime<Utc>,
    /// The request id of an earlier check-in of this customer kept offline without a
    /// phone, which this one (with the phone) replaces in the outbox.
    pub replaces: Option<String>,
}

/// A booking as the kiosk sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookInput {
    /// Idempotency key.
    pub request_id: String,
    /// Plate.
    pub plate: String,
    /// Phone.
    pub phone: String,
    /// Service.
    pub service: String,
    /// Slot.
    pub slot_start: DateTime<Utc>,
    /// When the customer pressed confirm.
    pub at: DateTime<Utc>,
}

/// A call to the server the driver makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Call {
    /// The service types.
    ServiceTypes,
    /// Plate + last four.
    Identify {
        /// Plate.
        plate: String,
        /// Last four.
        last4: String,
    },
    /// A check-in.
    CheckIn(CheckInInput),
    /// A check-in to keep in the outbox at once: the server was just found unreachable.
    KeepCheckIn(CheckInInput),
    /// The ticket on show, again: has it been called?
    RefreshTicket {
        /// Its number.
        number: String,
    },
    /// The slots of a day.
    Slots {
        /// Service.
        service: String,
        /// Day.
        date: NaiveDate,
    },
    /// A booking.
    Book(BookInput),
    /// A cancellation.
    Cancel {
        /// Code.
        code: String,
        /// Last four.
        last4: String,
    },
}

/// What came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// Service types.
    ServiceTypes(Vec<ServiceChoice>),
    /// The vehicle, or `None` for no match.
    Identified(Option<IdentifiedView>),
    /// A ticket.
    Ticket(TicketView),
    /// The ticket on show as it stands now; `None` when it could not be read.
    TicketNow(Option<TicketView>),
    /// Slots.
    Slots(Vec<SlotChoice>),
    /// Booked with this code.
    Booked(String),
    /// Cancelled.
    Cancelled,
    /// The server could not be reached; the request waits in the outbox.
    Queued,
    /// Failed, with a message key (an ErrorReason code or SERVER_DOWN, NO_MATCH…).
    Failed(String),
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
    /// The surname chosen (optional).
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
    /// The ticket.
    pub ticket: Option<TicketView>,
    /// The booking's code.
    pub booked_code: Option<String>,
    /// The message key on show.
    pub message: Option<String>,
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
    /// A walk-in kept offline without a phone: its request id, to be replaced.
    offline_walk_in: Option<String>,
    /// True once this lookup was kept offline (so a failure to keep it does not loop).
    kept_offline: bool,
    /// True while a read of the ticket on show is under way.
    refreshing: bool,
    /// True when the customer chose the other language; an idle home screen then goes
    /// back to the first one.
    pub language_changed: bool,
    /// True while asking for the phone because the server is unreachable.
    pub offline: bool,
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

/// The four standard service types, offered until the server's list arrives (so a
/// walk-in can still be kept offline when the server is down).
pub fn default_services() -> Vec<ServiceChoice> {
    [
        ("maintenance", "保养", "Maintenance"),
        ("repair", "维修", "Repair"),
        ("body_paint", "钣喷/保险理赔", "Body & paint / claim"),
        ("warranty", "保修索赔", "Warranty"),
    ]
    .into_iter()
    .map(|(code, zh, en)| ServiceChoice { code: code.into(), name_zh: zh.into(), name_en: en.into() })
    .collect()
}

fn fresh_request_id() -> String {
    let mut bytes = [0u8; 12];
    // Without randomness the id still differs by time; collisions across kiosks are then
    // still prevented by the kiosk's prefix in practice.
    if getrandom::fill(&mut bytes).is_err() {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos();
        bytes[..12].copy_from_slice(&nanos.to_le_bytes()[..12]);
    }
    format!("kiosk-{}", hex::encode(bytes))
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
            ticket: None,
            booked_code: None,
            message: None,
            countdown: None,
            history: Vec::new(),
            generation: 0,
            sessions_ended: 0,
            pending_request: None,
            offline_walk_in: None,
            kept_offline: false,
            refreshing: false,
            language_changed: false,
            offline: false,
            idle: 0,
            timing,
            zone,
            now,
        }
    }

    /// Today in the store's zone.
    pub fn today(&self) -> NaiveDate {
        (self.now)().with_timezone(&self.zone).date_naive()
    }

    /// The store's zone.
    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// Seconds left before a result screen goes home by itself.
    pub fn result_seconds_left(&self) -> Option<u32> {
        let result = matches!(
            self.screen,
            Screen::Ticket | Screen::Booked | Screen::Progress | Screen::Cancelled | Screen::Queued
        );
        result.then(|| self.timing.result_screen.saturating_sub(self.idle))
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
        let result = matches!(
            self.screen,
            Screen::Ticket | Screen::Booked | Screen::Progress | Screen::Cancelled | Screen::Queued
        );
        if result && self.idle >= self.timing.result_screen {
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

    /// A home-screen button.
    pub fn start(&mut self, flow: Flow) -> Option<Call> {
        self.clear();
        self.touch();
        self.flow = Some(flow);
        match flow {
            Flow::AppointmentByCode | Flow::Cancel => self.go(Screen::Code),
            _ => self.go(Screen::Plate),
        }
        matches!(flow, Flow::WalkIn | Flow::Booking).then_some(Call::ServiceTypes)
    }

    /// A key of the pad on show (plate, digits or code).
    pub fn key(&mut self, key: &str) {
        self.touch();
        match self.screen {
            Screen::Plate => self.plate.key(key),
            Screen::Last4 => self.last4.key(key),
            Screen::Phone => self.phone.key(key),
            Screen::Code => self.code.key(key),
            _ => {}
        }
    }

    /// The pad's backspace.
    pub fn backspace(&mut self) {
        self.touch();
        match self.screen {
            Screen::Plate => self.plate.back(),
            Screen::Last4 => self.last4.back(),
            Screen::Phone => self.phone.back(),
            Screen::Code => self.code.back(),
            _ => {}
        }
    }

    /// True when the screen's input is complete, so "next" is enabled.
    pub fn can_continue(&self) -> bool {
        match self.screen {
            Screen::Plate => self.plate.is_valid(),
            Screen::Last4 => self.last4.is_last4(),
            Screen::Phone => self.phone.is_phone(),
            Screen::Code => self.code.is_valid(),
            Screen::Surname | Screen::ConfirmAppointment | Screen::ConfirmBooking => true,
            _ => false,
        }
    }

    /// The service chosen.
    pub fn choose_service(&mut self, code: &str) -> Option<Call> {
        self.touch();
        self.service = Some(code.to_owned());
        match self.flow {
            Some(Flow::WalkIn) => self.check_in_walk_in(),
            Some(Flow::Booking) => {
                self.days = booking_days(self.today());
                self.go(Screen::Day);
                None
            }
            _ => None,
        }
    }

    /// The day chosen (index into `days`).
    pub fn choose_day(&mut self, index: usize) -> Option<Call> {
        self.touch();
        let (Some(day), Some(service)) = (self.days.get(index).copied(), self.service.clone()) else { return None };
        self.day = Some(day);
        self.busy(Call::Slots { service, date: day })
    }

    /// The slot chosen (index into `slots`); full slots cannot be chosen.
    pub fn choose_slot(&mut self, index: usize) {
        self.touch();
        if let Some(slot) = self.slots.get(index).filter(|s| s.bookable) {
            self.slot = Some(slot.start);
            self.go(Screen::ConfirmBooking);
        }
    }

    /// The surname chosen; empty to skip.
    pub fn choose_surname(&mut self, surname: &str) -> Option<Call> {
        self.touch();
        self.surname = surname.chars().take(2).collect();
        self.check_in_walk_in()
    }

    fn check_in_walk_in(&mut self) -> Option<Call> {
        let request_id = fresh_request_id();
        let input = CheckInInput {
            request_id: request_id.clone(),
            plate: self.plate.text().to_owned(),
            service: self.service.clone().unwrap_or_default(),
            phone: self.phone.text().to_owned(),
            surname: self.surname.clone(),
            replaces: self.offline_walk_in.clone(),
            ..self.blank_check_in()
        };
        self.pending_request = Some(request_id);
        self.busy(Call::CheckIn(input))
    }

    fn blank_check_in(&self) -> CheckInInput {
        CheckInInput {
            request_id: String::new(),
            plate: String::new(),
            last4: String::new(),
            code: String::new(),
            service: String::new(),
            phone: String::new(),
            surname: String::new(),
            at: (self.now)(),
            replaces: None,
        }
    }

    /// The "next" / "confirm" button.
    pub fn proceed(&mut self) -> Option<Call> {
        self.touch();
        if !self.can_continue() {
            return None;
        }
        let flow = self.flow?;
        match (self.screen, flow) {
            (Screen::Plate, Flow::Appointment | Flow::MyCar) => self.go(Screen::Last4),
            (Screen::Plate, Flow::WalkIn) => self.go(Screen::Service),
            (Screen::Plate, Flow::Booking) => self.go(Screen::Phone),
            (Screen::Last4, Flow::Appointment | Flow::MyCar) => {
                let call = Call::Identify { plate: self.plate.text().to_owned(), last4: self.last4.text().to_owned() };
                return self.busy(call);
            }
            (Screen::Last4, Flow::Cancel) => {
                let call = Call::Cancel { code: self.code.text().to_owned(), last4: self.last4.text().to_owned() };
                return self.busy(call);
            }
            (Screen::Code, Flow::AppointmentByCode) => {
                let input = CheckInInput {
                    request_id: fresh_request_id(),
                    code: self.code.text().to_owned(),
                    ..self.blank_check_in()
                };
                return self.busy(Call::CheckIn(input));
            }
            (Screen::Code, Flow::Cancel) => self.go(Screen::Last4),
            (Screen::Phone, Flow::Booking) => self.go(Screen::Service),
            (Screen::Phone, Flow::WalkIn) => self.go(Screen::Surname),
            (Screen::Surname, Flow::WalkIn) => return self.check_in_walk_in(),
            (Screen::ConfirmAppointment, _) => {
                let input = CheckInInput {
                    request_id: fresh_request_id(),
                    plate: self.plate.text().to_owned(),
                    last4: self.last4.text().to_owned(),
                    ..self.blank_check_in()
                };
                return self.busy(Call::CheckIn(input));
            }
            (Screen::ConfirmBooking, Flow::Booking) => {
                let request_id = self.pending_request.get_or_insert_with(fresh_request_id).clone();
                let input = BookInput {
                    request_id,
                    plate: self.plate.text().to_owned(),
                    phone: self.phone.text().to_owned(),
                    service: self.service.clone().unwrap_or_default(),
                    slot_start: self.slot?,
                    at: (self.now)(),
                };
                return self.busy(Call::Book(input));
            }
            _ => {}
        }
        None
    }

    /// The "back" button: the screen before, or home. Leaving a wait for the server
    /// drops its reply.
    pub fn back(&mut self) {
        self.touch();
        self.message = None;
        if self.screen == Screen::Busy {
            self.generation += 1;
        }
        match self.history.pop() {
            Some(screen) if screen != Screen::Home => self.screen = screen,
            // Back from a flow's first screen: home, everything forgotten, but the same
            // customer (their language stays).
            _ => self.clear(),
        }
    }

    /// After a "no appointment today" message: check in as a walk-in with the plate kept
    /// (after a booking code, which names no plate, the plate is asked for first).
    pub fn switch_to_walk_in(&mut self) -> Option<Call> {
        self.touch();
        let plate = self.plate.clone();
        let call = self.start(Flow::WalkIn);
        if plate.is_valid() {
            self.plate = plate;
            self.go(Screen::Service);
        }
        call
    }

    fn fail(&mut self, key: &str) {
        self.message = Some(key.to_owned());
        self.screen = Screen::Message;
    }

    /// A reply from the driver; it may lead to another call.
    pub fn receive(&mut self, reply: Reply) -> Option<Call> {
        match reply {
            Reply::ServiceTypes(list) => {
                // An empty list means the server could not say; keep what we know.
                if !list.is_empty() {
                    self.services = list;
                }
            }
            Reply::Identified(None) => self.fail("NO_MATCH"),
            // The server is down at the appointment lookup: keep a check-in by plate and
            // last four digits, which the server resolves to today's appointment later.
            Reply::Failed(key) if key == "SERVER_DOWN" && self.identifying_appointment() && !self.kept_offline => {
                self.kept_offline = true;
                let input = CheckInInput {
                    request_id: fresh_request_id(),
                    plate: self.plate.text().to_owned(),
                    last4: self.last4.text().to_owned(),
                    ..self.blank_check_in()
                };
                return Some(Call::KeepCheckIn(input));
            }
            Reply::Identified(Some(found)) => self.identified_vehicle(found),
            Reply::Ticket(ticket) => {
                self.offline_walk_in = None;
                self.ticket = Some(ticket);
                self.screen = Screen::Ticket;
                self.idle = 0;
            }
            Reply::TicketNow(now) => {
                self.refreshing = false;
                // A called ticket stays called: an older read never takes the counter away.
                if let Some(now) = now
                    && self.screen == Screen::Ticket
                    && let Some(shown) = self.ticket.as_mut().filter(|t| t.number == now.number && t.counter == 0)
                {
                    *shown = TicketView { existing: shown.existing, ..now };
                }
            }
            Reply::Slots(slots) => {
                self.slots = slots;
                self.screen = Screen::Slot;
            }
            Reply::Booked(code) => {
                self.booked_code = Some(code);
                self.screen = Screen::Booked;
                self.idle = 0;
            }
            Reply::Cancelled => {
                self.screen = Screen::Cancelled;
                self.idle = 0;
            }
            // A walk-in kept offline without a phone may be a new customer, whom the server
            // cannot register without one: ask for it now, while the customer is here.
            Reply::Queued if self.flow == Some(Flow::WalkIn) && self.phone.text().is_empty() => {
                self.offline_walk_in = self.pending_request.take();
                self.offline = true;
                self.screen = Screen::Phone;
            }
            Reply::Queued => {
                self.offline_walk_in = None;
                self.screen = Screen::Queued;
                self.idle = 0;
            }
            Reply::Failed(key) if key == "PHONE_REQUIRED" && self.flow == Some(Flow::WalkIn) => {
                self.screen = Screen::Phone;
            }
            Reply::Failed(key) => self.fail(&key),
        }
        None
    }

    fn identifying_appointment(&self) -> bool {
        self.flow == Some(Flow::Appointment) && self.screen == Screen::Busy && self.identified.is_none()
    }

    fn identified_vehicle(&mut self, found: IdentifiedView) {
        let flow = self.flow;
        let today = self.today().to_string();
        let has_today = found.appointments.iter().any(|a| a.local_date == today);
        let has_progress = found.progress.is_some();
        self.identified = Some(found);
        match flow {
            Some(Flow::Appointment) if has_today => self.screen = Screen::ConfirmAppointment,
            Some(Flow::Appointment) => self.fail("NO_APPOINTMENT_TODAY"),
            Some(Flow::MyCar) if has_progress => {
                self.screen = Screen::Progress;
                self.idle = 0;
            }
            Some(Flow::MyCar) => self.fail("NO_OPEN_VISIT"),
            _ => self.screen = Screen::Home,
        }
    }
}
