//! The follow-up desk, walking the clock: call windows, retries and letters,
//! escalations, campaigns, maintenance reminders, lost customers, stand-ins, flagged
//! visits, incomplete files and who may see and change what. The rules read against
//! the seed (issue 10) are in [`escalations`] and [`calls`].

mod calls;
mod escalations;

use frontdesk_proto::ErrorReason;
use frontdesk_proto::v1 as pb;
use frontdesk_proto::v1::{CallOutcome as Outcome, CallTopic as Topic, DueState as Due, FollowUpStatus as Status};
use frontdesk_server::domain::Role;
use frontdesk_tests::{TestServer, shanghai, ts};
use tonic::Code;

use crate::{assert_rejected, check_in, pull, request_id, walk_in};

/// Checks a walk-in in, serves them at `token`'s counter and opens the work order,
/// with reception's flags; returns the visit.
pub async fn receive(server: &TestServer, token: &str, plate: &str, phone: &str, flags: (bool, bool)) -> pb::Visit {
    check_in(server, walk_in(plate, phone, "maintenance")).await;
    let (t, _) = pull(server, token).await.expect("pulls");
    let mut queue = server.connect_with_token(token).await.queue();
    queue.start_service(pb::StartServiceRequest { ticket_id: t.ticket_id }).await.expect("starts");
    let now = server.running().app.now();
    queue
        .complete_service(pb::CompleteServiceRequest {
            ticket_id: t.ticket_id,
            mileage_km: 20_000,
            promised_ready_time: ts(now + chrono::Duration::hours(4)),
            callback_note: "下午回访".into(),
            mystery_shopper: flags.0,
            likely_to_complain: flags.1,
            ..Default::default()
        })
        .await
        .expect("completes")
        .into_inner()
        .visit
        .expect("visit")
}

/// Receives a car and hands it back the same day: follow-up #1 opens.
pub async fn deliver(server: &TestServer, token: &str, plate: &str, phone: &str) -> pb::Visit {
    let visit = receive(server, token, plate, phone, (false, false)).await;
    let conn = server.connect_with_token(token).await;
    frontdesk_tests::agree_estimate(&conn, &visit.work_order).await;
    let mut visits = conn.visits();
    for stage in [pb::VisitStage::InRepair, pb::VisitStage::QualityCheck, pb::VisitStage::Ready] {
        visits
            .update_visit_stage(pb::UpdateVisitStageRequest {
                work_order: visit.work_order.clone(),
                stage: stage as i32,
                ..Default::default()
            })
            .await
            .expect("moves");
    }
    frontdesk_tests::settle_and_pay(&conn, &visit.work_order).await;
    visits
        .deliver_vehicle(pb::DeliverVehicleRequest { work_order: visit.work_order.clone(), note: String::new() })
        .await
        .expect("delivers")
        .into_inner()
        .visit
        .expect("visit")
}

/// The follow-ups a token sees with a filter.
pub async fn list(server: &TestServer, token: &str, filter: pb::ListFollowUpsRequest) -> Vec<pb::FollowUp> {
    server
        .connect_with_token(token)
        .await
        .followups()
        .list_follow_ups(filter)
        .await
        .expect("lists")
        .into_inner()
        .follow_ups
}

/// The one open follow-up of a customer, as the supervisor sees it.
pub async fn of_customer(server: &TestServer, customer_id: i64) -> pb::FollowUp {
    let found =
        list(server, server.token(Role::Supervisor), pb::ListFollowUpsRequest { customer_id, ..Default::default() })
            .await;
    assert_eq!(found.len(), 1, "{found:?}");
    found.into_iter().next().expect("one")
}

pub async fn get(server: &TestServer, token: &str, id: i64) -> Result<pb::FollowUp, tonic::Status> {
    let mut client = server.connect_with_token(token).await.followups();
    Ok(client.get_follow_up(pb::GetFollowUpRequest { follow_up_id: id }).await?.into_inner().follow_up.expect("f"))
}

pub fn due(f: &pb::FollowUp) -> Due {
    Due::try_from(f.due_state).expect("known")
}

pub fn status(f: &pb::FollowUp) -> Status {
    Status::try_from(f.status).expect("known")
}

/// A call as the agent records it.
pub fn call(id: i64, outcome: Outcome, score: i32, topics: &[Topic]) -> pb::RecordFollowUpCallRequest {
    pb::RecordFollowUpCallRequest {
        follow_up_id: id,
        outcome: outcome as i32,
        satisfaction: score,
        topics: topics.iter().map(|t| *t as i32).collect(),
        note: "车况良好".into(),
        ..Default::default()
    }
}

pub async fn record(
    server: &TestServer,
    token: &str,
    request: pb::RecordFollowUpCallRequest,
) -> Result<pb::RecordFollowUpCallResponse, tonic::Status> {
    Ok(server.connect_with_token(token).await.followups().record_follow_up_call(request).await?.into_inner())
}

