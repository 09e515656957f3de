//! Calls read against the seed: a #1 call too early, #2 repeating a topic with what is
//! new, a follow-up after an enquiry (业务访谈、咨询后), calls to lost customers
//! (注重对流失客户回访及分析), and retries and invitations at the edges of their days.

use frontdesk_proto::ErrorReason;
use frontdesk_proto::v1 as pb;
use frontdesk_proto::v1::{CallOutcome as Outcome, CallTopic as Topic, DueState as Due};
use frontdesk_server::domain::Role;
use frontdesk_tests::{TestServer, shanghai};
use tonic::Code;

use super::{call, deliver, due, get, list, of_customer, record};
use crate::{assert_rejected, request_id};

#[tokio::test]
async fn a_first_call_before_its_window_is_flagged_too_early_and_the_second_keeps_the_delivery_rule() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let agent = server.token(Role::Followup).to_owned();
    let visit = deliver(&server, &x, "沪H10001", "13900310001").await;
    let first = of_customer(&server, visit.customer_id).await;
    // Delivered Monday 03-04; the window opens Thursday. Called on Tuesday, day 1.
    server.clock.set(shanghai(5, 10, 0));
    let done = record(&server, &agent, call(first.follow_up_id, Outcome::Reached, 5, &[Topic::VehicleCondition]))
        .await
        .expect("recorded, with a warning");
    assert!(done.too_early);
    assert!(done.follow_up.as_ref().expect("f").calls[0].too_early, "the call is on record as outside the window");
    let second = done.next.expect("#2 opens");
    assert_eq!(
        (second.due_from.as_str(), second.due_until.as_str()),
        ("2030-03-14", "2030-03-21"),
        "a week after the day #1's window opened, not after the early call"
    );
    // On time, no flag.
    let other = deliver(&server, &x, "沪H10002", "13900310002").await;
    let on_time = of_customer(&server, other.customer_id).await;
    server.clock.set(shanghai(8, 10, 0));
    let done = record(&server, &agent, call(on_time.follow_up_id, Outcome::Reached, 4, &[Topic::NewNeeds]))
        .await
        .expect("records");
    assert!(!done.too_early && !done.follow_up.expect("f").calls[0].too_early);

    // The call-record register marks it, and the window figure does not count it.
    let csv = server
        .connect(Role::Supervisor)
        .await
        .followups()
        .export_register(pb::ExportRegisterRequest {
            register: pb::Register::CallRecords as i32,
            from_date: "2030-03-01".into(),
            to_date: "2030-03-31".into(),
            format: pb::ExportFormat::Csv as i32,
        })
        .await
        .expect("exports")
        .into_inner();
    let text = String::from_utf8(csv.content).expect("utf-8");
    assert!(text.contains("第一次跟踪（早于回访期）"), "{text}");
    server.clock.set(shanghai(12, 9, 0));
    let mut reports = server.connect(Role::Supervisor).await.reports();
    let range = pb::GetPeriodReportRequest {
        from_date: "2030-03-01".into(),
        to_date: "2030-03-11".into(),
        ..Default::default()
    };
    let report = reports.get_period_report(range).await.expect("reports").into_inner().report.expect("report");
    assert_eq!(report.follow_ups_in_window.map(|r| (r.count, r.total)), Some((0, 1)), "the early #1 is outside");
}

#[tokio::test]
async fn a_second_call_may_repeat_a_first_topic_with_a_note_of_what_is_new() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let agent = server.token(Role::Followup).to_owned();
    let visit = deliver(&server, &x, "沪H20001", "13900320001").await;
    let first = of_customer(&server, visit.customer_id).await;
    server.clock.set(shanghai(7, 10, 0));
    let topics = [Topic::VehicleCondition, Topic::ServiceOpinion];
    let second = record(&server, &agent, call(first.follow_up_id, Outcome::Reached, 5, &topics))
        .await
        .expect("records")
        .next
        .expect("#2");
    server.clock.set(shanghai(15, 10, 0));
    let again = call(second.follow_up_id, Outcome::Reached, 5, &[Topic::VehicleCondition, Topic::UsageTips]);
    assert_rejected(record(&server, &agent, again.clone()).await, Code::FailedPrecondition, ErrorReason::TopicRepeated);
    let blank = pb::RecordFollowUpCallRequest { new_content: "  ".into(), ..again.clone() };
    assert_rejected(record(&server, &agent, blank).await, Code::FailedPrecondition, ErrorReason::TopicRepeated);
    let noted = pb::RecordFollowUpCallRequest { new_content: "换装冬季轮胎后的跑偏".into(), ..again };
    let done = record(&server, &agent, noted).await.expect("a repeat with what is new is recorded");
    assert_eq!(done.repeated_topics, vec![Topic::VehicleCondition as i32]);
    let recorded = &done.follow_up.expect("f").calls[0];
    assert_eq!(recorded.new_content, "换装冬季轮胎后的跑偏");
}

