//! What the screens show and the tests read: read-only views of the session, each with
//! the meaning the screen gives it (empty or `None` where the flow on show has none).

use chrono::{DateTime, NaiveDate, Utc};

use super::controller::Controller;
use super::entry::Entry;
use super::failure::Failure;
use super::outcome::Outcome;
use super::screens::{Flow, Screen};
use super::session::Session;
use crate::views::{AppointmentView, BookingView, IdentifiedView, ProgressView, ServiceChoice, SlotChoice, TicketView};

impl Controller {
    /// The screen on show.
    pub fn screen(&self) -> Screen {
        self.session.screen()
    }

    /// The flow in progress (or just done).
    pub fn flow(&self) -> Option<Flow> {
        self.session.flow()
    }

    /// The entry on show; none while waiting or showing a message.
    pub fn entry(&self) -> Option<Entry<'_>> {
        if matches!(self.screen(), Screen::Busy | Screen::Message) {
            return None;
        }
        self.session.state()?.entry()
    }

    /// Every entry of the flow in progress.
    pub fn entries(&self) -> Vec<Entry<'_>> {
        self.session.state().map(|f| f.entries()).unwrap_or_default()
    }

    fn typed(&self, wanted: fn(&Entry<'_>) -> bool) -> &str {
        self.entries().into_iter().find(wanted).map_or("", Entry::text)
    }

    /// The plate typed in the flow in progress.
    pub fn plate(&self) -> &str {
        self.typed(|e| matches!(e, Entry::Plate(_)))
    }

    /// The last four digits typed.
    pub fn last4(&self) -> &str {
        self.typed(|e| matches!(e, Entry::Last4(_)))
    }

    /// The mobile number typed.
    pub fn phone(&self) -> &str {
        self.typed(|e| matches!(e, Entry::Phone(_)))
    }

    /// The booking code typed.
    pub fn code(&self) -> &str {
        self.typed(|e| matches!(e, Entry::Code(_)))
    }

    /// True when the screen's input is complete, so "next" is enabled.
    pub fn can_continue(&self) -> bool {
        match self.entry() {
            Some(entry) => entry.pad().is_valid(),
            None => matches!(self.screen(), Screen::Surname | Screen::ConfirmBooking | Screen::ConfirmCancel),
        }
    }

    /// Why the flow could not go on, on show.
    pub fn failure(&self) -> Option<Failure> {
        self.session.state()?.failure()
    }

    /// When the appointment the message on show speaks of starts ("您的预约是明天 09:30").
    pub fn message_when(&self) -> Option<DateTime<Utc>> {
        self.failure().and_then(Failure::appointment_start)
    }

    /// Seconds until the reset, while counting down.
    pub fn countdown(&self) -> Option<u32> {
        self.countdown
    }

    /// The service types on offer.
    pub fn services(&self) -> &[ServiceChoice] {
        &self.services
    }

    /// The surname chosen by a new walk-in customer.
    pub fn surname(&self) -> &str {
        match &self.session {
            Session::WalkIn(walk_in) => walk_in.surname(),
            _ => "",
        }
    }

    /// True while asking a walk-in for digits or phone because the server is unreachable.
    pub fn offline(&self) -> bool {
        matches!(&self.session, Session::WalkIn(walk_in) if walk_in.offline())
    }

    /// True while asking a walk-in for the digits to show their car's repair progress.
    pub fn in_workshop(&self) -> bool {
        matches!(&self.session, Session::WalkIn(walk_in) if walk_in.in_workshop())
    }

    /// The days a booking offers, on the day screen.
    pub fn days(&self) -> &[NaiveDate] {
        match &self.session {
            Session::Booking(booking) => booking.days(),
            _ => &[],
        }
    }

    /// The day of the slot grid on show.
    pub fn day(&self) -> Option<NaiveDate> {
        match &self.session {
            Session::Booking(booking) => booking.day(),
            _ => None,
        }
    }

    /// The slot grid on show.
    pub fn slots(&self) -> &[SlotChoice] {
        match &self.session {
            Session::Booking(booking) => booking.slots(),
            _ => &[],
        }
    }

    /// The booking about to be confirmed, or booked.
    pub fn booking(&self) -> Option<BookingView> {
        match &self.session {
            Session::Booking(booking) => booking.booking(),
            Session::Done(done) => match &done.outcome {
                Outcome::Booked { booking, .. } => Some(booking.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    /// The slot chosen, to confirm.
    pub fn slot(&self) -> Option<DateTime<Utc>> {
        match &self.session {
            Session::Booking(booking) => booking.booking().map(|b| b.start),
            _ => None,
        }
    }

    /// The car found by plate while the customer chooses which booking to cancel.
    pub fn identified(&self) -> Option<&IdentifiedView> {
        match &self.session {
            Session::Cancel(cancel) => cancel.identified(),
            _ => None,
        }
    }

    /// The appointment about to be cancelled, or cancelled.
    pub fn cancelling(&self) -> Option<&AppointmentView> {
        match &self.session {
            Session::Cancel(cancel) => cancel.cancelling(),
            Session::Done(done) => match &done.outcome {
                Outcome::Cancelled(appointment) => Some(appointment),
                _ => None,
            },
            _ => None,
        }
    }

    fn outcome(&self) -> Option<&Outcome> {
        match &self.session {
            Session::Done(done) => Some(&done.outcome),
            _ => None,
        }
    }

    /// The ticket on show.
    pub fn ticket(&self) -> Option<&TicketView> {
        match self.outcome()? {
            Outcome::Ticket { ticket, .. } => Some(ticket),
            _ => None,
        }
    }

    /// The booking's code, booked.
    pub fn booked_code(&self) -> Option<&str> {
        match self.outcome()? {
            Outcome::Booked { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The repair progress on show.
    pub fn progress(&self) -> Option<&ProgressView> {
        match self.outcome()? {
            Outcome::Progress(progress) => Some(progress),
            _ => None,
        }
    }

    /// The provisional number of a customer registered while the server was unreachable.
    pub fn provisional(&self) -> Option<&str> {
        match self.outcome()? {
            Outcome::Queued(number) => Some(number),
            _ => None,
        }
    }
}
