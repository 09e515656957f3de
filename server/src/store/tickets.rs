//! The `tickets` and `ticket_counters` tables.

use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::domain::{AssignmentReason, Result, TicketState};

/// A stored ticket with its customer, vehicle, appointment and advisor details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketRow {
    /// The id.
    pub id: i64,
    /// The store-local day.
    pub local_date: String,
    /// The number, `B007`.
    pub number: String,
    /// The service type.
    pub service_code: String,
    /// The customer.
    pub customer_id: i64,
    /// The vehicle.
    pub vehicle_id: i64,
    /// The appointment, for appointment customers.
    pub appointment_id: Option<i64>,
    /// The appointment's code.
    pub confirmation_code: Option<String>,
    /// The appointment's slot start (unix seconds).
    pub appointment_slot: Option<i64>,
    /// The advisor the appointment asked for.
    pub preferred_advisor_id: Option<i64>,
    /// Checked in after the grace window.
    pub late_appointment: bool,
    /// The state.
    pub state: TicketState,
    /// Raised by a supervisor.
    pub raised: bool,
    /// Why raised.
    pub raise_reason: String,
    /// Transferred to this advisor.
    pub transferred_to: Option<i64>,
    /// The advisor who served the customer last, at check-in.
    pub own_advisor_id: Option<i64>,
    /// The advisor holding (or who last held) it.
    pub advisor_id: Option<i64>,
    /// That advisor's name.
    pub advisor_name: Option<String>,
    /// The counter it was called to.
    pub counter_number: i32,
    /// Why the advisor got it.
    pub assignment_reason: Option<AssignmentReason>,
    /// Recalls so far.
    pub recalls: u32,
    /// Arrival (unix seconds).
    pub arrived_at: i64,
    /// First call.
    pub called_at: Option<i64>,
    /// Latest call (a recall, or a call after the ticket went back to the queue).
    pub last_called_at: Option<i64>,
    /// Reception flagged the visit: suspected mystery shopper.
    pub mystery_shopper: bool,
    /// Reception flagged the visit: likely to complain.
    pub likely_to_complain: bool,
    /// Reception start.
    pub started_at: Option<i64>,
    /// End: done, no-show or cancelled.
    pub finished_at: Option<i64>,
    /// The plate.
    pub plate: String,
    /// The customer's name.
    pub customer_name: String,
    /// The customer's phone.
    pub phone: String,
    /// The number a kiosk showed for a check-in it kept offline; empty otherwise.
    pub provisional_number: String,
    /// When it was last transferred (unix seconds).
    pub transferred_at: Option<i64>,
}

/// A new ticket.
#[derive(Debug, Clone)]
pub struct NewTicket<'a> {
    /// The store-local day.
    pub local_date: &'a str,
    /// The number.
    pub number: &'a str,
    /// The service type.
    pub service_code: &'a str,
    /// The customer.
    pub customer_id: i64,
    /// The vehicle.
    pub vehicle_id: i64,
    /// The appointment.
    pub appointment_id: Option<i64>,
    /// Checked in late.
    pub late_appointment: bool,
    /// The customer's last advisor.
    pub own_advisor_id: Option<i64>,
    /// Arrival (unix seconds).
    pub arrived_at: i64,
    /// Who checked in.
    pub created_by: &'a str,
    /// The number a kiosk showed for a check-in it kept offline; empty otherwise.
    pub provisional_number: &'a str,
}

