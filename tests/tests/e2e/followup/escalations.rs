//! The escalation clock as the seed has it: 不能当面或当时答复的，通话后要尽快加以研究，
//! 找出办法；仍不能解决的，要在两日内报告业务主管. The agent researches first, for
//! two store days; what is still unsolved then reaches the supervisor, late, on its
//! own; the supervisor's 48 hours count from the moment it reaches them.

use frontdesk_proto::ErrorReason;
use frontdesk_proto::v1 as pb;
use frontdesk_proto::v1::{CallOutcome as Outcome, CallTopic as Topic, EscalationStage as Stage};
use frontdesk_server::domain::Role;
use frontdesk_tests::{TestServer, shanghai, ts};
use tonic::Code;

use super::{call, deliver, of_customer, record};
use crate::assert_rejected;

/// A #1 call on 2030-03-07 at `hour` reaching the customer with a complaint not answered.
async fn complaint_on_a_call(server: &TestServer, plate: &str, phone: &str, hour: u32) -> pb::Escalation {
    let name = if hour.is_multiple_of(2) { "甲" } else { "乙" };
    let (_, x) = server.add_advisor(name, 2 + hour as i32, &["maintenance"]).await;
    let visit = deliver(server, &x, plate, phone).await;
    let id = of_customer(server, visit.customer_id).await.follow_up_id;
    server.clock.set(shanghai(7, hour, 0));
    let mut complaint = call(id, Outcome::Reached, 2, &[Topic::ServiceOpinion]);
    complaint.complaints = "保养后异响".into();
    record(server, server.token(Role::Followup), complaint).await.expect("records").escalation.expect("raised")
}

async fn list(server: &TestServer, request: pb::ListEscalationsRequest) -> Vec<pb::Escalation> {
    let mut desk = server.connect(Role::Followup).await.followups();
    desk.list_escalations(request).await.expect("lists").into_inner().escalations
}

fn stage(e: &pb::Escalation) -> Stage {
    Stage::try_from(e.stage).expect("known")
}

async fn march(server: &TestServer) -> pb::Report {
    let mut reports = server.connect(Role::Supervisor).await.reports();
    let request = pb::GetPeriodReportRequest { month: "2030-03".into(), ..Default::default() };
    reports.get_period_report(request).await.expect("reports").into_inner().report.expect("report")
}

fn ratio(count: i32, total: i32) -> Option<pb::Ratio> {
    let rate = if total == 0 { 0.0 } else { f64::from(count) / f64::from(total) };
    Some(pb::Ratio { count, total, rate })
}

#[tokio::test]
async fn a_complaint_nobody_solves_reaches_the_supervisor_on_its_own_after_two_days_marked_late() {
    let server = TestServer::start().await;
    let raised = complaint_on_a_call(&server, "沪G10001", "13900100001", 10).await;
    let id = raised.escalation_id;
    // Thursday 10:00: the agent's until the end of Saturday; not the supervisor's yet.
    assert_eq!(stage(&raised), Stage::Researching);
    assert_eq!(raised.research_due_time, ts(shanghai(10, 0, 0)));
    assert!(raised.report_time.is_none() && !raised.reported_late && !raised.overdue);

    let researching = || pb::ListEscalationsRequest { stage: Stage::Researching as i32, ..Default::default() };
    let reported = || pb::ListEscalationsRequest { stage: Stage::Reported as i32, ..Default::default() };
    server.clock.set(shanghai(9, 23, 59));
    assert_eq!(list(&server, researching()).await.iter().map(|e| e.escalation_id).collect::<Vec<_>>(), [id]);
    assert!(list(&server, reported()).await.is_empty(), "still the agent's on Saturday night");

    // The two days ran out at midnight: it reached the supervisor then, on its own.
    server.clock.set(shanghai(10, 9, 0));
    assert!(list(&server, researching()).await.is_empty());
    let now = list(&server, reported()).await;
    assert_eq!(now.len(), 1);
    let e = &now[0];
    assert_eq!((stage(e), e.reported_late, e.reported_by.as_str()), (Stage::Reported, true, ""));
    assert_eq!((e.report_time, e.due_time), (ts(shanghai(10, 0, 0)), ts(shanghai(12, 0, 0))));
    assert!(!e.overdue, "the supervisor's 48 hours run from midnight");
    let flagged = list(&server, pb::ListEscalationsRequest { flagged_only: true, ..Default::default() }).await;
    assert_eq!(flagged.iter().map(|e| e.escalation_id).collect::<Vec<_>>(), [id], "reported late is flagged");

    // The agent's part is over: neither reported again nor solved by them.
    let mut desk = server.connect(Role::Followup).await.followups();
    let report = desk.report_escalation(pb::ReportEscalationRequest { escalation_id: id, note: "晚了".into() }).await;
    assert_rejected(report, Code::FailedPrecondition, ErrorReason::EscalationReported);
    let solve = |told| pb::ResolveEscalationRequest {
        escalation_id: id,
        solution: "更换刹车片".into(),
        customer_told_now: told,
        ..Default::default()
    };
    assert_rejected(
        desk.resolve_escalation(solve(true)).await,
        Code::FailedPrecondition,
        ErrorReason::EscalationReported,
    );
    // The supervisor solves it within their 48 hours: not overdue, but it came late.
    server.clock.set(shanghai(11, 16, 0));
    let mut boss = server.connect(Role::Supervisor).await.followups();
    let solved = boss.resolve_escalation(solve(true)).await.expect("resolves").into_inner().escalation.expect("e");
    assert_eq!((stage(&solved), solved.overdue, solved.reported_late), (Stage::Resolved, false, true));
    assert_eq!(march(&server).await.escalations_in_time, ratio(0, 1), "reported late is not in time");
}

