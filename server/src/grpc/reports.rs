//! `frontdesk.v1.ReportService`: the service manager's figures.

use crate::domain::ErrorReason;
use crate::grpc::status::{Wire, status};
use chrono::NaiveDate;
use frontdesk_proto::v1 as pb;
use frontdesk_proto::v1::report_service_server::ReportService;
use tonic::{Request, Response, Status};

use super::auth::caller;
use super::convert::optional_id;
use crate::app::App;
use crate::app::reports::{Rank, Report};
use crate::domain::report::{self, Durations, Ratio, Standing};
use crate::domain::{Error, Invalid, Violation, all_valid, parse_date};

/// The report service.
#[derive(Debug, Clone)]
pub struct ReportApi {
    app: App,
}

impl ReportApi {
    /// The service over an app.
    pub fn new(app: App) -> Self {
        Self { app }
    }

    fn today(&self) -> NaiveDate {
        self.app.settings.schedule.local_date(self.app.now())
    }

    /// A month (`YYYY-MM`, empty for this one) as its first and last day.
    fn month(&self, field: &str, text: &str) -> Result<(NaiveDate, NaiveDate), Violation> {
        if text.trim().is_empty() {
            let today = self.today();
            return Ok((
                today - chrono::Duration::days(i64::from(chrono::Datelike::day(&today)) - 1),
                report::last_of_month(today),
            ));
        }
        report::month_range(text).map_err(|e| e.at(field))
    }

    /// A month, or a range (at most a year: `domain::report::check_period`).
    fn period(&self, month: &str, from: &str, to: &str) -> Result<(NaiveDate, NaiveDate), Error> {
        if from.trim().is_empty() && to.trim().is_empty() {
            let (range,) = all_valid((self.month("month", month),))?;
            return Ok(range);
        }
        if !month.trim().is_empty() {
            return Err(Error::invalid(
                "month",
                Invalid::new(ErrorReason::FieldInvalid, "give a month or a range, not both"),
            ));
        }
        let (from, to) =
            all_valid((parse_date(from).map_err(|e| e.at("from_date")), parse_date(to).map_err(|e| e.at("to_date"))))?;
        report::check_period(from, to).map_err(|e| Error::invalid("to_date", e))
    }
}

fn ratio(r: Ratio) -> Option<pb::Ratio> {
    Some(pb::Ratio {
        count: i32::try_from(r.count).unwrap_or(i32::MAX),
        total: i32::try_from(r.total).unwrap_or(i32::MAX),
        rate: r.rate(),
    })
}

fn durations(d: Durations) -> Option<pb::Durations> {
    Some(pb::Durations {
        count: i32::try_from(d.count).unwrap_or(i32::MAX),
        mean_seconds: d.mean,
        median_seconds: d.median,
        p90_seconds: d.p90,
    })
}

fn state(s: Standing) -> i32 {
    let s = match s {
        Standing::Met => pb::TargetState::Met,
        Standing::Missed => pb::TargetState::Missed,
        Standing::NoTarget => pb::TargetState::NoTarget,
        Standing::NoData => pb::TargetState::NoData,
    };
    s as i32
}

