//! Parts back-orders on a real server: ordering approved parts to order, the visit's
//! waiting date following the latest open order, arrival at the parts desk, and the
//! lists of parts overdue or arrived and not fitted.

use frontdesk_proto::ErrorReason;
use frontdesk_proto::v1 as pb;
use frontdesk_proto::v1::VisitStage as Stage;
use frontdesk_server::domain::Role;
use frontdesk_tests::{TestServer, shanghai};
use tonic::Code;

use crate::{assert_rejected, check_in, pull, walk_in};

fn to_order(code: &str, unit_price_fen: i64) -> pb::EstimateLineInput {
    pb::EstimateLineInput {
        kind: pb::LineKind::Part as i32,
        pay_type: pb::PayType::Customer as i32,
        code: code.into(),
        name: "配件".into(),
        quantity: 1,
        unit_price_fen,
        stock: pb::PartStock::ToOrder as i32,
        ..Default::default()
    }
}

fn line_ids(version: pb::EstimateVersion) -> Vec<i64> {
    version.lines.iter().map(|l| l.line_id).collect()
}

fn order(key: &str, wo: &str, line_id: i64, expected_date: &str) -> pb::OrderPartsRequest {
    pb::OrderPartsRequest {
        request_id: key.into(),
        work_order: wo.into(),
        orders: vec![pb::PartOrderInput {
            line_id,
            supplier: "广汽本田配件中心".into(),
            expected_date: expected_date.into(),
        }],
    }
}

fn view(view: pb::PartOrdersView) -> pb::ListPartOrdersRequest {
    pb::ListPartOrdersRequest { view: view as i32, ..Default::default() }
}

#[tokio::test]
async fn parts_are_ordered_followed_to_the_desk_and_chased_when_late_or_not_fitted() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["repair"]).await;
    check_in(&server, walk_in("沪P12345", "13912345678", "repair")).await;
    let (t, _) = pull(&server, &x).await.expect("pulls");
    let conn = server.connect_with_token(&x).await;
    let mut queue = conn.queue();
    queue.start_service(pb::StartServiceRequest { ticket_id: t.ticket_id }).await.expect("starts");
    let wo = frontdesk_tests::complete(&mut queue, t.ticket_id).await.work_order;
    server.clock.set(shanghai(4, 10, 0));
    let (mut orders, mut visits) = (conn.work_orders(), conn.visits());
    let mut desk = server.connect(Role::Parts).await.work_orders();

    let labour = pb::EstimateLineInput {
        kind: pb::LineKind::Labour as i32,
        pay_type: pb::PayType::Customer as i32,
        name: "更换雨刮".into(),
        hours_tenths: 5,
        hourly_rate_fen: 30_000,
        ..Default::default()
    };
    let v1 =
        line_ids(frontdesk_tests::agree_lines(&conn, &wo, "v1", vec![to_order("76620-T2A", 12_000), labour]).await);
    let (wiper, labour_line) = (v1[0], v1[1]);
    let not_a_part = desk.order_parts(order("o0", &wo, labour_line, "2030-03-06")).await.expect_err("labour");
    assert_eq!(frontdesk_proto::bad_fields(&not_a_part), ["orders.line_id"]);
    let past = desk.order_parts(order("o0b", &wo, wiper, "2030-03-03")).await.expect_err("in the past");
    assert_eq!(frontdesk_proto::bad_fields(&past), ["orders.expected_date"]);
    let placed = desk.order_parts(order("o1", &wo, wiper, "2030-03-06")).await.expect("orders").into_inner();
    let first = placed.work_order.expect("wo").part_orders[0].clone();
    assert_eq!((first.state, first.expected_date.as_str()), (pb::PartOrderState::Ordered as i32, "2030-03-06"));
    let twice = desk.order_parts(order("o2", &wo, wiper, "2030-03-07")).await;
    assert_rejected(twice, Code::FailedPrecondition, ErrorReason::PartAlreadyOrdered);

    // Waiting for parts without a date: the latest open order's; a later order moves it.
    let stage =
        |to: Stage| pb::UpdateVisitStageRequest { work_order: wo.clone(), stage: to as i32, ..Default::default() };
    visits.update_visit_stage(stage(Stage::InRepair)).await.expect("in repair");
    let waiting = visits.update_visit_stage(stage(Stage::WaitingParts)).await.expect("waits").into_inner();
    assert_eq!(waiting.visit.expect("visit").parts_expected_date, "2030-03-06");
    let v2 = line_ids(frontdesk_tests::agree_lines(&conn, &wo, "v2", vec![to_order("08P11-T2A", 45_000)]).await);
    let later = orders.order_parts(order("o3", &wo, v2[0], "2030-03-08")).await.expect("orders").into_inner();
    assert_eq!(later.work_order.expect("wo").visit.expect("visit").parts_expected_date, "2030-03-08");

    // The parts desk's lists: open, then overdue once past the date.
    let open = desk.list_part_orders(view(pb::PartOrdersView::Open)).await.expect("lists").into_inner();
    assert_eq!(open.part_orders.len(), 2);
    server.clock.set(shanghai(7, 9, 0));
    let overdue = desk.list_part_orders(view(pb::PartOrdersView::Overdue)).await.expect("lists").into_inner();
    assert_eq!(overdue.part_orders.iter().map(|o| o.part_number.as_str()).collect::<Vec<_>>(), ["76620-T2A"]);
    assert!(overdue.part_orders[0].overdue);

    // Arrival at the desk, once; the visit still waits for the later order.
    let ids = vec![first.part_order_id];
    let arrived = desk.record_parts_arrival(pb::RecordPartsArrivalRequest { part_order_ids: ids.clone() }).await;
    let arrived = arrived.expect("arrives").into_inner().part_orders.remove(0);
    assert_eq!(arrived.state, pb::PartOrderState::Arrived as i32);
    let again = desk.record_parts_arrival(pb::RecordPartsArrivalRequest { part_order_ids: ids }).await;
    assert_rejected(again, Code::FailedPrecondition, ErrorReason::PartAlreadyArrived);
    let unknown = desk.record_parts_arrival(pb::RecordPartsArrivalRequest { part_order_ids: vec![999] }).await;
    assert_rejected(unknown, Code::NotFound, ErrorReason::PartOrderNotFound);
    let by_advisor = orders.record_parts_arrival(pb::RecordPartsArrivalRequest { part_order_ids: vec![1] }).await;
    assert_rejected(by_advisor, Code::PermissionDenied, ErrorReason::RoleNotAllowed);

    // Arrived and not fitted after three days: listed until its line is done.
    server.clock.set(shanghai(9, 9, 0));
    let fresh = desk.list_part_orders(view(pb::PartOrdersView::ArrivedNotFitted)).await.expect("lists").into_inner();
    assert!(fresh.part_orders.is_empty(), "two days only");
    server.clock.set(shanghai(10, 9, 0));
    let unfitted = desk.list_part_orders(view(pb::PartOrdersView::ArrivedNotFitted)).await.expect("lists").into_inner();
    assert_eq!(unfitted.part_orders.len(), 1);
    orders
        .mark_lines_done(pb::MarkLinesDoneRequest { work_order: wo.clone(), line_ids: vec![wiper] })
        .await
        .expect("fitted");
    let fitted = desk.list_part_orders(view(pb::PartOrdersView::ArrivedNotFitted)).await.expect("lists").into_inner();
    assert!(fitted.part_orders.is_empty());
    let all = desk.list_part_orders(view(pb::PartOrdersView::Unsettled)).await.expect("lists").into_inner();
    assert_eq!(all.part_orders.len(), 1, "the second order is still open");
}
