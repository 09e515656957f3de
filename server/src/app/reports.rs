//! The service manager's figures, computed from recorded events for a range of store
//! days: cars received, arrivals, no-shows, waiting and reception times, peak hours,
//! CSI, repeat repairs, follow-up discipline, base and lost customers, and the monthly
//! advisor ranking. Nothing here is stored; every figure is counted when asked.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Timelike, Utc};
use rusqlite::{Connection, params};

use super::sheet::{Cell, Export, encode};
use super::{App, Settings};
use crate::domain::followup::escalation::Issue;
use crate::domain::report::{self, Durations, Ratio, Standing, Targets};
use crate::domain::{Caller, Error, Result, Role};
use crate::store::lost::{self, LostLine};
use crate::store::{instant, secs};

/// One figure as people read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// A stable key.
    pub key: String,
    /// Chinese, then English.
    pub label: String,
    /// The value as shown.
    pub value: String,
    /// The target as shown; empty without one.
    pub target: String,
    /// Against the target.
    pub standing: Standing,
}

/// Waiting and reception times of one service type.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceTimes {
    /// The service code.
    pub service_code: String,
    /// Arrival to first call.
    pub waiting: Durations,
    /// First call to done.
    pub reception: Durations,
}

/// The figures of a range.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// First day.
    pub from: NaiveDate,
    /// The advisor whose own work the figures cover; the whole store when `None`.
    pub advisor: Option<i64>,
    /// Last day.
    pub to: NaiveDate,
    /// Visits opened.
    pub cars_received: u32,
    /// Their target.
    pub cars_target: u32,
    /// Tickets checked in.
    pub arrivals: u32,
    /// Appointment arrivals over arrivals.
    pub appointment_share: Ratio,
    /// Missed over kept and missed appointments.
    pub no_shows: Ratio,
    /// Times per service.
    pub service_times: Vec<ServiceTimes>,
    /// Arrivals per hour of day (hours with arrivals).
    pub by_hour: Vec<(u32, u32)>,
    /// The busiest hour.
    pub peak_hour: Option<u32>,
    /// CSI.
    pub csi: Ratio,
    /// CSI per advisor: id, name, ratio.
    pub csi_by_advisor: AdvisorCsi,
    /// Follow-up calls that reached the customer without a score.
    pub calls_without_score: u32,
    /// Repeat repairs over delivered repairs.
    pub repeat_repairs: Ratio,
    /// Follow-ups done in their window.
    pub follow_ups_in_window: Ratio,
    /// Escalations handled in time: solved by the agent within two days, or reported
    /// within them and solved by the supervisor within 48 hours.
    pub escalations_in_time: Ratio,
    /// Customers told the same day.
    pub same_day_notices: Ratio,
    /// Visits with a callback note.
    pub callback_notes: Ratio,
    /// Base customers.
    pub base_customers: u32,
    /// Their target.
    pub base_target: u32,
    /// Lost customers.
    pub lost_customers: u32,
    /// Every figure as a line.
    pub lines: Vec<Line>,
}

/// One advisor's month.
#[derive(Debug, Clone, PartialEq)]
pub struct Rank {
    /// Rank by visits.
    pub rank: u32,
    /// Id and name.
    pub advisor: (i64, String),
    /// Visits received.
    pub visits: u32,
    /// CSI about their visits.
    pub csi: Ratio,
    /// Receptions finished and their mean time, seconds.
    pub receptions: (u32, i64),
    /// Tickets set aside as no-shows.
    pub no_shows: u32,
    /// Visits the month before.
    pub previous_visits: u32,
    /// Lowest by visits this month.
    pub lowest: bool,
    /// Lowest two months running.
    pub flagged: bool,
}

fn count(conn: &Connection, sql: &str, p: impl rusqlite::Params) -> Result<u32> {
    Ok(conn.prepare_cached(sql)?.query_row(p, |r| r.get::<_, i64>(0))?.try_into().unwrap_or(0))
}