#[tokio::test]
async fn follow_up_one_opens_on_delivery_and_two_follows_a_week_after_it() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let agent = server.token(Role::Followup).to_owned();
    let visit = deliver(&server, &x, "沪F10001", "13900010001").await;

    // Delivered on Monday 2030-03-04: #1 is due from Thursday 03-07 to Monday 03-11.
    let first = of_customer(&server, visit.customer_id).await;
    assert_eq!(first.kind, pb::FollowUpKind::First as i32);
    assert_eq!((first.due_from.as_str(), first.due_until.as_str()), ("2030-03-07", "2030-03-11"));
    assert_eq!(first.owner_agent_id, server.staff.followup, "the only agent owns it");
    assert_eq!((first.work_order.as_str(), first.callback_note.as_str()), (visit.work_order.as_str(), "下午回访"));
    assert_eq!(first.phone, "13900010001", "the agent sees the number to call");

    let due_today = || pb::ListFollowUpsRequest { due: Due::Due as i32, ..Default::default() };
    for (day, expected) in [(6, Due::NotYet), (7, Due::Due), (11, Due::Due), (12, Due::Overdue)] {
        server.clock.set(shanghai(day, 9, 0));
        let seen = get(&server, &agent, first.follow_up_id).await.expect("gets");
        assert_eq!(due(&seen), expected, "on 03-{day:02} (day {})", day - 4);
        let listed = list(&server, &agent, due_today()).await.iter().any(|f| f.follow_up_id == first.follow_up_id);
        assert_eq!(listed, expected == Due::Due, "--due today on 03-{day:02}");
    }
    let overdue = list(&server, &agent, pb::ListFollowUpsRequest { due: Due::Overdue as i32, ..Default::default() });
    assert_eq!(overdue.await.len(), 1);

    // Called on day 3 (Thursday 03-07): done, and #2 opens for 03-14 to 03-21.
    server.clock.set(shanghai(7, 10, 0));
    let done = record(
        &server,
        &agent,
        call(first.follow_up_id, Outcome::Reached, 5, &[Topic::VehicleCondition, Topic::ServiceOpinion]),
    )
    .await
    .expect("records");
    let after = done.follow_up.expect("follow-up");
    assert_eq!((status(&after), after.attempts), (Status::Done, 1));
    assert_eq!(after.calls[0].satisfaction, 5);
    assert_eq!(after.calls[0].agent, format!("followup:{}", server.staff.followup));
    let second = done.next.expect("#2 opens");
    assert_eq!(second.kind, pb::FollowUpKind::Second as i32);
    assert_eq!((second.due_from.as_str(), second.due_until.as_str()), ("2030-03-14", "2030-03-21"));
    assert_eq!(second.earlier_topics, vec![Topic::VehicleCondition as i32, Topic::ServiceOpinion as i32]);
    assert!(done.escalation.is_none() && done.letter.is_none());
    let again = record(&server, &agent, call(first.follow_up_id, Outcome::Reached, 5, &[Topic::NewNeeds]));
    assert_rejected(again.await, Code::FailedPrecondition, ErrorReason::FollowUpClosed);

    for (day, expected) in [(13, Due::NotYet), (14, Due::Due), (21, Due::Due), (22, Due::Overdue)] {
        server.clock.set(shanghai(day, 9, 0));
        let seen = get(&server, &agent, second.follow_up_id).await.expect("gets");
        assert_eq!(due(&seen), expected, "#2 on 03-{day:02}");
    }
    // #2 may not repeat #1's topics.
    server.clock.set(shanghai(15, 11, 0));
    let repeat = record(
        &server,
        &agent,
        call(second.follow_up_id, Outcome::Reached, 4, &[Topic::NewNeeds, Topic::ServiceOpinion]),
    );
    assert_rejected(repeat.await, Code::FailedPrecondition, ErrorReason::TopicRepeated);
    let done =
        record(&server, &agent, call(second.follow_up_id, Outcome::Reached, 4, &[Topic::NewNeeds, Topic::UsageTips]))
            .await
            .expect("records");
    assert_eq!(status(&done.follow_up.expect("f")), Status::Done);
    assert!(done.next.is_none(), "two follow-ups per visit");
    assert!(list(&server, &agent, pb::ListFollowUpsRequest::default()).await.is_empty(), "nothing left open");
}

#[tokio::test]
async fn no_answer_is_tried_on_working_days_three_times_then_a_letter_is_due() {
    // Friday 03-08 is a closed day: the retry after Thursday's call is Saturday.
    let server = TestServer::start_with(|c| c.booking.closed_dates = vec!["2030-03-08".into()]).await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let agent = server.token(Role::Followup).to_owned();
    let visit = deliver(&server, &x, "沪F20001", "13900020001").await;
    let id = of_customer(&server, visit.customer_id).await.follow_up_id;

    server.clock.set(shanghai(7, 10, 0));
    let tried =
        record(&server, &agent, call(id, Outcome::NoAnswer, 0, &[])).await.expect("records").follow_up.expect("f");
    assert_eq!((status(&tried), tried.attempts, tried.next_attempt_date.as_str()), (Status::Open, 1, "2030-03-09"));
    assert_eq!(due(&tried), Due::NotYet, "tried today; the next attempt is the next working day");
    // Another unanswered call the same day is no second attempt.
    let again = record(&server, &agent, call(id, Outcome::NoAnswer, 0, &[])).await;
    assert_rejected(again, Code::FailedPrecondition, ErrorReason::AttemptNotDue);
    server.clock.set(shanghai(9, 10, 0));
    assert_eq!(due(&get(&server, &agent, id).await.expect("gets")), Due::Due);
    let tried =
        record(&server, &agent, call(id, Outcome::NoAnswer, 0, &[])).await.expect("records").follow_up.expect("f");
    assert_eq!((tried.attempts, tried.next_attempt_date.as_str()), (2, "2030-03-10"));
    server.clock.set(shanghai(10, 10, 0));
    let third = record(&server, &agent, call(id, Outcome::NoAnswer, 0, &[])).await.expect("records");
    let tried = third.follow_up.expect("f");
    assert_eq!((status(&tried), tried.attempts), (Status::LetterDue, 3));
    let letter = third.letter.expect("a letter is due after three calls");
    assert_eq!((letter.reason.as_str(), letter.due_date.as_str()), ("NO_ANSWER", "2030-03-12"));
    assert!(letter.sent_date.is_empty() && !letter.overdue);
    let fourth = record(&server, &agent, call(id, Outcome::NoAnswer, 0, &[]));
    assert_rejected(fourth.await, Code::FailedPrecondition, ErrorReason::FollowUpClosed);

    // Letters due show in the list; one unsent past its day is overdue.
    let letters_due =
        list(&server, &agent, pb::ListFollowUpsRequest { status: Status::LetterDue as i32, ..Default::default() })
            .await;
    assert_eq!(letters_due.len(), 1);
    server.clock.set(shanghai(13, 9, 0));
    assert!(get(&server, &agent, id).await.expect("gets").letters[0].overdue);
    let mut desk = server.connect_with_token(&agent).await.followups();
    let sent = desk
        .log_letter(pb::LogLetterRequest {
            letter_id: letter.letter_id,
            content: "感谢惠顾，欢迎来电".into(),
            ..Default::default()
        })
        .await
        .expect("logs")
        .into_inner()
        .letter
        .expect("letter");
    assert_eq!((sent.sent_date.as_str(), sent.overdue), ("2030-03-13", true), "sent a day late");
    assert_eq!(status(&get(&server, &agent, id).await.expect("gets")), Status::Closed);
    let twice = desk.log_letter(pb::LogLetterRequest { letter_id: letter.letter_id, ..Default::default() }).await;
    assert_rejected(twice, Code::FailedPrecondition, ErrorReason::LetterAlreadySent);

    // A wrong number makes a letter due at once; a refusal just closes.
    let other = deliver(&server, &x, "沪F20002", "13900020002").await;
    let other_id = of_customer(&server, other.customer_id).await.follow_up_id;
    server.clock.set(shanghai(16, 10, 0));
    let wrong = record(&server, &agent, call(other_id, Outcome::WrongNumber, 0, &[])).await.expect("records");
    assert_eq!(wrong.letter.expect("letter").reason, "WRONG_NUMBER");
}

