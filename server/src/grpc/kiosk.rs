//! `frontdesk.v1.KioskService`: what the entrance kiosk calls. Every response is masked.

use crate::grpc::status::{Wire, status};
use frontdesk_proto::v1 as pb;
use frontdesk_proto::v1::kiosk_service_server::KioskService;
use tonic::{Request, Response, Status};

use super::auth::caller;
use super::convert::{self, fingerprint, instant, kiosk_appointment};
use crate::app::App;
use crate::app::booking::Booking;
use crate::app::checkin::{CheckIn, CheckInBy};
use crate::domain::ErrorReason;
use crate::domain::{
    ConfirmationCode, Error, Invalid, Page, PersonName, Phone, PhoneLast4, Plate, ProvisionalNumber, ServiceCode,
    Violation, all_valid, both, parse_date,
};

/// The method path that fingerprints kiosk bookings.
pub const BOOK_APPOINTMENT: &str = "/frontdesk.v1.KioskService/BookAppointment";

/// The method path that fingerprints check-ins.
pub const CHECK_IN: &str = "/frontdesk.v1.KioskService/CheckIn";

/// The kiosk service.
#[derive(Debug, Clone)]
pub struct KioskApi {
    app: App,
}

impl KioskApi {
    /// The service over an app.
    pub fn new(app: App) -> Self {
        Self { app }
    }
}

impl TryFrom<&pb::BookAppointmentRequest> for Booking {
    type Error = Error;

    fn try_from(r: &pb::BookAppointmentRequest) -> Result<Self, Error> {
        let (fingerprint, plate, phone, customer_name, service, slot_start, provisional_number) = all_valid((
            // The same booking sent live and again from the kiosk's outbox (with the number the
            // customer was shown) is one request.
            fingerprint(BOOK_APPOINTMENT, r, &r.request_id, |m| {
                m.request_id.clear();
                m.provisional_number.clear();
            }),
            Plate::parse(&r.plate).map_err(|e| e.at("plate")),
            Phone::parse(&r.phone).map_err(|e| e.at("phone")),
            PersonName::parse_optional(&r.customer_name).map_err(|e| e.at("customer_name")),
            ServiceCode::parse(&r.service_code).map_err(|e| e.at("service_code")),
            instant("slot_start", r.slot_start.as_ref()),
            ProvisionalNumber::parse_optional(&r.provisional_number).map_err(|e| e.at("provisional_number")),
        ))?;
        Ok(Booking {
            fingerprint,
            plate,
            phone,
            customer_name,
            service,
            slot_start,
            preferred_advisor_id: None,
            notes: String::new(),
            overbook_reason: None,
            provisional_number,
        })
    }
}

/// True when a check-in names neither a booking code nor the last four digits of a
/// phone: a walk-in, which chooses a service type.
fn is_walk_in(r: &pb::CheckInRequest) -> bool {
    r.confirmation_code.trim().is_empty() && r.phone_last4.trim().is_empty()
}

fn check_in_by(r: &pb::CheckInRequest) -> Result<CheckInBy, Error> {
    if is_walk_in(r) {
        let (plate, service, phone, name) = all_valid((
            Plate::parse(&r.plate).map_err(|e| e.at("plate")),
            if r.service_code.trim().is_empty() {
                Err(Invalid::new(ErrorReason::FieldRequired, "a walk-in chooses a service type").at("service_code"))
            } else {
                ServiceCode::parse(&r.service_code).map_err(|e| e.at("service_code"))
            },
            if r.phone.trim().is_empty() {
                Ok(None)
            } else {
                Phone::parse(&r.phone).map(Some).map_err(|e| e.at("phone"))
            },
            PersonName::parse_optional(&r.customer_name).map_err(|e| e.at("customer_name")),
        ))?;
        return Ok(CheckInBy::WalkIn { plate, service, phone, name });
    }
    let service = optional(&r.service_code, |s| ServiceCode::parse(s).map_err(|e| e.at("service_code")));
    if !r.confirmation_code.trim().is_empty() {
        let (code, plate, last4, service) = all_valid((
            ConfirmationCode::parse(&r.confirmation_code).map_err(|e| e.at("confirmation_code")),
            optional(&r.plate, |p| Plate::parse(p).map_err(|e| e.at("plate"))),
            optional(&r.phone_last4, |l| PhoneLast4::parse(l).map_err(|e| e.at("phone_last4"))),
            service,
        ))?;
        return Ok(CheckInBy::Code { code, plate, last4, service });
    }
    let (plate, last4, service) = all_valid((
        Plate::parse(&r.plate).map_err(|e| e.at("plate")),
        PhoneLast4::parse(&r.phone_last4).map_err(|e| e.at("phone_last4")),
        service,
    ))?;
    Ok(CheckInBy::Plate { plate, last4, service })
}

/// An optional field: empty is `None`, anything else must parse.
fn optional<T>(text: &str, parse: impl FnOnce(&str) -> Result<T, Violation>) -> Result<Option<T>, Violation> {
    if text.trim().is_empty() { Ok(None) } else { parse(text).map(Some) }
}

impl TryFrom<&pb::CheckInRequest> for CheckIn {
    type Error = Error;

    fn try_from(r: &pb::CheckInRequest) -> Result<Self, Error> {
        let head = all_valid((
            // The same check-in sent live (no `arrive_time`) and again from the kiosk's
            // outbox (with it) is one request: its arrival stamp is not part of it.
            // So is the provisional number the customer was shown while the kiosk kept it.
            fingerprint(CHECK_IN, r, &r.request_id, |m| {
                m.request_id.clear();
                m.arrive_time = None;
                m.provisional_number.clear();
            }),
            r.arrive_time.as_ref().map(|t| instant("arrive_time", Some(t))).transpose(),
            ProvisionalNumber::parse_optional(&r.provisional_number).map_err(|e| e.at("provisional_number")),
        ));
        let ((fingerprint, arrived_at, provisional_number), by) = both(head, check_in_by(r))?;
        Ok(CheckIn { fingerprint, by, arrived_at, provisional_number })
    }
}

