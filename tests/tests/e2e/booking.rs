//! Booking flows from the kiosk and the desk.

use frontdesk_proto::ErrorReason;
use frontdesk_proto::v1 as pb;
use frontdesk_server::domain::Role;
use frontdesk_tests::{TestServer, shanghai, ts};
use tonic::Code;

use crate::{assert_rejected, desk_booking, kiosk_booking};

async fn slots(server: &TestServer, service: &str, date: &str) -> Vec<pb::Slot> {
    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    let request =
        pb::ListAvailableSlotsRequest { service_code: service.into(), date: date.into(), ..Default::default() };
    kiosk.list_available_slots(request).await.expect("lists").into_inner().slots
}

fn slot_at(slots: &[pb::Slot], at: chrono::DateTime<chrono::Utc>) -> &pb::Slot {
    slots.iter().find(|s| s.slot_start == ts(at)).expect("slot on the grid")
}

#[tokio::test]
async fn a_customer_books_at_the_kiosk_and_the_desk_sees_the_full_file() {
    let server = TestServer::start().await;
    let before = slots(&server, "maintenance", "2030-03-05").await;
    assert_eq!(before.len(), 18, "08:30–17:30 in 30-minute slots");
    let first = slot_at(&before, shanghai(5, 9, 0));
    assert_eq!((first.capacity, first.remaining, first.bookable), (3, 3, true));

    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    let booked = kiosk
        .book_appointment(kiosk_booking("沪a·11111", "138 0000 1111", "maintenance", shanghai(5, 9, 0)))
        .await
        .expect("books")
        .into_inner();
    let appointment = booked.appointment.expect("appointment");
    assert_eq!(booked.confirmation_code.len(), 6);
    assert_eq!(appointment.confirmation_code, booked.confirmation_code);
    assert_eq!(appointment.plate, "沪A11111", "the plate is normalised");
    assert_eq!(appointment.masked_customer_name, "张*");
    assert_eq!(appointment.masked_phone, "138****1111");
    assert_eq!(appointment.local_date, "2030-03-05");
    assert_eq!(appointment.status, pb::AppointmentStatus::Booked as i32);

    let after = slots(&server, "maintenance", "2030-03-05").await;
    assert_eq!(slot_at(&after, shanghai(5, 9, 0)).remaining, 2);
    assert_eq!(slot_at(&after, shanghai(5, 9, 30)).remaining, 3, "other slots keep their seats");

    let desk = server.connect(Role::Advisor).await;
    let full = desk
        .appointments()
        .get_appointment(pb::GetAppointmentRequest { confirmation_code: booked.confirmation_code.to_lowercase() })
        .await
        .expect("found by code in any case")
        .into_inner()
        .appointment
        .expect("appointment");
    assert_eq!((full.customer_name.as_str(), full.phone.as_str()), ("张三", "13800001111"));
    assert_eq!(full.created_by, "kiosk:test-kiosk");

    let file = desk
        .customers()
        .get_customer(pb::GetCustomerRequest { plate: "沪A11111".into(), ..Default::default() })
        .await
        .expect("the booking created the customer file")
        .into_inner();
    let customer = file.customer.expect("customer");
    assert_eq!(customer.phone, "13800001111");
    assert_eq!(customer.vehicles.iter().map(|v| v.plate.as_str()).collect::<Vec<_>>(), ["沪A11111"]);
    assert_eq!(file.appointments.len(), 1);

    // The same phone with a new plate adds the car to the same file.
    kiosk
        .book_appointment(kiosk_booking("沪A22222", "13800001111", "repair", shanghai(6, 10, 0)))
        .await
        .expect("second car");
    let file = desk
        .customers()
        .get_customer(pb::GetCustomerRequest { phone: "13800001111".into(), ..Default::default() })
        .await
        .expect("found by phone")
        .into_inner();
    assert_eq!(file.customer.expect("customer").vehicles.len(), 2);
}

#[tokio::test]
async fn a_retried_request_returns_the_same_appointment_and_takes_one_seat() {
    let server = TestServer::start().await;
    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    let request = kiosk_booking("沪A33333", "13800003333", "repair", shanghai(5, 11, 0));
    let first = kiosk.book_appointment(request.clone()).await.expect("books").into_inner();
    let retry = kiosk.book_appointment(request.clone()).await.expect("a retry succeeds").into_inner();
    assert_eq!(first.confirmation_code, retry.confirmation_code);
    assert_eq!(first.appointment, retry.appointment);
    assert_eq!(slot_at(&slots(&server, "repair", "2030-03-05").await, shanghai(5, 11, 0)).remaining, 1);

    let mut other_body = request;
    other_body.slot_start = ts(shanghai(5, 11, 30));
    assert_rejected(kiosk.book_appointment(other_body).await, Code::AlreadyExists, ErrorReason::RequestIdReused);
    assert_eq!(slot_at(&slots(&server, "repair", "2030-03-05").await, shanghai(5, 11, 30)).remaining, 2);
}

