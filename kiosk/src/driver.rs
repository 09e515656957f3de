//! Makes the controller's calls against the server: every call carries a deadline,
//! unreachable calls are retried with the same request, and a check-in or booking
//! that still cannot reach the server goes to the outbox.

use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use frontdesk_proto::client::Connection;
use frontdesk_proto::v1 as pb;
use frontdesk_proto::{ErrorReason, reason_of};
use frontdesk_server::domain::mask_plate;
use tonic::Code;
use tonic_types::StatusExt;

use crate::flow::{BookInput, Call, CheckInInput, Reply};
use crate::outbox::{Kept, Outbox};
use crate::views::{AppointmentView, IdentifiedView, ProgressView, ServiceChoice, SlotChoice, TicketView};

/// How hard the driver tries.
#[derive(Debug, Clone, Copy)]
pub struct Patience {
    /// Deadline of one attempt.
    pub deadline: Duration,
    /// Attempts before giving up (the same request each time).
    pub attempts: u32,
    /// Pause between attempts.
    pub pause: Duration,
}

impl Default for Patience {
    fn default() -> Self {
        Self { deadline: Duration::from_secs(3), attempts: 3, pause: Duration::from_millis(300) }
    }
}

/// How this kiosk numbers the customers it registers while the server is unreachable:
/// `L-0412-07` is the 7th of 12 April (the store's day) at the kiosk tagged `L`.
#[derive(Debug, Clone)]
pub struct Provisional {
    /// This kiosk's tag (1 to 4 letters or digits), so two kiosks never give one number.
    pub tag: String,
    /// The store's zone, whose day the number counts in.
    pub zone: Tz,
}

impl Default for Provisional {
    fn default() -> Self {
        Self { tag: "L".into(), zone: chrono_tz::Asia::Shanghai }
    }
}

/// Runs calls for the kiosk.
#[derive(Debug, Clone)]
pub struct Driver {
    conn: Connection,
    outbox: Outbox,
    patience: Patience,
    provisional: Provisional,
}

/// True when a status means the server was not reached (or did not answer in time).
pub fn unreachable(status: &tonic::Status) -> bool {
    matches!(status.code(), Code::Unavailable | Code::DeadlineExceeded | Code::Cancelled)
        || (status.code() == Code::Unknown && reason_of(status).is_none())
}

/// The message key of a failed call: its ErrorReason code, SERVER_DOWN when the
/// server was not reached, or UNEXPECTED. The kiosk never shows `Status.message`.
pub fn message_key(status: &tonic::Status) -> String {
    match reason_of(status) {
        Some(reason) => reason.code().to_owned(),
        None if unreachable(status) => "SERVER_DOWN".to_owned(),
        None => "UNEXPECTED".to_owned(),
    }
}

fn time(ts: Option<&prost_types::Timestamp>) -> Option<DateTime<Utc>> {
    ts.and_then(|t| DateTime::from_timestamp(t.seconds, 0))
}

/// A value of the refusal's `ErrorInfo` metadata.
fn detail(status: &tonic::Status, key: &str) -> Option<String> {
    status.get_details_error_info()?.metadata.get(key).cloned()
}

fn rfc3339(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.with_timezone(&Utc))
}

/// A refusal as the controller takes it: an appointment of another day says when it
/// is, and a car in the workshop where its repair stands (what the metadata tells;
/// nothing when the request did not prove the customer).
fn refusal(status: &tonic::Status) -> Reply {
    match reason_of(status) {
        Some(ErrorReason::AppointmentNotToday) => match detail(status, "slot_start").as_deref().and_then(rfc3339) {
            Some(start) => Reply::NotToday(start),
            None => Reply::Failed(message_key(status)),
        },
        Some(ErrorReason::VisitAlreadyOpen) => Reply::InWorkshop(workshop_progress(status)),
        _ => Reply::Failed(message_key(status)),
    }
}

