//! The counter commands of `advisor` against a real server: next, start, done,
//! recall, skip, return, transfer, status, queue (and --watch), visit, deliver.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use frontdesk_proto::v1 as pb;
use frontdesk_server::domain::Role;
use frontdesk_tests::TestServer;

mod common;

use common::{BIN, advisor, ok};

async fn walk_in(server: &TestServer, plate: &str, phone: &str, service: &str) -> String {
    let request = pb::CheckInRequest {
        request_id: format!("cli-{phone}"),
        plate: plate.into(),
        service_code: service.into(),
        phone: phone.into(),
        customer_name: "钱".into(),
        ..Default::default()
    };
    let kiosk = server.connect(Role::Kiosk).await.kiosk();
    let mut kiosk = kiosk;
    kiosk.check_in(request).await.expect("checks in").into_inner().ticket.expect("ticket").ticket_number
}

#[tokio::test(flavor = "multi_thread")]
async fn an_advisor_serves_a_customer_from_the_command_line() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance", "repair"]).await;
    let (y_id, y) = server.add_advisor("乙", 3, &["repair"]).await;
    let number = walk_in(&server, "沪J12345", "13812340000", "maintenance").await;

    let next = ok(&advisor(&server, &x, &["next"]).await);
    assert!(next.contains(&format!("请 {number} 到 2 号服务台")), "{next}");
    assert!(next.contains("沪J12345") && next.contains("SKILL_MATCH"), "{next}");
    let queue = ok(&advisor(&server, &x, &["--json", "queue"]).await);
    let queue: serde_json::Value = serde_json::from_str(&queue).expect("json");
    assert_eq!(queue["tickets"][0]["state"], "called");
    assert_eq!(
        queue["advisors"].as_array().map(|a| a.iter().filter(|a| a["serving"] == number.as_str()).count()),
        Some(1)
    );

    ok(&advisor(&server, &x, &["recall"]).await);
    let started = ok(&advisor(&server, &x, &["start"]).await);
    assert!(started.contains("in service"), "{started}");
    let done = ok(&advisor(
        &server,
        &x,
        &["done", "--mileage", "41000", "--request", "保养+检查异响", "--promised", "2030-03-04 16:00"],
    )
    .await);
    assert!(done.contains("work order WO20300304-001"), "{done}");

    let wo = "WO20300304-001";
    let refused = advisor(&server, &x, &["visit", "stage", wo, "in-repair"]).await;
    assert_eq!(refused.status.code(), Some(1), "no estimate approved yet");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("ESTIMATE_NOT_APPROVED"));
    // The estimate at the counter: proposed from the command line, approved by phone.
    let proposed = ok(&advisor(
        &server,
        &x,
        &[
            "estimate",
            wo,
            "--labour",
            "更换前刹车片,1.5,300",
            "--part",
            "45022-TBA-A01,前刹车片,2,280.50,stock,warranty",
        ],
    )
    .await);
    assert!(proposed.contains("¥450.00") && proposed.contains("¥561.00"), "{proposed}");
    assert!(proposed.contains("total ¥1,011.00"), "{proposed}");
    let bad = advisor(&server, &x, &["estimate", wo, "--fee", "检测费"]).await;
    assert_eq!(bad.status.code(), Some(2), "a line without its amount is a usage error");
    let approved =
        ok(&advisor(&server, &x, &["--json", "approve", wo, "1", "--called-by", "甲", "--words", "可以，换吧"]).await);
    let approved: serde_json::Value = serde_json::from_str(&approved).expect("json");
    assert_eq!(approved["approved_total_fen"], 101_100);
    ok(&advisor(&server, &x, &["visit", "stage", wo, "in-repair"]).await);
    let refused = advisor(&server, &x, &["visit", "stage", wo, "ready"]).await;
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("STAGE_TRANSITION_INVALID"));
    ok(&advisor(
        &server,
        &x,
        &["visit", "stage", wo, "waiting-parts", "--parts-date", "2030-03-05", "--note", "等刹车片"],
    )
    .await);
    for stage in ["in-repair", "quality-check", "ready"] {
        ok(&advisor(&server, &x, &["visit", "stage", wo, stage]).await);
    }
    let unpaid = advisor(&server, &x, &["deliver", wo]).await;
    assert!(String::from_utf8_lossy(&unpaid.stderr).contains("SETTLEMENT_REQUIRED"), "settled before it leaves");
    // Settled at the counter: a 20% discount on the labour waits for the supervisor.
    ok(&advisor(&server, &x, &["lines-done", wo, "1", "2"]).await);
    let settled = ok(&advisor(&server, &x, &["settle", wo, "--discount", "1=20%", "--return-old", "2"]).await);
    assert!(settled.contains("the customer still owes ¥360.00"), "{settled}");
    assert!(settled.contains("waits for a supervisor"), "{settled}");
    let waits = advisor(&server, &x, &["pay", wo, "360", "--method", "wechat"]).await;
    assert!(String::from_utf8_lossy(&waits.stderr).contains("DISCOUNT_NEEDS_APPROVAL"));
    let boss = server.token(Role::Supervisor).to_owned();
    ok(&advisor(&server, &boss, &["approve-discount", wo, "--note", "老客户"]).await);
    let paid = ok(&advisor(&server, &x, &["pay", wo, "360.00", "--method", "wechat", "--reference", "wx-1"]).await);
    assert!(paid.contains("the customer still owes ¥0.00"), "{paid}");
    let delivered = ok(&advisor(&server, &x, &["--json", "deliver", wo]).await);
    let delivered: serde_json::Value = serde_json::from_str(&delivered).expect("json");
    assert_eq!(delivered["stage"], "已交车 delivered");
    assert_eq!(delivered["history"].as_array().map(Vec::len), Some(7));

    // Transfer by ticket number, skip, return, and status changes.
    let second = walk_in(&server, "沪J22345", "13812340001", "maintenance").await;
    ok(&advisor(&server, &x, &["next"]).await);
    let moved = ok(&advisor(
        &server,
        &x,
        &["transfer", &second, "--to", &y_id.to_string(), "--service", "repair", "--note", "其实是维修"],
    )
    .await);
    assert!(moved.contains("waits again"), "{moved}");
    let taken = ok(&advisor(&server, &y, &["--json", "next"]).await);
    let taken: serde_json::Value = serde_json::from_str(&taken).expect("json");
    assert_eq!(
        (taken["ticket_number"].as_str(), taken["assignment_reason"].as_str()),
        (Some(second.as_str()), Some("TRANSFERRED"))
    );
    ok(&advisor(&server, &y, &["skip"]).await);
    let back = ok(&advisor(&server, &y, &["return", &second]).await);
    assert!(back.contains("waiting"), "{back}");
    ok(&advisor(&server, &y, &["status", "paused"]).await);
    let paused = advisor(&server, &y, &["next"]).await;
    assert_eq!(paused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&paused.stderr).contains("ADVISOR_NOT_AVAILABLE"));
    let others = advisor(&server, &y, &["status", "available", "--advisor", &server.staff.advisor.to_string()]).await;
    assert!(String::from_utf8_lossy(&others.stderr).contains("NOT_YOUR_TICKET"));
    ok(&advisor(&server, server.token(Role::Supervisor), &["status", "available", "--advisor", &y_id.to_string()])
        .await);
}

