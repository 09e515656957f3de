//! What the server answers, and where it leads.

use frontdesk_proto::ErrorReason;

use super::{Call, Controller, Failure, Flow, Reply, Screen};
use crate::views::{IdentifiedView, TicketView};

impl Controller {
    fn fail(&mut self, failure: Failure) {
        self.failure = Some(failure);
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
            // (The check-in had proved the customer: what it told of the repair will do.)
            Reply::Identified(None) if self.workshop.is_some() => {
                self.progress = self.workshop.take();
                self.show_result(Screen::Progress);
            }
            Reply::Identified(None) => self.fail(Failure::NoMatch),
            Reply::Identified(Some(found)) => self.identified_vehicle(found),
            Reply::Ticket(ticket) => {
                self.offline_walk_in = None;
                self.ticket = Some(ticket);
                self.show_result(Screen::Ticket);
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
                self.show_result(Screen::Booked);
            }
            Reply::CancelPreview(appointment) => {
                self.cancelling = Some(appointment);
                self.screen = Screen::ConfirmCancel;
            }
            Reply::Cancelled(appointment) => {
                self.cancelling = Some(appointment);
                self.show_result(Screen::Cancelled);
            }
            Reply::Queued(number) => self.queued(number),
            Reply::InWorkshop(progress) => return self.in_the_workshop(progress),
            // No appointment for this plate and these digits today: the lookup tells a
            // wrong number from an appointment on another day.
            Reply::Failed(Failure::Reason(ErrorReason::AppointmentNotFound))
                if self.flow == Some(Flow::Appointment) =>
            {
                let call = Call::Identify { plate: self.plate.text().to_owned(), last4: self.last4.text().to_owned() };
                return Some(call);
            }
            Reply::Failed(Failure::Reason(ErrorReason::PhoneRequired)) if self.flow == Some(Flow::WalkIn) => {
                self.screen = Screen::Phone;
            }
            // The history of a repair could not be read: what the check-in told will do.
            Reply::Failed(_) if self.workshop.is_some() && self.screen == Screen::Busy => {
                self.progress = self.workshop.take();
                self.show_result(Screen::Progress);
            }
            Reply::Failed(failure) => self.fail(failure),
        }
        None
    }

    /// Kept in the outbox. A walk-in kept with neither digits nor phone may be a new
    /// customer, whom the server cannot register without the phone, or one on file, for
    /// whom the last four digits do (as online, where a plate on file needs nothing
    /// more): ask for the digits now, while the customer is here, with a way to give
    /// the whole number instead.
    fn queued(&mut self, number: String) {
        let bare = self.last4.text().is_empty() && self.phone.text().is_empty();
        if self.flow == Some(Flow::WalkIn) && bare && self.offline_walk_in.is_none() {
            self.offline_walk_in = self.pending_request.take().map(|id| (id, number));
            self.offline = true;
            self.go(Screen::Last4);
            return;
        }
        self.offline_walk_in = None;
        self.provisional = Some(number);
        self.show_result(Screen::Queued);
    }

    /// A check-in refused because the car is in the workshop: its repair progress
    /// instead of a ticket. With the plate and the digits the lookup adds when each
    /// stage was reached; a bare plate (a walk-in) asks for the digits first.
    fn in_the_workshop(&mut self, progress: Option<crate::views::ProgressView>) -> Option<Call> {
        let digits = !self.plate.text().is_empty() && self.last4.is_last4();
        match progress {
            Some(progress) if digits => {
                self.workshop = Some(progress);
                Some(Call::Identify { plate: self.plate.text().to_owned(), last4: self.last4.text().to_owned() })
            }
            Some(progress) => {
                self.progress = Some(progress);
                self.show_result(Screen::Progress);
                None
            }
            None => {
                self.in_workshop = true;
                self.last4.clear();
                self.go(Screen::Last4);
                None
            }
        }
    }

    fn identified_vehicle(&mut self, found: IdentifiedView) {
        let flow = self.flow;
        let today = self.today().to_string();
        let next = found.appointments.iter().find(|a| a.local_date != today).map(|a| a.start);
        let has_appointments = !found.appointments.is_empty();
        let progress = found.progress.clone().or_else(|| self.workshop.take());
        self.identified = Some(found);
        if progress.is_some() && flow != Some(Flow::CancelByPlate) {
            self.progress = progress;
            self.show_result(Screen::Progress);
            return;
        }
        match flow {
            Some(Flow::Appointment) => match next {
                Some(start) => self.fail(Failure::NotToday(Some(start))),
                None => self.fail(Failure::NoAppointmentToday),
            },
            Some(Flow::MyCar | Flow::WalkIn) => self.fail(Failure::NoOpenVisit),
            Some(Flow::CancelByPlate) if !has_appointments => self.fail(Failure::NoBookedAppointment),
            Some(Flow::CancelByPlate) => {
                let only = self.identified.as_ref().filter(|i| i.appointments.len() == 1);
                if let Some(appointment) = only.map(|i| i.appointments[0].clone()) {
                    self.cancelling = Some(appointment);
                    self.go(Screen::ConfirmCancel);
                } else {
                    self.go(Screen::ChooseAppointment);
                }
            }
            _ => self.screen = Screen::Home,
        }
    }
}
