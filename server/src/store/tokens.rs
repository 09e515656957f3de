//! The `api_tokens` table. Only a token's SHA-256 is stored.

use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::{Caller, Result, Role};

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

/// The caller behind an unrevoked token hash.
pub fn find(conn: &Connection, hash: &str) -> Result<Option<Caller>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, role, advisor_id, label FROM api_tokens WHERE token_hash = ?1 AND revoked_at IS NULL",
    )?;
    let row: Option<(i64, String, Option<i64>, String)> =
        stmt.query_row([hash], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).optional()?;
    Ok(row.and_then(|(token_id, role, advisor_id, label)| {
        let role = role.parse::<Role>().ok()?;
        Some(Caller { token_id, role, advisor_id, label })
    }))
}

/// Number of tokens ever created.
pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM api_tokens", [], |r| r.get(0))?)
}
