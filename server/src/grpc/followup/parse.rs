//! Reading the follow-up desk's requests: ids, texts, campaign kinds and audiences,
//! pages and day counts.

use frontdesk_proto::v1 as pb;

use chrono::NaiveDate;

use super::enums::{outcome_of, topics_of, unknown};
use crate::app::customers::CustomerKey;
use crate::app::desk::Audience;
use crate::app::followup::{CallInput, InboundCall};
use crate::app::registers::Register;
use crate::domain::followup;
use crate::domain::limits::LONG_TEXT_CHARS;
use crate::domain::records::Fingerprint;
use crate::domain::report::check_period;
use crate::domain::{
    Error, ErrorReason, Invalid, Page, Phone, Plate, Result, Violation, all_valid, free_text, parse_date,
};
use crate::grpc::convert::{optional_fingerprint, optional_id};

pub(super) fn required_id(field: &str, id: i64) -> Result<i64, Violation> {
    match optional_id(field, id)? {
        Some(id) => Ok(id),
        None => Err(Invalid::new(ErrorReason::FieldRequired, "set the id").at(field)),
    }
}

pub(super) fn text(field: &str, value: &str, max: usize) -> Result<String, Violation> {
    free_text(value, max).map_err(|e| e.at(field))
}

pub(super) fn required_text(field: &str, value: &str, max: usize, missing: &str) -> Result<String, Violation> {
    match text(field, value, max)? {
        t if t.is_empty() => Err(Invalid::new(ErrorReason::FieldRequired, missing).at(field)),
        t => Ok(t),
    }
}

pub(super) fn campaign_kind_of(value: i32) -> Result<&'static str, Violation> {
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

pub(super) fn audience_of(r: &pb::CreateCampaignRequest) -> Result<Audience, Violation> {
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

pub(super) fn page(size: i32, token: &str, default: u32) -> Result<Page, Violation> {
    Page::parse(size, token, default, 500).map_err(|(f, e)| e.at(f))
}

pub(super) fn days(field: &str, value: i32, default: u32) -> Result<u32, Violation> {
    match u32::try_from(value) {
        Ok(0) => Ok(default),
        Ok(n) if n <= 366 => Ok(n),
        _ => Err(Invalid::new(ErrorReason::FieldInvalid, "0 to 366 days").at(field)),
    }
}

/// A call to record: its retry key, the follow-up and what was said.
pub(super) fn call(r: &pb::RecordFollowUpCallRequest) -> Result<(Option<Fingerprint>, i64, CallInput)> {
    let (key, id, outcome, satisfaction, topics, requests, complaints, note, new_content) = all_valid((
        optional_fingerprint(super::RECORD_CALL, r, &r.request_id, |m| m.request_id.clear()),
        required_id("follow_up_id", r.follow_up_id),
        outcome_of(r.outcome),
        followup::satisfaction(r.satisfaction).map_err(|e| e.at("satisfaction")),
        topics_of(&r.topics),
        text("requests", &r.requests, LONG_TEXT_CHARS),
        text("complaints", &r.complaints, LONG_TEXT_CHARS),
        text("note", &r.note, LONG_TEXT_CHARS),
        text("new_content", &r.new_content, LONG_TEXT_CHARS),
    ))?;
    let answered_on_call = r.answered_on_call;
    let input = CallInput { outcome, satisfaction, topics, requests, complaints, answered_on_call, note, new_content };
    Ok((key, id, input))
}

/// An inbound call to log: who called (by plate or phone), what kind of call, what
/// was said, and its retry key.
pub(super) fn inbound(r: &pb::LogInboundCallRequest) -> Result<(InboundCall, Option<Fingerprint>)> {
    let key = match (r.plate.trim().is_empty(), r.phone.trim().is_empty()) {
        (false, _) => Plate::parse(&r.plate).map(CustomerKey::Plate).map_err(|e| e.at("plate")),
        (true, false) => Phone::parse(&r.phone).map(CustomerKey::Phone).map_err(|e| e.at("phone")),
        (true, true) => Err(Invalid::new(ErrorReason::FieldRequired, "give the caller's plate or phone").at("plate")),
    };
    let kind = match r.inbound_kind.trim().to_ascii_uppercase().as_str() {
        "ENQUIRY" => Ok("ENQUIRY".to_owned()),
        "COMPLAINT" => Ok("COMPLAINT".to_owned()),
        "" => Err(Invalid::new(ErrorReason::FieldRequired, "ENQUIRY or COMPLAINT").at("inbound_kind")),
        _ => Err(Invalid::new(ErrorReason::FieldInvalid, "ENQUIRY or COMPLAINT").at("inbound_kind")),
    };
    let content = required_text("content", &r.content, LONG_TEXT_CHARS, "say what the customer said");
    let retry = optional_fingerprint(super::LOG_INBOUND_CALL, r, &r.request_id, |m| m.request_id.clear());
    let (key, kind, content, retry) = all_valid((key, kind, content, retry))?;
    let inbound = InboundCall { key, kind, content, answered: r.answered_on_call, open_follow_up: r.open_follow_up };
    Ok((inbound, retry))
}

/// A register to export: which, for which dates (at most a year), as XLSX or CSV.
pub(super) fn export(r: &pb::ExportRegisterRequest) -> Result<(Register, (NaiveDate, NaiveDate), bool)> {
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
        Ok(pb::ExportFormat::Unspecified) => Err(Invalid::new(ErrorReason::FieldRequired, "CSV or XLSX").at("format")),
        Err(_) => Err(unknown("format", "format")),
    };
    let (register, from, to, xlsx) = all_valid((
        register,
        parse_date(&r.from_date).map_err(|e| e.at("from_date")),
        parse_date(&r.to_date).map_err(|e| e.at("to_date")),
        xlsx,
    ))?;
    let period = check_period(from, to).map_err(|e| Error::invalid("to_date", e))?;
    Ok((register, period, xlsx))
}
