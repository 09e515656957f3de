//! The queue as people see it: tickets in queue order with positions and estimated
//! waits, advisors on the floor, and the events that carry changes to WatchQueue.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{Connection, Transaction};

use super::hub::{EventKind, QueueEvent};
pub use super::seen::{FloorAdvisor, TicketView};
use super::{App, Settings};
use crate::domain::queue::{estimate_wait, positions};
use crate::domain::{AdvisorStatus, OnFloor, Result, TicketState, Waiting};
use crate::store::tickets::{self, TicketRow};
use crate::store::{advisors, events, instant, secs, service_types};

/// The whole queue of a day.
#[derive(Debug, Clone)]
pub struct QueueView {
    /// The store-local day.
    pub local_date: String,
    /// The last event the view includes.
    pub seq: i64,
    /// Waiting tickets in queue order, then the others by arrival.
    pub tickets: Vec<TicketView>,
    /// Active service advisors.
    pub advisors: Vec<FloorAdvisor>,
    /// Waiting tickets per service type, every type listed.
    pub waiting: Vec<(String, u32)>,
}

/// A waiting ticket as the queue rules see it.
pub(crate) fn as_waiting(row: &TicketRow) -> Waiting {
    Waiting {
        id: row.id,
        service: row.service_code.clone(),
        arrived_at: instant(row.arrived_at),
        appointment_slot: row.appointment_slot.filter(|_| !row.late_appointment).map(instant),
        raised: row.raised,
        transferred_to: row.transferred_to,
        transferred_at: row.transferred_at.map(instant),
        // A late appointment queues as a walk-in: it keeps no claim on the advisor it asked for.
        preferred_advisor: row.preferred_advisor_id.filter(|_| !row.late_appointment),
        own_advisor: row.own_advisor_id,
    }
}

/// The advisors on the floor and the queue's view of them.
pub(crate) fn floor(conn: &Connection) -> Result<(Vec<FloorAdvisor>, HashMap<i64, OnFloor>)> {
    let mut list = Vec::new();
    let mut map = HashMap::new();
    let held_tickets = tickets::held(conn)?;
    for a in advisors::service_advisors(conn)? {
        let held = held_tickets.get(&a.id).cloned();
        let stored = a.queue_status;
        let status = AdvisorStatus::effective(stored, held.is_some());
        map.insert(
            a.id,
            OnFloor {
                on_duty: status.on_duty(),
                taking_customers: status.taking_customers(),
                serving: held.is_some(),
                skills: a.service_codes.clone(),
            },
        );
        list.push(FloorAdvisor {
            id: a.id,
            name: a.name,
            counter_number: a.counter_number,
            status,
            serving_ticket: held,
            skills: a.service_codes,
        });
    }
    Ok((list, map))
}

/// The mean reception time of a service over its last 20 receptions, or the default.
pub(crate) fn average_reception(conn: &Connection, service: &str, settings: &Settings) -> Result<Duration> {
    Ok(tickets::average_reception_secs(conn, service, 20)?
        .map_or(settings.queue.default_reception, |s| Duration::seconds(s.round() as i64)))
}

/// The waiting part of a day's queue: enough to place any ticket and to publish events.
#[derive(Debug, Clone)]
pub(crate) struct QueueState {
    /// The store-local day.
    pub local_date: String,
    /// Waiting tickets with their place, in queue order.
    pub waiting: Vec<TicketView>,
    /// Active service advisors.
    pub advisors: Vec<FloorAdvisor>,
    /// Waiting tickets per service type, every type listed.
    pub counts: Vec<(String, u32)>,
}

