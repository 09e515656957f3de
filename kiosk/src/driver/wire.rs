//! The kiosk's requests on the wire, and the server's answers as the kiosk shows them.
//! `TryFrom`-like conversions, one function per message; nothing here calls the server.

use chrono::{DateTime, Utc};
use frontdesk_domain::mask_plate;
use frontdesk_proto::v1 as pb;

use crate::flow::{BookInput, CheckInInput};
use crate::views::{AppointmentView, IdentifiedView, ProgressView, ServiceChoice, SlotChoice, TicketView};

fn time(ts: Option<&prost_types::Timestamp>) -> Option<DateTime<Utc>> {
    ts.and_then(|t| DateTime::from_timestamp(t.seconds, 0))
}

fn stamp(at: DateTime<Utc>) -> Option<prost_types::Timestamp> {
    Some(prost_types::Timestamp { seconds: at.timestamp(), nanos: 0 })
}

/// A check-in on the wire; `arrive_time` only when it is replayed from the outbox.
pub fn check_in_request(c: &CheckInInput, offline: bool) -> pb::CheckInRequest {
    pb::CheckInRequest {
        request_id: c.request_id.clone(),
        plate: c.plate.clone(),
        phone_last4: c.last4.clone(),
        confirmation_code: c.code.clone(),
        service_code: c.service.clone(),
        phone: c.phone.clone(),
        customer_name: c.surname.clone(),
        arrive_time: if offline { stamp(c.at) } else { None },
        // The number shown to the customer, for a request kept offline; the outbox gives
        // one to a request that has none yet.
        provisional_number: if offline { c.provisional.clone().unwrap_or_default() } else { String::new() },
    }
}

/// A booking on the wire.
pub fn book_request(b: &BookInput) -> pb::BookAppointmentRequest {
    pb::BookAppointmentRequest {
        request_id: b.request_id.clone(),
        plate: b.plate.clone(),
        phone: b.phone.clone(),
        customer_name: String::new(),
        service_code: b.service.clone(),
        slot_start: stamp(b.slot_start),
        provisional_number: String::new(),
    }
}

/// A kiosk ticket as the views show it.
pub fn ticket_view(t: &pb::KioskTicket, existing: bool) -> TicketView {
    TicketView {
        number: t.ticket_number.clone(),
        local_date: t.local_date.clone(),
        service: t.service_code.clone(),
        position: t.position,
        wait_minutes: t.estimated_wait_minutes,
        counter: t.counter_number,
        masked_plate: t.masked_plate.clone(),
        masked_name: t.masked_customer_name.clone(),
        appointment: t.appointment,
        appointment_start: time(t.appointment_slot_start.as_ref()),
        priority_from: time(t.priority_time.as_ref()),
        existing,
    }
}

/// A kiosk appointment as the views show it; `None` without a slot.
pub fn appointment_view(a: &pb::KioskAppointment) -> Option<AppointmentView> {
    Some(AppointmentView {
        code: a.confirmation_code.clone(),
        service: a.service_code.clone(),
        start: time(a.slot_start.as_ref())?,
        local_date: a.local_date.clone(),
        masked_name: a.masked_customer_name.clone(),
        masked_phone: a.masked_phone.clone(),
        plate: a.plate.clone(),
    })
}

fn progress_view(v: &pb::KioskVisit, plate: &str, model: &str) -> ProgressView {
    let stage = usize::try_from(v.stage - 1).unwrap_or(0).min(5);
    let mut reached = vec![None; 6];
    for h in &v.history {
        if let Ok(i) = usize::try_from(h.stage - 1)
            && i < 6
        {
            reached[i] = time(h.change_time.as_ref());
        }
    }
    ProgressView {
        stage,
        promised: time(v.promised_ready_time.as_ref()),
        parts_date: (!v.parts_expected_date.is_empty()).then(|| v.parts_expected_date.clone()),
        reached,
        masked_plate: mask_plate(plate),
        vehicle_model: model.to_owned(),
    }
}

/// What an identification found; `None` for no match.
pub(super) fn identified_view(r: &pb::IdentifyVehicleResponse) -> Option<IdentifiedView> {
    r.matched.then(|| IdentifiedView {
        masked_name: r.masked_customer_name.clone(),
        masked_phone: r.masked_phone.clone(),
        vehicle_model: r.vehicle_model.clone(),
        appointments: r.appointments.iter().filter_map(appointment_view).collect(),
        progress: r.open_visit.as_ref().map(|v| progress_view(v, &r.plate, &r.vehicle_model)),
    })
}

/// The service types on offer.
pub(super) fn service_choices(r: pb::ListServiceTypesResponse) -> Vec<ServiceChoice> {
    r.service_types
        .into_iter()
        .map(|t| ServiceChoice { code: t.code, name_zh: t.name_zh, name_en: t.name_en })
        .collect()
}

/// The slots of a day, with the seats left.
pub(super) fn slot_choices(r: &pb::ListAvailableSlotsResponse) -> Vec<SlotChoice> {
    r.slots
        .iter()
        .filter_map(|s| {
            Some(SlotChoice { start: time(s.slot_start.as_ref())?, remaining: s.remaining, bookable: s.bookable })
        })
        .collect()
}
