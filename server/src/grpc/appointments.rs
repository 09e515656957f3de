//! `frontdesk.v1.AppointmentService`: the desk's appointments.

use crate::grpc::status::Wire;
use frontdesk_proto::v1 as pb;
use frontdesk_proto::v1::appointment_service_server::AppointmentService;
use tonic::{Request, Response, Status};

use super::auth::caller;
use super::convert::{appointment, fingerprint, instant, optional_id};
use crate::app::App;
use crate::app::booking::Booking;
use crate::domain::ErrorReason;
use crate::domain::limits::{LONG_TEXT_CHARS, SHORT_TEXT_CHARS};
use crate::domain::records::AppointmentFilter as Filter;
use crate::domain::{
    AppointmentStatus, ConfirmationCode, Error, Invalid, Page, PersonName, Phone, Plate, ServiceCode, Violation,
    all_valid, free_text, parse_date,
};

/// The method path that fingerprints desk bookings.
pub const CREATE_APPOINTMENT: &str = "/frontdesk.v1.AppointmentService/CreateAppointment";

/// The appointment service.
#[derive(Debug, Clone)]
pub struct AppointmentApi {
    app: App,
}

impl AppointmentApi {
    /// The service over an app.
    pub fn new(app: App) -> Self {
        Self { app }
    }
}

/// `Some(reason)` when overbooking is asked for; a missing reason is invalid.
fn overbook_reason(overbook: bool, reason: &str) -> Result<Option<String>, Violation> {
    if !overbook {
        return Ok(None);
    }
    let reason = free_text(reason, SHORT_TEXT_CHARS).map_err(|e| e.at("overbook_reason"))?;
    if reason.is_empty() {
        return Err(
            Invalid::new(ErrorReason::OverbookReasonRequired, "say why the slot is overbooked").at("overbook_reason")
        );
    }
    Ok(Some(reason))
}

fn code(field_value: &str) -> Result<ConfirmationCode, Violation> {
    ConfirmationCode::parse(field_value).map_err(|e| e.at("confirmation_code"))
}

impl TryFrom<&pb::CreateAppointmentRequest> for Booking {
    type Error = Error;

    fn try_from(r: &pb::CreateAppointmentRequest) -> Result<Self, Error> {
        let (fingerprint, plate, phone, customer_name, service, slot_start, preferred, notes, overbook) = all_valid((
            fingerprint(CREATE_APPOINTMENT, r, &r.request_id, |m| m.request_id.clear()),
            Plate::parse(&r.plate).map_err(|e| e.at("plate")),
            Phone::parse(&r.phone).map_err(|e| e.at("phone")),
            PersonName::parse_optional(&r.customer_name).map_err(|e| e.at("customer_name")),
            ServiceCode::parse(&r.service_code).map_err(|e| e.at("service_code")),
            instant("slot_start", r.slot_start.as_ref()),
            optional_id("preferred_advisor_id", r.preferred_advisor_id),
            free_text(&r.notes, LONG_TEXT_CHARS).map_err(|e| e.at("notes")),
            overbook_reason(r.overbook, &r.overbook_reason),
        ))?;
        Ok(Booking {
            fingerprint,
            plate,
            phone,
            customer_name,
            service,
            slot_start,
            preferred_advisor_id: preferred,
            notes,
            overbook_reason: overbook,
            provisional_number: None,
        })
    }
}

/// The service code of a booking request, when it parses.
fn service_of(r: &pb::CreateAppointmentRequest) -> Option<ServiceCode> {
    ServiceCode::parse(&r.service_code).ok()
}

/// The slot start of a booking request, when it parses.
fn slot_of(r: &pb::CreateAppointmentRequest) -> Option<chrono::DateTime<chrono::Utc>> {
    instant("slot_start", r.slot_start.as_ref()).ok()
}

fn status_filter(status: i32) -> Result<Option<AppointmentStatus>, Violation> {
    match pb::AppointmentStatus::try_from(status) {
        Ok(pb::AppointmentStatus::Unspecified) => Ok(None),
        Ok(pb::AppointmentStatus::Booked) => Ok(Some(AppointmentStatus::Booked)),
        Ok(pb::AppointmentStatus::Cancelled) => Ok(Some(AppointmentStatus::Cancelled)),
        Ok(pb::AppointmentStatus::NoShow) => Ok(Some(AppointmentStatus::NoShow)),
        Ok(pb::AppointmentStatus::CheckedIn) => Ok(Some(AppointmentStatus::CheckedIn)),
        Err(_) => Err(Invalid::new(ErrorReason::FieldInvalid, "unknown status").at("status")),
    }
}

