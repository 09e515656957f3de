//! WatchQueue: a snapshot, then every change in order; slow consumers get a fresh
//! snapshot; the kiosk sees masks only; streams end on shutdown.

use std::time::Duration;

use frontdesk_proto::v1 as pb;
use frontdesk_proto::v1::QueueEventKind as Kind;
use frontdesk_server::domain::Role;
use frontdesk_tests::{TestServer, shanghai, ts};
use prost::Message;
use tonic::Streaming;

use crate::{check_in, pull, walk_in, watch};

async fn next(stream: &mut Streaming<pb::WatchQueueResponse>) -> pb::WatchQueueResponse {
    tokio::time::timeout(Duration::from_secs(10), stream.message())
        .await
        .expect("a message within 10 s")
        .expect("no error")
        .expect("the stream is open")
}

fn kind(m: &pb::WatchQueueResponse) -> Kind {
    Kind::try_from(m.kind).expect("known kind")
}

#[tokio::test]
async fn staff_see_a_snapshot_then_every_change_in_order() {
    let server = TestServer::start().await;
    let (x_id, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    check_in(&server, walk_in("沪V00001", "13900001111", "maintenance")).await;
    let mut stream = watch(&server, &x).await;
    let first = next(&mut stream).await;
    assert_eq!(kind(&first), Kind::Snapshot);
    let snapshot = first.snapshot.expect("snapshot");
    assert_eq!(snapshot.tickets.len(), 1);
    assert_eq!(snapshot.tickets[0].customer_name, "王", "staff see names");
    assert!(snapshot.kiosk_tickets.is_empty());
    assert!(snapshot.advisors.iter().any(|a| a.advisor_id == x_id && a.status == pb::AdvisorStatus::Available as i32));

    check_in(&server, walk_in("沪V00002", "13900002222", "maintenance")).await;
    let (t, _) = pull(&server, &x).await.expect("pulls");
    let mut queue = server.connect_with_token(&x).await.queue();
    queue.start_service(pb::StartServiceRequest { ticket_id: t.ticket_id }).await.expect("starts");
    queue
        .complete_service(pb::CompleteServiceRequest {
            ticket_id: t.ticket_id,
            mileage_km: 5,
            promised_ready_time: ts(shanghai(4, 16, 0)),
            ..Default::default()
        })
        .await
        .expect("completes");
    queue
        .set_advisor_status(pb::SetAdvisorStatusRequest { advisor_id: 0, status: pb::AdvisorStatus::Paused as i32 })
        .await
        .expect("pauses");

    let mut seen = Vec::new();
    let mut last = first.seq;
    for _ in 0..5 {
        let m = next(&mut stream).await;
        assert!(m.seq > last, "sequence numbers only grow");
        last = m.seq;
        seen.push((kind(&m), m.ticket.as_ref().map(|t| t.plate.clone()).unwrap_or_default()));
        if kind(&m) == Kind::TicketCalled {
            let called = m.ticket.clone().expect("ticket");
            assert_eq!((called.counter_number, called.advisor_id), (2, x_id));
            let advisor = m.advisor.clone().expect("the advisor comes with the call");
            assert_eq!(
                (advisor.status, advisor.serving_ticket_number),
                (pb::AdvisorStatus::Serving as i32, called.ticket_number)
            );
        }
        if kind(&m) == Kind::AdvisorStatus {
            assert_eq!(m.advisor.clone().expect("advisor").status, pb::AdvisorStatus::Paused as i32);
        }
    }
    let plate = "沪V00001".to_owned();
    assert_eq!(
        seen,
        [
            (Kind::TicketCreated, "沪V00002".to_owned()),
            (Kind::TicketCalled, plate.clone()),
            (Kind::TicketStarted, plate.clone()),
            (Kind::TicketDone, plate),
            (Kind::AdvisorStatus, String::new()),
        ]
    );
}

#[tokio::test]
async fn the_lobby_display_sees_only_masked_data() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["repair"]).await;
    check_in(&server, walk_in("沪M12345", "13912348765", "repair")).await;
    let mut display = watch(&server, server.token(Role::Kiosk)).await;
    let mut bytes = Vec::new();
    let first = next(&mut display).await;
    let snapshot = first.snapshot.clone().expect("snapshot");
    assert!(snapshot.tickets.is_empty(), "no staff tickets for the kiosk role");
    assert_eq!(snapshot.kiosk_tickets[0].masked_plate, "沪M***45");
    bytes.extend(first.encode_to_vec());
    pull(&server, &x).await.expect("pulls");
    let called = next(&mut display).await;
    assert_eq!(kind(&called), Kind::TicketCalled);
    let ticket = called.kiosk_ticket.clone().expect("kiosk ticket");
    assert_eq!((ticket.ticket_number.as_str(), ticket.counter_number), ("W001", 2));
    assert!(called.ticket.is_none());
    bytes.extend(called.encode_to_vec());
    for secret in ["13912348765", "沪M12345"] {
        let needle = secret.as_bytes();
        assert!(!bytes.windows(needle.len()).any(|w| w == needle), "the display stream carries {secret}");
    }
}

