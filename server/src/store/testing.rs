//! What the store's tests share: a migrated temporary database and the few rows most
//! tests stand on (a customer with a car, staff, a reception that opened a visit).

use chrono::NaiveDate;
use rusqlite::Connection;

use super::tickets::{self, NewTicket};
use super::visits::{self, NewVisit};
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

/// Three customers with a car each: phones 13900000001 to …3, plates 沪A00001 to …3.
pub fn cars(conn: &Connection) -> [(i64, i64); 3] {
    [1, 2, 3].map(|i| customer_with_car(conn, &format!("1390000000{i}"), &format!("沪A0000{i}")))
}

/// A member of staff of a kind (`SERVICE_ADVISOR`, `FOLLOWUP_AGENT`, `SUPERVISOR`),
/// created at `created_at`, skilled for `skills`.
pub fn staff(conn: &Connection, name: &str, kind: &str, created_at: i64, skills: &[&str]) -> i64 {
    let skills: Vec<String> = skills.iter().map(|s| (*s).to_owned()).collect();
    let kind = kind.parse().expect("a staff kind");
    let new = advisors::NewAdvisor { name, counter_number: 0, kind, service_codes: &skills };
    advisors::insert(conn, &new, created_at).unwrap()
}

/// A waiting ticket of a store day, arrived at `arrived_at`; returns its id.
pub fn ticket(conn: &Connection, (customer, vehicle): (i64, i64), service: &str, date: &str, arrived_at: i64) -> i64 {
    let n = tickets::next_number(conn, date, "T").unwrap();
    let number = format!("T{n:03}");
    let new = NewTicket {
        local_date: date,
        number: &number,
        service_code: service,
        customer_id: customer,
        vehicle_id: vehicle,
        appointment_id: None,
        late_appointment: false,
        own_advisor_id: None,
        arrived_at,
        created_by: "kiosk:1",
        provisional_number: "",
    };
    tickets::insert(conn, &new).unwrap()
}

/// A reception of `advisor` on a store day that opened a visit at `opened_at` (with
/// its ticket); returns the visit's id.
pub fn visit(conn: &Connection, car: (i64, i64), advisor: i64, service: &str, date: &str, opened_at: i64) -> i64 {
    let ticket = ticket(conn, car, service, date, opened_at);
    let work_order = format!("WO-{ticket}");
    let new = NewVisit {
        work_order: &work_order,
        ticket_id: ticket,
        customer_id: car.0,
        vehicle_id: car.1,
        service_code: service,
        advisor_id: advisor,
        local_date: date,
        mileage_km: 1000,
        customer_request: "",
        callback_note: "",
        promised_ready_at: opened_at + 3600,
        mystery_shopper: false,
        likely_to_complain: false,
    };
    visits::insert(conn, &new, opened_at, "advisor:1").unwrap()
}

/// Delivers a visit at `at`.
pub fn deliver(conn: &Connection, visit: i64, at: i64) {
    let sql = "UPDATE visits SET stage = 'DELIVERED', delivered_at = ?2 WHERE id = ?1";
    conn.execute(sql, rusqlite::params![visit, at]).unwrap();
}
