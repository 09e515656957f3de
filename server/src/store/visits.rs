//! The `visits` and `visit_stages` tables: work orders and their stage history.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::Result;
use crate::domain::VisitStage;

/// One stage a visit reached.
pub use crate::domain::records::StageChange as StageRow;

/// A stored visit with its customer, plate and stage history.
pub use crate::domain::records::Visit as VisitRow;

/// A new visit.
#[derive(Debug, Clone)]
pub struct NewVisit<'a> {
    /// The work-order number.
    pub work_order: &'a str,
    /// The ticket.
    pub ticket_id: i64,
    /// The customer.
    pub customer_id: i64,
    /// The vehicle.
    pub vehicle_id: i64,
    /// The service type.
    pub service_code: &'a str,
    /// The advisor.
    pub advisor_id: i64,
    /// The store-local date.
    pub local_date: &'a str,
    /// Odometer.
    pub mileage_km: i32,
    /// 问诊.
    pub customer_request: &'a str,
    /// 回访备注.
    pub callback_note: &'a str,
    /// Promised ready.
    pub promised_ready_at: i64,
    /// Suspected mystery shopper.
    pub mystery_shopper: bool,
    /// Likely to complain.
    pub likely_to_complain: bool,
}

const SELECT: &str = concat!(
    "SELECT w.id, w.work_order, w.ticket_id, w.customer_id, c.name, w.vehicle_id, v.plate,
        w.service_code, w.advisor_id, w.local_date, w.mileage_km, w.customer_request, w.callback_note, w.stage,
        w.promised_ready_at, w.parts_expected_date, w.opened_at, w.delivered_at, w.mystery_shopper,
        w.likely_to_complain, ",
    open_recalls!(),
    " FROM visits w JOIN customers c ON c.id = w.customer_id JOIN vehicles v ON v.id = w.vehicle_id"
);

fn from_row(r: &Row<'_>) -> rusqlite::Result<VisitRow> {
    Ok(VisitRow {
        id: r.get(0)?,
        work_order: r.get(1)?,
        ticket_id: r.get(2)?,
        customer_id: r.get(3)?,
        customer_name: r.get(4)?,
        vehicle_id: r.get(5)?,
        plate: r.get(6)?,
        service_code: r.get(7)?,
        advisor_id: r.get(8)?,
        local_date: r.get(9)?,
        mileage_km: r.get(10)?,
        customer_request: r.get(11)?,
        callback_note: r.get(12)?,
        stage: super::named(r, 13)?,
        promised_ready_at: r.get(14)?,
        parts_expected_date: r.get(15)?,
        opened_at: r.get(16)?,
        delivered_at: r.get(17)?,
        mystery_shopper: r.get(18)?,
        likely_to_complain: r.get(19)?,
        history: Vec::new(),
        open_recalls: super::recall_flags(r, 20)?,
    })
}

fn with_history(conn: &Connection, mut visit: VisitRow) -> Result<VisitRow> {
    let mut stmt =
        conn.prepare_cached("SELECT stage, at, changed_by, note FROM visit_stages WHERE visit_id = ?1 ORDER BY id")?;
    visit.history = stmt
        .query_map([visit.id], |r| {
            Ok(StageRow { stage: super::named(r, 0)?, at: r.get(1)?, changed_by: r.get(2)?, note: r.get(3)? })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(visit)
}

/// Opens a visit in RECEIVED and returns its id.
pub fn insert(conn: &Connection, v: &NewVisit<'_>, now: i64, by: &str) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO visits (work_order, ticket_id, customer_id, vehicle_id, service_code, advisor_id, local_date,
             mileage_km, customer_request, callback_note, stage, promised_ready_at, opened_at, updated_at,
             mystery_shopper, likely_to_complain)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'RECEIVED', ?11, ?12, ?12, ?13, ?14)",
    )?
    .execute(params![
        v.work_order,
        v.ticket_id,
        v.customer_id,
        v.vehicle_id,
        v.service_code,
        v.advisor_id,
        v.local_date,
        v.mileage_km,
        v.customer_request,
        v.callback_note,
        v.promised_ready_at,
        now,
        v.mystery_shopper,
        v.likely_to_complain
    ])?;
    let id = conn.last_insert_rowid();
    add_stage(conn, id, VisitStage::Received, now, by, "")?;
    Ok(id)
}

