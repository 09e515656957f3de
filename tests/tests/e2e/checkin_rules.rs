//! Check-in as customers try it (issue 10): coming back by plate, codes that
//! contradict the rest, empty fields, the check-in window, wrong days, provisional
//! numbers from the kiosk's outbox, and what the kiosk learns to say when.

use frontdesk_proto::v1 as pb;
use frontdesk_proto::{ErrorReason, bad_fields, reason_of};
use frontdesk_server::domain::Role;
use frontdesk_tests::{TestServer, shanghai, ts};
use tonic::Code;
use tonic_types::StatusExt;

use crate::{assert_rejected, desk_booking, kiosk_booking, request_id, walk_in};

fn by_plate(plate: &str, last4: &str, service: &str) -> pb::CheckInRequest {
    pb::CheckInRequest {
        request_id: request_id(),
        plate: plate.into(),
        phone_last4: last4.into(),
        service_code: service.into(),
        ..Default::default()
    }
}

fn by_code(code: &str) -> pb::CheckInRequest {
    pb::CheckInRequest { request_id: request_id(), confirmation_code: code.into(), ..Default::default() }
}

fn metadata(status: &tonic::Status, key: &str) -> Option<String> {
    status.get_details_error_info()?.metadata.get(key).cloned()
}

/// Books a repair for 沪A00001 (phone …0001) at 10:00 on 2030-03-DD; returns the code.
async fn book(server: &TestServer, day: u32) -> String {
    server.clock.set(shanghai(3, 12, 0));
    let mut desk = server.connect(Role::Advisor).await.appointments();
    let booked = desk.create_appointment(desk_booking("沪A00001", "13100000001", "repair", shanghai(day, 10, 0)));
    booked.await.expect("books").into_inner().appointment.expect("appointment").confirmation_code
}

#[tokio::test]
async fn a_customer_checking_in_again_by_plate_gets_the_same_ticket() {
    let server = TestServer::start().await;
    book(&server, 4).await;
    server.clock.set(shanghai(4, 9, 40));
    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    let first = kiosk.check_in(by_plate("沪A00001", "0001", "")).await.expect("checks in").into_inner();
    assert!(!first.existing);
    let again = kiosk.check_in(by_plate("沪A00001", "0001", "")).await.expect("in the queue already").into_inner();
    assert!(again.existing, "the README's promise: the same ticket back");
    assert_eq!(again.ticket.map(|t| t.ticket_number), first.ticket.map(|t| t.ticket_number));
}

#[tokio::test]
async fn the_last_four_digits_with_a_service_check_in_a_customer_on_file_without_an_appointment() {
    let server = TestServer::start().await;
    crate::check_in(&server, walk_in("沪B00001", "13500000001", "maintenance")).await;
    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    let mut cancel = server.connect(Role::Supervisor).await.queue();
    let listed = cancel.list_tickets(pb::ListTicketsRequest::default()).await.expect("lists").into_inner();
    let id = listed.tickets[0].ticket_id;
    cancel.cancel_ticket(pb::CancelTicketRequest { ticket_id: id, ..Default::default() }).await.expect("cancels");
    // No appointment today: without a service there is nothing to check in on…
    assert_rejected(
        kiosk.check_in(by_plate("沪B00001", "0001", "")).await,
        Code::NotFound,
        ErrorReason::AppointmentNotFound,
    );
    // …with one it is a walk-in on the file, proven by the digits (the kiosk's offline walk-in).
    let walk = kiosk.check_in(by_plate("沪B00001", "0001", "repair")).await.expect("walks in").into_inner();
    let ticket = walk.ticket.expect("ticket");
    assert_eq!((ticket.ticket_number.as_str(), ticket.appointment), ("W001", false));
    assert_rejected(
        kiosk.check_in(by_plate("沪B00001", "9999", "repair")).await,
        Code::NotFound,
        ErrorReason::AppointmentNotFound,
    );
}

