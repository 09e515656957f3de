//! Base and lost customers (基盘客户, 流失客户), divided by one line: a customer with a
//! visit after the cutoff is a base customer; one without, whose file is older than
//! the cutoff, is lost. The line's dates come from [`crate::domain::report::lost_cutoff`].
//! Also the calls made to lost customers since their last visit, and the reasons recorded.

use rusqlite::{Connection, params};

use super::Result;
use crate::domain::followup::CallOutcome;

/// Who is lost on `day`: no visit after `cutoff` (the same date a year before, say)
/// up to `day`, and a file opened before `filed_by` (the end of `cutoff`, unix
/// seconds), so a customer never seen is lost only once their file is older than the
/// limit.
#[derive(Debug, Clone, Copy)]
pub struct LostLine<'a> {
    /// The last day of the lost-customer period, YYYY-MM-DD.
    pub cutoff: &'a str,
    /// The end of that day (unix seconds).
    pub filed_by: i64,
    /// The day asked about, YYYY-MM-DD: later visits do not count.
    pub day: &'a str,
}

/// A lost customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LostRow {
    /// The customer.
    pub customer_id: i64,
    /// Name.
    pub name: String,
    /// Phone.
    pub phone: String,
    /// Their last visit's date.
    pub last_visit: Option<String>,
    /// The reason found (流失原因).
    pub lost_reason: String,
    /// The latest call to them as a lost customer since that visit: when and how it went.
    pub last_call: Option<(i64, CallOutcome)>,
    /// The calls to them as a lost customer since that visit.
    pub calls: u32,
}

/// A base customer `c` on the line `?1` (cutoff), `?3` (day): a visit after the cutoff,
/// up to the day.
macro_rules! base {
    () => {
        "EXISTS (SELECT 1 FROM visits w WHERE w.customer_id = c.id AND w.local_date > ?1 AND w.local_date <= ?3)"
    };
}

/// A base customer on the line `?1` (cutoff), `?2` (filed by), `?3` (day).
const BASE: &str = base!();

/// Lost on the line `?1` (cutoff), `?2` (filed by), `?3` (day): on file by the end of
/// the cutoff, and no base customer.
const LOST: &str = concat!("c.created_at < ?2 AND NOT ", base!());

/// Calls to a customer as a lost customer since their last visit.
const LOST_CALLS: &str = "FROM calls k WHERE k.customer_id = c.id AND k.purpose = 'LOST_CUSTOMER'
    AND k.at >= coalesce((SELECT max(w.opened_at) FROM visits w WHERE w.customer_id = c.id), 0)";

