//! The `letters` table: letters due to customers the desk cannot reach by phone, and
//! letters sent (跟踪服务信函).

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::Result;

/// A stored letter.
pub use crate::domain::records::Letter as LetterRow;

const SELECT: &str =
    "SELECT id, customer_id, follow_up_id, campaign_id, reason, due_date, sent_date, content, sent_by FROM letters";

fn from_row(r: &Row<'_>) -> rusqlite::Result<LetterRow> {
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
pub fn insert(conn: &Connection, l: &LetterRow, now: i64) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO letters (customer_id, follow_up_id, campaign_id, reason, due_date, sent_date, content, sent_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![l.customer_id, l.follow_up_id, l.campaign_id, l.reason, l.due_date, l.sent_date, l.content, l.sent_by, now])?;
    Ok(conn.last_insert_rowid())
}

/// One letter.
pub fn get(conn: &Connection, id: i64) -> Result<Option<LetterRow>> {
    Ok(conn.prepare_cached(&format!("{SELECT} WHERE id = ?1"))?.query_row([id], from_row).optional()?)
}

/// Marks a letter sent.
pub fn mark_sent(conn: &Connection, id: i64, day: &str, content: &str, by: &str) -> Result<()> {
    conn.prepare_cached("UPDATE letters SET sent_date = ?2, content = ?3, sent_by = ?4 WHERE id = ?1")?
        .execute(params![id, day, content, by])?;
    Ok(())
}

/// The letters of a follow-up.
pub fn of_follow_up(conn: &Connection, follow_up_id: i64) -> Result<Vec<LetterRow>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE follow_up_id = ?1 ORDER BY id"))?;
    let rows = stmt.query_map([follow_up_id], from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The letter a call on a follow-up made due, found again by the call's time (it was
/// written in the call's transaction).
pub fn made_due_by_call(conn: &Connection, follow_up_id: i64, at: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM letters WHERE follow_up_id = ?1 AND created_at = ?2")?
        .query_row(params![follow_up_id, at], |r| r.get(0))
        .optional()?)
}

/// A letter still to send, with the customer's name, phone and address, the plate of
/// its follow-up's vehicle and the follow-up's owner.
pub type LetterToSend = (LetterRow, String, String, String, String, Option<i64>);

/// Every letter not yet sent, earliest due first.
pub fn unsent(conn: &Connection) -> Result<Vec<LetterToSend>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.id, l.customer_id, l.follow_up_id, l.campaign_id, l.reason, l.due_date, l.sent_date, l.content,
                l.sent_by, c.name, c.phone, c.address, coalesce(v.plate, ''), f.owner_agent_id
         FROM letters l JOIN customers c ON c.id = l.customer_id
         LEFT JOIN follow_ups f ON f.id = l.follow_up_id LEFT JOIN vehicles v ON v.id = f.vehicle_id
         WHERE l.sent_date IS NULL ORDER BY l.due_date, l.id",
    )?;
    let rows = stmt.query_map([], |r| Ok((from_row(r)?, r.get(9)?, r.get(10)?, r.get(11)?, r.get(12)?, r.get(13)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::followup::FollowUpKind;
    use crate::store::followups::{self, NewFollowUp};
    use crate::store::testing::{customer_with_car, db};

    fn due(customer_id: i64, follow_up_id: Option<i64>, due_date: &str) -> LetterRow {
        LetterRow {
            id: 0,
            customer_id,
            follow_up_id,
            campaign_id: None,
            reason: "NO_ANSWER".into(),
            due_date: due_date.into(),
            sent_date: None,
            content: String::new(),
            sent_by: String::new(),
        }
    }

    #[test]
    fn a_letter_due_is_listed_with_the_customer_and_plate_until_it_is_sent() {
        let conn = db();
        let (customer, vehicle) = customer_with_car(&conn, "13900000001", "沪A00001");
        let follow_up = NewFollowUp {
            kind: FollowUpKind::First,
            customer_id: customer,
            vehicle_id: Some(vehicle),
            visit_id: None,
            campaign_id: None,
            previous_id: None,
            owner_agent_id: None,
            due_from: "2030-03-04",
            due_until: "2030-03-08",
            reminder_for: None,
            inbound_call_id: None,
        };
        let f = followups::insert(&conn, &follow_up, 0).unwrap().unwrap();
        let later = insert(&conn, &due(customer, None, "2030-03-12"), 5).unwrap();
        let first = insert(&conn, &due(customer, Some(f), "2030-03-10"), 7).unwrap();
        let unsent_ids: Vec<(i64, String)> = unsent(&conn).unwrap().into_iter().map(|l| (l.0.id, l.4)).collect();
        assert_eq!(unsent_ids, [(first, "沪A00001".to_owned()), (later, String::new())], "earliest due first");
        assert_eq!(made_due_by_call(&conn, f, 7).unwrap(), Some(first));
        assert_eq!(made_due_by_call(&conn, f, 8).unwrap(), None, "another call's time");

        mark_sent(&conn, first, "2030-03-09", "您好", "followup:7").unwrap();
        let sent = get(&conn, first).unwrap().unwrap();
        assert_eq!(
            (sent.sent_date.as_deref(), sent.content.as_str(), sent.sent_by.as_str()),
            (Some("2030-03-09"), "您好", "followup:7")
        );
        assert_eq!(of_follow_up(&conn, f).unwrap(), [sent]);
        assert_eq!(unsent(&conn).unwrap().len(), 1);
    }
}
