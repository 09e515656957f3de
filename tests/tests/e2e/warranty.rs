//! Warranty claims on a real server: the warranty lines done claimed once, the
//! carmaker's approval, rejection and payment recorded by the warranty clerk, and the
//! payment settling the warranty share.

use frontdesk_proto::ErrorReason;
use frontdesk_proto::v1 as pb;
use frontdesk_server::domain::Role;
use frontdesk_tests::{TestServer, shanghai, ts};
use tonic::Code;

use crate::{assert_rejected, check_in, pull, walk_in};

type Orders = frontdesk_proto::v1::work_order_service_client::WorkOrderServiceClient<frontdesk_proto::client::Authed>;

/// A car received, its estimate (a warranty part and, when asked, customer labour)
/// approved and done; its work order.
async fn repaired(server: &TestServer, token: &str, plate: &str, warranty_fen: i64) -> String {
    received(server, token, plate, "repair", warranty_fen).await
}

async fn received(server: &TestServer, token: &str, plate: &str, service: &str, warranty_fen: i64) -> String {
    check_in(server, walk_in(plate, "13912345678", service)).await;
    let (t, _) = pull(server, token).await.expect("pulls");
    let conn = server.connect_with_token(token).await;
    let mut queue = conn.queue();
    queue.start_service(pb::StartServiceRequest { ticket_id: t.ticket_id }).await.expect("starts");
    let wo = frontdesk_tests::complete(&mut queue, t.ticket_id).await.work_order;
    let mut orders = conn.work_orders();
    let mut lines = vec![pb::EstimateLineInput {
        kind: pb::LineKind::Labour as i32,
        pay_type: pb::PayType::Customer as i32,
        name: "检查".into(),
        hours_tenths: 10,
        hourly_rate_fen: 30_000,
        ..Default::default()
    }];
    if warranty_fen > 0 {
        lines.push(pb::EstimateLineInput {
            kind: pb::LineKind::Part as i32,
            pay_type: pb::PayType::Warranty as i32,
            code: "45022-TBA-A01".into(),
            name: "前刹车片".into(),
            quantity: 1,
            unit_price_fen: warranty_fen,
            stock: pb::PartStock::InStock as i32,
            ..Default::default()
        });
    }
    let v1 = frontdesk_tests::agree_lines(&conn, &wo, &format!("e-{wo}"), lines).await;
    let ids = v1.lines.iter().map(|l| l.line_id).collect();
    orders.mark_lines_done(pb::MarkLinesDoneRequest { work_order: wo.clone(), line_ids: ids }).await.expect("done");
    wo
}

async fn claim(orders: &mut Orders, key: &str, wo: &str) -> Result<pb::WarrantyClaim, tonic::Status> {
    let request =
        pb::SubmitWarrantyClaimRequest {
            request_id: key.into(), work_order: wo.into(), note: "刹车片质保".into()
        };
    Ok(orders.submit_warranty_claim(request).await?.into_inner().work_order.expect("wo").warranty_claim.expect("claim"))
}

fn decide(claim_id: i64, decision: pb::ClaimDecision, reason: &str) -> pb::DecideWarrantyClaimRequest {
    pb::DecideWarrantyClaimRequest { claim_id, decision: decision as i32, reason: reason.into(), ..Default::default() }
}

#[tokio::test]
async fn warranty_lines_are_claimed_once_decided_by_the_clerk_and_paid_into_the_settlement() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["repair"]).await;
    server.clock.set(shanghai(4, 10, 0));
    let wo = repaired(&server, &x, "沪W11111", 56_100).await;
    let mut orders = server.connect_with_token(&x).await.work_orders();
    let mut clerk = server.connect(Role::Warranty).await.work_orders();

    let submitted = claim(&mut orders, "c1", &wo).await.expect("claims");
    assert_eq!((submitted.claimed_fen, submitted.state), (56_100, pb::ClaimState::Submitted as i32));
    assert_eq!(claim(&mut orders, "c1", &wo).await.expect("a retry").claim_id, submitted.claim_id);
    assert_rejected(claim(&mut orders, "c2", &wo).await, Code::AlreadyExists, ErrorReason::ClaimExists);
    orders.settle(pb::SettleRequest { work_order: wo.clone(), ..Default::default() }).await.expect("settles");

    let early = clerk.decide_warranty_claim(decide(submitted.claim_id, pb::ClaimDecision::Paid, "")).await;
    assert_rejected(early, Code::FailedPrecondition, ErrorReason::ClaimStateInvalid);
    let by_advisor = orders.decide_warranty_claim(decide(submitted.claim_id, pb::ClaimDecision::Approve, "")).await;
    assert_rejected(by_advisor, Code::PermissionDenied, ErrorReason::RoleNotAllowed);
    let approved = clerk.decide_warranty_claim(decide(submitted.claim_id, pb::ClaimDecision::Approve, "")).await;
    let approved = approved.expect("approves").into_inner().warranty_claim.expect("claim");
    assert_eq!(
        (approved.state, approved.approved_fen),
        (pb::ClaimState::Approved as i32, 56_100),
        "0 approves the claim"
    );
    let paid = clerk.decide_warranty_claim(decide(submitted.claim_id, pb::ClaimDecision::Paid, "")).await;
    assert_eq!(paid.expect("paid").into_inner().warranty_claim.expect("claim").state, pb::ClaimState::Paid as i32);
    let order = orders.get_work_order(pb::GetWorkOrderRequest { work_order: wo.clone() }).await.expect("reads");
    let settlement = order.into_inner().work_order.expect("wo").settlement.expect("settlement");
    let paid: Vec<_> = settlement.paid.iter().map(|t| (t.pay_type, t.amount_fen)).collect();
    assert_eq!(paid, [(pb::PayType::Warranty as i32, 56_100)], "the warranty share is paid by the claim");

    // A car without warranty lines has nothing to claim; a rejection says why.
    let plain = repaired(&server, &x, "沪W22222", 0).await;
    assert_rejected(claim(&mut orders, "c3", &plain).await, Code::FailedPrecondition, ErrorReason::NoWarrantyLines);
    let other = repaired(&server, &x, "沪W33333", 20_000).await;
    let second = claim(&mut orders, "c4", &other).await.expect("claims");
    let no_reason = clerk.decide_warranty_claim(decide(second.claim_id, pb::ClaimDecision::Reject, " ")).await;
    assert_rejected(no_reason, Code::InvalidArgument, ErrorReason::FieldRequired);
    let rejected = clerk.decide_warranty_claim(decide(second.claim_id, pb::ClaimDecision::Reject, "超出保修期")).await;
    let rejected = rejected.expect("rejects").into_inner().warranty_claim.expect("claim");
    assert_eq!((rejected.state, rejected.reason.as_str()), (pb::ClaimState::Rejected as i32, "超出保修期"));
    let unknown = clerk.decide_warranty_claim(decide(999, pb::ClaimDecision::Approve, "")).await;
    assert_rejected(unknown, Code::NotFound, ErrorReason::ClaimNotFound);
}

