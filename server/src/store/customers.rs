//! The `customers` and `vehicles` tables: the customer files (客户档案).

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::Result;

/// A stored customer file without vehicles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerRow {
    /// The id.
    pub id: i64,
    /// The name (may be empty or only a surname).
    pub name: String,
    /// The 11-digit phone.
    pub phone: String,
    /// The address.
    pub address: String,
    /// Services the customer wants.
    pub wishes: String,
    /// When created (unix seconds).
    pub created_at: i64,
    /// When last changed (unix seconds).
    pub updated_at: i64,
    /// The customer's follow-up agent.
    pub followup_agent_id: Option<i64>,
    /// Why the customer stopped coming.
    pub lost_reason: String,
}

/// A stored vehicle.
pub use crate::domain::records::Vehicle as VehicleRow;

const CUSTOMER_COLUMNS: &str =
    "id, name, phone, address, wishes, created_at, updated_at, followup_agent_id, lost_reason";
const VEHICLE_COLUMNS: &str = "id, plate, customer_id, model, vehicle_type, vin, mileage_km, \
     maintenance_interval_days, maintenance_interval_km, next_maintenance_due";

fn customer(r: &Row<'_>) -> rusqlite::Result<CustomerRow> {
    Ok(CustomerRow {
        id: r.get(0)?,
        name: r.get(1)?,
        phone: r.get(2)?,
        address: r.get(3)?,
        wishes: r.get(4)?,
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
        followup_agent_id: r.get(7)?,
        lost_reason: r.get(8)?,
    })
}

fn vehicle(r: &Row<'_>) -> rusqlite::Result<VehicleRow> {
    Ok(VehicleRow {
        id: r.get(0)?,
        plate: r.get(1)?,
        customer_id: r.get(2)?,
        model: r.get(3)?,
        vehicle_type: r.get(4)?,
        vin: r.get(5)?,
        mileage_km: r.get(6)?,
        maintenance_interval_days: r.get(7)?,
        maintenance_interval_km: r.get(8)?,
        next_maintenance_due: r.get(9)?,
    })
}

/// A customer by id.
pub fn get(conn: &Connection, id: i64) -> Result<Option<CustomerRow>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {CUSTOMER_COLUMNS} FROM customers WHERE id = ?1"))?;
    Ok(stmt.query_row([id], customer).optional()?)
}

/// A customer by phone.
pub fn by_phone(conn: &Connection, phone: &str) -> Result<Option<CustomerRow>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {CUSTOMER_COLUMNS} FROM customers WHERE phone = ?1"))?;
    Ok(stmt.query_row([phone], customer).optional()?)
}

/// Creates a customer file and returns its id.
pub fn insert(conn: &Connection, name: &str, phone: &str, now: i64) -> Result<i64> {
    conn.prepare_cached("INSERT INTO customers (name, phone, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)")?
        .execute(params![name, phone, now])?;
    Ok(conn.last_insert_rowid())
}

/// Writes every field of a customer file back.
pub fn update(conn: &Connection, row: &CustomerRow, now: i64) -> Result<()> {
    conn.prepare_cached(
        "UPDATE customers SET name = ?2, phone = ?3, address = ?4, wishes = ?5, updated_at = ?6, followup_agent_id = ?7,
             lost_reason = ?8
         WHERE id = ?1",
    )?
    .execute(params![row.id, row.name, row.phone, row.address, row.wishes, now, row.followup_agent_id, row.lost_reason])?;
    Ok(())
}

/// Customers whose name, phone or one of whose plates contains `needle`, by id, one page.
pub fn search(conn: &Connection, needle: &str, offset: u32, limit: u32) -> Result<Vec<CustomerRow>> {
    let pattern = format!("%{}%", super::like_escape(needle));
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.name, c.phone, c.address, c.wishes, c.created_at, c.updated_at, c.followup_agent_id, c.lost_reason
         FROM customers c
         WHERE c.name LIKE ?1 ESCAPE '\\' OR c.phone LIKE ?1 ESCAPE '\\'
            OR EXISTS (SELECT 1 FROM vehicles v WHERE v.customer_id = c.id AND v.plate LIKE ?1 ESCAPE '\\')
         ORDER BY c.id LIMIT ?2 OFFSET ?3",
    )?;
    let rows = stmt.query_map(params![pattern, limit, offset], customer)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A vehicle by plate.