fn ratio(conn: &Connection, sql: &str, p: impl rusqlite::Params) -> Result<Ratio> {
    let (c, t): (i64, i64) = conn.prepare_cached(sql)?.query_row(p, |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(Ratio { count: c.try_into().unwrap_or(0), total: t.try_into().unwrap_or(0) })
}

/// `,repair,body_paint,` for `instr` matching of configured service codes.
fn code_list(codes: &[String]) -> String {
    format!(",{},", codes.join(","))
}

fn percent(r: Ratio) -> String {
    if r.total == 0 { "— (0/0)".to_owned() } else { format!("{:.1}% ({}/{})", r.rate() * 100.0, r.count, r.total) }
}

fn bp(target: u32) -> String {
    let whole = target / 100;
    if target.is_multiple_of(100) { format!("{whole}%") } else { format!("{}%", f64::from(target) / 100.0) }
}

/// `m:ss` for short durations, `h:mm:ss` from an hour on.
pub fn clock(seconds: i64) -> String {
    let s = seconds.max(0);
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s % 3600 / 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

fn times(d: Durations) -> String {
    if d.count == 0 {
        "—".to_owned()
    } else {
        format!("mean {} · median {} · p90 {} (n={})", clock(d.mean), clock(d.median), clock(d.p90), d.count)
    }
}

fn line(key: &str, label: &str, value: String, target: String, standing: Standing) -> Line {
    Line { key: key.to_owned(), label: label.to_owned(), value, target, standing }
}

/// A rate that should reach a target, as a line.
fn target_line(key: &str, label: &str, r: Ratio, target_bp: u32) -> Line {
    line(key, label, percent(r), format!("≥ {}", bp(target_bp)), report::at_least(r, target_bp))
}

fn no_target(total: u32) -> Standing {
    if total == 0 { Standing::NoData } else { Standing::NoTarget }
}

struct Bounds {
    from: String,
    to: String,
    start: i64,
    end: i64,
    now: DateTime<Utc>,
    today: NaiveDate,
    /// One advisor's work only; the whole store when `None`.
    advisor: Option<i64>,
}

fn times_per_service(conn: &Connection, b: &Bounds) -> Result<Vec<ServiceTimes>> {
    let mut waits: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT service_code, called_at - arrived_at FROM tickets WHERE called_at >= ?1 AND called_at < ?2
           AND (?3 IS NULL OR advisor_id = ?3)",
    )?;
    let scope = params![b.start, b.end, b.advisor];
    for row in stmt.query_map(scope, |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (code, secs) = row?;
        waits.entry(code).or_default().push(secs);
    }
    let mut receptions: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT service_code, finished_at - called_at FROM tickets
         WHERE state = 'DONE' AND called_at IS NOT NULL AND finished_at >= ?1 AND finished_at < ?2
           AND (?3 IS NULL OR advisor_id = ?3)",
    )?;
    let scope = params![b.start, b.end, b.advisor];
    for row in stmt.query_map(scope, |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (code, secs) = row?;
        receptions.entry(code).or_default().push(secs);
    }
    let mut codes: Vec<String> = waits.keys().chain(receptions.keys()).cloned().collect();
    codes.sort();
    codes.dedup();
    Ok(codes
        .into_iter()
        .map(|code| ServiceTimes {
            waiting: report::durations(waits.remove(&code).unwrap_or_default()),
            reception: report::durations(receptions.remove(&code).unwrap_or_default()),
            service_code: code,
        })
        .collect())
}

/// CSI per advisor: id, name and their calls.
type AdvisorCsi = Vec<(i64, String, Ratio)>;

fn csi(conn: &Connection, start: i64, end: i64) -> Result<(Ratio, AdvisorCsi)> {
    let mut all = Ratio::default();
    let mut per: BTreeMap<i64, (String, Ratio)> = BTreeMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT k.satisfaction, w.advisor_id, a.name FROM calls k
         LEFT JOIN follow_ups f ON f.id = k.follow_up_id
         LEFT JOIN visits w ON w.id = f.visit_id
         LEFT JOIN advisors a ON a.id = w.advisor_id
         WHERE k.satisfaction IS NOT NULL AND k.at >= ?1 AND k.at < ?2",
    )?;
    let rows = stmt.query_map(params![start, end], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, Option<i64>>(1)?, r.get::<_, Option<String>>(2)?))
    })?;
    for row in rows {
        let (score, advisor, name) = row?;
        let good = u32::from(score >= 4);
        all.total += 1;
        all.count += good;
        if let Some(id) = advisor {
            let entry = per.entry(id).or_insert_with(|| (name.unwrap_or_default(), Ratio::default()));
            entry.1.total += 1;
            entry.1.count += good;
        }
    }
    Ok((all, per.into_iter().map(|(id, (name, r))| (id, name, r)).collect()))
}