#[tokio::test]
async fn complaints_are_researched_then_reported_and_the_customer_is_told_the_same_day() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let agent = server.token(Role::Followup).to_owned();
    let boss = server.token(Role::Supervisor).to_owned();
    let visit = deliver(&server, &x, "沪F30001", "13900030001").await;
    let id = of_customer(&server, visit.customer_id).await.follow_up_id;

    // Thursday 10:00: a complaint the agent cannot answer is theirs to research until
    // the end of Saturday; the supervisor's 48 hours would follow from then.
    server.clock.set(shanghai(7, 10, 0));
    let mut complaint = call(id, Outcome::Reached, 2, &[Topic::ServiceOpinion]);
    complaint.complaints = "洗车不干净，等待时间太长".into();
    let done = record(&server, &agent, complaint).await.expect("records");
    let met = done.escalation.expect("escalated");
    assert_eq!(met.stage, pb::EscalationStage::Researching as i32);
    assert_eq!((met.research_due_time, met.report_time), (ts(shanghai(10, 0, 0)), None));
    assert_eq!(met.due_time, ts(shanghai(12, 0, 0)));
    assert_eq!(met.complaint, "洗车不干净，等待时间太长");
    // Answered on the call: no escalation.
    let other = deliver(&server, &x, "沪F30002", "13900030002").await;
    let other_id = of_customer(&server, other.customer_id).await.follow_up_id;
    let mut answered = call(other_id, Outcome::Reached, 3, &[Topic::ServiceOpinion]);
    answered.complaints = "发票抬头错了".into();
    answered.answered_on_call = true;
    assert!(record(&server, &agent, answered).await.expect("records").escalation.is_none());

    // An inbound complaint, not answered on the call, is researched too.
    let mut desk = server.connect_with_token(&agent).await.followups();
    let inbound = desk
        .log_inbound_call(pb::LogInboundCallRequest {
            plate: "沪F30002".into(),
            inbound_kind: "COMPLAINT".into(),
            content: "空调还是不凉".into(),
            ..Default::default()
        })
        .await
        .expect("logs")
        .into_inner();
    assert!(inbound.call.expect("call").inbound);
    let missed = inbound.escalation.expect("escalated");
    assert_eq!(missed.stage, pb::EscalationStage::Researching as i32);
    let enquiry = desk
        .log_inbound_call(pb::LogInboundCallRequest {
            phone: "13900030002".into(),
            inbound_kind: "ENQUIRY".into(),
            content: "下次保养什么时候".into(),
            answered_on_call: true,
            ..Default::default()
        })
        .await
        .expect("logs")
        .into_inner();
    assert!(enquiry.escalation.is_none() && enquiry.follow_up.is_none());

    // The supervisor steps in on Friday, solves the first and tells the customer at once.
    let mut supervisor = server.connect_with_token(&boss).await.followups();
    server.clock.set(shanghai(8, 15, 0));
    let resolved = supervisor
        .resolve_escalation(pb::ResolveEscalationRequest {
            escalation_id: met.escalation_id,
            solution: "免费重新洗车并致歉".into(),
            customer_told_time: ts(shanghai(8, 14, 50)),
            ..Default::default()
        })
        .await
        .expect("resolves")
        .into_inner()
        .escalation
        .expect("e");
    assert!(!resolved.overdue && !resolved.late_notice && !resolved.reported_late, "{resolved:?}");
    assert_eq!(resolved.stage, pb::EscalationStage::Resolved as i32);
    let twice = supervisor
        .resolve_escalation(pb::ResolveEscalationRequest {
            escalation_id: met.escalation_id,
            solution: "再次".into(),
            ..Default::default()
        })
        .await;
    assert_rejected(twice, Code::FailedPrecondition, ErrorReason::EscalationResolved);

    // The agent cannot solve the inbound one and reports it on Friday 11:00: the
    // supervisor's 48 hours start then, and the agent's part is over.
    server.clock.set(shanghai(8, 11, 0));
    let report = |note: &str| pb::ReportEscalationRequest { escalation_id: missed.escalation_id, note: note.into() };
    let reported =
        desk.report_escalation(report("冷凝器需厂家确认")).await.expect("reports").into_inner().escalation.expect("e");
    assert_eq!(reported.stage, pb::EscalationStage::Reported as i32);
    assert_eq!((reported.report_time, reported.due_time), (ts(shanghai(8, 11, 0)), ts(shanghai(10, 11, 0))));
    assert_eq!(reported.reported_by, format!("followup:{}", server.staff.followup));
    assert_eq!((reported.report_note.as_str(), reported.reported_late), ("冷凝器需厂家确认", false));
    let again = desk.report_escalation(report("再报")).await;
    assert_rejected(again, Code::FailedPrecondition, ErrorReason::EscalationReported);
    let agent_resolves = desk
        .resolve_escalation(pb::ResolveEscalationRequest {
            escalation_id: missed.escalation_id,
            solution: "x".into(),
            ..Default::default()
        })
        .await;
    assert_rejected(agent_resolves, Code::FailedPrecondition, ErrorReason::EscalationReported);

    // 48 hours and a minute after the report it is overdue and flagged.
    server.clock.set(shanghai(10, 11, 1));
    let flagged = supervisor
        .list_escalations(pb::ListEscalationsRequest { flagged_only: true, ..Default::default() })
        .await
        .expect("lists")
        .into_inner()
        .escalations;
    assert_eq!(
        flagged.iter().map(|e| (e.escalation_id, e.overdue)).collect::<Vec<_>>(),
        vec![(missed.escalation_id, true)]
    );
    let notice_first = supervisor
        .record_customer_notice(pb::RecordCustomerNoticeRequest {
            escalation_id: missed.escalation_id,
            ..Default::default()
        })
        .await;
    assert_rejected(notice_first, Code::FailedPrecondition, ErrorReason::EscalationOpen);
    // Solved late on Sunday, and the customer is only told on Monday: both flagged.
    let late = supervisor
        .resolve_escalation(pb::ResolveEscalationRequest {
            escalation_id: missed.escalation_id,
            solution: "更换冷凝器".into(),
            ..Default::default()
        })
        .await
        .expect("resolves")
        .into_inner()
        .escalation
        .expect("e");
    assert!(late.overdue && !late.late_notice, "still Sunday: the notice is not late yet");
    assert!(late.customer_told_time.is_none());
    server.clock.set(shanghai(11, 9, 30));
    let listed = supervisor
        .list_escalations(pb::ListEscalationsRequest { flagged_only: true, ..Default::default() })
        .await
        .expect("lists")
        .into_inner()
        .escalations;
    assert!(listed.iter().any(|e| e.escalation_id == missed.escalation_id && e.late_notice), "untold after the day");
    let future = supervisor
        .record_customer_notice(pb::RecordCustomerNoticeRequest {
            escalation_id: missed.escalation_id,
            customer_told_time: ts(shanghai(11, 12, 0)),
        })
        .await;
    assert_rejected(future, Code::InvalidArgument, ErrorReason::FieldInvalid);
    let told = desk
        .record_customer_notice(pb::RecordCustomerNoticeRequest {
            escalation_id: missed.escalation_id,
            ..Default::default()
        })
        .await
        .expect("records")
        .into_inner()
        .escalation
        .expect("e");
    assert_eq!(told.customer_told_time, ts(shanghai(11, 9, 30)));
    assert!(told.overdue && told.late_notice);
    let again = desk
        .record_customer_notice(pb::RecordCustomerNoticeRequest {
            escalation_id: missed.escalation_id,
            ..Default::default()
        })
        .await;
    assert_rejected(again, Code::FailedPrecondition, ErrorReason::CustomerAlreadyTold);
    let open = supervisor
        .list_escalations(pb::ListEscalationsRequest { open_only: true, ..Default::default() })
        .await
        .expect("lists")
        .into_inner()
        .escalations;
    assert!(open.is_empty());
}

