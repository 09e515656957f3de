//! Every error reason the API declares, produced by a real request.

use std::collections::BTreeMap;

use frontdesk_proto::v1 as pb;
use frontdesk_proto::{ErrorReason, bad_fields, reason_of};
use frontdesk_server::domain::Role;
use frontdesk_tests::{TestServer, shanghai, ts};
use tonic::Code;

use crate::{desk_booking, request_id};

/// Records which reason each call produced, with its code.
#[derive(Default)]
struct Seen(BTreeMap<i32, (ErrorReason, Code)>);

impl Seen {
    #[track_caller]
    fn expect<T: std::fmt::Debug>(&mut self, result: Result<T, tonic::Status>, code: Code, reason: ErrorReason) {
        let status = result.expect_err(&format!("expected {reason:?}"));
        assert_ne!(status.code(), Code::Internal, "{status:?}");
        assert_eq!((status.code(), reason_of(&status)), (code, Some(reason)), "{status:?}");
        self.0.insert(reason as i32, (reason, code));
    }
}

fn every_declared_reason() -> Vec<ErrorReason> {
    (1..1000).filter_map(|n| ErrorReason::try_from(n).ok()).collect()
}

#[tokio::test]
async fn every_error_reason_comes_from_a_real_request() {
    let server = TestServer::start_with(|c| {
        c.booking.closed_dates = vec!["2030-03-08".into()];
        c.booking.daily_cap = 4;
        c.kiosk.lookups_per_minute = 5;
    })
    .await;
    let mut seen = Seen::default();
    let conn = server.connect(Role::Supervisor).await;
    let (mut desk, mut customers, mut admin) = (conn.appointments(), conn.customers(), conn.admin());
    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    let tomorrow = |h, m| shanghai(5, h, m);

    // INVALID_ARGUMENT, one reason per field kind.
    let mut r = desk_booking("沪A10001", "13800010001", "repair", tomorrow(9, 0));
    r.slot_start = None;
    seen.expect(desk.create_appointment(r).await, Code::InvalidArgument, ErrorReason::FieldRequired);
    let mut r = desk_booking("沪A10001", "13800010001", "repair", tomorrow(9, 0));
    r.notes = "很".repeat(501);
    seen.expect(desk.create_appointment(r).await, Code::InvalidArgument, ErrorReason::FieldInvalid);
    // A time no calendar of the store can hold is the caller's mistake, not a crash.
    for seconds in [8_210_266_848_000, 253_402_300_800, -2_208_988_801] {
        let mut r = desk_booking("沪A10001", "13800010001", "repair", tomorrow(9, 0));
        r.slot_start = Some(prost_types::Timestamp { seconds, nanos: 0 });
        seen.expect(desk.create_appointment(r).await, Code::InvalidArgument, ErrorReason::FieldInvalid);
    }
    seen.expect(
        desk.create_appointment(desk_booking("沪I10001", "13800010001", "repair", tomorrow(9, 0))).await,
        Code::InvalidArgument,
        ErrorReason::PlateInvalid,
    );
    seen.expect(
        desk.create_appointment(desk_booking("沪A10001", "2380001000", "repair", tomorrow(9, 0))).await,
        Code::InvalidArgument,
        ErrorReason::PhoneInvalid,
    );
    let identify =
        |plate: &str, last4: &str| pb::IdentifyVehicleRequest { plate: plate.into(), phone_last4: last4.into() };
    seen.expect(
        kiosk.identify_vehicle(identify("沪A10001", "12")).await,
        Code::InvalidArgument,
        ErrorReason::PhoneLast4Invalid,
    );
    let mut r = desk_booking("沪A10001", "13800010001", "repair", tomorrow(9, 0));
    r.customer_name = "名".repeat(41);
    seen.expect(desk.create_appointment(r).await, Code::InvalidArgument, ErrorReason::NameInvalid);
    seen.expect(
        desk.create_appointment(desk_booking("沪A10001", "13800010001", "car_wash", tomorrow(9, 0))).await,
        Code::InvalidArgument,
        ErrorReason::ServiceCodeUnknown,
    );
    seen.expect(
        desk.create_appointment(desk_booking("沪A10001", "13800010001", "repair", tomorrow(9, 10))).await,
        Code::InvalidArgument,
        ErrorReason::SlotInvalid,
    );
    let slots = |date: &str, token: &str| pb::ListAvailableSlotsRequest {
        service_code: "repair".into(),
        date: date.into(),
        page_token: token.into(),
        ..Default::default()
    };
    seen.expect(
        kiosk.list_available_slots(slots("2030-02-30", "")).await,
        Code::InvalidArgument,
        ErrorReason::DateInvalid,
    );
    let mut r = desk_booking("沪A10001", "13800010001", "repair", tomorrow(9, 0));
    r.request_id = "k".repeat(65);
    seen.expect(desk.create_appointment(r).await, Code::InvalidArgument, ErrorReason::RequestIdInvalid);
    seen.expect(
        kiosk.list_available_slots(slots("2030-03-05", "bogus")).await,
        Code::InvalidArgument,
        ErrorReason::PageTokenInvalid,
    );
    seen.expect(
        desk.get_appointment(pb::GetAppointmentRequest { confirmation_code: "AB0".into() }).await,
        Code::InvalidArgument,
        ErrorReason::ConfirmationCodeInvalid,
    );
    let mut r = desk_booking("沪A10001", "13800010001", "repair", tomorrow(9, 0));
    r.overbook = true;
    seen.expect(desk.create_appointment(r).await, Code::InvalidArgument, ErrorReason::OverbookReasonRequired);

    // Several bad fields are all named at once.
    let status = desk
        .create_appointment(pb::CreateAppointmentRequest {
            request_id: request_id(),
            plate: "沪".into(),
            phone: "1".into(),
            service_code: "Repair!".into(),
            ..Default::default()
        })
        .await
        .expect_err("invalid");
    assert_eq!(bad_fields(&status), ["plate", "phone", "service_code", "slot_start"]);
    // So are those only the store's set-up can judge: an unknown service type and a
    // start off the slot grid, beside a bad plate.
    let status = desk
        .create_appointment(desk_booking("沪I10001", "13800010001", "car_wash", tomorrow(9, 10)))
        .await
        .expect_err("invalid");
    assert_eq!(bad_fields(&status), ["plate", "service_code", "slot_start"]);
    let status = kiosk
        .book_appointment(crate::kiosk_booking("沪A10001", "1380001000", "car_wash", tomorrow(9, 10)))
        .await
        .expect_err("invalid");
    assert_eq!(bad_fields(&status), ["phone", "service_code", "slot_start"]);
    let mut walk_in = crate::walk_in("沪I10001", "123", "car_wash");
    walk_in.request_id = request_id();
    let status = kiosk.check_in(walk_in).await.expect_err("invalid");
    assert_eq!(bad_fields(&status), ["plate", "phone", "service_code"], "a walk-in's unknown service too");

    // FAILED_PRECONDITION: the booking rules.
    let booked = desk
        .create_appointment(desk_booking("沪A10001", "13800010001", "body_paint", tomorrow(9, 0)))
        .await
        .expect("the only body_paint seat")
        .into_inner()
        .appointment
        .expect("appointment");
    seen.expect(
        desk.create_appointment(desk_booking("沪A10002", "13800010002", "body_paint", tomorrow(9, 0))).await,
        Code::FailedPrecondition,
        ErrorReason::SlotFull,
    );
    seen.expect(
        desk.create_appointment(desk_booking("沪A10002", "13800010002", "repair", shanghai(4, 8, 30))).await,
        Code::FailedPrecondition,
        ErrorReason::SlotInPast,
    );
    seen.expect(
        desk.create_appointment(desk_booking("沪A10002", "13800010002", "repair", shanghai(4, 9, 30))).await,
        Code::FailedPrecondition,
        ErrorReason::SlotTooSoon,
    );
    let beyond = shanghai(4, 10, 0) + chrono::Duration::days(31);
    seen.expect(
        desk.create_appointment(desk_booking("沪A10002", "13800010002", "repair", beyond)).await,
        Code::FailedPrecondition,
        ErrorReason::SlotBeyondHorizon,
    );
    seen.expect(
        desk.create_appointment(desk_booking("沪A10002", "13800010002", "repair", tomorrow(18, 0))).await,
        Code::FailedPrecondition,
        ErrorReason::OutsideOpeningHours,
    );
    seen.expect(
        desk.create_appointment(desk_booking("沪A10002", "13800010002", "repair", shanghai(8, 10, 0))).await,
        Code::FailedPrecondition,
        ErrorReason::DateClosed,
    );
    for i in 3..=5 {
        desk.create_appointment(desk_booking(
            &format!("沪A1000{i}"),
            &format!("1380001000{i}"),
            "maintenance",
            tomorrow(10, 0),
        ))
        .await
        .expect("fills the day");
    }
    seen.expect(
        desk.create_appointment(desk_booking("沪A10009", "13800010009", "maintenance", tomorrow(11, 0))).await,
        Code::FailedPrecondition,
        ErrorReason::DailyCapacityReached,
    );
    desk.cancel_appointment(pb::CancelAppointmentRequest {
        confirmation_code: booked.confirmation_code.clone(),
        reason: "改期".into(),
    })
    .await
    .expect("cancels");
    seen.expect(
        desk.reschedule_appointment(pb::RescheduleAppointmentRequest {
            confirmation_code: booked.confirmation_code.clone(),
            slot_start: ts(tomorrow(15, 0)),
            ..Default::default()
        })
        .await,
        Code::FailedPrecondition,
        ErrorReason::AppointmentNotActive,
    );
    let later = desk
        .create_appointment(desk_booking("沪A10001", "13800010001", "repair", shanghai(6, 9, 0)))
        .await
        .expect("books")
        .into_inner()
        .appointment
        .expect("appointment");
    seen.expect(
        desk.mark_no_show(pb::MarkNoShowRequest { confirmation_code: later.confirmation_code.clone() }).await,
        Code::FailedPrecondition,
        ErrorReason::AppointmentNotDue,
    );
    seen.expect(
        desk.create_appointment(desk_booking("沪A10001", "13999999999", "repair", shanghai(7, 9, 0))).await,
        Code::FailedPrecondition,
        ErrorReason::PhoneMismatch,
    );
    let extra = admin
        .create_advisor(pb::CreateAdvisorRequest {
            request_id: request_id(),
            name: "临时".into(),
            ..Default::default()
        })
        .await
        .expect("creates")
        .into_inner()
        .advisor
        .expect("advisor");
    admin
        .update_advisor(pb::UpdateAdvisorRequest {
            advisor_id: extra.advisor_id,
            active: Some(false),
            ..Default::default()
        })
        .await
        .expect("deactivates");
    let mut r = desk_booking("沪A10001", "13800010001", "repair", shanghai(7, 9, 0));
    r.preferred_advisor_id = extra.advisor_id;
    seen.expect(desk.create_appointment(r).await, Code::FailedPrecondition, ErrorReason::AdvisorInactive);

    // ALREADY_EXISTS.
    let status = desk
        .create_appointment(desk_booking("沪A10001", "13800010001", "maintenance", shanghai(6, 15, 0)))
        .await
        .expect_err("second appointment that day");
    assert_eq!(
        tonic_types::StatusExt::get_details_error_info(&status).expect("info").metadata.get("confirmation_code"),
        Some(&later.confirmation_code)
    );
    seen.expect(Err::<(), _>(status), Code::AlreadyExists, ErrorReason::AppointmentExists);
    let mut r = desk_booking("沪A10011", "13800010011", "repair", shanghai(7, 9, 0));
    desk.create_appointment(r.clone()).await.expect("books");
    r.notes = "同一个 request_id，不同内容".into();
    seen.expect(desk.create_appointment(r).await, Code::AlreadyExists, ErrorReason::RequestIdReused);
    let update = |id: i64, phone: Option<&str>, plate: Option<&str>| pb::UpdateCustomerRequest {
        customer_id: id,
        phone: phone.map(Into::into),
        vehicles: plate.map(|p| vec![pb::VehicleUpdate { plate: p.into(), ..Default::default() }]).unwrap_or_default(),
        ..Default::default()
    };
    seen.expect(
        customers.update_customer(update(later.customer_id, None, Some("沪A10011"))).await,
        Code::AlreadyExists,
        ErrorReason::PlateTaken,
    );
    seen.expect(
        customers.update_customer(update(later.customer_id, Some("13800010011"), None)).await,
        Code::AlreadyExists,
        ErrorReason::PhoneTaken,
    );
    seen.expect(
        admin
            .create_advisor(pb::CreateAdvisorRequest {
                request_id: request_id(),
                name: "新人".into(),
                counter_number: 1,
                ..Default::default()
            })
            .await,
        Code::AlreadyExists,
        ErrorReason::CounterTaken,
    );

    // NOT_FOUND.
    seen.expect(
        desk.get_appointment(pb::GetAppointmentRequest { confirmation_code: "ZZZZZZ".into() }).await,
        Code::NotFound,
        ErrorReason::AppointmentNotFound,
    );
    seen.expect(
        customers.get_customer(pb::GetCustomerRequest { plate: "京A99999".into(), ..Default::default() }).await,
        Code::NotFound,
        ErrorReason::CustomerNotFound,
    );
    seen.expect(
        admin
            .update_advisor(pb::UpdateAdvisorRequest { advisor_id: 9999, name: Some("x".into()), ..Default::default() })
            .await,
        Code::NotFound,
        ErrorReason::AdvisorNotFound,
    );

    // Authentication, roles, rate limits.
    let mut anonymous =
        frontdesk_proto::v1::admin_service_client::AdminServiceClient::connect(server.url()).await.expect("connects");
    seen.expect(
        anonymous.list_service_types(pb::ListServiceTypesRequest::default()).await,
        Code::Unauthenticated,
        ErrorReason::TokenMissing,
    );
    let mut forged = server.connect_with_token("fdt_not-a-real-token").await.admin();
    seen.expect(
        forged.list_service_types(pb::ListServiceTypesRequest::default()).await,
        Code::Unauthenticated,
        ErrorReason::TokenInvalid,
    );
    let mut kiosk_as_desk = server.connect(Role::Kiosk).await.appointments();
    seen.expect(
        kiosk_as_desk
            .get_appointment(pb::GetAppointmentRequest { confirmation_code: later.confirmation_code.clone() })
            .await,
        Code::PermissionDenied,
        ErrorReason::RoleNotAllowed,
    );
    let mut limited = None;
    for _ in 0..10 {
        if let Err(status) = kiosk.identify_vehicle(identify("沪A10001", "0001")).await {
            limited = Some(status);
            break;
        }
    }
    let limited = limited.expect("the kiosk is limited within 10 lookups");
    assert!(tonic_types::StatusExt::get_details_retry_info(&limited).is_some(), "says when to retry");
    seen.expect(Err::<(), _>(limited), Code::ResourceExhausted, ErrorReason::RateLimited);

    queue_reasons(&mut seen).await;
    followup_reasons(&mut seen).await;
    work_order_reasons(&mut seen).await;
    parts_reasons(&mut seen).await;
    warranty_reasons(&mut seen).await;
    recall_reasons(&mut seen).await;

    let missing: Vec<_> = every_declared_reason().into_iter().filter(|r| !seen.0.contains_key(&(*r as i32))).collect();
    assert!(missing.is_empty(), "reasons declared in the proto but never produced: {missing:?}");
}

