//! Conversions between the wire and the domain. `TryFrom<request>` here is the
//! only place wire data becomes domain data.

use crate::domain::ErrorReason;
use chrono::{DateTime, Utc};
use frontdesk_proto::v1 as pb;
use prost::Message;
use sha2::{Digest, Sha256};

use crate::app::customers::CustomerFile;
use crate::domain::records::Advisor as AdvisorRow;
use crate::domain::records::Appointment as AppointmentRow;
use crate::domain::records::Fingerprint;
use crate::domain::records::ServiceType as ServiceTypeRow;
use crate::domain::records::Vehicle as VehicleRow;
use crate::domain::{Invalid, RequestId, Violation, mask_name, mask_phone};

/// A stored instant as a protobuf timestamp.
pub fn timestamp(secs: i64) -> Option<prost_types::Timestamp> {
    Some(prost_types::Timestamp { seconds: secs, nanos: 0 })
}

/// A required timestamp field as an instant, in the years 1900 to 9999 (what every
/// store-zone conversion, date sum and spreadsheet downstream can hold).
pub fn instant(field: &str, ts: Option<&prost_types::Timestamp>) -> Result<DateTime<Utc>, Violation> {
    let ts = ts.ok_or_else(|| Invalid::new(ErrorReason::FieldRequired, "set a time").at(field))?;
    DateTime::from_timestamp(ts.seconds, u32::try_from(ts.nanos).unwrap_or(u32::MAX))
        .filter(|at| (1900..=9999).contains(&chrono::Datelike::year(at)))
        .ok_or_else(|| {
            Invalid::new(ErrorReason::FieldInvalid, "the time lies outside the years 1900 to 9999").at(field)
        })
}

/// The idempotency fingerprint of a create request: its method and the SHA-256 of
/// its encoding with `request_id` cleared.
pub fn fingerprint<M: Message + Clone>(
    method: &str,
    request: &M,
    request_id: &str,
    clear: impl FnOnce(&mut M),
) -> Result<Fingerprint, Violation> {
    let request_id = RequestId::parse(request_id).map_err(|e| e.at("request_id"))?;
    let mut body = request.clone();
    clear(&mut body);
    let body_hash = hex::encode(Sha256::digest(body.encode_to_vec()));
    Ok(Fingerprint { request_id, method: method.to_owned(), body_hash })
}

/// Like [`fingerprint`] for the records whose `request_id` is optional: none when the
/// caller sent no key.
pub fn optional_fingerprint<M: Message + Clone>(
    method: &str,
    request: &M,
    request_id: &str,
    clear: impl FnOnce(&mut M),
) -> Result<Option<Fingerprint>, Violation> {
    if request_id.is_empty() { Ok(None) } else { fingerprint(method, request, request_id, clear).map(Some) }
}

/// A non-zero id field as `Some`, zero as `None`, negative as invalid.
pub fn optional_id(field: &str, id: i64) -> Result<Option<i64>, Violation> {
    match id {
        0 => Ok(None),
        id if id > 0 => Ok(Some(id)),
        _ => Err(Invalid::new(ErrorReason::FieldInvalid, "ids are positive").at(field)),
    }
}

fn status(row: &AppointmentRow) -> i32 {
    use crate::domain::AppointmentStatus as S;
    let status = match row.status {
        S::Booked => pb::AppointmentStatus::Booked,
        S::Cancelled => pb::AppointmentStatus::Cancelled,
        S::NoShow => pb::AppointmentStatus::NoShow,
        S::CheckedIn => pb::AppointmentStatus::CheckedIn,
    };
    status as i32
}

/// An appointment as staff see it.
pub fn appointment(row: &AppointmentRow) -> pb::Appointment {
    pb::Appointment {
        confirmation_code: row.code.clone(),
        plate: row.plate.clone(),
        customer_id: row.customer_id,
        customer_name: row.customer_name.clone(),
        phone: row.phone.clone(),
        service_code: row.service_code.clone(),
        slot_start: timestamp(row.slot_start),
        slot_end: timestamp(row.slot_end),
        local_date: row.local_date.clone(),
        status: status(row),
        preferred_advisor_id: row.preferred_advisor_id.unwrap_or(0),
        notes: row.notes.clone(),
        overbooked: row.overbooked,
        overbooked_by: row.overbooked_by.clone(),
        overbook_reason: row.overbook_reason.clone(),
        created_by: row.created_by.clone(),
        updated_by: row.updated_by.clone(),
        cancel_reason: row.cancel_reason.clone(),
        create_time: timestamp(row.created_at),
        update_time: timestamp(row.updated_at),
        provisional_number: row.provisional_number.clone(),
    }
}