#[tokio::test]
async fn an_enquiry_opens_a_first_follow_up_when_the_agent_asks_for_one() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let agent = server.token(Role::Followup).to_owned();
    let visit = deliver(&server, &x, "沪H30001", "13900330001").await;
    // Done with the delivery's own follow-ups first, so only the enquiry's is open.
    let delivery = of_customer(&server, visit.customer_id).await.follow_up_id;
    server.clock.set(shanghai(7, 10, 0));
    record(&server, &agent, call(delivery, Outcome::Refused, 0, &[])).await.expect("records");

    // 03-07: the customer calls to ask about tyres; the agent wants to call back.
    let mut desk = server.connect_with_token(&agent).await.followups();
    let enquiry = pb::LogInboundCallRequest {
        plate: "沪H30001".into(),
        inbound_kind: "ENQUIRY".into(),
        content: "想了解冬季轮胎价格".into(),
        answered_on_call: true,
        open_follow_up: true,
        request_id: request_id(),
        ..Default::default()
    };
    let logged = desk.log_inbound_call(enquiry.clone()).await.expect("logs").into_inner();
    let call_id = logged.call.expect("call").call_id;
    let opened = logged.follow_up.expect("a follow-up opens");
    assert_eq!(opened.kind, pb::FollowUpKind::First as i32);
    assert_eq!((opened.due_from.as_str(), opened.due_until.as_str()), ("2030-03-10", "2030-03-14"), "3 to 7 days");
    assert_eq!((opened.inbound_call_id, opened.plate.as_str()), (call_id, "沪H30001"));
    assert_eq!((opened.owner_agent_id, opened.work_order.as_str()), (server.staff.followup, ""));
    let retry = desk.log_inbound_call(enquiry).await.expect("a retry is answered").into_inner();
    assert_eq!(retry.follow_up.map(|f| f.follow_up_id), Some(opened.follow_up_id), "one follow-up, not two");
    // Without the flag, an enquiry opens nothing.
    let plain = pb::LogInboundCallRequest {
        phone: "13900330001".into(),
        inbound_kind: "ENQUIRY".into(),
        content: "营业时间".into(),
        answered_on_call: true,
        ..Default::default()
    };
    assert!(desk.log_inbound_call(plain).await.expect("logs").into_inner().follow_up.is_none());

    // Reached in its window, it is done and #2 follows, as after a delivery.
    server.clock.set(shanghai(11, 10, 0));
    let done = record(&server, &agent, call(opened.follow_up_id, Outcome::Reached, 0, &[Topic::Offers]))
        .await
        .expect("records");
    let second = done.next.expect("#2");
    assert_eq!((second.due_from.as_str(), second.inbound_call_id), ("2030-03-18", call_id));
}

async fn lost(server: &TestServer, uncalled_only: bool) -> pb::ListLostCustomersResponse {
    let mut desk = server.connect(Role::Followup).await.followups();
    let request = pb::ListLostCustomersRequest { uncalled_only, ..Default::default() };
    desk.list_lost_customers(request).await.expect("lists").into_inner()
}

