//! The `settlements` and `settlement_lines` tables: a visit's settlement terms and the
//! done lines it settles (one settlement, its lines with it).

use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, named_or_null};
use crate::domain::records::SettlementRecord;
use crate::domain::workorder::{Discount, Fen, SettlementTerms};

fn discount_columns(d: Option<Discount>) -> (i64, i64) {
    match d {
        Some(Discount::Fen(f)) => (f.fen(), 0),
        Some(Discount::Percent(p)) => (0, p.into()),
        None => (0, 0),
    }
}

fn discount_of(fen: i64, percent: i64) -> Option<Discount> {
    match (fen, percent) {
        (f, _) if f > 0 => Some(Discount::Fen(Fen(f))),
        (_, p) if p > 0 => Some(Discount::Percent(u8::try_from(p).unwrap_or(100))),
        _ => None,
    }
}

/// Makes (or makes again, replacing it) a visit's settlement of `line_ids`.
pub fn put(conn: &Connection, visit_id: i64, s: &SettlementRecord) -> Result<()> {
    conn.prepare_cached("DELETE FROM settlement_lines WHERE visit_id = ?1")?.execute([visit_id])?;
    conn.prepare_cached("DELETE FROM settlements WHERE visit_id = ?1")?.execute([visit_id])?;
    let (whole_fen, whole_percent) = discount_columns(s.terms.whole_discount);
    conn.prepare_cached(
        "INSERT INTO settlements (visit_id, whole_discount_fen, whole_discount_percent, limit_percent, settled_by,
             settled_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![visit_id, whole_fen, whole_percent, s.limit_percent, s.settled_by, s.settled_at])?;
    let mut line = conn.prepare_cached(
        "INSERT INTO settlement_lines (visit_id, line_id, discount_fen, discount_percent, old_parts)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for id in &s.line_ids {
        let discount = s.terms.line_discounts.iter().find(|(l, _)| l == id).map(|(_, d)| *d);
        let (fen, percent) = discount_columns(discount);
        let old = s.terms.old_parts.iter().find(|(l, _)| l == id).map(|(_, o)| <&str>::from(*o));
        line.execute(params![visit_id, id, fen, percent, old])?;
    }
    Ok(())
}

/// A visit's settlement, `None` until made.
pub fn get(conn: &Connection, visit_id: i64) -> Result<Option<SettlementRecord>> {
    let found = conn
        .prepare_cached(
            "SELECT whole_discount_fen, whole_discount_percent, limit_percent, settled_by, settled_at,
                 discount_approved_by, discount_approved_at, discount_note
             FROM settlements WHERE visit_id = ?1",
        )?
        .query_row([visit_id], |r| {
            Ok(SettlementRecord {
                terms: SettlementTerms {
                    whole_discount: discount_of(r.get(0)?, r.get(1)?),
                    ..SettlementTerms::default()
                },
                line_ids: Vec::new(),
                limit_percent: r.get(2)?,
                settled_by: r.get(3)?,
                settled_at: r.get(4)?,
                discount_approved_by: r.get(5)?,
                discount_approved_at: r.get(6)?,
                discount_note: r.get(7)?,
            })
        })
        .optional()?;
    let Some(mut s) = found else { return Ok(None) };
    let mut stmt = conn.prepare_cached(
        "SELECT line_id, discount_fen, discount_percent, old_parts FROM settlement_lines
         WHERE visit_id = ?1 ORDER BY line_id",
    )?;
    let rows = stmt.query_map([visit_id], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?, named_or_null(r, 3)?)))?;
    for row in rows {
        let (id, fen, percent, old) = row?;
        s.line_ids.push(id);
        if let Some(d) = discount_of(fen, percent) {
            s.terms.line_discounts.push((id, d));
        }
        if let Some(o) = old {
            s.terms.old_parts.push((id, o));
        }
    }
    Ok(Some(s))
}

/// A supervisor approves the settlement's discount.
pub fn approve_discount(conn: &Connection, visit_id: i64, by: &str, at: i64, note: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE settlements SET discount_approved_by = ?2, discount_approved_at = ?3, discount_note = ?4
         WHERE visit_id = ?1",
    )?
    .execute(params![visit_id, by, at, note])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workorder::OldParts;
    use crate::store::testing::{cars, db, noon, staff, visit};

    #[test]
    fn a_settlement_keeps_its_terms_and_is_replaced_when_made_again() {
        let conn = db();
        let [car, ..] = cars(&conn);
        let advisor = staff(&conn, "王芳", "SERVICE_ADVISOR", noon("2030-03-01"), &["repair"]);
        let v = visit(&conn, car, advisor, "repair", "2030-03-04", noon("2030-03-04"));
        conn.execute_batch(
            "INSERT INTO estimate_versions (id, visit_id, version, state, content_hash, proposed_by, proposed_at,
                 approved_at) VALUES (1, 1, 1, 'APPROVED', 'h', 'a', 1, 2);
             INSERT INTO estimate_lines (id, version_id, position, kind, pay_type, code, name, hours_tenths,
                 hourly_rate_fen, quantity, unit_price_fen, amount_fen, state)
             VALUES (10, 1, 0, 'PART', 'CUSTOMER', 'P', 'p', 0, 0, 1, 100, 100, 'DONE'),
                    (11, 1, 1, 'FEE', 'CUSTOMER', '', 'f', 0, 0, 0, 0, 50, 'DONE');",
        )
        .unwrap();
        assert_eq!(get(&conn, v).unwrap(), None);
        let mut s = SettlementRecord {
            terms: SettlementTerms {
                line_discounts: vec![(11, Discount::Percent(10))],
                whole_discount: Some(Discount::Fen(Fen(5))),
                old_parts: vec![(10, OldParts::Returned)],
            },
            line_ids: vec![10, 11],
            limit_percent: 10,
            settled_by: "advisor:1".into(),
            settled_at: 100,
            discount_approved_by: String::new(),
            discount_approved_at: None,
            discount_note: String::new(),
        };
        put(&conn, v, &s).unwrap();
        assert_eq!(get(&conn, v).unwrap().as_ref(), Some(&s));
        approve_discount(&conn, v, "supervisor:2", 200, "老客户").unwrap();
        assert_eq!(get(&conn, v).unwrap().expect("kept").discount_approved_at, Some(200));
        s.terms = SettlementTerms::default();
        s.line_ids = vec![10];
        put(&conn, v, &s).unwrap();
        assert_eq!(get(&conn, v).unwrap().as_ref(), Some(&s), "replaced, its approval with it");
    }
}
