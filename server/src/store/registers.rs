//! The rows of the follow-up desk's four registers for a range: customer files with a
//! visit in it (客户档案基本资料表), the calls made (跟踪服务电话记录表 and
//! 跟踪服务电话登记表) and the letters (跟踪服务信函登记表).

use chrono::NaiveDate;
use rusqlite::{Connection, Row, params};

use super::Result;
use super::calls::{self, CallRow};
use super::stored_date;
use crate::domain::followup::FollowUpKind;

/// A stored date column, `None` when empty.
fn date_at(r: &Row<'_>, index: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let text: Option<String> = r.get(index)?;
    text.map(|t| stored_date(index, &t)).transpose()
}

/// One car of a customer with visits in the range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerFile {
    /// The customer's name.
    pub name: String,
    /// Their address.
    pub address: String,
    /// Their phone.
    pub phone: String,
    /// The car's latest visit in the range.
    pub last_visit: Option<NaiveDate>,
    /// The model.
    pub model: String,
    /// The plate.
    pub plate: String,
    /// The vehicle type.
    pub vehicle_type: String,
    /// The services of its visits in the range, by their Chinese names, comma-separated.
    pub services: String,
    /// The maintenance interval in days, 0 when unset.
    pub interval_days: i64,
    /// The maintenance interval in km, 0 when unset.
    pub interval_km: i64,
    /// The next maintenance due.
    pub next_maintenance_due: Option<NaiveDate>,
    /// What the customer wants.
    pub wishes: String,
    /// The customer's visits ever.
    pub visits: u32,
}