fn follow_ups_in_window(conn: &Connection, b: &Bounds, settings: &Settings) -> Result<Ratio> {
    let mut r = Ratio::default();
    let mut stmt = conn.prepare_cached(
        "SELECT f.status, f.due_from, f.due_until,
                (SELECT max(k.at) FROM calls k WHERE k.follow_up_id = f.id AND k.outcome = 'REACHED')
         FROM follow_ups f WHERE f.kind IN ('FIRST', 'SECOND') AND f.due_until BETWEEN ?1 AND ?2",
    )?;
    let rows = stmt.query_map(params![b.from, b.to], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, Option<i64>>(3)?))
    })?;
    for row in rows {
        let (status, from, until, reached) = row?;
        let until_day = super::followup::date(&until)?;
        if status != "DONE" && until_day >= b.today {
            continue; // the window is still open
        }
        r.total += 1;
        let reached_day = reached.map(|at| settings.schedule.local_date(instant(at)).to_string());
        if status == "DONE" && reached_day.is_some_and(|d| d >= from && d <= until) {
            r.count += 1;
        }
    }
    Ok(r)
}

/// Follow-up calls (#1, #2, flagged visits) in the range that reached the customer
/// without a score; for one advisor, those about their visits.
fn calls_without_score(conn: &Connection, b: &Bounds) -> Result<u32> {
    count(
        conn,
        "SELECT count(*) FROM calls k JOIN follow_ups f ON f.id = k.follow_up_id LEFT JOIN visits w ON w.id = f.visit_id
         WHERE k.outcome = 'REACHED' AND k.satisfaction IS NULL AND f.kind IN ('FIRST', 'SECOND', 'FLAGGED_VISIT')
           AND k.at >= ?1 AND k.at < ?2 AND (?3 IS NULL OR w.advisor_id = ?3)",
        params![b.start, b.end, b.advisor],
    )
}

fn escalations(conn: &Connection, b: &Bounds, settings: &Settings) -> Result<(Ratio, Ratio)> {
    let mut in_time = Ratio::default();
    let mut stmt = conn.prepare_cached(
        "SELECT raised_at, research_due_at, reported_at, resolved_at FROM escalations
         WHERE raised_at >= ?1 AND raised_at < ?2",
    )?;
    let rows = stmt.query_map(params![b.start, b.end], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, Option<i64>>(1)?, r.get::<_, Option<i64>>(2)?, r.get::<_, Option<i64>>(3)?))
    })?;
    for row in rows {
        let (raised, research_due, reported, resolved) = row?;
        let issue =
            Issue::stored(instant(raised), research_due.map(instant), reported.map(instant), resolved.map(instant));
        // Counted once decided: resolved, reported late, or past the supervisor's deadline.
        if let Some(good) = issue.in_time(b.now) {
            in_time.total += 1;
            in_time.count += u32::from(good);
        }
    }
    let mut same_day = Ratio::default();
    let mut stmt = conn.prepare_cached(
        "SELECT resolved_at, customer_told_at FROM escalations WHERE resolved_at >= ?1 AND resolved_at < ?2",
    )?;
    for row in stmt.query_map(params![b.start, b.end], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<i64>>(1)?)))? {
        let (resolved, told) = row?;
        let day = settings.schedule.local_date(instant(resolved));
        if told.is_none() && day >= b.today {
            continue; // the customer can still be told today
        }
        same_day.total += 1;
        same_day.count += u32::from(told.is_some_and(|t| settings.schedule.local_date(instant(t)) == day));
    }
    Ok((in_time, same_day))
}

