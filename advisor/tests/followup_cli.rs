//! The follow-up desk from the command line against a real server: followups, call,
//! inbound, outbound, escalations, resolve, report-escalation, notify, letter,
//! reassign, campaign, due-maintenance, lost, lost-reason, incomplete and export.

use std::process::Output;

use frontdesk_proto::v1 as pb;
use frontdesk_server::domain::Role;
use frontdesk_tests::{TestServer, shanghai};

mod common;

use common::{advisor, ok};

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_str(&ok(out)).expect("json")
}

/// A walk-in served and delivered with the advisor's own commands.
async fn deliver(server: &TestServer, token: &str, plate: &str, phone: &str) {
    let request = pb::CheckInRequest {
        request_id: format!("cli-{phone}"),
        plate: plate.into(),
        service_code: "maintenance".into(),
        phone: phone.into(),
        customer_name: "钱".into(),
        ..Default::default()
    };
    server.connect(Role::Kiosk).await.kiosk().check_in(request).await.expect("checks in");
    ok(&advisor(server, token, &["next"]).await);
    ok(&advisor(server, token, &["start"]).await);
    let done = json(
        &advisor(server, token, &["--json", "done", "--mileage", "30000", "--promised", "2030-03-04 16:00"]).await,
    );
    let wo = done["work_order"].as_str().expect("work order").to_owned();
    frontdesk_tests::agree_estimate(&server.connect_with_token(token).await, &wo).await;
    for stage in ["in-repair", "quality-check", "ready"] {
        ok(&advisor(server, token, &["visit", "stage", &wo, stage]).await);
    }
    frontdesk_tests::settle_and_pay(&server.connect_with_token(token).await, &wo).await;
    ok(&advisor(server, token, &["deliver", &wo]).await);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_follow_up_desk_works_from_the_command_line() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let agent = server.token(Role::Followup).to_owned();
    let boss = server.token(Role::Supervisor).to_owned();
    deliver(&server, &x, "沪C10001", "13700010001").await;

    let none_yet = ok(&advisor(&server, &agent, &["followups", "--due", "today"]).await);
    assert!(none_yet.contains("(none)"), "day 0: {none_yet}");
    let week = ok(&advisor(&server, &agent, &["followups", "--due", "week"]).await);
    assert!(week.contains("沪C10001") && week.contains("2030-03-07 – 2030-03-11"), "{week}");
    server.clock.set(shanghai(7, 10, 0));
    let listed = json(&advisor(&server, &agent, &["--json", "followups", "--due", "today"]).await);
    let id = listed[0]["follow_up_id"].as_i64().expect("id").to_string();
    assert_eq!(listed[0]["phone"], "13700010001");

    let called = ok(&advisor(
        &server,
        &agent,
        &[
            "call",
            &id,
            "--outcome",
            "reached",
            "--score",
            "3",
            "--topic",
            "vehicle-condition",
            "--topic",
            "service-opinion",
            "--complaint",
            "交车时车内有烟味",
            "--note",
            "客户基本满意",
        ],
    )
    .await);
    assert!(called.contains("recorded: done after 1 call(s)"), "{called}");
    assert!(called.contains("2030-03-14 – 2030-03-21"), "#2 opens: {called}");
    assert!(
        called.contains(
            "complaint #1 to research: resolve it, or report-escalation it to the supervisor, by the end of 2030-03-09"
        ),
        "{called}"
    );
    let bad_score = advisor(&server, &agent, &["call", &id, "--outcome", "reached", "--score", "9"]).await;
    assert_eq!(bad_score.status.code(), Some(2), "clap refuses a score outside 1..=5");
    let shown = ok(&advisor(&server, &agent, &["followup", &id]).await);
    assert!(shown.contains("vehicle-condition, service-opinion") && shown.contains("reached"), "{shown}");

    let inbound = ok(&advisor(
        &server,
        &agent,
        &["inbound", "--phone", "13700010001", "--kind", "complaint", "--content", "空调异味"],
    )
    .await);
    assert!(inbound.contains("complaint #2 to research"), "{inbound}");
    let researched = ok(&advisor(&server, &agent, &["escalations", "--stage", "researching"]).await);
    assert!(researched.contains("烟味") && researched.contains("2030-03-10 00:00"), "{researched}");

    // The agent solves the first while researching it and tells the customer at once;
    // the second they report to the supervisor, whose 48 hours start then.
    let resolved =
        json(&advisor(&server, &agent, &["--json", "resolve", "1", "--solution", "免费深度清洁", "--told"]).await);
    assert_eq!((resolved["overdue"].as_bool(), resolved["late_notice"].as_bool()), (Some(false), Some(false)));
    assert_eq!(
        (resolved["customer_told"].as_str(), resolved["stage"].as_str()),
        (Some("2030-03-07 10:00"), Some("resolved"))
    );
    let reported = ok(&advisor(&server, &agent, &["report-escalation", "2", "--note", "需更换蒸发箱"]).await);
    assert!(reported.contains("supervisor") && reported.contains("2030-03-09 10:00"), "{reported}");
    server.clock.set(shanghai(9, 10, 1));
    let flagged = ok(&advisor(&server, &boss, &["escalations", "--flagged"]).await);
    assert!(flagged.contains("空调异味") && flagged.contains("OVERDUE") && !flagged.contains("烟味"), "{flagged}");
    let refused = advisor(&server, &agent, &["resolve", "2", "--solution", "x"]).await;
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("FAILED_PRECONDITION ESCALATION_REPORTED"));
    ok(&advisor(&server, &boss, &["resolve", "2", "--solution", "清洗空调滤芯"]).await);
    let told = ok(&advisor(&server, &agent, &["notify", "2"]).await);
    assert!(told.contains("2030-03-09 10:01"), "{told}");

    // A letter for another reason, a stand-in, a campaign and the lists.
    let letter = ok(&advisor(&server, &agent, &["letter", "--plate", "沪C10001", "--content", "感谢信"]).await);
    assert!(letter.contains("sent 2030-03-09"), "{letter}");
    let (standin, _) = server.add_followup_agent("赵敏").await;
    let moved = ok(&advisor(
        &server,
        &boss,
        &[
            "reassign",
            "--from",
            &server.staff.followup.to_string(),
            "--to",
            &standin.to_string(),
            "--until",
            "2030-03-20",
        ],
    )
    .await);
    assert!(moved.contains("until 2030-03-20: 1 open follow-up(s)"), "{moved}");
    let campaign = ok(&advisor(
        &server,
        &boss,
        &[
            "campaign",
            "create",
            "--name",
            "夏季空调免费检测",
            "--kind",
            "free-check",
            "--date",
            "2030-04-15",
            "--audience",
            "vehicles",
            "--vehicle",
            "沪C10001",
        ],
    )
    .await);
    assert!(campaign.contains("2030-04-01") && campaign.contains("免费检测"), "{campaign}");
    assert!(ok(&advisor(&server, &agent, &["campaign", "list"]).await).contains("夏季空调免费检测"));
    assert!(ok(&advisor(&server, &agent, &["due-maintenance", "--days", "30"]).await).contains("(none)"));
    assert!(ok(&advisor(&server, &agent, &["lost"]).await).contains("(none)"));
    let incomplete = ok(&advisor(&server, &x, &["incomplete"]).await);
    assert!(incomplete.contains("address") && incomplete.contains("沪C10001"), "{incomplete}");

    // Exports: XLSX by the file's extension, CSV with a byte-order mark.
    let dir = tempfile::tempdir().expect("dir");
    let xlsx = dir.path().join("calls.xlsx");
    let written = ok(&advisor(
        &server,
        &agent,
        &["export", "call-records", "--from", "2030-03-01", "--to", "2030-03-31", "-o", xlsx.to_str().expect("utf-8")],
    )
    .await);
    assert!(written.contains("跟踪服务电话记录表_2030-03-01_2030-03-31.xlsx: 1 row(s)"), "{written}");
    assert!(std::fs::read(&xlsx).expect("file").starts_with(b"PK"), "a zip: an XLSX workbook");
    let csv = dir.path().join("log.csv");
    let log_args = ["export", "call-log", "--from", "2030-03-01", "--to", "2030-03-31", "-o", csv.to_str().expect("p")];
    ok(&advisor(&server, &agent, &log_args).await);
    let bytes = std::fs::read(&csv).expect("file");
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    assert_eq!(String::from_utf8(bytes).expect("utf-8").lines().count(), 3, "header, outbound and inbound call");

    ok(&advisor(&server, &agent, &["lost-reason", "1", "去了别家4S店"]).await);
}

