//! What the customer does: the buttons of every screen. Fixed-length entries (a
//! plate that can only be complete, the last four digits, a code, a phone) go on by
//! themselves with their last key; the "next" key beside the keys does the same
//! earlier (a 7-character plate that might have been a new-energy one).

use super::calls::fresh_request_id;
use super::{BookInput, Call, CheckInInput, Controller, Failure, Flow, Screen};
use crate::views::booking_days;

impl Controller {
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

    /// A key of the pad on show (plate, digits or code). The key that completes a
    /// fixed-length entry goes on at once.
    pub fn key(&mut self, key: &str) -> Option<Call> {
        self.touch();
        let before = self.entry_len();
        match self.screen {
            Screen::Plate => self.plate.key(key),
            Screen::Last4 => self.last4.key(key),
            Screen::Phone => self.phone.key(key),
            Screen::Code => self.code.key(key),
            _ => {}
        }
        (self.entry_len() != before && self.entry_complete()).then(|| self.proceed()).flatten()
    }

    fn entry_len(&self) -> usize {
        match self.screen {
            Screen::Plate => self.plate.text().chars().count(),
            Screen::Last4 => self.last4.text().len(),
            Screen::Phone => self.phone.text().len(),
            Screen::Code => self.code.text().len(),
            _ => 0,
        }
    }