/// One page of lost customers, longest gone first (never seen before all); with
/// `uncalled_only`, only those not yet called as lost customers.
pub fn list(
    conn: &Connection,
    line: LostLine<'_>,
    uncalled_only: bool,
    offset: u32,
    limit: u32,
) -> Result<Vec<LostRow>> {
    let sql = format!(
        "SELECT c.id, c.name, c.phone, (SELECT max(w.local_date) FROM visits w WHERE w.customer_id = c.id) AS last,
                c.lost_reason,
                (SELECT k.at {LOST_CALLS} ORDER BY k.at DESC, k.id DESC LIMIT 1),
                (SELECT k.outcome {LOST_CALLS} ORDER BY k.at DESC, k.id DESC LIMIT 1),
                (SELECT count(*) {LOST_CALLS}) AS calls
         FROM customers c
         WHERE {LOST} AND (NOT ?4 OR NOT EXISTS (SELECT 1 {LOST_CALLS}))
         ORDER BY last IS NOT NULL, last, c.id LIMIT ?5 OFFSET ?6"
    );
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(params![line.cutoff, line.filed_by, line.day, uncalled_only, limit, offset], |r| {
            let at: Option<i64> = r.get(5)?;
            let outcome: Option<CallOutcome> = super::named_or_null(r, 6)?;
            Ok(LostRow {
                customer_id: r.get(0)?,
                name: r.get(1)?,
                phone: r.get(2)?,
                last_visit: r.get(3)?,
                lost_reason: r.get(4)?,
                last_call: at.zip(outcome),
                calls: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// How many customers are lost on a day.
pub fn count(conn: &Connection, line: LostLine<'_>) -> Result<u32> {
    let sql = format!("SELECT count(*) FROM customers c WHERE {LOST}");
    Ok(conn.prepare_cached(&sql)?.query_row(params![line.cutoff, line.filed_by, line.day], |r| r.get(0))?)
}

/// How many base customers there are on a day.
pub fn base_count(conn: &Connection, line: LostLine<'_>) -> Result<u32> {
    let sql = format!("SELECT count(*) FROM customers c WHERE {BASE}");
    Ok(conn.prepare_cached(&sql)?.query_row(params![line.cutoff, line.filed_by, line.day], |r| r.get(0))?)
}

/// The base customers of a day, by id.
pub fn base_customers(conn: &Connection, line: LostLine<'_>) -> Result<Vec<i64>> {
    let sql = format!("SELECT c.id FROM customers c WHERE {BASE} ORDER BY c.id");
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(params![line.cutoff, line.filed_by, line.day], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every lost customer counted by the reason recorded, most first (then by reason);
/// those with none recorded count under an empty reason.
pub fn reasons(conn: &Connection, line: LostLine<'_>) -> Result<Vec<(String, u32)>> {
    let sql = format!(
        "SELECT trim(c.lost_reason) AS reason, count(*) AS n FROM customers c WHERE {LOST}
         GROUP BY reason ORDER BY n DESC, reason"
    );
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(params![line.cutoff, line.filed_by, line.day], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::{self, customer_with_car, staff, visit};

    fn store() -> Connection {
        testing::db()
    }

    /// 2030-03-DD 12:00 UTC, in unix seconds.
    fn noon(day: i64) -> i64 {
        1_898_596_800 + (day - 1) * 86_400
    }

    #[test]
    fn a_customer_never_seen_is_lost_only_once_their_file_is_older_than_the_limit() {
        let conn = store();
        conn.execute_batch(&format!(
            "INSERT INTO customers (id, name, phone, created_at, updated_at, lost_reason)
             VALUES (1, '甲', '13900000001', {}, 0, ''), (2, '乙', '13900000002', {}, 0, ' 价格 ')",
            noon(4),
            noon(5)
        ))
        .unwrap();
        // A year on: on file by the end of 03-04 is lost; filed on 03-05 is not yet.
        let line = LostLine { cutoff: "2030-03-04", filed_by: noon(5) - 12 * 3600, day: "2031-03-04" };
        let rows = list(&conn, line, false, 0, 10).unwrap();
        assert_eq!(rows.iter().map(|r| r.customer_id).collect::<Vec<_>>(), [1]);
        assert_eq!((rows[0].last_visit.as_deref(), rows[0].last_call, rows[0].calls), (None, None, 0));
        assert_eq!(count(&conn, line).unwrap(), 1);
        let later = LostLine { cutoff: "2030-03-05", filed_by: noon(6) - 12 * 3600, day: "2031-03-05" };
        assert_eq!(reasons(&conn, later).unwrap(), [("".to_owned(), 1), ("价格".to_owned(), 1)], "trimmed");
    }

    #[test]
    fn only_calls_as_a_lost_customer_since_the_last_visit_take_a_customer_off_the_worklist() {
        let conn = store();
        conn.execute_batch(&format!(
            "INSERT INTO customers (id, phone, created_at, updated_at) VALUES (1, '13900000001', 0, 0);
             INSERT INTO calls (customer_id, inbound, at, agent, outcome, purpose)
             VALUES (1, 0, {}, 'followup:7', 'NO_ANSWER', 'OTHER'), (1, 0, {}, 'followup:7', 'REACHED', 'LOST_CUSTOMER');",
            noon(2),
            noon(3)
        ))
        .unwrap();
        let line = LostLine { cutoff: "2030-03-10", filed_by: noon(11), day: "2031-03-10" };
        let rows = list(&conn, line, false, 0, 10).unwrap();
        assert_eq!(
            (rows[0].calls, rows[0].last_call),
            (1, Some((noon(3), CallOutcome::Reached))),
            "not the OTHER call"
        );
        assert!(list(&conn, line, true, 0, 10).unwrap().is_empty(), "called: off the worklist");
    }

    /// The line of `day` a year after `cutoff`, for files opened long before.
    fn line<'a>(cutoff: &'a str, day: &'a str) -> LostLine<'a> {
        LostLine { cutoff, filed_by: testing::noon(cutoff) + 12 * 3600, day }
    }

    #[test]
    fn a_visit_on_the_cutoff_day_is_lost_and_one_the_day_after_is_base() {
        let conn = store();
        let advisor = staff(&conn, "王磊", "SERVICE_ADVISOR", 0, &[]);
        let on_the_day = customer_with_car(&conn, "13900000001", "沪A00001");
        let day_after = customer_with_car(&conn, "13900000002", "沪A00002");
        visit(&conn, on_the_day, advisor, "repair", "2029-03-04", testing::noon("2029-03-04"));
        visit(&conn, day_after, advisor, "repair", "2029-03-05", testing::noon("2029-03-05"));
        let on_2030_03_04 = line("2029-03-04", "2030-03-04");
        let ids = |rows: Vec<LostRow>| rows.into_iter().map(|r| r.customer_id).collect::<Vec<_>>();
        assert_eq!(ids(list(&conn, on_2030_03_04, false, 0, 10).unwrap()), [on_the_day.0]);
        assert_eq!(list(&conn, on_2030_03_04, false, 0, 10).unwrap()[0].last_visit.as_deref(), Some("2029-03-04"));
        assert_eq!(base_customers(&conn, on_2030_03_04).unwrap(), [day_after.0]);
        assert_eq!((base_count(&conn, on_2030_03_04).unwrap(), count(&conn, on_2030_03_04).unwrap()), (1, 1));
        // A day later the second is gone too; a day earlier both are base.
        assert_eq!(count(&conn, line("2029-03-05", "2030-03-05")).unwrap(), 2);
        assert_eq!(base_count(&conn, line("2029-03-03", "2030-03-03")).unwrap(), 2);
    }

    #[test]
    fn a_visit_after_the_day_asked_about_does_not_count() {
        let conn = store();
        let advisor = staff(&conn, "王磊", "SERVICE_ADVISOR", 0, &[]);
        let car = customer_with_car(&conn, "13900000001", "沪A00001");
        visit(&conn, car, advisor, "repair", "2030-06-01", testing::noon("2030-06-01"));
        let may = line("2029-05-31", "2030-05-31");
        assert_eq!((base_count(&conn, may).unwrap(), count(&conn, may).unwrap()), (0, 1));
        assert!(base_customers(&conn, may).unwrap().is_empty());
    }
}