#[tokio::test(flavor = "multi_thread")]
async fn reports_and_the_ranking_read_with_targets_and_marks() {
    let server = TestServer::start_with(|c| c.reports.cars_per_day = 1).await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let boss = server.token(Role::Supervisor).to_owned();
    deliver(&server, &x, "沪C20001", "13700020001").await;

    let today = ok(&advisor(&server, &boss, &["report", "today"]).await);
    assert!(today.starts_with("服务报表 service report · 2030-03-04"), "{today}");
    let cars = today.lines().find(|l| l.contains("接车台次")).expect("cars line");
    assert!(cars.contains('1') && cars.contains("≥ 1") && cars.contains('✓'), "{cars}");
    let notes = today.lines().find(|l| l.contains("回访备注")).expect("notes line");
    assert!(notes.contains("0.0% (0/1)") && notes.contains('✗'), "{notes}");
    let range = json(&advisor(&server, &boss, &["--json", "report", "range", "2030-03-01", "2030-03-04"]).await);
    assert_eq!((range["cars_received"].as_i64(), range["cars_received_target"].as_i64()), (Some(1), Some(4)));
    let month = ok(&advisor(&server, &boss, &["report", "month", "--month", "2030-03"]).await);
    assert!(month.contains("2030-03-01 – 2030-03-31") && month.contains("≥ 650"), "{month}");

    let ranking = ok(&advisor(&server, &boss, &["ranking", "--month", "2030-03"]).await);
    assert!(ranking.contains("甲") && ranking.contains("lowest output this month"), "王磊 had none: {ranking}");
    assert!(ranking.contains("¥300.00"), "甲's output value: the car's settlement: {ranking}");
    let own = json(&advisor(&server, &x, &["--json", "ranking", "--month", "2030-03"]).await);
    assert_eq!(own["advisors"].as_array().map(Vec::len), Some(1), "an advisor sees their own row");
    // An advisor reads their own figures: 甲 received the car, 王磊 nothing.
    let mine = ok(&advisor(&server, &x, &["report", "today"]).await);
    assert!(mine.starts_with("服务报表 service report · 2030-03-04 · "), "{mine}");
    let cars = mine.lines().find(|l| l.contains("接车台次")).expect("cars line");
    assert!(cars.contains('1') && !cars.contains('≥'), "no store target for one advisor: {cars}");
    assert!(!mine.contains("基盘客户") && !mine.contains("按时回访"), "the store's own figures are left out: {mine}");
    let theirs = json(&advisor(&server, server.token(Role::Advisor), &["--json", "report", "today"]).await);
    assert_eq!(
        (theirs["cars_received"].as_i64(), theirs["advisor_id"].as_i64()),
        (Some(0), Some(server.staff.advisor))
    );
    let x_id = json(&advisor(&server, &x, &["--json", "report", "today"]).await)["advisor_id"].as_i64().expect("id");
    let asked = json(&advisor(&server, &boss, &["--json", "report", "today", "--advisor", &x_id.to_string()]).await);
    assert_eq!(asked["cars_received"].as_i64(), Some(1), "a supervisor reads any advisor's figures");
    let other = advisor(&server, &x, &["report", "today", "--advisor", &server.staff.advisor.to_string()]).await;
    assert_eq!(other.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&other.stderr).contains("PERMISSION_DENIED ROLE_NOT_ALLOWED"));

    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("report.xlsx");
    let written =
        ok(&advisor(&server, &boss, &["export", "report", "--month", "2030-03", "-o", file.to_str().expect("p")])
            .await);
    assert!(written.contains("服务报表_2030-03-01_2030-03-31.xlsx"), "{written}");
    assert!(std::fs::read(&file).expect("file").starts_with(b"PK"));
    let no_from = advisor(&server, &boss, &["export", "call-log"]).await;
    assert_eq!(no_from.status.code(), Some(2), "a register needs --from");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_seeds_rules_from_the_command_line_warnings_worklists_and_new_content() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let agent = server.token(Role::Followup).to_owned();
    deliver(&server, &x, "沪C30001", "13700030001").await;
    let listed = json(&advisor(&server, &agent, &["--json", "followups"]).await);
    let id = listed[0]["follow_up_id"].as_i64().expect("id").to_string();

    // Day 1 after delivery: too early, said so; no score given.
    server.clock.set(shanghai(5, 10, 0));
    let early =
        ok(&advisor(&server, &agent, &["call", &id, "--outcome", "reached", "--topic", "vehicle-condition"]).await);
    assert!(early.contains("recorded: done after 1 call(s)"), "reached without a score: {early}");
    assert!(
        early.contains("warning: too early — the window opens 2030-03-07; the call is recorded as outside the window"),
        "{early}"
    );
    assert!(early.contains("2030-03-14 – 2030-03-21"), "#2 from the delivery rule: {early}");
    let second = json(&advisor(&server, &agent, &["--json", "followups", "--kind", "second"]).await)[0]["follow_up_id"]
        .as_i64()
        .expect("#2")
        .to_string();
    server.clock.set(shanghai(15, 10, 0));
    let repeat = ["call", &second, "--outcome", "reached", "--score", "4", "--topic", "vehicle-condition"];
    let refused = advisor(&server, &agent, &repeat).await;
    assert!(String::from_utf8_lossy(&refused.stderr).contains("TOPIC_REPEATED"));
    let noted = [&repeat[..], &["--new-content", "雨天刹车异响"]].concat();
    let done = ok(&advisor(&server, &agent, &noted).await);
    assert!(done.contains("repeats #1's vehicle-condition with what is new"), "{done}");
    let shown = ok(&advisor(&server, &agent, &["followup", &id]).await);
    assert!(shown.contains("reached (too early)"), "{shown}");

    // An enquiry the agent wants followed up.
    let inbound =
        ["inbound", "--plate", "沪C30001", "--kind", "enquiry", "--content", "问轮胎", "--answered", "--follow-up"];
    let logged = ok(&advisor(&server, &agent, &inbound).await);
    assert!(logged.contains("opened: #1 回访, due 2030-03-18 – 2030-03-22"), "{logged}");

    // A year on the customer is lost: called from the worklist, counted by the reason.
    server.clock.set(
        chrono::TimeZone::with_ymd_and_hms(&chrono_tz::Asia::Shanghai, 2031, 3, 20, 10, 0, 0)
            .unwrap()
            .with_timezone(&chrono::Utc),
    );
    let worklist = ok(&advisor(&server, &agent, &["lost", "--uncalled"]).await);
    assert!(worklist.contains("沪C30001"), "{worklist}");
    let customer =
        json(&advisor(&server, &agent, &["--json", "lost"]).await)[0]["customer_id"].as_i64().expect("id").to_string();
    let called =
        ok(&advisor(&server, &agent, &["outbound", &customer, "--outcome", "reached", "--reason", "搬家"]).await);
    assert!(called.contains("(lost-customer, reached); 流失原因 搬家"), "{called}");
    assert!(ok(&advisor(&server, &agent, &["lost", "--uncalled"]).await).contains("(none)"));
    let reasons = ok(&advisor(&server, &agent, &["lost", "--reasons"]).await);
    assert!(reasons.contains("搬家") && reasons.contains('1'), "{reasons}");
}
