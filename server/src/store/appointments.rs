//! The `appointments` table.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::Result;
use crate::domain::AppointmentStatus;

/// A stored appointment with its vehicle's plate and its customer's name and phone.
pub use crate::domain::records::Appointment as AppointmentRow;

/// A new appointment.
#[derive(Debug, Clone)]
pub struct NewAppointment<'a> {
    /// The confirmation code.
    pub code: &'a str,
    /// The customer.
    pub customer_id: i64,
    /// The vehicle.
    pub vehicle_id: i64,
    /// The service type.
    pub service_code: &'a str,
    /// Slot start (unix seconds).
    pub slot_start: i64,
    /// Slot end (unix seconds).
    pub slot_end: i64,
    /// Store-local date.
    pub local_date: &'a str,
    /// The advisor asked for.
    pub preferred_advisor_id: Option<i64>,
    /// Notes.
    pub notes: &'a str,
    /// The overbooking reason when the seat is beyond capacity.
    pub overbook_reason: Option<&'a str>,
    /// Who books it.
    pub created_by: &'a str,
    /// The number a kiosk showed for a booking it kept offline; empty otherwise.
    pub provisional_number: &'a str,
}

const SELECT: &str = "SELECT a.id, a.confirmation_code, a.customer_id, a.vehicle_id, v.plate, c.name, c.phone,
        a.service_code, a.slot_start, a.slot_end, a.local_date, a.status, a.preferred_advisor_id, a.notes,
        a.overbooked, a.overbook_reason, a.created_by, a.updated_by, a.cancel_reason, a.created_at, a.updated_at,
        a.overbooked_by, a.provisional_number
    FROM appointments a JOIN vehicles v ON v.id = a.vehicle_id JOIN customers c ON c.id = a.customer_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<AppointmentRow> {
    Ok(AppointmentRow {
        id: r.get(0)?,
        code: r.get(1)?,
        customer_id: r.get(2)?,
        vehicle_id: r.get(3)?,
        plate: r.get(4)?,
        customer_name: r.get(5)?,
        phone: r.get(6)?,
        service_code: r.get(7)?,
        slot_start: r.get(8)?,
        slot_end: r.get(9)?,
        local_date: r.get(10)?,
        status: super::named(r, 11)?,
        preferred_advisor_id: r.get(12)?,
        notes: r.get(13)?,
        overbooked: r.get(14)?,
        overbook_reason: r.get(15)?,
        created_by: r.get(16)?,
        updated_by: r.get(17)?,
        cancel_reason: r.get(18)?,
        created_at: r.get(19)?,
        updated_at: r.get(20)?,
        overbooked_by: r.get(21)?,
        provisional_number: r.get(22)?,
    })
}

/// Inserts a booked appointment and returns its id.
pub fn insert(conn: &Connection, new: &NewAppointment<'_>, now: i64) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO appointments (confirmation_code, customer_id, vehicle_id, service_code, slot_start, slot_end,
             local_date, status, preferred_advisor_id, notes, overbooked, overbook_reason, created_by, updated_by,
             created_at, updated_at, overbooked_by, provisional_number)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'BOOKED', ?8, ?9, ?10, ?11, ?12, ?12, ?13, ?13,
                 CASE WHEN ?10 THEN ?12 ELSE '' END, ?14)",
    )?
    .execute(params![
        new.code,
        new.customer_id,
        new.vehicle_id,
        new.service_code,
        new.slot_start,
        new.slot_end,
        new.local_date,
        new.preferred_advisor_id,
        new.notes,
        new.overbook_reason.is_some(),
        new.overbook_reason.unwrap_or(""),
        new.created_by,
        now,
        new.provisional_number
    ])?;
    Ok(conn.last_insert_rowid())
}

/// One appointment by id.
pub fn get(conn: &Connection, id: i64) -> Result<Option<AppointmentRow>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE a.id = ?1"))?;
    Ok(stmt.query_row([id], from_row).optional()?)
}

/// One appointment by confirmation code.
pub fn by_code(conn: &Connection, code: &str) -> Result<Option<AppointmentRow>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE a.confirmation_code = ?1"))?;
    Ok(stmt.query_row([code], from_row).optional()?)
}

/// True when a confirmation code is taken.
pub fn code_exists(conn: &Connection, code: &str) -> Result<bool> {
    let mut stmt = conn.prepare_cached("SELECT 1 FROM appointments WHERE confirmation_code = ?1")?;
    Ok(stmt.exists([code])?)
}