#[tokio::test]
async fn lost_customers_are_called_from_a_worklist_and_counted_by_the_reason_found() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let a = deliver(&server, &x, "沪H40001", "13900340001").await;
    let b = deliver(&server, &x, "沪H40002", "13900340002").await;
    server.clock.set(
        chrono::TimeZone::with_ymd_and_hms(&chrono_tz::Asia::Shanghai, 2031, 3, 10, 10, 0, 0)
            .unwrap()
            .with_timezone(&chrono::Utc),
    );
    let before = lost(&server, true).await;
    assert_eq!(before.customers.iter().map(|c| c.customer_id).collect::<Vec<_>>(), [a.customer_id, b.customer_id]);
    assert!(before.customers.iter().all(|c| c.calls == 0 && c.last_call_time.is_none()));
    assert_eq!(before.reasons.iter().map(|r| (r.reason.as_str(), r.customers)).collect::<Vec<_>>(), [("", 2)]);

    let mut desk = server.connect(Role::Followup).await.followups();
    let outbound = |customer_id, outcome: Outcome, reason: &str| pb::LogOutboundCallRequest {
        customer_id,
        purpose: pb::CallPurpose::LostCustomer as i32,
        outcome: outcome as i32,
        note: "询问近况".into(),
        lost_reason: reason.into(),
        request_id: request_id(),
    };
    let logged = desk
        .log_outbound_call(outbound(a.customer_id, Outcome::Reached, "保养价格偏高"))
        .await
        .expect("logs")
        .into_inner();
    let c = logged.call.expect("call");
    assert!(!c.inbound && c.purpose == pb::CallPurpose::LostCustomer as i32 && c.lost_reason == "保养价格偏高");
    assert_eq!(logged.lost_reason, "保养价格偏高", "the file takes the reason");
    desk.log_outbound_call(outbound(b.customer_id, Outcome::NoAnswer, "")).await.expect("logs");

    let after = lost(&server, false).await;
    let a_row = after.customers.iter().find(|c| c.customer_id == a.customer_id).expect("A");
    assert_eq!(
        (a_row.calls, a_row.last_call_outcome, a_row.lost_reason.as_str()),
        (1, Outcome::Reached as i32, "保养价格偏高")
    );
    assert!(a_row.last_call_time.is_some());
    let b_row = after.customers.iter().find(|c| c.customer_id == b.customer_id).expect("B");
    assert_eq!((b_row.calls, b_row.last_call_outcome, b_row.lost_reason.as_str()), (1, Outcome::NoAnswer as i32, ""));
    let reasons: Vec<(&str, i32)> = after.reasons.iter().map(|r| (r.reason.as_str(), r.customers)).collect();
    assert_eq!(reasons, [("", 1), ("保养价格偏高", 1)]);
    assert!(lost(&server, true).await.customers.is_empty(), "both called: the worklist is empty");

    // The call-log register has them as calls to lost customers, with the reason.
    let log = server
        .connect(Role::Supervisor)
        .await
        .followups()
        .export_register(pb::ExportRegisterRequest {
            register: pb::Register::CallLog as i32,
            from_date: "2031-03-10".into(),
            to_date: "2031-03-10".into(),
            format: pb::ExportFormat::Csv as i32,
        })
        .await
        .expect("exports")
        .into_inner();
    let text = String::from_utf8(log.content).expect("utf-8");
    assert_eq!(log.rows, 2, "{text}");
    assert!(text.contains(",呼出,王,13900340001,流失客户回访,询问近况（流失原因：保养价格偏高）,接通,孙丽"), "{text}");

    let mut bad = outbound(a.customer_id, Outcome::Reached, "");
    bad.purpose = 0;
    bad.outcome = 0;
    let status = desk.log_outbound_call(bad).await.expect_err("refused");
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(frontdesk_proto::bad_fields(&status), ["purpose", "outcome"]);
    let nobody = desk.log_outbound_call(outbound(999_999, Outcome::Reached, "")).await;
    assert_rejected(nobody, Code::NotFound, ErrorReason::CustomerNotFound);
}

#[tokio::test]
async fn a_retry_is_due_on_its_day_and_an_invitation_is_overdue_the_day_after_its_own() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let agent = server.token(Role::Followup).to_owned();
    let visit = deliver(&server, &x, "沪H50001", "13900350001").await;
    let first = of_customer(&server, visit.customer_id).await.follow_up_id;
    // #1 runs 03-07 to 03-11; no answer on the last day puts the retry on 03-12.
    server.clock.set(shanghai(11, 10, 0));
    let tried = record(&server, &agent, call(first, Outcome::NoAnswer, 0, &[])).await.expect("records");
    assert_eq!(tried.follow_up.expect("f").next_attempt_date, "2030-03-12");
    let due_today = pb::ListFollowUpsRequest { due: Due::Due as i32, ..Default::default() };
    for (day, expected) in [(11, Due::NotYet), (12, Due::Due), (13, Due::Overdue)] {
        server.clock.set(shanghai(day, 9, 0));
        assert_eq!(due(&get(&server, &agent, first).await.expect("gets")), expected, "03-{day}");
        let listed = list(&server, &agent, due_today.clone()).await.iter().any(|f| f.follow_up_id == first);
        assert_eq!(listed, expected == Due::Due, "--due today on 03-{day}");
    }

    // An invitation is called two weeks ahead: due on 03-18, overdue on 03-19.
    let mut boss = server.connect(Role::Supervisor).await.followups();
    boss.create_campaign(pb::CreateCampaignRequest {
        request_id: request_id(),
        name: "春季免费检测".into(),
        kind: pb::CampaignKind::FreeCheck as i32,
        event_date: "2030-04-01".into(),
        audience: pb::AudienceKind::Vehicles as i32,
        vehicles: vec!["沪H50001".into()],
        ..Default::default()
    })
    .await
    .expect("creates");
    let invitations = pb::ListFollowUpsRequest { kind: pb::FollowUpKind::Campaign as i32, ..Default::default() };
    for (day, expected) in [(17, Due::NotYet), (18, Due::Due), (19, Due::Overdue)] {
        server.clock.set(shanghai(day, 9, 0));
        let invite = list(&server, &agent, invitations.clone()).await;
        assert_eq!(invite.iter().map(due).collect::<Vec<_>>(), [expected], "03-{day}");
    }
}
