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
        // 34 bookings from one kiosk token in a frozen second.
        c.kiosk.lookups_per_minute = 100;
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

    // Every client connects first; then all are let go at once.
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(32));
    let mut clients = Vec::new();
    for i in 0..32 {
        let conn = server.connect(Role::Kiosk).await;
        let start = start.clone();
        clients.push(tokio::spawn(async move {
            let request = kiosk_booking(&format!("沪D{i:05}"), &format!("136{i:08}"), "repair", slot);
            let mut kiosk = conn.kiosk();
            start.wait().await;
            kiosk.book_appointment(request).await
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

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_advisors_serve_five_hundred_tickets_each_exactly_once() {
    use std::collections::BTreeMap;
    // One kiosk takes 500 check-ins within a frozen second: no lookup limit here.
    let server = TestServer::start_with(|c| c.kiosk.lookups_per_minute = 0).await;
    let services = ["maintenance", "repair", "body_paint", "warranty"];
    let mut tokens = Vec::new();
    for i in 0..8 {
        tokens.push(server.add_advisor(&format!("顾问{i}"), 10 + i, &services).await.1);
    }
    let started = std::time::Instant::now();
    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    for i in 0..500u32 {
        let mut request = crate::walk_in(&format!("沪Z{i:05}"), &format!("135{i:08}"), services[i as usize % 4]);
        request.request_id = format!("five-hundred-{i}");
        kiosk.check_in(request).await.expect("checks in");
    }
    let checked_in = started.elapsed();

    let mut advisors = Vec::new();
    for token in tokens {
        let conn = server.connect_with_token(&token).await;
        advisors.push(tokio::spawn(async move {
            let mut queue = conn.queue();
            let mut served = Vec::new();
            loop {
                let pulled = match queue.pull_next_ticket(pb::PullNextTicketRequest::default()).await {
                    Ok(p) => p.into_inner().ticket.expect("ticket"),
                    Err(status) if reason_of(&status) == Some(ErrorReason::QueueEmpty) => return served,
                    Err(status) => panic!("pull failed: {status:?}"),
                };
                queue.start_service(pb::StartServiceRequest { ticket_id: pulled.ticket_id }).await.expect("starts");
                queue
                    .complete_service(pb::CompleteServiceRequest {
                        ticket_id: pulled.ticket_id,
                        mileage_km: 1,
                        promised_ready_time: ts(shanghai(4, 18, 0)),
                        ..Default::default()
                    })
                    .await
                    .expect("completes");
                served.push(pulled.ticket_number);
            }
        }));
    }
    let mut by_number: BTreeMap<String, u32> = BTreeMap::new();
    let mut per_advisor = Vec::new();
    for advisor in advisors {
        let served = advisor.await.expect("advisor task");
        per_advisor.push(served.len());
        for number in served {
            *by_number.entry(number).or_default() += 1;
        }
    }
    assert_eq!(by_number.len(), 500, "every ticket was served");
    assert!(by_number.values().all(|n| *n == 1), "and none twice");
    assert!(per_advisor.iter().all(|n| *n > 0), "every advisor got work: {per_advisor:?}");
    let done = server
        .connect(Role::Supervisor)
        .await
        .queue()
        .list_tickets(pb::ListTicketsRequest {
            state: pb::TicketState::Done as i32,
            page_size: 500,
            ..Default::default()
        })
        .await
        .expect("lists")
        .into_inner()
        .tickets;
    assert_eq!(done.len(), 500);
    println!(
        "500 check-ins took {checked_in:?}; 8 advisors served them in {:?} ({per_advisor:?})",
        started.elapsed() - checked_in
    );
}
