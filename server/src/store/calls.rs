//! The `calls` table: every call of the desk, outbound (follow-ups, and calls that are
//! no follow-up, such as calls to lost customers) and inbound (enquiries, complaints).

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::Result;
use crate::domain::followup::{CallOutcome, CallPurpose};

/// A stored call.
pub use crate::domain::records::Call as CallRow;

pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<CallRow> {
    let topics: String = r.get(8)?;
    Ok(CallRow {
        id: r.get(0)?,
        follow_up_id: r.get(1)?,
        customer_id: r.get(2)?,
        inbound: r.get(3)?,
        at: r.get(4)?,
        agent: r.get(5)?,
        outcome: super::named_or_null(r, 6)?,
        satisfaction: r.get(7)?,
        topics: topics.split(',').filter(|t| !t.is_empty()).map(str::to_owned).collect(),
        requests: r.get(9)?,
        complaints: r.get(10)?,
        answered_on_call: r.get(11)?,
        note: r.get(12)?,
        inbound_kind: r.get(13)?,
        too_early: r.get(14)?,
        new_content: r.get(15)?,
        purpose: super::named_or_null(r, 16)?,
        lost_reason: r.get(17)?,
    })
}

/// The columns [`from_row`] reads, in its order, of `calls k`.
pub(crate) const COLUMNS: &str = "k.id, k.follow_up_id, k.customer_id, k.inbound, k.at, k.agent, k.outcome, \
     k.satisfaction, k.topics, k.requests, k.complaints, k.answered_on_call, k.note, k.inbound_kind, k.too_early, \
     k.new_content, k.purpose, k.lost_reason";

/// Stores a call and returns its id.
pub fn insert(conn: &Connection, c: &CallRow) -> Result<i64> {
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
pub fn of_follow_up(conn: &Connection, follow_up_id: i64) -> Result<Vec<CallRow>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM calls k WHERE k.follow_up_id = ?1 ORDER BY k.at, k.id"))?;
    let rows = stmt.query_map([follow_up_id], from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// One call.
pub fn get(conn: &Connection, id: i64) -> Result<Option<CallRow>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM calls k WHERE k.id = ?1"))?;
    Ok(stmt.query_row([id], from_row).optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::{customer_with_car, db, noon};

    /// An outbound call on a follow-up, reached.
    pub(crate) fn reached(customer_id: i64, follow_up_id: Option<i64>, at: i64) -> CallRow {
        CallRow {
            id: 0,
            follow_up_id,
            customer_id,
            inbound: false,
            at,
            agent: "followup:7".into(),
            outcome: Some(CallOutcome::Reached),
            satisfaction: Some(5),
            topics: vec!["VEHICLE_CONDITION".into(), "OFFERS".into()],
            requests: "冬季保养套餐".into(),
            complaints: String::new(),
            answered_on_call: true,
            note: "已发套餐介绍".into(),
            inbound_kind: None,
            too_early: false,
            new_content: String::new(),
            purpose: follow_up_id.is_none().then_some(CallPurpose::LostCustomer),
            lost_reason: String::new(),
        }
    }

    #[test]
    fn a_call_reads_back_as_written_with_its_topics_and_purpose() {
        let conn = db();
        let (customer, _) = customer_with_car(&conn, "13900000001", "沪A00001");
        let call = CallRow { lost_reason: "价格".into(), ..reached(customer, None, noon("2030-03-04")) };
        let id = insert(&conn, &call).unwrap();
        assert_eq!(get(&conn, id).unwrap(), Some(CallRow { id, ..call }));
        assert_eq!(get(&conn, id + 1).unwrap(), None);
    }

    #[test]
    fn an_unknown_outcome_in_the_database_is_an_error_not_a_guess() {
        let conn = db();
        let (customer, _) = customer_with_car(&conn, "13900000001", "沪A00001");
        let id = insert(&conn, &reached(customer, None, 0)).unwrap();
        conn.execute_batch("PRAGMA ignore_check_constraints = ON").unwrap();
        conn.execute("UPDATE calls SET outcome = 'HUNG_UP' WHERE id = ?1", [id]).unwrap();
        assert!(get(&conn, id).is_err());
    }

    #[test]
    fn the_calls_of_a_follow_up_come_oldest_first() {
        let conn = db();
        let (customer, vehicle) = customer_with_car(&conn, "13900000001", "沪A00001");
        let f = crate::store::followups::tests::first(&conn, customer, vehicle, "2030-03-04", "2030-03-08");
        let late = insert(&conn, &reached(customer, Some(f), noon("2030-03-06"))).unwrap();
        let early = insert(&conn, &reached(customer, Some(f), noon("2030-03-05"))).unwrap();
        insert(&conn, &reached(customer, None, noon("2030-03-04"))).unwrap();
        let ids: Vec<i64> = of_follow_up(&conn, f).unwrap().into_iter().map(|c| c.id).collect();
        assert_eq!(ids, [early, late]);
    }
}
