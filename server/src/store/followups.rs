//! The `follow_ups` table: the calls the desk has to make, each with its window.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::Result;
use crate::domain::followup::{FollowUpKind, FollowUpStatus};

/// A stored follow-up with its customer, vehicle and visit details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpRow {
    /// The id.
    pub id: i64,
    /// Why.
    pub kind: FollowUpKind,
    /// Where it stands.
    pub status: FollowUpStatus,
    /// The customer.
    pub customer_id: i64,
    /// The customer's name.
    pub customer_name: String,
    /// The customer's phone.
    pub phone: String,
    /// The vehicle.
    pub vehicle_id: Option<i64>,
    /// The plate.
    pub plate: String,
    /// The visit.
    pub visit_id: Option<i64>,
    /// The visit's work order.
    pub work_order: String,
    /// The advisor's callback note.
    pub callback_note: String,
    /// Reception flagged a suspected mystery shopper.
    pub mystery_shopper: bool,
    /// Reception flagged a customer likely to complain.
    pub likely_to_complain: bool,
    /// The campaign.
    pub campaign_id: Option<i64>,
    /// The follow-up before (#1 for #2).
    pub previous_id: Option<i64>,
    /// The owner.
    pub owner_agent_id: Option<i64>,
    /// Window start, YYYY-MM-DD.
    pub due_from: String,
    /// Window end, YYYY-MM-DD.
    pub due_until: String,
    /// Retry day after no answer.
    pub next_attempt_date: Option<String>,
    /// Calls made.
    pub attempts: u32,
    /// The maintenance due date a reminder is for.
    pub reminder_for: Option<String>,
    /// When it was closed (unix seconds).
    pub closed_at: Option<i64>,
    /// The inbound call it follows (after an enquiry).
    pub inbound_call_id: Option<i64>,
}

/// A new follow-up.
#[derive(Debug, Clone)]
pub struct NewFollowUp<'a> {
    /// Why.
    pub kind: FollowUpKind,
    /// The customer.
    pub customer_id: i64,
    /// The vehicle.
    pub vehicle_id: Option<i64>,
    /// The visit.
    pub visit_id: Option<i64>,
    /// The campaign.
    pub campaign_id: Option<i64>,
    /// The follow-up before.
    pub previous_id: Option<i64>,
    /// The owner.
    pub owner_agent_id: Option<i64>,
    /// Window start.
    pub due_from: &'a str,
    /// Window end.
    pub due_until: &'a str,
    /// For reminders: the maintenance due date.
    pub reminder_for: Option<&'a str>,
    /// The inbound call it follows (after an enquiry).
    pub inbound_call_id: Option<i64>,
}

const SELECT: &str =
    "SELECT f.id, f.kind, f.status, f.customer_id, c.name, c.phone, f.vehicle_id, coalesce(v.plate, ''),
        f.visit_id, coalesce(w.work_order, ''), coalesce(w.callback_note, ''), coalesce(w.mystery_shopper, 0),
        coalesce(w.likely_to_complain, 0), f.campaign_id, f.previous_id, f.owner_agent_id, f.due_from, f.due_until,
        f.next_attempt_date, f.attempts, f.reminder_for, f.closed_at, f.inbound_call_id
    FROM follow_ups f
    JOIN customers c ON c.id = f.customer_id
    LEFT JOIN vehicles v ON v.id = f.vehicle_id
    LEFT JOIN visits w ON w.id = f.visit_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<FollowUpRow> {
    Ok(FollowUpRow {
        id: r.get(0)?,
        kind: super::named(r, 1)?,
        status: super::named(r, 2)?,
        customer_id: r.get(3)?,
        customer_name: r.get(4)?,
        phone: r.get(5)?,
        vehicle_id: r.get(6)?,
        plate: r.get(7)?,
        visit_id: r.get(8)?,
        work_order: r.get(9)?,
        callback_note: r.get(10)?,
        mystery_shopper: r.get(11)?,
        likely_to_complain: r.get(12)?,
        campaign_id: r.get(13)?,
        previous_id: r.get(14)?,
        owner_agent_id: r.get(15)?,
        due_from: r.get(16)?,
        due_until: r.get(17)?,
        next_attempt_date: r.get(18)?,
        attempts: r.get(19)?,
        reminder_for: r.get(20)?,
        closed_at: r.get(21)?,
        inbound_call_id: r.get(22)?,
    })
}