#[tokio::test]
async fn a_campaign_invites_two_weeks_ahead_and_each_call_makes_a_letter_due() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let agent = server.token(Role::Followup).to_owned();
    let a = deliver(&server, &x, "沪F40001", "13900040001").await;
    let b = deliver(&server, &x, "沪F40002", "13900040002").await;
    let mut supervisor = server.connect(Role::Supervisor).await.followups();
    let request = pb::CreateCampaignRequest {
        request_id: request_id(),
        name: "春季免费检测".into(),
        kind: pb::CampaignKind::FreeCheck as i32,
        event_date: "2030-04-01".into(),
        audience: pb::AudienceKind::Vehicles as i32,
        vehicles: vec!["沪F40002".into()],
        ..Default::default()
    };
    let campaign =
        supervisor.create_campaign(request.clone()).await.expect("creates").into_inner().campaign.expect("c");
    assert_eq!((campaign.call_date.as_str(), campaign.invitations), ("2030-03-18", 1));
    let replay = supervisor.create_campaign(request).await.expect("replays").into_inner().campaign.expect("c");
    assert_eq!(replay.campaign_id, campaign.campaign_id, "a retry creates nothing new");

    let invitations = list(
        &server,
        &agent,
        pb::ListFollowUpsRequest { kind: pb::FollowUpKind::Campaign as i32, ..Default::default() },
    )
    .await;
    assert_eq!(invitations.len(), 1);
    let invite = &invitations[0];
    assert_eq!((invite.customer_id, invite.campaign_id), (b.customer_id, campaign.campaign_id));
    assert_eq!((invite.due_from.as_str(), invite.due_until.as_str()), ("2030-03-18", "2030-03-18"));
    assert_eq!(due(invite), Due::NotYet);

    server.clock.set(shanghai(18, 10, 0));
    let invited = record(&server, &agent, call(invite.follow_up_id, Outcome::Reached, 0, &[Topic::CampaignInvitation]))
        .await
        .expect("records");
    let letter = invited.letter.expect("an invitation letter is due");
    assert_eq!((letter.reason.as_str(), letter.due_date.as_str()), ("CAMPAIGN_INVITATION", "2030-03-20"));
    assert_eq!(letter.campaign_id, campaign.campaign_id);

    // Everybody with a visit in the last year, and a campaign too soon for two weeks' notice.
    let all = supervisor
        .create_campaign(pb::CreateCampaignRequest {
            request_id: request_id(),
            name: "车主联谊会".into(),
            kind: pb::CampaignKind::Gathering as i32,
            event_date: "2030-03-25".into(),
            audience: pb::AudienceKind::AllBase as i32,
            ..Default::default()
        })
        .await
        .expect("creates")
        .into_inner()
        .campaign
        .expect("c");
    assert_eq!((all.invitations, all.call_date.as_str()), (2, "2030-03-18"), "{all:?} (today at the earliest)");
    let past = supervisor
        .create_campaign(pb::CreateCampaignRequest {
            request_id: request_id(),
            name: "过去".into(),
            kind: pb::CampaignKind::Offer as i32,
            event_date: "2030-03-18".into(),
            audience: pb::AudienceKind::AllBase as i32,
            ..Default::default()
        })
        .await;
    assert_rejected(past, Code::InvalidArgument, ErrorReason::DateInvalid);
    let unknown = supervisor
        .create_campaign(pb::CreateCampaignRequest {
            request_id: request_id(),
            name: "召回".into(),
            kind: pb::CampaignKind::Recall as i32,
            event_date: "2030-05-01".into(),
            audience: pb::AudienceKind::Vehicles as i32,
            vehicles: vec!["沪F49999".into()],
            ..Default::default()
        })
        .await;
    let status = unknown.expect_err("refused");
    assert_eq!(frontdesk_proto::bad_fields(&status), vec!["vehicles[0]".to_owned()]);
    let campaigns = supervisor.list_campaigns(pb::ListCampaignsRequest::default()).await.expect("lists").into_inner();
    assert_eq!(campaigns.campaigns.len(), 2);
    assert_eq!(campaigns.campaigns[0].campaign_id, campaign.campaign_id, "latest date first");
    let _ = a;
}

/// Files a car of a customer (added when new) as due for maintenance on a date.
async fn next_due(
    customers: &mut pb::customer_service_client::CustomerServiceClient<frontdesk_proto::client::Authed>,
    customer_id: i64,
    plate: &str,
    due_date: &str,
) {
    let vehicle =
        pb::VehicleUpdate { plate: plate.into(), next_maintenance_due: Some(due_date.into()), ..Default::default() };
    let update = pb::UpdateCustomerRequest { customer_id, vehicles: vec![vehicle], ..Default::default() };
    customers.update_customer(update).await.expect("updates");
}

#[tokio::test]
async fn maintenance_falling_due_becomes_a_reminder_call_once() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let visit = deliver(&server, &x, "沪F50001", "13900050001").await;
    let mut customers = server.connect(Role::Supervisor).await.customers();
    for (plate, due_date) in [("沪F50001", "2030-03-15"), ("沪F50002", "2030-04-05")] {
        next_due(&mut customers, visit.customer_id, plate, due_date).await;
    }
    let mut desk = server.connect(Role::Followup).await.followups();
    let due_now =
        desk.list_maintenance_due(pb::ListMaintenanceDueRequest::default()).await.expect("lists").into_inner().vehicles;
    assert_eq!(due_now.iter().map(|v| v.plate.as_str()).collect::<Vec<_>>(), vec!["沪F50001"], "within 14 days");
    // Looking further ahead lists the second car, without a call for it yet.
    let ahead = desk
        .list_maintenance_due(pb::ListMaintenanceDueRequest { within_days: 60, ..Default::default() })
        .await
        .expect("lists")
        .into_inner()
        .vehicles;
    let listed: Vec<(&str, bool)> = ahead.iter().map(|v| (v.plate.as_str(), v.follow_up_id > 0)).collect();
    assert_eq!(listed, vec![("沪F50001", true), ("沪F50002", false)]);
    let reminder = get(&server, server.token(Role::Followup), due_now[0].follow_up_id).await.expect("gets");
    assert_eq!(reminder.kind, pb::FollowUpKind::MaintenanceReminder as i32);
    assert_eq!((reminder.due_from.as_str(), reminder.due_until.as_str()), ("2030-03-04", "2030-03-15"));
    assert_eq!(due(&reminder), Due::Due);
    // Listing again opens nothing new; the agent's own list shows it too.
    desk.list_maintenance_due(pb::ListMaintenanceDueRequest::default()).await.expect("lists");
    let reminders = list(
        &server,
        server.token(Role::Followup),
        pb::ListFollowUpsRequest { kind: pb::FollowUpKind::MaintenanceReminder as i32, ..Default::default() },
    )
    .await;
    assert_eq!(reminders.len(), 1);
    // Three weeks on, the second car falls due and is reminded of.
    server.clock.set(shanghai(25, 9, 0));
    let reminders = list(
        &server,
        server.token(Role::Followup),
        pb::ListFollowUpsRequest { kind: pb::FollowUpKind::MaintenanceReminder as i32, ..Default::default() },
    )
    .await;
    assert_eq!(reminders.iter().map(|r| r.plate.as_str()).collect::<Vec<_>>(), vec!["沪F50001", "沪F50002"]);
    assert_eq!(due(&reminders[0]), Due::Overdue, "nobody called before the 15th");
    // A due date entered late, five days past: reminded today. One long past: not.
    for (plate, due_date) in [("沪F50003", "2030-03-20"), ("沪F50004", "2030-02-01")] {
        next_due(&mut customers, visit.customer_id, plate, due_date).await;
    }
    let reminders = list(
        &server,
        server.token(Role::Followup),
        pb::ListFollowUpsRequest { kind: pb::FollowUpKind::MaintenanceReminder as i32, ..Default::default() },
    )
    .await;
    let late = reminders.iter().find(|r| r.plate == "沪F50003").expect("the late entry is reminded of");
    assert_eq!((late.due_from.as_str(), late.due_until.as_str(), due(late)), ("2030-03-25", "2030-03-25", Due::Due));
    assert!(reminders.iter().all(|r| r.plate != "沪F50004"), "seven weeks past is for the lost-customer list");
}