#[tokio::test]
async fn no_kind_of_change_shows_the_display_a_customers_name_phone_or_plate() {
    let server = TestServer::start().await;
    let (x_id, x) = server.add_advisor("甲", 2, &["repair", "maintenance"]).await;
    let mut display = watch(&server, server.token(Role::Kiosk)).await;
    next(&mut display).await;
    let mut visitor = walk_in("沪M54321", "13912340000", "repair");
    visitor.customer_name = "欧阳娜娜".into();
    check_in(&server, visitor).await;
    check_in(&server, walk_in("沪M54322", "13912340001", "repair")).await;
    let mut queue = server.connect_with_token(&x).await.queue();
    let mut supervisor = server.connect(Role::Supervisor).await.queue();
    let (t, _) = pull(&server, &x).await.expect("pulls");
    let id = t.ticket_id;
    queue.recall_ticket(pb::RecallTicketRequest { ticket_id: id }).await.expect("recalls");
    queue.skip_ticket(pb::SkipTicketRequest { ticket_id: id }).await.expect("skips");
    queue.return_ticket(pb::ReturnTicketRequest { ticket_id: id }).await.expect("returns");
    supervisor.raise_ticket(pb::RaiseTicketRequest { ticket_id: id, reason: "VIP".into() }).await.expect("raises");
    pull(&server, &x).await.expect("pulls again");
    queue.start_service(pb::StartServiceRequest { ticket_id: id }).await.expect("starts");
    let to = pb::TransferTicketRequest { ticket_id: id, to_service_code: "maintenance".into(), ..Default::default() };
    queue.transfer_ticket(to).await.expect("transfers");
    pull(&server, &x).await.expect("pulls once more");
    queue.start_service(pb::StartServiceRequest { ticket_id: id }).await.expect("starts");
    frontdesk_tests::complete(&mut queue, id).await;
    supervisor
        .cancel_ticket(pb::CancelTicketRequest { ticket_id: id + 1, reason: "走了".into() })
        .await
        .expect("cancels the other");
    queue
        .set_advisor_status(pb::SetAdvisorStatusRequest { advisor_id: x_id, status: pb::AdvisorStatus::Paused as i32 })
        .await
        .expect("pauses");
    let mut kinds = std::collections::BTreeSet::new();
    while kinds.len() < 11 {
        let m = next(&mut display).await;
        assert!(m.ticket.is_none() && m.snapshot.is_none(), "staff data on the display stream: {m:?}");
        let bytes = m.encode_to_vec();
        for secret in ["13912340000", "欧阳娜娜", "沪M54321", "沪M54322"] {
            let needle = secret.as_bytes();
            assert!(!bytes.windows(needle.len()).any(|w| w == needle), "{:?} carries {secret}", kind(&m));
        }
        if let Some(k) = &m.kiosk_ticket {
            assert!(k.masked_plate.contains('*'), "{k:?}");
        }
        kinds.insert(kind(&m) as i32);
    }
    let expected = [
        Kind::TicketCreated,
        Kind::TicketCalled,
        Kind::TicketRecalled,
        Kind::TicketNoShow,
        Kind::TicketReturned,
        Kind::TicketRaised,
        Kind::TicketStarted,
        Kind::TicketTransferred,
        Kind::TicketDone,
        Kind::TicketCancelled,
        Kind::AdvisorStatus,
    ];
    assert_eq!(kinds, expected.iter().map(|k| *k as i32).collect(), "every kind of change was seen, masked");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_slow_consumer_gets_a_fresh_snapshot_and_slows_nobody() {
    let server = TestServer::start_with(|c| c.queue.watch_buffer = 32).await;
    let (_, x) = server.add_advisor("甲", 2, &["repair"]).await;
    // The slow consumer asks for tiny HTTP/2 windows and then does not read.
    let channel = tonic::transport::Endpoint::from_shared(server.url())
        .expect("url")
        .initial_stream_window_size(Some(1024))
        .initial_connection_window_size(Some(1024))
        .connect()
        .await
        .expect("connects");
    let token = frontdesk_proto::client::BearerToken::new(&x).expect("token");
    let slow_conn = frontdesk_proto::client::Connection::new(channel, token);
    let mut slow = slow_conn.queue().watch_queue(pb::WatchQueueRequest {}).await.expect("watches").into_inner();
    let mut fast = watch(&server, &x).await;
    // The fast consumer reads until it sees the last change: a check-in of 沪F99999.
    let reader = tokio::spawn(async move {
        let mut seqs = Vec::new();
        while let Ok(Some(m)) = fast.message().await {
            seqs.push(m.seq);
            let last_seen = m.ticket.as_ref().is_some_and(|t| t.plate == "沪F99999")
                || m.snapshot.as_ref().is_some_and(|s| s.tickets.iter().any(|t| t.plate == "沪F99999"));
            if last_seen {
                break;
            }
        }
        seqs
    });
    let mut queue = server.connect_with_token(&x).await.queue();
    let started = std::time::Instant::now();
    for i in 0..400 {
        let status = if i % 2 == 0 { pb::AdvisorStatus::Paused } else { pb::AdvisorStatus::Available };
        queue
            .set_advisor_status(pb::SetAdvisorStatusRequest { advisor_id: 0, status: status as i32 })
            .await
            .expect("sets");
    }
    check_in(&server, walk_in("沪F99999", "13999999999", "repair")).await;
    let elapsed = started.elapsed();
    let seqs = tokio::time::timeout(Duration::from_secs(30), reader)
        .await
        .expect("the fast reader sees the end")
        .expect("joins");
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "in order");

    let mut kinds = Vec::new();
    for _ in 0..100 {
        let m = next(&mut slow).await;
        kinds.push(kind(&m));
        if kinds.len() > 1 && kind(&m) == Kind::Snapshot {
            break;
        }
    }
    assert_eq!(kinds[0], Kind::Snapshot);
    assert!(kinds[1..].contains(&Kind::Snapshot), "the slow reader fell behind and got a fresh snapshot: {kinds:?}");
    println!("401 changes with a stalled watcher took {elapsed:?}; the fast watcher got {} messages", seqs.len());
}

