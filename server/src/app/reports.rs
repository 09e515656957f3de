//! The service manager's figures, computed from recorded events for a range of store
//! days: cars received, arrivals, no-shows, waiting and reception times, peak hours,
//! CSI, repeat repairs, follow-up discipline, base and lost customers, and the monthly
//! advisor ranking. Nothing here is stored; every figure is counted when asked: the
//! figures in `figures`, the lines people read in `lines`, the ranking in
//! `ranking`.

mod figures;
mod lines;
mod ranking;
mod values;

use chrono::NaiveDate;

use super::App;
use super::sheet::{Cell, Export, encode};
use crate::domain::report::{Durations, Ratio, Standing};
use crate::domain::{Caller, Error, Result, Role};
pub use lines::clock;
use lines::percent;

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
    /// Repairs handed back and what they were worth.
    pub repair_value: crate::domain::report::CarValue,
    /// Insurance repairs handed back and what they were worth.
    pub insurance_value: crate::domain::report::CarValue,
    /// Warranty claims approved over those decided (the whole store only).
    pub warranty_approval: Ratio,
    /// Every figure as a line.
    pub lines: Vec<Line>,
}

/// One advisor's month.
#[derive(Debug, Clone, PartialEq)]
pub struct Rank {
    /// Rank by output value (产值), then visits.
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
    /// What the cars they handed back this month were worth, every payer.
    pub output: crate::domain::workorder::Fen,
    /// The same the month before.
    pub previous_output: crate::domain::workorder::Fen,
    /// Lowest by visits this month.
    pub lowest: bool,
    /// Lowest by output value this month.
    pub lowest_output: bool,
    /// Lowest by output value two months running (the seed moves them to assistant).
    pub flagged: bool,
}

/// CSI per advisor: id, name and their calls.
type AdvisorCsi = Vec<(i64, String, Ratio)>;

fn mark(s: Standing) -> &'static str {
    match s {
        Standing::Met => "✓",
        Standing::Missed => "✗",
        Standing::NoTarget | Standing::NoData => "—",
    }
}

const RANKING_HEADERS: [&str; 9] =
    ["名次", "服务顾问", "产值", "接车台次", "满意度", "平均接待时长(分钟)", "爽约", "上月接车台次", "预警"];

/// The ranking as a sheet's rows.
fn ranking_rows(rows: &[Rank]) -> Vec<Vec<Cell>> {
    rows.iter()
        .map(|r| {
            let warning = if r.flagged {
                "产值连续两月最低"
            } else if r.lowest_output {
                "产值本月最低"
            } else {
                ""
            };
            vec![
                Cell::Number(f64::from(r.rank)),
                Cell::Text(r.advisor.1.clone()),
                Cell::Text(r.output.to_string()),
                Cell::Number(f64::from(r.visits)),
                Cell::Text(percent(r.csi)),
                Cell::Number(r.receptions.1 as f64 / 60.0),
                Cell::Number(f64::from(r.no_shows)),
                Cell::Number(f64::from(r.previous_visits)),
                Cell::Text(warning.into()),
            ]
        })
        .collect()
}

/// A report's lines as a sheet's rows.
fn report_rows(report: &Report) -> Vec<Vec<Cell>> {
    report
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
        .collect()
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
                return Err(Error::refused(
                    crate::domain::ErrorReason::RoleNotAllowed,
                    "an advisor reads their own figures only",
                ));
            }
            (Role::Advisor, _) => caller.advisor_id,
            (_, asked) => asked,
        };
        let (settings, now) = (self.settings.clone(), self.now());
        self.store.read(move |conn| figures::compute(conn, &settings, (from, to), advisor, now)).await
    }

    /// The advisor ranking of the month `from`..`to`; an advisor sees their own row.
    pub async fn ranking(&self, caller: &Caller, from: NaiveDate, to: NaiveDate) -> Result<Vec<Rank>> {
        let settings = self.settings.clone();
        let mut rows = self.store.read(move |conn| ranking::ranking(conn, &settings, from, to)).await?;
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
        let (title, headers, rows) = if ranking_of {
            let month = from.format("%Y-%m").to_string();
            (
                format!("服务顾问排名_{month}"),
                RANKING_HEADERS.to_vec(),
                ranking_rows(&self.ranking(caller, from, to).await?),
            )
        } else {
            let report = self.report(caller, from, to, advisor).await?;
            (format!("服务报表_{from}_{to}"), vec!["指标", "数值", "目标", "达标"], report_rows(&report))
        };
        let sheet = title.split('_').next().unwrap_or("report").to_owned();
        let (content, content_type, ext) = encode(&sheet, &headers, &rows, xlsx)?;
        Ok(Export { file_name: format!("{title}.{ext}"), content_type, content, rows: rows.len() })
    }
}
