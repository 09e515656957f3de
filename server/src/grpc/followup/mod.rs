//! `frontdesk.v1.FollowUpService`: the follow-up desk (跟踪服务).

mod enums;
mod parse;
mod wire;

use crate::domain::limits::{LONG_TEXT_CHARS, SHORT_TEXT_CHARS};
use parse::{audience_of, campaign_kind_of, days, page, required_id, required_text, text};
use wire::{call, campaign, due_vehicle, follow_up, incomplete, letter, lost};

use crate::grpc::status::Wire;
use frontdesk_proto::v1 as pb;
use frontdesk_proto::v1::follow_up_service_server::FollowUpService;
use tonic::{Request, Response, Status};

use super::auth::caller;
use super::convert::{fingerprint, instant, optional_fingerprint, optional_id, timestamp};
use crate::app::App;
use crate::app::desk::{FollowUpQuery, NewCampaign};
use crate::app::followup::outbound::OutboundCall;
use crate::domain::records::Escalation as EscalationRow;
use crate::domain::{Plate, all_valid, parse_date};
use enums::{due_of, kind_of, outcome_of, purpose_of, stage_of, stage_pb, status_of, topics_pb};

/// The method path that fingerprints campaign creation.
const CREATE_CAMPAIGN: &str = "/frontdesk.v1.FollowUpService/CreateCampaign";
const RECORD_CALL: &str = "/frontdesk.v1.FollowUpService/RecordFollowUpCall";
const LOG_INBOUND_CALL: &str = "/frontdesk.v1.FollowUpService/LogInboundCall";
const LOG_OUTBOUND_CALL: &str = "/frontdesk.v1.FollowUpService/LogOutboundCall";
const ESCALATE: &str = "/frontdesk.v1.FollowUpService/EscalateFollowUp";
const LOG_LETTER: &str = "/frontdesk.v1.FollowUpService/LogLetter";

/// The follow-up service.
#[derive(Debug, Clone)]
pub struct FollowUpApi {
    app: App,
}

impl FollowUpApi {
    /// The service over an app.
    pub fn new(app: App) -> Self {
        Self { app }
    }
}

impl FollowUpApi {
    fn today(&self) -> String {
        self.app.settings.schedule.local_date(self.app.now()).to_string()
    }

    fn escalation(&self, e: &EscalationRow) -> pb::Escalation {
        let state = self.app.escalation_state(e);
        let at = |t: chrono::DateTime<chrono::Utc>| timestamp(t.timestamp());
        pb::Escalation {
            escalation_id: e.id,
            customer_id: e.customer_id,
            customer_name: e.customer_name.clone(),
            phone: e.phone.clone(),
            complaint: e.complaint.clone(),
            raise_time: timestamp(e.raised_at),
            due_time: at(state.supervisor_due),
            resolve_time: e.resolved_at.and_then(timestamp),
            solution: e.solution.clone(),
            customer_told_time: e.customer_told_at.and_then(timestamp),
            overdue: state.overdue,
            late_notice: state.late_notice,
            follow_up_id: e.follow_up_id.unwrap_or(0),
            raised_by: e.raised_by.clone(),
            resolved_by: e.resolved_by.clone(),
            stage: stage_pb(state.stage),
            research_due_time: state.research_due.and_then(at),
            report_time: state.reported_at.and_then(at),
            reported_late: state.reported_late,
            reported_by: e.reported_by.clone(),
            report_note: e.report_note.clone(),
        }
    }
}