#[tokio::test]
async fn a_code_with_another_cars_plate_or_another_service_is_refused_naming_the_fields() {
    let server = TestServer::start().await;
    let code = book(&server, 4).await;
    server.clock.set(shanghai(4, 9, 40));
    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    let contradicting = pb::CheckInRequest {
        plate: "沪Z99999".into(),
        service_code: "maintenance".into(),
        phone_last4: "9999".into(),
        ..by_code(&code)
    };
    let refused = kiosk.check_in(contradicting).await.expect_err("contradicts the appointment");
    assert_eq!(refused.code(), Code::InvalidArgument);
    assert_eq!(bad_fields(&refused), ["plate", "service_code", "phone_last4"]);
    assert!(!refused.message().contains("沪A00001"), "the appointment's plate is not told: {}", refused.message());
    let agreeing = pb::CheckInRequest { plate: "沪a00001".into(), service_code: "repair".into(), ..by_code(&code) };
    let ticket = kiosk.check_in(agreeing).await.expect("agrees").into_inner().ticket.expect("ticket");
    assert!(ticket.appointment);
}

#[tokio::test]
async fn an_empty_field_is_field_required() {
    let server = TestServer::start().await;
    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    let empty = kiosk.check_in(walk_in("", "", "maintenance")).await.expect_err("no plate");
    assert_eq!((empty.code(), reason_of(&empty)), (Code::InvalidArgument, Some(ErrorReason::FieldRequired)));
    assert_eq!(bad_fields(&empty), ["plate"]);
    let mut desk = server.connect(Role::Advisor).await.appointments();
    let mut r = desk_booking("沪A10001", "", "repair", shanghai(5, 9, 0));
    r.request_id = String::new();
    let none = desk.create_appointment(r).await.expect_err("nothing set");
    let reasons: Vec<_> = none
        .get_details_bad_request()
        .expect("bad request")
        .field_violations
        .iter()
        .map(|v| (v.field.clone(), v.reason.clone()))
        .collect();
    assert_eq!(
        reasons,
        [("request_id".to_owned(), "FIELD_REQUIRED".to_owned()), ("phone".to_owned(), "FIELD_REQUIRED".to_owned())]
    );
}

#[tokio::test]
async fn check_in_opens_by_its_own_key_and_says_when() {
    let server = TestServer::start_with(|c| c.queue.checkin_opens_minutes = 45).await;
    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    server.clock.set(shanghai(4, 7, 40));
    let early = kiosk.check_in(walk_in("沪C00001", "13600000001", "maintenance")).await.expect_err("too early");
    assert_eq!(reason_of(&early), Some(ErrorReason::OutsideOpeningHours));
    assert_eq!(metadata(&early, "opens_at").as_deref(), Some("07:45"));
    assert!(early.message().contains("07:45") && early.message().contains("45 minutes"), "{}", early.message());
    server.clock.set(shanghai(4, 7, 45));
    crate::check_in(&server, walk_in("沪C00001", "13600000001", "maintenance")).await;
    server.clock.set(shanghai(4, 17, 30));
    let late = kiosk.check_in(walk_in("沪C00002", "13600000002", "maintenance")).await.expect_err("closed");
    assert_eq!((late.code(), reason_of(&late)), (Code::FailedPrecondition, Some(ErrorReason::OutsideOpeningHours)));
    assert!(late.message().contains("closed at 17:30"), "{}", late.message());
}

#[tokio::test]
async fn the_kiosk_learns_when_the_appointment_is() {
    let server = TestServer::start().await;
    let code = book(&server, 5).await;
    server.clock.set(shanghai(4, 9, 0));
    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    let tomorrow = kiosk.check_in(by_code(&code)).await.expect_err("a day early");
    assert_eq!(reason_of(&tomorrow), Some(ErrorReason::AppointmentNotToday));
    assert_eq!(metadata(&tomorrow, "local_date").as_deref(), Some("2030-03-05"));
    assert_eq!(metadata(&tomorrow, "slot_start").as_deref(), Some("2030-03-05T02:00:00Z"));
    // On the day, hours early: the ticket says when the slot is.
    server.clock.set(shanghai(5, 8, 30));
    let ticket = kiosk.check_in(by_code(&code)).await.expect("checks in").into_inner().ticket.expect("ticket");
    assert_eq!(ticket.appointment_slot_start, ts(shanghai(5, 10, 0)));
    assert_eq!(ticket.priority_time, ts(shanghai(5, 9, 30)), "called first from 30 minutes before");
    let walk = crate::check_in(&server, walk_in("沪C00003", "13600000003", "maintenance")).await;
    assert_eq!((walk.appointment_slot_start, walk.priority_time), (None, None), "a walk-in has no slot");
}

