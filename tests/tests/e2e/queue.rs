//! The queue's rules with a clock the test controls.

use frontdesk_proto::ErrorReason;
use frontdesk_proto::v1 as pb;
use frontdesk_proto::v1::AssignmentReason as Why;
use frontdesk_server::domain::Role;
use frontdesk_tests::{TestServer, shanghai, ts};
use tonic::Code;

use crate::{assert_rejected, check_in, desk_booking, pull, walk_in};

/// Books maintenance appointments for 2030-03-04 the day before: (plate, phone, "HH:MM").
async fn book_for_today(server: &TestServer, appointments: &[(&str, &str, u32, u32)]) {
    let now = frontdesk_server::Clock::now(&server.clock);
    server.clock.set(shanghai(3, 12, 0));
    let mut desk = server.connect(Role::Supervisor).await.appointments();
    for (plate, phone, h, m) in appointments {
        desk.create_appointment(desk_booking(plate, phone, "maintenance", shanghai(4, *h, *m))).await.expect("books");
    }
    server.clock.set(now);
}

fn by_plate(plate: &str, last4: &str) -> pb::CheckInRequest {
    pb::CheckInRequest {
        request_id: crate::request_id(),
        plate: plate.into(),
        phone_last4: last4.into(),
        ..Default::default()
    }
}

/// Starts and completes the advisor's ticket, so they are free again.
async fn serve(server: &TestServer, token: &str, ticket: &pb::Ticket) {
    let mut queue = server.connect_with_token(token).await.queue();
    queue.start_service(pb::StartServiceRequest { ticket_id: ticket.ticket_id }).await.expect("starts");
    queue
        .complete_service(pb::CompleteServiceRequest {
            ticket_id: ticket.ticket_id,
            mileage_km: 10_000,
            customer_request: "常规保养".into(),
            promised_ready_time: ts(shanghai(4, 17, 0)),
            callback_note: String::new(),
            ..Default::default()
        })
        .await
        .expect("completes");
}

#[tokio::test]
async fn the_appointment_grace_window_holds_on_both_sides() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    book_for_today(
        &server,
        &[("沪Q00001", "13900000001", 10, 0), ("沪Q00003", "13900000003", 9, 30), ("沪Q00004", "13900000004", 9, 30)],
    )
    .await;

    // Too early: an appointment 45 minutes before its slot waits like a walk-in.
    server.clock.set(shanghai(4, 9, 12));
    check_in(&server, walk_in("沪W00002", "13700000002", "maintenance")).await;
    server.clock.set(shanghai(4, 9, 13));
    check_in(&server, walk_in("沪W00003", "13700000003", "maintenance")).await;
    server.clock.set(shanghai(4, 9, 15));
    let a1 = check_in(&server, by_plate("沪Q00001", "0001")).await;
    assert!(a1.appointment);
    server.clock.set(shanghai(4, 9, 16));
    let (first, why) = pull(&server, &x).await.expect("pulls");
    assert_eq!((first.plate.as_str(), why), ("沪W00002", Why::SkillMatch), "not yet in the window");
    serve(&server, &x, &first).await;

    // From 30 minutes before the slot it goes ahead of a walk-in who came earlier.
    server.clock.set(shanghai(4, 9, 30));
    let (second, why) = pull(&server, &x).await.expect("pulls");
    assert_eq!((second.plate.as_str(), why), ("沪Q00001", Why::Appointment));
    serve(&server, &x, &second).await;
    let (third, _) = pull(&server, &x).await.expect("pulls");
    assert_eq!(third.plate, "沪W00003");
    serve(&server, &x, &third).await;

    // Late side: 14 minutes late keeps the appointment, 16 minutes late queues as a walk-in.
    server.clock.set(shanghai(4, 9, 40));
    check_in(&server, walk_in("沪W00004", "13700000004", "maintenance")).await;
    server.clock.set(shanghai(4, 9, 44));
    check_in(&server, by_plate("沪Q00004", "0004")).await;
    server.clock.set(shanghai(4, 9, 46));
    check_in(&server, by_plate("沪Q00003", "0003")).await;
    let listed = server
        .connect(Role::Supervisor)
        .await
        .queue()
        .list_tickets(pb::ListTicketsRequest { state: pb::TicketState::Waiting as i32, ..Default::default() })
        .await
        .expect("lists")
        .into_inner()
        .tickets;
    let order: Vec<(&str, bool, i32)> =
        listed.iter().map(|t| (t.plate.as_str(), t.late_appointment, t.position)).collect();
    assert_eq!(order, [("沪Q00004", false, 1), ("沪W00004", false, 2), ("沪Q00003", true, 3)]);
    server.clock.set(shanghai(4, 9, 47));
    let (on_time, why) = pull(&server, &x).await.expect("pulls");
    assert_eq!((on_time.plate.as_str(), why), ("沪Q00004", Why::Appointment));
    serve(&server, &x, &on_time).await;
    let (walk, _) = pull(&server, &x).await.expect("pulls");
    assert_eq!(walk.plate, "沪W00004", "the late appointment queues behind an earlier walk-in");
}

