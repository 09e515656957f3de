//! The `letters`, `escalations`, `campaigns` and `standins` tables.

use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::domain::Result;

/// A stored letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterRow {
    /// The id.
    pub id: i64,
    /// The customer.
    pub customer_id: i64,
    /// The follow-up.
    pub follow_up_id: Option<i64>,
    /// The campaign.
    pub campaign_id: Option<i64>,
    /// NO_ANSWER, WRONG_NUMBER, CAMPAIGN_INVITATION or OTHER.
    pub reason: String,
    /// Due by.
    pub due_date: String,
    /// Sent on.
    pub sent_date: Option<String>,
    /// Content.
    pub content: String,
    /// Sent by.
    pub sent_by: String,
}

const LETTER: &str =
    "SELECT id, customer_id, follow_up_id, campaign_id, reason, due_date, sent_date, content, sent_by FROM letters";

fn letter(r: &Row<'_>) -> rusqlite::Result<LetterRow> {
    Ok(LetterRow {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        follow_up_id: r.get(2)?,
        campaign_id: r.get(3)?,
        reason: r.get(4)?,
        due_date: r.get(5)?,
        sent_date: r.get(6)?,
        content: r.get(7)?,
        sent_by: r.get(8)?,
    })
}

/// Adds a letter and returns its id.
pub fn insert_letter(conn: &Connection, l: &LetterRow, now: i64) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO letters (customer_id, follow_up_id, campaign_id, reason, due_date, sent_date, content, sent_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![l.customer_id, l.follow_up_id, l.campaign_id, l.reason, l.due_date, l.sent_date, l.content, l.sent_by, now])?;
    Ok(conn.last_insert_rowid())
}

/// One letter.
pub fn get_letter(conn: &Connection, id: i64) -> Result<Option<LetterRow>> {
    Ok(conn.prepare_cached(&format!("{LETTER} WHERE id = ?1"))?.query_row([id], letter).optional()?)
}

/// Marks a letter sent.
pub fn send_letter(conn: &Connection, id: i64, day: &str, content: &str, by: &str) -> Result<()> {
    conn.prepare_cached("UPDATE letters SET sent_date = ?2, content = ?3, sent_by = ?4 WHERE id = ?1")?
        .execute(params![id, day, content, by])?;
    Ok(())
}

