//! The lobby display's stream against a real server: it follows calls, says when it
//! has lost the queue, and comes back by itself with a fresh snapshot.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::World;
use frontdesk_kiosk::board::Board;
use frontdesk_kiosk::display;
use frontdesk_proto::v1 as pb;
use frontdesk_server::domain::Role;

/// Waits up to 15 s for the board to get into a state.
#[track_caller]
fn until(board: &Mutex<Board>, what: &str, ready: impl Fn(&Board) -> bool) {
    let start = Instant::now();
    while !ready(&board.lock().expect("board")) {
        assert!(start.elapsed() < Duration::from_secs(15), "the board never got to: {what}: {:?}", board.lock());
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn walk_in_and_call(world: &World, plate: &str, phone: &str, advisor: &str) {
    world.runtime.block_on(async {
        let mut kiosk = world.server.connect(Role::Kiosk).await.kiosk();
        kiosk
            .check_in(pb::CheckInRequest {
                request_id: format!("display-{phone}"),
                plate: plate.into(),
                service_code: "repair".into(),
                phone: phone.into(),
                ..Default::default()
            })
            .await
            .expect("checks in");
        let mut queue = world.server.connect_with_token(advisor).await.queue();
        queue.pull_next_ticket(pb::PullNextTicketRequest::default()).await.expect("calls");
    });
}

#[test]
fn the_board_follows_the_queue_and_reconnects_by_itself() {
    // No window: the board is what the display would draw.
    i_slint_backend_testing::init_no_event_loop();
    let mut world = World::new();
    let (_, first) = world.runtime.block_on(world.server.add_advisor("甲", 2, &["repair"]));
    let (_, second) = world.runtime.block_on(world.server.add_advisor("乙", 5, &["repair"]));
    let board = Arc::new(Mutex::new(Board { reconnecting: true, ..Board::default() }));
    world.runtime.spawn(display::follow(world.connection(), board.clone(), slint::Weak::default(), false, false));
    until(&board, "connected", |b| !b.reconnecting);

    walk_in_and_call(&world, "沪D10001", "13700010001", &first);
    until(&board, "W001 called to counter 2", |b| {
        b.calls.first().is_some_and(|c| (c.number.as_str(), c.counter) == ("W001", 2))
    });

    world.runtime.block_on(world.server.halt());
    until(&board, "reconnecting while the server is gone", |b| b.reconnecting);
    assert_eq!(board.lock().expect("board").calls.len(), 1, "the last calls stay on the board meanwhile");

    world.runtime.block_on(world.server.resume());
    world.server.clock.advance(chrono::Duration::minutes(3));
    walk_in_and_call(&world, "沪D10002", "13700010002", &second);
    until(&board, "back, with both calls from the fresh snapshot", |b| {
        !b.reconnecting && b.calls.iter().map(|c| c.number.as_str()).collect::<Vec<_>>() == ["W002", "W001"]
    });
}

#[test]
fn after_a_reconnect_the_recent_calls_come_back_with_the_snapshot() {
    i_slint_backend_testing::init_no_event_loop();
    let mut world = World::new();
    let (_, first) = world.runtime.block_on(world.server.add_advisor("甲", 2, &["repair"]));
    let (_, second) = world.runtime.block_on(world.server.add_advisor("乙", 5, &["repair"]));
    let board = Arc::new(Mutex::new(Board { reconnecting: true, ..Board::default() }));
    world.runtime.spawn(display::follow(world.connection(), board.clone(), slint::Weak::default(), false, false));
    until(&board, "connected", |b| !b.reconnecting);
    walk_in_and_call(&world, "沪D10001", "13700010001", &first);
    world.server.clock.advance(chrono::Duration::minutes(3));
    walk_in_and_call(&world, "沪D10002", "13700010002", &second);
    until(&board, "both calls on the board", |b| b.calls.len() == 2);
    // The first customer is received at counter 2 and goes to the lounge.
    world.runtime.block_on(async {
        let mut queue = world.server.connect_with_token(&first).await.queue();
        let held = queue
            .list_tickets(pb::ListTicketsRequest::default())
            .await
            .expect("lists")
            .into_inner()
            .tickets
            .into_iter()
            .find(|t| t.ticket_number == "W001")
            .expect("W001");
        queue.start_service(pb::StartServiceRequest { ticket_id: held.ticket_id }).await.expect("starts");
        frontdesk_tests::complete(&mut queue, held.ticket_id).await;
    });

    world.runtime.block_on(world.server.halt());
    until(&board, "reconnecting", |b| b.reconnecting);
    world.runtime.block_on(world.server.resume());
    until(&board, "back", |b| !b.reconnecting);
    let calls: Vec<(String, i32)> =
        board.lock().expect("board").calls.iter().map(|c| (c.number.clone(), c.counter)).collect();
    assert_eq!(calls, [("W002".to_owned(), 5), ("W001".to_owned(), 2)], "the snapshot brought both calls back");
}

/// Where the board draws a text, for layout checks.
fn x_of(display: &frontdesk_kiosk::LobbyDisplay, text: &str) -> f32 {
    i_slint_backend_testing::mock_elapsed_time(Duration::from_millis(1));
    let found: Vec<_> = i_slint_backend_testing::ElementHandle::find_by_accessible_label(display, text).collect();
    assert!(!found.is_empty(), "{text} on the board");
    found[0].absolute_position().x
}

#[test]
fn the_waiting_column_stays_put_as_the_calls_fill() {
    use slint::ComponentHandle;
    i_slint_backend_testing::init_no_event_loop();
    let display = frontdesk_kiosk::LobbyDisplay::new().expect("display");
    display.window().set_size(slint::LogicalSize::new(1920.0, 1080.0));
    frontdesk_kiosk::ui::select_language(false);
    let waiting = vec![("maintenance".to_owned(), 4), ("repair".to_owned(), 12)];
    let mut places = Vec::new();
    for shown in 0..=5 {
        let calls = (0..shown)
            .map(|i| frontdesk_kiosk::board::CallOut {
                number: format!("W{:03}", 100 + i),
                counter: 10 + i,
                service: "repair".into(),
                called_at: None,
            })
            .collect();
        let board = Board { calls, waiting: waiting.clone(), reconnecting: false };
        display::render(&display, &board, false);
        places.push((x_of(&display, "等候人数"), x_of(&display, "保养")));
    }
    assert!(places.iter().all(|p| *p == places[0]), "the waiting column moved: {places:?}");
}
