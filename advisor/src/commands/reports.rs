//! The service manager's figures: `report today|day|month|range` and `ranking`.

use frontdesk_proto::client::Connection;
use frontdesk_proto::v1 as pb;
use serde_json::{Value, json};

use crate::cli::ReportCommand;
use crate::output;
use crate::{Ctx, Failure};

fn mark(state: i32) -> &'static str {
    match pb::TargetState::try_from(state) {
        Ok(pb::TargetState::Met) => "✓",
        Ok(pb::TargetState::Missed) => "✗",
        _ => "",
    }
}

fn state_name(state: i32) -> &'static str {
    match pb::TargetState::try_from(state) {
        Ok(pb::TargetState::Met) => "met",
        Ok(pb::TargetState::Missed) => "missed",
        Ok(pb::TargetState::NoTarget) => "no target",
        Ok(pb::TargetState::NoData) => "no data",
        _ => "",
    }
}

fn ratio_json(r: Option<&pb::Ratio>) -> Value {
    r.map_or(Value::Null, |r| json!({ "count": r.count, "total": r.total, "rate": r.rate }))
}

fn durations_json(d: Option<&pb::Durations>) -> Value {
    d.map_or(Value::Null, |d| {
        json!({
            "count": d.count,
            "mean_seconds": d.mean_seconds,
            "median_seconds": d.median_seconds,
            "p90_seconds": d.p90_seconds,
        })
    })
}

fn report_json(r: &pb::Report) -> Value {
    json!({
        "from_date": r.from_date,
        "to_date": r.to_date,
        "days": r.days,
        "cars_received": r.cars_received,
        "cars_received_target": r.cars_received_target,
        "arrivals": r.arrivals,
        "appointment_share": ratio_json(r.appointment_share.as_ref()),
        "no_shows": ratio_json(r.no_shows.as_ref()),
        "service_times": r.service_times.iter().map(|s| json!({
            "service_code": s.service_code,
            "waiting": durations_json(s.waiting.as_ref()),
            "reception": durations_json(s.reception.as_ref()),
        })).collect::<Vec<_>>(),
        "arrivals_by_hour": r.arrivals_by_hour.iter().map(|h| json!({ "hour": h.hour, "arrivals": h.arrivals })).collect::<Vec<_>>(),
        "peak_hour": r.peak_hour,
        "csi": ratio_json(r.csi.as_ref()),
        "csi_by_advisor": r.csi_by_advisor.iter().map(|a| json!({
            "advisor_id": a.advisor_id,
            "advisor_name": a.advisor_name,
            "csi": ratio_json(a.csi.as_ref()),
        })).collect::<Vec<_>>(),
        "repeat_repairs": ratio_json(r.repeat_repairs.as_ref()),
        "follow_ups_in_window": ratio_json(r.follow_ups_in_window.as_ref()),
        "escalations_in_time": ratio_json(r.escalations_in_time.as_ref()),
        "same_day_notices": ratio_json(r.same_day_notices.as_ref()),
        "callback_notes": ratio_json(r.callback_notes.as_ref()),
        "base_customers": r.base_customers,
        "base_customers_target": r.base_customers_target,
        "lost_customers": r.lost_customers,
        "calls_without_score": r.calls_without_score,
        "advisor_id": r.advisor_id,
        "lines": r.lines.iter().map(|l| json!({
            "key": l.key,
            "label": l.label,
            "value": l.value,
            "target": l.target,
            "state": state_name(l.state),
        })).collect::<Vec<_>>(),
    })
}

