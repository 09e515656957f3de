//! Sends what the outbox keeps: oldest first, with the original `request_id` (and
//! arrival time), stopping at the first request the server cannot be reached for so
//! the order holds. A request the server refuses for good stays in the outbox, marked
//! refused, for the desk.

use std::time::Duration;

use frontdesk_proto::client::Connection;

use super::status::{failure, try_later};
use crate::outbox::{Kept, Outbox, OutboxError};

/// How many kept requests the kiosk sends every 5 s after an outage: 24 a minute,
/// below the kiosk's lookup allowance (30 a minute by default), so customers at the
/// screen can still check in while a backlog drains.
pub const SENT_PER_ROUND: usize = 2;

/// What one flush did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flushed {
    /// Sent and acknowledged.
    pub sent: usize,
    /// Refused by the server for good (kept, marked FAILED for the desk).
    pub failed: usize,
    /// Still waiting (the server is unreachable).
    pub remaining: usize,
}

/// Sends everything pending, oldest first.
pub async fn flush(outbox: &Outbox, conn: &Connection, deadline: Duration) -> Result<Flushed, OutboxError> {
    flush_some(outbox, conn, deadline, usize::MAX).await
}

/// Like [`flush`], sending at most `most` requests. The kiosk sends a few at a time
/// after an outage, so a long backlog does not use up the kiosk's lookup allowance and
/// lock the customers at the screen out.
pub async fn flush_some(
    outbox: &Outbox,
    conn: &Connection,
    deadline: Duration,
    most: usize,
) -> Result<Flushed, OutboxError> {
    let pending = outbox.pending()?;
    let mut report = Flushed { remaining: pending.len(), ..Flushed::default() };
    for (id, kept) in pending.into_iter().take(most) {
        match send(conn, kept, deadline).await {
            Ok(()) => {
                outbox.sent(id)?;
                report.sent += 1;
            }
            Err(status) if try_later(&status) => {
                outbox.attempted(id)?;
                return Ok(report);
            }
            Err(status) => {
                let reason = failure(&status).code();
                tracing::warn!(
                    outbox_id = id,
                    %reason,
                    "the server refused a request kept offline; it stays in the outbox for the desk \
                     (frontdesk-kiosk --outbox lists it)"
                );
                outbox.refused(id, reason)?;
                report.failed += 1;
            }
        }
        report.remaining -= 1;
    }
    Ok(report)
}

/// Sends one kept request as it was kept.
async fn send(conn: &Connection, kept: Kept, deadline: Duration) -> Result<(), tonic::Status> {
    match kept {
        Kept::CheckIn(r) => {
            let mut request = tonic::Request::new(r);
            request.set_timeout(deadline);
            conn.kiosk().check_in(request).await.map(|_| ())
        }
        Kept::Book(r) => {
            let mut request = tonic::Request::new(r);
            request.set_timeout(deadline);
            conn.kiosk().book_appointment(request).await.map(|_| ())
        }
    }
}

/// Sends the outbox every 5 s, [`SENT_PER_ROUND`] at a time, for as long as the kiosk
/// runs.
pub async fn keep_sending(outbox: Outbox, conn: Connection) {
    loop {
        match flush_some(&outbox, &conn, Duration::from_secs(3), SENT_PER_ROUND).await {
            Ok(done) if done.sent > 0 || done.failed > 0 => {
                tracing::info!(sent = done.sent, refused = done.failed, left = done.remaining, "outbox sent");
            }
            Ok(_) => {}
            Err(error) => tracing::error!(%error, "outbox"),
        }
        tokio::time::sleep(Duration::from_secs(5)).await;
    }
}
