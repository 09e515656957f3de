//! What the store's tests share: a migrated temporary database and the few rows most
//! tests stand on (a customer with a car, staff).

use chrono::NaiveDate;
use rusqlite::Connection;

use super::{advisors, customers};

/// A fresh in-memory database with the store's pragmas and every migration applied.
pub fn db() -> Connection {
    let mut conn = Connection::open_in_memory().unwrap();
    conn.pragma_update(None, "foreign_keys", true).unwrap();
    super::migrations::migrate(&mut conn).unwrap();
    conn
}

/// A store date.
pub fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// Noon UTC of a date, in unix seconds.
pub fn noon(text: &str) -> i64 {
    day(text).and_hms_opt(12, 0, 0).unwrap().and_utc().timestamp()
}

/// A customer file with one car; returns the customer's and the vehicle's ids.
pub fn customer_with_car(conn: &Connection, phone: &str, plate: &str) -> (i64, i64) {
    let customer = customers::insert(conn, "张三", phone, 0).unwrap();
    let vehicle = customers::insert_vehicle(conn, plate, customer, 0).unwrap();
    (customer, vehicle)
}

/// A member of staff of a kind (`SERVICE_ADVISOR`, `FOLLOWUP_AGENT`, `SUPERVISOR`),
/// created at `created_at`, skilled for `skills`.
pub fn staff(conn: &Connection, name: &str, kind: &str, created_at: i64, skills: &[&str]) -> i64 {
    let skills: Vec<String> = skills.iter().map(|s| (*s).to_owned()).collect();
    let new = advisors::NewAdvisor { name, counter_number: 0, kind, service_codes: &skills };
    advisors::insert(conn, &new, created_at).unwrap()
}
