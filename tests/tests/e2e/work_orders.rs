//! The work order on a real server: the reception sheet, estimate versions, the
//! customer's answer bound to what they saw, extra work, lines done — amounts in fen.

use frontdesk_proto::v1 as pb;
use frontdesk_proto::v1::VisitStage as Stage;
use frontdesk_proto::{ErrorReason, bad_fields};
use frontdesk_server::domain::Role;
use frontdesk_tests::{TestServer, shanghai, ts};
use tonic::Code;

use crate::{assert_rejected, check_in, pull, walk_in};

/// A walk-in for repair, received by the token's advisor: the visit's work order.
async fn received(server: &TestServer, token: &str) -> String {
    check_in(server, walk_in("沪W12345", "13912345678", "repair")).await;
    let (t, _) = pull(server, token).await.expect("pulls");
    let mut queue = server.connect_with_token(token).await.queue();
    queue.start_service(pb::StartServiceRequest { ticket_id: t.ticket_id }).await.expect("starts");
    frontdesk_tests::complete(&mut queue, t.ticket_id).await.work_order
}

fn labour(name: &str, hours_tenths: i32, hourly_rate_fen: i64) -> pb::EstimateLineInput {
    pb::EstimateLineInput {
        kind: pb::LineKind::Labour as i32,
        pay_type: pb::PayType::Customer as i32,
        name: name.into(),
        hours_tenths,
        hourly_rate_fen,
        ..Default::default()
    }
}

fn part(
    code: &str,
    quantity: i32,
    unit_price_fen: i64,
    pay: pb::PayType,
    stock: pb::PartStock,
) -> pb::EstimateLineInput {
    pb::EstimateLineInput {
        kind: pb::LineKind::Part as i32,
        pay_type: pay as i32,
        code: code.into(),
        name: "配件".into(),
        quantity,
        unit_price_fen,
        stock: stock as i32,
        ..Default::default()
    }
}

fn fee(name: &str, fee_fen: i64) -> pb::EstimateLineInput {
    pb::EstimateLineInput {
        kind: pb::LineKind::Fee as i32,
        pay_type: pb::PayType::Customer as i32,
        name: name.into(),
        fee_fen,
        ..Default::default()
    }
}

fn propose(key: &str, wo: &str, lines: Vec<pb::EstimateLineInput>) -> pb::ProposeEstimateRequest {
    pb::ProposeEstimateRequest { request_id: key.into(), work_order: wo.into(), lines, ..Default::default() }
}

fn totals(t: &[pb::PayTypeTotal]) -> Vec<(pb::PayType, i64)> {
    t.iter().map(|t| (pb::PayType::try_from(t.pay_type).expect("pay type"), t.amount_fen)).collect()
}

fn signature() -> pb::Signature {
    let point = |x, y| pb::SignaturePoint { x, y };
    pb::Signature { strokes: vec![pb::SignatureStroke { points: vec![point(10, 40), point(60, 20), point(120, 45)] }] }
}

fn stage(wo: &str, to: Stage) -> pb::UpdateVisitStageRequest {
    pb::UpdateVisitStageRequest { work_order: wo.into(), stage: to as i32, ..Default::default() }
}