/// The queue's reasons, on a server with the default configuration.
async fn queue_reasons(seen: &mut Seen) {
    use crate::{check_in, pull, walk_in};
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["repair"]).await;
    let (_, y) = server.add_advisor("乙", 3, &["repair"]).await;
    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    seen.expect(
        kiosk.check_in(walk_in("沪P00001", "", "repair")).await,
        Code::FailedPrecondition,
        ErrorReason::PhoneRequired,
    );
    let mut stale = walk_in("沪P00001", "13900000001", "repair");
    stale.arrive_time = ts(shanghai(3, 10, 0));
    seen.expect(kiosk.check_in(stale).await, Code::FailedPrecondition, ErrorReason::ArrivalTimeInvalid);
    server.clock.set(shanghai(3, 12, 0));
    let code = server
        .connect(Role::Advisor)
        .await
        .appointments()
        .create_appointment(desk_booking("沪P00009", "13900000009", "repair", shanghai(5, 10, 0)))
        .await
        .expect("books")
        .into_inner()
        .appointment
        .expect("appointment")
        .confirmation_code;
    server.clock.set(shanghai(4, 9, 0));
    seen.expect(
        kiosk
            .check_in(pb::CheckInRequest { request_id: request_id(), confirmation_code: code, ..Default::default() })
            .await,
        Code::FailedPrecondition,
        ErrorReason::AppointmentNotToday,
    );
    seen.expect(pull(&server, &x).await, Code::NotFound, ErrorReason::QueueEmpty);
    let first = check_in(&server, walk_in("沪P00001", "13900000001", "repair")).await;
    let (t, _) = pull(&server, &x).await.expect("pulls");
    assert_eq!(t.ticket_number, first.ticket_number);
    seen.expect(pull(&server, &x).await, Code::FailedPrecondition, ErrorReason::AdvisorBusy);
    let mut yq = server.connect_with_token(&y).await.queue();
    seen.expect(
        yq.start_service(pb::StartServiceRequest { ticket_id: t.ticket_id }).await,
        Code::PermissionDenied,
        ErrorReason::NotYourTicket,
    );
    let mut xq = server.connect_with_token(&x).await.queue();
    seen.expect(
        xq.complete_service(frontdesk_tests::reception(t.ticket_id)).await,
        Code::FailedPrecondition,
        ErrorReason::TicketStateInvalid,
    );
    seen.expect(
        xq.transfer_ticket(pb::TransferTicketRequest {
            ticket_id: t.ticket_id,
            to_advisor_id: server.staff.advisor,
            to_service_code: "body_paint".into(),
            ..Default::default()
        })
        .await,
        Code::FailedPrecondition,
        ErrorReason::AdvisorNotSkilled,
    );
    seen.expect(
        xq.start_service(pb::StartServiceRequest { ticket_id: 999_999 }).await,
        Code::NotFound,
        ErrorReason::TicketNotFound,
    );
    yq.set_advisor_status(pb::SetAdvisorStatusRequest { advisor_id: 0, status: pb::AdvisorStatus::Paused as i32 })
        .await
        .expect("pauses");
    seen.expect(pull(&server, &y).await, Code::FailedPrecondition, ErrorReason::AdvisorNotAvailable);
    xq.start_service(pb::StartServiceRequest { ticket_id: t.ticket_id }).await.expect("starts");
    let visit = frontdesk_tests::complete(&mut xq, t.ticket_id).await;
    let mut visits = server.connect_with_token(&x).await.visits();
    seen.expect(
        visits
            .update_visit_stage(pb::UpdateVisitStageRequest {
                work_order: visit.work_order.clone(),
                stage: pb::VisitStage::Ready as i32,
                ..Default::default()
            })
            .await,
        Code::FailedPrecondition,
        ErrorReason::StageTransitionInvalid,
    );
    seen.expect(
        visits.get_visit(pb::GetVisitRequest { work_order: "WO20300304-777".into() }).await,
        Code::NotFound,
        ErrorReason::VisitNotFound,
    );
    seen.expect(
        server.connect(Role::Kiosk).await.kiosk().check_in(walk_in("沪P00001", "", "repair")).await,
        Code::FailedPrecondition,
        ErrorReason::VisitAlreadyOpen,
    );
}