/// Loads the waiting tickets of a day with their positions and estimated waits.
pub(crate) fn load_state(
    conn: &Connection,
    settings: &Settings,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> Result<QueueState> {
    let local_date = date.to_string();
    let rows = tickets::waiting_of_day(conn, &local_date)?;
    let (advisors, floor) = floor(conn)?;
    let waiting: Vec<Waiting> = rows.iter().map(as_waiting).collect();
    let places = positions(&waiting, now, &settings.queue);
    let mut averages: HashMap<String, Duration> = HashMap::new();
    let mut views = Vec::with_capacity(rows.len());
    for row in rows {
        let position = places.get(&row.id).copied().unwrap_or(0);
        let average = match averages.get(&row.service_code) {
            Some(avg) => *avg,
            None => {
                let avg = average_reception(conn, &row.service_code, settings)?;
                averages.insert(row.service_code.clone(), avg);
                avg
            }
        };
        let wait_minutes = estimate_wait(position, &row.service_code, &floor, average);
        views.push(TicketView { row, position, wait_minutes });
    }
    let keys: HashMap<i64, _> = waiting.iter().map(|w| (w.id, w.queue_key(now, &settings.queue))).collect();
    views.sort_by_key(|v| keys.get(&v.row.id).copied());
    let counts = service_types::list(conn)?
        .into_iter()
        .map(|st| {
            let n = waiting.iter().filter(|w| w.service == st.code).count();
            (st.code, u32::try_from(n).unwrap_or(u32::MAX))
        })
        .collect();
    Ok(QueueState { local_date, waiting: views, advisors, counts })
}

/// Loads the whole queue of a day: waiting tickets in queue order with their places,
/// then every other ticket of the day by arrival.
pub(crate) fn load_view(
    conn: &Connection,
    settings: &Settings,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> Result<QueueView> {
    let state = load_state(conn, settings, date, now)?;
    let others = tickets::of_day(conn, &state.local_date)?
        .into_iter()
        .filter(|t| t.state != TicketState::Waiting)
        .map(|row| TicketView { row, position: 0, wait_minutes: 0 });
    let mut tickets = state.waiting;
    tickets.extend(others);
    Ok(QueueView {
        local_date: state.local_date,
        seq: events::last_seq(conn)?,
        tickets,
        advisors: state.advisors,
        waiting: state.counts,
    })
}

/// The changes one write makes to the queue, logged in order and turned into events
/// (with positions as they stand after the whole write) before the commit.
#[derive(Debug)]
pub(crate) struct Changes {
    at: DateTime<Utc>,
    actor: String,
    logged: Vec<Logged>,
}

/// One change as logged: its seq, kind, ticket, advisor and note.
#[derive(Debug)]
struct Logged {
    seq: i64,
    kind: EventKind,
    ticket_id: Option<i64>,
    advisor_id: Option<i64>,
    detail: String,
}

impl Changes {
    fn new(at: DateTime<Utc>, actor: String) -> Self {
        Self { at, actor, logged: Vec::new() }
    }

    /// Logs a change of a ticket.
    pub(crate) fn ticket(&mut self, tx: &Transaction<'_>, kind: EventKind, ticket_id: i64, detail: &str) -> Result<()> {
        let actor = self.actor.clone();
        self.ticket_by(tx, kind, ticket_id, detail, &actor)
    }

    /// Logs a change of a ticket made by someone else than the caller (the server itself).
    pub(crate) fn ticket_by(
        &mut self,
        tx: &Transaction<'_>,
        kind: EventKind,
        ticket_id: i64,
        detail: &str,
        actor: &str,
    ) -> Result<()> {
        let seq = events::append(tx, secs(self.at), kind.as_str(), Some(ticket_id), None, actor, detail)?;
        self.logged.push(Logged { seq, kind, ticket_id: Some(ticket_id), advisor_id: None, detail: detail.to_owned() });
        Ok(())
    }

    /// Logs a change of an advisor's status.
    pub(crate) fn advisor(&mut self, tx: &Transaction<'_>, advisor_id: i64, detail: &str) -> Result<()> {
        let kind = EventKind::AdvisorStatus;
        let seq = events::append(tx, secs(self.at), kind.as_str(), None, Some(advisor_id), &self.actor, detail)?;
        self.logged.push(Logged {
            seq,
            kind,
            ticket_id: None,
            advisor_id: Some(advisor_id),
            detail: detail.to_owned(),
        });
        Ok(())
    }

    fn into_events(self, tx: &Transaction<'_>, state: &QueueState) -> Result<Vec<QueueEvent>> {
        let mut out = Vec::with_capacity(self.logged.len());
        for Logged { seq, kind, ticket_id, advisor_id, detail } in self.logged {
            let ticket = match ticket_id {
                Some(id) => Some(ticket_in(tx, state, id)?),
                None => None,
            };
            // A ticket change also shows its advisor as they are now (serving, free again…).
            let advisor_id = advisor_id.or_else(|| ticket.as_ref().and_then(|t| t.row.advisor_id));
            let mut advisor = advisor_id.and_then(|id| state.advisors.iter().find(|a| a.id == id).cloned());
            // An advisor who left the floor (deactivated) shows as offline, so live views
            // know whom to drop.
            if let (EventKind::AdvisorStatus, None, Some(id)) = (kind, &advisor, advisor_id)
                && let Some(row) = advisors::get(tx, id)?
            {
                advisor = Some(FloorAdvisor {
                    id,
                    name: row.name,
                    counter_number: row.counter_number,
                    status: AdvisorStatus::Offline,
                    serving_ticket: None,
                    skills: row.service_codes,
                });
            }
            out.push(QueueEvent { seq, kind, ticket, advisor, waiting: state.counts.clone(), detail });
        }
        Ok(out)
    }
}

/// A ticket with its place in the queue (none unless it is waiting today).
pub(crate) fn ticket_in(conn: &Connection, state: &QueueState, id: i64) -> Result<TicketView> {
    if let Some(found) = state.waiting.iter().find(|t| t.row.id == id) {
        return Ok(found.clone());
    }
    let row = tickets::get(conn, id)?.ok_or_else(|| crate::domain::Error::internal(format!("ticket {id} vanished")))?;
    Ok(TicketView { row, position: 0, wait_minutes: 0 })
}

/// Tickets left open when their store day ended (the customer went home, a reception
/// was never finished) are cancelled by the first change of the queue on a later day,
/// so nobody stays "serving" overnight and nobody waits in a queue no one sees.
fn close_earlier_days(tx: &Transaction<'_>, changes: &mut Changes, today: &str, now: DateTime<Utc>) -> Result<()> {
    for mut t in tickets::open_before(tx, today)? {
        t.state = t.state.cancel()?;
        t.finished_at = Some(secs(now));
        tickets::update(tx, &t)?;
        changes.ticket_by(tx, EventKind::TicketCancelled, t.id, "closed with its day", "system:day-close")?;
    }
    Ok(())
}

impl App {
    /// Runs a change of the queue in one write transaction: `change` does it and logs
    /// its events, then today's waiting queue is loaded once, `finish` builds the
    /// answer from it, and after the commit the events are published in commit order.
    pub(crate) async fn write_queue<T, R, F, G>(&self, actor: String, change: F, finish: G) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&Transaction<'_>, &mut Changes) -> Result<T> + Send + 'static,
        G: FnOnce(&Transaction<'_>, T, &QueueState) -> Result<R> + Send + 'static,
    {
        let settings = self.settings.clone();
        let hub = self.hub.clone();
        let now = self.now();
        let (answer, _) = self
            .store
            .write_then(
                move |tx| {
                    let mut changes = Changes::new(now, actor);
                    close_earlier_days(tx, &mut changes, &settings.schedule.local_date(now).to_string(), now)?;
                    let value = change(tx, &mut changes)?;
                    let state = load_state(tx, &settings, settings.schedule.local_date(now), now)?;
                    let events = changes.into_events(tx, &state)?;
                    Ok((finish(tx, value, &state)?, events))
                },
                move |(_, events): &(R, Vec<QueueEvent>)| hub.publish(events),
            )
            .await?;
        Ok(answer)
    }

    /// The queue of a store-local day (today when `None`).
    pub async fn queue(&self, date: Option<NaiveDate>) -> Result<QueueView> {
        let settings = self.settings.clone();
        let now = self.now();
        let date = date.unwrap_or_else(|| settings.schedule.local_date(now));
        self.store.read(move |conn| load_view(conn, &settings, date, now)).await
    }
}

impl App {
    /// Tickets of a day in queue order, filtered, one page; and the advisors on the floor.
    pub async fn tickets(
        &self,
        date: Option<NaiveDate>,
        state: Option<TicketState>,
        service: Option<String>,
        page: crate::domain::Page,
    ) -> Result<(Vec<TicketView>, Vec<FloorAdvisor>, String)> {
        let view = self.queue(date).await?;
        let matching: Vec<TicketView> = view
            .tickets
            .into_iter()
            .filter(|t| state.is_none_or(|s| t.row.state == s))
            .filter(|t| service.as_ref().is_none_or(|s| &t.row.service_code == s))
            .skip(page.offset as usize)
            .take(page.probe() as usize)
            .collect();
        let (tickets, next) = crate::domain::paging::cut(page, matching);
        Ok((tickets, view.advisors, next))
    }
}