#[tonic::async_trait]
impl FollowUpService for FollowUpApi {
    async fn list_follow_ups(
        &self,
        request: Request<pb::ListFollowUpsRequest>,
    ) -> Result<Response<pb::ListFollowUpsResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.into_inner();
        let (due, within, kind, status, agent_id, customer_id, page) = all_valid((
            due_of(r.due),
            match r.within_days {
                0 => Ok(None),
                n => days("within_days", n, 0).map(Some),
            },
            kind_of(r.kind),
            status_of(r.status),
            optional_id("agent_id", r.agent_id),
            optional_id("customer_id", r.customer_id),
            page(r.page_size, &r.page_token, 100),
        ))
        .wire()?;
        let query = FollowUpQuery { due, within_days: within, kind, status, agent_id, customer_id };
        let (rows, next_page_token) = self.app.follow_ups(&caller, query, page).await.wire()?;
        let today = self.today();
        Ok(Response::new(pb::ListFollowUpsResponse {
            follow_ups: rows.iter().map(|v| follow_up(v, &today)).collect(),
            next_page_token,
        }))
    }

    async fn get_follow_up(
        &self,
        request: Request<pb::GetFollowUpRequest>,
    ) -> Result<Response<pb::GetFollowUpResponse>, Status> {
        let caller = caller(&request)?;
        let (id,) = all_valid((required_id("follow_up_id", request.get_ref().follow_up_id),)).wire()?;
        let v = self.app.follow_up(&caller, id).await.wire()?;
        Ok(Response::new(pb::GetFollowUpResponse { follow_up: Some(follow_up(&v, &self.today())) }))
    }

    async fn record_follow_up_call(
        &self,
        request: Request<pb::RecordFollowUpCallRequest>,
    ) -> Result<Response<pb::RecordFollowUpCallResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.into_inner();
        let (key, id, input) = parse::call(&r).wire()?;
        let done = self.app.record_call(&caller, id, input, key).await.wire()?;
        let today = self.today();
        Ok(Response::new(pb::RecordFollowUpCallResponse {
            follow_up: Some(follow_up(&done.follow_up, &today)),
            next: done.next.as_ref().map(|v| follow_up(v, &today)),
            escalation: done.escalation.as_ref().map(|e| self.escalation(e)),
            letter: done.letter.as_ref().map(|l| letter(l, &today)),
            too_early: done.too_early,
            repeated_topics: topics_pb(&done.repeated_topics),
        }))
    }

    async fn log_inbound_call(
        &self,
        request: Request<pb::LogInboundCallRequest>,
    ) -> Result<Response<pb::LogInboundCallResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.into_inner();
        let (inbound, retry) = parse::inbound(&r).wire()?;
        let logged = self.app.log_inbound(&caller, inbound, retry).await.wire()?;
        let today = self.today();
        Ok(Response::new(pb::LogInboundCallResponse {
            call: Some(call(&logged.call)),
            escalation: logged.escalation.as_ref().map(|e| self.escalation(e)),
            follow_up: logged.follow_up.as_ref().map(|v| follow_up(v, &today)),
        }))
    }

    async fn log_outbound_call(
        &self,
        request: Request<pb::LogOutboundCallRequest>,
    ) -> Result<Response<pb::LogOutboundCallResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.into_inner();
        let (customer_id, purpose, outcome, note, reason, retry) = all_valid((
            required_id("customer_id", r.customer_id),
            purpose_of(r.purpose),
            outcome_of(r.outcome),
            text("note", &r.note, LONG_TEXT_CHARS),
            text("lost_reason", &r.lost_reason, SHORT_TEXT_CHARS),
            optional_fingerprint(LOG_OUTBOUND_CALL, &r, &r.request_id, |m| m.request_id.clear()),
        ))
        .wire()?;
        let lost_reason = (!reason.is_empty()).then_some(reason);
        let outbound = OutboundCall { customer_id, purpose, outcome, note, lost_reason };
        let (logged, lost_reason) = self.app.outbound_call(&caller, outbound, retry).await.wire()?;
        Ok(Response::new(pb::LogOutboundCallResponse { call: Some(call(&logged)), lost_reason }))
    }

    async fn escalate_follow_up(
        &self,
        request: Request<pb::EscalateFollowUpRequest>,
    ) -> Result<Response<pb::EscalateFollowUpResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.into_inner();
        let (id, complaint, retry) = all_valid((
            required_id("follow_up_id", r.follow_up_id),
            required_text("complaint", &r.complaint, LONG_TEXT_CHARS, "say what the supervisor must solve"),
            optional_fingerprint(ESCALATE, &r, &r.request_id, |m| m.request_id.clear()),
        ))
        .wire()?;
        let e = self.app.escalate(&caller, id, complaint, retry).await.wire()?;
        Ok(Response::new(pb::EscalateFollowUpResponse { escalation: Some(self.escalation(&e)) }))
    }

    async fn resolve_escalation(
        &self,
        request: Request<pb::ResolveEscalationRequest>,
    ) -> Result<Response<pb::ResolveEscalationResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.into_inner();
        let (id, solution, told) = all_valid((
            required_id("escalation_id", r.escalation_id),
            required_text("solution", &r.solution, LONG_TEXT_CHARS, "record the solution"),
            r.customer_told_time.as_ref().map(|t| instant("customer_told_time", Some(t))).transpose(),
        ))
        .wire()?;
        let told = told.or_else(|| r.customer_told_now.then(|| self.app.now()));
        let e = self.app.resolve_escalation(&caller, id, solution, told).await.wire()?;
        Ok(Response::new(pb::ResolveEscalationResponse { escalation: Some(self.escalation(&e)) }))
    }

    async fn report_escalation(
        &self,
        request: Request<pb::ReportEscalationRequest>,
    ) -> Result<Response<pb::ReportEscalationResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.into_inner();
        let (id, note) =
            all_valid((required_id("escalation_id", r.escalation_id), text("note", &r.note, LONG_TEXT_CHARS)))
                .wire()?;
        let e = self.app.report_escalation(&caller, id, note).await.wire()?;
        Ok(Response::new(pb::ReportEscalationResponse { escalation: Some(self.escalation(&e)) }))
    }

    async fn record_customer_notice(
        &self,
        request: Request<pb::RecordCustomerNoticeRequest>,
    ) -> Result<Response<pb::RecordCustomerNoticeResponse>, Status> {
        let r = request.into_inner();
        let (id, told) = all_valid((
            required_id("escalation_id", r.escalation_id),
            r.customer_told_time.as_ref().map(|t| instant("customer_told_time", Some(t))).transpose(),
        ))
        .wire()?;
        let e = self.app.record_notice(id, told).await.wire()?;
        Ok(Response::new(pb::RecordCustomerNoticeResponse { escalation: Some(self.escalation(&e)) }))
    }

    async fn list_escalations(
        &self,
        request: Request<pb::ListEscalationsRequest>,
    ) -> Result<Response<pb::ListEscalationsResponse>, Status> {
        let r = request.into_inner();
        let (page, stage) = all_valid((page(r.page_size, &r.page_token, 100), stage_of(r.stage))).wire()?;
        let (rows, next_page_token) =
            self.app.escalation_list(r.open_only, r.flagged_only, stage, page).await.wire()?;
        Ok(Response::new(pb::ListEscalationsResponse {
            escalations: rows.iter().map(|e| self.escalation(e)).collect(),
            next_page_token,
        }))
    }

    async fn list_letters(
        &self,
        request: Request<pb::ListLettersRequest>,
    ) -> Result<Response<pb::ListLettersResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.into_inner();
        let (page,) = all_valid((page(r.page_size, &r.page_token, 100),)).wire()?;
        let (rows, next_page_token) = self.app.letters_to_send(&caller, r.overdue_only, page).await.wire()?;
        let today = self.today();
        let letters = rows
            .iter()
            .map(|(l, name, phone, address, plate, owner)| pb::LetterToSend {
                letter: Some(letter(l, &today)),
                customer_name: name.clone(),
                phone: phone.clone(),
                address: address.clone(),
                plate: plate.clone(),
                owner_agent_id: owner.unwrap_or(0),
            })
            .collect();
        Ok(Response::new(pb::ListLettersResponse { letters, next_page_token }))
    }

    async fn log_letter(
        &self,
        request: Request<pb::LogLetterRequest>,
    ) -> Result<Response<pb::LogLetterResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.into_inner();
        let (letter_id, plate, content, retry) = all_valid((
            optional_id("letter_id", r.letter_id),
            if r.plate.trim().is_empty() {
                Ok(None)
            } else {
                Plate::parse(&r.plate).map(|p| Some(p.as_str().to_owned())).map_err(|e| e.at("plate"))
            },
            text("content", &r.content, LONG_TEXT_CHARS),
            optional_fingerprint(LOG_LETTER, &r, &r.request_id, |m| m.request_id.clear()),
        ))
        .wire()?;
        let sent = self.app.log_letter(&caller, letter_id, plate, content, retry).await.wire()?;
        Ok(Response::new(pb::LogLetterResponse { letter: Some(letter(&sent, &self.today())) }))
    }

    async fn reassign_follow_ups(
        &self,
        request: Request<pb::ReassignFollowUpsRequest>,
    ) -> Result<Response<pb::ReassignFollowUpsResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.into_inner();
        let (from, to, first, last) = all_valid((
            required_id("from_agent_id", r.from_agent_id),
            required_id("to_agent_id", r.to_agent_id),
            if r.from_date.trim().is_empty() {
                Ok(None)
            } else {
                parse_date(&r.from_date).map(Some).map_err(|e| e.at("from_date"))
            },
            parse_date(&r.until_date).map_err(|e| e.at("until_date")),
        ))
        .wire()?;
        let count = self.app.reassign(&caller, from, to, first, last).await.wire()?;
        Ok(Response::new(pb::ReassignFollowUpsResponse { follow_ups: i32::try_from(count).unwrap_or(i32::MAX) }))
    }

    async fn create_campaign(
        &self,
        request: Request<pb::CreateCampaignRequest>,
    ) -> Result<Response<pb::CreateCampaignResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.into_inner();
        let (fingerprint, name, kind, event_date, audience) = all_valid((
            fingerprint(CREATE_CAMPAIGN, &r, &r.request_id, |m| m.request_id.clear()),
            required_text("name", &r.name, 60, "name the campaign"),
            campaign_kind_of(r.kind),
            parse_date(&r.event_date).map_err(|e| e.at("event_date")),
            audience_of(&r),
        ))
        .wire()?;
        let c = NewCampaign { fingerprint, name, kind: kind.to_owned(), event_date, audience };
        let created = self.app.create_campaign(&caller, c).await.wire()?;
        Ok(Response::new(pb::CreateCampaignResponse { campaign: Some(campaign(&created)) }))
    }

    async fn list_campaigns(
        &self,
        request: Request<pb::ListCampaignsRequest>,
    ) -> Result<Response<pb::ListCampaignsResponse>, Status> {
        let r = request.into_inner();
        let (page,) = all_valid((page(r.page_size, &r.page_token, 50),)).wire()?;
        let (rows, next_page_token) = self.app.campaigns(page).await.wire()?;
        Ok(Response::new(pb::ListCampaignsResponse { campaigns: rows.iter().map(campaign).collect(), next_page_token }))
    }

    async fn list_maintenance_due(
        &self,
        request: Request<pb::ListMaintenanceDueRequest>,
    ) -> Result<Response<pb::ListMaintenanceDueResponse>, Status> {
        let r = request.into_inner();
        let reminder_days = self.app.settings.reminder_days;
        let (within, page) =
            all_valid((days("within_days", r.within_days, reminder_days), page(r.page_size, &r.page_token, 100)))
                .wire()?;
        let (rows, next_page_token) = self.app.maintenance_due(within, page).await.wire()?;
        Ok(Response::new(pb::ListMaintenanceDueResponse {
            vehicles: rows.iter().map(due_vehicle).collect(),
            next_page_token,
        }))
    }

    async fn list_lost_customers(
        &self,
        request: Request<pb::ListLostCustomersRequest>,
    ) -> Result<Response<pb::ListLostCustomersResponse>, Status> {
        let r = request.into_inner();
        let (page,) = all_valid((page(r.page_size, &r.page_token, 100),)).wire()?;
        let found = self.app.lost_customers(r.uncalled_only, page).await.wire()?;
        let reasons = found
            .reasons
            .iter()
            .map(|(reason, n)| pb::LostReasonCount {
                reason: reason.clone(),
                customers: i32::try_from(*n).unwrap_or(i32::MAX),
            })
            .collect();
        Ok(Response::new(pb::ListLostCustomersResponse {
            customers: found.customers.iter().map(lost).collect(),
            next_page_token: found.next_page_token,
            reasons,
        }))
    }

    async fn list_incomplete_files(
        &self,
        request: Request<pb::ListIncompleteFilesRequest>,
    ) -> Result<Response<pb::ListIncompleteFilesResponse>, Status> {
        let r = request.into_inner();
        let (page,) = all_valid((page(r.page_size, &r.page_token, 100),)).wire()?;
        let (rows, next_page_token) = self.app.incomplete_files(page).await.wire()?;
        Ok(Response::new(pb::ListIncompleteFilesResponse {
            files: rows.iter().map(incomplete).collect(),
            next_page_token,
        }))
    }

    async fn export_register(
        &self,
        request: Request<pb::ExportRegisterRequest>,
    ) -> Result<Response<pb::ExportRegisterResponse>, Status> {
        let (register, (from, to), xlsx) = parse::export(&request.into_inner()).wire()?;
        let export = self.app.export(register, from, to, xlsx).await.wire()?;
        Ok(Response::new(pb::ExportRegisterResponse {
            file_name: export.file_name,
            content_type: export.content_type.to_owned(),
            content: export.content,
            rows: i32::try_from(export.rows).unwrap_or(i32::MAX),
        }))
    }
}
