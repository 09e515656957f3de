//! What the metrics read at each scrape, so a gauge cannot drift from the records:
//! tickets waiting per service type today, the active service advisors' stored
//! statuses and whether each holds a ticket, and the open follow-ups' windows. The
//! rules that turn these into SERVING and overdue are the domain's.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::Result;
use super::stored_date;
use crate::domain::AdvisorStatus;

/// Tickets of one service type waiting now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueLength {
    /// The service code.
    pub service_code: String,
    /// Tickets waiting.
    pub tickets: i64,
}

/// Tickets waiting on a store day, every service type listed, by code.
pub fn waiting_by_service(conn: &Connection, day: &str) -> Result<Vec<QueueLength>> {
    let rows = conn
        .prepare_cached(
            "SELECT s.code, (SELECT count(*) FROM tickets t
                             WHERE t.service_code = s.code AND t.local_date = ?1 AND t.state = 'WAITING')
             FROM service_types s ORDER BY s.code",
        )?
        .query_map([day], |r| Ok(QueueLength { service_code: r.get(0)?, tickets: r.get(1)? }))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// An active service advisor as stored: the status they set and whether they hold a
/// called or in-service ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdvisorState {
    /// AVAILABLE, PAUSED or OFFLINE, as set.
    pub stored: AdvisorStatus,
    /// Holding a ticket.
    pub holding_ticket: bool,
}

/// Every active service advisor, by id.
pub fn service_advisors(conn: &Connection) -> Result<Vec<AdvisorState>> {
    let rows = conn
        .prepare_cached(
            "SELECT a.queue_status,
                    EXISTS (SELECT 1 FROM tickets t WHERE t.advisor_id = a.id AND t.state IN ('CALLED', 'IN_SERVICE'))
             FROM advisors a WHERE a.kind = 'SERVICE_ADVISOR' AND a.active = 1 ORDER BY a.id",
        )?
        .query_map([], |r| Ok(AdvisorState { stored: super::named(r, 0)?, holding_ticket: r.get(1)? }))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// An open follow-up's window and retry day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenWindow {
    /// The window's first day.
    pub due_from: NaiveDate,
    /// Its last day.
    pub due_until: NaiveDate,
    /// The next attempt after no answer.
    pub next_attempt: Option<NaiveDate>,
}

/// The windows of the open follow-ups.
pub fn open_windows(conn: &Connection) -> Result<Vec<OpenWindow>> {
    let rows = conn
        .prepare_cached("SELECT due_from, due_until, next_attempt_date FROM follow_ups WHERE status = 'OPEN'")?
        .query_map([], |r| {
            let (from, until, next): (String, String, Option<String>) = (r.get(0)?, r.get(1)?, r.get(2)?);
            Ok(OpenWindow {
                due_from: stored_date(0, &from)?,
                due_until: stored_date(1, &until)?,
                next_attempt: next.map(|n| stored_date(2, &n)).transpose()?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::{cars, customer_with_car, day, db, noon, staff, ticket};

    #[test]
    fn every_service_type_is_listed_with_the_tickets_waiting_today() {
        let conn = db();
        let [a, b, c] = cars(&conn);
        ticket(&conn, a, "repair", "2030-03-04", noon("2030-03-04"));
        ticket(&conn, b, "repair", "2030-03-04", noon("2030-03-04"));
        ticket(&conn, c, "repair", "2030-03-03", noon("2030-03-03"));
        let called = ticket(&conn, c, "maintenance", "2030-03-04", noon("2030-03-04"));
        let advisor = staff(&conn, "王磊", "SERVICE_ADVISOR", 0, &[]);
        conn.execute("UPDATE tickets SET state = 'CALLED', advisor_id = ?2 WHERE id = ?1", [called, advisor]).unwrap();
        let waiting: Vec<(String, i64)> =
            waiting_by_service(&conn, "2030-03-04").unwrap().into_iter().map(|w| (w.service_code, w.tickets)).collect();
        let expected = [("body_paint", 0), ("maintenance", 0), ("repair", 2), ("warranty", 0)];
        assert_eq!(waiting, expected.map(|(s, n)| (s.to_owned(), n)));
    }

    #[test]
    fn active_service_advisors_come_with_their_stored_status_and_whether_they_hold_a_ticket() {
        let conn = db();
        let [serving, paused, gone] = ["王磊", "李娜", "张伟"].map(|n| staff(&conn, n, "SERVICE_ADVISOR", 0, &[]));
        staff(&conn, "孙丽", "FOLLOWUP_AGENT", 0, &[]);
        conn.execute_batch(&format!(
            "UPDATE advisors SET queue_status = 'AVAILABLE' WHERE id = {serving};
             UPDATE advisors SET queue_status = 'PAUSED' WHERE id = {paused};
             UPDATE advisors SET active = 0 WHERE id = {gone};"
        ))
        .unwrap();
        let car = customer_with_car(&conn, "13900000001", "沪A00001");
        let t = ticket(&conn, car, "repair", "2030-03-04", noon("2030-03-04"));
        conn.execute("UPDATE tickets SET state = 'IN_SERVICE', advisor_id = ?2 WHERE id = ?1", [t, serving]).unwrap();
        assert_eq!(
            service_advisors(&conn).unwrap(),
            [
                AdvisorState { stored: AdvisorStatus::Available, holding_ticket: true },
                AdvisorState { stored: AdvisorStatus::Paused, holding_ticket: false },
            ]
        );
    }

    #[test]
    fn open_follow_ups_are_read_with_their_window_and_retry_day() {
        let conn = db();
        let (customer, vehicle) = customer_with_car(&conn, "13900000001", "沪A00001");
        let open = crate::store::followups::tests::first(&conn, customer, vehicle, "2030-03-04", "2030-03-08");
        conn.execute("UPDATE follow_ups SET next_attempt_date = '2030-03-09' WHERE id = ?1", [open]).unwrap();
        let done = crate::store::followups::tests::first(&conn, customer, vehicle, "2030-02-04", "2030-02-08");
        conn.execute("UPDATE follow_ups SET status = 'DONE' WHERE id = ?1", [done]).unwrap();
        assert_eq!(
            open_windows(&conn).unwrap(),
            [OpenWindow {
                due_from: day("2030-03-04"),
                due_until: day("2030-03-08"),
                next_attempt: Some(day("2030-03-09")),
            }]
        );
    }
}
