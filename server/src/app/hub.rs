//! The live queue: changes are published here after they commit, in commit order,
//! and WatchQueue streams subscribe. A bounded broadcast buffer keeps a slow
//! consumer from slowing anybody: it lags, and then gets a fresh snapshot.

use std::sync::Arc;

use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

use super::seen::{FloorAdvisor, TicketView};

/// What changed; logged by its name (`TICKET_CALLED`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum EventKind {
    /// A customer checked in.
    TicketCreated,
    /// Called to a counter.
    TicketCalled,
    /// Called again.
    TicketRecalled,
    /// Reception started.
    TicketStarted,
    /// Reception finished.
    TicketDone,
    /// Handed to another advisor or service.
    TicketTransferred,
    /// Back in the queue.
    TicketReturned,
    /// Did not come.
    TicketNoShow,
    /// Left.
    TicketCancelled,
    /// Raised by a supervisor.
    TicketRaised,
    /// An advisor's status changed.
    AdvisorStatus,
    /// The clock: a ticket waited the ageing time and rose in the queue.
    TicketAged,
    /// The clock: an early appointment customer reached their slot's priority window.
    TicketAppointmentDue,
    /// The clock: the hold for a ticket's own or requested advisor ran out.
    TicketHoldExpired,
    /// The clock: a transfer to an advisor who stayed paused went back to the queue.
    TicketReleased,
}

impl EventKind {
    /// The name stored in the event log.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// One committed change of the queue.
#[derive(Debug, Clone)]
pub struct QueueEvent {
    /// Its place in the event log.
    pub seq: i64,
    /// What changed.
    pub kind: EventKind,
    /// The ticket after the change.
    pub ticket: Option<TicketView>,
    /// The advisor after the change.
    pub advisor: Option<FloorAdvisor>,
    /// Waiting tickets per service type after the change.
    pub waiting: Vec<(String, u32)>,
    /// The note the change was logged with (for staff).
    pub detail: String,
}

/// Publishes queue events and the shutdown signal to every WatchQueue stream.
#[derive(Debug)]
pub struct QueueHub {
    events: broadcast::Sender<Arc<QueueEvent>>,
    shutdown: CancellationToken,
}

impl QueueHub {
    /// A hub whose subscribers may fall `buffer` events behind before they lag.
    pub fn new(buffer: usize) -> Self {
        let (events, _) = broadcast::channel(buffer.max(1));
        Self { events, shutdown: CancellationToken::new() }
    }

    /// Sends committed events; nobody listening is fine.
    pub fn publish(&self, events: &[QueueEvent]) {
        for event in events {
            let _ = self.events.send(Arc::new(event.clone()));
        }
    }

    /// Receives every event published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<QueueEvent>> {
        self.events.subscribe()
    }

    /// Tells every stream and background task the server is shutting down.
    pub fn shut_down(&self) {
        self.shutdown.cancel();
    }

    /// Cancelled once the server shuts down: WatchQueue streams, the queue's clock and
    /// the metrics endpoint stop on it.
    pub fn shutdown_signal(&self) -> CancellationToken {
        self.shutdown.clone()
    }
}
