//! The queue changes the clock alone makes — a ticket ageing, an appointment's
//! priority window opening, a hold running out, a transfer to an advisor who stayed
//! paused released — published on WatchQueue when they happen, so staff views and
//! the lobby board are never stale until somebody acts.

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::hub::EventKind;
use super::queue::{as_waiting, floor};
use super::{App, Settings};
use crate::domain::Result;
use crate::domain::queue::{ClockChange, clock_changes};
use crate::store::{advisors, tickets};

/// The actor the event log names for changes nobody made.
const CLOCK: &str = "system:clock";

/// The clock's changes of today's waiting queue in `(from, to]`.
fn changes_in(
    conn: &Connection,
    settings: &Settings,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<(i64, ClockChange)>> {
    let today = settings.schedule.local_date(to).to_string();
    let waiting: Vec<_> = tickets::waiting_of_day(conn, &today)?.iter().map(as_waiting).collect();
    let (_, on_floor) = floor(conn)?;
    Ok(clock_changes(&waiting, &on_floor, &settings.queue, from, to))
}

impl App {
    /// Publishes what the clock changed in today's queue after `from` and returns
    /// the time it looked up to (the next call's `from`). A read finds the changes;
    /// only when there are some does a write log them (and release transfers), and
    /// it finds them again inside its transaction so a concurrent change is seen.
    pub async fn publish_clock_changes(&self, from: DateTime<Utc>) -> Result<DateTime<Utc>> {
        let now = self.now();
        if now <= from {
            return Ok(now);
        }
        let settings = self.settings.clone();
        let found = self.store.read(move |conn| changes_in(conn, &settings, from, now)).await?;
        if found.is_empty() {
            return Ok(now);
        }
        let settings = self.settings.clone();
        self.write_queue(
            CLOCK.to_owned(),
            move |tx, changes| {
                for (id, change) in changes_in(tx, &settings, from, now)? {
                    let (kind, detail) = match change {
                        ClockChange::Aged => (EventKind::TicketAged, String::new()),
                        ClockChange::AppointmentDue => (EventKind::TicketAppointmentDue, String::new()),
                        ClockChange::HoldExpired => (EventKind::TicketHoldExpired, String::new()),
                        ClockChange::Released { waited_for } => {
                            let mut t = tickets::get(tx, id)?
                                .ok_or_else(|| crate::domain::Error::internal(format!("ticket {id} vanished")))?;
                            t.transferred_to = None;
                            t.transferred_at = None;
                            tickets::update(tx, &t)?;
                            let name = advisors::get(tx, waited_for)?
                                .map_or_else(|| format!("advisor {waited_for}"), |a| a.name);
                            let minutes = settings.queue.hold.num_minutes();
                            (
                                EventKind::TicketReleased,
                                format!("{name} stayed paused {minutes} min; back in the queue"),
                            )
                        }
                    };
                    changes.ticket(tx, kind, id, &detail)?;
                }
                Ok(())
            },
            |_, (), _| Ok(()),
        )
        .await?;
        Ok(now)
    }
}

/// Looks every `queue.clock_check` whether the clock changed the queue, until the
/// server shuts down. A clock that went back (a test, an NTP step) starts again
/// from where it is.
pub async fn watch_clock(app: App) {
    let shutdown = app.hub.shutdown_signal();
    let mut tick = tokio::time::interval(app.settings.queue.clock_check);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut last = app.now();
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            () = shutdown.cancelled() => return,
        }
        match app.publish_clock_changes(last).await {
            Ok(now) => last = now,
            Err(error) => tracing::warn!(%error, "could not publish the clock's queue changes"),
        }
    }
}