fn kpi<'a>(report: &'a pb::Report, key: &str) -> (&'a str, &'a str, i32) {
    let line = report.lines.iter().find(|l| l.key == key).unwrap_or_else(|| panic!("no line {key}"));
    (line.value.as_str(), line.target.as_str(), line.state)
}

#[tokio::test]
async fn the_cars_handed_back_are_worth_what_their_settlements_say_against_the_seeds_targets() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["repair", "maintenance"]).await;
    server.clock.set(shanghai(4, 10, 0));
    let conn = server.connect_with_token(&x).await;
    let mut orders = conn.work_orders();
    // A: ¥300.00 of labour the customer pays and ¥561.00 of pads under warranty: ¥861.00.
    let a = repaired(&server, &x, "沪V11111", 56_100).await;
    // B: ¥300.00 + ¥50.00 under warranty + a ¥1,200.00 panel the insurer pays: ¥1,550.00.
    let b = repaired(&server, &x, "沪V22222", 5_000).await;
    let panel = pb::EstimateLineInput {
        kind: pb::LineKind::Part as i32,
        pay_type: pb::PayType::Insurance as i32,
        code: "71101-T2A".into(),
        name: "前保险杠".into(),
        quantity: 1,
        unit_price_fen: 120_000,
        stock: pb::PartStock::InStock as i32,
        ..Default::default()
    };
    let v2 = pb::ProposeEstimateRequest {
        request_id: "b2".into(),
        work_order: b.clone(),
        lines: vec![panel],
        insurer: "平安保险".into(),
        claim_number: "PA-1".into(),
    };
    let v2 =
        orders.propose_estimate(v2).await.expect("proposes").into_inner().work_order.expect("wo").estimates.remove(1);
    orders.approve_estimate(frontdesk_tests::by_phone(&b, &v2, ts(shanghai(4, 9, 30)))).await.expect("approves");
    // C: a maintenance, which is no repair.
    let c = received(&server, &x, "沪V33333", "maintenance", 0).await;
    for wo in [&a, &b, &c] {
        frontdesk_tests::hand_back_approved(&conn, wo).await;
    }
    let mut clerk = server.connect(Role::Warranty).await.work_orders();
    let claim_a = claim(&mut orders, "ca", &a).await.expect("claims");
    let claim_b = claim(&mut orders, "cb", &b).await.expect("claims");
    clerk.decide_warranty_claim(decide(claim_a.claim_id, pb::ClaimDecision::Approve, "")).await.expect("approves");
    clerk
        .decide_warranty_claim(decide(claim_b.claim_id, pb::ClaimDecision::Reject, "非质量问题"))
        .await
        .expect("rejects");

    let mut reports = server.connect(Role::Supervisor).await.reports();
    let day = pb::GetDailyReportRequest { date: "2030-03-04".into(), ..Default::default() };
    let report = reports.get_daily_report(day).await.expect("reports").into_inner().report.expect("report");
    let (met, missed) = (pb::TargetState::Met as i32, pb::TargetState::Missed as i32);
    // Repairs: (86,100 + 155,000) / 2 = 120,550 fen; the customers paid 30,000 each.
    assert_eq!(kpi(&report, "repair_value"), ("¥1,205.50 per car (customer ¥300.00; 2 cars)", "≥ ¥800.00", met));
    assert_eq!(kpi(&report, "insurance_value"), ("¥1,550.00 per car (customer ¥300.00; 1 car)", "≥ ¥1,800.00", missed));
    assert_eq!(kpi(&report, "warranty_approval"), ("50.0% (1/2)", "≥ 95%", missed));
}
