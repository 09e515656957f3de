//! The `warranty_claims` table: a visit's claim to the carmaker and its decision.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Result, named};
use crate::domain::records::WarrantyClaim;
use crate::domain::workorder::{ClaimState, Fen};

const SELECT: &str = "SELECT c.id, w.work_order, c.claimed_fen, c.approved_fen, c.state, c.note, c.submitted_by,
        c.submitted_at, c.decided_by, c.decided_at, c.reason, c.paid_at, c.visit_id
    FROM warranty_claims c JOIN visits w ON w.id = c.visit_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<(i64, WarrantyClaim)> {
    let claim = WarrantyClaim {
        id: r.get(0)?,
        work_order: r.get(1)?,
        claimed: Fen(r.get(2)?),
        approved: r.get::<_, Option<i64>>(3)?.map(Fen),
        state: named(r, 4)?,
        note: r.get(5)?,
        submitted_by: r.get(6)?,
        submitted_at: r.get(7)?,
        decided_by: r.get(8)?,
        decided_at: r.get(9)?,
        reason: r.get(10)?,
        paid_at: r.get(11)?,
    };
    Ok((r.get(12)?, claim))
}

/// Submits a visit's claim; returns its id.
pub fn insert(conn: &Connection, visit_id: i64, claimed: Fen, note: &str, by: &str, at: i64) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO warranty_claims (visit_id, claimed_fen, state, note, submitted_by, submitted_at)
         VALUES (?1, ?2, 'SUBMITTED', ?3, ?4, ?5)",
    )?
    .execute(params![visit_id, claimed.fen(), note, by, at])?;
    Ok(conn.last_insert_rowid())
}

/// A claim by id, with its visit's id.
pub fn get(conn: &Connection, id: i64) -> Result<Option<(i64, WarrantyClaim)>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE c.id = ?1"))?;
    Ok(stmt.query_row([id], from_row).optional()?)
}

/// A visit's claim.
pub fn of_visit(conn: &Connection, visit_id: i64) -> Result<Option<WarrantyClaim>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE c.visit_id = ?1"))?;
    Ok(stmt.query_row([visit_id], from_row).optional()?.map(|(_, c)| c))
}

/// Records the carmaker's decision (or payment) on a claim.
pub fn decide(conn: &Connection, c: &WarrantyClaim) -> Result<()> {
    conn.prepare_cached(
        "UPDATE warranty_claims SET state = ?2, approved_fen = ?3, decided_by = ?4, decided_at = ?5, reason = ?6,
             paid_at = ?7
         WHERE id = ?1",
    )?
    .execute(params![
        c.id,
        <&str>::from(c.state),
        c.approved.map(Fen::fen),
        c.decided_by,
        c.decided_at,
        c.reason,
        c.paid_at
    ])?;
    Ok(())
}

/// The states of the claims decided in `[from, until)` (unix seconds), for the approval rate.
pub fn decided_between(conn: &Connection, from: i64, until: i64) -> Result<Vec<ClaimState>> {
    let mut stmt = conn
        .prepare_cached("SELECT state FROM warranty_claims WHERE decided_at >= ?1 AND decided_at < ?2 ORDER BY id")?;
    Ok(stmt.query_map([from, until], |r| named(r, 0))?.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::{cars, db, noon, staff, visit};

    #[test]
    fn a_claim_is_kept_with_its_decision_and_counted_when_decided() {
        let conn = db();
        let [car, ..] = cars(&conn);
        let advisor = staff(&conn, "王芳", "SERVICE_ADVISOR", noon("2030-03-01"), &["repair"]);
        let v = visit(&conn, car, advisor, "repair", "2030-03-04", noon("2030-03-04"));
        let id = insert(&conn, v, Fen(56_100), "刹车片质保", "advisor:1", 100).unwrap();
        assert!(insert(&conn, v, Fen(1), "", "advisor:1", 100).is_err(), "one claim per visit");
        let (visit_id, mut claim) = get(&conn, id).unwrap().expect("kept");
        assert_eq!((visit_id, claim.claimed, claim.state), (v, Fen(56_100), ClaimState::Submitted));
        claim.state = ClaimState::Approved;
        claim.approved = Some(Fen(50_000));
        claim.decided_by = "warranty:clerk".into();
        claim.decided_at = Some(200);
        decide(&conn, &claim).unwrap();
        assert_eq!(of_visit(&conn, v).unwrap(), Some(claim));
        assert_eq!(decided_between(&conn, 150, 250).unwrap(), [ClaimState::Approved]);
        assert!(decided_between(&conn, 0, 150).unwrap().is_empty());
    }
}