/// The letters of a follow-up.
pub fn letters_of(conn: &Connection, follow_up_id: i64) -> Result<Vec<LetterRow>> {
    let mut stmt = conn.prepare_cached(&format!("{LETTER} WHERE follow_up_id = ?1 ORDER BY id"))?;
    let rows = stmt.query_map([follow_up_id], letter)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A letter still to send, with the customer's name, phone and address, the plate of
/// its follow-up's vehicle and the follow-up's owner.
pub type LetterToSend = (LetterRow, String, String, String, String, Option<i64>);

/// Every letter not yet sent, earliest due first.
pub fn unsent_letters(conn: &Connection) -> Result<Vec<LetterToSend>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.id, l.customer_id, l.follow_up_id, l.campaign_id, l.reason, l.due_date, l.sent_date, l.content,
                l.sent_by, c.name, c.phone, c.address, coalesce(v.plate, ''), f.owner_agent_id
         FROM letters l JOIN customers c ON c.id = l.customer_id
         LEFT JOIN follow_ups f ON f.id = l.follow_up_id LEFT JOIN vehicles v ON v.id = f.vehicle_id
         WHERE l.sent_date IS NULL ORDER BY l.due_date, l.id",
    )?;
    let rows = stmt.query_map([], |r| Ok((letter(r)?, r.get(9)?, r.get(10)?, r.get(11)?, r.get(12)?, r.get(13)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A stored escalation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalationRow {
    /// The id.
    pub id: i64,
    /// The customer.
    pub customer_id: i64,
    /// The customer's name.
    pub customer_name: String,
    /// The customer's phone.
    pub phone: String,
    /// The follow-up.
    pub follow_up_id: Option<i64>,
    /// The call.
    pub call_id: Option<i64>,
    /// The complaint.
    pub complaint: String,
    /// Raised (unix seconds).
    pub raised_at: i64,
    /// The supervisor's deadline (unix seconds): 48 hours after the escalation reached
    /// them, or while researched, after the research deadline.
    pub due_at: i64,
    /// The end of the agent's research (unix seconds); `None` when raised to the
    /// supervisor by hand.
    pub research_due_at: Option<i64>,
    /// Reported to the supervisor by hand (unix seconds).
    pub reported_at: Option<i64>,
    /// Reported by.
    pub reported_by: String,
    /// What the agent found.
    pub report_note: String,
    /// Raised by.
    pub raised_by: String,
    /// Resolved.
    pub resolved_at: Option<i64>,
    /// Solution.
    pub solution: String,
    /// The customer was told.
    pub customer_told_at: Option<i64>,
    /// Resolved by.
    pub resolved_by: String,
}

const ESCALATION: &str =
    "SELECT e.id, e.customer_id, c.name, c.phone, e.follow_up_id, e.call_id, e.complaint, e.raised_at,
        e.due_at, e.raised_by, e.resolved_at, e.solution, e.customer_told_at, e.resolved_by, e.research_due_at,
        e.reported_at, e.reported_by, e.report_note
    FROM escalations e JOIN customers c ON c.id = e.customer_id";

fn escalation(r: &Row<'_>) -> rusqlite::Result<EscalationRow> {
    Ok(EscalationRow {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        customer_name: r.get(2)?,
        phone: r.get(3)?,
        follow_up_id: r.get(4)?,
        call_id: r.get(5)?,
        complaint: r.get(6)?,
        raised_at: r.get(7)?,
        due_at: r.get(8)?,
        raised_by: r.get(9)?,
        resolved_at: r.get(10)?,
        solution: r.get(11)?,
        customer_told_at: r.get(12)?,
        resolved_by: r.get(13)?,
        research_due_at: r.get(14)?,
        reported_at: r.get(15)?,
        reported_by: r.get(16)?,
        report_note: r.get(17)?,
    })
}

/// Adds an escalation and returns its id.
pub fn insert_escalation(conn: &Connection, e: &EscalationRow) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO escalations (customer_id, follow_up_id, call_id, complaint, raised_at, due_at, raised_by,
             research_due_at, reported_at, reported_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        e.customer_id,
        e.follow_up_id,
        e.call_id,
        e.complaint,
        e.raised_at,
        e.due_at,
        e.raised_by,
        e.research_due_at,
        e.reported_at,
        e.reported_by
    ])?;
    Ok(conn.last_insert_rowid())
}

/// One escalation.
pub fn get_escalation(conn: &Connection, id: i64) -> Result<Option<EscalationRow>> {
    Ok(conn.prepare_cached(&format!("{ESCALATION} WHERE e.id = ?1"))?.query_row([id], escalation).optional()?)
}

/// Records a solution.
pub fn resolve(conn: &Connection, id: i64, solution: &str, at: i64, told: Option<i64>, by: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE escalations SET resolved_at = ?2, solution = ?3, customer_told_at = ?4, resolved_by = ?5 WHERE id = ?1",
    )?
    .execute(params![id, at, solution, told, by])?;
    Ok(())
}

/// Records that the agent reported an escalation to the supervisor, with their new deadline.
pub fn report(conn: &Connection, id: i64, at: i64, by: &str, note: &str, due_at: i64) -> Result<()> {
    conn.prepare_cached(
        "UPDATE escalations SET reported_at = ?2, reported_by = ?3, report_note = ?4, due_at = ?5 WHERE id = ?1",
    )?
    .execute(params![id, at, by, note, due_at])?;
    Ok(())
}

