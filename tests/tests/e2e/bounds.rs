//! Bad input from outside, at its extremes: every field has a limit, an error repeats
//! at most a short prefix of what it was sent, and any client can read every error.

use frontdesk_proto::v1 as pb;
use frontdesk_proto::{ErrorReason, bad_fields, reason_of};
use frontdesk_server::domain::Role;
use frontdesk_tests::TestServer;
use tonic::Code;

/// The whole error as it crossed the wire: message and details.
fn size(status: &tonic::Status) -> usize {
    status.message().len() + status.details().len()
}

#[tokio::test]
async fn a_search_box_takes_what_a_search_box_needs() {
    let server = TestServer::start().await;
    let mut customers = server.connect(Role::Advisor).await.customers();
    let search = |query: String| pb::SearchCustomersRequest { query, ..Default::default() };
    // 16,667 Chinese characters used to reach SQLite's LIKE limit and come back INTERNAL.
    let huge = customers.search_customers(search("张".repeat(16_667))).await.expect_err("too long");
    assert_eq!((huge.code(), reason_of(&huge)), (Code::InvalidArgument, Some(ErrorReason::FieldInvalid)));
    assert_eq!(bad_fields(&huge), ["query"]);
    assert!(size(&huge) < 1024, "{} bytes", size(&huge));
    assert_eq!(bad_fields(&customers.search_customers(search("x".repeat(65))).await.expect_err("65")), ["query"]);
    customers.search_customers(search("5".repeat(64))).await.expect("64 characters are a search");
    let empty = customers.search_customers(search(String::new())).await.expect_err("empty");
    assert_eq!(reason_of(&empty), Some(ErrorReason::FieldRequired));
}

#[tokio::test]
async fn errors_quote_only_a_prefix_of_a_huge_value() {
    let server = TestServer::start().await;
    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    let slots = pb::ListAvailableSlotsRequest {
        service_code: "a".repeat(100_000),
        date: "2030-03-05".into(),
        ..Default::default()
    };
    let refused = kiosk.list_available_slots(slots).await.expect_err("no such service");
    assert_eq!((refused.code(), reason_of(&refused)), (Code::InvalidArgument, Some(ErrorReason::ServiceCodeUnknown)));
    assert!(size(&refused) < 1024, "a 100 KB code came back as {} bytes", size(&refused));
    let mut visits = server.connect(Role::Advisor).await.visits();
    let wo = format!("WO{}", "1".repeat(100_000));
    let unknown = visits.get_visit(pb::GetVisitRequest { work_order: wo }).await.expect_err("no such work order");
    assert_eq!(reason_of(&unknown), Some(ErrorReason::FieldInvalid));
    assert!(size(&unknown) < 1024, "{} bytes", size(&unknown));
}

#[tokio::test]
async fn thousands_of_bad_fields_make_an_error_any_client_reads() {
    let server = TestServer::start().await;
    let mut customers = server.connect(Role::Supervisor).await.customers();
    let update = pb::UpdateCustomerRequest {
        customer_id: 1,
        vehicles: vec![pb::VehicleUpdate::default(); 10_000],
        ..Default::default()
    };
    let refused = customers.update_customer(update).await.expect_err("bad vehicles");
    assert_eq!(refused.code(), Code::InvalidArgument, "{}", refused.message());
    let fields = bad_fields(&refused);
    assert_eq!(fields[0], "vehicles", "the count itself is named first");
    assert!(fields.len() <= frontdesk_server::domain::limits::VIOLATIONS_LISTED);
    assert!(size(&refused) < 16 * 1024, "{} bytes", size(&refused));
}

#[tokio::test]
async fn a_request_larger_than_any_desk_needs_is_refused_before_it_is_read() {
    let server = TestServer::start().await;
    let mut customers = server.connect(Role::Advisor).await.customers();
    let update =
        pb::UpdateCustomerRequest { customer_id: 1, address: Some("址".repeat(1_300_000)), ..Default::default() };
    let refused = customers.update_customer(update).await.expect_err("3.9 MB");
    assert_eq!(refused.code(), Code::OutOfRange, "{}", refused.message());
    let fine = pb::UpdateCustomerRequest { customer_id: 1, address: Some("址".repeat(201)), ..Default::default() };
    assert_eq!(bad_fields(&customers.update_customer(fine).await.expect_err("201 characters")), ["address"]);
}
