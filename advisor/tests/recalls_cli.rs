//! Recall campaigns from the command line: imported from a CSV file, listed, closed,
//! reported.

mod common;

use frontdesk_server::domain::Role;
use frontdesk_tests::TestServer;

use common::{advisor, ok};

#[tokio::test(flavor = "multi_thread")]
async fn a_campaign_is_imported_from_a_file_listed_closed_and_reported() {
    let server = TestServer::start().await;
    let boss = server.token(Role::Supervisor).to_owned();
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("r-2030-01.csv");
    std::fs::write(&file, "vin\nLSVAA4181E2123456\nLSVAA4182E2123456\n1M8GDM9AXKP042788\n").expect("writes");
    let path = file.to_str().expect("utf-8");
    let imported =
        ok(&advisor(&server, &boss, &["recalls", "import", path, "--code", "R-2030-01", "--title", "制动软管召回"])
            .await);
    assert!(imported.contains("2 VIN(s) added, 0 already in the campaign, 1 row(s) kept out"), "{imported}");
    assert!(imported.contains("line 3: LSVAA4182E2123456"), "{imported}");
    let listed = ok(&advisor(&server, &boss, &["--json", "recalls", "list", "--code", "R-2030-01"]).await);
    let listed: serde_json::Value = serde_json::from_str(&listed).expect("json");
    assert_eq!(listed.as_array().map(Vec::len), Some(2));
    ok(&advisor(&server, &boss, &["recalls", "close", "R-2030-01", "1M8GDM9AXKP042788", "--outcome", "elsewhere"])
        .await);
    let report = ok(&advisor(&server, &boss, &["recalls", "report", "R-2030-01"]).await);
    assert!(report.contains("2 vehicles") && report.contains("open 1") && report.contains("done 50.0%"), "{report}");
}