#[tokio::test]
async fn rescheduling_keeps_the_code_and_moves_the_seat() {
    let server = TestServer::start().await;
    let mut desk = server.connect(Role::Advisor).await.appointments();
    let created = desk
        .create_appointment(desk_booking("沪A44444", "13800004444", "repair", shanghai(5, 9, 0)))
        .await
        .expect("books")
        .into_inner()
        .appointment
        .expect("appointment");
    let moved = desk
        .reschedule_appointment(pb::RescheduleAppointmentRequest {
            confirmation_code: created.confirmation_code.clone(),
            slot_start: ts(shanghai(6, 14, 0)),
            ..Default::default()
        })
        .await
        .expect("moves")
        .into_inner()
        .appointment
        .expect("appointment");
    assert_eq!(moved.confirmation_code, created.confirmation_code);
    assert_eq!(moved.local_date, "2030-03-06");
    assert_eq!(moved.updated_by, format!("advisor:{}", server.staff.advisor));
    assert_eq!(slot_at(&slots(&server, "repair", "2030-03-05").await, shanghai(5, 9, 0)).remaining, 2);
    assert_eq!(slot_at(&slots(&server, "repair", "2030-03-06").await, shanghai(6, 14, 0)).remaining, 1);
}

#[tokio::test]
async fn cancelling_gives_the_seat_back_and_a_wrong_last4_looks_like_no_appointment() {
    let server = TestServer::start().await;
    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    let booked = kiosk
        .book_appointment(kiosk_booking("沪A55555", "13800005555", "body_paint", shanghai(5, 15, 0)))
        .await
        .expect("books")
        .into_inner();
    assert_eq!(slot_at(&slots(&server, "body_paint", "2030-03-05").await, shanghai(5, 15, 0)).remaining, 0);

    let cancel = |last4: &str| pb::KioskServiceCancelAppointmentRequest {
        confirmation_code: booked.confirmation_code.clone(),
        phone_last4: last4.into(),
        validate_only: false,
    };
    let wrong_last4 = kiosk.cancel_appointment(cancel("0000")).await;
    let unknown_code = kiosk
        .cancel_appointment(pb::KioskServiceCancelAppointmentRequest {
            confirmation_code: "ZZZZZZ".into(),
            phone_last4: "5555".into(),
            validate_only: false,
        })
        .await;
    let (a, b) = (wrong_last4.expect_err("wrong last4"), unknown_code.expect_err("unknown code"));
    assert_eq!((a.code(), a.message()), (b.code(), b.message()), "nothing tells the two apart");
    assert_eq!(a.code(), Code::NotFound);

    let cancelled = kiosk.cancel_appointment(cancel("5555")).await.expect("cancels").into_inner();
    assert_eq!(cancelled.appointment.expect("appointment").status, pb::AppointmentStatus::Cancelled as i32);
    assert_eq!(slot_at(&slots(&server, "body_paint", "2030-03-05").await, shanghai(5, 15, 0)).remaining, 1);
    kiosk.cancel_appointment(cancel("5555")).await.expect("a retried cancel succeeds");
    assert_eq!(slot_at(&slots(&server, "body_paint", "2030-03-05").await, shanghai(5, 15, 0)).remaining, 1);
}

