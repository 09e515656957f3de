//! The `slot_seats` table: seats taken per slot and service type.

use std::collections::HashMap;

use rusqlite::{Connection, params};

use super::Result;
use crate::domain::Error;
use crate::domain::ErrorReason;

/// How a seat was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seat {
    /// A regular seat within capacity.
    Regular,
    /// A seat beyond capacity that staff asked for.
    Overbooked,
}

/// Takes a seat with a guarded update: a regular seat only while `booked < capacity`
/// (the table's CHECK refuses anything else too); when the slot is full, an extra
/// seat only if `overbook` is set, otherwise SLOT_FULL.
pub fn take(conn: &Connection, service_code: &str, slot_start: i64, capacity: u32, overbook: bool) -> Result<Seat> {
    // A capacity lowered in the configuration never drops below the seats already sold.
    conn.prepare_cached(
        "INSERT INTO slot_seats (service_code, slot_start, capacity) VALUES (?1, ?2, ?3)
         ON CONFLICT (service_code, slot_start) DO UPDATE SET capacity = max(excluded.capacity, booked)",
    )?
    .execute(params![service_code, slot_start, capacity])?;
    let taken = conn
        .prepare_cached(
            "UPDATE slot_seats SET booked = booked + 1
             WHERE service_code = ?1 AND slot_start = ?2 AND booked < capacity",
        )?
        .execute(params![service_code, slot_start])?;
    if taken == 1 {
        return Ok(Seat::Regular);
    }
    if !overbook {
        return Err(Error::refused(ErrorReason::SlotFull, "every seat of this slot is taken").into());
    }
    conn.prepare_cached(
        "UPDATE slot_seats SET overbooked = overbooked + 1 WHERE service_code = ?1 AND slot_start = ?2",
    )?
    .execute(params![service_code, slot_start])?;
    Ok(Seat::Overbooked)
}

/// Gives a seat back.
pub fn release(conn: &Connection, service_code: &str, slot_start: i64, seat: Seat) -> Result<()> {
    let column = match seat {
        Seat::Regular => "booked",
        Seat::Overbooked => "overbooked",
    };
    let changed = conn
        .prepare_cached(&format!(
            "UPDATE slot_seats SET {column} = {column} - 1
             WHERE service_code = ?1 AND slot_start = ?2 AND {column} > 0"
        ))?
        .execute(params![service_code, slot_start])?;
    if changed == 1 {
        Ok(())
    } else {
        Err(Error::internal(format!("no {column} seat to release at {service_code}/{slot_start}")).into())
    }
}

/// Regular seats taken per slot start for one service type between two instants.
pub fn booked_between(conn: &Connection, service_code: &str, from: i64, to: i64) -> Result<HashMap<i64, u32>> {
    let mut stmt = conn.prepare_cached(
        "SELECT slot_start, booked FROM slot_seats WHERE service_code = ?1 AND slot_start >= ?2 AND slot_start < ?3",
    )?;
    let rows = stmt
        .query_map(params![service_code, from, to], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::db;

    #[test]
    fn seats_are_taken_up_to_capacity_then_only_overbooked_and_given_back() {
        let conn = db();
        assert_eq!(take(&conn, "repair", 100, 2, false).unwrap(), Seat::Regular);
        assert_eq!(take(&conn, "repair", 100, 2, false).unwrap(), Seat::Regular);
        let full = take(&conn, "repair", 100, 2, false).unwrap_err();
        assert_eq!(full.reason(), Some(ErrorReason::SlotFull));
        assert_eq!(take(&conn, "repair", 100, 2, true).unwrap(), Seat::Overbooked);
        assert_eq!(booked_between(&conn, "repair", 100, 101).unwrap(), HashMap::from([(100, 2)]), "regular seats only");
        release(&conn, "repair", 100, Seat::Overbooked).unwrap();
        assert!(release(&conn, "repair", 100, Seat::Overbooked).is_err(), "none left to give back");
        release(&conn, "repair", 100, Seat::Regular).unwrap();
        assert_eq!(take(&conn, "repair", 100, 2, false).unwrap(), Seat::Regular, "the seat given back");
    }

    #[test]
    fn a_lowered_capacity_never_drops_below_the_seats_sold() {
        let conn = db();
        take(&conn, "maintenance", 100, 3, false).unwrap();
        take(&conn, "maintenance", 100, 3, false).unwrap();
        assert!(take(&conn, "maintenance", 100, 1, false).is_err(), "capacity is now the two sold");
        assert_eq!(booked_between(&conn, "maintenance", 0, 100).unwrap(), HashMap::new(), "the range ends before");
        assert_eq!(booked_between(&conn, "repair", 0, 200).unwrap(), HashMap::new(), "another service");
    }
}
