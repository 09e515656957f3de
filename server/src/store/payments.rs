//! The `payments` table: what was paid against a visit's settlement, and how.

use rusqlite::{Connection, params};

use super::{Result, named};
use crate::domain::records::Payment;
use crate::domain::workorder::{Fen, PaymentMethod};

/// Records a payment; returns its id.
pub fn insert(
    conn: &Connection,
    visit_id: i64,
    method: PaymentMethod,
    amount: Fen,
    reference: &str,
    by: &str,
    at: i64,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO payments (visit_id, method, amount_fen, reference, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![visit_id, <&str>::from(method), amount.fen(), reference, by, at])?;
    Ok(conn.last_insert_rowid())
}

/// A visit's payments, oldest first.
pub fn of_visit(conn: &Connection, visit_id: i64) -> Result<Vec<Payment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, method, amount_fen, reference, recorded_by, recorded_at FROM payments
         WHERE visit_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([visit_id], |r| {
        Ok(Payment {
            id: r.get(0)?,
            method: named(r, 1)?,
            amount: Fen(r.get(2)?),
            reference: r.get(3)?,
            recorded_by: r.get(4)?,
            recorded_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::{cars, db, noon, staff, visit};

    #[test]
    fn payments_are_kept_in_order_with_their_method() {
        let conn = db();
        let [car, ..] = cars(&conn);
        let advisor = staff(&conn, "王芳", "SERVICE_ADVISOR", noon("2030-03-01"), &["repair"]);
        let v = visit(&conn, car, advisor, "repair", "2030-03-04", noon("2030-03-04"));
        insert(&conn, v, PaymentMethod::WechatPay, Fen(50_000), "wx-1", "advisor:1", 10).unwrap();
        insert(&conn, v, PaymentMethod::Cash, Fen(1_100), "", "advisor:1", 20).unwrap();
        let kept = of_visit(&conn, v).unwrap();
        let seen: Vec<_> = kept.iter().map(|p| (p.method, p.amount)).collect();
        assert_eq!(seen, [(PaymentMethod::WechatPay, Fen(50_000)), (PaymentMethod::Cash, Fen(1_100))]);
        assert!(of_visit(&conn, v + 1).unwrap().is_empty());
    }
}