fn int(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn report(r: &Report) -> pb::Report {
    pb::Report {
        from_date: r.from.to_string(),
        to_date: r.to.to_string(),
        days: i32::try_from((r.to - r.from).num_days() + 1).unwrap_or(1),
        cars_received: int(r.cars_received),
        cars_received_target: int(r.cars_target),
        arrivals: int(r.arrivals),
        appointment_share: ratio(r.appointment_share),
        no_shows: ratio(r.no_shows),
        service_times: r
            .service_times
            .iter()
            .map(|s| pb::ServiceTimes {
                service_code: s.service_code.clone(),
                waiting: durations(s.waiting),
                reception: durations(s.reception),
            })
            .collect(),
        arrivals_by_hour: r.by_hour.iter().map(|(h, n)| pb::HourCount { hour: int(*h), arrivals: int(*n) }).collect(),
        peak_hour: r.peak_hour.map_or(-1, int),
        csi: ratio(r.csi),
        csi_by_advisor: r
            .csi_by_advisor
            .iter()
            .map(|(id, name, c)| pb::AdvisorCsi { advisor_id: *id, advisor_name: name.clone(), csi: ratio(*c) })
            .collect(),
        repeat_repairs: ratio(r.repeat_repairs),
        follow_ups_in_window: ratio(r.follow_ups_in_window),
        escalations_in_time: ratio(r.escalations_in_time),
        same_day_notices: ratio(r.same_day_notices),
        callback_notes: ratio(r.callback_notes),
        base_customers: int(r.base_customers),
        base_customers_target: int(r.base_target),
        lost_customers: int(r.lost_customers),
        calls_without_score: int(r.calls_without_score),
        advisor_id: r.advisor.unwrap_or(0),
        lines: r
            .lines
            .iter()
            .map(|l| pb::KpiLine {
                key: l.key.clone(),
                label: l.label.clone(),
                value: l.value.clone(),
                target: l.target.clone(),
                state: state(l.standing),
            })
            .collect(),
    }
}

fn rank(r: &Rank) -> pb::AdvisorRank {
    pb::AdvisorRank {
        rank: int(r.rank),
        advisor_id: r.advisor.0,
        advisor_name: r.advisor.1.clone(),
        visits: int(r.visits),
        csi: ratio(r.csi),
        receptions: int(r.receptions.0),
        mean_reception_seconds: r.receptions.1,
        no_shows: int(r.no_shows),
        previous_month_visits: int(r.previous_visits),
        lowest_visits: r.lowest,
        flagged: r.flagged,
        output_value_fen: r.output.fen(),
        previous_month_output_value_fen: r.previous_output.fen(),
        lowest_output_value: r.lowest_output,
    }
}

#[tonic::async_trait]
impl ReportService for ReportApi {
    async fn get_daily_report(
        &self,
        request: Request<pb::GetDailyReportRequest>,
    ) -> Result<Response<pb::GetDailyReportResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.get_ref();
        let (day, advisor) = all_valid((
            if r.date.trim().is_empty() { Ok(self.today()) } else { parse_date(&r.date).map_err(|e| e.at("date")) },
            optional_id("advisor_id", r.advisor_id),
        ))
        .wire()?;
        let r = self.app.report(&caller, day, day, advisor).await.wire()?;
        Ok(Response::new(pb::GetDailyReportResponse { report: Some(report(&r)) }))
    }

    async fn get_period_report(
        &self,
        request: Request<pb::GetPeriodReportRequest>,
    ) -> Result<Response<pb::GetPeriodReportResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.get_ref();
        let (from, to) = self.period(&r.month, &r.from_date, &r.to_date).wire()?;
        let (advisor,) = all_valid((optional_id("advisor_id", r.advisor_id),)).wire()?;
        let r = self.app.report(&caller, from, to, advisor).await.wire()?;
        Ok(Response::new(pb::GetPeriodReportResponse { report: Some(report(&r)) }))
    }

    async fn get_advisor_ranking(
        &self,
        request: Request<pb::GetAdvisorRankingRequest>,
    ) -> Result<Response<pb::GetAdvisorRankingResponse>, Status> {
        let caller = caller(&request)?;
        let (range,) = all_valid((self.month("month", &request.get_ref().month),)).wire()?;
        let rows = self.app.ranking(&caller, range.0, range.1).await.wire()?;
        Ok(Response::new(pb::GetAdvisorRankingResponse {
            month: range.0.format("%Y-%m").to_string(),
            advisors: rows.iter().map(rank).collect(),
        }))
    }

    async fn export_report(
        &self,
        request: Request<pb::ExportReportRequest>,
    ) -> Result<Response<pb::ExportReportResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.into_inner();
        let xlsx = match pb::ExportFormat::try_from(r.format) {
            Ok(pb::ExportFormat::Csv) => false,
            Ok(pb::ExportFormat::Xlsx) => true,
            Ok(pb::ExportFormat::Unspecified) => {
                return Err(status(Error::invalid("format", Invalid::new(ErrorReason::FieldRequired, "CSV or XLSX"))));
            }
            Err(_) => {
                return Err(status(Error::invalid(
                    "format",
                    Invalid::new(ErrorReason::FieldInvalid, "unknown format"),
                )));
            }
        };
        let (ranking, (from, to)) = match pb::ReportKind::try_from(r.kind) {
            Ok(pb::ReportKind::Report) => (false, self.period(&r.month, &r.from_date, &r.to_date).wire()?),
            Ok(pb::ReportKind::Ranking) => (true, all_valid((self.month("month", &r.month),)).wire()?.0),
            Ok(pb::ReportKind::Unspecified) => {
                return Err(status(Error::invalid(
                    "kind",
                    Invalid::new(ErrorReason::FieldRequired, "REPORT or RANKING"),
                )));
            }
            Err(_) => {
                return Err(status(Error::invalid("kind", Invalid::new(ErrorReason::FieldInvalid, "unknown kind"))));
            }
        };
        let (advisor,) = all_valid((optional_id("advisor_id", r.advisor_id),)).wire()?;
        let export = self.app.export_report(&caller, ranking, (from, to), advisor, xlsx).await.wire()?;
        Ok(Response::new(pb::ExportReportResponse {
            file_name: export.file_name,
            content_type: export.content_type.to_owned(),
            content: export.content,
            rows: i32::try_from(export.rows).unwrap_or(i32::MAX),
        }))
    }
}