/// The follow-up desk's reasons.
async fn followup_reasons(seen: &mut Seen) {
    use crate::followup::{call, deliver, of_customer};
    use pb::{CallOutcome as Outcome, CallTopic as Topic};
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let (_, stranger) = server.add_followup_agent("钱七").await;
    let visit = deliver(&server, &x, "沪Q00001", "13900000001").await;
    let first = of_customer(&server, visit.customer_id).await.follow_up_id;
    let mut desk = server.connect(Role::Followup).await.followups();
    let mut boss = server.connect(Role::Supervisor).await.followups();
    seen.expect(
        desk.get_follow_up(pb::GetFollowUpRequest { follow_up_id: 999_999 }).await,
        Code::NotFound,
        ErrorReason::FollowUpNotFound,
    );
    let mut other = server.connect_with_token(&stranger).await.followups();
    seen.expect(
        other.get_follow_up(pb::GetFollowUpRequest { follow_up_id: first }).await,
        Code::PermissionDenied,
        ErrorReason::NotYourFollowUp,
    );
    server.clock.set(shanghai(7, 10, 0));
    let done = desk
        .record_follow_up_call(call(first, Outcome::Reached, 5, &[Topic::VehicleCondition]))
        .await
        .expect("records")
        .into_inner();
    seen.expect(
        desk.record_follow_up_call(call(first, Outcome::Reached, 5, &[Topic::NewNeeds])).await,
        Code::FailedPrecondition,
        ErrorReason::FollowUpClosed,
    );
    let second = done.next.expect("#2").follow_up_id;
    seen.expect(
        desk.record_follow_up_call(call(second, Outcome::Reached, 5, &[Topic::VehicleCondition])).await,
        Code::FailedPrecondition,
        ErrorReason::TopicRepeated,
    );
    let letter = desk
        .record_follow_up_call(call(second, Outcome::WrongNumber, 0, &[]))
        .await
        .expect("records")
        .into_inner()
        .letter
        .expect("letter");
    let send = |letter_id| pb::LogLetterRequest { letter_id, content: "致函".into(), ..Default::default() };
    seen.expect(desk.log_letter(send(999_999)).await, Code::NotFound, ErrorReason::LetterNotFound);
    desk.log_letter(send(letter.letter_id)).await.expect("sends");
    seen.expect(
        desk.log_letter(send(letter.letter_id)).await,
        Code::FailedPrecondition,
        ErrorReason::LetterAlreadySent,
    );

    let escalation = desk
        .escalate_follow_up(pb::EscalateFollowUpRequest {
            follow_up_id: first,
            complaint: "要求赔偿".into(),
            ..Default::default()
        })
        .await
        .expect("escalates")
        .into_inner()
        .escalation
        .expect("e")
        .escalation_id;
    let notice = |escalation_id| pb::RecordCustomerNoticeRequest { escalation_id, ..Default::default() };
    seen.expect(
        desk.record_customer_notice(notice(escalation)).await,
        Code::FailedPrecondition,
        ErrorReason::EscalationOpen,
    );
    let resolve = |escalation_id| pb::ResolveEscalationRequest {
        escalation_id,
        solution: "赠送保养一次".into(),
        customer_told_time: ts(shanghai(7, 10, 0)),
        ..Default::default()
    };
    seen.expect(boss.resolve_escalation(resolve(999_999)).await, Code::NotFound, ErrorReason::EscalationNotFound);
    // Raised by hand it is the supervisor's at once: the agent no longer resolves it.
    seen.expect(
        desk.resolve_escalation(resolve(escalation)).await,
        Code::FailedPrecondition,
        ErrorReason::EscalationReported,
    );
    boss.resolve_escalation(resolve(escalation)).await.expect("resolves");
    seen.expect(
        boss.resolve_escalation(resolve(escalation)).await,
        Code::FailedPrecondition,
        ErrorReason::EscalationResolved,
    );
    seen.expect(
        desk.record_customer_notice(notice(escalation)).await,
        Code::FailedPrecondition,
        ErrorReason::CustomerAlreadyTold,
    );
    server.clock.set(shanghai(4, 11, 0));
    let visit = deliver(&server, &x, "沪Q00002", "13900000002").await;
    let first = of_customer(&server, visit.customer_id).await.follow_up_id;
    server.clock.set(shanghai(7, 11, 0));
    desk.record_follow_up_call(call(first, Outcome::NoAnswer, 0, &[])).await.expect("records");
    seen.expect(
        desk.record_follow_up_call(call(first, Outcome::NoAnswer, 0, &[])).await,
        Code::FailedPrecondition,
        ErrorReason::AttemptNotDue,
    );
}