/// Records when the customer was told the solution.
pub fn record_notice(conn: &Connection, id: i64, told: i64) -> Result<()> {
    conn.prepare_cached("UPDATE escalations SET customer_told_at = ?2 WHERE id = ?1")?.execute(params![id, told])?;
    Ok(())
}

/// Every escalation: open first, then by due time.
pub fn escalations(conn: &Connection) -> Result<Vec<EscalationRow>> {
    let mut stmt = conn.prepare_cached(&format!("{ESCALATION} ORDER BY e.resolved_at IS NOT NULL, e.due_at, e.id"))?;
    let rows = stmt.query_map([], escalation)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A stored campaign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignRow {
    /// The id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// GATHERING, OFFER, FREE_CHECK or RECALL.
    pub kind: String,
    /// Date.
    pub event_date: String,
    /// The day invitations are called.
    pub call_date: String,
    /// ALL_BASE, MAINTENANCE_DUE or VEHICLES.
    pub audience: String,
    /// For MAINTENANCE_DUE.
    pub due_before: Option<String>,
    /// For VEHICLES, comma-separated.
    pub vehicles: String,
    /// Invitation calls opened.
    pub invitations: u32,
}

/// Adds a campaign and returns its id.
pub fn insert_campaign(conn: &Connection, c: &CampaignRow, by: &str, now: i64) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO campaigns (name, kind, event_date, call_date, audience, due_before, vehicles, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![c.name, c.kind, c.event_date, c.call_date, c.audience, c.due_before, c.vehicles, by, now])?;
    Ok(conn.last_insert_rowid())
}

/// Campaigns, latest date first, one page.
pub fn campaigns(conn: &Connection, id: Option<i64>, offset: u32, limit: u32) -> Result<Vec<CampaignRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.name, c.kind, c.event_date, c.call_date, c.audience, c.due_before, c.vehicles,
                (SELECT count(*) FROM follow_ups f WHERE f.campaign_id = c.id)
         FROM campaigns c WHERE (?1 IS NULL OR c.id = ?1) ORDER BY c.event_date DESC, c.id DESC LIMIT ?2 OFFSET ?3",
    )?;
    let rows = stmt
        .query_map(params![id, limit, offset], |r| {
            Ok(CampaignRow {
                id: r.get(0)?,
                name: r.get(1)?,
                kind: r.get(2)?,
                event_date: r.get(3)?,
                call_date: r.get(4)?,
                audience: r.get(5)?,
                due_before: r.get(6)?,
                vehicles: r.get(7)?,
                invitations: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Records that `standin` covers `absent` from one day to another.
pub fn insert_standin(
    conn: &Connection,
    absent: i64,
    standin: i64,
    from: &str,
    until: &str,
    by: &str,
    now: i64,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO standins (absent_agent_id, standin_agent_id, from_date, until_date, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![absent, standin, from, until, by, now])?;
    Ok(())
}

/// The agents `standin` covers on `day` (where several arrangements overlap, the latest wins).
pub fn covered_by(conn: &Connection, standin: i64, day: &str) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT s.absent_agent_id FROM standins s
         WHERE s.standin_agent_id = ?1 AND s.from_date <= ?2 AND s.until_date >= ?2
           AND s.id = (SELECT max(t.id) FROM standins t
                       WHERE t.absent_agent_id = s.absent_agent_id AND t.from_date <= ?2 AND t.until_date >= ?2)",
    )?;
    let rows = stmt.query_map(params![standin, day], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Who stands in for `agent` on `day`, if anybody (the latest arrangement wins).
pub fn standin_for(conn: &Connection, agent: i64, day: &str) -> Result<Option<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT standin_agent_id FROM standins WHERE absent_agent_id = ?1 AND from_date <= ?2 AND until_date >= ?2
         ORDER BY id DESC LIMIT 1",
    )?;
    Ok(stmt.query_row(params![agent, day], |r| r.get(0)).optional()?)
}
