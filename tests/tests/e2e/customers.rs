//! Customer files at the desk.

use frontdesk_proto::v1 as pb;
use frontdesk_proto::{ErrorReason, bad_fields, reason_of};
use frontdesk_server::domain::Role;
use frontdesk_tests::{TestServer, shanghai};
use tonic::Code;

use crate::desk_booking;

#[tokio::test]
async fn the_desk_finds_updates_and_pages_through_customer_files() {
    let server = TestServer::start().await;
    let conn = server.connect(Role::Followup).await;
    let (mut desk, mut customers) = (conn.appointments(), conn.customers());
    for i in 0..5u32 {
        desk.create_appointment(desk_booking(
            &format!("浙A2000{i}"),
            &format!("1880000123{i}"),
            "maintenance",
            shanghai(5, 9 + i, 0),
        ))
        .await
        .expect("books");
    }
    let search = |query: &str, size: i32, token: &str| pb::SearchCustomersRequest {
        query: query.into(),
        page_size: size,
        page_token: token.into(),
    };
    let by_last4 = customers.search_customers(search("1232", 0, "")).await.expect("searches").into_inner();
    assert_eq!(by_last4.customers.len(), 1);
    assert_eq!(by_last4.customers[0].phone, "18800001232");
    let by_plate = customers.search_customers(search("a2000", 0, "")).await.expect("searches").into_inner();
    assert_eq!(by_plate.customers.len(), 5, "plates match case-insensitively");

    let first = customers.search_customers(search("浙A2", 2, "")).await.expect("page 1").into_inner();
    let second =
        customers.search_customers(search("浙A2", 2, &first.next_page_token)).await.expect("page 2").into_inner();
    let third =
        customers.search_customers(search("浙A2", 2, &second.next_page_token)).await.expect("page 3").into_inner();
    let ids: Vec<i64> =
        [first.customers, second.customers, third.customers].concat().iter().map(|c| c.customer_id).collect();
    assert_eq!(ids.len(), 5);
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "each once, by id");
    assert!(third.next_page_token.is_empty());

    let id = by_last4.customers[0].customer_id;
    let updated = customers
        .update_customer(pb::UpdateCustomerRequest {
            customer_id: id,
            customer_name: Some("周杰伦".into()),
            address: Some("杭州市西湖区文三路 90 号".into()),
            vehicles: vec![
                pb::VehicleUpdate {
                    plate: "浙A20002".into(),
                    model: Some("大众途观L".into()),
                    vin: Some("lsvaa4181e2123456".into()),
                    mileage_km: Some(35_000),
                    maintenance_interval_days: Some(180),
                    next_maintenance_due: Some("2030-09-01".into()),
                    ..Default::default()
                },
                pb::VehicleUpdate { plate: "浙A20099".into(), model: Some("奥迪 A4L".into()), ..Default::default() },
            ],
            ..Default::default()
        })
        .await
        .expect("updates")
        .into_inner()
        .customer
        .expect("customer");
    assert_eq!(updated.customer_name, "周杰伦");
    assert_eq!(updated.vehicles.len(), 2, "a new plate joins the file");
    let car = updated.vehicles.iter().find(|v| v.plate == "浙A20002").expect("car");
    assert_eq!(
        (car.vin.as_str(), car.mileage_km, car.next_maintenance_due.as_str()),
        ("LSVAA4181E2123456", 35_000, "2030-09-01")
    );

    let bad = customers
        .update_customer(pb::UpdateCustomerRequest {
            customer_id: id,
            phone: Some("12".into()),
            vehicles: vec![pb::VehicleUpdate {
                plate: "浙A20002".into(),
                vin: Some("short".into()),
                mileage_km: Some(-5),
                ..Default::default()
            }],
            ..Default::default()
        })
        .await
        .expect_err("invalid");
    assert_eq!(bad.code(), Code::InvalidArgument);
    assert_eq!(bad_fields(&bad), ["phone", "vehicles[0].vin", "vehicles[0].mileage_km"]);
    let unchanged = customers
        .get_customer(pb::GetCustomerRequest { customer_id: id, ..Default::default() })
        .await
        .expect("found")
        .into_inner()
        .customer
        .expect("customer");
    assert_eq!(unchanged, updated, "a rejected update changes nothing");

    let neither = customers.get_customer(pb::GetCustomerRequest::default()).await.expect_err("needs a key");
    assert_eq!(reason_of(&neither), Some(ErrorReason::FieldRequired));
}
