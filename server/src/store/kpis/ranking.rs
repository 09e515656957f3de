//! What the monthly advisor ranking counts per advisor: visits received, receptions
//! finished and their times, and tickets set aside as no-shows.

use std::collections::BTreeMap;

use rusqlite::{Connection, params};

use crate::store::Result;

/// Visits each advisor received on the store days from `from` to `to`.
pub fn visits_by_advisor(conn: &Connection, from: &str, to: &str) -> Result<BTreeMap<i64, u32>> {
    let rows = conn
        .prepare_cached(
            "SELECT advisor_id, count(*) FROM visits WHERE local_date BETWEEN ?1 AND ?2 GROUP BY advisor_id",
        )?
        .query_map(params![from, to], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A reception an advisor finished: first call to done, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reception {
    /// The advisor.
    pub advisor_id: i64,
    /// Seconds.
    pub seconds: i64,
}

/// Receptions finished from `start` to `end` (unix seconds, end excluded).
pub fn receptions(conn: &Connection, start: i64, end: i64) -> Result<Vec<Reception>> {
    let rows = conn
        .prepare_cached(
            "SELECT advisor_id, finished_at - called_at FROM tickets
             WHERE state = 'DONE' AND advisor_id IS NOT NULL AND called_at IS NOT NULL
               AND finished_at >= ?1 AND finished_at < ?2",
        )?
        .query_map(params![start, end], |r| Ok(Reception { advisor_id: r.get(0)?, seconds: r.get(1)? }))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Tickets each advisor set aside as no-shows from `start` to `end` (unix seconds, end
/// excluded).
pub fn no_shows_by_advisor(conn: &Connection, start: i64, end: i64) -> Result<BTreeMap<i64, u32>> {
    let rows = conn
        .prepare_cached(
            "SELECT advisor_id, count(*) FROM tickets
             WHERE state = 'NO_SHOW' AND advisor_id IS NOT NULL AND finished_at >= ?1 AND finished_at < ?2
             GROUP BY advisor_id",
        )?
        .query_map(params![start, end], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::{cars, db, deliver, noon, staff, ticket, visit};

    #[test]
    fn an_advisors_month_counts_their_visits_receptions_and_no_shows() {
        let conn = db();
        let [first, second] = ["王磊", "李娜"].map(|n| staff(&conn, n, "SERVICE_ADVISOR", 0, &[]));
        let [a, b, c] = cars(&conn);
        let v = visit(&conn, a, first, "repair", "2030-03-01", noon("2030-03-01"));
        deliver(&conn, v, noon("2030-03-01"));
        visit(&conn, a, first, "repair", "2030-03-20", noon("2030-03-20"));
        visit(&conn, b, second, "repair", "2030-02-28", noon("2030-02-28"));
        assert_eq!(visits_by_advisor(&conn, "2030-03-01", "2030-03-31").unwrap(), BTreeMap::from([(first, 2)]));

        let at = noon("2030-03-04");
        let set = "UPDATE tickets SET state = ?2, advisor_id = ?3, called_at = ?4, finished_at = ?5 WHERE id = ?1";
        let done = ticket(&conn, c, "repair", "2030-03-04", at);
        conn.execute(set, params![done, "DONE", second, at + 60, at + 960]).unwrap();
        let gone = ticket(&conn, b, "repair", "2030-03-04", at);
        conn.execute(set, params![gone, "NO_SHOW", second, at + 60, at + 600]).unwrap();
        let (start, end) = (noon("2030-03-01"), noon("2030-03-31"));
        assert_eq!(receptions(&conn, start, end).unwrap(), [Reception { advisor_id: second, seconds: 900 }]);
        assert_eq!(no_shows_by_advisor(&conn, start, end).unwrap(), BTreeMap::from([(second, 1)]));
        assert!(no_shows_by_advisor(&conn, end, end + 86_400).unwrap().is_empty());
    }
}
