//! The `follow_ups` and `calls` tables.

pub mod lost;

use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::domain::Result;
use crate::domain::followup::{CallOutcome, CallPurpose, FollowUpKind, FollowUpStatus};

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

fn conversion(index: usize, e: crate::domain::Error) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, e.into())
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<FollowUpRow> {
    let kind: String = r.get(1)?;
    let status: String = r.get(2)?;
    Ok(FollowUpRow {
        id: r.get(0)?,
        kind: FollowUpKind::from_db(&kind).map_err(|e| conversion(1, e))?,
        status: FollowUpStatus::from_db(&status).map_err(|e| conversion(2, e))?,
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

/// A stored call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRow {
    /// The id.
    pub id: i64,
    /// The follow-up.
    pub follow_up_id: Option<i64>,
    /// The customer.
    pub customer_id: i64,
    /// Inbound.
    pub inbound: bool,
    /// When (unix seconds).
    pub at: i64,
    /// Who.
    pub agent: String,
    /// How it went (outbound).
    pub outcome: Option<CallOutcome>,
    /// Satisfaction.
    pub satisfaction: Option<u8>,
    /// Topics (CallTopic names without prefix).
    pub topics: Vec<String>,
    /// Requests.
    pub requests: String,
    /// Complaints.
    pub complaints: String,
    /// Answered on the call.
    pub answered_on_call: bool,
    /// Notes.
    pub note: String,
    /// ENQUIRY or COMPLAINT for inbound calls.
    pub inbound_kind: Option<String>,
    /// Made before its follow-up's window opened.
    pub too_early: bool,
    /// For #2 repeating a topic of #1: what is new.
    pub new_content: String,
    /// Why an outbound call that is no follow-up was made.
    pub purpose: Option<CallPurpose>,
    /// The reason a lost customer gave.
    pub lost_reason: String,
}

fn call(r: &Row<'_>) -> rusqlite::Result<CallRow> {
    let outcome: Option<String> = r.get(6)?;
    let topics: String = r.get(8)?;
    let purpose: Option<String> = r.get(16)?;
    Ok(CallRow {
        id: r.get(0)?,
        follow_up_id: r.get(1)?,
        customer_id: r.get(2)?,
        inbound: r.get(3)?,
        at: r.get(4)?,
        agent: r.get(5)?,
        outcome: outcome.map(|o| CallOutcome::from_db(&o)).transpose().map_err(|e| conversion(6, e))?,
        satisfaction: r.get(7)?,
        topics: topics.split(',').filter(|t| !t.is_empty()).map(str::to_owned).collect(),
        requests: r.get(9)?,
        complaints: r.get(10)?,
        answered_on_call: r.get(11)?,
        note: r.get(12)?,
        inbound_kind: r.get(13)?,
        too_early: r.get(14)?,
        new_content: r.get(15)?,
        purpose: purpose.map(|p| CallPurpose::from_db(&p)).transpose().map_err(|e| conversion(16, e))?,
        lost_reason: r.get(17)?,
    })
}

const CALL_COLUMNS: &str = "id, follow_up_id, customer_id, inbound, at, agent, outcome, satisfaction, topics, requests, \
     complaints, answered_on_call, note, inbound_kind, too_early, new_content, purpose, lost_reason";

/// Stores a call and returns its id.
pub fn insert_call(conn: &Connection, c: &CallRow) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO calls (follow_up_id, customer_id, inbound, at, agent, outcome, satisfaction, topics, requests,
             complaints, answered_on_call, note, inbound_kind, too_early, new_content, purpose, lost_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?
    .execute(params![
        c.follow_up_id,
        c.customer_id,
        c.inbound,
        c.at,
        c.agent,
        c.outcome.map(CallOutcome::as_str),
        c.satisfaction,
        c.topics.join(","),
        c.requests,
        c.complaints,
        c.answered_on_call,
        c.note,
        c.inbound_kind,
        c.too_early,
        c.new_content,
        c.purpose.map(CallPurpose::as_str),
        c.lost_reason
    ])?;
    Ok(conn.last_insert_rowid())
}

/// The calls of a follow-up, oldest first.
pub fn calls_of(conn: &Connection, follow_up_id: i64) -> Result<Vec<CallRow>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {CALL_COLUMNS} FROM calls WHERE follow_up_id = ?1 ORDER BY at, id"))?;
    let rows = stmt.query_map([follow_up_id], call)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// One call.
pub fn get_call(conn: &Connection, id: i64) -> Result<Option<CallRow>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {CALL_COLUMNS} FROM calls WHERE id = ?1"))?;
    Ok(stmt.query_row([id], call).optional()?)
}

/// What an outbound call wrote in its own transaction, found again by its time: the
/// follow-up it opened, the escalation it raised and the letter it made due.
pub fn outcome_of_call(conn: &Connection, call: &CallRow) -> Result<(Option<i64>, Option<i64>, Option<i64>)> {
    let one = |sql: &str, a: i64, b: i64| -> Result<Option<i64>> {
        Ok(conn.prepare_cached(sql)?.query_row(params![a, b], |r| r.get(0)).optional()?)
    };
    let Some(follow_up) = call.follow_up_id else { return Ok((None, None, None)) };
    Ok((
        one("SELECT id FROM follow_ups WHERE previous_id = ?1 AND created_at = ?2", follow_up, call.at)?,
        one("SELECT id FROM escalations WHERE call_id = ?1 AND raised_at = ?2", call.id, call.at)?,
        one("SELECT id FROM letters WHERE follow_up_id = ?1 AND created_at = ?2", follow_up, call.at)?,
    ))
}

/// The follow-up an inbound call opened.
pub fn follow_up_of_call(conn: &Connection, call_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM follow_ups WHERE inbound_call_id = ?1 AND kind = 'FIRST'")?
        .query_row([call_id], |r| r.get(0))
        .optional()?)
}

/// The escalation an inbound call raised.
pub fn escalation_of_call(conn: &Connection, call_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM escalations WHERE call_id = ?1")?
        .query_row([call_id], |r| r.get(0))
        .optional()?)
}
