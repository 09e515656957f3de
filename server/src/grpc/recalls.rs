//! `frontdesk.v1.RecallService`: recall campaigns, their vehicles and their completion.

use frontdesk_proto::v1 as pb;
use frontdesk_proto::v1::recall_service_server::RecallService;
use tonic::{Request, Response, Status};

use super::auth::caller;
use super::convert::timestamp;
use crate::app::App;
use crate::domain::recall::{RecallOutcome, parse_campaign_code, parse_title};
use crate::domain::records::VehicleRecall;
use crate::domain::{ErrorReason, Invalid, Page, Plate, Violation, all_valid, parse_vin};
use crate::grpc::enums::wire_enum;
use crate::grpc::status::Wire;

/// The recall service.
#[derive(Debug, Clone)]
pub struct RecallApi {
    app: App,
}

impl RecallApi {
    /// The service over an app.
    pub fn new(app: App) -> Self {
        Self { app }
    }
}

wire_enum!(RecallOutcome, pb::RecallOutcome, "RECALL_OUTCOME_", recall_outcome, to outcome_wire);

fn outcome(value: i32) -> Result<RecallOutcome, Violation> {
    recall_outcome(value).ok_or_else(|| {
        Invalid::new(ErrorReason::FieldRequired, "DONE_HERE, DONE_ELSEWHERE or NOT_APPLICABLE").at("outcome")
    })
}

fn recall(r: &VehicleRecall) -> pb::VehicleRecall {
    pb::VehicleRecall {
        campaign_code: r.code.clone(),
        title: r.title.clone(),
        vin: r.vin.clone(),
        plate: r.plate.clone(),
        outcome: r.outcome.map_or(0, outcome_wire),
        work_order: r.work_order.clone(),
        closed_by: r.closed_by.clone(),
        close_time: r.closed_at.and_then(timestamp),
    }
}

fn code(text: &str) -> Result<String, Violation> {
    parse_campaign_code(text).map_err(|e| e.at("campaign_code"))
}

fn optional<T>(
    text: &str,
    parse: impl FnOnce(&str) -> Result<T, Invalid>,
    field: &str,
) -> Result<Option<T>, Violation> {
    if text.trim().is_empty() { Ok(None) } else { parse(text).map(Some).map_err(|e| e.at(field)) }
}

fn count(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

#[tonic::async_trait]
impl RecallService for RecallApi {
    async fn import_recall_campaign(
        &self,
        request: Request<pb::ImportRecallCampaignRequest>,
    ) -> Result<Response<pb::ImportRecallCampaignResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.into_inner();
        let (code, title) =
            all_valid((code(&r.campaign_code), parse_title(&r.title).map_err(|e| e.at("title")))).wire()?;
        let done = self.app.import_recall_campaign(&caller, code, title, r.csv).await.wire()?;
        let rejected = done
            .rejected
            .iter()
            .map(|row| pb::RejectedRow {
                line: i64::try_from(row.line).unwrap_or(i64::MAX),
                value: row.value.clone(),
                reason: row.reason.clone(),
            })
            .collect();
        Ok(Response::new(pb::ImportRecallCampaignResponse {
            added: count(done.added),
            already: count(done.already),
            rejected,
        }))
    }

    async fn list_open_recalls(
        &self,
        request: Request<pb::ListOpenRecallsRequest>,
    ) -> Result<Response<pb::ListOpenRecallsResponse>, Status> {
        let r = request.get_ref();
        let (vin, plate, campaign, page) = all_valid((
            optional(&r.vin, parse_vin, "vin"),
            optional(&r.plate, Plate::parse, "plate"),
            optional(&r.campaign_code, parse_campaign_code, "campaign_code"),
            Page::parse(r.page_size, &r.page_token, 100, 1_000).map_err(|(f, e)| e.at(f)),
        ))
        .wire()?;
        let (recalls, next_page_token) = self.app.list_open_recalls(vin, plate, campaign, page).await.wire()?;
        Ok(Response::new(pb::ListOpenRecallsResponse {
            recalls: recalls.iter().map(recall).collect(),
            next_page_token,
        }))
    }

    async fn close_recall(
        &self,
        request: Request<pb::CloseRecallRequest>,
    ) -> Result<Response<pb::CloseRecallResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.into_inner();
        let (code, vin, outcome) =
            all_valid((code(&r.campaign_code), parse_vin(&r.vin).map_err(|e| e.at("vin")), outcome(r.outcome)))
                .wire()?;
        let work_order = r.work_order.trim().to_ascii_uppercase();
        let closed = self.app.close_recall(&caller, (code, vin), outcome, work_order).await.wire()?;
        Ok(Response::new(pb::CloseRecallResponse { recall: Some(recall(&closed)) }))
    }

    async fn get_recall_completion(
        &self,
        request: Request<pb::GetRecallCompletionRequest>,
    ) -> Result<Response<pb::GetRecallCompletionResponse>, Status> {
        let (code,) = all_valid((code(&request.get_ref().campaign_code),)).wire()?;
        let (c, all) = self.app.recall_completion(code.clone()).await.wire()?;
        Ok(Response::new(pb::GetRecallCompletionResponse {
            campaign_code: code,
            vehicles: count(c.vehicles),
            done_here: count(c.done_here),
            done_elsewhere: count(c.done_elsewhere),
            not_applicable: count(c.not_applicable),
            open: count(c.open()),
            done_permille: c.done_permille().map_or(-1, count),
            recalls: all.iter().map(recall).collect(),
        }))
    }
}
