//! Conversions between the wire and the domain. `TryFrom<request>` here is the
//! only place wire data becomes domain data.

use chrono::{DateTime, Utc};
use frontdesk_proto::ErrorReason;
use frontdesk_proto::v1 as pb;
use prost::Message;
use sha2::{Digest, Sha256};

use crate::app::customers::CustomerFile;
use crate::domain::{Invalid, RequestId, Violation, mask_name, mask_phone};
use crate::store::advisors::AdvisorRow;
use crate::store::appointments::AppointmentRow;
use crate::store::customers::VehicleRow;
use crate::store::requests::Fingerprint;
use crate::store::service_types::ServiceTypeRow;

/// A stored instant as a protobuf timestamp.
pub fn timestamp(secs: i64) -> Option<prost_types::Timestamp> {
    Some(prost_types::Timestamp { seconds: secs, nanos: 0 })
}

/// A required timestamp field as an instant.
pub fn instant(field: &str, ts: Option<&prost_types::Timestamp>) -> Result<DateTime<Utc>, Violation> {
    let ts = ts.ok_or_else(|| Invalid::new(ErrorReason::FieldRequired, "set a time").at(field))?;
    DateTime::from_timestamp(ts.seconds, u32::try_from(ts.nanos).unwrap_or(u32::MAX))
        .ok_or_else(|| Invalid::new(ErrorReason::FieldInvalid, "the time is out of range").at(field))
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
        overbook_reason: row.overbook_reason.clone(),
        created_by: row.created_by.clone(),
        updated_by: row.updated_by.clone(),
        cancel_reason: row.cancel_reason.clone(),
        create_time: timestamp(row.created_at),
        update_time: timestamp(row.updated_at),
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
    }
}

/// A member of staff.
pub fn advisor(row: &AdvisorRow) -> pb::Advisor {
    use crate::domain::StaffKind;
    let kind = match StaffKind::from_db(&row.kind) {
        Some(StaffKind::ServiceAdvisor) => pb::StaffKind::ServiceAdvisor,
        Some(StaffKind::FollowupAgent) => pb::StaffKind::FollowupAgent,
        Some(StaffKind::Supervisor) => pb::StaffKind::Supervisor,
        None => pb::StaffKind::Unspecified,
    };
    pb::Advisor {
        advisor_id: row.id,
        name: row.name.clone(),
        counter_number: row.counter_number,
        service_codes: row.service_codes.clone(),
        active: row.active,
        kind: kind as i32,
        create_time: timestamp(row.created_at),
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
