//! The `api_tokens` table. Only a token's SHA-256 is stored.

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;
use crate::domain::{Caller, Role};

/// Stores a token hash and returns the row id.
pub fn insert(
    conn: &Connection,
    hash: &str,
    role: Role,
    advisor_id: Option<i64>,
    label: &str,
    now: i64,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO api_tokens (token_hash, role, advisor_id, label, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![hash, role.as_str(), advisor_id, label, now])?;
    Ok(conn.last_insert_rowid())
}

/// The tokens that admit their caller: unrevoked, and when a token belongs to a
/// member of staff, that member is active.
const ADMITTING: &str = "api_tokens t LEFT JOIN advisors a ON a.id = t.advisor_id
    WHERE t.revoked_at IS NULL AND (t.advisor_id IS NULL OR a.active = 1)";

/// The caller behind an unrevoked token hash; a token of a member of staff who was
/// deactivated answers nothing, like a revoked one.
pub fn find(conn: &Connection, hash: &str) -> Result<Option<Caller>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT t.id, t.role, t.advisor_id, t.label FROM {ADMITTING} AND t.token_hash = ?1"
    ))?;
    let row: Option<(i64, String, Option<i64>, String)> =
        stmt.query_row([hash], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).optional()?;
    Ok(row.and_then(|(token_id, role, advisor_id, label)| {
        let role = role.parse::<Role>().ok()?;
        Some(Caller { token_id, role, advisor_id, label })
    }))
}

/// True while a token is unrevoked and, when it belongs to a member of staff, that
/// member is active: what a long-lived stream checks again now and then.
pub fn still_valid(conn: &Connection, token_id: i64) -> Result<bool> {
    let mut stmt = conn.prepare_cached(&format!("SELECT 1 FROM {ADMITTING} AND t.id = ?1"))?;
    Ok(stmt.exists([token_id])?)
}

/// A token as `frontdesk-server token list` shows it (never the token itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRow {
    /// The row id, which `token revoke` takes.
    pub id: i64,
    /// The role.
    pub role: String,
    /// The member of staff it belongs to.
    pub advisor_id: Option<i64>,
    /// Its label.
    pub label: String,
    /// When it was created.
    pub created_at: i64,
    /// When it was revoked.
    pub revoked_at: Option<i64>,
}

/// Every token, oldest first.
pub fn list(conn: &Connection) -> Result<Vec<TokenRow>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, role, advisor_id, label, created_at, revoked_at FROM api_tokens ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok(TokenRow {
            id: r.get(0)?,
            role: r.get(1)?,
            advisor_id: r.get(2)?,
            label: r.get(3)?,
            created_at: r.get(4)?,
            revoked_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Revokes a token; false when there is no such token or it was revoked already.
pub fn revoke(conn: &Connection, id: i64, now: i64) -> Result<bool> {
    let changed = conn
        .prepare_cached("UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL")?
        .execute(params![id, now])?;
    Ok(changed == 1)
}

/// Number of tokens ever created.
pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM api_tokens", [], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::{db, staff};

    #[test]
    fn a_token_admits_its_caller_until_revoked() {
        let conn = db();
        let id = insert(&conn, "hash-1", Role::Kiosk, None, "entrance", 5).unwrap();
        let caller = find(&conn, "hash-1").unwrap().unwrap();
        assert_eq!((caller.token_id, caller.role, caller.label.as_str()), (id, Role::Kiosk, "entrance"));
        assert!(still_valid(&conn, id).unwrap());
        assert!(revoke(&conn, id, 6).unwrap());
        assert!(!revoke(&conn, id, 7).unwrap(), "revoked already");
        assert_eq!(find(&conn, "hash-1").unwrap(), None);
        assert!(!still_valid(&conn, id).unwrap());
        assert_eq!(list(&conn).unwrap()[0].revoked_at, Some(6));
        assert_eq!(find(&conn, "unknown").unwrap(), None);
    }

    #[test]
    fn a_token_of_a_deactivated_member_of_staff_admits_nobody() {
        let conn = db();
        let advisor = staff(&conn, "王磊", "SERVICE_ADVISOR", 0, &[]);
        let id = insert(&conn, "hash-2", Role::Advisor, Some(advisor), "", 0).unwrap();
        assert_eq!(find(&conn, "hash-2").unwrap().and_then(|c| c.advisor_id), Some(advisor));
        conn.execute("UPDATE advisors SET active = 0 WHERE id = ?1", [advisor]).unwrap();
        assert_eq!(find(&conn, "hash-2").unwrap(), None);
        assert!(!still_valid(&conn, id).unwrap());
        assert_eq!(count(&conn).unwrap(), 1, "the token is still on file");
    }
}
