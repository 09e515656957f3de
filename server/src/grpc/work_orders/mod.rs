//! `frontdesk.v1.WorkOrderService`: the reception sheet and the estimate.

mod wire;

use frontdesk_proto::v1 as pb;
use frontdesk_proto::v1::work_order_service_server::WorkOrderService;
use tonic::{Request, Response, Status};

use super::auth::caller;
use super::convert::{self, fingerprint};
use super::visits::work_order;
use crate::app::App;
use crate::app::parts::{NewPartOrder, PartsView};
use crate::app::settlements::NewPayment;
use crate::app::work_orders::{Answer, Proposal};
use crate::domain::limits::SHORT_TEXT_CHARS;
use crate::domain::workorder::{self, ApprovalMethod, ClaimDecision, Consent, MOST_LINES, parse_lines};
use crate::domain::{
    Error, ErrorReason, Invalid, Page, Violation, all_valid, both, free_text, parse_date, required_text,
};
use crate::grpc::status::Wire;

/// The work-order service.
#[derive(Debug, Clone)]
pub struct WorkOrderApi {
    app: App,
}

impl WorkOrderApi {
    /// The service over an app.
    pub fn new(app: App) -> Self {
        Self { app }
    }

    fn today(&self) -> chrono::NaiveDate {
        self.app.settings.schedule.local_date(self.app.now())
    }
}

fn part_orders(r: &pb::OrderPartsRequest) -> Result<Vec<NewPartOrder>, Violation> {
    if r.orders.is_empty() || r.orders.len() > MOST_LINES {
        let why = format!("order 1 to {MOST_LINES} lines");
        return Err(Invalid::new(ErrorReason::FieldRequired, why).at("orders"));
    }
    r.orders
        .iter()
        .map(|o| {
            let supplier = required_text(&o.supplier, SHORT_TEXT_CHARS, "name the supplier")
                .map_err(|e| e.at("orders.supplier"))?;
            let expected = parse_date(&o.expected_date).map_err(|e| e.at("orders.expected_date"))?;
            Ok(NewPartOrder { line_id: o.line_id, supplier, expected })
        })
        .collect()
}

fn claim_decision(r: &pb::DecideWarrantyClaimRequest) -> crate::domain::Result<ClaimDecision> {
    match pb::ClaimDecision::try_from(r.decision) {
        Ok(pb::ClaimDecision::Approve) if r.approved_fen >= 0 => {
            Ok(ClaimDecision::Approved(workorder::Fen(r.approved_fen)))
        }
        Ok(pb::ClaimDecision::Reject) => ClaimDecision::rejected(&r.reason),
        Ok(pb::ClaimDecision::Paid) => Ok(ClaimDecision::Paid),
        Ok(pb::ClaimDecision::Approve) => {
            Err(Error::invalid("approved_fen", Invalid::new(ErrorReason::FieldInvalid, "an amount in fen from 0")))
        }
        _ => Err(Error::invalid("decision", Invalid::new(ErrorReason::FieldRequired, "APPROVE, REJECT or PAID"))),
    }
}

fn parts_view(value: i32) -> Result<PartsView, Violation> {
    match pb::PartOrdersView::try_from(value) {
        Ok(pb::PartOrdersView::Unspecified | pb::PartOrdersView::Unsettled) => Ok(PartsView::Unsettled),
        Ok(pb::PartOrdersView::Open) => Ok(PartsView::Open),
        Ok(pb::PartOrdersView::Overdue) => Ok(PartsView::Overdue),
        Ok(pb::PartOrdersView::ArrivedNotFitted) => Ok(PartsView::ArrivedNotFitted),
        Err(_) => Err(Invalid::new(ErrorReason::FieldInvalid, "an unknown view").at("view")),
    }
}