#[tokio::test]
async fn a_customer_without_a_visit_for_a_year_is_lost_with_the_reason_found() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let visit = deliver(&server, &x, "沪F60001", "13900060001").await;
    let lost = || async {
        let mut desk = server.connect(Role::Followup).await.followups();
        desk.list_lost_customers(pb::ListLostCustomersRequest::default()).await.expect("lists").into_inner().customers
    };
    assert!(lost().await.is_empty());
    server.clock.set(
        chrono::TimeZone::with_ymd_and_hms(&chrono_tz::Asia::Shanghai, 2031, 2, 20, 9, 0, 0)
            .unwrap()
            .with_timezone(&chrono::Utc),
    );
    assert!(lost().await.is_empty(), "eleven and a half months is not yet a year");
    server.clock.set(
        chrono::TimeZone::with_ymd_and_hms(&chrono_tz::Asia::Shanghai, 2031, 3, 10, 9, 0, 0)
            .unwrap()
            .with_timezone(&chrono::Utc),
    );
    let found = lost().await;
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].customer_id, found[0].last_visit_date.as_str()), (visit.customer_id, "2030-03-04"));
    assert_eq!(found[0].plates, vec!["沪F60001".to_owned()]);
    assert!(found[0].lost_reason.is_empty());
    server
        .connect(Role::Followup)
        .await
        .customers()
        .update_customer(pb::UpdateCustomerRequest {
            customer_id: visit.customer_id,
            lost_reason: Some("搬家到外地".into()),
            ..Default::default()
        })
        .await
        .expect("records the reason");
    assert_eq!(lost().await[0].lost_reason, "搬家到外地");
}