/// `advisor report …`.
pub async fn report(ctx: &Ctx, conn: &Connection, which: ReportCommand, advisor: Option<i64>) -> Result<(), Failure> {
    let mut reports = conn.reports();
    let advisor_id = advisor.unwrap_or(0);
    let report = match which {
        ReportCommand::Today => {
            let request = pb::GetDailyReportRequest { date: String::new(), advisor_id };
            reports.get_daily_report(request).await?.into_inner().report
        }
        ReportCommand::Day { date } => {
            reports.get_daily_report(pb::GetDailyReportRequest { date, advisor_id }).await?.into_inner().report
        }
        ReportCommand::Month { month } => {
            let request =
                pb::GetPeriodReportRequest { month: month.unwrap_or_default(), advisor_id, ..Default::default() };
            reports.get_period_report(request).await?.into_inner().report
        }
        ReportCommand::Range { from, to } => {
            let request = pb::GetPeriodReportRequest { from_date: from, to_date: to, advisor_id, ..Default::default() };
            reports.get_period_report(request).await?.into_inner().report
        }
    };
    let r = report.ok_or_else(|| Failure::Setup("the server sent no report".into()))?;
    if !ctx.json {
        let span =
            if r.from_date == r.to_date { r.from_date.clone() } else { format!("{} – {}", r.from_date, r.to_date) };
        let whose = r.csi_by_advisor.first().filter(|_| r.advisor_id != 0).map_or_else(
            || if r.advisor_id != 0 { format!(" · advisor {}", r.advisor_id) } else { String::new() },
            |a| format!(" · {}", a.advisor_name),
        );
        crate::say!("服务报表 service report · {span}{whose}");
    }
    let rows = r
        .lines
        .iter()
        .map(|l| vec![l.label.clone(), l.value.clone(), l.target.clone(), mark(l.state).to_owned()])
        .collect();
    output::print(ctx.json, report_json(&r), &["figure", "value", "target", ""], rows);
    Ok(())
}

fn percent(r: Option<&pb::Ratio>) -> String {
    match r {
        Some(r) if r.total > 0 => format!("{:.1}% ({}/{})", r.rate * 100.0, r.count, r.total),
        _ => "—".to_owned(),
    }
}

/// `advisor ranking`.
pub async fn ranking(ctx: &Ctx, conn: &Connection, month: Option<String>) -> Result<(), Failure> {
    let request = pb::GetAdvisorRankingRequest { month: month.unwrap_or_default() };
    let ranked = conn.reports().get_advisor_ranking(request).await?.into_inner();
    let value = json!({
        "month": ranked.month,
        "advisors": ranked.advisors.iter().map(|a| json!({
            "rank": a.rank,
            "advisor_id": a.advisor_id,
            "advisor_name": a.advisor_name,
            "visits": a.visits,
            "csi": ratio_json(a.csi.as_ref()),
            "receptions": a.receptions,
            "mean_reception_seconds": a.mean_reception_seconds,
            "no_shows": a.no_shows,
            "previous_month_visits": a.previous_month_visits,
            "lowest_visits": a.lowest_visits,
            "output_value_fen": a.output_value_fen,
            "previous_month_output_value_fen": a.previous_month_output_value_fen,
            "lowest_output_value": a.lowest_output_value,
            "flagged": a.flagged,
        })).collect::<Vec<_>>(),
    });
    if !ctx.json {
        crate::say!("服务顾问排名 advisor ranking · {}", ranked.month);
    }
    let rows = ranked
        .advisors
        .iter()
        .map(|a| {
            let flag = if a.flagged {
                "lowest output two months running"
            } else if a.lowest_output_value {
                "lowest output this month"
            } else {
                ""
            };
            vec![
                a.rank.to_string(),
                a.advisor_name.clone(),
                frontdesk_domain::workorder::Fen(a.output_value_fen).to_string(),
                a.visits.to_string(),
                percent(a.csi.as_ref()),
                if a.receptions > 0 {
                    format!("{}:{:02}", a.mean_reception_seconds / 60, a.mean_reception_seconds % 60)
                } else {
                    "—".to_owned()
                },
                a.no_shows.to_string(),
                a.previous_month_visits.to_string(),
                flag.to_owned(),
            ]
        })
        .collect();
    let header = ["rank", "advisor", "output value", "cars", "CSI", "mean reception", "no-shows", "last month", ""];
    output::print(ctx.json, value, &header, rows);
    Ok(())
}