/// Reads lines until one contains `wanted`; returns them.
async fn frame(lines: &mut tokio::sync::mpsc::UnboundedReceiver<String>, wanted: &str) -> Vec<String> {
    let mut seen = Vec::new();
    loop {
        let line = tokio::time::timeout(Duration::from_secs(10), lines.recv())
            .await
            .expect("output in time")
            .unwrap_or_else(|| panic!("the output ended before {wanted:?}: {seen:#?}"));
        let found = line.contains(wanted);
        seen.push(line);
        if found {
            return seen;
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn queue_watch_redraws_live() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["repair"]).await;
    let mut child = Command::new(BIN)
        .env_clear()
        .args([
            "--addr",
            &server.url(),
            "--token",
            &x,
            "--data-dir",
            "/nonexistent",
            "queue",
            "--watch",
            "--updates",
            "4",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("starts");
    let stdout = child.stdout.take().expect("stdout");
    let (lines_tx, mut lines) = tokio::sync::mpsc::unbounded_channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines_tx.send(line).is_err() {
                break;
            }
        }
    });
    // The stream is followed once its snapshot is drawn; every check-in after it is one
    // redraw (four in all with the call below).
    frame(&mut lines, "SNAPSHOT").await;
    let behind = walk_in(&server, "沪J33344", "13812340001", "repair").await;
    frame(&mut lines, "TICKET_CREATED").await;
    server.clock.advance(chrono::Duration::minutes(1));
    let number = walk_in(&server, "沪J33345", "13812340002", "repair").await;
    frame(&mut lines, "TICKET_CREATED").await;
    let row = frame(&mut lines, &number).await;
    assert!(
        row.last().is_some_and(|l| l.contains("沪J33345") && l.contains("waiting") && l.contains(" 2 (")),
        "the new ticket appears second: {row:?}"
    );
    let mut queue = server.connect_with_token(&x).await.queue();
    queue.pull_next_ticket(pb::PullNextTicketRequest::default()).await.expect("pulls");
    frame(&mut lines, "TICKET_CALLED").await;
    let drawn = frame(&mut lines, "serving").await;
    let row = |number: &str| drawn.iter().find(|l| l.contains(number)).cloned().unwrap_or_default();
    assert!(row(&behind).contains("called") && row(&behind).contains("甲"), "redrawn as called: {drawn:#?}");
    assert!(row(&number).contains(" 1 ("), "the ticket behind moves up to 1: {drawn:#?}");
    let status = tokio::task::spawn_blocking(move || child.wait().expect("waits")).await.expect("joins");
    assert!(status.success(), "exits after four redraws");
}
