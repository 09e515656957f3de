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
    check_in(server, walk_in(plate, "13912345678", "repair")).await;
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
    let request = pb::ProposeEstimateRequest {
        request_id: format!("e-{wo}"),
        work_order: wo.clone(),
        lines,
        ..Default::default()
    };
    let v1 = orders
        .propose_estimate(request)
        .await
        .expect("proposes")
        .into_inner()
        .work_order
        .expect("wo")
        .estimates
        .remove(0);
    let answer = pb::ApproveEstimateRequest {
        work_order: wo.clone(),
        version: 1,
        content_hash: v1.content_hash.clone(),
        method: pb::ApprovalMethod::Phone as i32,
        called_by: "甲".into(),
        call_time: ts(shanghai(4, 9, 0)),
        customer_words: "可以".into(),
        ..Default::default()
    };
    orders.approve_estimate(answer).await.expect("approves");
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
