//! The queue's edges: what may not happen, and what happens at the end of a day.

use chrono::TimeZone;
use frontdesk_proto::v1 as pb;
use frontdesk_proto::v1::AssignmentReason as Why;
use frontdesk_proto::{ErrorReason, reason_of};
use frontdesk_server::domain::Role;
use frontdesk_tests::{TestServer, shanghai};
use tonic::Code;

use crate::{assert_rejected, check_in, desk_booking, pull, request_id, walk_in};

fn by_code(code: &str) -> pb::CheckInRequest {
    pb::CheckInRequest { request_id: request_id(), confirmation_code: code.into(), ..Default::default() }
}

/// Books a maintenance slot of 2030-03-04 (from the day before) and returns its code.
async fn book(server: &TestServer, plate: &str, phone: &str, h: u32, m: u32, preferred: i64) -> String {
    let now = frontdesk_server::Clock::now(&server.clock);
    server.clock.set(shanghai(3, 12, 0));
    let mut request = desk_booking(plate, phone, "maintenance", shanghai(4, h, m));
    request.preferred_advisor_id = preferred;
    let mut desk = server.connect(Role::Supervisor).await.appointments();
    let code = desk.create_appointment(request).await.expect("books").into_inner().appointment.expect("a");
    server.clock.set(now);
    code.confirmation_code
}

/// The id of today's ticket with a number, as staff see it.
async fn id_of(server: &TestServer, number: &str) -> i64 {
    let mut queue = server.connect(Role::Supervisor).await.queue();
    let tickets = queue.list_tickets(pb::ListTicketsRequest::default()).await.expect("lists").into_inner().tickets;
    tickets.iter().find(|t| t.ticket_number == number).expect("listed").ticket_id
}

#[tokio::test]
async fn a_cancelled_or_missed_appointment_is_not_checked_in_by_its_code() {
    let server = TestServer::start().await;
    let cancelled = book(&server, "沪K00001", "13500000001", 10, 0, 0).await;
    let missed = book(&server, "沪K00002", "13500000002", 9, 0, 0).await;
    let mut desk = server.connect(Role::Supervisor).await.appointments();
    desk.cancel_appointment(pb::CancelAppointmentRequest {
        confirmation_code: cancelled.clone(),
        reason: "改期".into(),
    })
    .await
    .expect("cancels");
    server.clock.set(shanghai(4, 9, 10));
    desk.mark_no_show(pb::MarkNoShowRequest { confirmation_code: missed.clone() }).await.expect("marks");
    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    for code in [cancelled, missed] {
        assert_rejected(
            kiosk.check_in(by_code(&code)).await,
            Code::FailedPrecondition,
            ErrorReason::AppointmentNotActive,
        );
    }
    let tickets = server.connect(Role::Supervisor).await.queue().list_tickets(pb::ListTicketsRequest::default()).await;
    assert!(tickets.expect("lists").into_inner().tickets.is_empty(), "no ticket was made");
}

