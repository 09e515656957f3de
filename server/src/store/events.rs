//! The `queue_events` table: every change of the queue in commit order.

use rusqlite::{Connection, params};

use super::Result;

/// Appends an event and returns its sequence number.
pub fn append(
    conn: &Connection,
    at: i64,
    kind: &str,
    ticket_id: Option<i64>,
    advisor_id: Option<i64>,
    actor: &str,
    detail: &str,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO queue_events (at, kind, ticket_id, advisor_id, actor, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![at, kind, ticket_id, advisor_id, actor, detail])?;
    Ok(conn.last_insert_rowid())
}

/// The sequence number of the latest event, 0 when there is none.
pub fn last_seq(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT coalesce(max(seq), 0) FROM queue_events", [], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::db;

    #[test]
    fn events_are_numbered_in_order_from_one() {
        let conn = db();
        assert_eq!(last_seq(&conn).unwrap(), 0, "no event yet");
        let first = append(&conn, 10, "TICKET_CREATED", None, None, "kiosk:entrance", "").unwrap();
        let second = append(&conn, 11, "ADVISOR_STATUS", None, None, "advisor:3", "available").unwrap();
        assert_eq!((first, second), (1, 2));
        assert_eq!(last_seq(&conn).unwrap(), 2);
    }
}
