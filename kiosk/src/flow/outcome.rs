//! What the customer leaves with: a result screen, which goes home by itself. The
//! ticket on show is read again until the customer is called.

use super::screens::{Flow, Screen};
use crate::views::{AppointmentView, BookingView, ProgressView, TicketView};

/// A flow's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A queue ticket; `reading` while the kiosk reads it again.
    Ticket {
        /// The ticket.
        ticket: TicketView,
        /// True while a read of it is under way.
        reading: bool,
    },
    /// A booking made, with its code.
    Booked {
        /// The confirmation code.
        code: String,
        /// What was booked.
        booking: BookingView,
    },
    /// A car's repair progress.
    Progress(ProgressView),
    /// This appointment was cancelled.
    Cancelled(AppointmentView),
    /// Kept offline under this provisional number, to show at the desk.
    Queued(String),
}

impl Outcome {
    /// A ticket just received.
    pub fn ticket(ticket: TicketView) -> Self {
        Outcome::Ticket { ticket, reading: false }
    }
}

/// A flow that is over, and what it ended with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    /// The flow it was (the header keeps its name).
    pub flow: Flow,
    /// Its result.
    pub outcome: Outcome,
}

impl Done {
    /// The result screen.
    pub fn screen(&self) -> Screen {
        match self.outcome {
            Outcome::Ticket { .. } => Screen::Ticket,
            Outcome::Booked { .. } => Screen::Booked,
            Outcome::Progress(_) => Screen::Progress,
            Outcome::Cancelled(_) => Screen::Cancelled,
            Outcome::Queued(_) => Screen::Queued,
        }
    }

    /// The ticket on show while it waits to be called, unless a read is under way:
    /// its number, to read it again (the read is then under way).
    pub fn read_ticket(&mut self) -> Option<String> {
        match &mut self.outcome {
            Outcome::Ticket { ticket, reading } if ticket.counter == 0 && !*reading => {
                *reading = true;
                Some(ticket.number.clone())
            }
            _ => None,
        }
    }

    /// The ticket on show as it stands now (`None` when it could not be read). A called
    /// ticket stays called: an older read never takes the counter away.
    pub fn ticket_now(&mut self, now: Option<TicketView>) {
        if let Outcome::Ticket { ticket, reading } = &mut self.outcome {
            *reading = false;
            if let Some(now) = now.filter(|n| n.number == ticket.number && ticket.counter == 0) {
                *ticket = TicketView { existing: ticket.existing, ..now };
            }
        }
    }
}
