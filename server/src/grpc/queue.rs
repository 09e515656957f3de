//! `frontdesk.v1.QueueService`: the waiting queue and the live stream.

use crate::grpc::status::{Wire, status};
use std::pin::Pin;

use crate::domain::ErrorReason;
use frontdesk_proto::v1 as pb;
use frontdesk_proto::v1::queue_service_server::QueueService;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::mpsc;
use tokio_stream::Stream;
use tokio_stream::wrappers::ReceiverStream;
use tonic::{Request, Response, Status};

use super::auth::caller;
use super::convert::{self, instant, optional_id, queue_advisor, ticket};
use crate::app::App;
use crate::app::counter::{Reception, Transfer, acting_advisor};
use crate::app::hub::{EventKind, QueueEvent};
use crate::app::queue::QueueView;
use crate::domain::limits::{LONG_TEXT_CHARS, SHORT_TEXT_CHARS};
use crate::domain::{
    AdvisorStatus, Error, Invalid, Page, Role, ServiceCode, TicketState, Violation, all_valid, free_text, parse_date,
};
use crate::domain::{Caller, QueueRules};

/// The queue service.
#[derive(Debug, Clone)]
pub struct QueueApi {
    app: App,
}

impl QueueApi {
    /// The service over an app.
    pub fn new(app: App) -> Self {
        Self { app }
    }
}

fn ticket_id(id: i64) -> Result<i64, Error> {
    if id > 0 {
        Ok(id)
    } else {
        Err(Error::invalid("ticket_id", Invalid::new(ErrorReason::FieldRequired, "name the ticket")))
    }
}

fn state_filter(value: i32) -> Result<Option<TicketState>, Violation> {
    use pb::TicketState as P;
    match P::try_from(value) {
        Ok(P::Unspecified) => Ok(None),
        Ok(P::Waiting) => Ok(Some(TicketState::Waiting)),
        Ok(P::Called) => Ok(Some(TicketState::Called)),
        Ok(P::InService) => Ok(Some(TicketState::InService)),
        Ok(P::Done) => Ok(Some(TicketState::Done)),
        Ok(P::NoShow) => Ok(Some(TicketState::NoShow)),
        Ok(P::Cancelled) => Ok(Some(TicketState::Cancelled)),
        Err(_) => Err(Invalid::new(ErrorReason::FieldInvalid, "unknown ticket state").at("state")),
    }
}

fn settable_status(value: i32) -> Result<AdvisorStatus, Violation> {
    match pb::AdvisorStatus::try_from(value) {
        Ok(pb::AdvisorStatus::Available) => Ok(AdvisorStatus::Available),
        Ok(pb::AdvisorStatus::Paused) => Ok(AdvisorStatus::Paused),
        Ok(pb::AdvisorStatus::Offline) => Ok(AdvisorStatus::Offline),
        _ => Err(Invalid::new(ErrorReason::FieldInvalid, "set AVAILABLE, PAUSED or OFFLINE").at("status")),
    }
}

/// The queue of the day as one WatchQueue message, masked for the kiosk.
fn snapshot_message(view: &QueueView, masked: bool, rules: &QueueRules) -> pb::WatchQueueResponse {
    let snapshot = pb::QueueSnapshot {
        local_date: view.local_date.clone(),
        tickets: if masked { Vec::new() } else { view.tickets.iter().map(ticket).collect() },
        kiosk_tickets: if masked {
            view.tickets.iter().map(|t| convert::kiosk_ticket(t, rules)).collect()
        } else {
            Vec::new()
        },
        advisors: view.advisors.iter().map(queue_advisor).collect(),
        waiting: convert::waiting(&view.waiting),
    };
    pb::WatchQueueResponse {
        seq: view.seq,
        kind: pb::QueueEventKind::Snapshot as i32,
        snapshot: Some(snapshot),
        waiting: convert::waiting(&view.waiting),
        ..Default::default()
    }
}

fn event_kind(kind: EventKind) -> pb::QueueEventKind {
    use pb::QueueEventKind as P;
    match kind {
        EventKind::TicketCreated => P::TicketCreated,
        EventKind::TicketCalled => P::TicketCalled,
        EventKind::TicketRecalled => P::TicketRecalled,
        EventKind::TicketStarted => P::TicketStarted,
        EventKind::TicketDone => P::TicketDone,
        EventKind::TicketTransferred => P::TicketTransferred,
        EventKind::TicketReturned => P::TicketReturned,
        EventKind::TicketNoShow => P::TicketNoShow,
        EventKind::TicketCancelled => P::TicketCancelled,
        EventKind::TicketRaised => P::TicketRaised,
        EventKind::AdvisorStatus => P::AdvisorStatus,
        EventKind::TicketAged => P::TicketAged,
        EventKind::TicketAppointmentDue => P::TicketAppointmentDue,
        EventKind::TicketHoldExpired => P::TicketHoldExpired,
        EventKind::TicketReleased => P::TicketReleased,
    }
}