#[tokio::test]
async fn the_agent_solves_what_they_research_and_tells_the_customer_the_same_day() {
    let server = TestServer::start().await;
    let first = complaint_on_a_call(&server, "沪G20001", "13900200001", 10).await;
    let second = complaint_on_a_call(&server, "沪G20002", "13900200002", 11).await;
    let mut desk = server.connect(Role::Followup).await.followups();
    let solve = |escalation_id, told| pb::ResolveEscalationRequest {
        escalation_id,
        solution: "已查明为正常磨合声，约客户回店复查".into(),
        customer_told_now: told,
        ..Default::default()
    };
    // Friday: the first solved by the agent and the customer told at once.
    server.clock.set(shanghai(8, 16, 0));
    let solved =
        desk.resolve_escalation(solve(first.escalation_id, true)).await.expect("solves").into_inner().escalation;
    let solved = solved.expect("e");
    assert_eq!((stage(&solved), solved.reported_late, solved.overdue), (Stage::Resolved, false, false));
    assert_eq!(solved.resolved_by, format!("followup:{}", server.staff.followup));
    assert!(solved.report_time.is_none(), "it never went to the supervisor");
    assert_eq!(solved.customer_told_time, ts(shanghai(8, 16, 0)));
    // Saturday: the second solved, the customer still to be told — by the end of the day.
    server.clock.set(shanghai(9, 17, 0));
    desk.resolve_escalation(solve(second.escalation_id, false)).await.expect("solves");
    server.clock.set(shanghai(10, 9, 0));
    let flagged = list(&server, pb::ListEscalationsRequest { flagged_only: true, ..Default::default() }).await;
    assert_eq!(
        flagged.iter().map(|e| (e.escalation_id, e.late_notice)).collect::<Vec<_>>(),
        [(second.escalation_id, true)]
    );
    let notice = pb::RecordCustomerNoticeRequest { escalation_id: second.escalation_id, ..Default::default() };
    desk.record_customer_notice(notice).await.expect("told");

    // An issue escalated by hand is the supervisor's at once, for 48 hours.
    let by_hand = desk
        .escalate_follow_up(pb::EscalateFollowUpRequest {
            follow_up_id: first.follow_up_id,
            complaint: "客户要求店长回电".into(),
            ..Default::default()
        })
        .await
        .expect("escalates")
        .into_inner()
        .escalation
        .expect("e");
    assert_eq!((stage(&by_hand), by_hand.research_due_time, by_hand.reported_late), (Stage::Reported, None, false));
    assert_eq!((by_hand.report_time, by_hand.due_time), (ts(shanghai(10, 9, 0)), ts(shanghai(12, 9, 0))));
    assert_rejected(
        desk.resolve_escalation(solve(by_hand.escalation_id, true)).await,
        Code::FailedPrecondition,
        ErrorReason::EscalationReported,
    );

    // Both solved in time by the agent; the hand-raised one is still open and has time.
    let report = march(&server).await;
    assert_eq!(report.escalations_in_time, ratio(2, 2));
    assert_eq!(report.same_day_notices, ratio(1, 2), "the second customer heard the day after");
}