pub fn vehicle_by_plate(conn: &Connection, plate: &str) -> Result<Option<VehicleRow>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {VEHICLE_COLUMNS} FROM vehicles WHERE plate = ?1"))?;
    Ok(stmt.query_row([plate], vehicle).optional()?)
}

/// The vehicles of a customer by plate.
pub fn vehicles_of(conn: &Connection, customer_id: i64) -> Result<Vec<VehicleRow>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {VEHICLE_COLUMNS} FROM vehicles WHERE customer_id = ?1 ORDER BY plate"))?;
    let rows = stmt.query_map([customer_id], vehicle)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Adds a vehicle to a customer file and returns its id.
pub fn insert_vehicle(conn: &Connection, plate: &str, customer_id: i64, now: i64) -> Result<i64> {
    conn.prepare_cached("INSERT INTO vehicles (plate, customer_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)")?
        .execute(params![plate, customer_id, now])?;
    Ok(conn.last_insert_rowid())
}

/// Writes every field of a vehicle back.
pub fn update_vehicle(conn: &Connection, v: &VehicleRow, now: i64) -> Result<()> {
    conn.prepare_cached(
        "UPDATE vehicles SET model = ?2, vehicle_type = ?3, vin = ?4, mileage_km = ?5,
             maintenance_interval_days = ?6, maintenance_interval_km = ?7, next_maintenance_due = ?8,
             updated_at = ?9
         WHERE id = ?1",
    )?
    .execute(params![
        v.id,
        v.model,
        v.vehicle_type,
        v.vin,
        v.mileage_km,
        v.maintenance_interval_days,
        v.maintenance_interval_km,
        v.next_maintenance_due,
        now
    ])?;
    Ok(())
}

/// The follow-up agent on a customer's file (an error when there is no such customer).
pub fn followup_agent(conn: &Connection, customer_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT followup_agent_id FROM customers WHERE id = ?1")?
        .query_row([customer_id], |r| r.get(0))?)
}

/// Sets (or clears) a customer's follow-up agent.
pub fn set_followup_agent(conn: &Connection, customer_id: i64, agent: Option<i64>) -> Result<()> {
    conn.prepare_cached("UPDATE customers SET followup_agent_id = ?2 WHERE id = ?1")?
        .execute(params![customer_id, agent])?;
    Ok(())
}

/// How many customer files there are.
pub fn count(conn: &Connection) -> Result<u32> {
    Ok(conn.prepare_cached("SELECT count(*) FROM customers")?.query_row([], |r| r.get(0))?)
}

/// A vehicle by plate, or by VIN where one is on file.
pub fn vehicle_by_plate_or_vin(conn: &Connection, key: &str) -> Result<Option<VehicleRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {VEHICLE_COLUMNS} FROM vehicles WHERE plate = ?1 OR (vin <> '' AND vin = ?1)"
    ))?;
    Ok(stmt.query_row([key], vehicle).optional()?)
}

/// Vehicles whose next maintenance falls due from `from` to `until` (both counted), by id.
pub fn vehicles_due_between(conn: &Connection, from: &str, until: &str) -> Result<Vec<VehicleRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {VEHICLE_COLUMNS} FROM vehicles
         WHERE next_maintenance_due >= ?1 AND next_maintenance_due <= ?2 ORDER BY id"
    ))?;
    let rows = stmt.query_map(params![from, until], vehicle)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Each customer with a vehicle whose maintenance falls due before `before`, by
