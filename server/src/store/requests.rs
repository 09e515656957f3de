//! The `requests` table: idempotency keys of create requests.

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;
use crate::domain::Error;
use crate::domain::ErrorReason;

/// A create request as the server fingerprints it: the method and a hash of the
pub use crate::domain::records::Fingerprint;

/// Returns the resource created earlier with this key, `None` for a new key, and
/// REQUEST_ID_REUSED when the key came with a different request.
pub fn replayed(conn: &Connection, fp: &Fingerprint) -> Result<Option<i64>> {
    let mut stmt = conn.prepare_cached("SELECT method, body_hash, resource_id FROM requests WHERE request_id = ?1")?;
    let found: Option<(String, String, i64)> =
        stmt.query_row([fp.request_id.as_str()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).optional()?;
    match found {
        None => Ok(None),
        Some((method, hash, id)) if method == fp.method && hash == fp.body_hash => Ok(Some(id)),
        Some(_) => Err(Error::refused(
            ErrorReason::RequestIdReused,
            "this request_id was already used for a different request; use a new one",
        )
        .into()),
    }
}

/// Remembers the resource a key created.
pub fn record(conn: &Connection, fp: &Fingerprint, resource_id: i64, now: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO requests (request_id, method, body_hash, resource_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![fp.request_id.as_str(), fp.method, fp.body_hash, resource_id, now])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RequestId;
    use crate::store::testing::db;

    fn key(body_hash: &str) -> Fingerprint {
        Fingerprint {
            request_id: RequestId::parse("req-1").unwrap(),
            method: "/frontdesk.v1.KioskService/BookAppointment".into(),
            body_hash: body_hash.into(),
        }
    }

    #[test]
    fn a_key_returns_what_it_created_and_refuses_another_request() {
        let conn = db();
        assert_eq!(replayed(&conn, &key("abc")).unwrap(), None, "a new key");
        record(&conn, &key("abc"), 17, 0).unwrap();
        assert_eq!(replayed(&conn, &key("abc")).unwrap(), Some(17));
        let reused = replayed(&conn, &key("other")).unwrap_err();
        assert_eq!(reused.reason(), Some(ErrorReason::RequestIdReused));
        let other_method = Fingerprint { method: "/frontdesk.v1.KioskService/CheckIn".into(), ..key("abc") };
        assert!(replayed(&conn, &other_method).is_err());
    }
}