#[tokio::test]
async fn a_repair_goes_from_the_reception_sheet_through_two_approved_versions_to_lines_done() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("王芳", 2, &["repair"]).await;
    let wo = received(&server, &x).await;
    let conn = server.connect_with_token(&x).await;
    let (mut orders, mut visits) = (conn.work_orders(), conn.visits());
    server.clock.set(shanghai(4, 9, 30));

    // No car goes into the workshop before the customer approved an estimate.
    let early = visits.update_visit_stage(stage(&wo, Stage::InRepair)).await;
    assert_rejected(early, Code::FailedPrecondition, ErrorReason::EstimateNotApproved);

    // The reception sheet: bad fields named, then recorded with the walk-around.
    let dent = |panel: pb::BodyPanel| pb::PanelDamage {
        panel: panel as i32,
        kind: pb::DamageKind::Dent as i32,
        note: String::new(),
    };
    let sheet = pb::Inspection {
        mileage_km: 32_000,
        fuel_eighths: 9,
        damages: vec![dent(pb::BodyPanel::RearBumper), dent(pb::BodyPanel::RearBumper)],
        customer_words: "刹车异响".into(),
        ..Default::default()
    };
    let record = |inspection: pb::Inspection| pb::RecordInspectionRequest {
        work_order: wo.clone(),
        inspection: Some(inspection),
    };
    let bad = orders.record_inspection(record(sheet.clone())).await.expect_err("bad sheet");
    assert_eq!(
        (bad.code(), bad_fields(&bad)),
        (Code::InvalidArgument, vec!["fuel_eighths".to_owned(), "damages".to_owned()])
    );
    let sheet = pb::Inspection {
        fuel_eighths: 3,
        damages: vec![dent(pb::BodyPanel::RearBumper)],
        valuables: "行车记录仪".into(),
        ..sheet
    };
    let recorded = orders.record_inspection(record(sheet)).await.expect("records").into_inner().work_order.expect("wo");
    let kept = recorded.inspection.expect("sheet");
    assert_eq!((kept.fuel_eighths, kept.damages.len(), kept.valuables.as_str()), (3, 1, "行车记录仪"));

    // Version 1: 1.5 h at ¥333.33 (¥500.00, half a fen up), two pads under warranty, a diagnosis fee.
    let v1_lines = vec![
        labour("更换前刹车片", 15, 33_333),
        part("45022-TBA-A01", 2, 28_050, pb::PayType::Warranty, pb::PartStock::InStock),
        fee("检测费", 10_000),
    ];
    let first = orders.propose_estimate(propose("v1", &wo, v1_lines.clone())).await.expect("proposes").into_inner();
    let again = orders.propose_estimate(propose("v1", &wo, v1_lines)).await.expect("a retry").into_inner();
    assert_eq!((first.version, again.version), (1, 1), "a retry adds nothing");
    let v1 = first.work_order.expect("wo").estimates.remove(0);
    assert_eq!(v1.lines.iter().map(|l| l.amount_fen).collect::<Vec<_>>(), [50_000, 56_100, 10_000]);
    assert_eq!(totals(&v1.totals), [(pb::PayType::Customer, 60_000), (pb::PayType::Warranty, 56_100)]);
    assert_eq!(v1.total_fen, 116_100);
    let pending = orders.propose_estimate(propose("v2-early", &wo, vec![fee("洗车", 3_000)])).await;
    assert_rejected(pending, Code::FailedPrecondition, ErrorReason::EstimatePending);

    // Signed at the counter, declining the diagnosis fee.
    let (labour_line, pads, diagnosis) = (v1.lines[0].line_id, v1.lines[1].line_id, v1.lines[2].line_id);
    let sign = |version: i32, hash: &str, declined: Vec<i64>| pb::ApproveEstimateRequest {
        work_order: wo.clone(),
        version,
        content_hash: hash.into(),
        method: pb::ApprovalMethod::Signature as i32,
        signature: Some(signature()),
        declined_line_ids: declined,
        ..Default::default()
    };
    let approved = orders.approve_estimate(sign(1, &v1.content_hash, vec![diagnosis])).await.expect("signs");
    let order = approved.into_inner().work_order.expect("wo");
    assert_eq!(order.estimates[0].state, pb::EstimateState::Approved as i32);
    assert_eq!(order.estimates[0].approval.as_ref().expect("approval").signature, Some(signature()), "kept with it");
    assert_eq!(totals(&order.approved_totals), [(pb::PayType::Customer, 50_000), (pb::PayType::Warranty, 56_100)]);
    let twice = orders.approve_estimate(sign(1, &v1.content_hash, vec![])).await;
    assert_rejected(twice, Code::FailedPrecondition, ErrorReason::EstimateDecided);
    visits.update_visit_stage(stage(&wo, Stage::InRepair)).await.expect("into the workshop");

    // Extra work (增项) found during the repair: an insurance line needs insurer and claim.
    let wiper = part("76620-T2A", 1, 12_000, pb::PayType::Insurance, pb::PartStock::ToOrder);
    let no_claim = orders.propose_estimate(propose("v2", &wo, vec![wiper.clone()])).await.expect_err("no claim");
    assert_eq!(bad_fields(&no_claim), ["insurer", "claim_number"]);
    let with_claim = pb::ProposeEstimateRequest {
        insurer: "平安保险".into(),
        claim_number: "PA2030-0042".into(),
        ..propose("v2", &wo, vec![wiper, labour("更换雨刮", 5, 30_000)])
    };
    let second = orders.propose_estimate(with_claim).await.expect("proposes v2").into_inner();
    assert_eq!(second.version, 2);
    let order = second.work_order.expect("wo");
    assert_eq!((order.insurer.as_str(), order.claim_number.as_str()), ("平安保险", "PA2030-0042"));
    let v2 = order.estimates[1].clone();
    assert_eq!(v2.state, pb::EstimateState::Proposed as i32, "approving v1 approved nothing of v2");

    // An approval is bound to the content the customer saw; unapproved lines are not done.
    let stale = orders.approve_estimate(sign(2, &v1.content_hash, vec![])).await;
    assert_rejected(stale, Code::FailedPrecondition, ErrorReason::EstimateChanged);
    let done = |ids: Vec<i64>| pb::MarkLinesDoneRequest { work_order: wo.clone(), line_ids: ids };
    let early = orders.mark_lines_done(done(vec![v2.lines[0].line_id])).await;
    assert_rejected(early, Code::FailedPrecondition, ErrorReason::LineNotApproved);
    let declined = orders.mark_lines_done(done(vec![diagnosis])).await;
    assert_rejected(declined, Code::FailedPrecondition, ErrorReason::LineNotApproved);

    // Approved by phone: who called, when, the customer's words.
    let by_phone = pb::ApproveEstimateRequest {
        work_order: wo.clone(),
        version: 2,
        content_hash: v2.content_hash.clone(),
        method: pb::ApprovalMethod::Phone as i32,
        called_by: "王芳".into(),
        call_time: ts(shanghai(4, 9, 20)),
        customer_words: "雨刮也换了吧".into(),
        ..Default::default()
    };
    let order = orders.approve_estimate(by_phone).await.expect("by phone").into_inner().work_order.expect("wo");
    let approval = order.estimates[1].approval.clone().expect("approval");
    assert_eq!((approval.method, approval.customer_words.as_str()), (pb::ApprovalMethod::Phone as i32, "雨刮也换了吧"));
    let all = vec![labour_line, pads, v2.lines[0].line_id, v2.lines[1].line_id];
    let order = orders.mark_lines_done(done(all)).await.expect("done").into_inner().work_order.expect("wo");
    let states: Vec<_> = order.estimates.iter().flat_map(|v| &v.lines).map(|l| l.state).collect();
    let (d, x) = (pb::LineState::Done as i32, pb::LineState::Declined as i32);
    assert_eq!(states, [d, d, x, d, d]);
    assert_eq!(
        totals(&order.approved_totals),
        [(pb::PayType::Customer, 65_000), (pb::PayType::Warranty, 56_100), (pb::PayType::Insurance, 12_000)]
    );
    assert_eq!(order.approved_total_fen, 133_100);

    // Unknown versions and lines; a kiosk sees no work order.
    let unknown = orders.approve_estimate(sign(7, "x", vec![])).await;
    assert_rejected(unknown, Code::NotFound, ErrorReason::EstimateNotFound);
    let stray = orders.mark_lines_done(done(vec![999_999])).await;
    assert_rejected(stray, Code::NotFound, ErrorReason::EstimateNotFound);
    let kiosk = server
        .connect(Role::Kiosk)
        .await
        .work_orders()
        .get_work_order(pb::GetWorkOrderRequest { work_order: wo.clone() })
        .await;
    assert_rejected(kiosk, Code::PermissionDenied, ErrorReason::RoleNotAllowed);

    // The settlement: a discount past 10% of the customer's share waits for a supervisor.
    for to in [Stage::QualityCheck, Stage::Ready] {
        visits.update_visit_stage(stage(&wo, to)).await.expect("moves");
    }
    let deliver = || pb::DeliverVehicleRequest { work_order: wo.clone(), ..Default::default() };
    assert_rejected(visits.deliver_vehicle(deliver()).await, Code::FailedPrecondition, ErrorReason::SettlementRequired);
    let settle = pb::SettleRequest {
        work_order: wo.clone(),
        line_discounts: vec![pb::LineDiscount { line_id: labour_line, discount_percent: 10, ..Default::default() }],
        whole_discount_fen: 2_000,
        old_parts: vec![pb::OldPartsChoice { line_id: pads, old_parts: pb::OldParts::Returned as i32 }],
        ..Default::default()
    };
    let order = orders.settle(settle).await.expect("settles").into_inner().work_order.expect("wo");
    let s = order.settlement.expect("settlement");
    // Customer: 50,000 + 15,000 = 65,000, less 5,000 (10% of the labour) and ¥20.00: 58,000.
    assert_eq!((s.discount_total_fen, s.customer_owed_fen, s.discount_needs_approval), (7_000, 58_000, true));
    assert_eq!(
        totals(&s.due),
        [(pb::PayType::Customer, 58_000), (pb::PayType::Warranty, 56_100), (pb::PayType::Insurance, 12_000)]
    );
    let returned: Vec<_> = s.lines.iter().map(|l| l.old_parts).collect();
    let (r, l, none) = (pb::OldParts::Returned as i32, pb::OldParts::Left as i32, 0);
    assert_eq!(returned, [none, r, l, none], "the pads handed back, the wiper left");
    let late = orders.mark_lines_done(done(vec![labour_line])).await;
    assert_rejected(late, Code::FailedPrecondition, ErrorReason::SettlementLocked);
    let pay = |key: &str, method: pb::PaymentMethod, amount_fen: i64| pb::RecordPaymentRequest {
        request_id: key.into(),
        work_order: wo.clone(),
        method: method as i32,
        amount_fen,
        reference: String::new(),
    };
    let waits = orders.record_payment(pay("p1", pb::PaymentMethod::WechatPay, 50_000)).await;
    assert_rejected(waits, Code::FailedPrecondition, ErrorReason::DiscountNeedsApproval);
    let approve = || pb::ApproveDiscountRequest { work_order: wo.clone(), note: "老客户".into() };
    assert_rejected(orders.approve_discount(approve()).await, Code::PermissionDenied, ErrorReason::RoleNotAllowed);
    let mut boss = server.connect(Role::Supervisor).await.work_orders();
    let order = boss.approve_discount(approve()).await.expect("approves").into_inner().work_order.expect("wo");
    assert!(!order.settlement.expect("settlement").discount_needs_approval);

    // Payments against each payer's share; the car leaves once the customer paid.
    orders.record_payment(pay("p1", pb::PaymentMethod::WechatPay, 50_000)).await.expect("pays");
    orders.record_payment(pay("p1", pb::PaymentMethod::WechatPay, 50_000)).await.expect("a retry pays once");
    let over = orders.record_payment(pay("p2", pb::PaymentMethod::Cash, 9_000)).await;
    assert_rejected(over, Code::FailedPrecondition, ErrorReason::PaymentExceedsDue);
    let on_account = orders.record_payment(pay("p3", pb::PaymentMethod::OnAccount, 8_000)).await;
    assert_rejected(on_account, Code::PermissionDenied, ErrorReason::RoleNotAllowed);
    let unpaid = visits.deliver_vehicle(deliver()).await.expect_err("unpaid");
    assert_eq!(frontdesk_proto::reason_of(&unpaid), Some(ErrorReason::SettlementUnpaid));
    let resettle = orders.settle(pb::SettleRequest { work_order: wo.clone(), ..Default::default() }).await;
    assert_rejected(resettle, Code::FailedPrecondition, ErrorReason::SettlementLocked);
    orders.record_payment(pay("p4", pb::PaymentMethod::Cash, 8_000)).await.expect("pays the rest");
    let order = orders
        .record_payment(pay("p5", pb::PaymentMethod::InsurerDirect, 12_000))
        .await
        .expect("the insurer pays")
        .into_inner()
        .work_order
        .expect("wo");
    let s = order.settlement.expect("settlement");
    assert_eq!(s.customer_owed_fen, 0);
    assert_eq!(totals(&s.paid), [(pb::PayType::Customer, 58_000), (pb::PayType::Insurance, 12_000)]);
    assert_eq!(s.payments.len(), 3);

    // Handed back, the work order takes no more changes.
    visits.deliver_vehicle(deliver()).await.expect("delivers");
    let closed = orders.propose_estimate(propose("v3", &wo, vec![fee("洗车", 3_000)])).await;
    assert_rejected(closed, Code::FailedPrecondition, ErrorReason::WorkOrderClosed);
}