fn compute(
    conn: &Connection,
    settings: &Settings,
    (from, to): (NaiveDate, NaiveDate),
    advisor: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Report> {
    let t: &Targets = &settings.targets;
    let schedule = &settings.schedule;
    let (start, _) = schedule.day_bounds(from);
    let (_, end) = schedule.day_bounds(to);
    let b = Bounds {
        from: from.to_string(),
        to: to.to_string(),
        start: secs(start),
        end: secs(end),
        now,
        today: schedule.local_date(now),
        advisor,
    };
    let days = u32::try_from((to - from).num_days() + 1).unwrap_or(1);
    let open_days = (0..days).filter(|i| !schedule.is_closed(from + Duration::days(i64::from(*i)))).count() as u32;
    let cars_target = if advisor.is_some() {
        0
    } else if days == 1 {
        t.cars_per_day
    } else if report::is_whole_month(from, to) {
        t.cars_per_month
    } else {
        t.cars_per_day * open_days
    };
    let range = params![b.from, b.to, advisor];
    let cars_received = count(
        conn,
        "SELECT count(*) FROM visits WHERE local_date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR advisor_id = ?3)",
        range,
    )?;
    let callback_notes = ratio(
        conn,
        "SELECT coalesce(sum(trim(callback_note) <> ''), 0), count(*) FROM visits
         WHERE local_date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR advisor_id = ?3)",
        range,
    )?;
    let appointment_share = ratio(
        conn,
        "SELECT coalesce(sum(appointment_id IS NOT NULL), 0), count(*) FROM tickets
         WHERE local_date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR advisor_id = ?3)",
        range,
    )?;
    let arrivals = appointment_share.total;
    let store = advisor.is_none();
    let late = secs(now - settings.queue.grace_late);
    let no_shows = if !store {
        Ratio::default()
    } else {
        ratio(
            conn,
            "SELECT coalesce(sum(status = 'NO_SHOW' OR (status = 'BOOKED' AND slot_start < ?3)), 0),
                coalesce(sum(status IN ('NO_SHOW', 'CHECKED_IN') OR (status = 'BOOKED' AND slot_start < ?3)), 0)
         FROM appointments WHERE local_date BETWEEN ?1 AND ?2",
            params![b.from, b.to, late],
        )?
    };
    let service_times = times_per_service(conn, &b)?;
    let mut hours: BTreeMap<u32, u32> = BTreeMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT arrived_at FROM tickets WHERE local_date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR advisor_id = ?3)",
    )?;
    for at in stmt.query_map(range, |r| r.get::<_, i64>(0))? {
        *hours.entry(instant(at?).with_timezone(&schedule.zone).hour()).or_default() += 1;
    }
    let by_hour: Vec<(u32, u32)> = hours.into_iter().collect();
    let peak_hour = by_hour.iter().fold(None, |best: Option<(u32, u32)>, &(h, n)| match best {
        Some((_, most)) if most >= n => best,
        _ => Some((h, n)),
    });
    let (mut csi, mut csi_by_advisor) = csi(conn, b.start, b.end)?;
    if let Some(me) = advisor {
        csi_by_advisor.retain(|(id, _, _)| *id == me);
        csi = csi_by_advisor.first().map(|(_, _, r)| *r).unwrap_or_default();
    }
    let repairs = code_list(&t.repair_services);
    let delivered = count(
        conn,
        "SELECT count(*) FROM visits WHERE instr(?3, ',' || service_code || ',') > 0
           AND delivered_at >= ?1 AND delivered_at < ?2 AND (?4 IS NULL OR advisor_id = ?4)",
        params![b.start, b.end, repairs, advisor],
    )?;
    let repeated = count(
        conn,
        "SELECT count(*) FROM visits w
         WHERE instr(?3, ',' || w.service_code || ',') > 0 AND w.local_date BETWEEN ?1 AND ?2
           AND EXISTS (SELECT 1 FROM visits p
                       WHERE p.vehicle_id = w.vehicle_id AND p.id <> w.id
                         AND instr(?3, ',' || p.service_code || ',') > 0
                         AND p.delivered_at IS NOT NULL AND p.delivered_at <= w.opened_at
                         AND p.delivered_at >= w.opened_at - ?4
                         -- One advisor's repeats: comebacks of the repairs they received.
                         AND (?5 IS NULL OR p.advisor_id = ?5))",
        params![b.from, b.to, repairs, i64::from(t.repeat_repair_days) * 86_400, advisor],
    )?;
    let repeat_repairs = Ratio { count: repeated, total: delivered };
    // The follow-up desk's figures and the customer base belong to the store, not to
    // one advisor's work.
    let follow_ups_in_window = if store { follow_ups_in_window(conn, &b, settings)? } else { Ratio::default() };
    let (escalations_in_time, same_day_notices) =
        if store { escalations(conn, &b, settings)? } else { (Ratio::default(), Ratio::default()) };
    let (cutoff, filed_by) = settings.lost_line(to);
    let lost_line = LostLine { cutoff: &cutoff, filed_by, day: &b.to };
    let (base_customers, lost_customers) =
        if !store { (0, 0) } else { (lost::base_count(conn, lost_line)?, lost::count(conn, lost_line)?) };
    let calls_without_score = calls_without_score(conn, &b)?;

    // One advisor's visits have no target of their own: the store's is for the store.
    let (cars_goal, cars_standing) = if store {
        (format!("≥ {cars_target}"), report::count_at_least(cars_received, cars_target))
    } else {
        (String::new(), no_target(cars_received))
    };
    let mut lines = vec![
        line("cars_received", "接车台次 cars received", cars_received.to_string(), cars_goal, cars_standing),
        line("arrivals", "到店 arrivals", arrivals.to_string(), String::new(), no_target(arrivals)),
        line(
            "appointment_share",
            "预约率 appointment share",
            percent(appointment_share),
            String::new(),
            no_target(appointment_share.total),
        ),
    ];
    if store {
        lines.push(line(
            "no_show_rate",
            "预约爽约率 no-show rate",
            percent(no_shows),
            String::new(),
            no_target(no_shows.total),
        ));
    }
    for s in &service_times {
        lines.push(line(
            &format!("waiting.{}", s.service_code),
            &format!("等候时间 waiting · {}", s.service_code),
            times(s.waiting),
            String::new(),
            no_target(s.waiting.count),
        ));
        lines.push(line(
            &format!("reception.{}", s.service_code),
            &format!("接待时长 reception · {}", s.service_code),
            times(s.reception),
            String::new(),
            no_target(s.reception.count),
        ));
    }
    let peak = match peak_hour {
        Some((h, n)) => format!("{h:02}:00–{:02}:00 ({n} arrivals)", h + 1),
        None => "—".to_owned(),
    };
    lines.push(line("peak_hour", "高峰时段 peak hour", peak, String::new(), no_target(arrivals)));
    lines.push(target_line("csi", "客户满意度 CSI", csi, t.csi_bp));
    // (One advisor's report has their CSI line already.)
    for (id, name, r) in csi_by_advisor.iter().filter(|_| store) {
        lines.push(target_line(&format!("csi.advisor.{id}"), &format!("满意度 CSI · {name}"), *r, t.csi_bp));
    }
    lines.push(line(
        "calls_without_score",
        "未评分回访 reached without a score",
        calls_without_score.to_string(),
        String::new(),
        no_target(calls_without_score),
    ));
    // A repeat repair with no repair delivered in the range has no rate, but it happened.
    let (repeats, repeats_standing) = if repeat_repairs.total == 0 && repeat_repairs.count > 0 {
        (format!("{} repeat(s), none delivered", repeat_repairs.count), Standing::Missed)
    } else {
        (percent(repeat_repairs), report::below(repeat_repairs, t.repeat_repair_bp))
    };
    lines.push(line(
        "repeat_repairs",
        "返修率 repeat repairs",
        repeats,
        format!("< {}", bp(t.repeat_repair_bp)),
        repeats_standing,
    ));
    if store {
        lines.extend([
            target_line(
                "follow_ups_in_window",
                "按时回访 follow-ups in their window",
                follow_ups_in_window,
                t.follow_ups_in_window_bp,
            ),
            target_line(
                "escalations_in_time",
                "投诉按时处理 complaints handled in time",
                escalations_in_time,
                t.escalations_in_time_bp,
            ),
            target_line(
                "same_day_notices",
                "当日告知客户 customer told the same day",
                same_day_notices,
                t.same_day_notice_bp,
            ),
        ]);
    }
    lines.push(target_line(
        "callback_notes",
        "回访备注 work orders with a callback note",
        callback_notes,
        t.callback_note_bp,
    ));
    if store {
        lines.extend([
            line(
                "base_customers",
                "基盘客户 base customers",
                base_customers.to_string(),
                format!("≥ {}", t.base_customers),
                report::count_at_least(base_customers, t.base_customers),
            ),
            line(
                "lost_customers",
                "流失客户 lost customers",
                lost_customers.to_string(),
                String::new(),
                Standing::NoTarget,
            ),
        ]);
    }
    Ok(Report {
        from,
        to,
        advisor,
        cars_received,
        cars_target,
        arrivals,
        appointment_share,
        no_shows,
        service_times,
        by_hour,
        peak_hour: peak_hour.map(|(h, _)| h),
        csi,
        csi_by_advisor,
        calls_without_score,
        repeat_repairs,
        follow_ups_in_window,
        escalations_in_time,
        same_day_notices,
        callback_notes,
        base_customers,
        base_target: if store { t.base_customers } else { 0 },
        lost_customers,
        lines,
    })
}

