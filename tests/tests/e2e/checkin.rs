//! Check-in at the kiosk: numbers, retries, appointments, walk-ins, arrival times.

use frontdesk_proto::ErrorReason;
use frontdesk_proto::v1 as pb;
use frontdesk_server::domain::Role;
use frontdesk_tests::{TestServer, shanghai, ts};
use tonic::Code;

use crate::{assert_rejected, check_in, desk_booking, request_id, walk_in};

#[tokio::test]
async fn numbers_count_up_per_service_skip_nothing_and_restart_the_next_day() {
    let server = TestServer::start().await;
    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    let first = check_in(&server, walk_in("沪N00001", "13200000001", "maintenance")).await;
    assert_eq!(first.ticket_number, "B001");
    assert_eq!((first.position, first.state), (1, pb::TicketState::Waiting as i32));

    let retry = walk_in("沪N00002", "13200000002", "maintenance");
    let second = kiosk.check_in(retry.clone()).await.expect("checks in").into_inner();
    let again = kiosk.check_in(retry).await.expect("a retry succeeds").into_inner();
    assert_eq!(again.ticket, second.ticket, "a retried request_id returns the same ticket");
    let repeat = kiosk.check_in(walk_in("沪N00002", "", "maintenance")).await.expect("checks in").into_inner();
    assert!(repeat.existing, "a customer already waiting gets the same ticket back");
    assert_eq!(repeat.ticket.expect("ticket").ticket_number, "B002");

    assert_rejected(
        kiosk.check_in(walk_in("沪N00003", "", "maintenance")).await,
        Code::FailedPrecondition,
        ErrorReason::PhoneRequired,
    );
    assert_eq!(check_in(&server, walk_in("沪N00003", "13200000003", "maintenance")).await.ticket_number, "B003");
    assert_eq!(check_in(&server, walk_in("沪N00004", "13200000004", "repair")).await.ticket_number, "W001");

    server.clock.set(shanghai(5, 8, 45));
    assert_eq!(check_in(&server, walk_in("沪N00005", "13200000005", "maintenance")).await.ticket_number, "B001");
    let yesterday = check_in(&server, walk_in("沪N00001", "", "maintenance")).await;
    assert_eq!(yesterday.ticket_number, "B002", "yesterday's open ticket does not carry over");
}

#[tokio::test]
async fn appointment_customers_check_in_by_code_or_by_plate_and_last4() {
    let server = TestServer::start().await;
    server.clock.set(shanghai(3, 12, 0));
    let mut desk = server.connect(Role::Advisor).await.appointments();
    let mut codes = Vec::new();
    for (plate, phone, day) in
        [("沪A00001", "13100000001", 4), ("沪A00002", "13100000002", 4), ("沪A00003", "13100000003", 5)]
    {
        let a =
            desk.create_appointment(desk_booking(plate, phone, "repair", shanghai(day, 10, 0))).await.expect("books");
        codes.push(a.into_inner().appointment.expect("appointment").confirmation_code);
    }
    server.clock.set(shanghai(4, 9, 40));
    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    let by_code = kiosk
        .check_in(pb::CheckInRequest {
            request_id: request_id(),
            confirmation_code: codes[0].to_lowercase(),
            ..Default::default()
        })
        .await
        .expect("by code")
        .into_inner()
        .ticket
        .expect("ticket");
    assert!(by_code.appointment);
    assert_eq!((by_code.ticket_number.as_str(), by_code.masked_plate.as_str()), ("W001", "沪A***01"));

    let plate = |plate: &str, last4: &str| pb::CheckInRequest {
        request_id: request_id(),
        plate: plate.into(),
        phone_last4: last4.into(),
        ..Default::default()
    };
    let wrong = kiosk.check_in(plate("沪A00002", "9999")).await.expect_err("wrong last4");
    let unknown = kiosk.check_in(plate("沪A09999", "0002")).await.expect_err("unknown plate");
    assert_eq!((wrong.code(), wrong.message()), (unknown.code(), unknown.message()));
    assert_eq!(frontdesk_proto::reason_of(&wrong), Some(ErrorReason::AppointmentNotFound));
    let by_plate = kiosk.check_in(plate("沪A00002", "0002")).await.expect("by plate").into_inner();
    assert_eq!(by_plate.ticket.expect("ticket").ticket_number, "W002");

    let appointment = desk
        .get_appointment(pb::GetAppointmentRequest { confirmation_code: codes[0].clone() })
        .await
        .expect("found")
        .into_inner()
        .appointment
        .expect("appointment");
    assert_eq!(appointment.status, pb::AppointmentStatus::CheckedIn as i32);
    assert_rejected(
        kiosk
            .check_in(pb::CheckInRequest {
                request_id: request_id(),
                confirmation_code: codes[2].clone(),
                ..Default::default()
            })
            .await,
        Code::FailedPrecondition,
        ErrorReason::AppointmentNotToday,
    );
}

#[tokio::test]
async fn a_walk_in_with_an_appointment_today_is_checked_in_on_it() {
    let server = TestServer::start().await;
    server.clock.set(shanghai(3, 12, 0));
    server
        .connect(Role::Advisor)
        .await
        .appointments()
        .create_appointment(desk_booking("沪L00001", "13100000001", "maintenance", shanghai(4, 10, 0)))
        .await
        .expect("books");
    server.clock.set(shanghai(4, 9, 50));
    let ticket = check_in(&server, walk_in("沪L00001", "", "repair")).await;
    assert!(ticket.appointment);
    assert_eq!((ticket.service_code.as_str(), ticket.ticket_number.as_str()), ("maintenance", "B001"));
}

#[tokio::test]
async fn a_check_in_kept_offline_keeps_its_arrival_time_and_place() {
    let server = TestServer::start().await;
    server.clock.set(shanghai(4, 9, 30));
    check_in(&server, walk_in("沪G00002", "13000000002", "repair")).await;
    let mut kept = walk_in("沪G00001", "13000000001", "repair");
    kept.arrive_time = ts(shanghai(4, 9, 10));
    let landed = check_in(&server, kept).await;
    assert_eq!(landed.arrive_time, ts(shanghai(4, 9, 10)));
    assert_eq!(landed.position, 1, "it arrived first, so it goes first");

    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    for at in [shanghai(3, 16, 0), shanghai(4, 9, 45)] {
        let mut stale = walk_in("沪G00003", "13000000003", "repair");
        stale.arrive_time = ts(at);
        assert_rejected(kiosk.check_in(stale).await, Code::FailedPrecondition, ErrorReason::ArrivalTimeInvalid);
    }
}

#[tokio::test]
async fn check_in_opens_half_an_hour_before_the_store() {
    let server = TestServer::start().await;
    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    server.clock.set(shanghai(4, 7, 50));
    assert_rejected(
        kiosk.check_in(walk_in("沪H00001", "13000000001", "repair")).await,
        Code::FailedPrecondition,
        ErrorReason::OutsideOpeningHours,
    );
    server.clock.set(shanghai(4, 8, 5));
    kiosk.check_in(walk_in("沪H00001", "13000000001", "repair")).await.expect("from 08:00");
}
