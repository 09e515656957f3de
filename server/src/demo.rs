//! `--demo`: seeds an empty database with a realistic store and writes demo
//! tokens to a private file in the data directory.

mod work_orders;

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::Duration;

use crate::app::App;
use crate::app::booking::Booking;
use crate::app::customers::{CustomerChange, VehicleChange};
use crate::app::staff::NewStaff;
use crate::domain::{
    Caller, CounterNumber, Error, PersonName, Phone, Plate, RequestId, Result, Role, ServiceCode, StaffKind,
};
use crate::store::requests::Fingerprint;

/// The token file's name inside the data directory.
pub const TOKEN_FILE: &str = frontdesk_proto::client::DEMO_TOKEN_FILE;

/// Staff: name, counter, kind, skills.
const STAFF: &[(&str, i32, StaffKind, &[&str])] = &[
    ("王磊", 1, StaffKind::ServiceAdvisor, &["maintenance", "repair"]),
    ("李娜", 2, StaffKind::ServiceAdvisor, &["maintenance", "warranty"]),
    ("张伟", 3, StaffKind::ServiceAdvisor, &["repair", "body_paint"]),
    ("刘洋", 4, StaffKind::ServiceAdvisor, &["maintenance"]),
    ("陈静", 5, StaffKind::ServiceAdvisor, &["body_paint", "warranty", "repair"]),
    ("赵强", 6, StaffKind::ServiceAdvisor, &["maintenance", "repair", "body_paint", "warranty"]),
    ("孙丽", 0, StaffKind::FollowupAgent, &[]),
    ("周敏", 0, StaffKind::FollowupAgent, &[]),
    ("吴刚", 0, StaffKind::Supervisor, &[]),
];

/// Customers: name, phone, plate, model, type, address, interval in days.
const CUSTOMERS: &[(&str, &str, &str, &str, &str, &str)] = &[
    ("张三", "13812345678", "沪A12345", "大众帕萨特 2.0T", "轿车", "上海市闵行区七宝镇漕宝路 1500 号"),
    ("李四", "13912345678", "沪B67890", "荣威 RX5", "SUV", "上海市徐汇区田林路 200 号"),
    ("王芳", "13700001111", "沪AD12345", "比亚迪汉 EV", "轿车", "上海市浦东新区张杨路 88 号"),
    ("赵敏", "13600002222", "苏E88888", "别克 GL8", "MPV", "苏州市工业园区星湖街 328 号"),
    ("陈晨", "15000003333", "浙A5B7C9", "大众途观L", "SUV", "杭州市西湖区文三路 90 号"),
    ("周杰", "18800004444", "沪C24680", "丰田凯美瑞", "轿车", "上海市松江区人民北路 12 号"),
];

/// Appointments: customer index, service, days from today, local time `HH:MM`.
const APPOINTMENTS: &[(usize, &str, i64, &str)] = &[
    (0, "maintenance", 1, "09:00"),
    (1, "repair", 1, "09:30"),
    (2, "maintenance", 1, "10:00"),
    (3, "body_paint", 1, "14:00"),
    (4, "warranty", 2, "10:30"),
    (5, "maintenance", 0, "16:00"),
];

/// Days until each demo customer's car falls due for maintenance.
const MAINTENANCE_DUE_IN: [i64; 6] = [40, 60, 7, 90, 120, 12];

/// What `--demo` did.
#[derive(Debug, Clone)]
pub struct Seeded {
    /// True when the database was empty and got the demo store.
    pub seeded: bool,
    /// The token file.
    pub token_file: PathBuf,
}

fn fp(key: String, method: &str) -> Result<Fingerprint> {
    let request_id = RequestId::parse(&key).map_err(|e| Error::invalid("request_id", e))?;
    Ok(Fingerprint { request_id, method: method.to_owned(), body_hash: "demo".into() })
}

fn parse<T>(r: std::result::Result<T, crate::domain::Invalid>) -> Result<T> {
    r.map_err(|e| Error::internal(format!("demo data is invalid: {}", e.description)))
}

async fn is_empty(app: &App) -> Result<bool> {
    app.store.read(|c| Ok(crate::store::advisors::count(c)? == 0 && crate::store::customers::count(c)? == 0)).await
}