/// Each car with a visit from `from` to `to`, by its latest visit then customer and car.
pub fn customer_files(conn: &Connection, from: &str, to: &str) -> Result<Vec<CustomerFile>> {
    let rows = conn
        .prepare_cached(
            "SELECT c.name, c.address, c.phone, max(w.local_date), v.model, v.plate, v.vehicle_type,
                    group_concat(DISTINCT st.name_zh), v.maintenance_interval_days, v.maintenance_interval_km,
                    v.next_maintenance_due, c.wishes, (SELECT count(*) FROM visits x WHERE x.customer_id = c.id)
             FROM visits w JOIN customers c ON c.id = w.customer_id JOIN vehicles v ON v.id = w.vehicle_id
             JOIN service_types st ON st.code = w.service_code
             WHERE w.local_date BETWEEN ?1 AND ?2 GROUP BY c.id, v.id ORDER BY max(w.local_date), c.id, v.id",
        )?
        .query_map(params![from, to], |r| {
            Ok(CustomerFile {
                name: r.get(0)?,
                address: r.get(1)?,
                phone: r.get(2)?,
                last_visit: date_at(r, 3)?,
                model: r.get(4)?,
                plate: r.get(5)?,
                vehicle_type: r.get(6)?,
                services: r.get(7)?,
                interval_days: r.get(8)?,
                interval_km: r.get(9)?,
                next_maintenance_due: date_at(r, 10)?,
                wishes: r.get(11)?,
                visits: r.get(12)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A call with whom it was with and what it was about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterCall {
    /// The call.
    pub call: CallRow,
    /// The customer's name.
    pub customer_name: String,
    /// Their phone.
    pub phone: String,
    /// The plate of the follow-up's car; empty without one.
    pub plate: String,
    /// The follow-up's kind, for a call on a follow-up.
    pub follow_up_kind: Option<FollowUpKind>,
}

/// The calls made from `start` to `end` (unix seconds, end excluded), oldest first:
/// outbound only, or with `inbound_too` every call.
pub fn calls(conn: &Connection, start: i64, end: i64, inbound_too: bool) -> Result<Vec<RegisterCall>> {
    let sql = format!(
        "SELECT {}, c.name, c.phone, coalesce(v.plate, ''), f.kind
         FROM calls k JOIN customers c ON c.id = k.customer_id
         LEFT JOIN follow_ups f ON f.id = k.follow_up_id LEFT JOIN vehicles v ON v.id = f.vehicle_id
         WHERE k.at >= ?1 AND k.at < ?2 AND (?3 OR k.inbound = 0) ORDER BY k.at, k.id",
        calls::COLUMNS
    );
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(params![start, end, inbound_too], |r| {
            Ok(RegisterCall {
                call: calls::from_row(r)?,
                customer_name: r.get(18)?,
                phone: r.get(19)?,
                plate: r.get(20)?,
                follow_up_kind: super::named_or_null(r, 21)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A letter as the letter register lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterLetter {
    /// Sent on.
    pub sent_date: Option<NaiveDate>,
    /// The customer's name.
    pub customer_name: String,
    /// Their address.
    pub address: String,
    /// NO_ANSWER, WRONG_NUMBER, CAMPAIGN_INVITATION or OTHER.
    pub reason: String,
    /// Due by.
    pub due_date: Option<NaiveDate>,
    /// What it said.
    pub content: String,
    /// Who sent it.
    pub sent_by: String,
}

/// The letters sent (or, not yet sent, due) from `from` to `to`, by that day.
pub fn letters(conn: &Connection, from: &str, to: &str) -> Result<Vec<RegisterLetter>> {
    let rows = conn
        .prepare_cached(
            "SELECT l.sent_date, c.name, c.address, l.reason, l.due_date, l.content, l.sent_by
             FROM letters l JOIN customers c ON c.id = l.customer_id
             WHERE coalesce(l.sent_date, l.due_date) BETWEEN ?1 AND ?2 ORDER BY coalesce(l.sent_date, l.due_date), l.id",
        )?
        .query_map(params![from, to], |r| {
            Ok(RegisterLetter {
                sent_date: date_at(r, 0)?,
                customer_name: r.get(1)?,
                address: r.get(2)?,
                reason: r.get(3)?,
                due_date: date_at(r, 4)?,
                content: r.get(5)?,
                sent_by: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::followup::{CallOutcome, CallPurpose};
    use crate::store::letters::{self as letter_table, LetterRow};
    use crate::store::testing::{customer_with_car, day, db, deliver, noon, staff, visit};

    #[test]
    fn a_customer_file_row_holds_the_car_its_services_and_the_visits_ever() {
        let conn = db();
        let advisor = staff(&conn, "王磊", "SERVICE_ADVISOR", 0, &[]);
        let car = customer_with_car(&conn, "13900000001", "沪A00001");
        conn.execute_batch(
            "UPDATE customers SET address = '上海市', wishes = '上门取车';
             UPDATE vehicles SET model = '丰田凯美瑞', vehicle_type = '轿车', maintenance_interval_days = 180,
                 next_maintenance_due = '2030-09-01'",
        )
        .unwrap();
        let before = visit(&conn, car, advisor, "repair", "2030-02-01", noon("2030-02-01"));
        deliver(&conn, before, noon("2030-02-01"));
        let first = visit(&conn, car, advisor, "maintenance", "2030-03-02", noon("2030-03-02"));
        deliver(&conn, first, noon("2030-03-02"));
        visit(&conn, car, advisor, "repair", "2030-03-05", noon("2030-03-05"));
        let rows = customer_files(&conn, "2030-03-01", "2030-03-31").unwrap();
        let expected = CustomerFile {
            name: "张三".into(),
            address: "上海市".into(),
            phone: "13900000001".into(),
            last_visit: Some(day("2030-03-05")),
            model: "丰田凯美瑞".into(),
            plate: "沪A00001".into(),
            vehicle_type: "轿车".into(),
            services: String::new(),
            interval_days: 180,
            interval_km: 0,
            next_maintenance_due: Some(day("2030-09-01")),
            wishes: "上门取车".into(),
            visits: 3,
        };
        let mut services: Vec<&str> = rows[0].services.split(',').collect();
        services.sort_unstable();
        assert_eq!(services, ["保养", "维修"], "the services of the visits in the range");
        assert_eq!(rows, [CustomerFile { services: rows[0].services.clone(), ..expected }]);
        assert!(customer_files(&conn, "2030-04-01", "2030-04-30").unwrap().is_empty());
    }

    #[test]
    fn the_call_registers_read_each_call_with_its_customer_plate_and_follow_up_kind() {
        let conn = db();
        let (customer, vehicle) = customer_with_car(&conn, "13900000001", "沪A00001");
        let f = crate::store::followups::tests::first(&conn, customer, vehicle, "2030-03-04", "2030-03-08");
        let outbound = CallRow {
            id: 0,
            follow_up_id: Some(f),
            customer_id: customer,
            inbound: false,
            at: noon("2030-03-05"),
            agent: "followup:7".into(),
            outcome: Some(CallOutcome::Reached),
            satisfaction: Some(4),
            topics: vec!["OFFERS".into()],
            requests: String::new(),
            complaints: String::new(),
            answered_on_call: true,
            note: "好".into(),
            inbound_kind: None,
            too_early: false,
            new_content: String::new(),
            purpose: None,
            lost_reason: String::new(),
        };
        let lost = CallRow {
            follow_up_id: None,
            purpose: Some(CallPurpose::LostCustomer),
            at: noon("2030-03-04"),
            ..outbound.clone()
        };
        let inbound = CallRow {
            follow_up_id: None,
            inbound: true,
            outcome: None,
            satisfaction: None,
            inbound_kind: Some("ENQUIRY".into()),
            at: noon("2030-03-06"),
            ..outbound.clone()
        };
        let ids = [&outbound, &lost, &inbound].map(|c| calls::insert(&conn, c).unwrap());
        let (start, end) = (noon("2030-03-01"), noon("2030-03-06"));
        let out = calls(&conn, start, end, false).unwrap();
        assert_eq!(out.iter().map(|c| c.call.id).collect::<Vec<_>>(), [ids[1], ids[0]], "oldest first, outbound only");
        assert_eq!((out[1].plate.as_str(), out[1].follow_up_kind), ("沪A00001", Some(FollowUpKind::First)));
        assert_eq!(
            (out[0].plate.as_str(), out[0].follow_up_kind, out[0].call.purpose),
            ("", None, Some(CallPurpose::LostCustomer))
        );
        assert_eq!((out[1].customer_name.as_str(), out[1].phone.as_str()), ("张三", "13900000001"));
        assert_eq!(out[1].call, CallRow { id: ids[0], ..outbound });
        assert_eq!(calls(&conn, start, end + 1, true).unwrap().len(), 3, "the end is excluded, inbound too");
    }

    #[test]
    fn letters_count_on_the_day_sent_or_while_unsent_on_the_day_due() {
        let conn = db();
        let (customer, _) = customer_with_car(&conn, "13900000001", "沪A00001");
        let letter = |due: &str, sent: Option<&str>| LetterRow {
            id: 0,
            customer_id: customer,
            follow_up_id: None,
            campaign_id: None,
            reason: "NO_ANSWER".into(),
            due_date: due.into(),
            sent_date: sent.map(str::to_owned),
            content: "您好".into(),
            sent_by: sent.map_or("", |_| "followup:7").into(),
        };
        letter_table::insert(&conn, &letter("2030-02-27", Some("2030-03-01")), 0).unwrap();
        letter_table::insert(&conn, &letter("2030-03-02", None), 0).unwrap();
        letter_table::insert(&conn, &letter("2030-03-02", Some("2030-02-28")), 0).unwrap();
        let rows = letters(&conn, "2030-03-01", "2030-03-31").unwrap();
        assert_eq!(
            rows.iter().map(|l| (l.sent_date, l.due_date)).collect::<Vec<_>>(),
            [(Some(day("2030-03-01")), Some(day("2030-02-27"))), (None, Some(day("2030-03-02")))]
        );
        assert_eq!((rows[0].customer_name.as_str(), rows[0].sent_by.as_str()), ("张三", "followup:7"));
    }
}