fn version(value: i32) -> Result<u32, Violation> {
    match u32::try_from(value) {
        Ok(0) => Err(Invalid::new(ErrorReason::FieldRequired, "name the estimate version").at("version")),
        Ok(v) => Ok(v),
        Err(_) => Err(Invalid::new(ErrorReason::FieldInvalid, "versions count from 1").at("version")),
    }
}

fn line_ids(ids: &[i64], field: &str, at_least: usize) -> Result<Vec<i64>, Violation> {
    if ids.len() < at_least {
        return Err(Invalid::new(ErrorReason::FieldRequired, "name a line").at(field));
    }
    if ids.len() > MOST_LINES || ids.iter().any(|id| *id <= 0) {
        return Err(Invalid::new(ErrorReason::FieldInvalid, format!("1 to {MOST_LINES} positive line ids")).at(field));
    }
    Ok(ids.to_vec())
}

/// How the customer said yes, as the request gives it.
fn consent(r: &pb::ApproveEstimateRequest, now: chrono::DateTime<chrono::Utc>) -> crate::domain::Result<Consent> {
    let invalid = |why: &str| Err(Error::invalid("method", Invalid::new(ErrorReason::FieldInvalid, why.to_owned())));
    match wire::method(r.method) {
        None => Err(Error::invalid("method", Invalid::new(ErrorReason::FieldRequired, "SIGNATURE or PHONE"))),
        Some(ApprovalMethod::Link) => invalid("an approval by link comes from the customer's own page"),
        Some(ApprovalMethod::Signature) => wire::signature(r.signature.as_ref(), "signature")
            .map(Consent::Signature)
            .map_err(|v| Error::Invalid(vec![v])),
        Some(ApprovalMethod::Phone) => {
            let called_at = convert::instant("call_time", r.call_time.as_ref()).map_err(|v| Error::Invalid(vec![v]))?;
            Consent::phone(&r.called_by, called_at, &r.customer_words, now).map_err(Error::Invalid)
        }
    }
}

fn answer(
    r: &pb::ApproveEstimateRequest,
    now: chrono::DateTime<chrono::Utc>,
) -> crate::domain::Result<(String, Answer)> {
    let hash = if r.content_hash.trim().is_empty() {
        Err(Invalid::new(ErrorReason::FieldRequired, "send the content hash the customer saw").at("content_hash"))
    } else {
        Ok(r.content_hash.trim().to_owned())
    };
    let fields = all_valid((
        work_order(&r.work_order),
        version(r.version),
        hash,
        line_ids(&r.declined_line_ids, "declined_line_ids", 0),
    ));
    let ((wo, version, shown_hash, declined), consent) = both(fields, consent(r, now))?;
    Ok((wo, Answer { version, shown_hash, consent, declined }))
}

fn new_payment(r: &pb::RecordPaymentRequest) -> Result<NewPayment, Violation> {
    let method = wire::payment_method(r.method)
        .ok_or_else(|| Invalid::new(ErrorReason::FieldRequired, "say how it was paid").at("method"))?;
    if !(1..=workorder::MOST_FEN * 10).contains(&r.amount_fen) {
        return Err(Invalid::new(ErrorReason::FieldInvalid, "a payment is above 0 fen").at("amount_fen"));
    }
    let reference = free_text(&r.reference, 64).map_err(|e| e.at("reference"))?;
    Ok(NewPayment { method, amount: workorder::Fen(r.amount_fen), reference })
}