async fn seed_staff(app: &App) -> Result<Vec<i64>> {
    let mut ids = Vec::new();
    for (i, (name, counter, kind, skills)) in STAFF.iter().enumerate() {
        let new = NewStaff {
            fingerprint: fp(format!("demo-staff-{i}"), "demo")?,
            name: parse(PersonName::parse(name))?,
            counter: parse(CounterNumber::parse(*counter))?,
            service_codes: skills.iter().map(|s| parse(ServiceCode::parse(s))).collect::<Result<_>>()?,
            kind: *kind,
        };
        let id = app.create_advisor(new).await?.id;
        if *kind == StaffKind::ServiceAdvisor {
            // The demo desk is staffed: advisors start available at their counters.
            app.store
                .write(move |tx| {
                    Ok(crate::store::advisors::set_queue_status(tx, id, crate::domain::AdvisorStatus::Available, 0)?)
                })
                .await?;
        }
        ids.push(id);
    }
    Ok(ids)
}

async fn seed_customers(app: &App, supervisor: &Caller) -> Result<()> {
    let today = app.settings.schedule.local_date(app.now());
    for (i, (who, service, days, at)) in APPOINTMENTS.iter().enumerate() {
        let (name, phone, plate, ..) = CUSTOMERS[*who];
        let date = today + Duration::days(*days);
        let Ok(time) = chrono::NaiveTime::parse_from_str(at, "%H:%M") else { continue };
        let Some(local) = date.and_time(time).and_local_timezone(app.settings.schedule.zone).earliest() else {
            continue;
        };
        let booking = Booking {
            fingerprint: fp(format!("demo-booking-{i}"), "demo")?,
            plate: parse(Plate::parse(plate))?,
            phone: parse(Phone::parse(phone))?,
            customer_name: Some(parse(PersonName::parse(name))?),
            service: parse(ServiceCode::parse(service))?,
            slot_start: local.with_timezone(&chrono::Utc),
            preferred_advisor_id: None,
            notes: String::new(),
            overbook_reason: None,
            provisional_number: None,
        };
        // A slot may be past, too soon or closed when the demo starts late in the day; skip it.
        if let Err(e) = app.book(supervisor, booking).await {
            tracing::info!(plate, reason = ?e.reason(), "demo appointment skipped");
        }
    }
    for (i, (name, phone, plate, model, vehicle_type, address)) in CUSTOMERS.iter().enumerate() {
        let Ok((file, _, _)) =
            app.customer(crate::app::customers::CustomerKey::Phone(parse(Phone::parse(phone))?)).await
        else {
            continue;
        };
        let change = CustomerChange {
            name: Some(parse(PersonName::parse(name))?),
            address: Some((*address).to_owned()),
            vehicles: vec![VehicleChange {
                plate: parse(Plate::parse(plate))?,
                model: Some((*model).to_owned()),
                vehicle_type: Some((*vehicle_type).to_owned()),
                // 李四's car is in the demo's recall campaign.
                vin: (i == 1).then(|| work_orders::RECALLED_VIN.to_owned()),
                mileage_km: Some(23_000),
                maintenance_interval_days: Some(180),
                maintenance_interval_km: Some(10_000),
                // Two cars fall due within the reminder period, so the desk has calls to make.
                next_maintenance_due: Some(Some((today + Duration::days(MAINTENANCE_DUE_IN[i])).to_string())),
            }],
            ..CustomerChange::default()
        };
        app.update_customer(file.customer.id, change).await?;
    }
    Ok(())
}

/// The follow-up desk's demo work: an open complaint for the supervisor and a free
/// check campaign whose invitation calls fall due in a week.
async fn seed_desk(app: &App, ids: &[i64], supervisor: &Caller) -> Result<()> {
    let Some(agent) = STAFF.iter().zip(ids).find(|((_, _, kind, _), _)| *kind == StaffKind::FollowupAgent) else {
        return Ok(());
    };
    let followup = Caller { token_id: 0, role: Role::Followup, advisor_id: Some(*agent.1), label: "demo".into() };
    let key = crate::app::customers::CustomerKey::Plate(parse(Plate::parse("沪B67890"))?);
    app.inbound_call(&followup, key, "COMPLAINT".into(), "上次保养后刹车仍有异响，希望尽快处理".into(), false, None)
        .await?;
    let today = app.settings.schedule.local_date(app.now());
    let campaign = crate::app::desk::NewCampaign {
        fingerprint: fp("demo-campaign-1".into(), "demo")?,
        name: "冬季免费检测".into(),
        kind: "FREE_CHECK".into(),
        event_date: today + Duration::days(21),
        audience: crate::app::desk::Audience::Vehicles(vec!["沪A12345".into(), "苏E88888".into()]),
    };
    app.create_campaign(supervisor, campaign).await?;
    Ok(())
}

