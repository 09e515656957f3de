//! `frontdesk.v1.FollowUpService`: the follow-up desk (跟踪服务).

mod enums;

use crate::domain::ErrorReason;
use crate::grpc::status::{Wire, status};
use frontdesk_proto::v1 as pb;
use frontdesk_proto::v1::follow_up_service_server::FollowUpService;
use tonic::{Request, Response, Status};

use super::auth::caller;
use super::convert::{fingerprint, instant, optional_fingerprint, optional_id, timestamp, visit_flags};
use crate::app::App;
use crate::app::customers::CustomerKey;
use crate::app::desk::{Audience, DueVehicle, FollowUpQuery, Incomplete, Lost, NewCampaign};
use crate::app::followup::outbound::OutboundCall;
use crate::app::followup::{CallInput, FollowUpView, InboundCall};
use crate::app::registers::Register;
use crate::domain::followup;
use crate::domain::{Invalid, Page, Phone, Plate, Violation, all_valid, free_text, parse_date};
use crate::store::calls::CallRow;
use crate::store::campaigns::CampaignRow;
use crate::store::escalations::EscalationRow;
use crate::store::letters::LetterRow;
use enums::{
    due_of, due_pb, kind_of, kind_pb, outcome_of, outcome_pb, purpose_of, purpose_pb, stage_of, stage_pb, status_of,
    status_pb, topics_of, topics_pb,
};

/// The method path that fingerprints campaign creation.
const CREATE_CAMPAIGN: &str = "/frontdesk.v1.FollowUpService/CreateCampaign";
const RECORD_CALL: &str = "/frontdesk.v1.FollowUpService/RecordFollowUpCall";
const LOG_INBOUND_CALL: &str = "/frontdesk.v1.FollowUpService/LogInboundCall";
const LOG_OUTBOUND_CALL: &str = "/frontdesk.v1.FollowUpService/LogOutboundCall";
const ESCALATE: &str = "/frontdesk.v1.FollowUpService/EscalateFollowUp";
const LOG_LETTER: &str = "/frontdesk.v1.FollowUpService/LogLetter";
/// The longest free text a call, letter or escalation keeps.
const TEXT_MAX: usize = 500;
/// The longest reason a lost customer's file keeps.
const LOST_REASON_MAX: usize = 200;

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

pub(super) fn unknown(field: &str, what: &str) -> Violation {
    Invalid::new(ErrorReason::FieldInvalid, format!("unknown {what}")).at(field)
}

fn required_id(field: &str, id: i64) -> Result<i64, Violation> {
    match optional_id(field, id)? {
        Some(id) => Ok(id),
        None => Err(Invalid::new(ErrorReason::FieldRequired, "set the id").at(field)),
    }
}

fn text(field: &str, value: &str, max: usize) -> Result<String, Violation> {
    free_text(value, max).map_err(|e| e.at(field))
}

fn required_text(field: &str, value: &str, max: usize, missing: &str) -> Result<String, Violation> {
    match text(field, value, max)? {
        t if t.is_empty() => Err(Invalid::new(ErrorReason::FieldRequired, missing).at(field)),
        t => Ok(t),
    }
}

fn call(c: &CallRow) -> pb::FollowUpCall {
    pb::FollowUpCall {
        call_id: c.id,
        call_time: timestamp(c.at),
        inbound: c.inbound,
        outcome: outcome_pb(c.outcome),
        satisfaction: c.satisfaction.map_or(0, i32::from),
        topics: topics_pb(&c.topics),
        requests: c.requests.clone(),
        complaints: c.complaints.clone(),
        answered_on_call: c.answered_on_call,
        note: c.note.clone(),
        agent: c.agent.clone(),
        inbound_kind: c.inbound_kind.clone().unwrap_or_default(),
        too_early: c.too_early,
        new_content: c.new_content.clone(),
        purpose: purpose_pb(c.purpose),
        lost_reason: c.lost_reason.clone(),
    }
}

