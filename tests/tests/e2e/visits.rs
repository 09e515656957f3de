//! Visits: stages from reception to handover, and the kiosk's view of them.

use frontdesk_proto::ErrorReason;
use frontdesk_proto::v1 as pb;
use frontdesk_proto::v1::VisitStage as Stage;
use frontdesk_server::domain::Role;
use frontdesk_tests::{TestServer, shanghai, ts};
use tonic::Code;

use crate::{assert_rejected, check_in, pull, request_id, walk_in};

/// Receives a walk-in and has the customer approve an estimate, so the car may go into
/// the workshop.
async fn open_visit(server: &TestServer, token: &str, service: &str) -> pb::Visit {
    check_in(server, walk_in("沪K12345", "13912345678", service)).await;
    let (t, _) = pull(server, token).await.expect("pulls");
    let conn = server.connect_with_token(token).await;
    let mut queue = conn.queue();
    queue.start_service(pb::StartServiceRequest { ticket_id: t.ticket_id }).await.expect("starts");
    let visit = queue
        .complete_service(pb::CompleteServiceRequest {
            ticket_id: t.ticket_id,
            mileage_km: 32_000,
            customer_request: "刹车异响，顺便保养".into(),
            promised_ready_time: ts(shanghai(4, 17, 0)),
            callback_note: "客户希望下午电话回访".into(),
            ..Default::default()
        })
        .await
        .expect("completes")
        .into_inner()
        .visit
        .expect("visit");
    frontdesk_tests::agree_estimate(&conn, &visit.work_order).await;
    visit
}

fn stage(work_order: &str, to: Stage) -> pb::UpdateVisitStageRequest {
    pb::UpdateVisitStageRequest { work_order: work_order.into(), stage: to as i32, ..Default::default() }
}

