//! Acknowledged bookings survive a restart of the server.

use frontdesk_proto::v1 as pb;
use frontdesk_server::domain::Role;
use frontdesk_tests::{TestServer, shanghai};

use crate::{desk_booking, kiosk_booking};

#[tokio::test]
async fn every_acknowledged_booking_survives_a_restart() {
    let mut server = TestServer::start().await;
    let mut acknowledged = Vec::new();
    {
        let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
        let mut desk = server.connect(Role::Advisor).await.appointments();
        for i in 0..6u32 {
            let slot = shanghai(5 + i % 3, 9 + i, 0);
            let code = if i % 2 == 0 {
                kiosk
                    .book_appointment(kiosk_booking(
                        &format!("沪E1000{i}"),
                        &format!("1350000000{i}"),
                        "maintenance",
                        slot,
                    ))
                    .await
                    .expect("books")
                    .into_inner()
                    .confirmation_code
            } else {
                desk.create_appointment(desk_booking(&format!("沪E1000{i}"), &format!("1350000000{i}"), "repair", slot))
                    .await
                    .expect("books")
                    .into_inner()
                    .appointment
                    .expect("appointment")
                    .confirmation_code
            };
            acknowledged.push(code);
        }
    }
    server.restart().await;
    let mut desk = server.connect(Role::Advisor).await.appointments();
    for code in &acknowledged {
        let found = desk
            .get_appointment(pb::GetAppointmentRequest { confirmation_code: code.clone() })
            .await
            .expect("still there after the restart")
            .into_inner()
            .appointment
            .expect("appointment");
        assert_eq!(found.status, pb::AppointmentStatus::Booked as i32);
    }
    let all = desk.list_appointments(pb::ListAppointmentsRequest::default()).await.expect("lists").into_inner();
    assert_eq!(all.appointments.len(), acknowledged.len());
    // Seats survive too: the booked slot still shows one seat fewer.
    let slots = server
        .connect(Role::Kiosk)
        .await
        .kiosk()
        .list_available_slots(pb::ListAvailableSlotsRequest {
            service_code: "maintenance".into(),
            date: "2030-03-05".into(),
            ..Default::default()
        })
        .await
        .expect("lists")
        .into_inner()
        .slots;
    let nine = slots.iter().find(|s| s.slot_start == frontdesk_tests::ts(shanghai(5, 9, 0))).expect("slot");
    assert_eq!(nine.remaining, 2);
}

#[tokio::test]
async fn shutdown_turns_health_to_not_serving_before_the_server_stops() {
    use tonic_health::pb::health_check_response::ServingStatus;
    let server = TestServer::start_with(|c| c.shutdown_grace_secs = 1).await;
    let channel = tonic::transport::Channel::from_shared(server.url()).expect("url").connect().await.expect("connects");
    let mut health = tonic_health::pb::health_client::HealthClient::new(channel);
    let mut watch = health
        .watch(tonic_health::pb::HealthCheckRequest { service: "frontdesk.v1.KioskService".into() })
        .await
        .expect("watches")
        .into_inner();
    assert_eq!(watch.message().await.expect("status").expect("one").status, ServingStatus::Serving as i32);
    let started = std::time::Instant::now();
    let stopping = tokio::spawn(server.stop());
    let next = watch.message().await.expect("status").expect("one");
    assert_eq!(next.status, ServingStatus::NotServing as i32, "health goes NOT_SERVING first");
    let _dir = stopping.await.expect("joins");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "an open stream cannot hold the server past the deadline"
    );
}

#[tokio::test]
async fn a_call_in_flight_when_shutdown_begins_still_finishes() {
    let server = TestServer::start_with(|c| c.shutdown_grace_secs = 5).await;
    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    // Hold the store's one writer for a moment, as a slow disk would, so the check-in
    // below is still being served when the server is told to stop.
    let store = server.running().app.store.clone();
    let (holding, held) = tokio::sync::oneshot::channel();
    let slow_disk = tokio::spawn(async move {
        store
            .write(move |_| {
                let _ = holding.send(());
                std::thread::sleep(std::time::Duration::from_millis(1500));
                Ok(())
            })
            .await
    });
    held.await.expect("the writer is held");
    let call = tokio::spawn(async move { kiosk.check_in(crate::walk_in("沪A55501", "13800055501", "repair")).await });
    // Time for the check-in to reach the server and queue behind the held writer.
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let stopping = tokio::spawn(server.stop());
    let ticket = call.await.expect("joins").expect("the call in flight is answered").into_inner().ticket;
    assert_eq!(ticket.expect("ticket").ticket_number, "W001");
    slow_disk.await.expect("joins").expect("the slow write commits");
    let dir = stopping.await.expect("joins");
    let tickets: i64 = rusqlite::Connection::open(dir.path().join("data/frontdesk.sqlite3"))
        .expect("opens")
        .query_row("SELECT count(*) FROM tickets", [], |r| r.get(0))
        .expect("counts");
    assert_eq!(tickets, 1, "and its ticket is on disk");
}