/// Surnames of the demo's past customers.
const SURNAMES: [&str; 10] = ["钱", "孙", "周", "吴", "郑", "冯", "陈", "褚", "卫", "蒋"];

use crate::clock::{Clock, ManualClock};

/// The demo's past, replayed on a clock of its own.
struct Replay {
    past: App,
    clock: ManualClock,
    schedule: crate::domain::Schedule,
    today: chrono::NaiveDate,
}

impl Replay {
    /// The instant `minutes` after opening on `day`.
    fn at(&self, day: chrono::NaiveDate, minutes: i64) -> Option<chrono::DateTime<chrono::Utc>> {
        let local = day.and_time(self.schedule.open) + Duration::minutes(minutes);
        local.and_local_timezone(self.schedule.zone).earliest().map(|t| t.with_timezone(&chrono::Utc))
    }

    /// Customer `n` of the replay, the `i`-th of day `k`, checked in and received by
    /// one of the advisors (the last of every third day does not come); the visit's
    /// work order and who received it.
    async fn receive(
        &self,
        ids: &[i64],
        (k, day, i, n): (usize, chrono::NaiveDate, usize, usize),
    ) -> Result<Option<(Caller, String)>> {
        use crate::app::checkin::{CheckIn, CheckInBy};
        use crate::app::counter::Reception;
        let kiosk = Caller { token_id: 0, role: Role::Kiosk, advisor_id: None, label: "demo".into() };
        let a = (k + i) % 6;
        let (_, _, _, skills) = STAFF[a];
        let advisor = Caller { token_id: 0, role: Role::Advisor, advisor_id: Some(ids[a]), label: "demo".into() };
        let Some(arrival) = self.at(day, 30 + 40 * i as i64) else { return Ok(None) };
        self.clock.set(arrival);
        let check_in = CheckIn {
            fingerprint: fp(format!("demo-history-{n}"), "demo")?,
            by: CheckInBy::WalkIn {
                plate: parse(Plate::parse(&format!("沪D{:05}", 10 + n)))?,
                service: parse(ServiceCode::parse(skills[(k + i) % skills.len()]))?,
                phone: Some(parse(Phone::parse(&format!("139{:08}", 20_000 + n)))?),
                name: Some(parse(PersonName::parse(&format!("{}先生", SURNAMES[n % SURNAMES.len()])))?),
            },
            arrived_at: None,
            provisional_number: None,
        };
        self.past.check_in(&kiosk, check_in).await?;
        self.clock.set(arrival + Duration::minutes([4, 9, 2, 15, 6][i]));
        let ticket = self.past.pull_next(&advisor, ids[a]).await?.row.id;
        if k % 3 == 1 && i + 1 == 3 + k % 3 {
            self.past.skip(&advisor, ticket).await?;
            return Ok(None);
        }
        self.past.start_service(&advisor, ticket).await?;
        self.clock.set(self.clock.now() + Duration::minutes([12, 18, 9, 25, 14][(i + k) % 5]));
        let reception = Reception {
            mileage_km: 8_000 + 1_500 * n as i32,
            customer_request: "常规保养，检查异响".into(),
            promised_ready: self.clock.now() + Duration::hours(5),
            callback_note: if (k + i) % 7 == 3 { String::new() } else { "下午电话回访".into() },
            mystery_shopper: false,
            likely_to_complain: false,
        };
        let (_, visit) = self.past.complete_service(&advisor, ticket, reception).await?;
        Ok(Some((advisor, visit.work_order)))
    }

