//! 直接到店: a walk-in by plate and service. A plate not on file asks for the whole
//! phone and an optional surname (the server says so: PHONE_REQUIRED); a car still in
//! the workshop asks the last four digits, to show its repair progress; a check-in kept
//! offline without digits or phone asks them now, while the customer is here.

use frontdesk_proto::ErrorReason;

use super::calls::{Call, CheckInInput, Reply};
use super::clock::Clock;
use super::entry::Entry;
use super::failure::Failure;
use super::lookup::repair_progress;
use super::outcome::Outcome;
use super::screens::{Flow, Screen};
use super::state::FlowState;
use super::steps::{Next, Steps};
use crate::input::{DigitInput, Pad, PlateInput};
use crate::views::{IdentifiedView, ProgressView};

/// A step of the walk-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WalkInStep {
    /// The plate pad.
    Plate,
    /// The service types.
    Service,
    /// The last four digits, and why they are asked.
    Last4(DigitsFor),
    /// The whole mobile number.
    Phone,
    /// The optional surname.
    Surname,
}

/// Why a walk-in is asked the last four digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigitsFor {
    /// The server could not be reached: for a customer on file they register the
    /// check-in kept offline (a new customer gives the whole number instead).
    Registering,
    /// The car is in the workshop: they show its repair progress.
    RepairProgress,
}

/// A check-in kept offline with neither digits nor phone: the one with them replaces it
/// in the outbox and keeps its provisional number.
#[derive(Debug, Clone, PartialEq, Eq)]
struct KeptBare {
    request_id: String,
    number: String,
}

/// A walk-in.
#[derive(Debug, Clone)]
pub struct WalkInFlow {
    plate: PlateInput,
    service: Option<String>,
    last4: DigitInput,
    phone: DigitInput,
    surname: String,
    steps: Steps<WalkInStep>,
    /// The request id of the check-in under way.
    sent: Option<String>,
    kept: Option<KeptBare>,
    /// What a refused check-in told of the car in the workshop.
    workshop: Option<ProgressView>,
}

impl WalkInFlow {
    /// At the plate pad, or (a plate already given, by an appointment of another day)
    /// at the services, the plate a step back.
    pub fn new(plate: Option<PlateInput>) -> Self {
        let mut flow = Self {
            plate: PlateInput::default(),
            service: None,
            last4: DigitInput::last4(),
            phone: DigitInput::mobile(),
            surname: String::new(),
            steps: Steps::first(WalkInStep::Plate),
            sent: None,
            kept: None,
            workshop: None,
        };
        if let Some(plate) = plate.filter(PlateInput::is_valid) {
            flow.plate = plate;
            flow.steps.go(WalkInStep::Service);
        }
        flow
    }

    /// The service chosen: check in.
    pub fn choose_service(&mut self, code: &str, clock: &Clock) -> Next {
        if self.steps.open() != Some(&WalkInStep::Service) {
            return Next::Stay;
        }
        self.service = Some(code.to_owned());
        self.check_in(clock)
    }

    /// A surname tapped: chosen, or (tapped again) taken back.
    pub fn choose_surname(&mut self, surname: &str) {
        let surname: String = surname.chars().take(2).collect();
        self.surname = if self.surname == surname { String::new() } else { surname };
    }

    /// "Skip" on the surname screen: check in without one.
    pub fn skip_surname(&mut self, clock: &Clock) -> Next {
        if self.steps.open() != Some(&WalkInStep::Surname) {
            return Next::Stay;
        }
        self.surname.clear();
        self.check_in(clock)
    }

    /// "New customer? Enter your full mobile number", while the server is unreachable:
    /// a plate not on file needs the whole number.
    pub fn new_customer(&mut self) {
        if self.steps.open() == Some(&WalkInStep::Last4(DigitsFor::Registering)) {
            self.last4.clear();
            self.steps.go(WalkInStep::Phone);
        }
    }

    /// The surname chosen.
    pub fn surname(&self) -> &str {
        &self.surname
    }

    /// True while the customer gives digits or phone for a check-in kept offline.
    pub fn offline(&self) -> bool {
        self.kept.is_some()
    }

    /// True while the customer gives the digits to see their car's repair progress.
    pub fn in_workshop(&self) -> bool {
        *self.steps.now() == WalkInStep::Last4(DigitsFor::RepairProgress)
    }

    fn check_in(&mut self, clock: &Clock) -> Next {
        let kept = self.kept.clone();
        let input = CheckInInput {
            plate: self.plate.text().to_owned(),
            last4: self.last4.text().to_owned(),
            service: self.service.clone().unwrap_or_default(),
            phone: self.phone.text().to_owned(),
            surname: self.surname.clone(),
            replaces: kept.as_ref().map(|k| k.request_id.clone()),
            provisional: kept.map(|k| k.number),
            ..CheckInInput::fresh(clock.now())
        };
        self.sent = Some(input.request_id.clone());
        self.steps.wait(Call::CheckIn(input))
    }

