//! Recalls on a real server: a campaign imported from CSV (a bad row named by its line
//! and kept out), the open recall flagged when the car is identified, checked in,
//! pulled and on its visit, each close outcome, and the completion report.

use frontdesk_proto::ErrorReason;
use frontdesk_proto::v1 as pb;
use frontdesk_server::domain::Role;
use frontdesk_tests::TestServer;
use tonic::Code;

use crate::{assert_rejected, check_in, pull, walk_in};

const HERE: &str = "LSVAA4181E2123456";
const ELSEWHERE: &str = "1M8GDM9AXKP042788";
const NOT_APPLICABLE: &str = "WVWZZZ1JZ3W386752";

#[tokio::test]
async fn a_recall_is_imported_flagged_wherever_the_car_shows_up_closed_and_reported() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["repair"]).await;
    let mut boss = server.connect(Role::Supervisor).await.recalls();
    let csv = format!("vin\n{HERE}\nLSVAA4182E2123456\n\n{ELSEWHERE}\nnot-a-vin\n{NOT_APPLICABLE}\n");
    let import = |csv: String| pb::ImportRecallCampaignRequest {
        campaign_code: "r-2030-01".into(),
        title: "制动软管召回".into(),
        csv,
    };
    let done = boss.import_recall_campaign(import(csv.clone())).await.expect("imports").into_inner();
    assert_eq!((done.added, done.already), (3, 0));
    let rejected: Vec<(i64, &str)> = done.rejected.iter().map(|r| (r.line, r.value.as_str())).collect();
    assert_eq!(rejected, [(3, "LSVAA4182E2123456"), (6, "not-a-vin")], "named by line, kept out");
    assert!(done.rejected[0].reason.contains("check digit"), "{:?}", done.rejected[0]);
    let again = boss.import_recall_campaign(import(csv)).await.expect("imports again").into_inner();
    assert_eq!((again.added, again.already), (0, 3));

    // The car with the recall comes in: the kiosk says a campaign applies, staff see which.
    check_in(&server, walk_in("沪R12345", "13912345678", "repair")).await;
    let mut customers = server.connect(Role::Supervisor).await.customers();
    let file = customers
        .search_customers(pb::SearchCustomersRequest { query: "沪R12345".into(), ..Default::default() })
        .await
        .expect("finds")
        .into_inner()
        .customers
        .remove(0);
    let vin = pb::VehicleUpdate { plate: "沪R12345".into(), vin: Some(HERE.into()), ..Default::default() };
    let update = pb::UpdateCustomerRequest { customer_id: file.customer_id, vehicles: vec![vin], ..Default::default() };
    customers.update_customer(update).await.expect("files the VIN");
    let identify = pb::IdentifyVehicleRequest { plate: "沪R12345".into(), phone_last4: "5678".into() };
    let seen = server.connect(Role::Kiosk).await.kiosk().identify_vehicle(identify).await.expect("identifies");
    assert!(seen.into_inner().service_campaign, "a free service campaign applies; ask the advisor");
    let (ticket, _) = pull(&server, &x).await.expect("pulls");
    let flags: Vec<_> = ticket.open_recalls.iter().map(|f| (f.campaign_code.as_str(), f.title.as_str())).collect();
    assert_eq!(flags, [("R-2030-01", "制动软管召回")], "on the ticket the advisor pulls");
    let conn = server.connect_with_token(&x).await;
    let listed = conn.queue().list_tickets(pb::ListTicketsRequest::default()).await.expect("lists").into_inner();
    assert_eq!(listed.tickets[0].open_recalls.len(), 1, "on the queue staff see");
    let mut queue = conn.queue();
    queue.start_service(pb::StartServiceRequest { ticket_id: ticket.ticket_id }).await.expect("starts");
    let visit = frontdesk_tests::complete(&mut queue, ticket.ticket_id).await;
    assert_eq!(visit.open_recalls.len(), 1, "on the visit");

    // Closed: done here adds its warranty line to the work order; once only.
    let mut recalls = conn.recalls();
    let close = |vin: &str, outcome: pb::RecallOutcome, work_order: &str| pb::CloseRecallRequest {
        campaign_code: "R-2030-01".into(),
        vin: vin.into(),
        outcome: outcome as i32,
        work_order: work_order.into(),
    };
    let no_wo = recalls.close_recall(close(HERE, pb::RecallOutcome::DoneHere, "")).await.expect_err("no work order");
    assert_eq!(frontdesk_proto::bad_fields(&no_wo), ["work_order"]);
    let closed = recalls.close_recall(close(HERE, pb::RecallOutcome::DoneHere, &visit.work_order)).await;
    assert_eq!(closed.expect("closes").into_inner().recall.expect("recall").work_order, visit.work_order);
    let mut orders = conn.work_orders();
    let order = orders.get_work_order(pb::GetWorkOrderRequest { work_order: visit.work_order.clone() }).await;
    let version = order.expect("reads").into_inner().work_order.expect("wo").estimates.remove(0);
    let line = &version.lines[0];
    assert_eq!((line.pay_type, line.name.as_str()), (pb::PayType::Warranty as i32, "召回 制动软管召回"));
    let twice = recalls.close_recall(close(HERE, pb::RecallOutcome::DoneElsewhere, "")).await;
    assert_rejected(twice, Code::FailedPrecondition, ErrorReason::RecallClosed);
    let stray = recalls.close_recall(close("WVWZZZ1KZ6W612345", pb::RecallOutcome::NotApplicable, "")).await;
    assert_rejected(stray, Code::NotFound, ErrorReason::RecallNotFound);
    recalls.close_recall(close(ELSEWHERE, pb::RecallOutcome::DoneElsewhere, "")).await.expect("closes");
    let flag = visit_flags(&conn, &visit.work_order).await;
    assert!(flag.is_empty(), "closed recalls are no longer flagged");

    // The completion report: 2 of the 3 it applies to are done, 1 open.
    let report = |code: &str| pb::GetRecallCompletionRequest { campaign_code: code.into() };
    let c = recalls.get_recall_completion(report("R-2030-01")).await.expect("reports").into_inner();
    assert_eq!((c.vehicles, c.done_here, c.done_elsewhere, c.not_applicable, c.open), (3, 1, 1, 0, 1));
    assert_eq!(c.done_permille, 666);
    recalls.close_recall(close(NOT_APPLICABLE, pb::RecallOutcome::NotApplicable, "")).await.expect("closes");
    let c = recalls.get_recall_completion(report("R-2030-01")).await.expect("reports").into_inner();
    assert_eq!((c.open, c.done_permille), (0, 1000), "all it applies to are done");
    let open = recalls.list_open_recalls(pb::ListOpenRecallsRequest::default()).await.expect("lists").into_inner();
    assert!(open.recalls.is_empty());
    assert_rejected(recalls.get_recall_completion(report("R-9")).await, Code::NotFound, ErrorReason::RecallNotFound);
}

async fn visit_flags(conn: &frontdesk_proto::client::Connection, work_order: &str) -> Vec<pb::RecallFlag> {
    let visit = conn.visits().get_visit(pb::GetVisitRequest { work_order: work_order.into() }).await.expect("reads");
    visit.into_inner().visit.expect("visit").open_recalls
}