fn optional<T>(text: &str, parse: impl FnOnce(&str) -> Result<T, Violation>) -> Result<Option<T>, Violation> {
    if text.trim().is_empty() { Ok(None) } else { parse(text).map(Some) }
}

#[tonic::async_trait]
impl AppointmentService for AppointmentApi {
    async fn create_appointment(
        &self,
        request: Request<pb::CreateAppointmentRequest>,
    ) -> Result<Response<pb::CreateAppointmentResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.get_ref();
        let booking = self.app.check_service_and_slot(Booking::try_from(r), service_of(r), slot_of(r)).await.wire()?;
        let row = self.app.book(&caller, booking).await.wire()?;
        Ok(Response::new(pb::CreateAppointmentResponse { appointment: Some(appointment(&row)) }))
    }

    async fn get_appointment(
        &self,
        request: Request<pb::GetAppointmentRequest>,
    ) -> Result<Response<pb::GetAppointmentResponse>, Status> {
        let (code,) = all_valid((code(&request.get_ref().confirmation_code),)).wire()?;
        let row = self.app.appointment(code).await.wire()?;
        Ok(Response::new(pb::GetAppointmentResponse { appointment: Some(appointment(&row)) }))
    }

    async fn list_appointments(
        &self,
        request: Request<pb::ListAppointmentsRequest>,
    ) -> Result<Response<pb::ListAppointmentsResponse>, Status> {
        let r = request.into_inner();
        let (date, service, status, plate, page) = all_valid((
            optional(&r.date, |d| parse_date(d).map_err(|e| e.at("date"))),
            optional(&r.service_code, |s| ServiceCode::parse(s).map_err(|e| e.at("service_code"))),
            status_filter(r.status),
            optional(&r.plate, |p| Plate::parse(p).map_err(|e| e.at("plate"))),
            Page::parse(r.page_size, &r.page_token, 50, 500).map_err(|(f, e)| e.at(f)),
        ))
        .wire()?;
        let filter = Filter {
            date: date.map(|d| d.to_string()),
            service_code: service.map(|s| s.as_str().to_owned()),
            status,
            plate: plate.map(|p| p.as_str().to_owned()),
            ..Filter::default()
        };
        let (rows, next_page_token) = self.app.appointments(filter, page).await.wire()?;
        Ok(Response::new(pb::ListAppointmentsResponse {
            appointments: rows.iter().map(appointment).collect(),
            next_page_token,
        }))
    }

    async fn reschedule_appointment(
        &self,
        request: Request<pb::RescheduleAppointmentRequest>,
    ) -> Result<Response<pb::RescheduleAppointmentResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.into_inner();
        let start = instant("slot_start", r.slot_start.as_ref());
        let asked = start.as_ref().ok().copied();
        let parsed = all_valid((
            code(&r.confirmation_code),
            start,
            overbook_reason(r.overbook, &r.overbook_reason),
            r.preferred_advisor_id.map(|id| optional_id("preferred_advisor_id", id)).transpose(),
        ));
        let (code, slot_start, overbook, preferred) =
            self.app.check_service_and_slot(parsed, None, asked).await.wire()?;
        let row = self.app.reschedule(&caller, code, slot_start, overbook, preferred).await.wire()?;
        Ok(Response::new(pb::RescheduleAppointmentResponse { appointment: Some(appointment(&row)) }))
    }

    async fn cancel_appointment(
        &self,
        request: Request<pb::CancelAppointmentRequest>,
    ) -> Result<Response<pb::CancelAppointmentResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.into_inner();
        let (code, reason) =
            all_valid((code(&r.confirmation_code), free_text(&r.reason, SHORT_TEXT_CHARS).map_err(|e| e.at("reason"))))
                .wire()?;
        let row = self.app.cancel(&caller, code, reason).await.wire()?;
        Ok(Response::new(pb::CancelAppointmentResponse { appointment: Some(appointment(&row)) }))
    }

    async fn mark_no_show(
        &self,
        request: Request<pb::MarkNoShowRequest>,
    ) -> Result<Response<pb::MarkNoShowResponse>, Status> {
        let caller = caller(&request)?;
        let (code,) = all_valid((code(&request.get_ref().confirmation_code),)).wire()?;
        let row = self.app.mark_no_show(&caller, code).await.wire()?;
        Ok(Response::new(pb::MarkNoShowResponse { appointment: Some(appointment(&row)) }))
    }
}
