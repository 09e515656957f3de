//! The driver: takes the controller's [`Call`], makes it ([`super::rpc`]) and hands back
//! a [`Reply`]; a check-in or booking the server cannot be reached for is kept in the
//! outbox under a provisional number instead.

use chrono_tz::Tz;
use frontdesk_proto::client::Connection;

pub use super::rpc::Patience;
use super::rpc::execute;
use super::status::{refusal, unreachable};
use super::wire::{book_request, check_in_request};
use crate::flow::{Call, CheckInInput, Failure, Reply};
use crate::outbox::{Kept, Outbox};

/// How this kiosk numbers the customers it registers while the server is unreachable:
/// `L-0412-07` is the 7th of 12 April (the store's day) at the kiosk tagged `L`.
#[derive(Debug, Clone)]
pub struct Provisional {
    /// This kiosk's tag (1 to 4 letters or digits), so two kiosks never give one number.
    pub tag: String,
    /// The store's zone, whose day the number counts in.
    pub zone: Tz,
}

impl Default for Provisional {
    fn default() -> Self {
        Self { tag: "L".into(), zone: chrono_tz::Asia::Shanghai }
    }
}

/// Runs calls for the kiosk.
#[derive(Debug, Clone)]
pub struct Driver {
    conn: Connection,
    outbox: Outbox,
    patience: Patience,
    provisional: Provisional,
}

impl Driver {
    /// A driver over a connection and an outbox.
    pub fn new(conn: Connection, outbox: Outbox, patience: Patience) -> Self {
        Self { conn, outbox, patience, provisional: Provisional::default() }
    }

    /// The same driver numbering what it keeps offline this way.
    pub fn numbering(self, provisional: Provisional) -> Self {
        Self { provisional, ..self }
    }

    /// The outbox.
    pub fn outbox(&self) -> &Outbox {
        &self.outbox
    }

    /// The connection.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Makes a call and returns the reply for the controller.
    pub async fn run(&self, call: Call) -> Reply {
        let listing_services = call == Call::ServiceTypes;
        let refreshing = matches!(call, Call::RefreshTicket { .. });
        let replaces = match &call {
            Call::CheckIn(CheckInInput { replaces: Some(old), .. }) => Some(old.clone()),
            _ => None,
        };
        let reply = match execute(&self.conn, self.patience, call.clone()).await {
            Ok(reply) => reply,
            // The controller keeps the service types it knows.
            Err(_) if listing_services => Reply::ServiceTypes(Vec::new()),
            // A ticket that cannot be read now stays on screen as it was.
            Err(_) if refreshing => Reply::TicketNow(None),
            Err(status) if unreachable(&status) => self.keep_or_fail(call),
            Err(status) => refusal(&status),
        };
        // The check-in kept offline without digits or phone goes once the one with them
        // has landed or is kept in its place; if that one is refused, the first stays.
        if let Some(old) = replaces
            && matches!(reply, Reply::Ticket(_) | Reply::Queued(_))
            && let Err(error) = self.outbox.forget(&old)
        {
            tracing::error!(%error, "could not drop a replaced request from the outbox");
        }
        reply
    }

    fn keep_or_fail(&self, call: Call) -> Reply {
        let (kept, at) = match &call {
            Call::CheckIn(c) => (Kept::CheckIn(check_in_request(c, true)), c.at),
            Call::Book(b) => (Kept::Book(book_request(b)), b.at),
            _ => return Reply::Failed(Failure::ServerDown),
        };
        let day = at.with_timezone(&self.provisional.zone).date_naive();
        match self.outbox.keep_numbered(kept, day, &self.provisional.tag) {
            Ok(number) => Reply::Queued(number),
            Err(error) => {
                tracing::error!(%error, "could not keep a request offline");
                Reply::Failed(Failure::ServerDown)
            }
        }
    }
}
