//! The reads behind the service manager's figures (KPIs) for a range of store days:
//! what the queue, the workshop and the appointments recorded. The follow-up desk's
//! figures are in [`desk`], the monthly advisor ranking's in [`ranking`]. Every read
//! counts or lists recorded facts; the rules that judge them are in
//! [`crate::domain::report`].

pub mod desk;
pub mod ranking;

use rusqlite::{Connection, params};

use super::Result;
use crate::domain::AppointmentStatus;
use crate::domain::report::Ratio;

/// What a figure counts over: a range of store days, the instants that bound it, and
/// whether only one advisor's own work counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope<'a> {
    /// The first store day, YYYY-MM-DD.
    pub from: &'a str,
    /// The last store day, YYYY-MM-DD.
    pub to: &'a str,
    /// The start of the first day (unix seconds).
    pub start: i64,
    /// The end of the last day (unix seconds, excluded).
    pub end: i64,
    /// One advisor's work only (the tickets they called, the visits they received);
    /// the whole store when `None`.
    pub advisor: Option<i64>,
}

/// A duration of one service type's ticket, in seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceSeconds {
    /// The service code.
    pub service_code: String,
    /// Seconds.
    pub seconds: i64,
}

fn service_seconds(conn: &Connection, sql: &str, s: Scope<'_>) -> Result<Vec<ServiceSeconds>> {
    let rows = conn
        .prepare_cached(sql)?
        .query_map(params![s.start, s.end, s.advisor], |r| {
            Ok(ServiceSeconds { service_code: r.get(0)?, seconds: r.get(1)? })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Check-in to first call, for tickets first called in the range.
pub fn waits(conn: &Connection, s: Scope<'_>) -> Result<Vec<ServiceSeconds>> {
    service_seconds(
        conn,
        "SELECT service_code, called_at - arrived_at FROM tickets WHERE called_at >= ?1 AND called_at < ?2
           AND (?3 IS NULL OR advisor_id = ?3)",
        s,
    )
}

/// First call to reception done, for tickets done in the range.
pub fn receptions(conn: &Connection, s: Scope<'_>) -> Result<Vec<ServiceSeconds>> {
    service_seconds(
        conn,
        "SELECT service_code, finished_at - called_at FROM tickets
         WHERE state = 'DONE' AND called_at IS NOT NULL AND finished_at >= ?1 AND finished_at < ?2
           AND (?3 IS NULL OR advisor_id = ?3)",
        s,
    )
}

/// The arrival instants (unix seconds) of the tickets of the range's store days.
pub fn arrivals(conn: &Connection, s: Scope<'_>) -> Result<Vec<i64>> {
    let rows = conn
        .prepare_cached(
            "SELECT arrived_at FROM tickets WHERE local_date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR advisor_id = ?3)",
        )?
        .query_map(params![s.from, s.to, s.advisor], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The tickets of the range's store days that came with an appointment, over all of them.
pub fn appointment_arrivals(conn: &Connection, s: Scope<'_>) -> Result<Ratio> {
    ratio(
        conn,
        "SELECT coalesce(sum(appointment_id IS NOT NULL), 0), count(*) FROM tickets
         WHERE local_date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR advisor_id = ?3)",
        s,
    )
}

/// Visits (work orders) opened on the range's store days.
pub fn visits_opened(conn: &Connection, s: Scope<'_>) -> Result<u32> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM visits WHERE local_date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR advisor_id = ?3)",
        )?
        .query_row(params![s.from, s.to, s.advisor], |r| r.get(0))?)
}

/// Visits opened on the range's store days with a callback note, over all of them.
pub fn callback_notes(conn: &Connection, s: Scope<'_>) -> Result<Ratio> {
    ratio(
        conn,
        "SELECT coalesce(sum(trim(callback_note) <> ''), 0), count(*) FROM visits
         WHERE local_date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR advisor_id = ?3)",
        s,
    )
}

fn ratio(conn: &Connection, sql: &str, s: Scope<'_>) -> Result<Ratio> {
    Ok(conn
        .prepare_cached(sql)?
        .query_row(params![s.from, s.to, s.advisor], |r| Ok(Ratio { count: r.get(0)?, total: r.get(1)? }))?)
}

/// An appointment of the range: where it stands and when its slot started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Booked {
    /// The status.
    pub status: AppointmentStatus,
    /// Slot start (unix seconds).
    pub slot_start: i64,
}