/// One change as a WatchQueue message, masked for the kiosk.
fn event_message(event: &QueueEvent, masked: bool, rules: &QueueRules) -> pb::WatchQueueResponse {
    pb::WatchQueueResponse {
        seq: event.seq,
        kind: event_kind(event.kind) as i32,
        snapshot: None,
        ticket: if masked { None } else { event.ticket.as_ref().map(ticket) },
        kiosk_ticket: if masked { event.ticket.as_ref().map(|t| convert::kiosk_ticket(t, rules)) } else { None },
        advisor: event.advisor.as_ref().map(queue_advisor),
        waiting: convert::waiting(&event.waiting),
        detail: if masked { String::new() } else { event.detail.clone() },
    }
}

/// False once the caller's token no longer admits them: revoked, or their staff record
/// deactivated. A stream checks at every advisor change it forwards (which follows the
/// commit, so the store already tells), and every [`super::auth::TOKEN_CACHE_SECS`] for
/// revocations made by the command line and other staff.
async fn still_admitted(app: &App, caller: &Caller) -> bool {
    match app.still_admitted(caller).await {
        Ok(admitted) => admitted,
        Err(error) => {
            tracing::warn!(%error, "could not check a stream's token again; keeping it");
            true
        }
    }
}

/// Forwards the hub's events to one consumer until it leaves, its token stops
/// admitting it, or the server stops. A consumer that falls behind the hub's buffer
/// gets a fresh snapshot.
async fn forward(app: App, caller: Caller, tx: mpsc::Sender<Result<pb::WatchQueueResponse, Status>>) {
    let masked = caller.role == Role::Kiosk;
    let mut events = app.hub.subscribe();
    let shutdown = app.hub.shutdown_signal();
    let mut pending = Some(app.queue(None).await);
    let mut last = 0;
    let mut recheck = tokio::time::interval(std::time::Duration::from_secs(super::auth::TOKEN_CACHE_SECS));
    recheck.tick().await;
    let refused = || status(Error::refused(ErrorReason::TokenInvalid, "the token no longer admits you"));
    loop {
        let message = match pending.take() {
            Some(Ok(view)) => {
                last = view.seq;
                snapshot_message(&view, masked, &app.settings.queue)
            }
            Some(Err(error)) => {
                let _ = tx.send(Err(status(error))).await;
                return;
            }
            None => {
                let next = tokio::select! {
                    () = shutdown.cancelled() => return,
                    () = tx.closed() => return,
                    _ = recheck.tick() => None,
                    next = events.recv() => Some(next),
                };
                let Some(next) = next else {
                    if !still_admitted(&app, &caller).await {
                        let _ = tx.send(Err(refused())).await;
                        return;
                    }
                    continue;
                };
                match next {
                    Ok(event) if event.seq <= last => continue,
                    // A change of staff may be this caller's own deactivation.
                    Ok(event) if event.kind == EventKind::AdvisorStatus && !still_admitted(&app, &caller).await => {
                        let _ = tx.send(Err(refused())).await;
                        return;
                    }
                    Ok(event) => {
                        last = event.seq;
                        event_message(&event, masked, &app.settings.queue)
                    }
                    Err(RecvError::Lagged(missed)) => {
                        tracing::debug!(missed, "a WatchQueue consumer fell behind; sending a fresh snapshot");
                        pending = Some(app.queue(None).await);
                        continue;
                    }
                    Err(RecvError::Closed) => return,
                }
            }
        };
        tokio::select! {
            sent = tx.send(Ok(message)) => if sent.is_err() { return },
            () = shutdown.cancelled() => return,
        }
    }
}

type WatchStream = Pin<Box<dyn Stream<Item = Result<pb::WatchQueueResponse, Status>> + Send>>;

#[tonic::async_trait]
impl QueueService for QueueApi {
    type WatchQueueStream = WatchStream;