/// An appointment as the kiosk sees it: name and phone masked.
pub fn kiosk_appointment(row: &AppointmentRow) -> pb::KioskAppointment {
    pb::KioskAppointment {
        confirmation_code: row.code.clone(),
        plate: row.plate.clone(),
        masked_customer_name: mask_name(&row.customer_name),
        masked_phone: mask_phone(&row.phone),
        service_code: row.service_code.clone(),
        slot_start: timestamp(row.slot_start),
        slot_end: timestamp(row.slot_end),
        local_date: row.local_date.clone(),
        status: status(row),
    }
}

/// A vehicle.
pub fn vehicle(v: &VehicleRow) -> pb::Vehicle {
    pb::Vehicle {
        plate: v.plate.clone(),
        model: v.model.clone(),
        vehicle_type: v.vehicle_type.clone(),
        vin: v.vin.clone(),
        mileage_km: v.mileage_km,
        maintenance_interval_days: v.maintenance_interval_days,
        maintenance_interval_km: v.maintenance_interval_km,
        next_maintenance_due: v.next_maintenance_due.clone().unwrap_or_default(),
    }
}

/// A customer file.
pub fn customer(file: &CustomerFile) -> pb::Customer {
    let c = &file.customer;
    pb::Customer {
        customer_id: c.id,
        customer_name: c.name.clone(),
        phone: c.phone.clone(),
        address: c.address.clone(),
        vehicles: file.vehicles.iter().map(vehicle).collect(),
        wishes: c.wishes.clone(),
        create_time: timestamp(c.created_at),
        update_time: timestamp(c.updated_at),
        followup_agent_id: c.followup_agent_id.unwrap_or(0),
        lost_reason: c.lost_reason.clone(),
    }
}

/// A member of staff.
pub fn advisor(row: &AdvisorRow) -> pb::Advisor {
    use crate::domain::StaffKind;
    let kind = match row.kind {
        StaffKind::ServiceAdvisor => pb::StaffKind::ServiceAdvisor,
        StaffKind::FollowupAgent => pb::StaffKind::FollowupAgent,
        StaffKind::Supervisor => pb::StaffKind::Supervisor,
    };
    pb::Advisor {
        advisor_id: row.id,
        name: row.name.clone(),
        counter_number: row.counter_number,
        service_codes: row.service_codes.clone(),
        active: row.active,
        kind: kind as i32,
        create_time: timestamp(row.created_at),
        status: advisor_status(row.queue_status),
    }
}

/// A service type with its seats per slot.
pub fn service_type(row: &ServiceTypeRow, slot_capacity: u32) -> pb::ServiceType {
    pb::ServiceType {
        code: row.code.clone(),
        name_zh: row.name_zh.clone(),
        name_en: row.name_en.clone(),
        ticket_prefix: row.ticket_prefix.clone(),
        slot_capacity: i32::try_from(slot_capacity).unwrap_or(i32::MAX),
    }
}

/// A ticket state on the wire.
pub fn ticket_state(state: crate::domain::TicketState) -> i32 {
    use crate::domain::TicketState as S;
    let state = match state {
        S::Waiting => pb::TicketState::Waiting,
        S::Called => pb::TicketState::Called,
        S::InService => pb::TicketState::InService,
        S::Done => pb::TicketState::Done,
        S::NoShow => pb::TicketState::NoShow,
        S::Cancelled => pb::TicketState::Cancelled,
    };
    state as i32
}

