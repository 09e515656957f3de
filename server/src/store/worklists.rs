//! The follow-up desk's worklists that read across the customer files: cars whose
//! maintenance falls due, with their reminder calls, and each customer's latest visit
//! with what their file holds (to find incomplete files).

use rusqlite::{Connection, params};

use super::Result;

/// A car whose maintenance falls due, with its owner and reminder call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaintenanceDue {
    /// The customer.
    pub customer_id: i64,
    /// Their name.
    pub customer_name: String,
    /// Their phone.
    pub phone: String,
    /// The plate.
    pub plate: String,
    /// The model.
    pub model: String,
    /// The due date, YYYY-MM-DD.
    pub due: String,
    /// The reminder call opened for that due date, if one was.
    pub reminder_id: Option<i64>,
}

/// Cars whose next maintenance falls due from `from` to `until` (both counted), by
/// due date and plate, one page.
pub fn maintenance_due(
    conn: &Connection,
    from: &str,
    until: &str,
    offset: u32,
    limit: u32,
) -> Result<Vec<MaintenanceDue>> {
    let rows = conn
        .prepare_cached(
            "SELECT c.id, c.name, c.phone, v.plate, v.model, v.next_maintenance_due, f.id
             FROM vehicles v JOIN customers c ON c.id = v.customer_id
             LEFT JOIN follow_ups f ON f.vehicle_id = v.id AND f.kind = 'MAINTENANCE_REMINDER'
                  AND f.reminder_for = v.next_maintenance_due
             WHERE v.next_maintenance_due >= ?1 AND v.next_maintenance_due <= ?2
             ORDER BY v.next_maintenance_due, v.plate LIMIT ?3 OFFSET ?4",
        )?
        .query_map(params![from, until, limit, offset], |r| {
            Ok(MaintenanceDue {
                customer_id: r.get(0)?,
                customer_name: r.get(1)?,
                phone: r.get(2)?,
                plate: r.get(3)?,
                model: r.get(4)?,
                due: r.get(5)?,
                reminder_id: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A customer's latest visit and what their file holds about them and that car.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LatestVisit {
    /// The customer.
    pub customer_id: i64,
    /// Their name.
    pub name: String,
    /// Their address.
    pub address: String,
    /// The plate.
    pub plate: String,
    /// The model.
    pub model: String,
    /// The vehicle type.
    pub vehicle_type: String,
    /// The visit's work order.
    pub work_order: String,
    /// The car has a maintenance interval, in days or km.
    pub has_interval: bool,
    /// The visit's store date.
    pub visit_date: String,
    /// The car's next maintenance due date.
    pub next_maintenance_due: Option<String>,
}

/// Each customer's latest visit, when it was on or before `last_day`: by visit date.
pub fn latest_visits_until(conn: &Connection, last_day: &str) -> Result<Vec<LatestVisit>> {
    let rows = conn
        .prepare_cached(
            "SELECT c.id, c.name, c.address, v.plate, v.model, v.vehicle_type, w.work_order,
                    (v.maintenance_interval_days > 0 OR v.maintenance_interval_km > 0), w.local_date, v.next_maintenance_due
             FROM visits w JOIN customers c ON c.id = w.customer_id JOIN vehicles v ON v.id = w.vehicle_id
             WHERE w.local_date <= ?1
               AND w.id = (SELECT max(x.id) FROM visits x WHERE x.customer_id = w.customer_id)
             ORDER BY w.local_date, w.id",
        )?
        .query_map([last_day], |r| {
            Ok(LatestVisit {
                customer_id: r.get(0)?,
                name: r.get(1)?,
                address: r.get(2)?,
                plate: r.get(3)?,
                model: r.get(4)?,
                vehicle_type: r.get(5)?,
                work_order: r.get(6)?,
                has_interval: r.get(7)?,
                visit_date: r.get(8)?,
                next_maintenance_due: r.get(9)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::followup::FollowUpKind;
    use crate::store::customers;
    use crate::store::followups::{self, NewFollowUp};
    use crate::store::testing::{customer_with_car, db, deliver, noon, staff, visit};

    fn due_on(conn: &Connection, vehicle: i64, due: &str) {
        conn.execute("UPDATE vehicles SET next_maintenance_due = ?2 WHERE id = ?1", params![vehicle, due]).unwrap();
    }

    #[test]
    fn cars_due_in_the_range_are_listed_by_due_date_with_the_reminder_for_that_date() {
        let conn = db();
        let (customer, early) = customer_with_car(&conn, "13900000001", "沪B00001");
        let (_, late) = customer_with_car(&conn, "13900000002", "沪A00002");
        let (_, outside) = customer_with_car(&conn, "13900000003", "沪A00003");
        due_on(&conn, early, "2030-03-05");
        due_on(&conn, late, "2030-03-12");
        due_on(&conn, outside, "2030-03-13");
        let reminder = |reminder_for| NewFollowUp {
            kind: FollowUpKind::MaintenanceReminder,
            customer_id: customer,
            vehicle_id: Some(early),
            visit_id: None,
            campaign_id: None,
            previous_id: None,
            owner_agent_id: None,
            due_from: "2030-03-01",
            due_until: "2030-03-05",
            reminder_for: Some(reminder_for),
            inbound_call_id: None,
        };
        followups::insert(&conn, &reminder("2029-09-05"), 0).unwrap();
        let id = followups::insert(&conn, &reminder("2030-03-05"), 0).unwrap();
        let rows = maintenance_due(&conn, "2030-03-05", "2030-03-12", 0, 10).unwrap();
        assert_eq!(
            rows.iter().map(|r| (r.plate.as_str(), r.reminder_id)).collect::<Vec<_>>(),
            [("沪B00001", id), ("沪A00002", None)]
        );
        assert_eq!(
            (rows[0].customer_name.as_str(), rows[0].phone.as_str(), rows[0].due.as_str()),
            ("张三", "13900000001", "2030-03-05")
        );
        assert_eq!(maintenance_due(&conn, "2030-03-05", "2030-03-12", 1, 10).unwrap().len(), 1, "the second page");
    }

    #[test]
    fn only_each_customers_latest_visit_up_to_the_day_is_read_with_the_file() {
        let conn = db();
        let advisor = staff(&conn, "王磊", "SERVICE_ADVISOR", 0, &[]);
        let car = customer_with_car(&conn, "13900000001", "沪A00001");
        let other = customer_with_car(&conn, "13900000002", "沪A00002");
        let first = visit(&conn, car, advisor, "repair", "2030-03-01", noon("2030-03-01"));
        deliver(&conn, first, noon("2030-03-01") + 3600);
        let latest = visit(&conn, car, advisor, "repair", "2030-03-02", noon("2030-03-02"));
        visit(&conn, other, advisor, "repair", "2030-03-04", noon("2030-03-04"));
        let mut vehicle = customers::vehicle_by_plate(&conn, "沪A00001").unwrap().unwrap();
        vehicle.maintenance_interval_km = 5000;
        customers::update_vehicle(&conn, &vehicle, 0).unwrap();
        let rows = latest_visits_until(&conn, "2030-03-02").unwrap();
        assert_eq!(rows.len(), 1, "the other customer's visit is later");
        let visits = crate::store::visits::list(&conn, &Default::default(), 0, 10).unwrap();
        let work_order = visits.into_iter().find(|v| v.id == latest).unwrap().work_order;
        assert_eq!(rows[0].work_order, work_order, "the latest visit's");
        assert_eq!(
            (rows[0].visit_date.as_str(), rows[0].has_interval, rows[0].next_maintenance_due.clone()),
            ("2030-03-02", true, None)
        );
        assert_eq!(latest_visits_until(&conn, "2030-03-04").unwrap().len(), 2);
    }
}