    /// True when the entry on show can hold nothing more.
    fn entry_complete(&self) -> bool {
        match self.screen {
            Screen::Plate => self.plate.is_complete(),
            Screen::Last4 => self.last4.is_last4(),
            Screen::Phone => self.phone.is_phone(),
            Screen::Code => self.code.is_valid(),
            _ => false,
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

    /// The 新能源 key of the plate pad: an 8-character plate is expected, or no longer
    /// (a plate that is then complete goes on).
    pub fn new_energy(&mut self) -> Option<Call> {
        self.touch();
        if self.screen != Screen::Plate {
            return None;
        }
        self.plate.toggle_new_energy();
        if self.plate.is_complete() { self.proceed() } else { None }
    }

    /// True when the screen's input is complete, so "next" is enabled.
    pub fn can_continue(&self) -> bool {
        match self.screen {
            Screen::Plate => self.plate.is_valid(),
            Screen::Last4 => self.last4.is_last4(),
            Screen::Phone => self.phone.is_phone(),
            Screen::Code => self.code.is_valid(),
            Screen::Surname | Screen::ConfirmBooking | Screen::ConfirmCancel => true,
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

    /// A surname tapped: chosen, or (tapped again) taken back. "Next" checks in.
    pub fn choose_surname(&mut self, surname: &str) {
        self.touch();
        let surname: String = surname.chars().take(2).collect();
        self.surname = if self.surname == surname { String::new() } else { surname };
    }

    /// "Skip" on the surname screen: check in without one.
    pub fn skip_surname(&mut self) -> Option<Call> {
        self.touch();
        self.surname.clear();
        self.check_in_walk_in()
    }

    /// One of the car's appointments chosen for cancelling (index into the appointments
    /// found by plate).
    pub fn choose_appointment(&mut self, index: usize) {
        self.touch();
        let chosen = self.identified.as_ref().and_then(|i| i.appointments.get(index)).cloned();
        if let Some(appointment) = chosen {
            self.cancelling = Some(appointment);
            self.go(Screen::ConfirmCancel);
        }
    }

    /// "New customer? Enter your full mobile number", while the server is unreachable:
    /// a plate not on file needs the whole number.
    pub fn new_customer(&mut self) {
        self.touch();
        if self.screen == Screen::Last4 && self.offline {
            self.last4.clear();
            self.go(Screen::Phone);
        }
    }

    /// "Lost the code?" on the cancel flow's code screen: find the booking by plate
    /// and the last four digits instead.
    pub fn forgot_code(&mut self) {
        self.touch();
        if self.flow == Some(Flow::Cancel) && self.screen == Screen::Code {
            self.code.clear();
            self.flow = Some(Flow::CancelByPlate);
            self.go(Screen::Plate);
        }
    }

    fn check_in_walk_in(&mut self) -> Option<Call> {
        let request_id = fresh_request_id();
        let (replaces, provisional) = self.offline_walk_in.clone().unzip();
        let input = CheckInInput {
            request_id: request_id.clone(),
            plate: self.plate.text().to_owned(),
            last4: self.last4.text().to_owned(),
            service: self.service.clone().unwrap_or_default(),
            phone: self.phone.text().to_owned(),
            surname: self.surname.clone(),
            replaces,
            provisional,
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
            at: self.now(),
            replaces: None,
            provisional: None,
        }
    }

    fn identify(&mut self) -> Option<Call> {
        let call = Call::Identify { plate: self.plate.text().to_owned(), last4: self.last4.text().to_owned() };
        self.busy(call)
    }

    /// The "next" / "confirm" button.
    pub fn proceed(&mut self) -> Option<Call> {
        self.touch();
        if !self.can_continue() {
            return None;
        }
        let flow = self.flow?;
        match (self.screen, flow) {
            (Screen::Plate, Flow::Appointment | Flow::MyCar | Flow::CancelByPlate) => self.go(Screen::Last4),
            (Screen::Plate, Flow::WalkIn) => self.go(Screen::Service),
            (Screen::Plate, Flow::Booking) => self.go(Screen::Phone),
            (Screen::Last4, Flow::Appointment) => {
                let input = CheckInInput {
                    request_id: fresh_request_id(),
                    plate: self.plate.text().to_owned(),
                    last4: self.last4.text().to_owned(),
                    ..self.blank_check_in()
                };
                return self.busy(Call::CheckIn(input));
            }
            (Screen::Last4, Flow::MyCar | Flow::CancelByPlate) => return self.identify(),
            (Screen::Last4, Flow::WalkIn) if self.in_workshop => return self.identify(),
            (Screen::Last4, Flow::WalkIn) => return self.check_in_walk_in(),
            (Screen::Last4, Flow::Cancel) => {
                let call = Call::Cancel {
                    code: self.code.text().to_owned(),
                    last4: self.last4.text().to_owned(),
                    confirm: false,
                };
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
            (Screen::ConfirmBooking, Flow::Booking) => {
                let request_id = self.pending_request.get_or_insert_with(fresh_request_id).clone();
                let input = BookInput {
                    request_id,
                    plate: self.plate.text().to_owned(),
                    phone: self.phone.text().to_owned(),
                    service: self.service.clone().unwrap_or_default(),
                    slot_start: self.slot?,
                    at: self.now(),
                };
                return self.busy(Call::Book(input));
            }
            (Screen::ConfirmCancel, Flow::Cancel | Flow::CancelByPlate) => {
                let code = self.cancelling.as_ref()?.code.clone();
                return self.busy(Call::Cancel { code, last4: self.last4.text().to_owned(), confirm: true });
            }
            _ => {}
        }
        None
    }

    /// The "back" button: the screen before, or home. Leaving a wait for the server
    /// drops its reply.
    pub fn back(&mut self) {
        self.touch();
        self.failure = None;
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

    /// "Try again" after a message: back to the entry that was sent, emptied, so the
    /// customer types it afresh instead of deleting the wrong digits one by one; after a
    /// slot that went meanwhile, the day's slots as they are now.
    pub fn retry(&mut self) -> Option<Call> {
        let slot_gone = self.failure.is_some_and(Failure::slot_gone);
        self.back();
        if slot_gone && let (Some(day), Some(service)) = (self.day, self.service.clone()) {
            while self.screen != Screen::Slot && self.screen != Screen::Home {
                self.back();
            }
            self.slot = None;
            return self.busy(Call::Slots { service, date: day });
        }
        match self.screen {
            Screen::Plate => self.plate.clear(),
            Screen::Last4 => self.last4.clear(),
            Screen::Phone => self.phone.clear(),
            Screen::Code => self.code.clear(),
            _ => {}
        }
        None
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
}