/// An assignment reason on the wire.
pub fn assignment_reason(reason: Option<crate::domain::AssignmentReason>) -> i32 {
    use crate::domain::AssignmentReason as R;
    let reason = match reason {
        None => pb::AssignmentReason::Unspecified,
        Some(R::Transferred) => pb::AssignmentReason::Transferred,
        Some(R::AppointmentPreferred) => pb::AssignmentReason::AppointmentPreferred,
        Some(R::OwnAdvisor) => pb::AssignmentReason::OwnAdvisor,
        Some(R::Raised) => pb::AssignmentReason::Raised,
        Some(R::Appointment) => pb::AssignmentReason::Appointment,
        Some(R::Aged) => pb::AssignmentReason::Aged,
        Some(R::SkillMatch) => pb::AssignmentReason::SkillMatch,
    };
    reason as i32
}

/// An advisor status on the wire.
pub fn advisor_status(status: crate::domain::AdvisorStatus) -> i32 {
    use crate::domain::AdvisorStatus as S;
    let status = match status {
        S::Available => pb::AdvisorStatus::Available,
        S::Serving => pb::AdvisorStatus::Serving,
        S::Paused => pb::AdvisorStatus::Paused,
        S::Offline => pb::AdvisorStatus::Offline,
    };
    status as i32
}

fn optional_timestamp(secs: Option<i64>) -> Option<prost_types::Timestamp> {
    secs.and_then(timestamp)
}

/// The counter a ticket shows: only while it is called or in service.
fn counter_of(row: &crate::domain::records::Ticket) -> i32 {
    if row.state.is_held() { row.counter_number } else { 0 }
}

/// A ticket as staff see it.
pub fn ticket(v: &crate::app::queue::TicketView) -> pb::Ticket {
    let t = &v.row;
    pb::Ticket {
        ticket_id: t.id,
        ticket_number: t.number.clone(),
        local_date: t.local_date.clone(),
        service_code: t.service_code.clone(),
        state: ticket_state(t.state),
        plate: t.plate.clone(),
        customer_id: t.customer_id,
        customer_name: t.customer_name.clone(),
        phone: t.phone.clone(),
        confirmation_code: t.confirmation_code.clone().unwrap_or_default(),
        late_appointment: t.late_appointment,
        advisor_id: t.advisor_id.unwrap_or(0),
        advisor_name: t.advisor_name.clone().unwrap_or_default(),
        counter_number: counter_of(t),
        transferred_to_advisor_id: t.transferred_to.unwrap_or(0),
        preferred_advisor_id: t.preferred_advisor_id.unwrap_or(0),
        own_advisor_id: t.own_advisor_id.unwrap_or(0),
        raised: t.raised,
        raise_reason: t.raise_reason.clone(),
        assignment_reason: assignment_reason(t.assignment_reason),
        visit_flags: visit_flags(t.mystery_shopper, t.likely_to_complain),
        open_recalls: t.open_recalls.iter().map(recall_flag).collect(),
        recalls: i32::try_from(t.recalls).unwrap_or(i32::MAX),
        arrive_time: timestamp(t.arrived_at),
        call_time: optional_timestamp(t.called_at),
        start_time: optional_timestamp(t.started_at),
        end_time: optional_timestamp(t.finished_at),
        position: i32::try_from(v.position).unwrap_or(i32::MAX),
        estimated_wait_minutes: i32::try_from(v.wait_minutes).unwrap_or(i32::MAX),
        masked_customer_name: mask_name(&t.customer_name),
        masked_plate: crate::domain::mask_plate(&t.plate),
        provisional_number: t.provisional_number.clone(),
    }
}

/// A ticket as the kiosk and the lobby display see it; `rules` say when an
/// appointment's priority starts.
pub fn kiosk_ticket(v: &crate::app::queue::TicketView, rules: &crate::domain::QueueRules) -> pb::KioskTicket {
    let t = &v.row;
    let priority = crate::app::queue::as_waiting(t).priority_from(rules);
    pb::KioskTicket {
        ticket_number: t.number.clone(),
        local_date: t.local_date.clone(),
        service_code: t.service_code.clone(),
        state: ticket_state(t.state),
        position: i32::try_from(v.position).unwrap_or(i32::MAX),
        estimated_wait_minutes: i32::try_from(v.wait_minutes).unwrap_or(i32::MAX),
        counter_number: counter_of(t),
        masked_plate: crate::domain::mask_plate(&t.plate),
        masked_customer_name: mask_name(&t.customer_name),
        appointment: t.appointment_id.is_some(),
        arrive_time: timestamp(t.arrived_at),
        call_time: optional_timestamp(t.last_called_at),
        appointment_slot_start: optional_timestamp(t.appointment_slot.filter(|_| t.appointment_id.is_some())),
        priority_time: priority.and_then(|at| timestamp(at.timestamp())),
        called_counter_number: if t.last_called_at.is_some() { t.counter_number } else { 0 },
    }
}

