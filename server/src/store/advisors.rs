//! The `advisors` and `advisor_skills` tables: the store's staff.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Result, named};
use crate::domain::{AdvisorStatus, StaffKind};

/// A stored member of staff.
pub use crate::domain::records::Advisor as AdvisorRow;

/// A new member of staff.
#[derive(Debug, Clone)]
pub struct NewAdvisor<'a> {
    /// The name.
    pub name: &'a str,
    /// The counter number, 0 for none.
    pub counter_number: i32,
    /// The kind.
    pub kind: StaffKind,
    /// The skills.
    pub service_codes: &'a [String],
}

const COLUMNS: &str = "id, name, counter_number, kind, active, created_at, queue_status";

fn from_row(r: &Row<'_>) -> rusqlite::Result<AdvisorRow> {
    Ok(AdvisorRow {
        id: r.get(0)?,
        name: r.get(1)?,
        counter_number: r.get(2)?,
        kind: named(r, 3)?,
        active: r.get(4)?,
        created_at: r.get(5)?,
        queue_status: named(r, 6)?,
        service_codes: Vec::new(),
    })
}

fn with_skills(conn: &Connection, mut advisor: AdvisorRow) -> Result<AdvisorRow> {
    let mut stmt =
        conn.prepare_cached("SELECT service_code FROM advisor_skills WHERE advisor_id = ?1 ORDER BY service_code")?;
    advisor.service_codes = stmt.query_map([advisor.id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(advisor)
}

/// Adds a member of staff and returns the id.
pub fn insert(conn: &Connection, new: &NewAdvisor<'_>, now: i64) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO advisors (name, counter_number, kind, active, created_at, updated_at)
         VALUES (?1, ?2, ?3, 1, ?4, ?4)",
    )?
    .execute(params![new.name, new.counter_number, new.kind.as_str(), now])?;
    let id = conn.last_insert_rowid();
    set_skills(conn, id, new.service_codes)?;
    Ok(id)
}

/// Replaces the skills of an advisor.
pub fn set_skills(conn: &Connection, id: i64, service_codes: &[String]) -> Result<()> {
    conn.prepare_cached("DELETE FROM advisor_skills WHERE advisor_id = ?1")?.execute([id])?;
    let mut insert =
        conn.prepare_cached("INSERT OR IGNORE INTO advisor_skills (advisor_id, service_code) VALUES (?1, ?2)")?;
    for code in service_codes {
        insert.execute(params![id, code])?;
    }
    Ok(())
}

/// One member of staff with skills.
pub fn get(conn: &Connection, id: i64) -> Result<Option<AdvisorRow>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM advisors WHERE id = ?1"))?;
    match stmt.query_row([id], from_row).optional()? {
        Some(row) => Ok(Some(with_skills(conn, row)?)),
        None => Ok(None),
    }
}

/// The active advisor at a counter other than `except`, if any.
pub fn at_counter(conn: &Connection, counter_number: i32, except: Option<i64>) -> Result<Option<i64>> {
    let mut stmt =
        conn.prepare_cached("SELECT id FROM advisors WHERE counter_number = ?1 AND active = 1 AND id IS NOT ?2")?;
    Ok(stmt.query_row(params![counter_number, except], |r| r.get(0)).optional()?)
}

/// Staff by id, filtered by kind (`None` for all) and activity, one page.
pub fn list(
    conn: &Connection,
    kind: Option<StaffKind>,
    include_inactive: bool,
    offset: u32,
    limit: u32,
) -> Result<Vec<AdvisorRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM advisors
         WHERE (?1 IS NULL OR kind = ?1) AND (?2 OR active = 1)
         ORDER BY id LIMIT ?3 OFFSET ?4"
    ))?;
    let rows: Vec<AdvisorRow> = stmt
        .query_map(params![kind.map(StaffKind::as_str), include_inactive, limit, offset], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter().map(|row| with_skills(conn, row)).collect()
}

/// Changes name, counter and activity.
pub fn update(conn: &Connection, row: &AdvisorRow, now: i64) -> Result<()> {
    conn.prepare_cached(
        "UPDATE advisors SET name = ?2, counter_number = ?3, active = ?4, updated_at = ?5 WHERE id = ?1",
    )?
    .execute(params![row.id, row.name, row.counter_number, row.active, now])?;
    Ok(())
}

/// Sets the queue status an advisor chose.
pub fn set_queue_status(conn: &Connection, id: i64, status: AdvisorStatus, now: i64) -> Result<()> {
    conn.prepare_cached("UPDATE advisors SET queue_status = ?2, updated_at = ?3 WHERE id = ?1")?.execute(params![
        id,
        status.as_str(),
        now
    ])?;
    Ok(())
}

