//! The `service_types` table.

use rusqlite::{Connection, OptionalExtension, Row};

use super::Result;

/// A stored service type.
pub use crate::domain::records::ServiceType as ServiceTypeRow;

fn from_row(r: &Row<'_>) -> rusqlite::Result<ServiceTypeRow> {
    Ok(ServiceTypeRow { code: r.get(0)?, name_zh: r.get(1)?, name_en: r.get(2)?, ticket_prefix: r.get(3)? })
}

/// Every service type in display order.
pub fn list(conn: &Connection) -> Result<Vec<ServiceTypeRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT code, name_zh, name_en, ticket_prefix FROM service_types ORDER BY display_order, code",
    )?;
    let rows = stmt.query_map([], from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// One service type.
pub fn get(conn: &Connection, code: &str) -> Result<Option<ServiceTypeRow>> {
    let mut stmt =
        conn.prepare_cached("SELECT code, name_zh, name_en, ticket_prefix FROM service_types WHERE code = ?1")?;
    Ok(stmt.query_row([code], from_row).optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::db;

    #[test]
    fn the_four_service_types_come_in_display_order_with_their_prefixes() {
        let conn = db();
        let types: Vec<(String, String)> =
            list(&conn).unwrap().into_iter().map(|t| (t.code, t.ticket_prefix)).collect();
        let expected = [("maintenance", "B"), ("repair", "W"), ("body_paint", "P"), ("warranty", "S")];
        assert_eq!(types, expected.map(|(c, p)| (c.to_owned(), p.to_owned())));
        assert_eq!(get(&conn, "repair").unwrap().map(|t| t.name_zh), Some("维修".to_owned()));
        assert_eq!(get(&conn, "tyres").unwrap(), None);
    }
}