/// Adds a follow-up and returns its id; `None` when an identical one exists (same
/// visit and kind, campaign and customer, or vehicle and reminder date).
pub fn insert(conn: &Connection, f: &NewFollowUp<'_>, now: i64) -> Result<Option<i64>> {
    let added = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO follow_ups (kind, status, customer_id, vehicle_id, visit_id, campaign_id, previous_id,
                 owner_agent_id, due_from, due_until, reminder_for, created_at, inbound_call_id)
             VALUES (?1, 'OPEN', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
            f.kind.as_str(),
            f.customer_id,
            f.vehicle_id,
            f.visit_id,
            f.campaign_id,
            f.previous_id,
            f.owner_agent_id,
            f.due_from,
            f.due_until,
            f.reminder_for,
            now,
            f.inbound_call_id
        ])?;
    Ok((added == 1).then(|| conn.last_insert_rowid()))
}

/// One follow-up.
pub fn get(conn: &Connection, id: i64) -> Result<Option<FollowUpRow>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE f.id = ?1"))?;
    Ok(stmt.query_row([id], from_row).optional()?)
}

/// Writes status, retry day, attempts and closing back.
pub fn update(conn: &Connection, f: &FollowUpRow) -> Result<()> {
    conn.prepare_cached(
        "UPDATE follow_ups SET status = ?2, next_attempt_date = ?3, attempts = ?4, closed_at = ?5 WHERE id = ?1",
    )?
    .execute(params![f.id, f.status.as_str(), f.next_attempt_date, f.attempts, f.closed_at])?;
    Ok(())
}

/// A filter for [`list`].
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Statuses to include.
    pub statuses: Vec<FollowUpStatus>,
    /// Only this kind.
    pub kind: Option<FollowUpKind>,
    /// Only these owners (`None` for everybody).
    pub owners: Option<Vec<i64>>,
    /// Only this customer.
    pub customer_id: Option<i64>,
    /// Only customers this advisor received.
    pub served_by: Option<i64>,
}

/// Follow-ups matching a filter, by the day they fall due.
pub fn list(conn: &Connection, f: &Filter) -> Result<Vec<FollowUpRow>> {
    let statuses: Vec<&str> = f.statuses.iter().map(|s| s.as_str()).collect();
    let owners = f.owners.as_ref().map(|o| serde_json_array(o));
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE f.status IN (SELECT value FROM json_each(?1)) AND (?2 IS NULL OR f.kind = ?2)
            AND (?3 IS NULL OR f.owner_agent_id IN (SELECT value FROM json_each(?3)))
            AND (?4 IS NULL OR f.customer_id = ?4)
            AND (?5 IS NULL OR EXISTS (SELECT 1 FROM visits s WHERE s.customer_id = f.customer_id AND s.advisor_id = ?5))
         ORDER BY coalesce(f.next_attempt_date, f.due_from), f.id"
    ))?;
    let rows = stmt
        .query_map(
            params![
                serde_json_strings(&statuses),
                f.kind.map(FollowUpKind::as_str),
                owners,
                f.customer_id,
                f.served_by
            ],
            from_row,
        )?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn serde_json_array(ids: &[i64]) -> String {
    format!("[{}]", ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","))
}

fn serde_json_strings(items: &[&str]) -> String {
    format!("[{}]", items.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(","))
}

/// Open follow-ups owned by an agent (for finding the least-loaded agent).
pub fn open_count(conn: &Connection, agent: i64) -> Result<u32> {
    let mut stmt = conn.prepare_cached(
        "SELECT count(*) FROM follow_ups WHERE owner_agent_id = ?1 AND status IN ('OPEN', 'LETTER_DUE')",
    )?;
    Ok(stmt.query_row([agent], |r| r.get(0))?)
}

/// The follow-up a call on `previous_id` opened (#2 after #1), found again by the
/// call's time (it was written in the call's transaction).
pub fn opened_after_call(conn: &Connection, previous_id: i64, at: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM follow_ups WHERE previous_id = ?1 AND created_at = ?2")?
        .query_row(params![previous_id, at], |r| r.get(0))
        .optional()?)
}

