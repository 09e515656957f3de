//! Racing for the last seats of a slot.

use frontdesk_proto::v1 as pb;
use frontdesk_proto::{ErrorReason, reason_of};
use frontdesk_server::domain::Role;
use frontdesk_tests::{TestServer, shanghai, ts};
use tonic::Code;

use crate::kiosk_booking;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_two_clients_race_for_the_last_seats_and_exactly_the_capacity_wins() {
    let server = TestServer::start_with(|c| {
        c.booking.slot_capacity.insert("repair".into(), 5);
    })
    .await;
    let slot = shanghai(5, 10, 0);
    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    for i in 0..2 {
        kiosk
            .book_appointment(kiosk_booking(&format!("沪C0000{i}"), &format!("1370000000{i}"), "repair", slot))
            .await
            .expect("early bookings");
    }
    let remaining = 3;

    let mut clients = Vec::new();
    for i in 0..32 {
        let conn = server.connect(Role::Kiosk).await;
        clients.push(tokio::spawn(async move {
            let request = kiosk_booking(&format!("沪D{i:05}"), &format!("136{i:08}"), "repair", slot);
            conn.kiosk().book_appointment(request).await
        }));
    }
    let (mut won, mut full) = (0, 0);
    for client in clients {
        match client.await.expect("client task") {
            Ok(_) => won += 1,
            Err(status) => {
                assert_eq!(
                    (status.code(), reason_of(&status)),
                    (Code::FailedPrecondition, Some(ErrorReason::SlotFull)),
                    "{status:?}"
                );
                full += 1;
            }
        }
    }
    assert_eq!((won, full), (remaining, 32 - remaining));

    let listed = server
        .connect(Role::Advisor)
        .await
        .appointments()
        .list_appointments(pb::ListAppointmentsRequest {
            date: "2030-03-05".into(),
            service_code: "repair".into(),
            status: pb::AppointmentStatus::Booked as i32,
            ..Default::default()
        })
        .await
        .expect("lists")
        .into_inner();
    assert_eq!(listed.appointments.len(), 5, "exactly the capacity is booked");
    assert!(listed.appointments.iter().all(|a| a.slot_start == ts(slot) && !a.overbooked));
    let slots = kiosk
        .list_available_slots(pb::ListAvailableSlotsRequest {
            service_code: "repair".into(),
            date: "2030-03-05".into(),
            ..Default::default()
        })
        .await
        .expect("lists")
        .into_inner()
        .slots;
    let raced = slots.iter().find(|s| s.slot_start == ts(slot)).expect("slot");
    assert_eq!((raced.remaining, raced.bookable), (0, false));
}