    /// The day's cars through the workshop and handed back in the evening.
    async fn deliver(&self, day: chrono::NaiveDate, received: Vec<(Caller, String)>) -> Result<()> {
        use crate::app::visits::StageUpdate;
        use crate::domain::VisitStage;
        let Some(evening) = self.at(day, 8 * 60) else { return Ok(()) };
        self.clock.set(evening);
        for (advisor, work_order) in received {
            let service = self.past.visit(work_order.clone()).await?.service_code;
            work_orders::agree(&self.past, &advisor, &work_order, &service).await?;
            for stage in [VisitStage::InRepair, VisitStage::QualityCheck, VisitStage::Ready] {
                let update = StageUpdate { stage, parts_expected: None, promised_ready: None, note: String::new() };
                self.past.update_stage(&advisor, work_order.clone(), update).await?;
            }
            work_orders::settle_and_pay(&self.past, &advisor, &work_order).await?;
            self.past.deliver(&advisor, work_order, "交车".into()).await?;
        }
        Ok(())
    }

    /// The first follow-ups that fell due before today, called on their first day.
    async fn call_first_follow_ups(&self) -> Result<()> {
        use crate::app::followup::CallInput;
        use crate::domain::followup::CallOutcome;
        let supervisor = Caller { token_id: 0, role: Role::Supervisor, advisor_id: None, label: "demo".into() };
        let query = crate::app::desk::FollowUpQuery {
            kind: Some(crate::domain::followup::FollowUpKind::First),
            ..Default::default()
        };
        let (due, _) = self.past.follow_ups(&supervisor, query, crate::domain::Page { offset: 0, size: 500 }).await?;
        for (j, f) in due.iter().enumerate() {
            let Ok(from) = chrono::NaiveDate::parse_from_str(&f.row.due_from, "%Y-%m-%d") else { continue };
            let Some(when) = self.at(from, 60 + 10 * j as i64).filter(|_| from < self.today) else { continue };
            self.clock.set(when);
            let agent =
                Caller { token_id: 0, role: Role::Followup, advisor_id: f.row.owner_agent_id, label: "demo".into() };
            let score = [5, 5, 4, 5, 3, 4, 5, 5, 2, 5, 4, 5][j % 12];
            let reached = j % 6 != 5;
            let call = CallInput {
                outcome: if reached { CallOutcome::Reached } else { CallOutcome::NoAnswer },
                satisfaction: reached.then_some(score),
                topics: if reached { vec!["VEHICLE_CONDITION".into(), "SERVICE_OPINION".into()] } else { Vec::new() },
                requests: String::new(),
                complaints: if reached && score <= 2 { "交车时车内不干净".into() } else { String::new() },
                answered_on_call: false,
                note: if reached { "车况良好".into() } else { String::new() },
                new_content: String::new(),
            };
            self.past.record_call(&agent, f.row.id, call, None).await?;
        }
        Ok(())
    }
}

/// The store's last ten open days, replayed on a clock of their own: walk-ins
/// received by the advisors, a few no-shows, deliveries in the afternoon and the
/// follow-up calls that fell due, so reports and the ranking have figures to show.
async fn seed_history(app: &App, ids: &[i64]) -> Result<()> {
    let clock = ManualClock::new(app.now());
    let past = App { clock: std::sync::Arc::new(clock.clone()), ..app.clone() };
    let schedule = app.settings.schedule.clone();
    let today = schedule.local_date(app.now());
    let replay = Replay { past, clock, schedule, today };
    let mut days: Vec<chrono::NaiveDate> =
        (1..=30).map(|back| today - Duration::days(back)).filter(|d| !replay.schedule.is_closed(*d)).take(10).collect();
    days.reverse();
    let mut n = 0usize;
    let last = days.len().saturating_sub(1);
    for (k, day) in days.into_iter().enumerate() {
        let mut received = Vec::new();
        for i in 0..3 + k % 3 {
            n += 1;
            received.extend(replay.receive(ids, (k, day, i, n)).await?);
        }
        // The last day's two last cars are still in the workshop today.
        let kept = if k == last { received.split_off(received.len().saturating_sub(2)) } else { Vec::new() };
        replay.deliver(day, received).await?;
        work_orders::in_the_workshop(&replay.past, day, kept).await?;
    }
    replay.call_first_follow_ups().await
}

async fn staff_id(app: &App, kind: StaffKind) -> Result<Option<i64>> {
    let page = crate::domain::Page { offset: 0, size: 1 };
    Ok(app.advisors(Some(kind), false, page).await?.0.first().map(|a| a.id))
}

