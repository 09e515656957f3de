//! What the customer does: the buttons of every screen, and the server's replies. A
//! fixed-length entry (a plate that can only be complete, the last four digits, a
//! code, a phone) goes on by itself with its last key; the "next" key beside the keys
//! does the same earlier (a 7-character plate that might have been a new-energy one).

use super::calls::{Call, Reply};
use super::cancel::CancelFlow;
use super::controller::Controller;
use super::entry::Entry;
use super::screens::{Flow, Screen};
use super::session::Session;
use super::steps::Next;
use crate::input::{Pad, PlateInput};

impl Controller {
    /// A home-screen button.
    pub fn start(&mut self, flow: Flow) -> Option<Call> {
        self.start_with(flow, None)
    }

    fn start_with(&mut self, flow: Flow, plate: Option<PlateInput>) -> Option<Call> {
        self.clear();
        self.touch();
        self.session = Session::start(flow, plate);
        matches!(flow, Flow::WalkIn | Flow::Booking).then_some(Call::ServiceTypes)
    }

    /// The pad of the entry on show; none while waiting or showing a message.
    fn pad(&mut self) -> Option<&mut dyn Pad> {
        if matches!(self.session.screen(), Screen::Busy | Screen::Message) {
            return None;
        }
        self.session.state_mut()?.pad()
    }

    /// A key of the pad on show (plate, digits or code). The key that completes a
    /// fixed-length entry goes on at once.
    pub fn key(&mut self, key: &str) -> Option<Call> {
        self.touch();
        let pad = self.pad()?;
        let before = pad.typed();
        pad.key(key);
        let completed = pad.typed() != before && pad.is_complete();
        if completed { self.proceed() } else { None }
    }

    /// The pad's backspace.
    pub fn backspace(&mut self) {
        self.touch();
        if let Some(pad) = self.pad() {
            pad.back();
        }
    }

    /// The 新能源 key of the plate pad: an 8-character plate is expected, or no longer
    /// (a plate that is then complete goes on).
    pub fn new_energy(&mut self) -> Option<Call> {
        self.touch();
        if !matches!(self.entry(), Some(Entry::Plate(_))) {
            return None;
        }
        let pad = self.pad()?;
        pad.toggle_new_energy();
        if pad.is_complete() { self.proceed() } else { None }
    }

    /// The "next" / "confirm" button.
    pub fn proceed(&mut self) -> Option<Call> {
        self.touch();
        if !self.can_continue() {
            return None;
        }
        let next = self.session.state_mut()?.proceed(&self.clock);
        self.finish(next)
    }

    /// The service chosen.
    pub fn choose_service(&mut self, code: &str) -> Option<Call> {
        self.touch();
        let next = match &mut self.session {
            Session::WalkIn(walk_in) => walk_in.choose_service(code, &self.clock),
            Session::Booking(booking) => booking.choose_service(code, &self.clock),
            _ => Next::Stay,
        };
        self.finish(next)
    }

    /// The day chosen (index into the days offered).
    pub fn choose_day(&mut self, index: usize) -> Option<Call> {
        self.touch();
        let Session::Booking(booking) = &mut self.session else { return None };
        let next = booking.choose_day(index);
        self.finish(next)
    }

    /// The slot chosen (index into the slots of the day); full slots cannot be chosen.
    pub fn choose_slot(&mut self, index: usize) {
        self.touch();
        if let Session::Booking(booking) = &mut self.session {
            booking.choose_slot(index);
        }
    }

    /// A surname tapped: chosen, or (tapped again) taken back. "Next" checks in.
    pub fn choose_surname(&mut self, surname: &str) {
        self.touch();
        if let Session::WalkIn(walk_in) = &mut self.session {
            walk_in.choose_surname(surname);
        }
    }

    /// "Skip" on the surname screen: check in without one.
    pub fn skip_surname(&mut self) -> Option<Call> {
        self.touch();
        let Session::WalkIn(walk_in) = &mut self.session else { return None };
        let next = walk_in.skip_surname(&self.clock);
        self.finish(next)
    }

    /// One of the car's appointments chosen for cancelling (index into the appointments
    /// found by plate).
    pub fn choose_appointment(&mut self, index: usize) {
        self.touch();
        if let Session::Cancel(CancelFlow::ByPlate(by_plate)) = &mut self.session {
            by_plate.choose_appointment(index);
        }
    }

    /// "New customer? Enter your full mobile number", while the server is unreachable:
    /// a plate not on file needs the whole number.
    pub fn new_customer(&mut self) {
        self.touch();
        if let Session::WalkIn(walk_in) = &mut self.session {
            walk_in.new_customer();
        }
    }

    /// "Lost the code?" on the cancel flow's code screen: find the booking by plate
    /// and the last four digits instead.
    pub fn forgot_code(&mut self) {
        self.touch();
        if let Session::Cancel(cancel) = &mut self.session {
            cancel.forgot_code();
        }
    }

    /// The "back" button: the screen before, or home. Leaving a wait for the server
    /// drops its reply.
    pub fn back(&mut self) {
        self.touch();
        if self.session.screen() == Screen::Busy {
            self.generation += 1;
        }
        if !self.session.back() {
            // Back from a flow's first screen: home, everything forgotten, but the same
            // customer (their language stays).
            self.clear();
        }
    }

    /// "Try again" after a message: back to the entry that was sent, emptied, so the
    /// customer types it afresh instead of deleting the wrong digits one by one; after a
    /// slot that went meanwhile, the day's slots as they are now.
    pub fn retry(&mut self) -> Option<Call> {
        self.touch();
        let Some(flow) = self.session.state_mut() else {
            self.back();
            return None;
        };
        let next = flow.retry(&self.clock);
        self.finish(next)
    }

    /// After a "no appointment today" message: check in as a walk-in with the plate kept
    /// (after a booking code, which names no plate, the plate is asked for first).
    pub fn switch_to_walk_in(&mut self) -> Option<Call> {
        self.touch();
        let plate = self.entries().into_iter().find_map(|e| match e {
            Entry::Plate(plate) => Some(plate.clone()),
            _ => None,
        });
        self.start_with(Flow::WalkIn, plate)
    }

    /// A reply from the driver; it may lead to another call.
    pub fn receive(&mut self, reply: Reply) -> Option<Call> {
        match reply {
            // An empty list means the server could not say; keep what we know.
            Reply::ServiceTypes(list) => {
                if !list.is_empty() {
                    self.services = list;
                }
                None
            }
            Reply::TicketNow(now) => {
                if let Session::Done(done) = &mut self.session {
                    done.ticket_now(now);
                }
                None
            }
            reply => {
                let next = self.session.state_mut()?.receive(reply, &self.clock);
                self.finish(next)
            }
        }
    }
}