#[tokio::test]
async fn fifteen_minutes_late_keeps_the_appointment_and_a_later_one_loses_its_advisor() {
    let server = TestServer::start().await;
    let (x_id, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let (_, y) = server.add_advisor("乙", 3, &["maintenance"]).await;
    let on_edge = book(&server, "沪K00011", "13500000011", 9, 30, 0).await;
    let late = book(&server, "沪K00012", "13500000012", 9, 30, x_id).await;
    server.clock.set(shanghai(4, 9, 45));
    let edge = check_in(&server, by_code(&on_edge)).await;
    server.clock.set(shanghai(4, 9, 46));
    let late = check_in(&server, by_code(&late)).await;
    let mut queue = server.connect(Role::Supervisor).await.queue();
    let listed = queue.list_tickets(pb::ListTicketsRequest::default()).await.expect("lists").into_inner().tickets;
    let flags: Vec<(&str, bool)> = listed.iter().map(|t| (t.ticket_number.as_str(), t.late_appointment)).collect();
    assert_eq!(flags, [(edge.ticket_number.as_str(), false), (late.ticket_number.as_str(), true)]);
    // 乙 takes the on-time appointment; the late customer who asked for 甲 does not
    // wait for 甲, who is still free: 乙 would get them next like any walk-in.
    let (first, why) = pull(&server, &y).await.expect("pulls");
    assert_eq!((first.ticket_number.as_str(), why), (edge.ticket_number.as_str(), Why::Appointment));
    let (second, why) = pull(&server, &x).await.expect("pulls");
    assert_eq!((second.ticket_number.as_str(), why), (late.ticket_number.as_str(), Why::SkillMatch));
}

#[tokio::test]
async fn only_the_holder_or_a_supervisor_hands_a_ticket_on() {
    let server = TestServer::start().await;
    let (x_id, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let waiting = check_in(&server, walk_in("沪K00021", "13500000021", "maintenance")).await;
    let waiting_id = id_of(&server, &waiting.ticket_number).await;
    let mut mine = server.connect_with_token(&x).await.queue();
    let to_me = pb::TransferTicketRequest {
        ticket_id: waiting_id,
        to_advisor_id: x_id,
        note: "我来".into(),
        ..Default::default()
    };
    assert_rejected(mine.transfer_ticket(to_me.clone()).await, Code::PermissionDenied, ErrorReason::NotYourTicket);
    let mut supervisor = server.connect(Role::Supervisor).await.queue();
    supervisor.transfer_ticket(to_me).await.expect("a supervisor may");
    let (t, why) = pull(&server, &x).await.expect("pulls");
    assert_eq!((t.ticket_id, why), (waiting_id, Why::Transferred));
}

#[tokio::test]
async fn a_returned_no_show_is_called_anew_but_never_twice_in_the_queue() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    check_in(&server, walk_in("沪K00031", "13500000031", "maintenance")).await;
    let (t, _) = pull(&server, &x).await.expect("pulls");
    let mut queue = server.connect_with_token(&x).await.queue();
    let recall = || pb::RecallTicketRequest { ticket_id: t.ticket_id };
    for _ in 0..4 {
        queue.recall_ticket(recall()).await.expect("recalls");
    }
    queue.return_ticket(pb::ReturnTicketRequest { ticket_id: t.ticket_id }).await.expect("returns");
    let (again, _) = pull(&server, &x).await.expect("pulls");
    assert_eq!((again.ticket_id, again.recalls), (t.ticket_id, 0), "called anew");
    let recalled = queue.recall_ticket(recall()).await.expect("recalls").into_inner().ticket.expect("ticket");
    assert_eq!(recalled.state, pb::TicketState::Called as i32, "one recall does not give up");
    queue.skip_ticket(pb::SkipTicketRequest { ticket_id: t.ticket_id }).await.expect("skips");

    // Meanwhile the customer checked in afresh: the old no-show stays aside.
    let fresh = check_in(&server, walk_in("沪K00031", "", "maintenance")).await;
    assert_ne!(fresh.ticket_number, t.ticket_number);
    assert_rejected(
        queue.return_ticket(pb::ReturnTicketRequest { ticket_id: t.ticket_id }).await,
        Code::FailedPrecondition,
        ErrorReason::TicketStateInvalid,
    );
}

#[tokio::test]
async fn a_deactivated_advisor_sets_no_status_and_live_views_hear_of_the_change() {
    let server = TestServer::start().await;
    let (id, _) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let mut watch = crate::watch(&server, server.token(Role::Supervisor)).await;
    let snapshot = watch.message().await.expect("message").expect("snapshot");
    assert!(snapshot.snapshot.expect("snapshot").advisors.iter().any(|a| a.advisor_id == id));
    let mut admin = server.connect(Role::Supervisor).await.admin();
    admin
        .update_advisor(pb::UpdateAdvisorRequest { advisor_id: id, counter_number: Some(8), ..Default::default() })
        .await
        .expect("moves counters");
    let moved = watch.message().await.expect("message").expect("event");
    assert_eq!(moved.kind, pb::QueueEventKind::AdvisorStatus as i32);
    assert_eq!(moved.advisor.map(|a| (a.advisor_id, a.counter_number)), Some((id, 8)));
    crate::set_active(&server, id, false).await;
    let gone = watch.message().await.expect("message").expect("event");
    assert_eq!(gone.kind, pb::QueueEventKind::AdvisorStatus as i32);
    let gone = gone.advisor.expect("whom to drop");
    assert_eq!((gone.advisor_id, gone.status), (id, pb::AdvisorStatus::Offline as i32), "left the floor");
    // Renaming a follow-up agent is nothing the queue shows.
    admin
        .update_advisor(pb::UpdateAdvisorRequest {
            advisor_id: server.staff.followup,
            name: Some("孙丽华".into()),
            ..Default::default()
        })
        .await
        .expect("renames");
    let quiet = tokio::time::timeout(std::time::Duration::from_millis(300), watch.message()).await;
    assert!(quiet.is_err(), "no event for staff off the floor: {quiet:?}");
    let mut queue = server.connect(Role::Supervisor).await.queue();
    let paused = pb::SetAdvisorStatusRequest { advisor_id: id, status: pb::AdvisorStatus::Paused as i32 };
    let refused = queue.set_advisor_status(paused).await.expect_err("refused");
    assert_ne!(refused.code(), Code::Internal, "{refused:?}");
    assert_eq!(reason_of(&refused), Some(ErrorReason::AdvisorInactive));
}

#[tokio::test]
async fn an_advisor_without_a_counter_calls_nobody() {
    let server = TestServer::start().await;
    let (id, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    server
        .connect(Role::Supervisor)
        .await
        .admin()
        .update_advisor(pb::UpdateAdvisorRequest { advisor_id: id, counter_number: Some(0), ..Default::default() })
        .await
        .expect("takes the counter away");
    check_in(&server, walk_in("沪K00041", "13500000041", "maintenance")).await;
    assert_rejected(pull(&server, &x).await, Code::FailedPrecondition, ErrorReason::AdvisorNotAvailable);
}

#[tokio::test]
async fn tickets_left_open_at_closing_are_closed_by_the_next_day() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    check_in(&server, walk_in("沪K00051", "13500000051", "maintenance")).await;
    let left = check_in(&server, walk_in("沪K00052", "13500000052", "maintenance")).await;
    let left = id_of(&server, &left.ticket_number).await;
    let (held, _) = pull(&server, &x).await.expect("pulls");
    // Nobody finished either before closing. Next morning 甲 starts afresh.
    server.clock.set(shanghai(5, 8, 40));
    let today = check_in(&server, walk_in("沪K00053", "13500000053", "maintenance")).await;
    assert_eq!(today.ticket_number, "B001");
    let (first, _) = pull(&server, &x).await.expect("甲 is not still serving yesterday's customer");
    assert_eq!(first.ticket_number, today.ticket_number);
    let yesterday = server
        .connect(Role::Supervisor)
        .await
        .queue()
        .list_tickets(pb::ListTicketsRequest { date: "2030-03-04".into(), ..Default::default() })
        .await
        .expect("lists")
        .into_inner()
        .tickets;
    for id in [held.ticket_id, left] {
        let t = yesterday.iter().find(|t| t.ticket_id == id).expect("listed");
        assert_eq!(t.state, pb::TicketState::Cancelled as i32, "{}", t.ticket_number);
    }
}

#[tokio::test]
async fn the_estimate_learns_from_recent_receptions() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["repair"]).await;
    for i in 1..=3 {
        check_in(&server, walk_in(&format!("沪K0006{i}"), &format!("1350000006{i}"), "repair")).await;
    }
    let mut queue = server.connect_with_token(&x).await.queue();
    // Two receptions of 40 minutes each.
    for _ in 0..2 {
        let (t, _) = pull(&server, &x).await.expect("pulls");
        queue.start_service(pb::StartServiceRequest { ticket_id: t.ticket_id }).await.expect("starts");
        server.clock.advance(chrono::Duration::minutes(40));
        frontdesk_tests::complete(&mut queue, t.ticket_id).await;
    }
    let late = check_in(&server, walk_in("沪K00064", "13500000064", "repair")).await;
    assert_eq!(late.position, 2);
    assert_eq!(late.estimated_wait_minutes, 40, "one ahead × 40 minutes, one advisor free");
}