#[tokio::test]
async fn streams_end_cleanly_when_the_server_stops() {
    let server = TestServer::start_with(|c| c.shutdown_grace_secs = 5).await;
    let mut stream = watch(&server, server.token(Role::Supervisor)).await;
    assert_eq!(kind(&next(&mut stream).await), Kind::Snapshot);
    let started = std::time::Instant::now();
    let stopping = tokio::spawn(server.stop());
    let end =
        tokio::time::timeout(Duration::from_secs(4), stream.message()).await.expect("ends before the hard deadline");
    assert!(matches!(end, Ok(None)), "a clean end of stream, got {end:?}");
    stopping.await.expect("joins");
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[tokio::test]
async fn a_snapshot_names_the_counter_a_received_ticket_was_called_to() {
    let server = TestServer::start().await;
    let (_, x) = server.add_advisor("甲", 2, &["repair"]).await;
    check_in(&server, walk_in("沪M12346", "13912348766", "repair")).await;
    let (t, _) = pull(&server, &x).await.expect("pulls");
    let mut queue = server.connect_with_token(&x).await.queue();
    queue.start_service(pb::StartServiceRequest { ticket_id: t.ticket_id }).await.expect("starts");
    frontdesk_tests::complete(&mut queue, t.ticket_id).await;
    // A lobby display that starts now still shows the call it missed.
    let mut display = watch(&server, server.token(Role::Kiosk)).await;
    let snapshot = next(&mut display).await.snapshot.expect("snapshot");
    let done = &snapshot.kiosk_tickets[0];
    assert_eq!((done.state, done.counter_number), (pb::TicketState::Done as i32, 0), "no longer at the counter");
    assert_eq!(done.called_counter_number, 2, "but it was called to counter 2");
}