#[tokio::test]
async fn a_long_wait_rises_so_nobody_starves() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    book_for_today(&server, &[("沪Q00001", "13900000001", 9, 30), ("沪Q00002", "13900000002", 9, 30)]).await;
    server.clock.set(shanghai(4, 9, 0));
    check_in(&server, walk_in("沪W00001", "13700000001", "maintenance")).await;
    server.clock.set(shanghai(4, 9, 2));
    check_in(&server, walk_in("沪W00002", "13700000002", "maintenance")).await;
    server.clock.set(shanghai(4, 9, 15));
    check_in(&server, by_plate("沪Q00001", "0001")).await;
    server.clock.set(shanghai(4, 9, 16));
    let (first, why) = pull(&server, &x).await.expect("pulls");
    assert_eq!((first.plate.as_str(), why), ("沪Q00001", Why::Appointment), "16 minutes is not yet too long");
    serve(&server, &x, &first).await;
    server.clock.set(shanghai(4, 9, 21));
    check_in(&server, by_plate("沪Q00002", "0002")).await;
    server.clock.set(shanghai(4, 9, 22));
    let (aged, why) = pull(&server, &x).await.expect("pulls");
    assert_eq!((aged.plate.as_str(), why), ("沪W00001", Why::Aged), "22 minutes: the walk-in rises");
}

#[tokio::test]
async fn a_customer_waits_for_their_own_advisor_until_the_hold_runs_out() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let (_, y) = server.add_advisor("乙", 3, &["maintenance"]).await;
    server.clock.set(shanghai(4, 8, 40));
    for plate in ["沪C00001", "沪C00002"] {
        let phone = format!("1370000{}", &plate[plate.len() - 4..]);
        check_in(&server, walk_in(plate, &phone, "maintenance")).await;
    }
    for _ in 0..2 {
        let (t, _) = pull(&server, &x).await.expect("pulls");
        let mut queue = server.connect_with_token(&x).await.queue();
        queue.start_service(pb::StartServiceRequest { ticket_id: t.ticket_id }).await.expect("starts");
        let visit = queue
            .complete_service(pb::CompleteServiceRequest {
                ticket_id: t.ticket_id,
                mileage_km: 1,
                promised_ready_time: ts(shanghai(4, 12, 0)),
                ..Default::default()
            })
            .await
            .expect("done")
            .into_inner()
            .visit
            .expect("a visit");
        frontdesk_tests::hand_back(&server.connect_with_token(&x).await, &visit.work_order).await;
    }
    // Both come back the same morning; advisor 甲 served them last.
    server.clock.set(shanghai(4, 9, 30));
    check_in(&server, walk_in("沪C00001", "", "maintenance")).await;
    check_in(&server, walk_in("沪C00002", "", "maintenance")).await;
    server.clock.set(shanghai(4, 9, 31));
    assert_rejected(pull(&server, &y).await, Code::NotFound, ErrorReason::QueueEmpty);
    let (own, why) = pull(&server, &x).await.expect("pulls");
    assert_eq!((own.plate.as_str(), why), ("沪C00001", Why::OwnAdvisor));
    assert_eq!(own.own_advisor_id, own.advisor_id);
    server.clock.set(shanghai(4, 9, 40));
    let (released, why) = pull(&server, &y).await.expect("the hold ran out after 10 minutes");
    assert_eq!((released.plate.as_str(), why), ("沪C00002", Why::SkillMatch));
}