#[tokio::test]
async fn ticket_numbers_restart_with_the_stores_day_not_the_utc_day() {
    // Los Angeles: the store's evening is already the next day in UTC.
    let server = TestServer::start_with(|c| c.zone = chrono_tz::America::Los_Angeles).await;
    let la = |day: u32, h: u32, m: u32| {
        chrono_tz::America::Los_Angeles.with_ymd_and_hms(2030, 3, day, h, m, 0).single().expect("valid").to_utc()
    };
    server.clock.set(la(4, 16, 50));
    assert_eq!(check_in(&server, walk_in("沪K00071", "13500000071", "maintenance")).await.ticket_number, "B001");
    server.clock.set(la(4, 17, 10));
    assert_eq!(check_in(&server, walk_in("沪K00072", "13500000072", "maintenance")).await.ticket_number, "B002");
    server.clock.set(la(5, 8, 35));
    let next_morning = check_in(&server, walk_in("沪K00073", "13500000073", "maintenance")).await;
    assert_eq!(next_morning.ticket_number, "B001", "the same UTC day, a new store day");
}

#[tokio::test]
async fn a_preferred_advisor_must_be_a_service_advisor_skilled_for_the_service() {
    let server = TestServer::start().await;
    let (body_id, _) = server.add_advisor("钣喷", 2, &["body_paint"]).await;
    let mut desk = server.connect(Role::Supervisor).await.appointments();
    let asking = |preferred: i64| {
        let mut r = desk_booking("沪K00010", "13500000010", "maintenance", shanghai(5, 10, 0));
        r.preferred_advisor_id = preferred;
        r
    };
    for (who, code, reason) in [
        (server.staff.supervisor, Code::NotFound, ErrorReason::AdvisorNotFound),
        (server.staff.followup, Code::NotFound, ErrorReason::AdvisorNotFound),
        (body_id, Code::FailedPrecondition, ErrorReason::AdvisorNotSkilled),
    ] {
        let refused = desk.create_appointment(asking(who)).await.expect_err("cannot receive maintenance");
        assert_eq!((refused.code(), reason_of(&refused)), (code, Some(reason)), "advisor {who}");
        let info = tonic_types::StatusExt::get_details_error_info(&refused).expect("info");
        assert_eq!(info.metadata.get("field").map(String::as_str), Some("preferred_advisor_id"));
    }
    let code = book(&server, "沪K00011", "13500000011", 10, 0, server.staff.advisor).await;
    // The advisor asked for loses the skill: rescheduling keeps nobody who cannot receive it…
    let mut admin = server.connect(Role::Supervisor).await.admin();
    let change = pb::UpdateAdvisorRequest {
        advisor_id: server.staff.advisor,
        replace_service_codes: true,
        service_codes: vec!["repair".into()],
        ..Default::default()
    };
    admin.update_advisor(change).await.expect("updates");
    let move_to = |preferred: Option<i64>| pb::RescheduleAppointmentRequest {
        confirmation_code: code.clone(),
        slot_start: frontdesk_tests::ts(shanghai(4, 11, 0)),
        preferred_advisor_id: preferred,
        ..Default::default()
    };
    assert_rejected(
        desk.reschedule_appointment(move_to(None)).await,
        Code::FailedPrecondition,
        ErrorReason::AdvisorNotSkilled,
    );
    // …until the desk asks the customer again: anyone will do.
    let moved = desk.reschedule_appointment(move_to(Some(0))).await.expect("moves").into_inner().appointment;
    assert_eq!(moved.expect("a").preferred_advisor_id, 0);
}

#[tokio::test]
async fn an_appointment_is_not_held_for_an_advisor_who_lost_the_skill() {
    let server = TestServer::start().await;
    let (_, y) = server.add_advisor("乙", 2, &["maintenance"]).await;
    let code = book(&server, "沪K00012", "13500000012", 9, 30, server.staff.advisor).await;
    let mut admin = server.connect(Role::Supervisor).await.admin();
    let change = pb::UpdateAdvisorRequest {
        advisor_id: server.staff.advisor,
        replace_service_codes: true,
        service_codes: vec!["repair".into()],
        ..Default::default()
    };
    admin.update_advisor(change).await.expect("updates");
    server.clock.set(shanghai(4, 9, 20));
    check_in(&server, by_code(&code)).await;
    let (t, why) = pull(&server, &y).await.expect("a skilled advisor takes it at once");
    assert_eq!((t.plate.as_str(), why), ("沪K00012", Why::Appointment));
}