#[tokio::test]
async fn a_stand_in_works_an_absent_agents_follow_ups_and_the_owner_gets_them_back() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let owner = server.token(Role::Followup).to_owned();
    let (standin_id, standin) = server.add_followup_agent("赵敏").await;
    let first = deliver(&server, &x, "沪F70001", "13900070001").await;
    let second = deliver(&server, &x, "沪F70002", "13900070002").await;
    let a = of_customer(&server, first.customer_id).await;
    let b = of_customer(&server, second.customer_id).await;
    assert_eq!(a.owner_agent_id, server.staff.followup);
    assert_eq!(b.owner_agent_id, standin_id, "the least-loaded agent takes a new customer");

    let mut supervisor = server.connect(Role::Supervisor).await.followups();
    let moved = supervisor
        .reassign_follow_ups(pb::ReassignFollowUpsRequest {
            from_agent_id: server.staff.followup,
            to_agent_id: standin_id,
            from_date: "2030-03-07".into(),
            until_date: "2030-03-08".into(),
        })
        .await
        .expect("reassigns")
        .into_inner();
    assert_eq!(moved.follow_ups, 1);
    let mine = |token: String| {
        let server = &server;
        async move {
            list(server, &token, pb::ListFollowUpsRequest::default())
                .await
                .iter()
                .map(|f| f.follow_up_id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(mine(standin.clone()).await, vec![b.follow_up_id], "before the absence");
    server.clock.set(shanghai(7, 9, 0));
    assert_eq!(mine(standin.clone()).await, vec![a.follow_up_id, b.follow_up_id]);
    let covered = get(&server, &standin, a.follow_up_id).await.expect("gets");
    assert_eq!((covered.owner_agent_id, covered.assigned_agent_id), (server.staff.followup, standin_id));
    record(&server, &standin, call(a.follow_up_id, Outcome::NoAnswer, 0, &[])).await.expect("the stand-in calls");
    // Back on Saturday: the owner has it again and the stand-in no longer may.
    server.clock.set(shanghai(9, 9, 0));
    assert_eq!(mine(standin.clone()).await, vec![b.follow_up_id]);
    assert_rejected(get(&server, &standin, a.follow_up_id).await, Code::PermissionDenied, ErrorReason::NotYourFollowUp);
    let back = get(&server, &owner, a.follow_up_id).await.expect("gets");
    assert_eq!(back.assigned_agent_id, server.staff.followup);
    assert_eq!(back.attempts, 1, "the stand-in's call stays on record");
    let bad = supervisor
        .reassign_follow_ups(pb::ReassignFollowUpsRequest {
            from_agent_id: server.staff.followup,
            to_agent_id: server.staff.advisor,
            until_date: "2030-03-12".into(),
            ..Default::default()
        })
        .await;
    assert_rejected(bad, Code::NotFound, ErrorReason::AdvisorNotFound);

    // Two arrangements for the same days: the later one wins, the earlier stand-in
    // no longer may.
    let (third_id, third) = server.add_followup_agent("孔明").await;
    for to in [standin_id, third_id] {
        supervisor
            .reassign_follow_ups(pb::ReassignFollowUpsRequest {
                from_agent_id: server.staff.followup,
                to_agent_id: to,
                until_date: "2030-03-10".into(),
                ..Default::default()
            })
            .await
            .expect("reassigns");
    }
    assert_eq!(mine(standin.clone()).await, vec![b.follow_up_id]);
    assert_eq!(mine(third).await, vec![a.follow_up_id]);
    assert_eq!(get(&server, &owner, a.follow_up_id).await.expect("gets").assigned_agent_id, third_id);
}

#[tokio::test]
async fn each_role_sees_and_changes_only_its_part_of_the_desk() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let (_, y) = server.add_advisor("乙", 3, &["maintenance"]).await;
    let (_, other_agent) = server.add_followup_agent("钱七").await;
    let visit = deliver(&server, &x, "沪F80001", "13900080001").await;
    let id = of_customer(&server, visit.customer_id).await.follow_up_id;

    // The advisor who received the car reads it, and only reads it.
    assert_eq!(get(&server, &x, id).await.expect("reads").follow_up_id, id);
    assert_eq!(list(&server, &x, pb::ListFollowUpsRequest::default()).await.len(), 1);
    assert_rejected(
        record(&server, &x, call(id, Outcome::Reached, 5, &[Topic::NewNeeds])).await,
        Code::PermissionDenied,
        ErrorReason::RoleNotAllowed,
    );
    // Another advisor sees nothing of it.
    assert_rejected(get(&server, &y, id).await, Code::PermissionDenied, ErrorReason::NotYourFollowUp);
    assert!(list(&server, &y, pb::ListFollowUpsRequest::default()).await.is_empty());
    // Another agent neither sees nor changes it.
    assert_rejected(get(&server, &other_agent, id).await, Code::PermissionDenied, ErrorReason::NotYourFollowUp);
    assert!(list(&server, &other_agent, pb::ListFollowUpsRequest::default()).await.is_empty());
    assert_rejected(
        record(&server, &other_agent, call(id, Outcome::NoAnswer, 0, &[])).await,
        Code::PermissionDenied,
        ErrorReason::NotYourFollowUp,
    );
    // The supervisor sees all, and may narrow to one agent.
    let boss = server.token(Role::Supervisor);
    assert_eq!(list(&server, boss, pb::ListFollowUpsRequest::default()).await.len(), 1);
    let filtered =
        list(&server, boss, pb::ListFollowUpsRequest { agent_id: server.staff.followup, ..Default::default() });
    assert_eq!(filtered.await.len(), 1);
    // The kiosk reaches nothing.
    let mut kiosk = server.connect(Role::Kiosk).await.followups();
    let refused = kiosk.get_follow_up(pb::GetFollowUpRequest { follow_up_id: id }).await;
    assert_rejected(refused, Code::PermissionDenied, ErrorReason::RoleNotAllowed);
    // Nor may another agent send the letter of someone else's follow-up.
    let agent = server.token(Role::Followup).to_owned();
    let wrong = record(&server, &agent, call(id, Outcome::WrongNumber, 0, &[])).await.expect("records");
    let letter_id = wrong.letter.expect("a letter is due").letter_id;
    let mut other = server.connect_with_token(&other_agent).await.followups();
    let theirs = other.log_letter(pb::LogLetterRequest { letter_id, content: "x".into(), ..Default::default() }).await;
    assert_rejected(theirs, Code::PermissionDenied, ErrorReason::NotYourFollowUp);
}

#[tokio::test]
async fn a_visit_flagged_at_reception_reaches_the_desk_at_once() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let mut watch = crate::watch(&server, server.token(Role::Followup)).await;
    let visit = receive(&server, &x, "沪F90001", "13900090001", (true, true)).await;
    assert_eq!(visit.flags, vec!["MYSTERY_SHOPPER".to_owned(), "LIKELY_TO_COMPLAIN".to_owned()]);
    let flagged = of_customer(&server, visit.customer_id).await;
    assert_eq!(flagged.kind, pb::FollowUpKind::FlaggedVisit as i32);
    assert_eq!((flagged.due_from.as_str(), due(&flagged)), ("2030-03-04", Due::Due), "call today");
    assert_eq!(flagged.flags, visit.flags);
    let mut done = None;
    for _ in 0..20 {
        let m = tokio::time::timeout(std::time::Duration::from_secs(10), watch.message())
            .await
            .expect("in time")
            .expect("ok")
            .expect("open");
        if m.kind == pb::QueueEventKind::TicketDone as i32 {
            done = m.ticket;
            break;
        }
    }
    let done = done.expect("the desk sees the reception end");
    assert_eq!(done.visit_flags, visit.flags, "flags on the live queue for staff");
}

#[tokio::test]
async fn a_customer_file_still_incomplete_two_days_after_a_visit_is_flagged() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let visit = deliver(&server, &x, "沪F11111", "13911111111").await;
    let files = || async {
        let mut desk = server.connect_with_token(&x).await.followups();
        desk.list_incomplete_files(pb::ListIncompleteFilesRequest::default()).await.expect("lists").into_inner().files
    };
    server.clock.set(shanghai(5, 17, 0));
    assert!(files().await.is_empty(), "a day after the visit there is still time");
    server.clock.set(shanghai(6, 9, 0));
    let found = files().await;
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].work_order.as_str(), found[0].plate.as_str()), (visit.work_order.as_str(), "沪F11111"));
    assert!(found[0].missing.contains(&"address".to_owned()) && found[0].missing.contains(&"model".to_owned()));
    server
        .connect(Role::Advisor)
        .await
        .customers()
        .update_customer(pb::UpdateCustomerRequest {
            customer_id: visit.customer_id,
            address: Some("上海市浦东新区张江路1号".into()),
            vehicles: vec![pb::VehicleUpdate {
                plate: "沪F11111".into(),
                model: Some("帕萨特".into()),
                vehicle_type: Some("轿车".into()),
                maintenance_interval_days: Some(180),
                next_maintenance_due: Some("2030-09-01".into()),
                ..Default::default()
            }],
            ..Default::default()
        })
        .await
        .expect("completes the file");
    assert!(files().await.is_empty());
}

async fn export(server: &TestServer, register: pb::Register, format: pb::ExportFormat) -> pb::ExportRegisterResponse {
    server
        .connect(Role::Supervisor)
        .await
        .followups()
        .export_register(pb::ExportRegisterRequest {
            register: register as i32,
            from_date: "2030-03-01".into(),
            to_date: "2030-03-31".into(),
            format: format as i32,
        })
        .await
        .expect("exports")
        .into_inner()
}

