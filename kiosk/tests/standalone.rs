//! `frontdesk-kiosk --standalone` on a machine with no screen: the server it starts
//! keeps serving the demo store, and SIGTERM stops it cleanly.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use frontdesk_proto::client::{BearerToken, Connection};
use frontdesk_proto::v1 as pb;

#[tokio::test]
async fn standalone_without_a_display_keeps_serving_the_demo_store() {
    let dir = tempfile::tempdir().expect("dir");
    let (data, kiosk) = (dir.path().join("data"), dir.path().join("kiosk"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_frontdesk-kiosk"))
        .env_clear()
        .arg("--standalone")
        .args(["--data-dir", data.to_str().expect("utf-8"), "--kiosk-dir", kiosk.to_str().expect("utf-8")])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut printed = Vec::new();
    let url = loop {
        let line = lines.next().expect("prints where it listens").expect("utf-8");
        printed.push(line.clone());
        if let Some(url) = line.strip_prefix("frontdesk-server listening on ") {
            break url.to_owned();
        }
    };
    let token_file = data.join("demo-tokens.toml");
    assert!(printed.contains(&format!("demo tokens: {}", token_file.display())), "{printed:?}");
    let text = std::fs::read_to_string(&token_file).expect("token file");
    let table: toml::Table = text.parse().expect("toml");
    let supervisor = table["tokens"]["supervisor"].as_str().expect("a supervisor token");

    // The window cannot open here (no DISPLAY); the server is still there.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(child.try_wait().expect("wait").is_none(), "still running without a window");
    let conn = Connection::connect(&url, BearerToken::new(supervisor).expect("ascii")).await.expect("connects");
    let staff = conn
        .admin()
        .list_advisors(pb::ListAdvisorsRequest { kind: pb::StaffKind::ServiceAdvisor as i32, ..Default::default() })
        .await
        .expect("the demo store answers")
        .into_inner()
        .advisors;
    assert_eq!(staff.len(), 6);
    drop(conn);

    assert!(Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill").success());
    let mut waited = Duration::ZERO;
    while child.try_wait().expect("wait").is_none() {
        assert!(waited < Duration::from_secs(15), "stops within the hard deadline");
        tokio::time::sleep(Duration::from_millis(50)).await;
        waited += Duration::from_millis(50);
    }
    assert!(child.wait().expect("status").success(), "a clean stop exits 0");
}

#[test]
fn the_desk_reads_what_the_outbox_still_holds() {
    let dir = tempfile::tempdir().expect("dir");
    let outbox = frontdesk_kiosk::outbox::Outbox::open(&dir.path().join("outbox.pb")).expect("outbox");
    let kept = pb::CheckInRequest {
        request_id: "kept-1".into(),
        plate: "沪A12345".into(),
        service_code: "repair".into(),
        phone: "13812345678".into(),
        ..Default::default()
    };
    outbox.keep(&frontdesk_kiosk::outbox::Kept::CheckIn(kept)).expect("keeps");
    let out = Command::new(env!("CARGO_BIN_EXE_frontdesk-kiosk"))
        .env_clear()
        .args(["--outbox", "--kiosk-dir", dir.path().to_str().expect("utf-8")])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("waiting to be sent") && text.contains("沪A12345 walk-in repair"), "{text}");
    assert!(text.contains("138****5678") && !text.contains("13812345678"), "the phone is masked: {text}");
}
