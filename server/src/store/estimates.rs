//! The `estimate_versions` and `estimate_lines` tables: a visit's estimate in versions,
//! each with its lines and the customer's answer (a version and its lines are read and
//! written together).

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Result, named, named_or_null};
use crate::domain::records::{Approval, EstimateLine, EstimateVersion};
use crate::domain::workorder::{EstimateState, Fen, Line, LineState, Signature};

/// Adds version `version` of a visit's estimate with its lines; returns the version's id.
pub fn insert(
    conn: &Connection,
    visit_id: i64,
    version: u32,
    hash: &str,
    lines: &[Line],
    by: &str,
    at: i64,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO estimate_versions (visit_id, version, state, content_hash, proposed_by, proposed_at)
         VALUES (?1, ?2, 'PROPOSED', ?3, ?4, ?5)",
    )?
    .execute(params![visit_id, version, hash, by, at])?;
    let id = conn.last_insert_rowid();
    let mut add = conn.prepare_cached(
        "INSERT INTO estimate_lines (version_id, position, kind, pay_type, code, name, hours_tenths, hourly_rate_fen,
             quantity, unit_price_fen, stock, amount_fen, state)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'PROPOSED')",
    )?;
    for (position, l) in (0_i64..).zip(lines) {
        add.execute(params![
            id,
            position,
            <&str>::from(l.kind),
            <&str>::from(l.pay_type),
            l.code,
            l.name,
            l.hours_tenths,
            l.hourly_rate_fen,
            l.quantity,
            l.unit_price_fen,
            l.stock.map(<&str>::from),
            l.amount.fen(),
        ])?;
    }
    Ok(id)
}

const VERSIONS: &str = "SELECT id, version, state, content_hash, proposed_by, proposed_at, approval_method,
        approved_at, approved_by, called_by, called_at, customer_words, signature
    FROM estimate_versions WHERE visit_id = ?1 ORDER BY version";

fn version(r: &Row<'_>) -> rusqlite::Result<EstimateVersion> {
    let approval = match named_or_null(r, 6)? {
        Some(method) => Some(Approval {
            method,
            approved_at: r.get::<_, Option<i64>>(7)?.unwrap_or_default(),
            approved_by: r.get(8)?,
            called_by: r.get(9)?,
            called_at: r.get(10)?,
            customer_words: r.get(11)?,
            signature: Some(r.get::<_, String>(12)?).filter(|s| !s.is_empty()).map(|s| Signature::from_text(&s)),
        }),
        None => None,
    };
    Ok(EstimateVersion {
        id: r.get(0)?,
        version: r.get(1)?,
        state: named(r, 2)?,
        content_hash: r.get(3)?,
        proposed_by: r.get(4)?,
        proposed_at: r.get(5)?,
        approval,
        lines: Vec::new(),
    })
}

const LINES: &str = "SELECT l.id, v.version, l.kind, l.pay_type, l.code, l.name, l.hours_tenths, l.hourly_rate_fen,
        l.quantity, l.unit_price_fen, l.stock, l.amount_fen, l.state, l.done_at, l.done_by, l.version_id
    FROM estimate_lines l JOIN estimate_versions v ON v.id = l.version_id";

fn line(r: &Row<'_>) -> rusqlite::Result<(i64, EstimateLine)> {
    let line = Line {
        kind: named(r, 2)?,
        pay_type: named(r, 3)?,
        code: r.get(4)?,
        name: r.get(5)?,
        hours_tenths: r.get(6)?,
        hourly_rate_fen: r.get(7)?,
        quantity: r.get(8)?,
        unit_price_fen: r.get(9)?,
        stock: named_or_null(r, 10)?,
        amount: Fen(r.get(11)?),
    };
    let kept = EstimateLine {
        id: r.get(0)?,
        version: r.get(1)?,
        line,
        state: named(r, 12)?,
        done_at: r.get(13)?,
        done_by: r.get(14)?,
    };
    Ok((r.get(15)?, kept))
}

/// A visit's estimate: every version, oldest first, with its lines in order.
pub fn of_visit(conn: &Connection, visit_id: i64) -> Result<Vec<EstimateVersion>> {
    let mut versions: Vec<EstimateVersion> =
        conn.prepare_cached(VERSIONS)?.query_map([visit_id], version)?.collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(&format!("{LINES} WHERE v.visit_id = ?1 ORDER BY v.version, l.position"))?;
    for row in stmt.query_map([visit_id], line)? {
        let (version_id, line) = row?;
        if let Some(v) = versions.iter_mut().find(|v| v.id == version_id) {
            v.lines.push(line);
        }
    }
    Ok(versions)
}

/// The number of the version with row id `id` (0 when there is none).
pub fn version_of(conn: &Connection, id: i64) -> Result<u32> {
    let mut stmt = conn.prepare_cached("SELECT version FROM estimate_versions WHERE id = ?1")?;
    Ok(stmt.query_row([id], |r| r.get(0)).optional()?.unwrap_or(0))
}