fn visits_by_advisor(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<BTreeMap<i64, u32>> {
    let mut stmt = conn.prepare_cached(
        "SELECT advisor_id, count(*) FROM visits WHERE local_date BETWEEN ?1 AND ?2 GROUP BY advisor_id",
    )?;
    let rows = stmt
        .query_map(params![from.to_string(), to.to_string()], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?
        .map(|r| r.map(|(id, n)| (id, u32::try_from(n).unwrap_or(0))))
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn ranking(conn: &Connection, settings: &Settings, from: NaiveDate, to: NaiveDate) -> Result<Vec<Rank>> {
    let (start, _) = settings.schedule.day_bounds(from);
    let (_, end) = settings.schedule.day_bounds(to);
    let (prev_from, prev_to) = report::previous_month(from);
    let (_, prev_end) = settings.schedule.day_bounds(prev_to);
    let visits = visits_by_advisor(conn, from, to)?;
    let previous = visits_by_advisor(conn, prev_from, prev_to)?;
    let advisors: Vec<(i64, String, i64)> = conn
        .prepare_cached("SELECT id, name, created_at, active FROM advisors WHERE kind = 'SERVICE_ADVISOR' ORDER BY id")?
        .query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, bool>(3)?))
        })?
        .filter_map(|r| match r {
            Ok((id, name, created, active)) if (active && created < secs(end)) || visits.contains_key(&id) => {
                Some(Ok((id, name, created)))
            }
            Ok(_) => None,
            Err(e) => Some(Err(e)),
        })
        .collect::<rusqlite::Result<_>>()?;
    let (_, per_advisor_csi) = csi(conn, secs(start), secs(end))?;
    let mut receptions: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT advisor_id, finished_at - called_at FROM tickets
         WHERE state = 'DONE' AND advisor_id IS NOT NULL AND called_at IS NOT NULL
           AND finished_at >= ?1 AND finished_at < ?2",
    )?;
    for row in stmt.query_map(params![secs(start), secs(end)], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
        let (id, s) = row?;
        receptions.entry(id).or_default().push(s);
    }
    let mut rows: Vec<Rank> = Vec::new();
    for (id, name, _) in &advisors {
        let no_shows = count(
            conn,
            "SELECT count(*) FROM tickets WHERE state = 'NO_SHOW' AND advisor_id = ?1 AND finished_at >= ?2 AND finished_at < ?3",
            params![id, secs(start), secs(end)],
        )?;
        let times = report::durations(receptions.remove(id).unwrap_or_default());
        rows.push(Rank {
            rank: 0,
            advisor: (*id, name.clone()),
            visits: visits.get(id).copied().unwrap_or(0),
            csi: per_advisor_csi.iter().find(|(a, _, _)| a == id).map(|(_, _, r)| *r).unwrap_or_default(),
            receptions: (times.count, times.mean),
            no_shows,
            previous_visits: previous.get(id).copied().unwrap_or(0),
            lowest: false,
            flagged: false,
        });
    }
    rows.sort_by(|a, b| b.visits.cmp(&a.visits).then(a.advisor.0.cmp(&b.advisor.0)));
    for i in 0..rows.len() {
        rows[i].rank = if i > 0 && rows[i].visits == rows[i - 1].visits { rows[i - 1].rank } else { i as u32 + 1 };
    }
    // Lowest: fewest visits, when not everybody has as many. Flagged: lowest this month
    // and, among the advisors on the books then, the month before too.
    let (least, most) = (rows.iter().map(|r| r.visits).min(), rows.iter().map(|r| r.visits).max());
    let back_then: Vec<i64> =
        advisors.iter().filter(|(_, _, created)| *created < secs(prev_end)).map(|a| a.0).collect();
    let prev: Vec<u32> = rows.iter().filter(|r| back_then.contains(&r.advisor.0)).map(|r| r.previous_visits).collect();
    let (prev_least, prev_most) = (prev.iter().min().copied(), prev.iter().max().copied());
    for r in &mut rows {
        r.lowest = least < most && Some(r.visits) == least;
        r.flagged = r.lowest
            && prev_least < prev_most
            && back_then.contains(&r.advisor.0)
            && Some(r.previous_visits) == prev_least;
    }
    Ok(rows)
}