fn letter(l: &LetterRow, today: &str) -> pb::Letter {
    let overdue = match &l.sent_date {
        Some(sent) => sent.as_str() > l.due_date.as_str(),
        None => today > l.due_date.as_str(),
    };
    pb::Letter {
        letter_id: l.id,
        customer_id: l.customer_id,
        reason: l.reason.clone(),
        due_date: l.due_date.clone(),
        sent_date: l.sent_date.clone().unwrap_or_default(),
        content: l.content.clone(),
        sent_by: l.sent_by.clone(),
        follow_up_id: l.follow_up_id.unwrap_or(0),
        campaign_id: l.campaign_id.unwrap_or(0),
        overdue,
    }
}

fn follow_up(v: &FollowUpView, today: &str) -> pb::FollowUp {
    let r = &v.row;
    pb::FollowUp {
        follow_up_id: r.id,
        kind: kind_pb(r.kind),
        status: status_pb(r.status),
        due_state: due_pb(v.due_state),
        customer_id: r.customer_id,
        customer_name: r.customer_name.clone(),
        phone: r.phone.clone(),
        plate: r.plate.clone(),
        work_order: r.work_order.clone(),
        campaign_id: r.campaign_id.unwrap_or(0),
        owner_agent_id: r.owner_agent_id.unwrap_or(0),
        assigned_agent_id: v.assigned_agent_id.unwrap_or(0),
        due_from: r.due_from.clone(),
        due_until: r.due_until.clone(),
        next_attempt_date: r.next_attempt_date.clone().unwrap_or_default(),
        attempts: i32::try_from(r.attempts).unwrap_or(i32::MAX),
        earlier_topics: topics_pb(&v.earlier_topics),
        flags: visit_flags(r.mystery_shopper, r.likely_to_complain),
        calls: v.calls.iter().map(call).collect(),
        letters: v.letters.iter().map(|l| letter(l, today)).collect(),
        callback_note: r.callback_note.clone(),
        inbound_call_id: r.inbound_call_id.unwrap_or(0),
    }
}

impl FollowUpApi {
    fn today(&self) -> String {
        self.app.settings.schedule.local_date(self.app.now()).to_string()
    }