#[tokio::test]
async fn advisors_get_only_services_they_are_skilled_for_and_must_be_available() {
    let server = TestServer::start().await;
    let (x_id, x) = server.add_advisor("甲", 2, &["repair"]).await;
    check_in(&server, walk_in("沪S00001", "13600000001", "maintenance")).await;
    server.clock.advance(chrono::Duration::minutes(1));
    check_in(&server, walk_in("沪S00002", "13600000002", "repair")).await;
    let (repair, why) = pull(&server, &x).await.expect("pulls");
    assert_eq!((repair.plate.as_str(), why), ("沪S00002", Why::SkillMatch));
    assert_eq!(repair.counter_number, 2);
    assert_rejected(pull(&server, &x).await, Code::FailedPrecondition, ErrorReason::AdvisorBusy);
    serve(&server, &x, &repair).await;
    assert_rejected(pull(&server, &x).await, Code::NotFound, ErrorReason::QueueEmpty);

    let mut queue = server.connect_with_token(&x).await.queue();
    for (status, reason) in [
        (pb::AdvisorStatus::Paused, ErrorReason::AdvisorNotAvailable),
        (pb::AdvisorStatus::Offline, ErrorReason::AdvisorNotAvailable),
    ] {
        queue
            .set_advisor_status(pb::SetAdvisorStatusRequest { advisor_id: 0, status: status as i32 })
            .await
            .expect("sets");
        assert_rejected(pull(&server, &x).await, Code::FailedPrecondition, reason);
    }
    let other = queue
        .set_advisor_status(pb::SetAdvisorStatusRequest {
            advisor_id: server.staff.advisor,
            status: pb::AdvisorStatus::Available as i32,
        })
        .await;
    assert_rejected(other, Code::PermissionDenied, ErrorReason::NotYourTicket);
    let by_supervisor = server
        .connect(Role::Supervisor)
        .await
        .queue()
        .set_advisor_status(pb::SetAdvisorStatusRequest {
            advisor_id: x_id,
            status: pb::AdvisorStatus::Available as i32,
        })
        .await
        .expect("supervisors set anybody's status")
        .into_inner()
        .advisor
        .expect("advisor");
    assert_eq!(by_supervisor.status, pb::AdvisorStatus::Available as i32);
}

#[tokio::test]
async fn a_transfer_goes_to_its_advisor_before_anybody_else() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance", "repair"]).await;
    let (y_id, y) = server.add_advisor("乙", 3, &["repair"]).await;
    let (_, z) = server.add_advisor("丙", 4, &["repair"]).await;
    check_in(&server, walk_in("沪T00001", "13500000001", "maintenance")).await;
    server.clock.advance(chrono::Duration::minutes(1));
    check_in(&server, walk_in("沪T00002", "13500000002", "repair")).await;
    let (first, _) = pull(&server, &x).await.expect("pulls");
    assert_eq!(first.plate, "沪T00001");
    let mut queue = server.connect_with_token(&x).await.queue();
    let refused = queue
        .transfer_ticket(pb::TransferTicketRequest {
            ticket_id: first.ticket_id,
            to_advisor_id: y_id,
            ..Default::default()
        })
        .await;
    assert_rejected(refused, Code::FailedPrecondition, ErrorReason::AdvisorNotSkilled);
    let moved = queue
        .transfer_ticket(pb::TransferTicketRequest {
            ticket_id: first.ticket_id,
            to_advisor_id: y_id,
            to_service_code: "repair".into(),
            note: "其实是维修".into(),
        })
        .await
        .expect("transfers")
        .into_inner()
        .ticket
        .expect("ticket");
    assert_eq!((moved.state, moved.service_code.as_str()), (pb::TicketState::Waiting as i32, "repair"));
    let (other, _) = pull(&server, &z).await.expect("pulls");
    assert_eq!(other.plate, "沪T00002", "a transfer to 乙 is not for 丙");
    let (transferred, why) = pull(&server, &y).await.expect("pulls");
    assert_eq!((transferred.plate.as_str(), why), ("沪T00001", Why::Transferred));
}