fn mark(s: Standing) -> &'static str {
    match s {
        Standing::Met => "✓",
        Standing::Missed => "✗",
        Standing::NoTarget | Standing::NoData => "—",
    }
}

impl App {
    /// The figures of a range of store days, for the whole store or one advisor's own
    /// work (the visits they received, the tickets they called, the calls about their
    /// visits). An advisor calling always gets their own; asking for another advisor's
    /// is PERMISSION_DENIED.
    pub async fn report(
        &self,
        caller: &Caller,
        from: NaiveDate,
        to: NaiveDate,
        advisor: Option<i64>,
    ) -> Result<Report> {
        let advisor = match (caller.role, advisor) {
            (Role::Advisor, Some(asked)) if Some(asked) != caller.advisor_id => {
                return Err(Error::permission_denied(
                    frontdesk_proto::ErrorReason::RoleNotAllowed,
                    "an advisor reads their own figures only",
                ));
            }
            (Role::Advisor, _) => caller.advisor_id,
            (_, asked) => asked,
        };
        let (settings, now) = (self.settings.clone(), self.now());
        self.store.read(move |conn| compute(conn, &settings, (from, to), advisor, now)).await
    }

    /// The advisor ranking of the month `from`..`to`; an advisor sees their own row.
    pub async fn ranking(&self, caller: &Caller, from: NaiveDate, to: NaiveDate) -> Result<Vec<Rank>> {
        let settings = self.settings.clone();
        let mut rows = self.store.read(move |conn| ranking(conn, &settings, from, to)).await?;
        if caller.role == Role::Advisor {
            rows.retain(|r| Some(r.advisor.0) == caller.advisor_id);
        }
        Ok(rows)
    }

