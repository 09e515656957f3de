//! The parts desk from the command line: a part to order, ordered, listed, arrived.

mod common;

use frontdesk_proto::v1 as pb;
use frontdesk_server::domain::Role;
use frontdesk_tests::TestServer;

use common::{advisor, ok};

#[tokio::test(flavor = "multi_thread")]
async fn a_part_to_order_is_ordered_listed_and_arrives_at_the_parts_desk() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["repair"]).await;
    let check_in = pb::CheckInRequest {
        request_id: "cli-parts".into(),
        plate: "沪P54321".into(),
        service_code: "repair".into(),
        phone: "13812349999".into(),
        customer_name: "钱".into(),
        ..Default::default()
    };
    server.connect(Role::Kiosk).await.kiosk().check_in(check_in).await.expect("checks in");
    ok(&advisor(&server, &x, &["next"]).await);
    ok(&advisor(&server, &x, &["start"]).await);
    ok(&advisor(&server, &x, &["done", "--mileage", "20000", "--promised", "2030-03-04 16:00"]).await);
    let wo = "WO20300304-001";
    let proposed = ok(&advisor(&server, &x, &["estimate", wo, "--part", "76620-T2A,雨刮,1,120,order"]).await);
    assert!(proposed.contains("¥120.00"), "{proposed}");
    ok(&advisor(&server, &x, &["approve", wo, "1", "--called-by", "甲", "--words", "订吧"]).await);

    let ordered = ok(&advisor(
        &server,
        &x,
        &["parts", "order", wo, "1", "--supplier", "广汽本田配件中心", "--expected", "2030-03-06"],
    )
    .await);
    assert!(ordered.contains("76620-T2A") && ordered.contains("已订货 ordered"), "{ordered}");
    let desk = server.token(Role::Parts).to_owned();
    let listed = ok(&advisor(&server, &desk, &["--json", "parts", "list", "--view", "open"]).await);
    let listed: serde_json::Value = serde_json::from_str(&listed).expect("json");
    assert_eq!(listed[0]["expected_date"], "2030-03-06");
    let id = listed[0]["part_order_id"].as_i64().expect("id").to_string();
    let refused = advisor(&server, &x, &["parts", "arrived", &id]).await;
    assert!(String::from_utf8_lossy(&refused.stderr).contains("ROLE_NOT_ALLOWED"), "the parts desk records arrivals");
    let arrived = ok(&advisor(&server, &desk, &["parts", "arrived", &id]).await);
    assert!(arrived.contains("已到货 arrived"), "{arrived}");

    // The part is fitted, the line done: nothing under warranty to claim here.
    ok(&advisor(&server, &x, &["lines-done", wo, "1"]).await);
    let nothing = advisor(&server, &x, &["claim", "submit", wo]).await;
    assert!(String::from_utf8_lossy(&nothing.stderr).contains("NO_WARRANTY_LINES"));
    // A check under warranty, claimed from the carmaker and approved by the clerk.
    ok(&advisor(&server, &x, &["estimate", wo, "--fee", "保修检测,50,warranty"]).await);
    ok(&advisor(&server, &x, &["approve", wo, "2", "--called-by", "甲", "--words", "好"]).await);
    ok(&advisor(&server, &x, &["lines-done", wo, "2"]).await);
    let submitted = ok(&advisor(&server, &x, &["--json", "claim", "submit", wo, "--note", "质保检测"]).await);
    let submitted: serde_json::Value = serde_json::from_str(&submitted).expect("json");
    assert_eq!(submitted["claimed_fen"], 5_000);
    let id = submitted["claim_id"].as_i64().expect("id").to_string();
    let clerk = server.token(Role::Warranty).to_owned();
    let approved = ok(&advisor(&server, &clerk, &["claim", "decide", &id, "approve"]).await);
    assert!(approved.contains("已批准 approved") && approved.contains("¥50.00"), "{approved}");
}