#[tokio::test]
async fn the_registers_export_as_xlsx_with_dates_and_as_csv_that_excel_reads_as_chinese() {
    use calamine::{Data, DataType, Reader, Xlsx};
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let agent = server.token(Role::Followup).to_owned();
    let visit = deliver(&server, &x, "沪F12121", "13912121212").await;
    let id = of_customer(&server, visit.customer_id).await.follow_up_id;
    server.clock.set(shanghai(7, 10, 30));
    let mut reached = call(id, Outcome::Reached, 4, &[Topic::VehicleCondition, Topic::NewNeeds]);
    reached.requests = "想加装倒车影像".into();
    reached.complaints = "=HYPERLINK(\"x\")".into();
    reached.answered_on_call = true;
    record(&server, &agent, reached).await.expect("records");

    let xlsx = export(&server, pb::Register::CallRecords, pb::ExportFormat::Xlsx).await;
    assert_eq!(xlsx.file_name, "跟踪服务电话记录表_2030-03-01_2030-03-31.xlsx");
    assert_eq!(xlsx.content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert_eq!(xlsx.rows, 1);
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.content)).expect("a real workbook");
    assert_eq!(book.sheet_names(), vec!["跟踪服务电话记录表".to_owned()]);
    let sheet = book.worksheet_range("跟踪服务电话记录表").expect("sheet");
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(
        header,
        [
            "日期",
            "客户姓名",
            "电话",
            "车号",
            "跟踪类型",
            "通话结果",
            "满意度",
            "话题",
            "客户要求",
            "客户抱怨",
            "当场答复",
            "要点",
            "跟踪员"
        ]
    );
    let row = rows[1];
    assert_eq!(row[0].as_date(), chrono::NaiveDate::from_ymd_opt(2030, 3, 7), "a real date cell");
    assert_eq!(
        (row[1].to_string(), row[2].to_string(), row[3].to_string()),
        ("王".into(), "13912121212".into(), "沪F12121".into())
    );
    assert_eq!((row[4].to_string(), row[5].to_string()), ("第一次跟踪".into(), "接通".into()));
    assert_eq!(row[6].as_f64(), Some(4.0), "satisfaction is a number");
    assert_eq!(row[7].to_string(), "车辆使用情况、新的需求");
    assert_eq!((row[8].to_string(), row[10].to_string()), ("想加装倒车影像".into(), "是".into()));
    assert_eq!(row[12].to_string(), "孙丽", "the agent by name, as on the paper register");

    let files = export(&server, pb::Register::CustomerFiles, pb::ExportFormat::Xlsx).await;
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(files.content)).expect("workbook");
    let sheet = book.worksheet_range("客户档案基本资料表").expect("sheet");
    let first: Vec<String> = sheet.rows().next().expect("header").iter().map(|c| c.to_string()).collect();
    assert_eq!(first[..4], ["客户姓名", "地址", "电话", "来店日期"]);
    assert_eq!(files.rows, 1);

    let csv = export(&server, pb::Register::CallLog, pb::ExportFormat::Csv).await;
    assert!(csv.content.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 with a byte-order mark");
    let text = String::from_utf8(csv.content).expect("utf-8");
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    assert_eq!(lines.next(), Some("日期,时间,方向,客户姓名,电话,类型,内容摘要,结果,登记人"));
    let line = lines.next().expect("one call");
    assert!(line.starts_with("2030-03-07,10:30,呼出,王,13912121212,第一次跟踪,"), "{line}");
    let records = export(&server, pb::Register::CallRecords, pb::ExportFormat::Csv).await;
    let text = String::from_utf8(records.content).expect("utf-8");
    assert!(text.contains(",\"'=HYPERLINK(\"\"x\"\")\","), "a formula is written as text: {text}");

    let letters = export(&server, pb::Register::LetterLog, pb::ExportFormat::Csv).await;
    assert_eq!(letters.rows, 0);

    // The other sheets read back too, with their rows and real date cells.
    let sheet_of = |content: Vec<u8>, name: &str| {
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(content)).expect("workbook");
        let range = book.worksheet_range(name).expect("sheet");
        range.rows().map(|r| r.to_vec()).collect::<Vec<Vec<Data>>>()
    };
    let text = |row: &[Data]| row.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    let day = |m, d| chrono::NaiveDate::from_ymd_opt(2030, m, d);
    let files = export(&server, pb::Register::CustomerFiles, pb::ExportFormat::Xlsx).await;
    let customers = sheet_of(files.content, "客户档案基本资料表");
    let header = ["客户姓名", "地址", "电话", "来店日期", "车型", "车号", "车种", "维护项目", "保养周期", "下次保养期"];
    assert_eq!(text(&customers[0])[..10], header);
    assert_eq!(text(&customers[0])[10..], ["客户需求", "来店次数"]);
    let file = &customers[1];
    assert_eq!(
        (text(file)[0].as_str(), text(file)[2].as_str(), text(file)[5].as_str()),
        ("王", "13912121212", "沪F12121")
    );
    assert_eq!(text(file)[7], "保养", "the maintenance visit's service");
    // Visited 03-04; no interval on file, so the store's 180 days: next due 08-31.
    assert_eq!((file[3].as_date(), file[9].as_date()), (day(3, 4), day(8, 31)));
    assert_eq!(file[11].as_f64(), Some(1.0), "one visit");

    let mut desk = server.connect_with_token(&agent).await.followups();
    let letter = pb::LogLetterRequest { plate: "沪F12121".into(), content: "感谢信".into(), ..Default::default() };
    desk.log_letter(letter).await.expect("logs");
    let letters = export(&server, pb::Register::LetterLog, pb::ExportFormat::Xlsx).await;
    assert_eq!(letters.rows, 1);
    let letter_rows = sheet_of(letters.content, "跟踪服务信函登记表");
    assert_eq!(text(&letter_rows[0]), ["寄出日期", "客户姓名", "地址", "信函类型", "应寄日期", "内容", "寄出人"]);
    let sent = &letter_rows[1];
    assert_eq!((sent[0].as_date(), sent[4].as_date()), (day(3, 7), day(3, 7)));
    assert_eq!(text(sent)[1..4], ["王", "", "其他信函"]);
    assert_eq!(text(sent)[5..], ["感谢信", "孙丽"]);

    let calls =
        sheet_of(export(&server, pb::Register::CallLog, pb::ExportFormat::Xlsx).await.content, "跟踪服务电话登记表");
    assert_eq!(text(&calls[0]), ["日期", "时间", "方向", "客户姓名", "电话", "类型", "内容摘要", "结果", "登记人"]);
    assert_eq!(calls[1][0].as_date(), day(3, 7));
    assert_eq!(text(&calls[1])[1..], ["10:30", "呼出", "王", "13912121212", "第一次跟踪", "车况良好", "接通", "孙丽"]);
    let bad = server
        .connect(Role::Supervisor)
        .await
        .followups()
        .export_register(pb::ExportRegisterRequest {
            register: pb::Register::CallLog as i32,
            from_date: "2030-03-31".into(),
            to_date: "2030-03-01".into(),
            format: pb::ExportFormat::Csv as i32,
        })
        .await;
    assert_rejected(bad, Code::InvalidArgument, ErrorReason::DateInvalid);
}

