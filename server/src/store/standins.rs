//! The `standins` table: an agent standing in for an absent one over a range of days.

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;

/// Records that `standin` covers `absent` from one day to another.
pub fn insert(conn: &Connection, absent: i64, standin: i64, from: &str, until: &str, by: &str, now: i64) -> Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::{db, staff};

    #[test]
    fn a_stand_in_covers_the_days_of_the_arrangement_and_the_latest_one_wins() {
        let conn = db();
        let [absent, first, second] = ["孙丽", "周敏", "吴芳"].map(|n| staff(&conn, n, "FOLLOWUP_AGENT", 0, &[]));
        insert(&conn, absent, first, "2030-03-04", "2030-03-08", "supervisor:9", 0).unwrap();
        insert(&conn, absent, second, "2030-03-06", "2030-03-06", "supervisor:9", 0).unwrap();
        assert_eq!(standin_for(&conn, absent, "2030-03-03").unwrap(), None, "before the absence");
        assert_eq!(standin_for(&conn, absent, "2030-03-04").unwrap(), Some(first), "its first day");
        assert_eq!(standin_for(&conn, absent, "2030-03-06").unwrap(), Some(second), "the later arrangement");
        assert_eq!(standin_for(&conn, absent, "2030-03-08").unwrap(), Some(first), "its last day");
        assert_eq!(standin_for(&conn, absent, "2030-03-09").unwrap(), None, "the owner is back");
        assert_eq!(covered_by(&conn, first, "2030-03-05").unwrap(), [absent]);
        assert!(covered_by(&conn, first, "2030-03-06").unwrap().is_empty(), "overridden that day");
        assert_eq!(covered_by(&conn, second, "2030-03-06").unwrap(), [absent]);
    }
}