/// Every appointment whose slot lies on the range's store days.
pub fn appointments(conn: &Connection, s: Scope<'_>) -> Result<Vec<Booked>> {
    let rows = conn
        .prepare_cached("SELECT status, slot_start FROM appointments WHERE local_date BETWEEN ?1 AND ?2 ORDER BY id")?
        .query_map(params![s.from, s.to], |r| Ok(Booked { status: super::named(r, 0)?, slot_start: r.get(1)? }))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// `,repair,body_paint,` for `instr` matching of configured service codes.
fn code_list(codes: &[String]) -> String {
    format!(",{},", codes.join(","))
}

/// The work orders and service types of the visits delivered in the range.
pub fn delivered(conn: &Connection, s: Scope<'_>) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT work_order, service_code FROM visits
         WHERE delivered_at >= ?1 AND delivered_at < ?2 AND (?3 IS NULL OR advisor_id = ?3) ORDER BY id",
    )?;
    Ok(stmt
        .query_map(params![s.start, s.end, s.advisor], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Visits of the `repairs` service types delivered in the range.
pub fn repairs_delivered(conn: &Connection, s: Scope<'_>, repairs: &[String]) -> Result<u32> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM visits WHERE instr(?3, ',' || service_code || ',') > 0
               AND delivered_at >= ?1 AND delivered_at < ?2 AND (?4 IS NULL OR advisor_id = ?4)",
        )?
        .query_row(params![s.start, s.end, code_list(repairs), s.advisor], |r| r.get(0))?)
}

/// Repair visits opened on the range's store days within `within_secs` of the
/// delivery of an earlier repair of the same vehicle; for one advisor, comebacks of
/// the repairs they received.
pub fn repeat_repairs(conn: &Connection, s: Scope<'_>, repairs: &[String], within_secs: i64) -> Result<u32> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM visits w
             WHERE instr(?3, ',' || w.service_code || ',') > 0 AND w.local_date BETWEEN ?1 AND ?2
               AND EXISTS (SELECT 1 FROM visits p
                           WHERE p.vehicle_id = w.vehicle_id AND p.id <> w.id
                             AND instr(?3, ',' || p.service_code || ',') > 0
                             AND p.delivered_at IS NOT NULL AND p.delivered_at <= w.opened_at
                             AND p.delivered_at >= w.opened_at - ?4
                             AND (?5 IS NULL OR p.advisor_id = ?5))",
        )?
        .query_row(params![s.from, s.to, code_list(repairs), within_secs, s.advisor], |r| r.get(0))?)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::store::appointments::{self, NewAppointment};
    use crate::store::testing::{cars, db, deliver, noon, staff, ticket, visit};

    /// The scope of 2030-03-01 to 2030-03-31 (instants from noon to noon, for short).
    pub(crate) fn march(advisor: Option<i64>) -> Scope<'static> {
        Scope { from: "2030-03-01", to: "2030-03-31", start: noon("2030-03-01"), end: noon("2030-03-31"), advisor }
    }

    fn book(conn: &Connection, car: (i64, i64), code: &str, date: &str, status: &str) -> i64 {
        let new = NewAppointment {
            code,
            customer_id: car.0,
            vehicle_id: car.1,
            service_code: "repair",
            slot_start: noon(date),
            slot_end: noon(date) + 1800,
            local_date: date,
            preferred_advisor_id: None,
            notes: "",
            overbook_reason: None,
            created_by: "advisor:1",
            provisional_number: "",
        };
        let id = appointments::insert(conn, &new, 0).unwrap();
        conn.execute("UPDATE appointments SET status = ?2 WHERE id = ?1", params![id, status]).unwrap();
        id
    }

    #[test]
    fn waits_receptions_and_arrivals_are_read_per_ticket_of_the_range() {
        let conn = db();
        let advisor = staff(&conn, "王磊", "SERVICE_ADVISOR", 0, &[]);
        let [a, b, c] = cars(&conn);
        let at = noon("2030-03-04");
        let done = ticket(&conn, a, "repair", "2030-03-04", at);
        let called = ticket(&conn, b, "maintenance", "2030-03-04", at + 60);
        let before = ticket(&conn, c, "repair", "2030-02-28", noon("2030-02-28"));
        let appointment = book(&conn, a, "AAAAAA", "2030-03-04", "CHECKED_IN");
        let set =
            "UPDATE tickets SET state = ?2, advisor_id = ?3, called_at = ?4, finished_at = ?5, appointment_id = ?6
                   WHERE id = ?1";
        conn.execute(set, params![done, "DONE", advisor, at + 300, at + 1500, appointment]).unwrap();
        conn.execute(set, params![called, "CALLED", advisor, at + 900, None::<i64>, None::<i64>]).unwrap();
        let old = noon("2030-02-28");
        conn.execute(set, params![before, "DONE", advisor, old, old + 60, None::<i64>]).unwrap();
        let times =
            |rows: Vec<ServiceSeconds>| rows.into_iter().map(|r| (r.service_code, r.seconds)).collect::<Vec<_>>();
        assert_eq!(times(waits(&conn, march(None)).unwrap()), [("repair".into(), 300), ("maintenance".into(), 840)]);
        assert_eq!(times(receptions(&conn, march(None)).unwrap()), [("repair".into(), 1200)], "done in the range only");
        assert!(waits(&conn, march(Some(advisor + 1))).unwrap().is_empty(), "another advisor called none");
        let mut arrived = arrivals(&conn, march(None)).unwrap();
        arrived.sort_unstable();
        assert_eq!(arrived, [at, at + 60], "by the tickets' store day");
        assert_eq!(appointment_arrivals(&conn, march(None)).unwrap(), Ratio { count: 1, total: 2 });
    }

    #[test]
    fn appointments_of_the_range_are_read_with_their_status_and_slot() {
        let conn = db();
        let [a, b, _] = cars(&conn);
        book(&conn, a, "AAAAAA", "2030-03-04", "NO_SHOW");
        book(&conn, b, "BBBBBB", "2030-03-05", "BOOKED");
        book(&conn, b, "CCCCCC", "2030-04-01", "CHECKED_IN");
        let booked = appointments(&conn, march(None)).unwrap();
        assert_eq!(
            booked,
            [
                Booked { status: AppointmentStatus::NoShow, slot_start: noon("2030-03-04") },
                Booked { status: AppointmentStatus::Booked, slot_start: noon("2030-03-05") },
            ]
        );
    }

    #[test]
    fn visits_count_with_their_callback_notes_and_a_repair_soon_after_another_repeats_it() {
        let conn = db();
        let [first, second] = ["王磊", "李娜"].map(|n| staff(&conn, n, "SERVICE_ADVISOR", 0, &[]));
        let [a, b, _] = cars(&conn);
        let repair = visit(&conn, a, first, "repair", "2030-03-01", noon("2030-03-01"));
        deliver(&conn, repair, noon("2030-03-02"));
        let comeback = visit(&conn, a, second, "repair", "2030-03-10", noon("2030-03-10"));
        let service = visit(&conn, b, first, "maintenance", "2030-03-05", noon("2030-03-05"));
        conn.execute("UPDATE visits SET callback_note = ' 下午电话回访 ' WHERE id = ?1", [service]).unwrap();
        conn.execute("UPDATE visits SET callback_note = '  ' WHERE id = ?1", [comeback]).unwrap();
        let repairs = ["repair".to_owned(), "body_paint".to_owned()];
        assert_eq!(visits_opened(&conn, march(None)).unwrap(), 3);
        assert_eq!(visits_opened(&conn, march(Some(second))).unwrap(), 1);
        assert_eq!(callback_notes(&conn, march(None)).unwrap(), Ratio { count: 1, total: 3 }, "blank is none");
        assert_eq!(repairs_delivered(&conn, march(None), &repairs).unwrap(), 1);
        assert_eq!(repairs_delivered(&conn, march(None), &["maintenance".to_owned()]).unwrap(), 0, "not delivered");
        let month = 30 * 86_400;
        assert_eq!(repeat_repairs(&conn, march(None), &repairs, month).unwrap(), 1, "8 days after the delivery");
        assert_eq!(repeat_repairs(&conn, march(None), &repairs, 7 * 86_400).unwrap(), 0, "not within 7 days");
        assert_eq!(repeat_repairs(&conn, march(Some(first)), &repairs, month).unwrap(), 1, "a comeback of theirs");
        assert_eq!(repeat_repairs(&conn, march(Some(second)), &repairs, month).unwrap(), 0);
    }
}
