//! The kiosk never receives a full phone number or a full name.

use frontdesk_proto::v1 as pb;
use frontdesk_server::domain::Role;
use frontdesk_tests::{TestServer, shanghai};
use prost::Message;

use crate::kiosk_booking;

const PHONE: &str = "13912348765";
const NAME: &str = "欧阳娜娜";

#[track_caller]
fn assert_masked(what: &str, bytes: &[u8], text: &str) {
    for secret in [PHONE, NAME] {
        let needle = secret.as_bytes();
        assert!(!bytes.windows(needle.len()).any(|w| w == needle), "{what} carries {secret}");
        assert!(!text.contains(secret), "{what} carries {secret}");
    }
}

#[tokio::test]
async fn every_kiosk_response_is_masked() {
    let server = TestServer::start().await;
    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    let mut request = kiosk_booking("粤B12345", PHONE, "maintenance", shanghai(5, 9, 0));
    request.customer_name = NAME.into();
    let booked = kiosk.book_appointment(request.clone()).await.expect("books").into_inner();
    assert_masked("BookAppointment", &booked.encode_to_vec(), &format!("{booked:?}"));
    let appointment = booked.appointment.clone().expect("appointment");
    assert_eq!(
        (appointment.masked_customer_name.as_str(), appointment.masked_phone.as_str()),
        ("欧***", "139****8765")
    );

    let retried = kiosk.book_appointment(request).await.expect("retry").into_inner();
    assert_masked("BookAppointment retry", &retried.encode_to_vec(), &format!("{retried:?}"));

    let found = kiosk
        .identify_vehicle(pb::IdentifyVehicleRequest { plate: "粤B12345".into(), phone_last4: "8765".into() })
        .await
        .expect("identifies")
        .into_inner();
    assert!(found.matched);
    assert_eq!(found.appointments.len(), 1);
    assert_masked("IdentifyVehicle", &found.encode_to_vec(), &format!("{found:?}"));

    let slots = kiosk
        .list_available_slots(pb::ListAvailableSlotsRequest {
            service_code: "maintenance".into(),
            date: "2030-03-05".into(),
            ..Default::default()
        })
        .await
        .expect("lists")
        .into_inner();
    assert_masked("ListAvailableSlots", &slots.encode_to_vec(), &format!("{slots:?}"));

    // Errors that concern this customer reveal nothing either.
    let mut again = kiosk_booking("粤B12345", PHONE, "repair", shanghai(5, 14, 0));
    again.customer_name = NAME.into();
    let exists = kiosk.book_appointment(again).await.expect_err("one appointment a day");
    assert_masked("APPOINTMENT_EXISTS", exists.details(), exists.message());
    let mismatch = kiosk.book_appointment(kiosk_booking("粤B12345", "13800000000", "repair", shanghai(6, 14, 0))).await;
    let mismatch = mismatch.expect_err("another phone");
    assert_masked("PHONE_MISMATCH", mismatch.details(), mismatch.message());

    let cancelled = kiosk
        .cancel_appointment(pb::KioskServiceCancelAppointmentRequest {
            confirmation_code: booked.confirmation_code.clone(),
            phone_last4: "8765".into(),
            validate_only: false,
        })
        .await
        .expect("cancels")
        .into_inner();
    assert_masked("CancelAppointment", &cancelled.encode_to_vec(), &format!("{cancelled:?}"));

    // A walk-in who opens a file at the kiosk gets a ticket that names nobody.
    let mut walk_in = crate::walk_in("粤B12345", PHONE, "repair");
    walk_in.customer_name = NAME.into();
    let checked_in = kiosk.check_in(walk_in).await.expect("checks in").into_inner();
    assert_masked("CheckIn", &checked_in.encode_to_vec(), &format!("{checked_in:?}"));
    let ticket = checked_in.ticket.expect("ticket");
    assert_eq!(ticket.masked_plate, "粤B***45");
    let fetched = kiosk
        .get_ticket(pb::GetTicketRequest { ticket_number: ticket.ticket_number.clone() })
        .await
        .expect("gets")
        .into_inner();
    assert_masked("GetTicket", &fetched.encode_to_vec(), &format!("{fetched:?}"));
}

#[tokio::test]
async fn probing_plates_through_walk_ins_or_bookings_is_rate_limited() {
    let server = TestServer::start_with(|c| c.kiosk.lookups_per_minute = 4).await;
    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    // A walk-in with only a plate tells a plate on file (a ticket) from one that is
    // not (PHONE_REQUIRED), and a booking with any phone tells it too (PHONE_MISMATCH):
    // both count as lookups.
    let mut answers = Vec::new();
    for i in 0..4 {
        let probe = pb::CheckInRequest {
            request_id: crate::request_id(),
            plate: format!("粤B1000{i}"),
            service_code: "repair".into(),
            ..Default::default()
        };
        answers.push(crate::failure(kiosk.check_in(probe).await));
    }
    answers.push(crate::failure(
        kiosk.book_appointment(kiosk_booking("粤B10009", "1380000000", "repair", shanghai(5, 9, 0))).await,
    ));
    let booked = kiosk.book_appointment(kiosk_booking("粤B10008", PHONE, "repair", shanghai(5, 9, 0))).await;
    answers.push(crate::failure(booked));
    use frontdesk_proto::ErrorReason::{PhoneInvalid, PhoneRequired, RateLimited};
    use tonic::Code::{FailedPrecondition, InvalidArgument, ResourceExhausted};
    assert_eq!(
        answers,
        [
            (FailedPrecondition, Some(PhoneRequired)),
            (FailedPrecondition, Some(PhoneRequired)),
            (FailedPrecondition, Some(PhoneRequired)),
            (FailedPrecondition, Some(PhoneRequired)),
            // A malformed request is refused before it counts.
            (InvalidArgument, Some(PhoneInvalid)),
            (ResourceExhausted, Some(RateLimited)),
        ]
    );
}

#[tokio::test]
async fn a_retry_of_what_already_landed_costs_no_lookup() {
    let server = TestServer::start_with(|c| c.kiosk.lookups_per_minute = 1).await;
    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    let walk_in = crate::walk_in("粤B20001", PHONE, "repair");
    let first = kiosk.check_in(walk_in.clone()).await.expect("the one lookup of the minute").into_inner();
    // The kiosk's outbox sends it again (it never heard the answer): answered, not limited.
    let again = kiosk.check_in(walk_in).await.expect("a retry is free").into_inner();
    assert_eq!(first.ticket, again.ticket);
    let another = kiosk.check_in(crate::walk_in("粤B20002", "13912340002", "repair")).await;
    assert_eq!(crate::failure(another).1, Some(frontdesk_proto::ErrorReason::RateLimited));
}

#[tokio::test]
async fn an_unknown_plate_and_a_wrong_last4_get_the_same_answer() {
    let server = TestServer::start().await;
    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    kiosk.book_appointment(kiosk_booking("粤B12345", PHONE, "maintenance", shanghai(5, 9, 0))).await.expect("books");
    let ask = |plate: &str, last4: &str| pb::IdentifyVehicleRequest { plate: plate.into(), phone_last4: last4.into() };
    let wrong = kiosk.identify_vehicle(ask("粤B12345", "0000")).await.expect("answers").into_inner();
    let unknown = kiosk.identify_vehicle(ask("粤B99999", "8765")).await.expect("answers").into_inner();
    assert_eq!(wrong, pb::IdentifyVehicleResponse::default());
    assert_eq!(wrong.encode_to_vec(), unknown.encode_to_vec());
}