#[tokio::test]
async fn a_retried_record_is_kept_once_and_answers_as_the_first_did() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let visit = deliver(&server, &x, "沪F70001", "13800070001").await;
    server.clock.set(shanghai(8, 10, 0));
    let agent = server.token(Role::Followup).to_owned();
    let first = of_customer(&server, visit.customer_id).await;

    // A reached #1 with an unanswered complaint: #2 opens and the supervisor is asked.
    let mut reached = call(first.follow_up_id, Outcome::Reached, 3, &[Topic::ServiceOpinion]);
    reached.complaints = "等待时间太长".into();
    reached.request_id = request_id();
    let once = record(&server, &agent, reached.clone()).await.expect("records");
    let again = record(&server, &agent, reached.clone()).await.expect("a retry is answered, not refused");
    let ids = |r: &pb::RecordFollowUpCallResponse| {
        (
            r.follow_up.as_ref().map(|f| (f.follow_up_id, f.calls.len())),
            r.next.as_ref().map(|f| f.follow_up_id),
            r.escalation.as_ref().map(|e| e.escalation_id),
        )
    };
    assert_eq!(ids(&again), ids(&once));
    assert_eq!(once.follow_up.as_ref().map(|f| f.calls.len()), Some(1), "one call on record");
    assert!(once.next.is_some() && once.escalation.is_some());
    let mut changed = reached.clone();
    changed.note = "另一通电话".into();
    assert_rejected(record(&server, &agent, changed).await, Code::AlreadyExists, ErrorReason::RequestIdReused);

    // A retried inbound complaint is one call and one escalation.
    let inbound = pb::LogInboundCallRequest {
        plate: "沪F70001".into(),
        inbound_kind: "COMPLAINT".into(),
        content: "发票开错了".into(),
        request_id: request_id(),
        ..Default::default()
    };
    let mut desk = server.connect_with_token(&agent).await.followups();
    let a = desk.log_inbound_call(inbound.clone()).await.expect("logs").into_inner();
    let b = desk.log_inbound_call(inbound).await.expect("retry").into_inner();
    assert_eq!(a.call.as_ref().map(|c| c.call_id), b.call.as_ref().map(|c| c.call_id));
    assert_eq!(a.escalation.map(|e| e.escalation_id), b.escalation.map(|e| e.escalation_id));

    // So is a retried escalation and a retried letter.
    let second = once.next.expect("#2").follow_up_id;
    let escalate =
        pb::EscalateFollowUpRequest {
            follow_up_id: second, complaint: "要求补偿".into(), request_id: request_id()
        };
    let e1 = desk.escalate_follow_up(escalate.clone()).await.expect("escalates").into_inner().escalation;
    let e2 = desk.escalate_follow_up(escalate).await.expect("retry").into_inner().escalation;
    assert_eq!(e1.map(|e| e.escalation_id), e2.map(|e| e.escalation_id));
    let letter = pb::LogLetterRequest {
        plate: "沪F70001".into(),
        content: "致歉信".into(),
        request_id: request_id(),
        ..Default::default()
    };
    let l1 = desk.log_letter(letter.clone()).await.expect("logs").into_inner().letter;
    let l2 = desk.log_letter(letter).await.expect("retry").into_inner().letter;
    assert_eq!(l1.map(|l| l.letter_id), l2.map(|l| l.letter_id));

    let escalations =
        desk.list_escalations(pb::ListEscalationsRequest::default()).await.expect("lists").into_inner().escalations;
    assert_eq!(escalations.len(), 3, "the call's, the inbound complaint's and the hand-raised one");
}

#[tokio::test]
async fn letters_to_send_wait_in_a_list_until_they_are_sent() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let agent = server.token(Role::Followup).to_owned();
    // Both maintenance visits of 03-04 move the cars' next service to 03-04 + 180 days,
    // 2030-08-31 (the files name no interval).
    let a = deliver(&server, &x, "沪F80001", "13900080001").await;
    let b = deliver(&server, &x, "沪F80002", "13900080002").await;
    let mut customers = server.connect(Role::Supervisor).await.customers();
    customers
        .update_customer(pb::UpdateCustomerRequest {
            customer_id: b.customer_id,
            address: Some("上海市浦东新区世纪大道100号".into()),
            ..Default::default()
        })
        .await
        .expect("files the address");
    let mut supervisor = server.connect(Role::Supervisor).await.followups();
    let campaign = |due_before: &str| pb::CreateCampaignRequest {
        request_id: request_id(),
        name: "秋季保养邀请".into(),
        kind: pb::CampaignKind::Offer as i32,
        event_date: "2030-04-01".into(),
        audience: pb::AudienceKind::MaintenanceDue as i32,
        due_before: due_before.into(),
        ..Default::default()
    };
    // Maintenance due before a date: strictly before.
    let none = supervisor.create_campaign(campaign("2030-08-31")).await.expect("creates").into_inner();
    assert_eq!(none.campaign.expect("c").invitations, 0, "due on 08-31 is not before 08-31");
    let both = supervisor.create_campaign(campaign("2030-09-01")).await.expect("creates").into_inner();
    let campaign_id = both.campaign.expect("c").campaign_id;
    let invitations = list(
        &server,
        &agent,
        pb::ListFollowUpsRequest { kind: pb::FollowUpKind::Campaign as i32, ..Default::default() },
    )
    .await;
    let invite_of = |customer: i64| {
        invitations.iter().find(|f| f.customer_id == customer && f.campaign_id == campaign_id).expect("invited")
    };
    let (invite_a, invite_b) = (invite_of(a.customer_id).follow_up_id, invite_of(b.customer_id).follow_up_id);

    // 03-18: A refuses (no letter); B does not answer three working days running.
    server.clock.set(shanghai(18, 10, 0));
    let refused = record(&server, &agent, call(invite_a, Outcome::Refused, 0, &[])).await.expect("records");
    assert!(refused.letter.is_none(), "a refusal makes no letter");
    for day in [18, 19, 20] {
        server.clock.set(shanghai(day, 10, 0));
        record(&server, &agent, call(invite_b, Outcome::NoAnswer, 0, &[])).await.expect("records");
    }
    let mut desk = server.connect_with_token(&agent).await.followups();
    let to_send = |overdue_only| pb::ListLettersRequest { overdue_only, ..Default::default() };
    let letters = desk.list_letters(to_send(false)).await.expect("lists").into_inner().letters;
    assert_eq!(letters.len(), 1, "{letters:?}");
    let l = &letters[0];
    let letter = l.letter.clone().expect("letter");
    assert_eq!((letter.reason.as_str(), letter.due_date.as_str()), ("CAMPAIGN_INVITATION", "2030-03-22"));
    assert_eq!((l.plate.as_str(), l.address.as_str()), ("沪F80002", "上海市浦东新区世纪大道100号"));
    assert!(desk.list_letters(to_send(true)).await.expect("lists").into_inner().letters.is_empty());
    // Another agent has no letters of this customer to send.
    let (_, other) = server.add_followup_agent("钱七").await;
    let mut theirs = server.connect_with_token(&other).await.followups();
    assert!(theirs.list_letters(to_send(false)).await.expect("lists").into_inner().letters.is_empty());

    // Past its day it is overdue; once sent it leaves the list.
    server.clock.set(shanghai(23, 9, 0));
    let overdue = desk.list_letters(to_send(true)).await.expect("lists").into_inner().letters;
    assert_eq!(overdue.iter().map(|l| l.letter.as_ref().map(|x| x.overdue)).collect::<Vec<_>>(), [Some(true)]);
    let sent = pb::LogLetterRequest { letter_id: letter.letter_id, content: "邀请函".into(), ..Default::default() };
    desk.log_letter(sent).await.expect("sends");
    assert!(desk.list_letters(to_send(false)).await.expect("lists").into_inner().letters.is_empty());
}