/// Records a stage reached.
pub fn add_stage(conn: &Connection, visit_id: i64, stage: VisitStage, at: i64, by: &str, note: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO visit_stages (visit_id, stage, at, changed_by, note) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![visit_id, stage.as_str(), at, by, note])?;
    Ok(())
}

/// Writes stage, promise, parts date and delivery back.
pub fn update(conn: &Connection, v: &VisitRow, now: i64) -> Result<()> {
    conn.prepare_cached(
        "UPDATE visits SET stage = ?2, promised_ready_at = ?3, parts_expected_date = ?4, delivered_at = ?5,
             updated_at = ?6
         WHERE id = ?1",
    )?
    .execute(params![v.id, v.stage.as_str(), v.promised_ready_at, v.parts_expected_date, v.delivered_at, now])?;
    Ok(())
}

/// A visit's insurer and claim number (empty until an insurance line needs them).
pub fn insurance(conn: &Connection, visit_id: i64) -> Result<(String, String)> {
    let mut stmt = conn.prepare_cached("SELECT insurer, claim_number FROM visits WHERE id = ?1")?;
    Ok(stmt.query_row([visit_id], |r| Ok((r.get(0)?, r.get(1)?))).optional()?.unwrap_or_default())
}

/// Sets a visit's insurer and claim number.
pub fn set_insurance(conn: &Connection, visit_id: i64, insurer: &str, claim_number: &str, now: i64) -> Result<()> {
    conn.prepare_cached("UPDATE visits SET insurer = ?2, claim_number = ?3, updated_at = ?4 WHERE id = ?1")?
        .execute(params![visit_id, insurer, claim_number, now])?;
    Ok(())
}

/// One visit by work-order number.
pub fn by_work_order(conn: &Connection, work_order: &str) -> Result<Option<VisitRow>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE w.work_order = ?1"))?;
    match stmt.query_row([work_order], from_row).optional()? {
        Some(v) => Ok(Some(with_history(conn, v)?)),
        None => Ok(None),
    }
}

/// The open visit of a vehicle.
pub fn open_for_vehicle(conn: &Connection, vehicle_id: i64) -> Result<Option<VisitRow>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE w.vehicle_id = ?1 AND w.stage <> 'DELIVERED'"))?;
    match stmt.query_row([vehicle_id], from_row).optional()? {
        Some(v) => Ok(Some(with_history(conn, v)?)),
        None => Ok(None),
    }
}

/// How many visits opened on a store-local date.
pub fn count_on(conn: &Connection, local_date: &str) -> Result<u32> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM visits WHERE local_date = ?1")?
        .query_row([local_date], |r| r.get(0))?)
}

/// True when `advisor_id` ever received the customer (`None` received nobody).
pub fn received_by(conn: &Connection, customer_id: i64, advisor_id: Option<i64>) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM visits WHERE customer_id = ?1 AND advisor_id = ?2")?
        .exists(params![customer_id, advisor_id])?)
}

/// A filter for [`list`].
pub use crate::domain::records::VisitFilter as Filter;

