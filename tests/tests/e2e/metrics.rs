//! The Prometheus endpoint: scraped over HTTP, its series move with real calls.

use frontdesk_proto::v1 as pb;
use frontdesk_server::config::Metrics;
use frontdesk_server::domain::Role;
use frontdesk_tests::{TestServer, shanghai};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::{check_in, pull, walk_in};

/// GET /metrics over plain HTTP/1.1; the body.
async fn scrape(server: &TestServer) -> String {
    let addr = server.running().metrics_addr.expect("metrics are on");
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connects");
    let request = format!("GET /metrics HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("sends");
    let mut response = String::new();
    stream.read_to_string(&mut response).await.expect("reads");
    let (head, body) = response.split_once("\r\n\r\n").expect("a response");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.to_ascii_lowercase().contains("content-type: application/openmetrics-text; version=1.0.0"), "{head}");
    body.to_owned()
}

/// The value of one series line, e.g. `frontdesk_queue_waiting{service="maintenance"}`.
fn value(body: &str, series: &str) -> Option<f64> {
    body.lines().find_map(|l| {
        l.strip_prefix(series).and_then(|rest| rest.strip_prefix(' ')).and_then(|v| v.trim().parse().ok())
    })
}

#[tokio::test]
async fn the_named_series_move_after_real_calls() {
    let server =
        TestServer::start_with(|c| c.metrics = Some(Metrics { listen: "127.0.0.1:0".parse().expect("addr") })).await;
    let (_, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let waiting = r#"frontdesk_queue_waiting{service="maintenance"}"#;
    let check_ins = r#"frontdesk_rpc_duration_seconds_count{method="frontdesk.v1.KioskService/CheckIn",code="OK"}"#;
    let body = scrape(&server).await;
    assert_eq!(value(&body, waiting), Some(0.0), "{body}");
    assert_eq!(value(&body, r#"frontdesk_advisors{status="available"}"#), Some(1.0), "甲 is available");
    assert_eq!(value(&body, check_ins), None, "no check-in yet");
    assert_eq!(value(&body, "frontdesk_follow_ups_overdue"), Some(0.0));

    check_in(&server, walk_in("沪M00001", "13900000101", "maintenance")).await;
    check_in(&server, walk_in("沪M00002", "13900000102", "maintenance")).await;
    let mut kiosk = server.connect(Role::Kiosk).await.kiosk();
    let bad = kiosk.check_in(walk_in("沪I00001", "13900000103", "maintenance")).await;
    assert!(bad.is_err());
    let body = scrape(&server).await;
    assert_eq!(value(&body, waiting), Some(2.0), "{body}");
    assert_eq!(value(&body, check_ins), Some(2.0), "{body}");
    let refused =
        r#"frontdesk_rpc_duration_seconds_count{method="frontdesk.v1.KioskService/CheckIn",code="INVALID_ARGUMENT"}"#;
    assert_eq!(value(&body, refused), Some(1.0), "{body}");

    // Five minutes later 甲 calls the first: one wait of 300 s.
    server.clock.set(shanghai(4, 9, 5));
    pull(&server, &x).await.expect("pulls");
    let body = scrape(&server).await;
    assert_eq!(value(&body, r#"frontdesk_waiting_seconds_count{service="maintenance"}"#), Some(1.0), "{body}");
    assert_eq!(value(&body, r#"frontdesk_waiting_seconds_sum{service="maintenance"}"#), Some(300.0), "{body}");
    assert_eq!(
        value(&body, r#"frontdesk_waiting_seconds_bucket{le="300.0",service="maintenance"}"#),
        Some(1.0),
        "{body}"
    );
    assert_eq!(value(&body, waiting), Some(1.0));
    assert_eq!(value(&body, r#"frontdesk_advisors{status="serving"}"#), Some(1.0), "{body}");
    assert_eq!(value(&body, r#"frontdesk_advisors{status="available"}"#), Some(0.0));

    // A delivered car whose first follow-up nobody made is overdue on day 8.
    let mut queue = server.connect_with_token(&x).await.queue();
    let held = queue.get_advisor_state(pb::GetAdvisorStateRequest::default()).await.expect("state").into_inner();
    let ticket = held.ticket.expect("holds one").ticket_id;
    queue.skip_ticket(pb::SkipTicketRequest { ticket_id: ticket }).await.expect("sets aside");
    let visit = crate::followup::deliver(&server, &x, "沪M00003", "13900000104").await;
    server.clock.set(shanghai(12, 9, 0));
    let body = scrape(&server).await;
    assert_eq!(value(&body, "frontdesk_follow_ups_overdue"), Some(1.0), "{body}");
    // Called on day 8 with no answer: the retry on day 9 is due that day, as the lists
    // say, and overdue only the day after.
    let first = crate::followup::of_customer(&server, visit.customer_id).await.follow_up_id;
    let no_answer = crate::followup::call(first, pb::CallOutcome::NoAnswer, 0, &[]);
    let mut desk = server.connect(Role::Followup).await.followups();
    desk.record_follow_up_call(no_answer).await.expect("records");
    server.clock.set(shanghai(13, 9, 0));
    assert_eq!(value(&scrape(&server).await, "frontdesk_follow_ups_overdue"), Some(0.0), "the retry is due today");
    server.clock.set(shanghai(14, 9, 0));
    assert_eq!(value(&scrape(&server).await, "frontdesk_follow_ups_overdue"), Some(1.0));
}

#[tokio::test]
async fn a_stream_that_ends_in_an_error_is_counted_with_that_code() {
    let server =
        TestServer::start_with(|c| c.metrics = Some(Metrics { listen: "127.0.0.1:0".parse().expect("addr") })).await;
    let (id, token) = server.add_advisor("孙丽", 7, &["repair"]).await;
    let mut stream = crate::watch(&server, &token).await;
    stream.message().await.expect("message").expect("snapshot");
    // Its headers said OK when it opened; the status comes in the trailers at the end.
    crate::set_active(&server, id, false).await;
    let ended = tokio::time::timeout(std::time::Duration::from_secs(5), async {
        loop {
            match stream.message().await {
                Ok(Some(_)) => continue,
                other => return other,
            }
        }
    })
    .await
    .expect("the stream ends soon");
    assert_eq!(ended.expect_err("an error").code(), tonic::Code::Unauthenticated);
    let series = |code: &str| {
        format!(
            r#"frontdesk_rpc_duration_seconds_count{{method="frontdesk.v1.QueueService/WatchQueue",code="{code}"}}"#
        )
    };
    // The trailers reach the layer as the server finishes the stream: look a few times.
    let mut body = scrape(&server).await;
    for _ in 0..50 {
        if value(&body, &series("UNAUTHENTICATED")).is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        body = scrape(&server).await;
    }
    assert_eq!(value(&body, &series("UNAUTHENTICATED")), Some(1.0), "{body}");
    assert_eq!(value(&body, &series("OK")), None, "not counted as OK: {body}");
}
