//! A report's figures for a range of store days, from what the store recorded: each
//! read from `store::kpis` and judged by `domain::report`, the follow-up desk's and the
//! customer base's for the whole store only.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Timelike, Utc};
use rusqlite::Connection;

use super::{AdvisorCsi, Report, ServiceTimes};
use crate::app::Settings;
use crate::domain::Result;
use crate::domain::followup::FollowUpStatus;
use crate::domain::followup::escalation::Issue;
use crate::domain::report::{self, Ratio};
use crate::store::kpis::{self, Scope, ServiceSeconds, desk};
use crate::store::lost::{self, LostLine};
use crate::store::{instant, secs};

/// The range a report covers, as the store reads it.
struct Range {
    from: String,
    to: String,
    start: i64,
    end: i64,
    advisor: Option<i64>,
}

impl Range {
    fn scope(&self) -> Scope<'_> {
        Scope { from: &self.from, to: &self.to, start: self.start, end: self.end, advisor: self.advisor }
    }
}

/// The figures of `from`..`to` for the whole store or one advisor's own work, as of `now`.
pub(super) fn compute(
    conn: &Connection,
    settings: &Settings,
    (from, to): (NaiveDate, NaiveDate),
    advisor: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Report> {
    let schedule = &settings.schedule;
    let ((start, _), (_, end)) = (schedule.day_bounds(from), schedule.day_bounds(to));
    let range = Range { from: from.to_string(), to: to.to_string(), start: secs(start), end: secs(end), advisor };
    let s = range.scope();
    let store = advisor.is_none();
    let appointment_share = kpis::appointment_arrivals(conn, s)?;
    let by_hour = arrivals_by_hour(conn, s, schedule.zone)?;
    let (csi, csi_by_advisor) = csi_of(conn, s)?;
    let repairs = &settings.targets.repair_services;
    let within = i64::from(settings.targets.repeat_repair_days) * 86_400;
    let repeat_repairs = Ratio {
        count: kpis::repeat_repairs(conn, s, repairs, within)?,
        total: kpis::repairs_delivered(conn, s, repairs)?,
    };
    let desk = if store { desk_figures(conn, settings, &range, to, now)? } else { DeskFigures::default() };
    let values = super::values::of(conn, s, repairs)?;
    let mut report = Report {
        from,
        to,
        advisor,
        cars_received: kpis::visits_opened(conn, s)?,
        cars_target: cars_target(settings, from, to, advisor),
        arrivals: appointment_share.total,
        appointment_share,
        no_shows: if store { no_shows(conn, s, now, settings)? } else { Ratio::default() },
        service_times: service_times(kpis::waits(conn, s)?, kpis::receptions(conn, s)?),
        peak_hour: busiest(&by_hour),
        by_hour,
        csi,
        csi_by_advisor,
        calls_without_score: desk::calls_without_score(conn, s)?,
        repeat_repairs,
        follow_ups_in_window: desk.follow_ups_in_window,
        escalations_in_time: desk.escalations_in_time,
        same_day_notices: desk.same_day_notices,
        callback_notes: kpis::callback_notes(conn, s)?,
        base_customers: desk.base_customers,
        base_target: if store { settings.targets.base_customers } else { 0 },
        lost_customers: desk.lost_customers,
        repair_value: values.repair,
        insurance_value: values.insurance,
        warranty_approval: values.warranty,
        lines: Vec::new(),
    };
    report.lines = super::lines::of(&report, &settings.targets);
    Ok(report)
}

/// Cars received targets: the day's, the calendar month's, or the day's for every open
/// day of another range; none for one advisor's own visits.
fn cars_target(settings: &Settings, from: NaiveDate, to: NaiveDate, advisor: Option<i64>) -> u32 {
    let t = &settings.targets;
    let days = u32::try_from((to - from).num_days() + 1).unwrap_or(1);
    let open_days =
        (0..days).filter(|i| !settings.schedule.is_closed(from + Duration::days(i64::from(*i)))).count() as u32;
    if advisor.is_some() {
        0
    } else if days == 1 {
        t.cars_per_day
    } else if report::is_whole_month(from, to) {
        t.cars_per_month
    } else {
        t.cars_per_day * open_days
    }
}

/// Waiting and reception times per service type, every type with either.
fn service_times(waits: Vec<ServiceSeconds>, receptions: Vec<ServiceSeconds>) -> Vec<ServiceTimes> {
    let by_service = |rows: Vec<ServiceSeconds>| {
        let mut map: BTreeMap<String, Vec<i64>> = BTreeMap::new();
        for row in rows {
            map.entry(row.service_code).or_default().push(row.seconds);
        }
        map
    };
    let (mut waits, mut receptions) = (by_service(waits), by_service(receptions));
    let mut codes: Vec<String> = waits.keys().chain(receptions.keys()).cloned().collect();
    codes.sort();
    codes.dedup();
    codes
        .into_iter()
        .map(|code| ServiceTimes {
            waiting: report::durations(waits.remove(&code).unwrap_or_default()),
            reception: report::durations(receptions.remove(&code).unwrap_or_default()),
            service_code: code,
        })
        .collect()
}

/// Arrivals per store-local hour of day, by hour.
fn arrivals_by_hour(conn: &Connection, s: Scope<'_>, zone: chrono_tz::Tz) -> Result<Vec<(u32, u32)>> {
    let mut hours: BTreeMap<u32, u32> = BTreeMap::new();
    for at in kpis::arrivals(conn, s)? {
        *hours.entry(instant(at).with_timezone(&zone).hour()).or_default() += 1;
    }
    Ok(hours.into_iter().collect())
}

/// The busiest hour, the earliest on a tie.
fn busiest(by_hour: &[(u32, u32)]) -> Option<u32> {
    let peak = by_hour.iter().fold(None, |best: Option<(u32, u32)>, &(h, n)| match best {
        Some((_, most)) if most >= n => best,
        _ => Some((h, n)),
    });
    peak.map(|(h, _)| h)
}

/// CSI of the calls from `start` to `end`: the share scored 4 or 5, and per advisor
/// the calls about visits they received.
pub(super) fn csi(conn: &Connection, start: i64, end: i64) -> Result<(Ratio, AdvisorCsi)> {
    let mut all = Ratio::default();
    let mut per: BTreeMap<i64, (String, Ratio)> = BTreeMap::new();
    for score in desk::scores(conn, start, end)? {
        let good = u32::from(score.satisfaction >= 4);
        all.total += 1;
        all.count += good;
        if let Some(id) = score.advisor_id {
            let entry = per.entry(id).or_insert_with(|| (score.advisor_name, Ratio::default()));
            entry.1.total += 1;
            entry.1.count += good;
        }
    }
    Ok((all, per.into_iter().map(|(id, (name, r))| (id, name, r)).collect()))
}

/// The scope's CSI: the store's with every advisor's, or one advisor's own.
fn csi_of(conn: &Connection, s: Scope<'_>) -> Result<(Ratio, AdvisorCsi)> {
    let (mut csi, mut by_advisor) = csi(conn, s.start, s.end)?;
    if let Some(me) = s.advisor {
        by_advisor.retain(|(id, _, _)| *id == me);
        csi = by_advisor.first().map(|(_, _, r)| *r).unwrap_or_default();
    }
    Ok((csi, by_advisor))
}

/// Appointments of the range missed over those kept or missed.
fn no_shows(conn: &Connection, s: Scope<'_>, now: DateTime<Utc>, settings: &Settings) -> Result<Ratio> {
    // Stored instants are whole seconds.
    let late = instant(secs(now - settings.queue.grace_late));
    let mut r = Ratio::default();
    for a in kpis::appointments(conn, s)? {
        if let Some(missed) = report::appointment_missed(a.status, instant(a.slot_start), late) {
            r.total += 1;
            r.count += u32::from(missed);
        }
    }
    Ok(r)
}

/// The follow-up desk's figures and the customer base: the store's, not one advisor's.
#[derive(Debug, Default)]
struct DeskFigures {
    follow_ups_in_window: Ratio,
    escalations_in_time: Ratio,
    same_day_notices: Ratio,
    base_customers: u32,
    lost_customers: u32,
}

fn desk_figures(
    conn: &Connection,
    settings: &Settings,
    range: &Range,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Result<DeskFigures> {
    let today = settings.schedule.local_date(now);
    let (cutoff, filed_by) = settings.lost_line(to);
    let line = LostLine { cutoff: &cutoff, filed_by, day: &range.to };
    Ok(DeskFigures {
        follow_ups_in_window: follow_ups_in_window(conn, range.scope(), today, settings)?,
        escalations_in_time: escalations_in_time(conn, range, now)?,
        same_day_notices: same_day_notices(conn, range, today, settings)?,
        base_customers: lost::base_count(conn, line)?,
        lost_customers: lost::count(conn, line)?,
    })
}

/// #1 and #2 follow-ups whose window ends in the range and has ended (or that are
/// done): the share reached inside the window.
fn follow_ups_in_window(conn: &Connection, s: Scope<'_>, today: NaiveDate, settings: &Settings) -> Result<Ratio> {
    let mut r = Ratio::default();
    for f in desk::windows_ending(conn, s)? {
        let done = f.status == FollowUpStatus::Done;
        if !done && f.due_until >= today {
            continue; // the window is still open
        }
        r.total += 1;
        let reached = f.reached_at.map(|at| settings.schedule.local_date(instant(at)));
        if done && reached.is_some_and(|d| d >= f.due_from && d <= f.due_until) {
            r.count += 1;
        }
    }
    Ok(r)
}

/// Escalations raised in the range, once decided: the share handled in time.
fn escalations_in_time(conn: &Connection, range: &Range, now: DateTime<Utc>) -> Result<Ratio> {
    let mut in_time = Ratio::default();
    for e in desk::escalations_raised(conn, range.start, range.end)? {
        let issue = Issue::stored(
            instant(e.raised_at),
            e.research_due_at.map(instant),
            e.reported_at.map(instant),
            e.resolved_at.map(instant),
        );
        // Counted once decided: resolved, reported late, or past the supervisor's deadline.
        if let Some(good) = issue.in_time(now) {
            in_time.total += 1;
            in_time.count += u32::from(good);
        }
    }
    Ok(in_time)
}

/// Escalations resolved in the range, once that day is over or the customer was told:
/// the share told the same store day.
fn same_day_notices(conn: &Connection, range: &Range, today: NaiveDate, settings: &Settings) -> Result<Ratio> {
    let mut same_day = Ratio::default();
    for n in desk::notices(conn, range.start, range.end)? {
        let day = settings.schedule.local_date(instant(n.resolved_at));
        if n.told_at.is_none() && day >= today {
            continue; // the customer can still be told today
        }
        same_day.total += 1;
        same_day.count += u32::from(n.told_at.is_some_and(|t| settings.schedule.local_date(instant(t)) == day));
    }
    Ok(same_day)
}