#[tonic::async_trait]
impl KioskService for KioskApi {
    async fn check_in(&self, request: Request<pb::CheckInRequest>) -> Result<Response<pb::CheckInResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.get_ref();
        let service = ServiceCode::parse(&r.service_code).ok();
        let check_in = self.app.check_service_and_slot(CheckIn::try_from(r), service, None).await.wire()?;
        let done = self.app.check_in(&caller, check_in).await.wire()?;
        Ok(Response::new(pb::CheckInResponse {
            ticket: Some(convert::kiosk_ticket(&done.ticket, &self.app.settings.queue)),
            existing: done.existing,
        }))
    }

    async fn get_ticket(
        &self,
        request: Request<pb::GetTicketRequest>,
    ) -> Result<Response<pb::GetTicketResponse>, Status> {
        let number = request.into_inner().ticket_number;
        if number.trim().is_empty() {
            return Err(status(Error::invalid(
                "ticket_number",
                Invalid::new(ErrorReason::FieldRequired, "enter the ticket number"),
            )));
        }
        let ticket = self.app.ticket_by_number(number).await.wire()?;
        let ticket = convert::kiosk_ticket(&ticket, &self.app.settings.queue);
        Ok(Response::new(pb::GetTicketResponse { ticket: Some(ticket) }))
    }

    async fn list_available_slots(
        &self,
        request: Request<pb::ListAvailableSlotsRequest>,
    ) -> Result<Response<pb::ListAvailableSlotsResponse>, Status> {
        let r = request.into_inner();
        let (service, date, page) = all_valid((
            ServiceCode::parse(&r.service_code).map_err(|e| e.at("service_code")),
            parse_date(&r.date).map_err(|e| e.at("date")),
            Page::parse(r.page_size, &r.page_token, 100, 500).map_err(|(f, e)| e.at(f)),
        ))
        .wire()?;
        let day = self.app.day_slots(service.clone(), date, page).await.wire()?;
        let slots = day
            .slots
            .iter()
            .map(|s| pb::Slot {
                slot_start: convert::timestamp(s.slot.start.timestamp()),
                slot_end: convert::timestamp(s.slot.end.timestamp()),
                service_code: service.as_str().to_owned(),
                capacity: i32::try_from(s.capacity).unwrap_or(i32::MAX),
                remaining: i32::try_from(s.remaining).unwrap_or(i32::MAX),
                bookable: s.unavailable.is_none(),
                unavailable_reason: s.unavailable.map_or(0, |r| super::status::wire_reason(r) as i32),
            })
            .collect();
        Ok(Response::new(pb::ListAvailableSlotsResponse {
            slots,
            closed: day.closed,
            next_page_token: day.next_page_token,
        }))
    }

    async fn book_appointment(
        &self,
        request: Request<pb::BookAppointmentRequest>,
    ) -> Result<Response<pb::BookAppointmentResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.get_ref();
        let service = ServiceCode::parse(&r.service_code).ok();
        let start = instant("slot_start", r.slot_start.as_ref()).ok();
        let booking = self.app.check_service_and_slot(Booking::try_from(r), service, start).await.wire()?;
        let row = self.app.kiosk_book(&caller, booking).await.wire()?;
        Ok(Response::new(pb::BookAppointmentResponse {
            confirmation_code: row.code.clone(),
            appointment: Some(kiosk_appointment(&row)),
        }))
    }

    async fn cancel_appointment(
        &self,
        request: Request<pb::KioskServiceCancelAppointmentRequest>,
    ) -> Result<Response<pb::KioskServiceCancelAppointmentResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.into_inner();
        let (code, last4) = all_valid((
            ConfirmationCode::parse(&r.confirmation_code).map_err(|e| e.at("confirmation_code")),
            PhoneLast4::parse(&r.phone_last4).map_err(|e| e.at("phone_last4")),
        ))
        .wire()?;
        let row = self.app.kiosk_cancel(&caller, code, last4, r.validate_only).await.wire()?;
        Ok(Response::new(pb::KioskServiceCancelAppointmentResponse { appointment: Some(kiosk_appointment(&row)) }))
    }

    async fn identify_vehicle(
        &self,
        request: Request<pb::IdentifyVehicleRequest>,
    ) -> Result<Response<pb::IdentifyVehicleResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.into_inner();
        let (plate, last4) = all_valid((
            Plate::parse(&r.plate).map_err(|e| e.at("plate")),
            PhoneLast4::parse(&r.phone_last4).map_err(|e| e.at("phone_last4")),
        ))
        .wire()?;
        let response = match self.app.identify_vehicle(&caller, plate, last4).await.wire()? {
            None => pb::IdentifyVehicleResponse::default(),
            Some(found) => pb::IdentifyVehicleResponse {
                service_campaign: found.service_campaign,
                matched: true,
                plate: found.vehicle.plate.clone(),
                masked_customer_name: crate::domain::mask_name(&found.customer.name),
                masked_phone: crate::domain::mask_phone(&found.customer.phone),
                vehicle_model: found.vehicle.model.clone(),
                appointments: found.appointments.iter().map(kiosk_appointment).collect(),
                open_visit: found.open_visit.as_ref().map(convert::kiosk_visit),
            },
        };
        Ok(Response::new(response))
    }
}