/// customer: the customer's id and their first such vehicle's.
pub fn first_vehicle_due_before(conn: &Connection, before: &str) -> Result<Vec<(i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT customer_id, min(id) FROM vehicles WHERE next_maintenance_due < ?1
         GROUP BY customer_id ORDER BY customer_id",
    )?;
    let rows = stmt.query_map([before], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::{customer_with_car, db};

    #[test]
    fn a_customer_file_is_found_by_id_and_phone_and_written_back() {
        let conn = db();
        let (id, _) = customer_with_car(&conn, "13900000001", "沪A00001");
        let mut row = by_phone(&conn, "13900000001").unwrap().unwrap();
        assert_eq!((row.id, row.name.as_str(), row.followup_agent_id), (id, "张三", None));
        row.address = "上海市浦东新区".into();
        row.lost_reason = "搬家".into();
        update(&conn, &row, 42).unwrap();
        let stored = get(&conn, id).unwrap().unwrap();
        assert_eq!(
            (stored.address.as_str(), stored.lost_reason.as_str(), stored.updated_at),
            ("上海市浦东新区", "搬家", 42)
        );
        assert_eq!(by_phone(&conn, "13900000009").unwrap(), None);
    }

    #[test]
    fn a_search_matches_name_phone_or_plate_and_takes_wildcards_literally() {
        let conn = db();
        let (first, _) = customer_with_car(&conn, "13900000001", "沪A12345");
        let (second, _) = customer_with_car(&conn, "13900005678", "苏E88888");
        let ids = |needle: &str| search(&conn, needle, 0, 10).unwrap().into_iter().map(|c| c.id).collect::<Vec<_>>();
        assert_eq!(ids("2345"), [first], "part of a plate");
        assert_eq!(ids("5678"), [second], "part of a phone");
        assert_eq!(ids("张"), [first, second], "a name");
        assert_eq!(ids("%"), Vec::<i64>::new(), "a percent sign is no wildcard");
        assert_eq!(search(&conn, "张", 1, 10).unwrap().len(), 1, "the second page");
    }

    #[test]
    fn vehicles_read_back_by_plate_and_owner_and_are_written_back() {
        let conn = db();
        let (customer, first) = customer_with_car(&conn, "13900000001", "沪B00002");
        let second = insert_vehicle(&conn, "沪A00001", customer, 0).unwrap();
        let plates: Vec<String> = vehicles_of(&conn, customer).unwrap().into_iter().map(|v| v.plate).collect();
        assert_eq!(plates, ["沪A00001", "沪B00002"], "by plate");
        let mut car = vehicle_by_plate(&conn, "沪B00002").unwrap().unwrap();
        assert_eq!((car.id, car.customer_id, car.next_maintenance_due.as_deref()), (first, customer, None));
        car.model = "丰田凯美瑞".into();
        car.maintenance_interval_days = 180;
        car.next_maintenance_due = Some("2030-09-01".into());
        update_vehicle(&conn, &car, 3).unwrap();
        assert_eq!(vehicle_by_plate(&conn, "沪B00002").unwrap(), Some(car));
        assert_eq!(vehicle_by_plate(&conn, "沪A00001").unwrap().map(|v| v.id), Some(second));
    }

    #[test]
    fn a_customer_keeps_the_follow_up_agent_set_and_files_are_counted() {
        let conn = db();
        let agent = crate::store::testing::staff(&conn, "孙丽", "FOLLOWUP_AGENT", 0, &[]);
        let (id, _) = customer_with_car(&conn, "13900000001", "沪A00001");
        assert_eq!(followup_agent(&conn, id).unwrap(), None);
        set_followup_agent(&conn, id, Some(agent)).unwrap();
        assert_eq!(followup_agent(&conn, id).unwrap(), Some(agent));
        assert!(followup_agent(&conn, id + 1).is_err(), "no such customer");
        assert_eq!(count(&conn).unwrap(), 1);
    }

    #[test]
    fn cars_are_found_by_vin_and_by_their_maintenance_due_dates() {
        let conn = db();
        let (first, a) = customer_with_car(&conn, "13900000001", "沪A00001");
        let b = insert_vehicle(&conn, "沪A00002", first, 0).unwrap();
        let (second, c) = customer_with_car(&conn, "13900000002", "沪A00003");
        for (id, due, vin) in [(a, "2030-03-10", "LSVAB4BR0EN123456"), (b, "2030-03-01", ""), (c, "2030-03-20", "")] {
            conn.execute(
                "UPDATE vehicles SET next_maintenance_due = ?2, vin = ?3 WHERE id = ?1",
                params![id, due, vin],
            )
            .unwrap();
        }
        assert_eq!(vehicle_by_plate_or_vin(&conn, "LSVAB4BR0EN123456").unwrap().map(|v| v.id), Some(a));
        assert_eq!(vehicle_by_plate_or_vin(&conn, "沪A00003").unwrap().map(|v| v.id), Some(c));
        assert_eq!(vehicle_by_plate_or_vin(&conn, "").unwrap(), None, "an empty VIN matches nothing");
        let due: Vec<i64> =
            vehicles_due_between(&conn, "2030-03-01", "2030-03-10").unwrap().into_iter().map(|v| v.id).collect();
        assert_eq!(due, [a, b], "both ends counted, by id");
        assert_eq!(first_vehicle_due_before(&conn, "2030-03-20").unwrap(), [(first, a)], "one row per customer");
        assert_eq!(first_vehicle_due_before(&conn, "2030-03-21").unwrap(), [(first, a), (second, c)]);
    }
}