/// The follow-up an inbound call opened.
pub fn opened_by_inbound_call(conn: &Connection, call_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM follow_ups WHERE inbound_call_id = ?1 AND kind = 'FIRST'")?
        .query_row([call_id], |r| r.get(0))
        .optional()?)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::store::testing::{customer_with_car, db, staff};

    /// Opens follow-up #1 of a customer's car with a window; returns its id.
    pub(crate) fn first(conn: &Connection, customer: i64, vehicle: i64, from: &str, until: &str) -> i64 {
        let new = NewFollowUp {
            kind: FollowUpKind::First,
            customer_id: customer,
            vehicle_id: Some(vehicle),
            visit_id: None,
            campaign_id: None,
            previous_id: None,
            owner_agent_id: None,
            due_from: from,
            due_until: until,
            reminder_for: None,
            inbound_call_id: None,
        };
        insert(conn, &new, 0).unwrap().unwrap()
    }

    #[test]
    fn a_follow_up_reads_back_with_its_customer_and_plate_and_is_written_back() {
        let conn = db();
        let (customer, vehicle) = customer_with_car(&conn, "13900000001", "沪A00001");
        let id = first(&conn, customer, vehicle, "2030-03-04", "2030-03-08");
        let mut row = get(&conn, id).unwrap().unwrap();
        assert_eq!((row.kind, row.status), (FollowUpKind::First, FollowUpStatus::Open));
        assert_eq!((row.customer_name.as_str(), row.plate.as_str(), row.work_order.as_str()), ("张三", "沪A00001", ""));
        assert_eq!((row.due_from.as_str(), row.due_until.as_str(), row.attempts), ("2030-03-04", "2030-03-08", 0));
        row.status = FollowUpStatus::LetterDue;
        row.attempts = 3;
        row.next_attempt_date = None;
        row.closed_at = Some(99);
        update(&conn, &row).unwrap();
        assert_eq!(get(&conn, id).unwrap(), Some(row));
    }

    #[test]
    fn the_same_reminder_twice_is_ignored() {
        let conn = db();
        let (customer, vehicle) = customer_with_car(&conn, "13900000001", "沪A00001");
        let reminder = NewFollowUp {
            kind: FollowUpKind::MaintenanceReminder,
            customer_id: customer,
            vehicle_id: Some(vehicle),
            visit_id: None,
            campaign_id: None,
            previous_id: None,
            owner_agent_id: None,
            due_from: "2030-03-04",
            due_until: "2030-03-10",
            reminder_for: Some("2030-03-10"),
            inbound_call_id: None,
        };
        assert!(insert(&conn, &reminder, 0).unwrap().is_some());
        assert_eq!(insert(&conn, &reminder, 1).unwrap(), None);
    }

    #[test]
    fn a_list_keeps_the_statuses_owners_and_customers_asked_for_by_the_day_they_fall_due() {
        let conn = db();
        let agent = staff(&conn, "孙丽", "FOLLOWUP_AGENT", 0, &[]);
        let (customer, vehicle) = customer_with_car(&conn, "13900000001", "沪A00001");
        let (other, other_car) = customer_with_car(&conn, "13900000002", "沪A00002");
        let later = first(&conn, customer, vehicle, "2030-03-06", "2030-03-10");
        let sooner = first(&conn, other, other_car, "2030-03-04", "2030-03-08");
        conn.execute("UPDATE follow_ups SET owner_agent_id = ?1 WHERE id = ?2", [agent, later]).unwrap();
        let ids = |f: &Filter| list(&conn, f).unwrap().into_iter().map(|r| r.id).collect::<Vec<_>>();
        let open = Filter { statuses: vec![FollowUpStatus::Open], ..Filter::default() };
        assert_eq!(ids(&open), [sooner, later]);
        assert_eq!(ids(&Filter { owners: Some(vec![agent]), ..open.clone() }), [later]);
        assert_eq!(ids(&Filter { owners: Some(Vec::new()), ..open.clone() }), Vec::<i64>::new());
        assert_eq!(ids(&Filter { customer_id: Some(other), ..open.clone() }), [sooner]);
        assert_eq!(ids(&Filter { kind: Some(FollowUpKind::Second), ..open.clone() }), Vec::<i64>::new());
        assert_eq!(ids(&Filter { statuses: vec![FollowUpStatus::Done], ..open }), Vec::<i64>::new());
        assert_eq!(open_count(&conn, agent).unwrap(), 1);
    }
}