const SELECT: &str = "SELECT t.id, t.local_date, t.number, t.service_code, t.customer_id, t.vehicle_id,
        t.appointment_id, a.confirmation_code, a.slot_start, a.preferred_advisor_id, t.late_appointment, t.state,
        t.raised, t.raise_reason, t.transferred_to, t.own_advisor_id, t.advisor_id, d.name, t.counter_number,
        t.assignment_reason, t.recalls, t.arrived_at, t.called_at, t.started_at, t.finished_at,
        v.plate, c.name, c.phone, t.last_called_at,
        coalesce((SELECT w.mystery_shopper FROM visits w WHERE w.ticket_id = t.id), 0),
        coalesce((SELECT w.likely_to_complain FROM visits w WHERE w.ticket_id = t.id), 0),
        t.provisional_number, t.transferred_at
    FROM tickets t
    JOIN vehicles v ON v.id = t.vehicle_id
    JOIN customers c ON c.id = t.customer_id
    LEFT JOIN appointments a ON a.id = t.appointment_id
    LEFT JOIN advisors d ON d.id = t.advisor_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<TicketRow> {
    let state: String = r.get(11)?;
    let reason: Option<String> = r.get(19)?;
    Ok(TicketRow {
        id: r.get(0)?,
        local_date: r.get(1)?,
        number: r.get(2)?,
        service_code: r.get(3)?,
        customer_id: r.get(4)?,
        vehicle_id: r.get(5)?,
        appointment_id: r.get(6)?,
        confirmation_code: r.get(7)?,
        appointment_slot: r.get(8)?,
        preferred_advisor_id: r.get(9)?,
        late_appointment: r.get(10)?,
        state: state.parse().map_err(|e: crate::domain::Error| {
            rusqlite::Error::FromSqlConversionFailure(11, rusqlite::types::Type::Text, e.into())
        })?,
        raised: r.get(12)?,
        raise_reason: r.get(13)?,
        transferred_to: r.get(14)?,
        own_advisor_id: r.get(15)?,
        advisor_id: r.get(16)?,
        advisor_name: r.get(17)?,
        counter_number: r.get(18)?,
        assignment_reason: reason.as_deref().and_then(AssignmentReason::from_db),
        recalls: r.get(20)?,
        arrived_at: r.get(21)?,
        called_at: r.get(22)?,
        started_at: r.get(23)?,
        finished_at: r.get(24)?,
        plate: r.get(25)?,
        customer_name: r.get(26)?,
        phone: r.get(27)?,
        last_called_at: r.get(28)?,
        mystery_shopper: r.get(29)?,
        likely_to_complain: r.get(30)?,
        provisional_number: r.get(31)?,
        transferred_at: r.get(32)?,
    })
}

/// Takes the next number of a prefix on a store-local day: 1, 2, 3…
pub fn next_number(conn: &Connection, local_date: &str, prefix: &str) -> Result<u32> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO ticket_counters (local_date, prefix, last) VALUES (?1, ?2, 1)
         ON CONFLICT (local_date, prefix) DO UPDATE SET last = last + 1
         RETURNING last",
    )?;
    Ok(stmt.query_row(params![local_date, prefix], |r| r.get(0))?)
}

/// Inserts a waiting ticket and returns its id.
pub fn insert(conn: &Connection, t: &NewTicket<'_>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO tickets (local_date, number, service_code, customer_id, vehicle_id, appointment_id,
             late_appointment, state, own_advisor_id, arrived_at, created_by, provisional_number)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'WAITING', ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        t.local_date,
        t.number,
        t.service_code,
        t.customer_id,
        t.vehicle_id,
        t.appointment_id,
        t.late_appointment,
        t.own_advisor_id,
        t.arrived_at,
        t.created_by,
        t.provisional_number
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Keeps the provisional number a kiosk showed for a ticket that has none yet (a
/// check-in that reached the server before the kiosk gave up and kept it).
pub fn keep_provisional_number(conn: &Connection, id: i64, number: &str) -> Result<()> {
    conn.prepare_cached("UPDATE tickets SET provisional_number = ?2 WHERE id = ?1 AND provisional_number = ''")?
        .execute(params![id, number])?;
    Ok(())
}

/// Writes the fields that change over a ticket's life back.
pub fn update(conn: &Connection, t: &TicketRow) -> Result<()> {
    conn.prepare_cached(
        "UPDATE tickets SET service_code = ?2, state = ?3, raised = ?4, raise_reason = ?5, transferred_to = ?6,
             advisor_id = ?7, counter_number = ?8, assignment_reason = ?9, recalls = ?10, called_at = ?11,
             started_at = ?12, finished_at = ?13, last_called_at = ?14, transferred_at = ?15
         WHERE id = ?1",
    )?
    .execute(params![
        t.id,
        t.service_code,
        t.state.as_str(),
        t.raised,
        t.raise_reason,
        t.transferred_to,
        t.advisor_id,
        t.counter_number,
        t.assignment_reason.map(AssignmentReason::as_str),
        t.recalls,
        t.called_at,
        t.started_at,
        t.finished_at,
        t.last_called_at,
        t.transferred_at
    ])?;
    Ok(())
}

/// One ticket by id.
pub fn get(conn: &Connection, id: i64) -> Result<Option<TicketRow>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE t.id = ?1"))?;
    Ok(stmt.query_row([id], from_row).optional()?)
}