    fn identify(&mut self) -> Next {
        let call = Call::Identify { plate: self.plate.text().to_owned(), last4: self.last4.text().to_owned() };
        self.steps.wait(call)
    }

    /// Kept in the outbox. A walk-in kept with neither digits nor phone may be a new
    /// customer, whom the server cannot register without the phone, or one on file, for
    /// whom the last four digits do (as online, where a plate on file needs nothing
    /// more): ask for the digits now, with a way to give the whole number instead.
    fn queued(&mut self, number: String) -> Next {
        let bare = self.last4.text().is_empty() && self.phone.text().is_empty();
        if !bare || self.kept.is_some() {
            return Next::Done(Outcome::Queued(number));
        }
        self.kept = self.sent.take().map(|request_id| KeptBare { request_id, number });
        self.steps.go(WalkInStep::Last4(DigitsFor::Registering));
        Next::Stay
    }

    /// A check-in refused because the car is in the workshop: its repair progress
    /// instead of a ticket. With the digits the lookup adds when each stage was
    /// reached; a bare plate asks for the digits first.
    fn in_the_workshop(&mut self, progress: Option<ProgressView>) -> Next {
        match progress {
            Some(progress) if self.last4.is_last4() => {
                self.workshop = Some(progress);
                self.identify()
            }
            Some(progress) => Next::Done(Outcome::Progress(progress)),
            None => {
                self.last4.clear();
                self.steps.go(WalkInStep::Last4(DigitsFor::RepairProgress));
                Next::Stay
            }
        }
    }

    fn identified(&mut self, found: Option<IdentifiedView>) -> Next {
        match repair_progress(found.as_ref(), &mut self.workshop) {
            Some(progress) => Next::Done(Outcome::Progress(progress)),
            None if found.is_none() => self.steps.fail(Failure::NoMatch),
            None => self.steps.fail(Failure::NoOpenVisit),
        }
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
}

impl FlowState for WalkInFlow {
    fn flow(&self) -> Flow {
        Flow::WalkIn
    }

    fn screen(&self) -> Screen {
        self.steps.screen(|step| match step {
            WalkInStep::Plate => Screen::Plate,
            WalkInStep::Service => Screen::Service,
            WalkInStep::Last4(_) => Screen::Last4,
            WalkInStep::Phone => Screen::Phone,
            WalkInStep::Surname => Screen::Surname,
        })
    }

    fn entries(&self) -> Vec<Entry<'_>> {
        vec![Entry::Plate(&self.plate), Entry::Last4(&self.last4), Entry::Phone(&self.phone)]
    }

    fn entry(&self) -> Option<Entry<'_>> {
        match self.steps.now() {
            WalkInStep::Plate => Some(Entry::Plate(&self.plate)),
            WalkInStep::Last4(_) => Some(Entry::Last4(&self.last4)),
            WalkInStep::Phone => Some(Entry::Phone(&self.phone)),
            WalkInStep::Service | WalkInStep::Surname => None,
        }
    }

    fn pad(&mut self) -> Option<&mut dyn Pad> {
        match self.steps.now() {
            WalkInStep::Plate => Some(&mut self.plate),
            WalkInStep::Last4(_) => Some(&mut self.last4),
            WalkInStep::Phone => Some(&mut self.phone),
            WalkInStep::Service | WalkInStep::Surname => None,
        }
    }

    fn proceed(&mut self, clock: &Clock) -> Next {
        match self.steps.now() {
            WalkInStep::Plate => self.steps.go(WalkInStep::Service),
            WalkInStep::Phone => self.steps.go(WalkInStep::Surname),
            WalkInStep::Last4(DigitsFor::RepairProgress) => return self.identify(),
            WalkInStep::Last4(DigitsFor::Registering) | WalkInStep::Surname => return self.check_in(clock),
            WalkInStep::Service => {}
        }
        Next::Stay
    }

    fn receive(&mut self, reply: Reply, _clock: &Clock) -> Next {
        match reply {
            Reply::Ticket(ticket) => Next::Done(Outcome::ticket(ticket)),
            Reply::Queued(number) => self.queued(number),
            Reply::InWorkshop(progress) => self.in_the_workshop(progress),
            Reply::Identified(found) => self.identified(found),
            Reply::Failed(Failure::Reason(ErrorReason::PhoneRequired)) => {
                self.steps.go(WalkInStep::Phone);
                Next::Stay
            }
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