    fn escalation(&self, e: &EscalationRow) -> pb::Escalation {
        let state = self.app.escalation_state(e);
        let at = |t: chrono::DateTime<chrono::Utc>| timestamp(crate::store::secs(t));
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

fn campaign_kind_of(value: i32) -> Result<&'static str, Violation> {
    use pb::CampaignKind as P;
    match P::try_from(value) {
        Ok(P::Gathering) => Ok("GATHERING"),
        Ok(P::Offer) => Ok("OFFER"),
        Ok(P::FreeCheck) => Ok("FREE_CHECK"),
        Ok(P::Recall) => Ok("RECALL"),
        Ok(P::Unspecified) => Err(Invalid::new(ErrorReason::FieldRequired, "say what the campaign is").at("kind")),
        Err(_) => Err(unknown("kind", "campaign kind")),
    }
}

fn campaign(c: &CampaignRow) -> pb::Campaign {
    let kind = pb::CampaignKind::from_str_name(&format!("CAMPAIGN_KIND_{}", c.kind)).unwrap_or_default();
    let audience = pb::AudienceKind::from_str_name(&format!("AUDIENCE_KIND_{}", c.audience)).unwrap_or_default();
    pb::Campaign {
        campaign_id: c.id,
        name: c.name.clone(),
        kind: kind as i32,
        event_date: c.event_date.clone(),
        audience: audience as i32,
        due_before: c.due_before.clone().unwrap_or_default(),
        vehicles: c.vehicles.split(',').filter(|v| !v.is_empty()).map(str::to_owned).collect(),
        invitations: i32::try_from(c.invitations).unwrap_or(i32::MAX),
        call_date: c.call_date.clone(),
    }
}

fn audience_of(r: &pb::CreateCampaignRequest) -> Result<Audience, Violation> {
    use pb::AudienceKind as P;
    match P::try_from(r.audience) {
        Ok(P::AllBase) => Ok(Audience::AllBase),
        Ok(P::MaintenanceDue) => {
            parse_date(&r.due_before).map(Audience::MaintenanceDue).map_err(|e| e.at("due_before"))
        }
        Ok(P::Vehicles) => {
            if r.vehicles.is_empty() {
                return Err(Invalid::new(ErrorReason::FieldRequired, "list the plates or VINs").at("vehicles"));
            }
            if r.vehicles.len() > 5000 {
                return Err(Invalid::new(ErrorReason::FieldInvalid, "at most 5000 vehicles").at("vehicles"));
            }
            let mut keys = Vec::new();
            for (i, v) in r.vehicles.iter().enumerate() {
                let key = match Plate::parse(v) {
                    Ok(plate) => plate.as_str().to_owned(),
                    Err(_) => crate::domain::parse_vin(v).map_err(|_| {
                        Invalid::new(ErrorReason::FieldInvalid, "neither a plate nor a VIN")
                            .at(format!("vehicles[{i}]"))
                    })?,
                };
                keys.push(key);
            }
            Ok(Audience::Vehicles(keys))
        }
        Ok(P::Unspecified) => {
            Err(Invalid::new(ErrorReason::FieldRequired, "say who the campaign invites").at("audience"))
        }
        Err(_) => Err(unknown("audience", "audience")),
    }
}

fn page(size: i32, token: &str, default: u32) -> Result<Page, Violation> {
    Page::parse(size, token, default, 500).map_err(|(f, e)| e.at(f))
}

fn days(field: &str, value: i32, default: u32) -> Result<u32, Violation> {
    match u32::try_from(value) {
        Ok(0) => Ok(default),
        Ok(n) if n <= 366 => Ok(n),
        _ => Err(Invalid::new(ErrorReason::FieldInvalid, "0 to 366 days").at(field)),
    }
}

fn due_vehicle(d: &DueVehicle) -> pb::MaintenanceDue {
    pb::MaintenanceDue {
        customer_id: d.customer.0,
        customer_name: d.customer.1.clone(),
        phone: d.customer.2.clone(),
        plate: d.vehicle.0.clone(),
        model: d.vehicle.1.clone(),
        next_maintenance_due: d.due.clone(),
        follow_up_id: d.follow_up_id,
    }
}

fn lost(l: &Lost) -> pb::LostCustomer {
    let r = &l.row;
    pb::LostCustomer {
        customer_id: r.customer_id,
        customer_name: r.name.clone(),
        phone: r.phone.clone(),
        plates: l.plates.clone(),
        last_visit_date: r.last_visit.clone().unwrap_or_default(),
        lost_reason: r.lost_reason.clone(),
        last_call_time: r.last_call.and_then(|(at, _)| timestamp(at)),
        last_call_outcome: outcome_pb(r.last_call.map(|(_, o)| o)),
        calls: i32::try_from(r.calls).unwrap_or(i32::MAX),
    }
}

fn incomplete(f: &Incomplete) -> pb::IncompleteFile {
    pb::IncompleteFile {
        customer_id: f.customer.0,
        customer_name: f.customer.1.clone(),
        plate: f.visit.0.clone(),
        work_order: f.visit.1.clone(),
        visit_date: f.visit.2.clone(),
        missing: f.missing.clone(),
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
        let (key, id, outcome, satisfaction, topics, requests, complaints, note, new_content) = all_valid((
            optional_fingerprint(RECORD_CALL, &r, &r.request_id, |m| m.request_id.clear()),
            required_id("follow_up_id", r.follow_up_id),
            outcome_of(r.outcome),
            followup::satisfaction(r.satisfaction).map_err(|e| e.at("satisfaction")),
            topics_of(&r.topics),
            text("requests", &r.requests, TEXT_MAX),
            text("complaints", &r.complaints, TEXT_MAX),
            text("note", &r.note, TEXT_MAX),
            text("new_content", &r.new_content, TEXT_MAX),
        ))
        .wire()?;
        let input = CallInput {
            outcome,
            satisfaction,
            topics,
            requests,
            complaints,
            answered_on_call: r.answered_on_call,
            note,
            new_content,
        };
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
        let key = match (r.plate.trim().is_empty(), r.phone.trim().is_empty()) {
            (false, _) => Plate::parse(&r.plate).map(CustomerKey::Plate).map_err(|e| e.at("plate")),
            (true, false) => Phone::parse(&r.phone).map(CustomerKey::Phone).map_err(|e| e.at("phone")),
            (true, true) => {
                Err(Invalid::new(ErrorReason::FieldRequired, "give the caller's plate or phone").at("plate"))
            }
        };
        let kind = match r.inbound_kind.trim().to_ascii_uppercase().as_str() {
            "ENQUIRY" => Ok("ENQUIRY".to_owned()),
            "COMPLAINT" => Ok("COMPLAINT".to_owned()),
            "" => Err(Invalid::new(ErrorReason::FieldRequired, "ENQUIRY or COMPLAINT").at("inbound_kind")),
            _ => Err(Invalid::new(ErrorReason::FieldInvalid, "ENQUIRY or COMPLAINT").at("inbound_kind")),
        };
        let content = required_text("content", &r.content, TEXT_MAX, "say what the customer said");
        let retry = optional_fingerprint(LOG_INBOUND_CALL, &r, &r.request_id, |m| m.request_id.clear());
        let (key, kind, content, retry) = all_valid((key, kind, content, retry)).wire()?;
        let inbound =
            InboundCall { key, kind, content, answered: r.answered_on_call, open_follow_up: r.open_follow_up };
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
            text("note", &r.note, TEXT_MAX),
            text("lost_reason", &r.lost_reason, LOST_REASON_MAX),
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
            required_text("complaint", &r.complaint, TEXT_MAX, "say what the supervisor must solve"),
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
            required_text("solution", &r.solution, TEXT_MAX, "record the solution"),
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
            all_valid((required_id("escalation_id", r.escalation_id), text("note", &r.note, TEXT_MAX))).wire()?;
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
            text("content", &r.content, TEXT_MAX),
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
        let r = request.into_inner();
        let register = match pb::Register::try_from(r.register) {
            Ok(pb::Register::CustomerFiles) => Ok(Register::CustomerFiles),
            Ok(pb::Register::CallRecords) => Ok(Register::CallRecords),
            Ok(pb::Register::CallLog) => Ok(Register::CallLog),
            Ok(pb::Register::LetterLog) => Ok(Register::LetterLog),
            Ok(pb::Register::Unspecified) => {
                Err(Invalid::new(ErrorReason::FieldRequired, "name the register").at("register"))
            }
            Err(_) => Err(unknown("register", "register")),
        };
        let xlsx = match pb::ExportFormat::try_from(r.format) {
            Ok(pb::ExportFormat::Csv) => Ok(false),
            Ok(pb::ExportFormat::Xlsx) => Ok(true),
            Ok(pb::ExportFormat::Unspecified) => {
                Err(Invalid::new(ErrorReason::FieldRequired, "CSV or XLSX").at("format"))
            }
            Err(_) => Err(unknown("format", "format")),
        };
        let (register, from, to, xlsx) = all_valid((
            register,
            parse_date(&r.from_date).map_err(|e| e.at("from_date")),
            parse_date(&r.to_date).map_err(|e| e.at("to_date")),
            xlsx,
        ))
        .wire()?;
        if to < from {
            return Err(status(crate::domain::Error::invalid(
                "to_date",
                Invalid::new(ErrorReason::DateInvalid, "the range ends before it starts"),
            )));
        }
        if (to - from).num_days() > 366 {
            return Err(status(crate::domain::Error::invalid(
                "to_date",
                Invalid::new(ErrorReason::FieldInvalid, "export at most a year at a time"),
            )));
        }
        let export = self.app.export(register, from, to, xlsx).await.wire()?;
        Ok(Response::new(pb::ExportRegisterResponse {
            file_name: export.file_name,
            content_type: export.content_type.to_owned(),
            content: export.content,
            rows: i32::try_from(export.rows).unwrap_or(i32::MAX),
        }))
    }
}