    async fn list_tickets(
        &self,
        request: Request<pb::ListTicketsRequest>,
    ) -> Result<Response<pb::ListTicketsResponse>, Status> {
        let r = request.into_inner();
        let (date, state, service, page) = all_valid((
            if r.date.is_empty() { Ok(None) } else { parse_date(&r.date).map(Some).map_err(|e| e.at("date")) },
            state_filter(r.state),
            if r.service_code.is_empty() {
                Ok(None)
            } else {
                ServiceCode::parse(&r.service_code)
                    .map(|s| Some(s.as_str().to_owned()))
                    .map_err(|e| e.at("service_code"))
            },
            Page::parse(r.page_size, &r.page_token, 100, 500).map_err(|(f, e)| e.at(f)),
        ))
        .wire()?;
        let (tickets, advisors, next_page_token) = self.app.tickets(date, state, service, page).await.wire()?;
        Ok(Response::new(pb::ListTicketsResponse {
            tickets: tickets.iter().map(ticket).collect(),
            advisors: advisors.iter().map(queue_advisor).collect(),
            next_page_token,
        }))
    }

    async fn pull_next_ticket(
        &self,
        request: Request<pb::PullNextTicketRequest>,
    ) -> Result<Response<pb::PullNextTicketResponse>, Status> {
        let caller = caller(&request)?;
        let (requested,) = all_valid((optional_id("advisor_id", request.get_ref().advisor_id),)).wire()?;
        let advisor = acting_advisor(&caller, requested).wire()?;
        let pulled = self.app.pull_next(&caller, advisor).await.wire()?;
        let reason = convert::assignment_reason(pulled.row.assignment_reason);
        Ok(Response::new(pb::PullNextTicketResponse { ticket: Some(ticket(&pulled)), reason }))
    }

    async fn start_service(
        &self,
        request: Request<pb::StartServiceRequest>,
    ) -> Result<Response<pb::StartServiceResponse>, Status> {
        let caller = caller(&request)?;
        let done = self.app.start_service(&caller, ticket_id(request.get_ref().ticket_id).wire()?).await.wire()?;
        Ok(Response::new(pb::StartServiceResponse { ticket: Some(ticket(&done)) }))
    }