/// Every active service advisor with skills, by id.
pub fn service_advisors(conn: &Connection) -> Result<Vec<AdvisorRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM advisors WHERE kind = 'SERVICE_ADVISOR' AND active = 1 ORDER BY id"
    ))?;
    let rows: Vec<AdvisorRow> = stmt.query_map([], from_row)?.collect::<rusqlite::Result<_>>()?;
    rows.into_iter().map(|row| with_skills(conn, row)).collect()
}

/// Every member of staff's name by id, active or not (for registers that name who did what).
pub fn names(conn: &Connection) -> Result<std::collections::HashMap<i64, String>> {
    let mut stmt = conn.prepare_cached("SELECT id, name FROM advisors")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// How many members of staff there are, active or not.
pub fn count(conn: &Connection) -> Result<u32> {
    Ok(conn.prepare_cached("SELECT count(*) FROM advisors")?.query_row([], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::{db, staff};

    #[test]
    fn staff_read_back_with_their_skills_sorted_and_changes_are_written() {
        let conn = db();
        let id = staff(&conn, "王磊", "SERVICE_ADVISOR", 5, &["repair", "maintenance", "repair"]);
        let mut row = get(&conn, id).unwrap().unwrap();
        assert_eq!(
            (row.name.as_str(), row.kind.as_str(), row.active, row.created_at),
            ("王磊", "SERVICE_ADVISOR", true, 5)
        );
        assert_eq!(
            (row.queue_status.as_str(), row.service_codes.clone()),
            ("OFFLINE", vec!["maintenance".to_owned(), "repair".to_owned()])
        );
        row.counter_number = 3;
        row.name = "王磊磊".into();
        update(&conn, &row, 9).unwrap();
        set_skills(&conn, id, &["warranty".to_owned()]).unwrap();
        set_queue_status(&conn, id, AdvisorStatus::Available, 9).unwrap();
        let changed = get(&conn, id).unwrap().unwrap();
        assert_eq!((changed.counter_number, changed.name.as_str()), (3, "王磊磊"));
        assert_eq!(
            (changed.queue_status.as_str(), changed.service_codes.as_slice()),
            ("AVAILABLE", ["warranty".to_owned()].as_slice())
        );
        assert_eq!(get(&conn, id + 100).unwrap(), None);
    }

    #[test]
    fn a_counter_is_taken_by_another_active_advisor_only() {
        let conn = db();
        let first = staff(&conn, "王磊", "SERVICE_ADVISOR", 0, &[]);
        let mut row = get(&conn, first).unwrap().unwrap();
        row.counter_number = 2;
        update(&conn, &row, 0).unwrap();
        assert_eq!(at_counter(&conn, 2, None).unwrap(), Some(first));
        assert_eq!(at_counter(&conn, 2, Some(first)).unwrap(), None, "the advisor's own counter");
        row.active = false;
        update(&conn, &row, 0).unwrap();
        assert_eq!(at_counter(&conn, 2, None).unwrap(), None, "deactivated");
    }

    #[test]
    fn lists_filter_by_kind_and_activity_and_service_advisors_are_the_active_ones() {
        let conn = db();
        let advisor = staff(&conn, "王磊", "SERVICE_ADVISOR", 0, &["repair"]);
        let agent = staff(&conn, "孙丽", "FOLLOWUP_AGENT", 0, &[]);
        let gone = staff(&conn, "李娜", "SERVICE_ADVISOR", 0, &[]);
        let mut row = get(&conn, gone).unwrap().unwrap();
        row.active = false;
        update(&conn, &row, 0).unwrap();
        let ids = |rows: Vec<AdvisorRow>| rows.into_iter().map(|a| a.id).collect::<Vec<_>>();
        assert_eq!(ids(list(&conn, None, false, 0, 10).unwrap()), [advisor, agent]);
        assert_eq!(ids(list(&conn, Some(StaffKind::ServiceAdvisor), true, 0, 10).unwrap()), [advisor, gone]);
        assert_eq!(ids(list(&conn, None, true, 1, 1).unwrap()), [agent], "a page");
        let floor = service_advisors(&conn).unwrap();
        assert_eq!((ids(floor.clone()), floor[0].service_codes.clone()), (vec![advisor], vec!["repair".to_owned()]));
    }

    #[test]
    fn names_and_the_count_include_deactivated_staff() {
        let conn = db();
        let advisor = staff(&conn, "王磊", "SERVICE_ADVISOR", 0, &[]);
        let agent = staff(&conn, "孙丽", "FOLLOWUP_AGENT", 0, &[]);
        conn.execute("UPDATE advisors SET active = 0 WHERE id = ?1", [agent]).unwrap();
        let names = names(&conn).unwrap();
        assert_eq!(
            (names.get(&advisor).map(String::as_str), names.get(&agent).map(String::as_str)),
            (Some("王磊"), Some("孙丽"))
        );
        assert_eq!(count(&conn).unwrap(), 2);
    }
}