    /// A report's lines, or a month's ranking, as CSV or XLSX.
    pub async fn export_report(
        &self,
        caller: &Caller,
        ranking_of: bool,
        (from, to): (NaiveDate, NaiveDate),
        advisor: Option<i64>,
        xlsx: bool,
    ) -> Result<Export> {
        let (title, headers, rows): (String, Vec<&str>, Vec<Vec<Cell>>) = if ranking_of {
            let rows = self.ranking(caller, from, to).await?;
            let month = from.format("%Y-%m").to_string();
            let data = rows
                .iter()
                .map(|r| {
                    vec![
                        Cell::Number(f64::from(r.rank)),
                        Cell::Text(r.advisor.1.clone()),
                        Cell::Number(f64::from(r.visits)),
                        Cell::Text(percent(r.csi)),
                        Cell::Number(r.receptions.1 as f64 / 60.0),
                        Cell::Number(f64::from(r.no_shows)),
                        Cell::Number(f64::from(r.previous_visits)),
                        Cell::Text(if r.flagged {
                            "连续两月最低".into()
                        } else if r.lowest {
                            "本月最低".into()
                        } else {
                            String::new()
                        }),
                    ]
                })
                .collect();
            (
                format!("服务顾问排名_{month}"),
                vec!["名次", "服务顾问", "接车台次", "满意度", "平均接待时长(分钟)", "爽约", "上月接车台次", "预警"],
                data,
            )
        } else {
            let report = self.report(caller, from, to, advisor).await?;
            let data = report
                .lines
                .iter()
                .map(|l| {
                    vec![
                        Cell::Text(l.label.clone()),
                        Cell::Text(l.value.clone()),
                        Cell::Text(l.target.clone()),
                        Cell::Text(mark(l.standing).into()),
                    ]
                })
                .collect();
            (format!("服务报表_{from}_{to}"), vec!["指标", "数值", "目标", "达标"], data)
        };
        let sheet = title.split('_').next().unwrap_or("report").to_owned();
        let (content, content_type, ext) = encode(&sheet, &headers, &rows, xlsx)?;
        Ok(Export { file_name: format!("{title}.{ext}"), content_type, content, rows: rows.len() })
    }
}