/// An advisor on the floor.
pub fn queue_advisor(a: &crate::app::queue::FloorAdvisor) -> pb::QueueAdvisor {
    pb::QueueAdvisor {
        advisor_id: a.id,
        name: a.name.clone(),
        counter_number: a.counter_number,
        status: advisor_status(a.status),
        serving_ticket_number: a.serving_ticket.clone().unwrap_or_default(),
        service_codes: a.skills.clone(),
    }
}

/// Waiting counts per service.
pub fn waiting(counts: &[(String, u32)]) -> Vec<pb::WaitingCount> {
    counts
        .iter()
        .map(|(service, n)| pb::WaitingCount {
            service_code: service.clone(),
            waiting: i32::try_from(*n).unwrap_or(i32::MAX),
        })
        .collect()
}

/// A visit stage on the wire.
pub fn visit_stage(stage: crate::domain::VisitStage) -> i32 {
    use crate::domain::VisitStage as S;
    let stage = match stage {
        S::Received => pb::VisitStage::Received,
        S::InRepair => pb::VisitStage::InRepair,
        S::WaitingParts => pb::VisitStage::WaitingParts,
        S::QualityCheck => pb::VisitStage::QualityCheck,
        S::Ready => pb::VisitStage::Ready,
        S::Delivered => pb::VisitStage::Delivered,
    };
    stage as i32
}

fn history(v: &crate::domain::records::Visit, with_names: bool) -> Vec<pb::StageChange> {
    v.history
        .iter()
        .map(|h| pb::StageChange {
            stage: visit_stage(h.stage),
            change_time: timestamp(h.at),
            changed_by: if with_names { h.changed_by.clone() } else { String::new() },
            note: if with_names { h.note.clone() } else { String::new() },
        })
        .collect()
}

/// A visit as staff see it.
pub fn visit(v: &crate::domain::records::Visit) -> pb::Visit {
    pb::Visit {
        work_order: v.work_order.clone(),
        ticket_id: v.ticket_id,
        customer_id: v.customer_id,
        customer_name: v.customer_name.clone(),
        plate: v.plate.clone(),
        service_code: v.service_code.clone(),
        advisor_id: v.advisor_id,
        mileage_km: v.mileage_km,
        customer_request: v.customer_request.clone(),
        callback_note: v.callback_note.clone(),
        stage: visit_stage(v.stage),
        promised_ready_time: timestamp(v.promised_ready_at),
        parts_expected_date: v.parts_expected_date.clone().unwrap_or_default(),
        open_time: timestamp(v.opened_at),
        deliver_time: optional_timestamp(v.delivered_at),
        history: history(v, true),
        flags: visit_flags(v.mystery_shopper, v.likely_to_complain),
        open_recalls: v.open_recalls.iter().map(recall_flag).collect(),
    }
}

/// The flags reception set on a visit, as the API names them.
pub fn visit_flags(mystery_shopper: bool, likely_to_complain: bool) -> Vec<String> {
    [(mystery_shopper, "MYSTERY_SHOPPER"), (likely_to_complain, "LIKELY_TO_COMPLAIN")]
        .into_iter()
        .filter(|(set, _)| *set)
        .map(|(_, name)| name.to_owned())
        .collect()
}

/// A visit as the kiosk shows it: stages and times, no names or notes.
pub fn kiosk_visit(v: &crate::domain::records::Visit) -> pb::KioskVisit {
    pb::KioskVisit {
        stage: visit_stage(v.stage),
        promised_ready_time: timestamp(v.promised_ready_at),
        parts_expected_date: v.parts_expected_date.clone().unwrap_or_default(),
        history: history(v, false),
    }
}

/// An open recall as staff see it on a ticket or a visit.
fn recall_flag(f: &crate::domain::records::RecallFlag) -> pb::RecallFlag {
    pb::RecallFlag { campaign_code: f.code.clone(), title: f.title.clone() }
}
