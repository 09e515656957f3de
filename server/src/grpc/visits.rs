//! `frontdesk.v1.VisitService`: repair progress.

use crate::domain::ErrorReason;
use crate::grpc::status::Wire;
use frontdesk_proto::v1 as pb;
use frontdesk_proto::v1::visit_service_server::VisitService;
use tonic::{Request, Response, Status};

use super::auth::caller;
use super::convert::{self, optional_id};
use crate::app::App;
use crate::app::visits::StageUpdate;
use crate::domain::limits::SHORT_TEXT_CHARS;
use crate::domain::records::VisitFilter as Filter;
use crate::domain::{Invalid, Page, Plate, Violation, VisitStage, all_valid, free_text, parse_date};

/// The visit service.
#[derive(Debug, Clone)]
pub struct VisitApi {
    app: App,
}

impl VisitApi {
    /// The service over an app.
    pub fn new(app: App) -> Self {
        Self { app }
    }
}

fn stage(value: i32, field: &str) -> Result<Option<VisitStage>, Violation> {
    use pb::VisitStage as P;
    match P::try_from(value) {
        Ok(P::Unspecified) => Ok(None),
        Ok(P::Received) => Ok(Some(VisitStage::Received)),
        Ok(P::InRepair) => Ok(Some(VisitStage::InRepair)),
        Ok(P::WaitingParts) => Ok(Some(VisitStage::WaitingParts)),
        Ok(P::QualityCheck) => Ok(Some(VisitStage::QualityCheck)),
        Ok(P::Ready) => Ok(Some(VisitStage::Ready)),
        Ok(P::Delivered) => Ok(Some(VisitStage::Delivered)),
        Err(_) => Err(Invalid::new(ErrorReason::FieldInvalid, "unknown stage").at(field)),
    }
}

pub(super) fn work_order(text: &str) -> Result<String, Violation> {
    let wo = text.trim().to_ascii_uppercase();
    let ok = (8..=crate::domain::limits::WORK_ORDER_CHARS).contains(&wo.len())
        && wo.starts_with("WO")
        && wo[2..].chars().all(|c| c.is_ascii_digit() || c == '-');
    if ok {
        Ok(wo)
    } else {
        Err(Invalid::new(ErrorReason::FieldInvalid, "a work order looks like WO20261127-004").at("work_order"))
    }
}

#[tonic::async_trait]
impl VisitService for VisitApi {
    async fn get_visit(&self, request: Request<pb::GetVisitRequest>) -> Result<Response<pb::GetVisitResponse>, Status> {
        let (wo,) = all_valid((work_order(&request.get_ref().work_order),)).wire()?;
        let visit = self.app.visit(wo).await.wire()?;
        Ok(Response::new(pb::GetVisitResponse { visit: Some(convert::visit(&visit)) }))
    }

    async fn list_visits(
        &self,
        request: Request<pb::ListVisitsRequest>,
    ) -> Result<Response<pb::ListVisitsResponse>, Status> {
        let r = request.into_inner();
        let (stage, advisor_id, plate, date, page) = all_valid((
            stage(r.stage, "stage"),
            optional_id("advisor_id", r.advisor_id),
            if r.plate.is_empty() { Ok(None) } else { Plate::parse(&r.plate).map(Some).map_err(|e| e.at("plate")) },
            if r.date.is_empty() { Ok(None) } else { parse_date(&r.date).map(Some).map_err(|e| e.at("date")) },
            Page::parse(r.page_size, &r.page_token, 50, 500).map_err(|(f, e)| e.at(f)),
        ))
        .wire()?;
        let filter = Filter {
            open_only: r.open_only,
            stage,
            advisor_id,
            plate: plate.map(|p| p.as_str().to_owned()),
            date: date.map(|d| d.to_string()),
            customer_id: None,
        };
        let (visits, next_page_token) = self.app.visits(filter, page).await.wire()?;
        Ok(Response::new(pb::ListVisitsResponse {
            visits: visits.iter().map(convert::visit).collect(),
            next_page_token,
        }))
    }

    async fn update_visit_stage(
        &self,
        request: Request<pb::UpdateVisitStageRequest>,
    ) -> Result<Response<pb::UpdateVisitStageResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.into_inner();
        let (wo, to, parts_expected, promised_ready, note) = all_valid((
            work_order(&r.work_order),
            stage(r.stage, "stage")
                .and_then(|s| s.ok_or_else(|| Invalid::new(ErrorReason::FieldRequired, "name the stage").at("stage"))),
            if r.parts_expected_date.is_empty() {
                Ok(None)
            } else {
                parse_date(&r.parts_expected_date).map(Some).map_err(|e| e.at("parts_expected_date"))
            },
            r.promised_ready_time.as_ref().map(|t| convert::instant("promised_ready_time", Some(t))).transpose(),
            free_text(&r.note, SHORT_TEXT_CHARS).map_err(|e| e.at("note")),
        ))
        .wire()?;
        let visit = self
            .app
            .update_stage(&caller, wo, StageUpdate { stage: to, parts_expected, promised_ready, note })
            .await
            .wire()?;
        Ok(Response::new(pb::UpdateVisitStageResponse { visit: Some(convert::visit(&visit)) }))
    }

    async fn deliver_vehicle(
        &self,
        request: Request<pb::DeliverVehicleRequest>,
    ) -> Result<Response<pb::DeliverVehicleResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.into_inner();
        let (wo, note) =
            all_valid((work_order(&r.work_order), free_text(&r.note, SHORT_TEXT_CHARS).map_err(|e| e.at("note"))))
                .wire()?;
        let visit = self.app.deliver(&caller, wo, note).await.wire()?;
        Ok(Response::new(pb::DeliverVehicleResponse { visit: Some(convert::visit(&visit)) }))
    }
}
