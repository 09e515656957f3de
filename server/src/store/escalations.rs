//! The `escalations` table: complaints not answered on the call (投诉处理), from the
//! agent's research to the supervisor's solution and the customer's notice.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::Result;

/// A stored escalation.
pub use crate::domain::records::Escalation as EscalationRow;

const SELECT: &str = "SELECT e.id, e.customer_id, c.name, c.phone, e.follow_up_id, e.call_id, e.complaint, e.raised_at,
        e.due_at, e.raised_by, e.resolved_at, e.solution, e.customer_told_at, e.resolved_by, e.research_due_at,
        e.reported_at, e.reported_by, e.report_note
    FROM escalations e JOIN customers c ON c.id = e.customer_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<EscalationRow> {
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
pub fn insert(conn: &Connection, e: &EscalationRow) -> Result<i64> {
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
pub fn get(conn: &Connection, id: i64) -> Result<Option<EscalationRow>> {
    Ok(conn.prepare_cached(&format!("{SELECT} WHERE e.id = ?1"))?.query_row([id], from_row).optional()?)
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
pub fn all(conn: &Connection) -> Result<Vec<EscalationRow>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} ORDER BY e.resolved_at IS NOT NULL, e.due_at, e.id"))?;
    let rows = stmt.query_map([], from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The escalation a call raised; with `at`, only one raised at that instant (in the
/// call's own transaction).
pub fn raised_by_call(conn: &Connection, call_id: i64, at: Option<i64>) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM escalations WHERE call_id = ?1 AND (?2 IS NULL OR raised_at = ?2)")?
        .query_row(params![call_id, at], |r| r.get(0))
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::calls::{self, CallRow};
    use crate::store::testing::{customer_with_car, db, noon};

    fn raised(customer_id: i64, call_id: Option<i64>, raised_at: i64, due_at: i64) -> EscalationRow {
        EscalationRow {
            id: 0,
            customer_id,
            customer_name: String::new(),
            phone: String::new(),
            follow_up_id: None,
            call_id,
            complaint: "交车时车内不干净".into(),
            raised_at,
            due_at,
            research_due_at: Some(due_at),
            reported_at: None,
            reported_by: String::new(),
            report_note: String::new(),
            raised_by: "followup:7".into(),
            resolved_at: None,
            solution: String::new(),
            customer_told_at: None,
            resolved_by: String::new(),
        }
    }

    #[test]
    fn an_escalation_reads_back_with_its_customer_and_goes_through_report_and_solution() {
        let conn = db();
        let (customer, _) = customer_with_car(&conn, "13900000001", "沪A00001");
        let id = insert(&conn, &raised(customer, None, noon("2030-03-04"), noon("2030-03-06"))).unwrap();
        let stored = get(&conn, id).unwrap().unwrap();
        assert_eq!((stored.customer_name.as_str(), stored.phone.as_str()), ("张三", "13900000001"));
        assert_eq!((stored.research_due_at, stored.reported_at), (Some(noon("2030-03-06")), None));

        report(&conn, id, noon("2030-03-05"), "followup:7", "需厂家确认", noon("2030-03-07")).unwrap();
        resolve(&conn, id, "已更换", noon("2030-03-06"), None, "supervisor:9").unwrap();
        record_notice(&conn, id, noon("2030-03-07")).unwrap();
        let done = get(&conn, id).unwrap().unwrap();
        assert_eq!(
            (done.reported_at, done.report_note.as_str(), done.due_at),
            (Some(noon("2030-03-05")), "需厂家确认", noon("2030-03-07"))
        );
        assert_eq!(
            (done.resolved_at, done.solution.as_str(), done.customer_told_at, done.resolved_by.as_str()),
            (Some(noon("2030-03-06")), "已更换", Some(noon("2030-03-07")), "supervisor:9")
        );
    }

    #[test]
    fn open_escalations_come_first_by_due_time_and_a_call_finds_the_one_it_raised() {
        let conn = db();
        let (customer, _) = customer_with_car(&conn, "13900000001", "沪A00001");
        let call = CallRow {
            id: 0,
            follow_up_id: None,
            customer_id: customer,
            inbound: true,
            at: noon("2030-03-01"),
            agent: "followup:7".into(),
            outcome: None,
            satisfaction: None,
            topics: Vec::new(),
            requests: String::new(),
            complaints: "划痕".into(),
            answered_on_call: false,
            note: String::new(),
            inbound_kind: Some("COMPLAINT".into()),
            too_early: false,
            new_content: String::new(),
            purpose: None,
            lost_reason: String::new(),
        };
        let call = calls::insert(&conn, &call).unwrap();
        let resolved = insert(&conn, &raised(customer, None, noon("2030-03-01"), noon("2030-03-02"))).unwrap();
        resolve(&conn, resolved, "已致歉", noon("2030-03-02"), None, "supervisor:9").unwrap();
        let late = insert(&conn, &raised(customer, Some(call), noon("2030-03-01"), noon("2030-03-09"))).unwrap();
        let soon = insert(&conn, &raised(customer, None, noon("2030-03-02"), noon("2030-03-04"))).unwrap();
        let order: Vec<i64> = all(&conn).unwrap().into_iter().map(|e| e.id).collect();
        assert_eq!(order, [soon, late, resolved]);
        assert_eq!(raised_by_call(&conn, call, None).unwrap(), Some(late));
        assert_eq!(raised_by_call(&conn, call, Some(noon("2030-03-01"))).unwrap(), Some(late));
        assert_eq!(raised_by_call(&conn, call, Some(noon("2030-03-02"))).unwrap(), None, "raised at another time");
    }
}