/// Visits matching a filter, newest first, one page.
pub fn list(conn: &Connection, f: &Filter, offset: u32, limit: u32) -> Result<Vec<VisitRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE (NOT ?1 OR w.stage <> 'DELIVERED') AND (?2 IS NULL OR w.stage = ?2)
            AND (?3 IS NULL OR w.advisor_id = ?3) AND (?4 IS NULL OR v.plate = ?4) AND (?5 IS NULL OR w.local_date = ?5)
            AND (?6 IS NULL OR w.customer_id = ?6)
         ORDER BY w.opened_at DESC, w.id DESC LIMIT ?7 OFFSET ?8"
    ))?;
    let rows: Vec<VisitRow> = stmt
        .query_map(
            params![
                f.open_only,
                f.stage.map(VisitStage::as_str),
                f.advisor_id,
                f.plate,
                f.date,
                f.customer_id,
                limit,
                offset
            ],
            from_row,
        )?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter().map(|v| with_history(conn, v)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::{customer_with_car, db, deliver, noon, staff, visit};

    const DAY: &str = "2030-03-04";

    #[test]
    fn a_visit_opens_received_and_keeps_its_stage_history() {
        let conn = db();
        let advisor = staff(&conn, "王磊", "SERVICE_ADVISOR", 0, &[]);
        let car = customer_with_car(&conn, "13900000001", "沪A00001");
        let id = visit(&conn, car, advisor, "repair", DAY, noon(DAY));
        let mut row = list(&conn, &Filter::default(), 0, 1).unwrap().remove(0);
        assert_eq!(
            (row.id, row.stage, row.plate.as_str(), row.customer_name.as_str()),
            (id, VisitStage::Received, "沪A00001", "张三")
        );
        assert_eq!(
            row.history.iter().map(|s| (s.stage, s.at)).collect::<Vec<_>>(),
            [(VisitStage::Received, noon(DAY))]
        );
        assert_eq!(open_for_vehicle(&conn, car.1).unwrap().map(|v| v.id), Some(id));

        add_stage(&conn, id, VisitStage::InRepair, noon(DAY) + 60, "advisor:1", "换刹车片").unwrap();
        add_stage(&conn, id, VisitStage::Delivered, noon(DAY) + 7200, "advisor:1", "").unwrap();
        row.stage = VisitStage::Delivered;
        row.delivered_at = Some(noon(DAY) + 7200);
        update(&conn, &row, noon(DAY) + 7200).unwrap();
        let delivered = by_work_order(&conn, &row.work_order).unwrap().unwrap();
        assert_eq!(
            delivered.history.iter().map(|s| s.stage).collect::<Vec<_>>(),
            [VisitStage::Received, VisitStage::InRepair, VisitStage::Delivered]
        );
        assert_eq!(delivered.history[1].note, "换刹车片");
        assert_eq!(open_for_vehicle(&conn, car.1).unwrap(), None, "delivered");
    }

    #[test]
    fn visits_filter_by_day_advisor_plate_and_openness_newest_first() {
        let conn = db();
        let [first, second] = ["王磊", "李娜"].map(|n| staff(&conn, n, "SERVICE_ADVISOR", 0, &[]));
        let car = customer_with_car(&conn, "13900000001", "沪A00001");
        let other = customer_with_car(&conn, "13900000002", "沪A00002");
        let old = visit(&conn, car, first, "repair", "2030-03-03", noon("2030-03-03"));
        deliver(&conn, old, 1);
        let new = visit(&conn, car, first, "maintenance", DAY, noon(DAY));
        let others = visit(&conn, other, second, "repair", DAY, noon(DAY) + 60);
        let ids = |f: Filter| list(&conn, &f, 0, 10).unwrap().into_iter().map(|v| v.id).collect::<Vec<_>>();
        assert_eq!(ids(Filter::default()), [others, new, old]);
        assert_eq!(ids(Filter { open_only: true, ..Filter::default() }), [others, new]);
        assert_eq!(ids(Filter { advisor_id: Some(first), ..Filter::default() }), [new, old]);
        assert_eq!(ids(Filter { plate: Some("沪A00002".into()), ..Filter::default() }), [others]);
        assert_eq!(ids(Filter { date: Some(DAY.into()), customer_id: Some(car.0), ..Filter::default() }), [new]);
        assert_eq!(count_on(&conn, DAY).unwrap(), 2);
    }

    #[test]
    fn an_advisor_received_a_customer_once_they_opened_a_visit_for_them() {
        let conn = db();
        let [first, second] = ["王磊", "李娜"].map(|n| staff(&conn, n, "SERVICE_ADVISOR", 0, &[]));
        let car = customer_with_car(&conn, "13900000001", "沪A00001");
        visit(&conn, car, first, "repair", DAY, noon(DAY));
        assert!(received_by(&conn, car.0, Some(first)).unwrap());
        assert!(!received_by(&conn, car.0, Some(second)).unwrap());
        assert!(!received_by(&conn, car.0, None).unwrap());
    }
}
