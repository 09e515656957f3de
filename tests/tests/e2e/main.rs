//! End-to-end tests: a real server on port 0, a temporary SQLite file, real gRPC clients.

mod admin;
mod auth;
mod booking;
mod bounds;
mod checkin;
mod checkin_rules;
mod concurrency;
mod customers;
mod errors;
mod followup;
mod metrics;
mod parts;
mod privacy;
mod queue;
mod queue_clock;
mod queue_edges;
mod recalls;
mod reports;
mod restart;
mod tls;
mod visits;
mod warranty;
mod watch;
mod work_orders;

use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Utc};
use frontdesk_proto::v1 as pb;
use frontdesk_proto::{ErrorReason, reason_of};

/// A request id no other request in this test binary uses.
pub fn request_id() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!("test-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
}

/// A kiosk booking request.
pub fn kiosk_booking(plate: &str, phone: &str, service: &str, slot: DateTime<Utc>) -> pb::BookAppointmentRequest {
    pb::BookAppointmentRequest {
        request_id: request_id(),
        plate: plate.into(),
        phone: phone.into(),
        customer_name: "张三".into(),
        service_code: service.into(),
        slot_start: frontdesk_tests::ts(slot),
        provisional_number: String::new(),
    }
}

/// A desk booking request.
pub fn desk_booking(plate: &str, phone: &str, service: &str, slot: DateTime<Utc>) -> pb::CreateAppointmentRequest {
    pb::CreateAppointmentRequest {
        request_id: request_id(),
        plate: plate.into(),
        phone: phone.into(),
        customer_name: "李四".into(),
        service_code: service.into(),
        slot_start: frontdesk_tests::ts(slot),
        ..Default::default()
    }
}

/// The code and reason of a failed call.
pub fn failure<T: std::fmt::Debug>(result: Result<T, tonic::Status>) -> (tonic::Code, Option<ErrorReason>) {
    let status = result.expect_err("the call must fail");
    (status.code(), reason_of(&status))
}

/// Asserts a call failed with a code and reason.
#[track_caller]
pub fn assert_rejected<T: std::fmt::Debug>(result: Result<T, tonic::Status>, code: tonic::Code, reason: ErrorReason) {
    let status = result.expect_err("the call must fail");
    assert_eq!((status.code(), reason_of(&status)), (code, Some(reason)), "{status:?}");
}

/// A walk-in check-in for a new customer.
pub fn walk_in(plate: &str, phone: &str, service: &str) -> pb::CheckInRequest {
    pb::CheckInRequest {
        request_id: request_id(),
        plate: plate.into(),
        service_code: service.into(),
        phone: phone.into(),
        customer_name: "王".into(),
        ..Default::default()
    }
}

/// Checks in and returns the ticket.
pub async fn check_in(server: &frontdesk_tests::TestServer, request: pb::CheckInRequest) -> pb::KioskTicket {
    server
        .connect(frontdesk_server::domain::Role::Kiosk)
        .await
        .kiosk()
        .check_in(request)
        .await
        .expect("checks in")
        .into_inner()
        .ticket
        .expect("ticket")
}

/// Pulls the next ticket for the token's advisor: its number and the reason.
pub async fn pull(
    server: &frontdesk_tests::TestServer,
    token: &str,
) -> Result<(pb::Ticket, pb::AssignmentReason), tonic::Status> {
    let pulled = server
        .connect_with_token(token)
        .await
        .queue()
        .pull_next_ticket(pb::PullNextTicketRequest::default())
        .await?
        .into_inner();
    let reason = pb::AssignmentReason::try_from(pulled.reason).expect("known reason");
    Ok((pulled.ticket.expect("ticket"), reason))
}

/// A supervisor activates or deactivates a member of staff.
pub async fn set_active(server: &frontdesk_tests::TestServer, advisor_id: i64, active: bool) {
    let change = pb::UpdateAdvisorRequest { advisor_id, active: Some(active), ..Default::default() };
    let mut admin = server.connect(frontdesk_server::domain::Role::Supervisor).await.admin();
    admin.update_advisor(change).await.expect("changes the staff record");
}

/// The live queue stream, as the holder of `token` follows it.
pub async fn watch(server: &frontdesk_tests::TestServer, token: &str) -> tonic::Streaming<pb::WatchQueueResponse> {
    server
        .connect_with_token(token)
        .await
        .queue()
        .watch_queue(pb::WatchQueueRequest {})
        .await
        .expect("watches")
        .into_inner()
}
