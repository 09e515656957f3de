//! The `part_orders` table: parts ordered from suppliers for part lines to order, and
//! their arrival; read with their line (fitted once the line is done) and work order.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Result, named, stored_date};
use crate::domain::records::PartOrder;

const SELECT: &str = "SELECT o.id, w.work_order, v.plate, o.line_id, l.code, l.name, l.quantity, o.supplier,
        o.expected_date, o.state, o.ordered_by, o.ordered_at, o.arrived_at, o.arrived_by, l.state = 'DONE'
    FROM part_orders o
    JOIN visits w ON w.id = o.visit_id
    JOIN vehicles v ON v.id = w.vehicle_id
    JOIN estimate_lines l ON l.id = o.line_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<PartOrder> {
    Ok(PartOrder {
        id: r.get(0)?,
        work_order: r.get(1)?,
        plate: r.get(2)?,
        line_id: r.get(3)?,
        part_number: r.get(4)?,
        name: r.get(5)?,
        quantity: r.get(6)?,
        supplier: r.get(7)?,
        expected_date: stored_date(8, &r.get::<_, String>(8)?)?,
        state: named(r, 9)?,
        ordered_by: r.get(10)?,
        ordered_at: r.get(11)?,
        arrived_at: r.get(12)?,
        arrived_by: r.get(13)?,
        fitted: r.get(14)?,
    })
}

/// Orders a part line; returns the order's id.
pub fn insert(
    conn: &Connection,
    visit_id: i64,
    line_id: i64,
    supplier: &str,
    expected: chrono::NaiveDate,
    by: &str,
    at: i64,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO part_orders (visit_id, line_id, supplier, expected_date, state, ordered_by, ordered_at)
         VALUES (?1, ?2, ?3, ?4, 'ORDERED', ?5, ?6)",
    )?
    .execute(params![visit_id, line_id, supplier, expected.to_string(), by, at])?;
    Ok(conn.last_insert_rowid())
}

/// One order.
pub fn get(conn: &Connection, id: i64) -> Result<Option<PartOrder>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE o.id = ?1"))?;
    Ok(stmt.query_row([id], from_row).optional()?)
}

/// A visit's orders, oldest first.
pub fn of_visit(conn: &Connection, visit_id: i64) -> Result<Vec<PartOrder>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE o.visit_id = ?1 ORDER BY o.id"))?;
    Ok(stmt.query_map([visit_id], from_row)?.collect::<rusqlite::Result<_>>()?)
}

/// Every order not yet arrived or not yet fitted, oldest first — the parts desk's list.
pub fn unsettled(conn: &Connection) -> Result<Vec<PartOrder>> {
    let mut stmt =
        conn.prepare_cached(&format!("{SELECT} WHERE o.state = 'ORDERED' OR l.state <> 'DONE' ORDER BY o.id"))?;
    Ok(stmt.query_map([], from_row)?.collect::<rusqlite::Result<_>>()?)
}

/// Records an order's arrival.
pub fn arrived(conn: &Connection, id: i64, by: &str, at: i64) -> Result<()> {
    conn.prepare_cached("UPDATE part_orders SET state = 'ARRIVED', arrived_at = ?2, arrived_by = ?3 WHERE id = ?1")?
        .execute(params![id, at, by])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workorder::PartOrderState;
    use crate::store::testing::{cars, db, noon, staff, visit};

    #[test]
    fn an_order_is_listed_until_it_arrived_and_its_part_is_fitted() {
        let conn = db();
        let [car, ..] = cars(&conn);
        let advisor = staff(&conn, "王芳", "SERVICE_ADVISOR", noon("2030-03-01"), &["repair"]);
        let v = visit(&conn, car, advisor, "repair", "2030-03-04", noon("2030-03-04"));
        conn.execute_batch(&format!(
            "INSERT INTO estimate_versions (id, visit_id, version, state, content_hash, proposed_by, proposed_at,
                 approved_at) VALUES (1, {v}, 1, 'APPROVED', 'h', 'a', 1, 2);
             INSERT INTO estimate_lines (id, version_id, position, kind, pay_type, code, name, hours_tenths,
                 hourly_rate_fen, quantity, unit_price_fen, stock, amount_fen, state)
             VALUES (10, 1, 0, 'PART', 'CUSTOMER', '76620', '雨刮', 0, 0, 2, 100, 'TO_ORDER', 200, 'APPROVED');"
        ))
        .unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2030, 3, 6).unwrap();
        let id = insert(&conn, v, 10, "广汽本田配件中心", day, "advisor:1", 100).unwrap();
        let order = get(&conn, id).unwrap().expect("kept");
        assert_eq!((order.part_number.as_str(), order.quantity, order.expected_date), ("76620", 2, day));
        assert_eq!((order.state, order.fitted), (PartOrderState::Ordered, false));
        assert!(insert(&conn, v, 10, "x", day, "advisor:1", 100).is_err(), "one order per line");
        arrived(&conn, id, "parts:desk", 200).unwrap();
        assert_eq!(unsettled(&conn).unwrap().len(), 1, "arrived, not fitted");
        conn.execute("UPDATE estimate_lines SET state = 'DONE' WHERE id = 10", []).unwrap();
        assert!(unsettled(&conn).unwrap().is_empty());
        assert_eq!(of_visit(&conn, v).unwrap()[0].arrived_at, Some(200));
    }
}