#[tokio::test]
async fn a_car_moves_through_the_workshop_and_the_kiosk_follows_with_the_right_last4() {
    let server = TestServer::start().await;
    let (x_id, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let visit = open_visit(&server, &x, "maintenance").await;
    assert_eq!(visit.work_order, "WO20300304-001");
    assert_eq!((visit.stage, visit.advisor_id, visit.mileage_km), (Stage::Received as i32, x_id, 32_000));
    assert_eq!(visit.callback_note, "客户希望下午电话回访");
    let wo = visit.work_order.clone();

    let mut visits = server.connect_with_token(&x).await.visits();
    // A jump to READY and skipping the repair are both refused.
    for to in [Stage::Ready, Stage::QualityCheck] {
        let refused = visits.update_visit_stage(stage(&wo, to)).await;
        assert_rejected(refused, Code::FailedPrecondition, ErrorReason::StageTransitionInvalid);
    }
    assert_rejected(
        visits.deliver_vehicle(pb::DeliverVehicleRequest { work_order: wo.clone(), ..Default::default() }).await,
        Code::FailedPrecondition,
        ErrorReason::StageTransitionInvalid,
    );
    visits.update_visit_stage(stage(&wo, Stage::InRepair)).await.expect("in repair");
    let no_date = visits.update_visit_stage(stage(&wo, Stage::WaitingParts)).await;
    assert_rejected(no_date, Code::InvalidArgument, ErrorReason::FieldRequired);
    let mut parts = stage(&wo, Stage::WaitingParts);
    parts.parts_expected_date = "2030-03-06".into();
    parts.promised_ready_time = ts(shanghai(6, 17, 0));
    parts.note = "刹车片缺货".into();
    visits.update_visit_stage(parts).await.expect("waiting for parts");

    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    let ask = |last4: &str| pb::IdentifyVehicleRequest { plate: "沪K12345".into(), phone_last4: last4.into() };
    let seen = kiosk.identify_vehicle(ask("5678")).await.expect("identifies").into_inner();
    let progress = seen.open_visit.expect("the kiosk sees the repair");
    assert_eq!((progress.stage, progress.parts_expected_date.as_str()), (Stage::WaitingParts as i32, "2030-03-06"));
    assert_eq!(progress.promised_ready_time, ts(shanghai(6, 17, 0)));
    assert_eq!(progress.history.len(), 3);
    assert!(progress.history.iter().all(|h| h.changed_by.is_empty() && h.note.is_empty()), "no staff names or notes");
    let wrong = kiosk.identify_vehicle(ask("0000")).await.expect("answers").into_inner();
    assert_eq!(wrong, pb::IdentifyVehicleResponse::default(), "nothing without the right last4");

    for to in [Stage::InRepair, Stage::QualityCheck, Stage::InRepair, Stage::QualityCheck, Stage::Ready] {
        visits.update_visit_stage(stage(&wo, to)).await.expect("moves");
    }
    frontdesk_tests::settle_and_pay(&server.connect_with_token(&x).await, &wo).await;
    let delivered = visits
        .deliver_vehicle(pb::DeliverVehicleRequest { work_order: wo.clone(), note: "客户满意".into() })
        .await
        .expect("delivers")
        .into_inner()
        .visit
        .expect("visit");
    assert_eq!(delivered.stage, Stage::Delivered as i32);
    assert!(delivered.deliver_time.is_some());
    assert_rejected(
        visits.update_visit_stage(stage(&wo, Stage::InRepair)).await,
        Code::FailedPrecondition,
        ErrorReason::StageTransitionInvalid,
    );
    let after = kiosk.identify_vehicle(ask("5678")).await.expect("identifies").into_inner();
    assert!(after.open_visit.is_none(), "a delivered car has no open visit");
}

#[tokio::test]
async fn delivery_joins_the_visit_history_and_moves_the_next_maintenance() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let visit = open_visit(&server, &x, "maintenance").await;
    let mut customers = server.connect(Role::Supervisor).await.customers();
    let file = customers
        .get_customer(pb::GetCustomerRequest { plate: "沪K12345".into(), ..Default::default() })
        .await
        .expect("file")
        .into_inner();
    let id = file.customer.expect("customer").customer_id;
    customers
        .update_customer(pb::UpdateCustomerRequest {
            customer_id: id,
            vehicles: vec![pb::VehicleUpdate {
                plate: "沪K12345".into(),
                maintenance_interval_days: Some(180),
                ..Default::default()
            }],
            ..Default::default()
        })
        .await
        .expect("sets the interval");
    let mut visits = server.connect_with_token(&x).await.visits();
    for to in [Stage::InRepair, Stage::QualityCheck, Stage::Ready] {
        visits.update_visit_stage(stage(&visit.work_order, to)).await.expect("moves");
    }
    server.clock.set(shanghai(5, 10, 0));
    frontdesk_tests::settle_and_pay(&server.connect_with_token(&x).await, &visit.work_order).await;
    visits
        .deliver_vehicle(pb::DeliverVehicleRequest { work_order: visit.work_order.clone(), ..Default::default() })
        .await
        .expect("delivers");
    let file = customers
        .get_customer(pb::GetCustomerRequest { customer_id: id, ..Default::default() })
        .await
        .expect("file")
        .into_inner();
    assert_eq!(file.visits.len(), 1);
    assert_eq!(file.visits[0].work_order, visit.work_order);
    let car = &file.customer.expect("customer").vehicles[0];
    assert_eq!(car.mileage_km, 32_000, "reception records the odometer");
    assert_eq!(car.next_maintenance_due, "2030-09-01", "delivered 2030-03-05 + 180 days");
}

