//! The `tickets` and `ticket_counters` tables.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::Result;
use crate::domain::AssignmentReason;

/// A stored ticket with its customer, vehicle, appointment and advisor details.
pub use crate::domain::records::Ticket as TicketRow;

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

const SELECT: &str = concat!(
    "SELECT t.id, t.local_date, t.number, t.service_code, t.customer_id, t.vehicle_id,
        t.appointment_id, a.confirmation_code, a.slot_start, a.preferred_advisor_id, t.late_appointment, t.state,
        t.raised, t.raise_reason, t.transferred_to, t.own_advisor_id, t.advisor_id, d.name, t.counter_number,
        t.assignment_reason, t.recalls, t.arrived_at, t.called_at, t.started_at, t.finished_at,
        v.plate, c.name, c.phone, t.last_called_at,
        coalesce((SELECT w.mystery_shopper FROM visits w WHERE w.ticket_id = t.id), 0),
        coalesce((SELECT w.likely_to_complain FROM visits w WHERE w.ticket_id = t.id), 0),
        t.provisional_number, t.transferred_at, ",
    open_recalls!(),
    "
    FROM tickets t
    JOIN vehicles v ON v.id = t.vehicle_id
    JOIN customers c ON c.id = t.customer_id
    LEFT JOIN appointments a ON a.id = t.appointment_id
    LEFT JOIN advisors d ON d.id = t.advisor_id"
);

fn from_row(r: &Row<'_>) -> rusqlite::Result<TicketRow> {
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
        state: super::named(r, 11)?,
        raised: r.get(12)?,
        raise_reason: r.get(13)?,
        transferred_to: r.get(14)?,
        own_advisor_id: r.get(15)?,
        advisor_id: r.get(16)?,
        advisor_name: r.get(17)?,
        counter_number: r.get(18)?,
        assignment_reason: super::named_or_null(r, 19)?,
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
        open_recalls: super::recall_flags(r, 33)?,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::TicketState;
    use crate::store::testing::{customer_with_car, db, noon, staff, ticket};

    const DAY: &str = "2030-03-04";

    fn call(conn: &Connection, id: i64, advisor: i64, at: i64) -> TicketRow {
        let mut row = get(conn, id).unwrap().unwrap();
        row.state = TicketState::Called;
        row.advisor_id = Some(advisor);
        row.counter_number = 3;
        row.assignment_reason = Some(AssignmentReason::SkillMatch);
        row.called_at = Some(at);
        row.last_called_at = Some(at);
        update(conn, &row).unwrap();
        row
    }

    fn finish(conn: &Connection, mut row: TicketRow, state: TicketState, at: i64) {
        row.state = state;
        row.finished_at = Some(at);
        update(conn, &row).unwrap();
    }

    #[test]
    fn numbers_count_per_day_and_prefix() {
        let conn = db();
        assert_eq!(next_number(&conn, DAY, "B").unwrap(), 1);
        assert_eq!(next_number(&conn, DAY, "B").unwrap(), 2);
        assert_eq!(next_number(&conn, DAY, "W").unwrap(), 1, "another prefix");
        assert_eq!(next_number(&conn, "2030-03-05", "B").unwrap(), 1, "a new day");
    }

    #[test]
    fn a_ticket_reads_back_with_its_customer_and_advisor_as_it_moves() {
        let conn = db();
        let advisor = staff(&conn, "王磊", "SERVICE_ADVISOR", 0, &["repair"]);
        let car = customer_with_car(&conn, "13900000001", "沪A00001");
        let id = ticket(&conn, car, "repair", DAY, noon(DAY));
        let waiting = get(&conn, id).unwrap().unwrap();
        assert_eq!(
            (waiting.state, waiting.plate.as_str(), waiting.phone.as_str()),
            (TicketState::Waiting, "沪A00001", "13900000001")
        );
        assert_eq!(
            (waiting.advisor_name.clone(), waiting.appointment_id, waiting.mystery_shopper),
            (None, None, false)
        );
        assert_eq!(by_number(&conn, DAY, &waiting.number).unwrap().map(|t| t.id), Some(id));
        assert_eq!(open_for_customer(&conn, car.0, DAY).unwrap().map(|t| t.id), Some(id));
        let called = call(&conn, id, advisor, noon(DAY) + 600);
        let stored = get(&conn, id).unwrap().unwrap();
        assert_eq!(
            (stored.advisor_name.as_deref(), stored.assignment_reason),
            (Some("王磊"), Some(AssignmentReason::SkillMatch))
        );
        assert_eq!(held_by(&conn, advisor).unwrap().map(|t| t.id), Some(id));
        assert_eq!(held(&conn).unwrap().get(&advisor), Some(&called.number));
        finish(&conn, called, TicketState::Done, noon(DAY) + 1500);
        assert_eq!(held_by(&conn, advisor).unwrap(), None);
        assert_eq!(open_for_customer(&conn, car.0, DAY).unwrap(), None);
        assert_eq!(last_advisor_of(&conn, car.0).unwrap(), Some(advisor));
    }

    #[test]
    fn waiting_tickets_come_by_arrival_and_open_ones_of_earlier_days_are_found() {
        let conn = db();
        let first = customer_with_car(&conn, "13900000001", "沪A00001");
        let second = customer_with_car(&conn, "13900000002", "沪A00002");
        let yesterday = ticket(&conn, first, "repair", "2030-03-03", noon("2030-03-03"));
        let later = ticket(&conn, first, "repair", DAY, noon(DAY) + 60);
        let sooner = ticket(&conn, second, "maintenance", DAY, noon(DAY));
        keep_provisional_number(&conn, later, "K-07").unwrap();
        let ids = |rows: Vec<TicketRow>| rows.into_iter().map(|t| t.id).collect::<Vec<_>>();
        assert_eq!(ids(waiting_of_day(&conn, DAY).unwrap()), [sooner, later]);
        assert_eq!(ids(of_day(&conn, DAY).unwrap()), [sooner, later]);
        assert_eq!(ids(open_before(&conn, DAY).unwrap()), [yesterday]);
        assert_eq!(get(&conn, later).unwrap().unwrap().provisional_number, "K-07");
        assert_eq!(for_appointment(&conn, 1).unwrap(), None);
    }

    #[test]
    fn the_average_reception_counts_the_latest_receptions_of_a_service_only() {
        let conn = db();
        let advisor = staff(&conn, "王磊", "SERVICE_ADVISOR", 0, &[]);
        assert_eq!(average_reception_secs(&conn, "repair", 20).unwrap(), None, "no history");
        for (i, minutes) in [30, 10, 20].into_iter().enumerate() {
            let car = customer_with_car(&conn, &format!("1390000000{i}"), &format!("沪A0000{i}"));
            let id = ticket(&conn, car, "repair", DAY, noon(DAY));
            let start = noon(DAY) + 3600 * i as i64;
            let row = call(&conn, id, advisor, start);
            finish(&conn, row, TicketState::Done, start + minutes * 60);
        }
        assert_eq!(average_reception_secs(&conn, "repair", 20).unwrap(), Some(1200.0));
        assert_eq!(
            average_reception_secs(&conn, "repair", 2).unwrap(),
            Some(900.0),
            "the two latest: 10 and 20 minutes"
        );
        assert_eq!(average_reception_secs(&conn, "maintenance", 20).unwrap(), None);
    }
}