#[tonic::async_trait]
impl WorkOrderService for WorkOrderApi {
    async fn record_inspection(
        &self,
        request: Request<pb::RecordInspectionRequest>,
    ) -> Result<Response<pb::RecordInspectionResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.into_inner();
        let (wo, sheet) =
            both(all_valid((work_order(&r.work_order),)).map(|(w,)| w), wire::inspection(r.inspection.as_ref()))
                .wire()?;
        let done = self.app.record_inspection(&caller, wo, sheet).await.wire()?;
        Ok(Response::new(pb::RecordInspectionResponse { work_order: Some(wire::work_order(&done, self.today())) }))
    }

    async fn get_work_order(
        &self,
        request: Request<pb::GetWorkOrderRequest>,
    ) -> Result<Response<pb::GetWorkOrderResponse>, Status> {
        let (wo,) = all_valid((work_order(&request.get_ref().work_order),)).wire()?;
        let found = self.app.work_order(wo).await.wire()?;
        Ok(Response::new(pb::GetWorkOrderResponse { work_order: Some(wire::work_order(&found, self.today())) }))
    }

    async fn propose_estimate(
        &self,
        request: Request<pb::ProposeEstimateRequest>,
    ) -> Result<Response<pb::ProposeEstimateResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.into_inner();
        let method = "/frontdesk.v1.WorkOrderService/ProposeEstimate";
        let fields = all_valid((
            fingerprint(method, &r, &r.request_id, |r| r.request_id.clear()),
            work_order(&r.work_order),
            free_text(&r.insurer, SHORT_TEXT_CHARS).map_err(|e| e.at("insurer")),
            free_text(&r.claim_number, 64).map_err(|e| e.at("claim_number")),
        ));
        let inputs: Vec<_> = r.lines.iter().take(MOST_LINES + 1).map(wire::line_input).collect();
        let ((key, wo, insurer, claim_number), lines) = both(fields, parse_lines(&inputs)).wire()?;
        let proposal = Proposal { lines, insurer, claim_number };
        let (done, version) = self.app.propose_estimate(&caller, wo, proposal, key).await.wire()?;
        let version = i32::try_from(version).unwrap_or(i32::MAX);
        Ok(Response::new(pb::ProposeEstimateResponse {
            work_order: Some(wire::work_order(&done, self.today())),
            version,
        }))
    }

    async fn approve_estimate(
        &self,
        request: Request<pb::ApproveEstimateRequest>,
    ) -> Result<Response<pb::ApproveEstimateResponse>, Status> {
        let caller = caller(&request)?;
        let (wo, answer) = answer(request.get_ref(), self.app.now()).wire()?;
        let done = self.app.approve_estimate(&caller, wo, answer).await.wire()?;
        Ok(Response::new(pb::ApproveEstimateResponse { work_order: Some(wire::work_order(&done, self.today())) }))
    }

    async fn mark_lines_done(
        &self,
        request: Request<pb::MarkLinesDoneRequest>,
    ) -> Result<Response<pb::MarkLinesDoneResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.into_inner();
        let (wo, ids) = all_valid((work_order(&r.work_order), line_ids(&r.line_ids, "line_ids", 1))).wire()?;
        let done = self.app.mark_lines_done(&caller, wo, ids).await.wire()?;
        Ok(Response::new(pb::MarkLinesDoneResponse { work_order: Some(wire::work_order(&done, self.today())) }))
    }

    async fn settle(&self, request: Request<pb::SettleRequest>) -> Result<Response<pb::SettleResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.get_ref();
        let (wo, terms) = both(all_valid((work_order(&r.work_order),)).map(|(w,)| w), wire::terms(r)).wire()?;
        let done = self.app.settle(&caller, wo, terms).await.wire()?;
        Ok(Response::new(pb::SettleResponse { work_order: Some(wire::work_order(&done, self.today())) }))
    }

    async fn approve_discount(
        &self,
        request: Request<pb::ApproveDiscountRequest>,
    ) -> Result<Response<pb::ApproveDiscountResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.get_ref();
        let (wo, note) =
            all_valid((work_order(&r.work_order), free_text(&r.note, SHORT_TEXT_CHARS).map_err(|e| e.at("note"))))
                .wire()?;
        let done = self.app.approve_discount(&caller, wo, note).await.wire()?;
        Ok(Response::new(pb::ApproveDiscountResponse { work_order: Some(wire::work_order(&done, self.today())) }))
    }

    async fn record_payment(
        &self,
        request: Request<pb::RecordPaymentRequest>,
    ) -> Result<Response<pb::RecordPaymentResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.into_inner();
        let (key, wo, payment) = all_valid((
            fingerprint("/frontdesk.v1.WorkOrderService/RecordPayment", &r, &r.request_id, |r| r.request_id.clear()),
            work_order(&r.work_order),
            new_payment(&r),
        ))
        .wire()?;
        let done = self.app.record_payment(&caller, wo, payment, key).await.wire()?;
        Ok(Response::new(pb::RecordPaymentResponse { work_order: Some(wire::work_order(&done, self.today())) }))
    }

    async fn order_parts(
        &self,
        request: Request<pb::OrderPartsRequest>,
    ) -> Result<Response<pb::OrderPartsResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.into_inner();
        let (key, wo, orders) = all_valid((
            fingerprint("/frontdesk.v1.WorkOrderService/OrderParts", &r, &r.request_id, |r| r.request_id.clear()),
            work_order(&r.work_order),
            part_orders(&r),
        ))
        .wire()?;
        let done = self.app.order_parts(&caller, wo, orders, key).await.wire()?;
        Ok(Response::new(pb::OrderPartsResponse { work_order: Some(wire::work_order(&done, self.today())) }))
    }

    async fn record_parts_arrival(
        &self,
        request: Request<pb::RecordPartsArrivalRequest>,
    ) -> Result<Response<pb::RecordPartsArrivalResponse>, Status> {
        let caller = caller(&request)?;
        let (ids,) = all_valid((line_ids(&request.get_ref().part_order_ids, "part_order_ids", 1),)).wire()?;
        let arrived = self.app.record_parts_arrival(&caller, ids).await.wire()?;
        let today = self.today();
        let part_orders = arrived.iter().map(|o| wire::part_order(o, today)).collect();
        Ok(Response::new(pb::RecordPartsArrivalResponse { part_orders }))
    }

    async fn list_part_orders(
        &self,
        request: Request<pb::ListPartOrdersRequest>,
    ) -> Result<Response<pb::ListPartOrdersResponse>, Status> {
        let r = request.get_ref();
        let (view, page) = all_valid((
            parts_view(r.view),
            Page::parse(r.page_size, &r.page_token, 100, 500).map_err(|(f, e)| e.at(f)),
        ))
        .wire()?;
        let (orders, next_page_token) = self.app.part_orders(view, page).await.wire()?;
        let today = self.today();
        let part_orders = orders.iter().map(|o| wire::part_order(o, today)).collect();
        Ok(Response::new(pb::ListPartOrdersResponse { part_orders, next_page_token }))
    }

    async fn submit_warranty_claim(
        &self,
        request: Request<pb::SubmitWarrantyClaimRequest>,
    ) -> Result<Response<pb::SubmitWarrantyClaimResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.into_inner();
        let (key, wo, note) = all_valid((
            fingerprint("/frontdesk.v1.WorkOrderService/SubmitWarrantyClaim", &r, &r.request_id, |r| {
                r.request_id.clear();
            }),
            work_order(&r.work_order),
            free_text(&r.note, SHORT_TEXT_CHARS).map_err(|e| e.at("note")),
        ))
        .wire()?;
        let done = self.app.submit_warranty_claim(&caller, wo, note, key).await.wire()?;
        Ok(Response::new(pb::SubmitWarrantyClaimResponse { work_order: Some(wire::work_order(&done, self.today())) }))
    }

    async fn decide_warranty_claim(
        &self,
        request: Request<pb::DecideWarrantyClaimRequest>,
    ) -> Result<Response<pb::DecideWarrantyClaimResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.get_ref();
        let decision = claim_decision(r).wire()?;
        let claim = self.app.decide_warranty_claim(&caller, r.claim_id, decision).await.wire()?;
        Ok(Response::new(pb::DecideWarrantyClaimResponse { warranty_claim: Some(wire::warranty_claim(&claim)) }))
    }
}