    async fn complete_service(
        &self,
        request: Request<pb::CompleteServiceRequest>,
    ) -> Result<Response<pb::CompleteServiceResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.into_inner();
        let (id, mileage_km, customer_request, promised_ready, callback_note) = all_valid((
            (r.ticket_id > 0)
                .then_some(r.ticket_id)
                .ok_or_else(|| Invalid::new(ErrorReason::FieldRequired, "name the ticket").at("ticket_id")),
            (r.mileage_km >= 0)
                .then_some(r.mileage_km)
                .ok_or_else(|| Invalid::new(ErrorReason::FieldInvalid, "cannot be negative").at("mileage_km")),
            free_text(&r.customer_request, LONG_TEXT_CHARS).map_err(|e| e.at("customer_request")),
            instant("promised_ready_time", r.promised_ready_time.as_ref()),
            free_text(&r.callback_note, SHORT_TEXT_CHARS).map_err(|e| e.at("callback_note")),
        ))
        .wire()?;
        let reception = Reception {
            mileage_km,
            customer_request,
            promised_ready,
            callback_note,
            mystery_shopper: r.mystery_shopper,
            likely_to_complain: r.likely_to_complain,
        };
        let (done, visit) = self.app.complete_service(&caller, id, reception).await.wire()?;
        Ok(Response::new(pb::CompleteServiceResponse {
            ticket: Some(ticket(&done)),
            visit: Some(convert::visit(&visit)),
        }))
    }

    async fn recall_ticket(
        &self,
        request: Request<pb::RecallTicketRequest>,
    ) -> Result<Response<pb::RecallTicketResponse>, Status> {
        let caller = caller(&request)?;
        let done = self.app.recall(&caller, ticket_id(request.get_ref().ticket_id).wire()?).await.wire()?;
        Ok(Response::new(pb::RecallTicketResponse { ticket: Some(ticket(&done)) }))
    }

    async fn skip_ticket(
        &self,
        request: Request<pb::SkipTicketRequest>,
    ) -> Result<Response<pb::SkipTicketResponse>, Status> {
        let caller = caller(&request)?;
        let done = self.app.skip(&caller, ticket_id(request.get_ref().ticket_id).wire()?).await.wire()?;
        Ok(Response::new(pb::SkipTicketResponse { ticket: Some(ticket(&done)) }))
    }

    async fn transfer_ticket(
        &self,
        request: Request<pb::TransferTicketRequest>,
    ) -> Result<Response<pb::TransferTicketResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.into_inner();
        let (id, to_advisor, to_service, note) = all_valid((
            (r.ticket_id > 0)
                .then_some(r.ticket_id)
                .ok_or_else(|| Invalid::new(ErrorReason::FieldRequired, "name the ticket").at("ticket_id")),
            optional_id("to_advisor_id", r.to_advisor_id),
            if r.to_service_code.is_empty() {
                Ok(None)
            } else {
                ServiceCode::parse(&r.to_service_code).map(Some).map_err(|e| e.at("to_service_code"))
            },
            free_text(&r.note, SHORT_TEXT_CHARS).map_err(|e| e.at("note")),
        ))
        .wire()?;
        let to = Transfer::new(to_advisor, to_service, note).map_err(|v| status(Error::Invalid(vec![v])))?;
        let done = self.app.transfer(&caller, id, to).await.wire()?;
        Ok(Response::new(pb::TransferTicketResponse { ticket: Some(ticket(&done)) }))
    }

    async fn return_ticket(
        &self,
        request: Request<pb::ReturnTicketRequest>,
    ) -> Result<Response<pb::ReturnTicketResponse>, Status> {
        let caller = caller(&request)?;
        let done = self.app.return_ticket(&caller, ticket_id(request.get_ref().ticket_id).wire()?).await.wire()?;
        Ok(Response::new(pb::ReturnTicketResponse { ticket: Some(ticket(&done)) }))
    }

    async fn cancel_ticket(
        &self,
        request: Request<pb::CancelTicketRequest>,
    ) -> Result<Response<pb::CancelTicketResponse>, Status> {
        let caller = caller(&request)?;
        let (id, _reason) = all_valid((
            (request.get_ref().ticket_id > 0)
                .then_some(request.get_ref().ticket_id)
                .ok_or_else(|| Invalid::new(ErrorReason::FieldRequired, "name the ticket").at("ticket_id")),
            free_text(&request.get_ref().reason, SHORT_TEXT_CHARS).map_err(|e| e.at("reason")),
        ))
        .wire()?;
        let done = self.app.cancel_ticket(&caller, id).await.wire()?;
        Ok(Response::new(pb::CancelTicketResponse { ticket: Some(ticket(&done)) }))
    }

    async fn raise_ticket(
        &self,
        request: Request<pb::RaiseTicketRequest>,
    ) -> Result<Response<pb::RaiseTicketResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.into_inner();
        let (id, reason) = all_valid((
            (r.ticket_id > 0)
                .then_some(r.ticket_id)
                .ok_or_else(|| Invalid::new(ErrorReason::FieldRequired, "name the ticket").at("ticket_id")),
            crate::domain::queue::raise_reason(&r.reason).map_err(|e| e.at("reason")),
        ))
        .wire()?;
        let done = self.app.raise(&caller, id, reason).await.wire()?;
        Ok(Response::new(pb::RaiseTicketResponse { ticket: Some(ticket(&done)) }))
    }

    async fn set_advisor_status(
        &self,
        request: Request<pb::SetAdvisorStatusRequest>,
    ) -> Result<Response<pb::SetAdvisorStatusResponse>, Status> {
        let caller = caller(&request)?;
        let r = request.into_inner();
        let (requested, status) =
            all_valid((optional_id("advisor_id", r.advisor_id), settable_status(r.status))).wire()?;
        let advisor = acting_advisor(&caller, requested).wire()?;
        let done = self.app.set_advisor_status(&caller, advisor, status).await.wire()?;
        Ok(Response::new(pb::SetAdvisorStatusResponse { advisor: Some(queue_advisor(&done)) }))
    }

    async fn get_advisor_state(
        &self,
        request: Request<pb::GetAdvisorStateRequest>,
    ) -> Result<Response<pb::GetAdvisorStateResponse>, Status> {
        let caller = caller(&request)?;
        let (requested,) = all_valid((optional_id("advisor_id", request.get_ref().advisor_id),)).wire()?;
        let (advisor, held) = self.app.advisor_state(acting_advisor(&caller, requested).wire()?).await.wire()?;
        Ok(Response::new(pb::GetAdvisorStateResponse {
            advisor: Some(queue_advisor(&advisor)),
            ticket: held.as_ref().map(ticket),
        }))
    }

    async fn watch_queue(
        &self,
        request: Request<pb::WatchQueueRequest>,
    ) -> Result<Response<Self::WatchQueueStream>, Status> {
        let caller = caller(&request)?;
        let (tx, rx) = mpsc::channel(16);
        tokio::spawn(forward(self.app.clone(), caller, tx));
        Ok(Response::new(Box::pin(ReceiverStream::new(rx))))
    }
}
