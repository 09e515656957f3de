//! A report's figures as the lines people read: a label in Chinese and English, the
//! value, the target and whether it was met.

use super::{Line, Report};
use crate::domain::report::{self, CarValue, Durations, Ratio, Standing, Targets};

/// `12.5% (1/8)`, or `— (0/0)` without cases.
pub(super) fn percent(r: Ratio) -> String {
    if r.total == 0 { "— (0/0)".to_owned() } else { format!("{:.1}% ({}/{})", r.rate() * 100.0, r.count, r.total) }
}

/// A target in basis points as a percentage: `93%`, `2.5%`.
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

/// Every line of a report, in the order people read them.
pub(super) fn of(r: &Report, t: &Targets) -> Vec<Line> {
    let mut lines = queue_lines(r);
    lines.extend(csi_lines(r, t));
    lines.push(repeat_repairs_line(r.repeat_repairs, t));
    let store = r.advisor.is_none();
    if store {
        lines.extend(desk_lines(r, t));
    }
    lines.push(target_line(
        "callback_notes",
        "回访备注 work orders with a callback note",
        r.callback_notes,
        t.callback_note_bp,
    ));
    lines.extend(value_lines(r, t));
    if store {
        lines.push(target_line(
            "warranty_approval",
            "保修索赔通过率 warranty claims approved",
            r.warranty_approval,
            t.warranty_approval_bp,
        ));
        lines.extend(base_lines(r, t));
    }
    lines
}

/// `¥812.50 per car (customer ¥600.00; 4 cars)`, or `— (0 cars)`.
fn per_car(v: CarValue) -> String {
    match (v.average(), v.customer_average()) {
        (Some(all), Some(customer)) => {
            let cars = if v.cars == 1 { "1 car".to_owned() } else { format!("{} cars", v.cars) };
            format!("{all} per car (customer {customer}; {cars})")
        }
        _ => "— (0 cars)".to_owned(),
    }
}

/// What repairs and insurance repairs were worth per car (产值), against the targets.
fn value_lines(r: &Report, t: &Targets) -> Vec<Line> {
    vec![
        line(
            "repair_value",
            "单车维修产值 repair value per car",
            per_car(r.repair_value),
            format!("≥ {}", t.repair_value),
            report::value_at_least(r.repair_value, t.repair_value),
        ),
        line(
            "insurance_value",
            "保险单车产值 insurance repair value per car",
            per_car(r.insurance_value),
            format!("≥ {}", t.insurance_value),
            report::value_at_least(r.insurance_value, t.insurance_value),
        ),
    ]
}

/// Cars received, arrivals, appointments and no-shows, times per service, the peak hour.
fn queue_lines(r: &Report) -> Vec<Line> {
    let store = r.advisor.is_none();
    // One advisor's visits have no target of their own: the store's is for the store.
    let (cars_goal, cars_standing) = if store {
        (format!("≥ {}", r.cars_target), report::count_at_least(r.cars_received, r.cars_target))
    } else {
        (String::new(), no_target(r.cars_received))
    };
    let share = r.appointment_share;
    let mut lines = vec![
        line("cars_received", "接车台次 cars received", r.cars_received.to_string(), cars_goal, cars_standing),
        line("arrivals", "到店 arrivals", r.arrivals.to_string(), String::new(), no_target(r.arrivals)),
        line("appointment_share", "预约率 appointment share", percent(share), String::new(), no_target(share.total)),
    ];
    if store {
        let no_shows = r.no_shows;
        lines.push(line(
            "no_show_rate",
            "预约爽约率 no-show rate",
            percent(no_shows),
            String::new(),
            no_target(no_shows.total),
        ));
    }
    for s in &r.service_times {
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
    let peak = r.peak_hour.and_then(|h| r.by_hour.iter().find(|(hour, _)| *hour == h));
    let peak = match peak {
        Some((h, n)) => format!("{h:02}:00–{:02}:00 ({n} arrivals)", h + 1),
        None => "—".to_owned(),
    };
    lines.push(line("peak_hour", "高峰时段 peak hour", peak, String::new(), no_target(r.arrivals)));
    lines
}

/// CSI (per advisor too, for the store) and the calls reached without a score.
fn csi_lines(r: &Report, t: &Targets) -> Vec<Line> {
    let mut lines = vec![target_line("csi", "客户满意度 CSI", r.csi, t.csi_bp)];
    // (One advisor's report has their CSI line already.)
    for (id, name, csi) in r.csi_by_advisor.iter().filter(|_| r.advisor.is_none()) {
        lines.push(target_line(&format!("csi.advisor.{id}"), &format!("满意度 CSI · {name}"), *csi, t.csi_bp));
    }
    lines.push(line(
        "calls_without_score",
        "未评分回访 reached without a score",
        r.calls_without_score.to_string(),
        String::new(),
        no_target(r.calls_without_score),
    ));
    lines
}

fn repeat_repairs_line(repeat_repairs: Ratio, t: &Targets) -> Line {
    // A repeat repair with no repair delivered in the range has no rate, but it happened.
    let (repeats, standing) = if repeat_repairs.total == 0 && repeat_repairs.count > 0 {
        (format!("{} repeat(s), none delivered", repeat_repairs.count), Standing::Missed)
    } else {
        (percent(repeat_repairs), report::below(repeat_repairs, t.repeat_repair_bp))
    };
    line("repeat_repairs", "返修率 repeat repairs", repeats, format!("< {}", bp(t.repeat_repair_bp)), standing)
}

/// The follow-up desk's deadlines.
fn desk_lines(r: &Report, t: &Targets) -> [Line; 3] {
    [
        target_line(
            "follow_ups_in_window",
            "按时回访 follow-ups in their window",
            r.follow_ups_in_window,
            t.follow_ups_in_window_bp,
        ),
        target_line(
            "escalations_in_time",
            "投诉按时处理 complaints handled in time",
            r.escalations_in_time,
            t.escalations_in_time_bp,
        ),
        target_line(
            "same_day_notices",
            "当日告知客户 customer told the same day",
            r.same_day_notices,
            t.same_day_notice_bp,
        ),
    ]
}

/// Base and lost customers.
fn base_lines(r: &Report, t: &Targets) -> [Line; 2] {
    [
        line(
            "base_customers",
            "基盘客户 base customers",
            r.base_customers.to_string(),
            format!("≥ {}", t.base_customers),
            report::count_at_least(r.base_customers, t.base_customers),
        ),
        line(
            "lost_customers",
            "流失客户 lost customers",
            r.lost_customers.to_string(),
            String::new(),
            Standing::NoTarget,
        ),
    ]
}