#[tokio::test]
async fn recalls_run_out_into_a_no_show_that_can_come_back() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    for i in 1..=2 {
        check_in(&server, walk_in(&format!("沪R0000{i}"), &format!("1340000000{i}"), "maintenance")).await;
        server.clock.advance(chrono::Duration::minutes(1));
    }
    let (t, _) = pull(&server, &x).await.expect("pulls");
    let mut queue = server.connect_with_token(&x).await.queue();
    for n in 1..=3 {
        let again = queue
            .recall_ticket(pb::RecallTicketRequest { ticket_id: t.ticket_id })
            .await
            .expect("recalls")
            .into_inner();
        let again = again.ticket.expect("ticket");
        assert_eq!((again.state, again.recalls), (pb::TicketState::Called as i32, n));
    }
    let gone =
        queue.recall_ticket(pb::RecallTicketRequest { ticket_id: t.ticket_id }).await.expect("recalls").into_inner();
    assert_eq!(gone.ticket.expect("ticket").state, pb::TicketState::NoShow as i32, "the fourth recall gives up");

    let (next, _) = pull(&server, &x).await.expect("the advisor is free again");
    assert_eq!(next.plate, "沪R00002");
    let skipped =
        queue.skip_ticket(pb::SkipTicketRequest { ticket_id: next.ticket_id }).await.expect("skips").into_inner();
    assert_eq!(skipped.ticket.expect("ticket").state, pb::TicketState::NoShow as i32);
    assert_rejected(
        queue.start_service(pb::StartServiceRequest { ticket_id: next.ticket_id }).await,
        Code::FailedPrecondition,
        ErrorReason::TicketStateInvalid,
    );
    let back =
        queue.return_ticket(pb::ReturnTicketRequest { ticket_id: t.ticket_id }).await.expect("returns").into_inner();
    let back = back.ticket.expect("ticket");
    assert_eq!((back.state, back.position), (pb::TicketState::Waiting as i32, 1));
    assert_eq!(back.arrive_time, t.arrive_time, "it keeps its place by arrival");
    let (again, _) = pull(&server, &x).await.expect("pulls");
    assert_eq!(again.plate, "沪R00001");
}

#[tokio::test]
async fn the_estimated_wait_follows_the_queue_and_the_staff() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["repair"]).await;
    let mut numbers = Vec::new();
    for i in 1..=3 {
        numbers.push(check_in(&server, walk_in(&format!("沪E0000{i}"), &format!("1330000000{i}"), "repair")).await);
        server.clock.advance(chrono::Duration::seconds(30));
    }
    let get = |number: String| async {
        server
            .connect(Role::Kiosk)
            .await
            .kiosk()
            .get_ticket(pb::GetTicketRequest { ticket_number: number })
            .await
            .expect("gets")
            .into_inner()
            .ticket
            .expect("ticket")
    };
    let third = get(numbers[2].ticket_number.clone()).await;
    assert_eq!((third.position, third.estimated_wait_minutes), (3, 30), "two ahead × 15 minutes ÷ one advisor");
    server.add_advisor("乙", 3, &["repair"]).await;
    let third = get(numbers[2].ticket_number.clone()).await;
    assert_eq!(third.estimated_wait_minutes, 15, "a second advisor halves it");
    let (first, _) = pull(&server, &x).await.expect("pulls");
    assert_eq!(first.ticket_number, numbers[0].ticket_number);
    let third = get(numbers[2].ticket_number.clone()).await;
    assert_eq!((third.position, third.estimated_wait_minutes), (2, 8), "one ahead, one advisor free, one busy");
    let called = get(numbers[0].ticket_number.clone()).await;
    assert_eq!((called.state, called.counter_number, called.position), (pb::TicketState::Called as i32, 2, 0));
}
