//! The `advisor` binary against a real server on port 0.

use std::process::Output;

use frontdesk_server::domain::Role;
use frontdesk_tests::TestServer;

/// Runs `advisor` with the server's address and a role's token.
async fn advisor(server: &TestServer, role: Role, args: &[&str]) -> Output {
    let mut cmd = assert_cmd::Command::cargo_bin("advisor").expect("binary");
    cmd.env_clear()
        .args(["--addr", &server.url(), "--token", server.token(role), "--data-dir", "/nonexistent"])
        .args(args);
    tokio::task::spawn_blocking(move || cmd.output().expect("runs")).await.expect("joins")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn book_list_look_up_and_cancel_from_the_command_line() {
    let server = TestServer::start().await;
    let booked = advisor(
        &server,
        Role::Advisor,
        &[
            "--json",
            "book",
            "--plate",
            "沪F12345",
            "--phone",
            "13855556666",
            "--service",
            "repair",
            "--slot",
            "2030-03-05 10:00",
            "--name",
            "钱七",
            "--notes",
            "刹车异响",
        ],
    )
    .await;
    assert!(booked.status.success(), "{}", stderr(&booked));
    let json: serde_json::Value = serde_json::from_slice(&booked.stdout).expect("json");
    let code = json["confirmation_code"].as_str().expect("code").to_owned();
    assert_eq!(json["slot_start"], "2030-03-05 10:00", "times read in the store's zone");
    assert_eq!(json["created_by"], format!("advisor:{}", server.staff.advisor));

    let listed = advisor(&server, Role::Advisor, &["appointments", "--date", "2030-03-05"]).await;
    assert!(listed.status.success());
    let table = stdout(&listed);
    assert!(
        table.contains(&code) && table.contains("沪F12345") && table.contains("钱七") && table.contains("刹车异响"),
        "{table}"
    );

    let customer = advisor(&server, Role::Followup, &["customer", "13855556666"]).await;
    assert!(customer.status.success(), "{}", stderr(&customer));
    assert!(stdout(&customer).contains("沪F12345"));

    let slots =
        advisor(&server, Role::Advisor, &["--json", "slots", "--service", "repair", "--date", "2030-03-05"]).await;
    let slots: serde_json::Value = serde_json::from_slice(&slots.stdout).expect("json");
    let ten = slots["slots"]
        .as_array()
        .expect("slots")
        .iter()
        .find(|s| s["slot_start"] == "2030-03-05 10:00")
        .expect("slot")
        .clone();
    assert_eq!(ten["remaining"], 1);

    let cancelled = advisor(&server, Role::Supervisor, &["cancel", &code, "--reason", "客户改期"]).await;
    assert!(cancelled.status.success(), "{}", stderr(&cancelled));
    let again =
        advisor(&server, Role::Advisor, &["--json", "appointments", "--date", "2030-03-05", "--status", "cancelled"])
            .await;
    let again: serde_json::Value = serde_json::from_slice(&again.stdout).expect("json");
    assert_eq!(again.as_array().map(Vec::len), Some(1));
    assert_eq!(again[0]["cancel_reason"], "客户改期");
}

#[tokio::test(flavor = "multi_thread")]
async fn failures_are_one_clear_line_with_distinct_exit_codes() {
    let server = TestServer::start().await;
    let bad = advisor(
        &server,
        Role::Advisor,
        &["book", "--plate", "XX", "--phone", "1", "--service", "repair", "--slot", "2030-03-05 10:00"],
    )
    .await;
    assert_eq!(bad.status.code(), Some(1));
    let err = stderr(&bad);
    assert!(err.starts_with("error: INVALID_ARGUMENT PLATE_INVALID: plate:"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("phone:"), "every bad field is named: {err}");

    let denied = advisor(&server, Role::Kiosk, &["staff"]).await;
    assert_eq!(denied.status.code(), Some(1));
    assert!(stderr(&denied).contains("PERMISSION_DENIED ROLE_NOT_ALLOWED"));

    let usage = advisor(
        &server,
        Role::Advisor,
        &["book", "--plate", "沪F12345", "--phone", "13855556666", "--service", "repair", "--slot", "tomorrow"],
    )
    .await;
    assert_eq!(usage.status.code(), Some(2));

    let mut no_token = assert_cmd::Command::cargo_bin("advisor").expect("binary");
    no_token.env_clear().args(["--addr", &server.url(), "--data-dir", "/nonexistent", "staff"]);
    let out = tokio::task::spawn_blocking(move || no_token.output().expect("runs")).await.expect("joins");
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("no token"));

    // With no server to reach, a typing mistake is still a typing mistake (2), and a
    // good command says the server cannot be reached (3).
    let gone = std::net::TcpListener::bind("127.0.0.1:0").expect("a port").local_addr().expect("addr");
    let unreachable = |args: &'static [&'static str]| {
        let mut cmd = assert_cmd::Command::cargo_bin("advisor").expect("binary");
        cmd.env_clear().args(["--addr", &format!("http://{gone}"), "--token", "fdt_x"]).args(args);
        tokio::task::spawn_blocking(move || cmd.output().expect("runs"))
    };
    let typo = unreachable(&[
        "book",
        "--plate",
        "沪F12345",
        "--phone",
        "13855556666",
        "--service",
        "repair",
        "--slot",
        "tomorrow",
    ]);
    assert_eq!(typo.await.expect("joins").status.code(), Some(2));
    let down = unreachable(&["staff"]).await.expect("joins");
    assert_eq!(down.status.code(), Some(3));
    assert!(stderr(&down).contains("cannot reach the server"), "{}", stderr(&down));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_token_file_supplies_address_and_token() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(
        dir.path().join("demo-tokens.toml"),
        format!("addr = \"{}\"\n[tokens]\nsupervisor = \"{}\"\n", server.url(), server.token(Role::Supervisor)),
    )
    .expect("writes");
    let mut cmd = assert_cmd::Command::cargo_bin("advisor").expect("binary");
    cmd.env_clear().args(["--data-dir", dir.path().to_str().expect("utf-8"), "--as", "supervisor", "--json", "staff"]);
    let out = tokio::task::spawn_blocking(move || cmd.output().expect("runs")).await.expect("joins");
    assert!(out.status.success(), "{}", stderr(&out));
    let staff: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(staff.as_array().map(Vec::len), Some(3));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reader_that_goes_away_ends_the_listing_quietly() {
    let server = TestServer::start().await;
    // `advisor appointments | head`: the reader closes its end before the table is written.
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_advisor"));
    cmd.env_clear()
        .args(["--addr", &server.url(), "--token", server.token(Role::Advisor), "--data-dir", "/nonexistent"])
        .args(["appointments", "--date", "all"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let out = tokio::task::spawn_blocking(move || {
        let mut child = cmd.spawn().expect("runs");
        drop(child.stdout.take());
        child.wait_with_output().expect("waits")
    })
    .await
    .expect("joins");
    assert!(out.status.success(), "exit {:?}: {}", out.status, stderr(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}

#[test]
fn an_unknown_role_is_refused_with_the_roles_there_are() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_advisor"))
        .env_clear()
        .args(["--as", "root", "queue"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "a usage error");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("kiosk, advisor, followup, supervisor, admin"), "{said}");
}