/// The booked appointment of a vehicle on a store-local date, other than `except`.
pub fn booked_for_vehicle_on(
    conn: &Connection,
    vehicle_id: i64,
    date: &str,
    except: Option<i64>,
) -> Result<Option<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT confirmation_code FROM appointments
         WHERE vehicle_id = ?1 AND local_date = ?2 AND status = 'BOOKED' AND id IS NOT ?3",
    )?;
    Ok(stmt.query_row(params![vehicle_id, date, except], |r| r.get(0)).optional()?)
}

/// How many appointments a store-local date holds (every status but cancelled).
pub fn count_on(conn: &Connection, date: &str) -> Result<u32> {
    let mut stmt =
        conn.prepare_cached("SELECT count(*) FROM appointments WHERE local_date = ?1 AND status <> 'CANCELLED'")?;
    Ok(stmt.query_row([date], |r| r.get(0))?)
}

/// A filter for [`list`].
pub use crate::domain::records::AppointmentFilter as Filter;

/// Appointments matching a filter, by slot then id (or latest first), one page.
pub fn list(conn: &Connection, f: &Filter, newest_first: bool, offset: u32, limit: u32) -> Result<Vec<AppointmentRow>> {
    let order = if newest_first { "a.slot_start DESC, a.id DESC" } else { "a.slot_start, a.id" };
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE (?1 IS NULL OR a.local_date = ?1) AND (?2 IS NULL OR a.service_code = ?2)
            AND (?3 IS NULL OR a.status = ?3) AND (?4 IS NULL OR v.plate = ?4) AND (?5 IS NULL OR a.customer_id = ?5)
            AND (?6 IS NULL OR a.local_date >= ?6)
         ORDER BY {order} LIMIT ?7 OFFSET ?8"
    ))?;
    let rows = stmt
        .query_map(
            params![
                f.date,
                f.service_code,
                f.status.map(AppointmentStatus::as_str),
                f.plate,
                f.customer_id,
                f.from_date,
                limit,
                offset
            ],
            from_row,
        )?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Sets the status, who changed it and, for cancellations, why.
pub fn set_status(
    conn: &Connection,
    id: i64,
    status: AppointmentStatus,
    by: &str,
    cancel_reason: &str,
    now: i64,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE appointments SET status = ?2, updated_by = ?3, cancel_reason = ?4, updated_at = ?5 WHERE id = ?1",
    )?
    .execute(params![id, status.as_str(), by, cancel_reason, now])?;
    Ok(())
}

/// Keeps the provisional number a kiosk showed for an appointment that has none yet
/// (a booking that reached the server before the kiosk gave up and kept it).
pub fn keep_provisional_number(conn: &Connection, id: i64, number: &str) -> Result<()> {
    conn.prepare_cached("UPDATE appointments SET provisional_number = ?2 WHERE id = ?1 AND provisional_number = ''")?
        .execute(params![id, number])?;
    Ok(())
}

/// Sets the advisor an appointment asks for (`None` for anyone).
pub fn set_preferred_advisor(conn: &Connection, id: i64, advisor: Option<i64>, by: &str, now: i64) -> Result<()> {
    conn.prepare_cached(
        "UPDATE appointments SET preferred_advisor_id = ?2, updated_by = ?3, updated_at = ?4 WHERE id = ?1",
    )?
    .execute(params![id, advisor, by, now])?;
    Ok(())
}