/// The work order's reasons.
async fn work_order_reasons(seen: &mut Seen) {
    use crate::{check_in, pull, walk_in};
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["repair"]).await;
    check_in(&server, walk_in("沪W00001", "13900000001", "repair")).await;
    let (t, _) = pull(&server, &x).await.expect("pulls");
    let conn = server.connect_with_token(&x).await;
    let mut queue = conn.queue();
    queue.start_service(pb::StartServiceRequest { ticket_id: t.ticket_id }).await.expect("starts");
    let wo = frontdesk_tests::complete(&mut queue, t.ticket_id).await.work_order;
    let (mut orders, mut visits) = (conn.work_orders(), conn.visits());
    let stage = |to: pb::VisitStage| pb::UpdateVisitStageRequest {
        work_order: wo.clone(),
        stage: to as i32,
        ..Default::default()
    };
    seen.expect(
        visits.update_visit_stage(stage(pb::VisitStage::InRepair)).await,
        Code::FailedPrecondition,
        ErrorReason::EstimateNotApproved,
    );
    let line = pb::EstimateLineInput {
        kind: pb::LineKind::Fee as i32,
        pay_type: pb::PayType::Customer as i32,
        name: "检测费".into(),
        fee_fen: 10_000,
        ..Default::default()
    };
    let propose = |key: &str| pb::ProposeEstimateRequest {
        request_id: key.into(),
        work_order: wo.clone(),
        lines: vec![line.clone()],
        ..Default::default()
    };
    let v1 = orders
        .propose_estimate(propose("e1"))
        .await
        .expect("proposes")
        .into_inner()
        .work_order
        .expect("wo")
        .estimates
        .remove(0);
    seen.expect(orders.propose_estimate(propose("e2")).await, Code::FailedPrecondition, ErrorReason::EstimatePending);
    let done = pb::MarkLinesDoneRequest { work_order: wo.clone(), line_ids: vec![v1.lines[0].line_id] };
    seen.expect(orders.mark_lines_done(done.clone()).await, Code::FailedPrecondition, ErrorReason::LineNotApproved);
    let answer = |version: i32, hash: &str| pb::ApproveEstimateRequest {
        work_order: wo.clone(),
        version,
        content_hash: hash.into(),
        method: pb::ApprovalMethod::Phone as i32,
        called_by: "甲".into(),
        call_time: ts(frontdesk_tests::monday_9am()),
        customer_words: "可以".into(),
        ..Default::default()
    };
    seen.expect(
        orders.approve_estimate(answer(2, &v1.content_hash)).await,
        Code::NotFound,
        ErrorReason::EstimateNotFound,
    );
    seen.expect(
        orders.approve_estimate(answer(1, "stale")).await,
        Code::FailedPrecondition,
        ErrorReason::EstimateChanged,
    );
    orders.approve_estimate(answer(1, &v1.content_hash)).await.expect("approves");
    seen.expect(
        orders.approve_estimate(answer(1, &v1.content_hash)).await,
        Code::FailedPrecondition,
        ErrorReason::EstimateDecided,
    );
    for to in [pb::VisitStage::InRepair, pb::VisitStage::QualityCheck, pb::VisitStage::Ready] {
        visits.update_visit_stage(stage(to)).await.expect("moves");
    }
    let deliver = || pb::DeliverVehicleRequest { work_order: wo.clone(), ..Default::default() };
    seen.expect(visits.deliver_vehicle(deliver()).await, Code::FailedPrecondition, ErrorReason::SettlementRequired);
    let pay = |key: &str, amount_fen: i64| pb::RecordPaymentRequest {
        request_id: key.into(),
        work_order: wo.clone(),
        method: pb::PaymentMethod::Cash as i32,
        amount_fen,
        reference: String::new(),
    };
    orders.mark_lines_done(done).await.expect("done");
    let settle = |whole_discount_percent| pb::SettleRequest {
        work_order: wo.clone(),
        whole_discount_percent,
        ..Default::default()
    };
    orders.settle(settle(50)).await.expect("settles");
    seen.expect(
        orders.record_payment(pay("p1", 100)).await,
        Code::FailedPrecondition,
        ErrorReason::DiscountNeedsApproval,
    );
    orders.settle(settle(0)).await.expect("settles again");
    seen.expect(
        orders.record_payment(pay("p2", 20_000)).await,
        Code::FailedPrecondition,
        ErrorReason::PaymentExceedsDue,
    );
    orders.record_payment(pay("p3", 5_000)).await.expect("pays half");
    seen.expect(visits.deliver_vehicle(deliver()).await, Code::FailedPrecondition, ErrorReason::SettlementUnpaid);
    seen.expect(orders.settle(settle(0)).await, Code::FailedPrecondition, ErrorReason::SettlementLocked);
    orders.record_payment(pay("p4", 5_000)).await.expect("pays the rest");
    visits.deliver_vehicle(deliver()).await.expect("delivers");
    seen.expect(orders.propose_estimate(propose("e3")).await, Code::FailedPrecondition, ErrorReason::WorkOrderClosed);
}

