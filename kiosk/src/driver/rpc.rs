//! One function per server call the kiosk makes: build the request, send it with a
//! deadline (again, the same request, while the server cannot be reached), and turn
//! the answer into the controller's [`Reply`].

use std::time::Duration;

use frontdesk_proto::client::Connection;
use frontdesk_proto::v1 as pb;
use tonic::Status;

use super::status::unreachable;
use super::wire::{
    appointment_view, book_request, check_in_request, identified_view, service_choices, slot_choices, ticket_view,
};
use crate::flow::{BookInput, Call, CheckInInput, Reply};

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

/// Sends `message` with `send`, one attempt after another until one reaches the server.
async fn attempt<M, T, F, Fut>(patience: Patience, message: M, mut send: F) -> Result<T, Status>
where
    M: Clone,
    F: FnMut(tonic::Request<M>) -> Fut,
    Fut: Future<Output = Result<tonic::Response<T>, Status>>,
{
    let mut last = Status::unavailable("no attempt made");
    for n in 0..patience.attempts.max(1) {
        if n > 0 {
            tokio::time::sleep(patience.pause).await;
        }
        let mut request = tonic::Request::new(message.clone());
        request.set_timeout(patience.deadline);
        match send(request).await {
            Err(status) if unreachable(&status) => last = status,
            other => return other.map(tonic::Response::into_inner),
        }
    }
    Err(last)
}

/// Makes one of the controller's calls.
pub(super) async fn execute(conn: &Connection, patience: Patience, call: Call) -> Result<Reply, Status> {
    match call {
        Call::ServiceTypes => service_types(conn, patience).await,
        Call::Identify { plate, last4 } => identify(conn, patience, plate, last4).await,
        Call::CheckIn(c) => check_in(conn, patience, &c).await,
        Call::Slots { service, date } => slots(conn, patience, service, date).await,
        Call::Book(b) => book(conn, patience, &b).await,
        Call::RefreshTicket { number } => ticket(conn, patience, number).await,
        Call::Cancel { code, last4, confirm } => cancel(conn, patience, code, last4, confirm).await,
    }
}

async fn service_types(conn: &Connection, patience: Patience) -> Result<Reply, Status> {
    let message = pb::ListServiceTypesRequest::default();
    let r = attempt(patience, message, |m| async move { conn.admin().list_service_types(m).await }).await?;
    Ok(Reply::ServiceTypes(service_choices(r)))
}

async fn identify(conn: &Connection, patience: Patience, plate: String, last4: String) -> Result<Reply, Status> {
    let message = pb::IdentifyVehicleRequest { plate, phone_last4: last4 };
    let r = attempt(patience, message, |m| async move { conn.kiosk().identify_vehicle(m).await }).await?;
    Ok(Reply::Identified(identified_view(&r)))
}

async fn check_in(conn: &Connection, patience: Patience, c: &CheckInInput) -> Result<Reply, Status> {
    let message = check_in_request(c, false);
    let r = attempt(patience, message, |m| async move { conn.kiosk().check_in(m).await }).await?;
    let ticket = r.ticket.ok_or_else(|| Status::internal("no ticket"))?;
    Ok(Reply::Ticket(ticket_view(&ticket, r.existing)))
}

async fn slots(
    conn: &Connection,
    patience: Patience,
    service: String,
    date: chrono::NaiveDate,
) -> Result<Reply, Status> {
    let message = pb::ListAvailableSlotsRequest {
        service_code: service,
        date: date.to_string(),
        page_size: 500,
        ..Default::default()
    };
    let r = attempt(patience, message, |m| async move { conn.kiosk().list_available_slots(m).await }).await?;
    Ok(Reply::Slots { date, slots: slot_choices(&r) })
}

async fn book(conn: &Connection, patience: Patience, b: &BookInput) -> Result<Reply, Status> {
    let message = book_request(b);
    let r = attempt(patience, message, |m| async move { conn.kiosk().book_appointment(m).await }).await?;
    Ok(Reply::Booked(r.confirmation_code))
}

async fn ticket(conn: &Connection, patience: Patience, number: String) -> Result<Reply, Status> {
    let message = pb::GetTicketRequest { ticket_number: number };
    let r = attempt(patience, message, |m| async move { conn.kiosk().get_ticket(m).await }).await?;
    let ticket = r.ticket.ok_or_else(|| Status::internal("no ticket"))?;
    Ok(Reply::TicketNow(Some(ticket_view(&ticket, false))))
}

async fn cancel(
    conn: &Connection,
    patience: Patience,
    code: String,
    last4: String,
    confirm: bool,
) -> Result<Reply, Status> {
    let message = pb::KioskServiceCancelAppointmentRequest {
        confirmation_code: code,
        phone_last4: last4,
        validate_only: !confirm,
    };
    let r = attempt(patience, message, |m| async move { conn.kiosk().cancel_appointment(m).await }).await?;
    let appointment =
        r.appointment.as_ref().and_then(appointment_view).ok_or_else(|| Status::internal("no appointment"))?;
    Ok(if confirm { Reply::Cancelled(appointment) } else { Reply::CancelPreview(appointment) })
}