/// Moves an appointment to another slot.
pub fn move_to(
    conn: &Connection,
    id: i64,
    slot: (i64, i64, &str),
    overbook_reason: Option<&str>,
    by: &str,
    now: i64,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE appointments SET slot_start = ?2, slot_end = ?3, local_date = ?4, overbooked = ?5,
             overbook_reason = ?6, updated_by = ?7, updated_at = ?8,
             overbooked_by = CASE WHEN ?5 THEN ?7 ELSE '' END
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        slot.0,
        slot.1,
        slot.2,
        overbook_reason.is_some(),
        overbook_reason.unwrap_or(""),
        by,
        now
    ])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::{customer_with_car, db, noon};

    fn booking<'a>(code: &'a str, (customer, vehicle): (i64, i64), date: &'a str) -> NewAppointment<'a> {
        NewAppointment {
            code,
            customer_id: customer,
            vehicle_id: vehicle,
            service_code: "maintenance",
            slot_start: noon(date),
            slot_end: noon(date) + 1800,
            local_date: date,
            preferred_advisor_id: None,
            notes: "",
            overbook_reason: None,
            created_by: "kiosk:entrance",
            provisional_number: "",
        }
    }

    #[test]
    fn an_appointment_reads_back_booked_with_its_plate_and_customer() {
        let conn = db();
        let car = customer_with_car(&conn, "13900000001", "沪A00001");
        let id = insert(&conn, &booking("J4UY4Q", car, "2030-03-04"), 7).unwrap();
        let row = get(&conn, id).unwrap().unwrap();
        assert_eq!((row.code.as_str(), row.plate.as_str(), row.phone.as_str()), ("J4UY4Q", "沪A00001", "13900000001"));
        assert_eq!((row.status, row.overbooked, row.overbooked_by.as_str()), (AppointmentStatus::Booked, false, ""));
        assert_eq!(
            (row.created_by.as_str(), row.updated_by.as_str(), row.created_at),
            ("kiosk:entrance", "kiosk:entrance", 7)
        );
        assert_eq!(by_code(&conn, "J4UY4Q").unwrap(), Some(row));
        assert!(code_exists(&conn, "J4UY4Q").unwrap() && !code_exists(&conn, "ZZZZZZ").unwrap());
    }

    #[test]
    fn an_overbooking_records_who_did_it_and_a_move_without_one_clears_it() {
        let conn = db();
        let car = customer_with_car(&conn, "13900000001", "沪A00001");
        let new = NewAppointment {
            overbook_reason: Some("老客户"),
            created_by: "advisor:3",
            ..booking("AAAAAA", car, "2030-03-04")
        };
        let id = insert(&conn, &new, 0).unwrap();
        let row = get(&conn, id).unwrap().unwrap();
        assert_eq!(
            (row.overbooked, row.overbook_reason.as_str(), row.overbooked_by.as_str()),
            (true, "老客户", "advisor:3")
        );
        move_to(&conn, id, (noon("2030-03-05"), noon("2030-03-05") + 1800, "2030-03-05"), None, "supervisor:9", 1)
            .unwrap();
        let moved = get(&conn, id).unwrap().unwrap();
        assert_eq!(
            (moved.local_date.as_str(), moved.slot_start, moved.overbooked),
            ("2030-03-05", noon("2030-03-05"), false)
        );
        assert_eq!((moved.overbooked_by.as_str(), moved.updated_by.as_str()), ("", "supervisor:9"));
    }

    #[test]
    fn a_day_counts_every_appointment_but_cancelled_ones_and_a_car_has_one_booked() {
        let conn = db();
        let car = customer_with_car(&conn, "13900000001", "沪A00001");
        let other = customer_with_car(&conn, "13900000002", "沪A00002");
        let first = insert(&conn, &booking("AAAAAA", car, "2030-03-04"), 0).unwrap();
        insert(&conn, &booking("BBBBBB", other, "2030-03-04"), 0).unwrap();
        assert_eq!(count_on(&conn, "2030-03-04").unwrap(), 2);
        assert_eq!(booked_for_vehicle_on(&conn, car.1, "2030-03-04", None).unwrap().as_deref(), Some("AAAAAA"));
        assert_eq!(booked_for_vehicle_on(&conn, car.1, "2030-03-04", Some(first)).unwrap(), None, "itself");
        set_status(&conn, first, AppointmentStatus::Cancelled, "advisor:3", "客户改期", 1).unwrap();
        assert_eq!(count_on(&conn, "2030-03-04").unwrap(), 1);
        assert_eq!(booked_for_vehicle_on(&conn, car.1, "2030-03-04", None).unwrap(), None);
        assert_eq!(get(&conn, first).unwrap().unwrap().cancel_reason, "客户改期");
    }

    #[test]
    fn lists_filter_and_order_by_slot() {
        let conn = db();
        let car = customer_with_car(&conn, "13900000001", "沪A00001");
        let late = insert(&conn, &booking("AAAAAA", car, "2030-03-05"), 0).unwrap();
        let early = insert(&conn, &booking("BBBBBB", car, "2030-03-04"), 0).unwrap();
        set_preferred_advisor(&conn, early, None, "advisor:3", 0).unwrap();
        keep_provisional_number(&conn, early, "K-001").unwrap();
        keep_provisional_number(&conn, early, "K-002").unwrap();
        assert_eq!(get(&conn, early).unwrap().unwrap().provisional_number, "K-001", "the first number is kept");
        let ids = |f: &Filter, newest: bool| {
            list(&conn, f, newest, 0, 10).unwrap().into_iter().map(|a| a.id).collect::<Vec<_>>()
        };
        assert_eq!(ids(&Filter::default(), false), [early, late]);
        assert_eq!(ids(&Filter::default(), true), [late, early]);
        assert_eq!(ids(&Filter { from_date: Some("2030-03-05".into()), ..Filter::default() }, false), [late]);
        assert_eq!(ids(&Filter { plate: Some("沪A00009".into()), ..Filter::default() }, false), Vec::<i64>::new());
        let booked =
            Filter { status: Some(AppointmentStatus::Booked), date: Some("2030-03-04".into()), ..Filter::default() };
        assert_eq!(ids(&booked, false), [early]);
    }
}