/// One ticket by its number on a store-local day.
pub fn by_number(conn: &Connection, local_date: &str, number: &str) -> Result<Option<TicketRow>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE t.local_date = ?1 AND t.number = ?2"))?;
    Ok(stmt.query_row(params![local_date, number], from_row).optional()?)
}

/// The open ticket of a customer on a store-local day.
pub fn open_for_customer(conn: &Connection, customer_id: i64, local_date: &str) -> Result<Option<TicketRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE t.customer_id = ?1 AND t.local_date = ?2 AND t.state IN ('WAITING', 'CALLED', 'IN_SERVICE')"
    ))?;
    Ok(stmt.query_row(params![customer_id, local_date], from_row).optional()?)
}

/// The ticket of an appointment.
pub fn for_appointment(conn: &Connection, appointment_id: i64) -> Result<Option<TicketRow>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE t.appointment_id = ?1"))?;
    Ok(stmt.query_row([appointment_id], from_row).optional()?)
}

/// Tickets still open from store days before `local_date`.
pub fn open_before(conn: &Connection, local_date: &str) -> Result<Vec<TicketRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE t.local_date < ?1 AND t.state IN ('WAITING', 'CALLED', 'IN_SERVICE') ORDER BY t.id"
    ))?;
    let rows = stmt.query_map([local_date], from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The ticket an advisor holds (called or in service).
pub fn held_by(conn: &Connection, advisor_id: i64) -> Result<Option<TicketRow>> {
    let mut stmt =
        conn.prepare_cached(&format!("{SELECT} WHERE t.advisor_id = ?1 AND t.state IN ('CALLED', 'IN_SERVICE')"))?;
    Ok(stmt.query_row([advisor_id], from_row).optional()?)
}

/// The waiting tickets of a store-local day, by arrival.
pub fn waiting_of_day(conn: &Connection, local_date: &str) -> Result<Vec<TicketRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE t.local_date = ?1 AND t.state = 'WAITING' ORDER BY t.arrived_at, t.id"
    ))?;
    let rows = stmt.query_map([local_date], from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every ticket of a store-local day, by arrival.
pub fn of_day(conn: &Connection, local_date: &str) -> Result<Vec<TicketRow>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE t.local_date = ?1 ORDER BY t.arrived_at, t.id"))?;
    let rows = stmt.query_map([local_date], from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The advisor who finished the customer's latest reception.
pub fn last_advisor_of(conn: &Connection, customer_id: i64) -> Result<Option<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT advisor_id FROM tickets WHERE customer_id = ?1 AND state = 'DONE'
         ORDER BY finished_at DESC, id DESC LIMIT 1",
    )?;
    Ok(stmt.query_row([customer_id], |r| r.get(0)).optional()?.flatten())
}

/// The mean reception time (last call to done, seconds) of a service's latest `last` receptions.
pub fn average_reception_secs(conn: &Connection, service_code: &str, last: u32) -> Result<Option<f64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT avg(finished_at - last_called_at) FROM (
             SELECT finished_at, last_called_at FROM tickets
             WHERE service_code = ?1 AND state = 'DONE' AND last_called_at IS NOT NULL
             ORDER BY finished_at DESC LIMIT ?2)",
    )?;
    Ok(stmt.query_row(params![service_code, last], |r| r.get(0))?)
}

/// The numbers of the tickets advisors hold, by advisor.
pub fn held(conn: &Connection) -> Result<std::collections::HashMap<i64, String>> {
    let mut stmt =
        conn.prepare_cached("SELECT advisor_id, number FROM tickets WHERE state IN ('CALLED', 'IN_SERVICE')")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