fn write_private(path: &Path, text: &str) -> Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let io = |e: std::io::Error| Error::internal_from(format!("cannot write {}", path.display()), e);
    let mut file =
        std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(path).map_err(io)?;
    file.write_all(text.as_bytes()).map_err(io)?;
    Ok(())
}

/// Points an existing token file at the address the server listens on now.
fn update_addr(path: &Path, client_addr: &str) -> Result<()> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::internal_from(format!("cannot read {}", path.display()), e))?;
    let updated: Vec<String> = text
        .lines()
        .map(|line| if line.starts_with("addr = ") { format!("addr = \"{client_addr}\"") } else { line.to_owned() })
        .collect();
    write_private(path, &(updated.join("\n") + "\n"))
}

/// Seeds an empty database and writes the token file. The file is kept when it
/// already exists for this database; a freshly seeded database gets new tokens (the
/// old file's would all be unknown to it).
pub async fn seed(app: &App, data_dir: &Path, client_addr: &str) -> Result<Seeded> {
    let token_file = data_dir.join(TOKEN_FILE);
    let seeded = is_empty(app).await?;
    if seeded {
        let ids = seed_staff(app).await?;
        let supervisor =
            Caller { token_id: 0, role: Role::Supervisor, advisor_id: ids.last().copied(), label: "demo".into() };
        seed_history(app, &ids).await?;
        seed_customers(app, &supervisor).await?;
        seed_desk(app, &ids, &supervisor).await?;
        work_orders::recall_campaign(app, &supervisor).await?;
    }
    if seeded || !token_file.exists() {
        let advisor = staff_id(app, StaffKind::ServiceAdvisor).await?;
        let followup = staff_id(app, StaffKind::FollowupAgent).await?;
        let supervisor = staff_id(app, StaffKind::Supervisor).await?;
        let mut text = format!(
            "# Demo API tokens written by `frontdesk-server --demo`. Keep this file private.\n\
             # The advisor client reads it: `advisor --as supervisor appointments`.\n\
             addr = \"{client_addr}\"\n\n[tokens]\n"
        );
        for (role, staff) in [
            (Role::Kiosk, None),
            (Role::Advisor, advisor),
            (Role::Followup, followup),
            (Role::Supervisor, supervisor),
            (Role::Admin, None),
            (Role::Parts, None),
            (Role::Warranty, None),
        ] {
            let token = app.create_token(role, staff, format!("demo-{role}")).await?;
            text.push_str(&format!("{role} = \"{token}\"\n"));
        }
        write_private(&token_file, &text)?;
    } else {
        update_addr(&token_file, client_addr)?;
    }
    Ok(Seeded { seeded, token_file })
}

/// A line for whoever starts the demo when the store is closed at this hour in its
/// zone: check-ins are refused until half an hour before opening, which is confusing
/// when trying the kiosk from another part of the world.
pub fn closed_note(app: &App) -> Option<String> {
    let (schedule, now) = (&app.settings.schedule, app.now());
    let early = app.settings.queue.checkin_opens;
    if schedule.is_open_at(now) || schedule.is_open_at(now + early) {
        return None;
    }
    let local = now.with_timezone(&schedule.zone);
    // A zone where the store would be open right now, to suggest.
    let zones = [
        chrono_tz::Europe::Berlin,
        chrono_tz::America::New_York,
        chrono_tz::America::Los_Angeles,
        chrono_tz::Pacific::Honolulu,
        chrono_tz::Asia::Tokyo,
        chrono_tz::Asia::Kolkata,
        chrono_tz::Europe::London,
    ];
    let open_zone = zones.into_iter().find(|zone| {
        let elsewhere = crate::domain::Schedule { zone: *zone, ..schedule.clone() };
        elsewhere.is_open_at(now + Duration::minutes(30))
    });
    let suggestion = open_zone.map_or_else(String::new, |z| format!(" (for example --zone {z})"));
    Some(format!(
        "note: it is {} in {}, and the store is open {}–{}: check-ins are refused until half an hour \
         before opening. To try the desk now, start with --zone set to a zone where it is open{suggestion}, \
         on a fresh --data-dir.",
        local.format("%H:%M"),
        schedule.zone,
        schedule.open.format("%H:%M"),
        schedule.close.format("%H:%M"),
    ))
}