/// The states of a visit's versions, oldest first.
pub fn states(conn: &Connection, visit_id: i64) -> Result<Vec<EstimateState>> {
    let mut stmt = conn.prepare_cached("SELECT state FROM estimate_versions WHERE visit_id = ?1 ORDER BY version")?;
    Ok(stmt.query_map([visit_id], |r| named(r, 0))?.collect::<rusqlite::Result<_>>()?)
}

/// A line of a visit's estimate, `None` when the visit has no such line.
pub fn line_of_visit(conn: &Connection, visit_id: i64, line_id: i64) -> Result<Option<EstimateLine>> {
    let mut stmt = conn.prepare_cached(&format!("{LINES} WHERE v.visit_id = ?1 AND l.id = ?2"))?;
    Ok(stmt.query_row([visit_id, line_id], line).optional()?.map(|(_, l)| l))
}

/// Records the customer's answer to a version and each line's state after it.
pub fn decide(
    conn: &Connection,
    version_id: i64,
    state: EstimateState,
    approval: &Approval,
    lines: &[(i64, LineState)],
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE estimate_versions SET state = ?2, approval_method = ?3, approved_at = ?4, approved_by = ?5,
             called_by = ?6, called_at = ?7, customer_words = ?8, signature = ?9
         WHERE id = ?1",
    )?
    .execute(params![
        version_id,
        <&str>::from(state),
        <&str>::from(approval.method),
        approval.approved_at,
        approval.approved_by,
        approval.called_by,
        approval.called_at,
        approval.customer_words,
        approval.signature.as_ref().map(Signature::to_text).unwrap_or_default(),
    ])?;
    let mut set = conn.prepare_cached("UPDATE estimate_lines SET state = ?2 WHERE id = ?1 AND version_id = ?3")?;
    for (id, line_state) in lines {
        set.execute(params![id, <&str>::from(*line_state), version_id])?;
    }
    Ok(())
}

/// Marks a line done (once: a line done already keeps its first time).
pub fn mark_done(conn: &Connection, line_id: i64, at: i64, by: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE estimate_lines SET state = 'DONE', done_at = ?2, done_by = ?3 WHERE id = ?1 AND state <> 'DONE'",
    )?
    .execute(params![line_id, at, by])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workorder::{ApprovalMethod, LineInput, LineKind, PayType, parse_lines};
    use crate::store::testing::{cars, db, noon, staff, visit};

    fn fee(name: &str, fen: i64) -> LineInput {
        LineInput {
            kind: Some(LineKind::Fee),
            pay_type: Some(PayType::Customer),
            name: name.into(),
            fee_fen: fen,
            ..LineInput::default()
        }
    }

    #[test]
    fn versions_keep_their_lines_in_order_and_the_answer_with_them() {
        let conn = db();
        let [car, ..] = cars(&conn);
        let advisor = staff(&conn, "王芳", "SERVICE_ADVISOR", noon("2030-03-01"), &["repair"]);
        let v = visit(&conn, car, advisor, "repair", "2030-03-04", noon("2030-03-04"));
        let lines = parse_lines(&[fee("检测费", 10_000), fee("材料费", 2_550)]).unwrap();
        let id = insert(&conn, v, 1, "h1", &lines, "advisor:1", 100).unwrap();
        assert_eq!(states(&conn, v).unwrap(), [EstimateState::Proposed]);
        let kept = of_visit(&conn, v).unwrap();
        assert_eq!(kept[0].lines.iter().map(|l| l.line.amount).collect::<Vec<_>>(), [Fen(10_000), Fen(2_550)]);
        assert_eq!(kept[0].approval, None);
        let (first, second) = (kept[0].lines[0].id, kept[0].lines[1].id);
        let approval = Approval {
            method: ApprovalMethod::Phone,
            approved_at: 200,
            approved_by: "advisor:1".into(),
            called_by: "王芳".into(),
            called_at: Some(150),
            customer_words: "可以，换吧".into(),
            signature: None,
        };
        let answer = [(first, LineState::Approved), (second, LineState::Declined)];
        decide(&conn, id, EstimateState::Approved, &approval, &answer).unwrap();
        mark_done(&conn, first, 300, "advisor:1").unwrap();
        mark_done(&conn, first, 400, "advisor:2").unwrap();
        let kept = of_visit(&conn, v).unwrap();
        assert_eq!(kept[0].approval.as_ref(), Some(&approval));
        let states: Vec<_> = kept[0].lines.iter().map(|l| (l.state, l.done_at)).collect();
        assert_eq!(states, [(LineState::Done, Some(300)), (LineState::Declined, None)], "done once");
        assert_eq!(line_of_visit(&conn, v, second).unwrap().map(|l| l.state), Some(LineState::Declined));
        assert_eq!(line_of_visit(&conn, v + 1, second).unwrap(), None, "another visit's line");
    }
}