#[tokio::test]
async fn a_car_has_one_open_visit_at_a_time() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance", "repair"]).await;
    let open = open_visit(&server, &x, "maintenance").await;
    server.clock.set(shanghai(4, 11, 0));
    // The car is still in the workshop: it is not queued for a second reception. A
    // walk-in by plate alone learns only that (and the work order, for staff); the
    // customer who proves the car is theirs is told where the repair stands.
    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    let bare = kiosk.check_in(walk_in("沪K12345", "", "repair")).await.expect_err("in the workshop");
    assert_rejected(Err::<(), _>(bare.clone()), Code::FailedPrecondition, ErrorReason::VisitAlreadyOpen);
    let info = tonic_types::StatusExt::get_details_error_info(&bare).expect("info");
    assert_eq!(info.metadata.get("work_order"), Some(&open.work_order));
    assert_eq!(info.metadata.get("stage"), None, "no progress without proof");
    let proven = pb::CheckInRequest {
        request_id: request_id(),
        plate: "沪K12345".into(),
        phone_last4: "5678".into(),
        service_code: "repair".into(),
        ..Default::default()
    };
    let told = kiosk.check_in(proven).await.expect_err("in the workshop");
    let info = tonic_types::StatusExt::get_details_error_info(&told).expect("info");
    assert_eq!(info.metadata.get("stage").map(String::as_str), Some("RECEIVED"));
    assert_eq!(info.metadata.get("masked_plate").map(String::as_str), Some("沪K***45"));
    assert!(info.metadata.contains_key("promised_ready_time"));
    let queue = server.connect(Role::Supervisor).await.queue().list_tickets(pb::ListTicketsRequest::default()).await;
    let waiting = queue.expect("lists").into_inner().tickets.iter().filter(|t| t.state == 1).count();
    assert_eq!(waiting, 0, "nobody was queued");
    let unknown = server
        .connect_with_token(&x)
        .await
        .visits()
        .get_visit(pb::GetVisitRequest { work_order: "WO20300304-099".into() })
        .await;
    assert_rejected(unknown, Code::NotFound, ErrorReason::VisitNotFound);
}

#[tokio::test]
async fn parts_can_be_late_or_fitted_on_arrival_and_a_plain_file_still_gets_its_next_service() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let visit = open_visit(&server, &x, "maintenance").await;
    let wo = visit.work_order.clone();
    let mut visits = server.connect_with_token(&x).await.visits();
    let with_date =
        |date: &str, to: Stage| pb::UpdateVisitStageRequest { parts_expected_date: date.into(), ..stage(&wo, to) };
    // A parts date goes with WAITING_PARTS only, and not in the past.
    assert_rejected(
        visits.update_visit_stage(with_date("2030-03-06", Stage::InRepair)).await,
        Code::InvalidArgument,
        ErrorReason::FieldInvalid,
    );
    visits.update_visit_stage(stage(&wo, Stage::InRepair)).await.expect("in repair");
    assert_rejected(
        visits.update_visit_stage(with_date("2030-03-03", Stage::WaitingParts)).await,
        Code::InvalidArgument,
        ErrorReason::FieldInvalid,
    );
    let promise_past = pb::UpdateVisitStageRequest {
        promised_ready_time: ts(shanghai(4, 8, 0)),
        ..with_date("2030-03-06", Stage::WaitingParts)
    };
    assert_rejected(visits.update_visit_stage(promise_past).await, Code::InvalidArgument, ErrorReason::FieldInvalid);
    visits.update_visit_stage(with_date("2030-03-06", Stage::WaitingParts)).await.expect("waits for parts");
    // The parts are late: a new date, still waiting.
    let later = visits.update_visit_stage(with_date("2030-03-08", Stage::WaitingParts)).await.expect("a new date");
    let later = later.into_inner().visit.expect("visit");
    assert_eq!((later.stage, later.parts_expected_date.as_str()), (Stage::WaitingParts as i32, "2030-03-08"));
    // Fitted on arrival: straight to the quality check, then handed back.
    for to in [Stage::QualityCheck, Stage::Ready] {
        visits.update_visit_stage(stage(&wo, to)).await.expect("moves");
    }
    frontdesk_tests::settle_and_pay(&server.connect_with_token(&x).await, &wo).await;
    visits
        .deliver_vehicle(pb::DeliverVehicleRequest { work_order: wo.clone(), ..Default::default() })
        .await
        .expect("delivers");
    // The walk-in's file named no interval: the store's default of 180 days applies.
    let file = server
        .connect(Role::Supervisor)
        .await
        .customers()
        .get_customer(pb::GetCustomerRequest { plate: "沪K12345".into(), ..Default::default() })
        .await
        .expect("file")
        .into_inner();
    let car = &file.customer.expect("customer").vehicles[0];
    assert_eq!(car.next_maintenance_due, "2030-08-31", "delivered 2030-03-04 + 180 days");
}