#[tokio::test]
async fn a_provisional_number_from_the_outbox_reaches_the_staff_view() {
    let server = TestServer::start().await;
    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    // The live attempt reached the server but the kiosk gave up waiting and kept it;
    // the outbox sends it again with the number the customer was shown.
    let live = walk_in("沪D00001", "13700000001", "maintenance");
    let first = kiosk.check_in(live.clone()).await.expect("lands").into_inner();
    let replay =
        pb::CheckInRequest { provisional_number: "l-0304-01".into(), arrive_time: ts(shanghai(4, 8, 59)), ..live };
    let again = kiosk.check_in(replay).await.expect("the same request").into_inner();
    assert_eq!(again.ticket, first.ticket);
    let mut queue = server.connect(Role::Advisor).await.queue();
    let tickets = queue.list_tickets(pb::ListTicketsRequest::default()).await.expect("lists").into_inner().tickets;
    assert_eq!(tickets[0].provisional_number, "L-0304-01");
    let bad =
        pb::CheckInRequest { provisional_number: "临时号".into(), ..walk_in("沪D00002", "13700000002", "repair") };
    assert_eq!(bad_fields(&kiosk.check_in(bad).await.expect_err("bad number")), ["provisional_number"]);

    let booking = pb::BookAppointmentRequest {
        provisional_number: "L-0304-02".into(),
        ..kiosk_booking("沪D00003", "13700000003", "repair", shanghai(5, 9, 0))
    };
    let code = kiosk.book_appointment(booking).await.expect("books").into_inner().confirmation_code;
    let mut desk = server.connect(Role::Advisor).await.appointments();
    let seen = desk.get_appointment(pb::GetAppointmentRequest { confirmation_code: code }).await.expect("reads");
    assert_eq!(seen.into_inner().appointment.expect("appointment").provisional_number, "L-0304-02");
}

#[tokio::test]
async fn the_kiosk_shows_what_it_would_cancel_before_cancelling() {
    let server = TestServer::start().await;
    let code = book(&server, 5).await;
    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    let ask = |validate_only| pb::KioskServiceCancelAppointmentRequest {
        confirmation_code: code.clone(),
        phone_last4: "0001".into(),
        validate_only,
    };
    let shown = kiosk.cancel_appointment(ask(true)).await.expect("looks").into_inner().appointment.expect("shown");
    assert_eq!((shown.status, shown.service_code.as_str()), (pb::AppointmentStatus::Booked as i32, "repair"));
    assert_eq!(shown.masked_phone, "131****0001");
    let mut desk = server.connect(Role::Advisor).await.appointments();
    let still = desk.get_appointment(pb::GetAppointmentRequest { confirmation_code: code.clone() }).await;
    assert_eq!(still.expect("reads").into_inner().appointment.expect("a").status, pb::AppointmentStatus::Booked as i32);
    let gone = kiosk.cancel_appointment(ask(false)).await.expect("cancels").into_inner().appointment.expect("gone");
    assert_eq!(gone.status, pb::AppointmentStatus::Cancelled as i32);
    let wrong = pb::KioskServiceCancelAppointmentRequest { phone_last4: "9999".into(), ..ask(true) };
    assert_rejected(kiosk.cancel_appointment(wrong).await, Code::NotFound, ErrorReason::AppointmentNotFound);
}

#[tokio::test]
async fn only_mobile_prefixes_13_to_19_are_phones() {
    let server = TestServer::start().await;
    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    for phone in ["12345678901", "10000000000"] {
        let refused = kiosk.book_appointment(kiosk_booking("沪E00001", phone, "repair", shanghai(5, 9, 0))).await;
        assert_rejected(refused, Code::InvalidArgument, ErrorReason::PhoneInvalid);
        assert_rejected(
            kiosk.check_in(walk_in("沪E00001", phone, "repair")).await,
            Code::InvalidArgument,
            ErrorReason::PhoneInvalid,
        );
    }
}