/// The repair progress a VISIT_ALREADY_OPEN refusal tells: the stage, the promised
/// time and the masked plate (no history: the lookup adds it).
fn workshop_progress(status: &tonic::Status) -> Option<ProgressView> {
    let stage = detail(status, "stage")?;
    let stage = pb::VisitStage::from_str_name(&format!("VISIT_STAGE_{stage}"))?;
    Some(ProgressView {
        stage: usize::try_from(stage as i32 - 1).unwrap_or(0).min(5),
        promised: detail(status, "promised_ready_time").as_deref().and_then(rfc3339),
        parts_date: None,
        reached: vec![None; 6],
        masked_plate: detail(status, "masked_plate").unwrap_or_default(),
        vehicle_model: String::new(),
    })
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

fn identified_view(r: &pb::IdentifyVehicleResponse) -> Option<IdentifiedView> {
    r.matched.then(|| IdentifiedView {
        masked_name: r.masked_customer_name.clone(),
        masked_phone: r.masked_phone.clone(),
        vehicle_model: r.vehicle_model.clone(),
        appointments: r.appointments.iter().filter_map(appointment_view).collect(),
        progress: r.open_visit.as_ref().map(|v| progress_view(v, &r.plate, &r.vehicle_model)),
    })
}

impl Driver {
    /// A driver over a connection and an outbox.
    pub fn new(conn: Connection, outbox: Outbox, patience: Patience) -> Self {
        Self { conn, outbox, patience, provisional: Provisional::default() }
    }

    /// The same driver numbering what it keeps offline this way.
    pub fn numbering(self, provisional: Provisional) -> Self {
        Self { provisional, ..self }
    }

    /// The outbox.
    pub fn outbox(&self) -> &Outbox {
        &self.outbox
    }

    /// The connection.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Makes one attempt after another until one reaches the server.
    async fn attempt<T, F, Fut>(&self, mut once: F) -> Result<T, tonic::Status>
    where
        F: FnMut(Duration) -> Fut,
        Fut: Future<Output = Result<T, tonic::Status>>,
    {
        let mut last = tonic::Status::unavailable("no attempt made");
        for n in 0..self.patience.attempts.max(1) {
            if n > 0 {
                tokio::time::sleep(self.patience.pause).await;
            }
            match once(self.patience.deadline).await {
                Err(status) if unreachable(&status) => last = status,
                other => return other,
            }
        }
        Err(last)
    }

    fn request<T>(message: T, deadline: Duration) -> tonic::Request<T> {
        let mut request = tonic::Request::new(message);
        request.set_timeout(deadline);
        request
    }

    /// Makes a call and returns the reply for the controller.
    pub async fn run(&self, call: Call) -> Reply {
        let listing_services = call == Call::ServiceTypes;
        let refreshing = matches!(call, Call::RefreshTicket { .. });
        let replaces = match &call {
            Call::CheckIn(CheckInInput { replaces: Some(old), .. }) => Some(old.clone()),
            _ => None,
        };
        let reply = match self.execute(call.clone()).await {
            Ok(reply) => reply,
            // The controller keeps the service types it knows.
            Err(_) if listing_services => Reply::ServiceTypes(Vec::new()),
            // A ticket that cannot be read now stays on screen as it was.
            Err(_) if refreshing => Reply::TicketNow(None),
            Err(status) if unreachable(&status) => self.keep_or_fail(call),
            Err(status) => refusal(&status),
        };
        // The check-in kept offline without digits or phone goes once the one with them
        // has landed or is kept in its place; if that one is refused, the first stays.
        if let Some(old) = replaces
            && matches!(reply, Reply::Ticket(_) | Reply::Queued(_))
            && let Err(error) = self.outbox.forget(&old)
        {
            tracing::error!(%error, "could not drop a replaced request from the outbox");
        }
        reply
    }

    fn keep_or_fail(&self, call: Call) -> Reply {
        let (kept, at) = match &call {
            Call::CheckIn(c) => (Kept::CheckIn(check_in_request(c, true)), c.at),
            Call::Book(b) => (Kept::Book(book_request(b)), b.at),
            _ => return Reply::Failed("SERVER_DOWN".into()),
        };
        let day = at.with_timezone(&self.provisional.zone).date_naive();
        match self.outbox.keep_numbered(kept, day, &self.provisional.tag) {
            Ok(number) => Reply::Queued(number),
            Err(error) => {
                tracing::error!(%error, "could not keep a request offline");
                Reply::Failed("SERVER_DOWN".into())
            }
        }
    }

    async fn execute(&self, call: Call) -> Result<Reply, tonic::Status> {
        let conn = &self.conn;
        match call {
            Call::ServiceTypes => {
                let r = self
                    .attempt(|d| async move {
                        conn.admin().list_service_types(Self::request(pb::ListServiceTypesRequest::default(), d)).await
                    })
                    .await?
                    .into_inner();
                Ok(Reply::ServiceTypes(
                    r.service_types
                        .into_iter()
                        .map(|t| ServiceChoice { code: t.code, name_zh: t.name_zh, name_en: t.name_en })
                        .collect(),
                ))
            }
            Call::Identify { plate, last4 } => {
                let message = pb::IdentifyVehicleRequest { plate, phone_last4: last4 };
                let r = self
                    .attempt(|d| {
                        let message = message.clone();
                        async move { conn.kiosk().identify_vehicle(Self::request(message, d)).await }
                    })
                    .await?
                    .into_inner();
                Ok(Reply::Identified(identified_view(&r)))
            }
            Call::CheckIn(c) => {
                let message = check_in_request(&c, false);
                let r = self
                    .attempt(|d| {
                        let message = message.clone();
                        async move { conn.kiosk().check_in(Self::request(message, d)).await }
                    })
                    .await?
                    .into_inner();
                let ticket = r.ticket.ok_or_else(|| tonic::Status::internal("no ticket"))?;
                Ok(Reply::Ticket(ticket_view(&ticket, r.existing)))
            }
            Call::Slots { service, date } => {
                let message = pb::ListAvailableSlotsRequest {
                    service_code: service,
                    date: date.to_string(),
                    page_size: 500,
                    ..Default::default()
                };
                let r = self
                    .attempt(|d| {
                        let message = message.clone();
                        async move { conn.kiosk().list_available_slots(Self::request(message, d)).await }
                    })
                    .await?
                    .into_inner();
                Ok(Reply::Slots(
                    r.slots
                        .iter()
                        .filter_map(|s| {
                            Some(SlotChoice {
                                start: time(s.slot_start.as_ref())?,
                                remaining: s.remaining,
                                bookable: s.bookable,
                            })
                        })
                        .collect(),
                ))
            }
            Call::Book(b) => {
                let message = book_request(&b);
                let r = self
                    .attempt(|d| {
                        let message = message.clone();
                        async move { conn.kiosk().book_appointment(Self::request(message, d)).await }
                    })
                    .await?
                    .into_inner();
                Ok(Reply::Booked(r.confirmation_code))
            }
            Call::RefreshTicket { number } => {
                let message = pb::GetTicketRequest { ticket_number: number };
                let r = self
                    .attempt(|d| {
                        let message = message.clone();
                        async move { conn.kiosk().get_ticket(Self::request(message, d)).await }
                    })
                    .await?
                    .into_inner();
                let ticket = r.ticket.ok_or_else(|| tonic::Status::internal("no ticket"))?;
                Ok(Reply::TicketNow(Some(ticket_view(&ticket, false))))
            }
            Call::Cancel { code, last4, confirm } => {
                let message = pb::KioskServiceCancelAppointmentRequest {
                    confirmation_code: code,
                    phone_last4: last4,
                    validate_only: !confirm,
                };
                let r = self
                    .attempt(|d| {
                        let message = message.clone();
                        async move { conn.kiosk().cancel_appointment(Self::request(message, d)).await }
                    })
                    .await?
                    .into_inner();
                let appointment = r
                    .appointment
                    .as_ref()
                    .and_then(appointment_view)
                    .ok_or_else(|| tonic::Status::internal("no appointment"))?;
                Ok(if confirm { Reply::Cancelled(appointment) } else { Reply::CancelPreview(appointment) })
            }
        }
    }
}