/// The parts desk's reasons.
async fn parts_reasons(seen: &mut Seen) {
    use crate::{check_in, pull, walk_in};
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["repair"]).await;
    check_in(&server, walk_in("沪P00001", "13900000001", "repair")).await;
    let (t, _) = pull(&server, &x).await.expect("pulls");
    let conn = server.connect_with_token(&x).await;
    let mut queue = conn.queue();
    queue.start_service(pb::StartServiceRequest { ticket_id: t.ticket_id }).await.expect("starts");
    let wo = frontdesk_tests::complete(&mut queue, t.ticket_id).await.work_order;
    let mut orders = conn.work_orders();
    let part = pb::EstimateLineInput {
        kind: pb::LineKind::Part as i32,
        pay_type: pb::PayType::Customer as i32,
        code: "76620".into(),
        name: "雨刮".into(),
        quantity: 1,
        unit_price_fen: 12_000,
        stock: pb::PartStock::ToOrder as i32,
        ..Default::default()
    };
    let v1 = frontdesk_tests::agree_lines(&conn, &wo, "e1", vec![part]).await;
    let order = |key: &str| pb::OrderPartsRequest {
        request_id: key.into(),
        work_order: wo.clone(),
        orders: vec![pb::PartOrderInput {
            line_id: v1.lines[0].line_id,
            supplier: "配件中心".into(),
            expected_date: "2030-03-06".into(),
        }],
    };
    let placed = orders.order_parts(order("o1")).await.expect("orders").into_inner().work_order.expect("wo");
    seen.expect(orders.order_parts(order("o2")).await, Code::FailedPrecondition, ErrorReason::PartAlreadyOrdered);
    let mut desk = server.connect(Role::Parts).await.work_orders();
    let arrive = |id: i64| pb::RecordPartsArrivalRequest { part_order_ids: vec![id] };
    seen.expect(desk.record_parts_arrival(arrive(999)).await, Code::NotFound, ErrorReason::PartOrderNotFound);
    desk.record_parts_arrival(arrive(placed.part_orders[0].part_order_id)).await.expect("arrives");
    seen.expect(
        desk.record_parts_arrival(arrive(placed.part_orders[0].part_order_id)).await,
        Code::FailedPrecondition,
        ErrorReason::PartAlreadyArrived,
    );
}

