//! What the clock alone changes in the queue reaches WatchQueue when it happens:
//! ageing, an appointment's window opening, a hold running out, and a transfer to an
//! advisor who stays paused going back to the queue.

use std::time::Duration;

use frontdesk_proto::v1 as pb;
use frontdesk_proto::v1::AssignmentReason as Why;
use frontdesk_proto::v1::QueueEventKind as Kind;
use frontdesk_server::domain::Role;
use frontdesk_tests::{TestServer, shanghai};
use tonic::Streaming;

use crate::{check_in, desk_booking, pull, request_id, walk_in, watch};

/// A server that looks at its clock every second.
async fn ticking() -> TestServer {
    TestServer::start_with(|c| c.queue.clock_check_seconds = 1).await
}

/// The next message that is not a snapshot, within 5 s (the clock looks every second).
async fn next_change(stream: &mut Streaming<pb::WatchQueueResponse>) -> pb::WatchQueueResponse {
    loop {
        let m = tokio::time::timeout(Duration::from_secs(5), stream.message())
            .await
            .expect("a change within 5 s")
            .expect("no error")
            .expect("open");
        if m.kind != Kind::Snapshot as i32 {
            return m;
        }
    }
}

fn kind(m: &pb::WatchQueueResponse) -> Kind {
    Kind::try_from(m.kind).expect("known kind")
}

#[tokio::test]
async fn ageing_and_an_opening_appointment_window_are_published_when_they_happen() {
    let server = ticking().await;
    server.clock.set(shanghai(3, 12, 0));
    let mut desk = server.connect(Role::Supervisor).await.appointments();
    let booked = desk.create_appointment(desk_booking("沪F00002", "13800000002", "repair", shanghai(4, 10, 0)));
    let code = booked.await.expect("books").into_inner().appointment.expect("a").confirmation_code;
    server.clock.set(shanghai(4, 9, 0));
    check_in(&server, walk_in("沪F00001", "13800000001", "repair")).await;
    server.clock.set(shanghai(4, 9, 15));
    let early = pb::CheckInRequest { request_id: request_id(), confirmation_code: code, ..Default::default() };
    check_in(&server, early).await;
    let mut staff = watch(&server, server.token(Role::Supervisor)).await;
    let mut lobby = watch(&server, server.token(Role::Kiosk)).await;
    // 09:20: the walk-in has waited 20 minutes and rises beside the appointments.
    server.clock.set(shanghai(4, 9, 20));
    let aged = next_change(&mut staff).await;
    assert_eq!(kind(&aged), Kind::TicketAged);
    assert_eq!(aged.ticket.as_ref().map(|t| (t.plate.as_str(), t.position)), Some(("沪F00001", 1)));
    let shown = next_change(&mut lobby).await;
    assert_eq!(kind(&shown), Kind::TicketAged);
    assert!(shown.ticket.is_none() && shown.kiosk_ticket.is_some(), "the lobby gets the masked ticket");
    // 09:30: the 10:00 appointment's window opens; it is already behind the aged walk-in.
    server.clock.set(shanghai(4, 9, 30));
    let due = next_change(&mut staff).await;
    assert_eq!(kind(&due), Kind::TicketAppointmentDue);
    assert_eq!(due.ticket.as_ref().map(|t| (t.plate.as_str(), t.position)), Some(("沪F00002", 2)));
    let events = server.running().app.queue(None).await.expect("queue").seq;
    server.clock.set(shanghai(4, 9, 31));
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(server.running().app.queue(None).await.expect("queue").seq, events, "nothing is published twice");
}

#[tokio::test]
async fn a_hold_running_out_is_published() {
    let server = ticking().await;
    let (x_id, _) = server.add_advisor("甲", 4, &["maintenance"]).await;
    let (_, y) = server.add_advisor("乙", 2, &["maintenance"]).await;
    server.clock.set(shanghai(3, 12, 0));
    let mut desk = server.connect(Role::Supervisor).await.appointments();
    let mut asks = desk_booking("沪F00003", "13800000003", "maintenance", shanghai(4, 9, 30));
    asks.preferred_advisor_id = x_id;
    let code = desk.create_appointment(asks).await.expect("books").into_inner().appointment.expect("a");
    server.clock.set(shanghai(4, 9, 5));
    let by_code = pb::CheckInRequest {
        request_id: request_id(),
        confirmation_code: code.confirmation_code,
        ..Default::default()
    };
    check_in(&server, by_code).await;
    let mut staff = watch(&server, server.token(Role::Supervisor)).await;
    server.clock.set(shanghai(4, 9, 15));
    let expired = next_change(&mut staff).await;
    assert_eq!(kind(&expired), Kind::TicketHoldExpired);
    let (t, why) = pull(&server, &y).await.expect("anybody skilled calls it now");
    assert_eq!((t.plate.as_str(), why), ("沪F00003", Why::Appointment));
}

#[tokio::test]
async fn a_transfer_to_a_paused_advisor_goes_back_to_the_queue_after_the_hold() {
    let server = ticking().await;
    let (_, x) = server.add_advisor("甲", 4, &["maintenance", "repair"]).await;
    let (y_id, y) = server.add_advisor("乙", 2, &["maintenance", "repair"]).await;
    let (_, z) = server.add_advisor("丙", 3, &["maintenance", "repair"]).await;
    check_in(&server, walk_in("沪F00004", "13800000004", "repair")).await;
    let (t, _) = pull(&server, &x).await.expect("pulls");
    let mut y_queue = server.connect_with_token(&y).await.queue();
    let paused = pb::SetAdvisorStatusRequest { advisor_id: 0, status: pb::AdvisorStatus::Paused as i32 };
    y_queue.set_advisor_status(paused).await.expect("pauses");
    let mut x_queue = server.connect_with_token(&x).await.queue();
    let to_y = pb::TransferTicketRequest { ticket_id: t.ticket_id, to_advisor_id: y_id, ..Default::default() };
    x_queue.transfer_ticket(to_y).await.expect("transfers");
    let mut staff = watch(&server, server.token(Role::Supervisor)).await;
    server.clock.set(shanghai(4, 9, 5));
    assert_eq!(
        pull(&server, &z).await.map(|p| p.0.ticket_id).ok(),
        None,
        "held for the paused advisor within the hold"
    );
    server.clock.set(shanghai(4, 9, 10));
    let released = loop {
        let m = next_change(&mut staff).await;
        if kind(&m) == Kind::TicketReleased {
            break m;
        }
    };
    let ticket = released.ticket.expect("staff see the ticket");
    assert_eq!((ticket.transferred_to_advisor_id, ticket.state), (0, pb::TicketState::Waiting as i32));
    assert!(released.detail.contains("乙"), "says whom it waited for: {}", released.detail);
    let (again, _) = pull(&server, &z).await.expect("the queue's again");
    assert_eq!(again.ticket_id, t.ticket_id);
}