#[tokio::test]
async fn staff_overbook_a_full_slot_only_with_a_reason_and_it_is_recorded() {
    let server = TestServer::start().await;
    let mut desk = server.connect(Role::Supervisor).await.appointments();
    desk.create_appointment(desk_booking("沪A66661", "13800006661", "warranty", shanghai(5, 10, 0)))
        .await
        .expect("last seat");
    assert_rejected(
        desk.create_appointment(desk_booking("沪A66662", "13800006662", "warranty", shanghai(5, 10, 0))).await,
        Code::FailedPrecondition,
        ErrorReason::SlotFull,
    );
    let mut request = desk_booking("沪A66662", "13800006662", "warranty", shanghai(5, 10, 0));
    request.overbook = true;
    request.overbook_reason = "VIP 客户，经理批准".into();
    let over =
        desk.create_appointment(request).await.expect("overbooked").into_inner().appointment.expect("appointment");
    assert!(over.overbooked);
    assert_eq!(over.overbook_reason, "VIP 客户，经理批准");
    assert_eq!(over.created_by, format!("supervisor:{}", server.staff.supervisor));
    assert_eq!(over.overbooked_by, over.created_by);
    let slot = slots(&server, "warranty", "2030-03-05").await;
    let slot = slot_at(&slot, shanghai(5, 10, 0));
    assert_eq!((slot.remaining, slot.bookable), (0, false));
    assert_eq!(slot.unavailable_reason, ErrorReason::SlotFull as i32);

    // An advisor moves another booking into the full slot on purpose: who did it stays
    // on record when a later change is made by someone else.
    let mut advisor = server.connect(Role::Advisor).await.appointments();
    let other = advisor
        .create_appointment(desk_booking("沪A66663", "13800006663", "warranty", shanghai(5, 11, 0)))
        .await
        .expect("books")
        .into_inner()
        .appointment
        .expect("appointment");
    let moved = advisor
        .reschedule_appointment(pb::RescheduleAppointmentRequest {
            confirmation_code: other.confirmation_code.clone(),
            slot_start: ts(shanghai(5, 10, 0)),
            overbook: true,
            overbook_reason: "客户只能上午来".into(),
            preferred_advisor_id: None,
        })
        .await
        .expect("overbooks")
        .into_inner()
        .appointment
        .expect("appointment");
    let by_advisor = format!("advisor:{}", server.staff.advisor);
    assert_eq!((moved.overbooked, moved.overbooked_by.as_str()), (true, by_advisor.as_str()));
    let cancelled = desk
        .cancel_appointment(pb::CancelAppointmentRequest {
            confirmation_code: other.confirmation_code,
            reason: "客户改期".into(),
        })
        .await
        .expect("cancels")
        .into_inner()
        .appointment
        .expect("appointment");
    assert_eq!(cancelled.updated_by, format!("supervisor:{}", server.staff.supervisor));
    assert_eq!(cancelled.overbooked_by, by_advisor, "who overbooked is kept");
}

#[tokio::test]
async fn a_no_show_is_marked_only_once_the_slot_has_started() {
    let server = TestServer::start().await;
    let mut desk = server.connect(Role::Advisor).await.appointments();
    let code = desk
        .create_appointment(desk_booking("沪A77777", "13800007777", "maintenance", shanghai(4, 11, 0)))
        .await
        .expect("books later today")
        .into_inner()
        .appointment
        .expect("appointment")
        .confirmation_code;
    let mark = || pb::MarkNoShowRequest { confirmation_code: code.clone() };
    assert_rejected(desk.mark_no_show(mark()).await, Code::FailedPrecondition, ErrorReason::AppointmentNotDue);
    server.clock.set(shanghai(4, 11, 20));
    let marked = desk.mark_no_show(mark()).await.expect("marked").into_inner().appointment.expect("appointment");
    assert_eq!(marked.status, pb::AppointmentStatus::NoShow as i32);
    let listed = desk
        .list_appointments(pb::ListAppointmentsRequest {
            date: "2030-03-04".into(),
            status: pb::AppointmentStatus::NoShow as i32,
            ..Default::default()
        })
        .await
        .expect("lists")
        .into_inner();
    assert_eq!(listed.appointments.len(), 1);
}

#[tokio::test]
async fn listings_page_through_every_appointment_once() {
    let server = TestServer::start().await;
    let mut desk = server.connect(Role::Advisor).await.appointments();
    for i in 0..7u32 {
        let slot = shanghai(5, 9 + i, 0);
        desk.create_appointment(desk_booking(&format!("沪B1000{i}"), &format!("1390000000{i}"), "maintenance", slot))
            .await
            .expect("books");
    }
    let mut seen = Vec::new();
    let mut token = String::new();
    loop {
        let page = desk
            .list_appointments(pb::ListAppointmentsRequest {
                date: "2030-03-05".into(),
                page_size: 3,
                page_token: token.clone(),
                ..Default::default()
            })
            .await
            .expect("page")
            .into_inner();
        assert!(page.appointments.len() <= 3);
        seen.extend(page.appointments.into_iter().map(|a| a.plate));
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    let expected: Vec<String> = (0..7).map(|i| format!("沪B1000{i}")).collect();
    assert_eq!(seen, expected, "in slot order, each once");
}