/// The warranty claims' reasons (the e2e `warranty` test walks the same path in full).
async fn warranty_reasons(seen: &mut Seen) {
    use crate::{check_in, pull, walk_in};
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["repair"]).await;
    check_in(&server, walk_in("沪W00009", "13900000009", "repair")).await;
    let (t, _) = pull(&server, &x).await.expect("pulls");
    let conn = server.connect_with_token(&x).await;
    let mut queue = conn.queue();
    queue.start_service(pb::StartServiceRequest { ticket_id: t.ticket_id }).await.expect("starts");
    let wo = frontdesk_tests::complete(&mut queue, t.ticket_id).await.work_order;
    frontdesk_tests::agree_estimate(&conn, &wo).await;
    let mut orders = conn.work_orders();
    let claim = |key: &str| pb::SubmitWarrantyClaimRequest {
        request_id: key.into(),
        work_order: wo.clone(),
        note: String::new(),
    };
    seen.expect(
        orders.submit_warranty_claim(claim("c1")).await,
        Code::FailedPrecondition,
        ErrorReason::NoWarrantyLines,
    );
    let warranty = pb::EstimateLineInput {
        kind: pb::LineKind::Fee as i32,
        pay_type: pb::PayType::Warranty as i32,
        name: "保修检测".into(),
        fee_fen: 5_000,
        ..Default::default()
    };
    let v2 = frontdesk_tests::agree_lines(&conn, &wo, "w2", vec![warranty]).await;
    orders
        .mark_lines_done(pb::MarkLinesDoneRequest { work_order: wo.clone(), line_ids: vec![v2.lines[0].line_id] })
        .await
        .expect("done");
    let submitted =
        orders.submit_warranty_claim(claim("c2")).await.expect("claims").into_inner().work_order.expect("wo");
    let claim_id = submitted.warranty_claim.expect("claim").claim_id;
    seen.expect(orders.submit_warranty_claim(claim("c3")).await, Code::AlreadyExists, ErrorReason::ClaimExists);
    let mut clerk = server.connect(Role::Warranty).await.work_orders();
    let decide = |claim_id: i64, decision: pb::ClaimDecision| pb::DecideWarrantyClaimRequest {
        claim_id,
        decision: decision as i32,
        ..Default::default()
    };
    seen.expect(
        clerk.decide_warranty_claim(decide(999, pb::ClaimDecision::Approve)).await,
        Code::NotFound,
        ErrorReason::ClaimNotFound,
    );
    seen.expect(
        clerk.decide_warranty_claim(decide(claim_id, pb::ClaimDecision::Paid)).await,
        Code::FailedPrecondition,
        ErrorReason::ClaimStateInvalid,
    );
}

/// The recalls' reasons (the e2e `recalls` test walks the same path in full).
async fn recall_reasons(seen: &mut Seen) {
    let server = TestServer::start().await;
    let mut recalls = server.connect(Role::Supervisor).await.recalls();
    let import = pb::ImportRecallCampaignRequest {
        campaign_code: "R-1".into(),
        title: "召回".into(),
        csv: "LSVAA4181E2123456\n".into(),
    };
    recalls.import_recall_campaign(import).await.expect("imports");
    let close = |vin: &str| pb::CloseRecallRequest {
        campaign_code: "R-1".into(),
        vin: vin.into(),
        outcome: pb::RecallOutcome::DoneElsewhere as i32,
        work_order: String::new(),
    };
    seen.expect(recalls.close_recall(close("1M8GDM9AXKP042788")).await, Code::NotFound, ErrorReason::RecallNotFound);
    recalls.close_recall(close("LSVAA4181E2123456")).await.expect("closes");
    seen.expect(
        recalls.close_recall(close("LSVAA4181E2123456")).await,
        Code::FailedPrecondition,
        ErrorReason::RecallClosed,
    );
}
