//! The kiosk's flows without a window: the controller and the driver against a real
//! server on port 0, and with the server stopped mid-flow.

mod common;

use common::World;
use frontdesk_kiosk::flow::{Call, Flow, Screen};
use frontdesk_proto::v1 as pb;
use frontdesk_server::domain::Role;
use frontdesk_tests::shanghai;

fn run(
    world: &World,
    driver: &frontdesk_kiosk::driver::Driver,
    k: &mut frontdesk_kiosk::flow::Controller,
    call: Option<Call>,
) {
    let mut next = call;
    while let Some(call) = next.take() {
        let reply = world.runtime.block_on(driver.run(call));
        next = k.receive(reply);
    }
}

/// Starts a flow that looks a car up and enters its plate and last four digits; returns
/// the lookup to make.
fn look_up(k: &mut frontdesk_kiosk::flow::Controller, flow: Flow, plate: &str, last4: &str) -> Option<Call> {
    k.start(flow);
    keys(k, plate);
    k.proceed();
    keys(k, last4);
    k.proceed()
}

fn keys(k: &mut frontdesk_kiosk::flow::Controller, text: &str) {
    for c in text.chars() {
        k.key(&c.to_string());
    }
}

#[test]
fn a_new_walk_in_gives_phone_and_surname_and_gets_a_ticket() {
    let world = World::new();
    let driver = world.driver();
    let mut k = world.controller();
    let call = k.start(Flow::WalkIn);
    run(&world, &driver, &mut k, call);
    assert!(k.services.iter().any(|s| s.code == "maintenance"));
    keys(&mut k, "沪A12345");
    assert!(k.can_continue());
    let call = k.proceed();
    assert_eq!(k.screen, Screen::Service);
    run(&world, &driver, &mut k, call);
    let call = k.choose_service("repair");
    assert!(matches!(call, Some(Call::CheckIn(_))));
    run(&world, &driver, &mut k, call);
    assert_eq!(k.screen, Screen::Phone, "a plate not on file needs the phone");
    keys(&mut k, "13912345678");
    let call = k.proceed();
    assert_eq!((k.screen, call), (Screen::Surname, None));
    let call = k.choose_surname("李");
    run(&world, &driver, &mut k, call);
    assert_eq!(k.screen, Screen::Ticket);
    let ticket = k.ticket.clone().expect("ticket");
    assert_eq!((ticket.number.as_str(), ticket.position, ticket.masked_plate.as_str()), ("W001", 1, "沪A***45"));
    let staff = world.tickets();
    assert_eq!(staff[0].customer_name, "李", "the surname opened the customer file");
}

#[test]
fn an_appointment_is_shown_masked_then_checked_in() {
    let world = World::new();
    world.book_today("沪B54321", "13812345678", 10, 0);
    let driver = world.driver();
    let mut k = world.controller();
    let call = look_up(&mut k, Flow::Appointment, "沪B54321", "5678");
    assert!(matches!(call, Some(Call::Identify { .. })));
    run(&world, &driver, &mut k, call);
    assert_eq!(k.screen, Screen::ConfirmAppointment);
    let found = k.identified.clone().expect("found");
    assert_eq!((found.masked_name.as_str(), found.masked_phone.as_str()), ("张*", "138****5678"));
    let call = k.proceed();
    run(&world, &driver, &mut k, call);
    assert_eq!(k.screen, Screen::Ticket);
    assert!(k.ticket.as_ref().expect("ticket").appointment);
}

#[test]
fn a_wrong_last4_and_an_unknown_plate_read_the_same() {
    let world = World::new();
    world.book_today("沪B54321", "13812345678", 10, 0);
    let driver = world.driver();
    let mut messages = Vec::new();
    for (plate, last4) in [("沪B54321", "0000"), ("沪B99999", "5678")] {
        let mut k = world.controller();
        k.start(Flow::Appointment);
        keys(&mut k, plate);
        k.proceed();
        keys(&mut k, last4);
        let call = k.proceed();
        run(&world, &driver, &mut k, call);
        assert_eq!(k.screen, Screen::Message);
        messages.push(k.message.clone());
    }
    assert_eq!(messages, [Some("NO_MATCH".to_owned()), Some("NO_MATCH".to_owned())]);
}

#[test]
fn a_booking_shows_seats_and_returns_a_code() {
    let world = World::new();
    let driver = world.driver();
    let mut k = world.controller();
    let call = k.start(Flow::Booking);
    run(&world, &driver, &mut k, call);
    keys(&mut k, "京AD12345");
    k.proceed();
    keys(&mut k, "13700001111");
    k.proceed();
    assert_eq!(k.screen, Screen::Service);
    k.choose_service("body_paint");
    assert_eq!((k.screen, k.days.len()), (Screen::Day, 14));
    let call = k.choose_day(1);
    run(&world, &driver, &mut k, call);
    assert_eq!((k.screen, k.slots.len()), (Screen::Slot, 18));
    assert!(k.slots.iter().all(|s| s.bookable && s.remaining == 1));
    k.choose_slot(2);
    assert_eq!(k.screen, Screen::ConfirmBooking);
    let call = k.proceed();
    run(&world, &driver, &mut k, call);
    assert_eq!(k.screen, Screen::Booked);
    assert_eq!(k.booked_code.as_ref().map(String::len), Some(6));

    // The same slot is now full for the next customer and cannot be chosen.
    let mut next = world.controller();
    next.start(Flow::Booking);
    keys(&mut next, "京AD54321");
    next.proceed();
    keys(&mut next, "13700002222");
    next.proceed();
    next.choose_service("body_paint");
    let call = next.choose_day(1);
    run(&world, &driver, &mut next, call);
    assert!(!next.slots[2].bookable && next.slots[2].remaining == 0);
    next.choose_slot(2);
    assert_eq!(next.screen, Screen::Slot, "a full slot cannot be chosen");
}

#[test]
fn a_cancel_with_code_and_last4() {
    let world = World::new();
    let code = world.book_today("沪C11111", "13611112222", 15, 0);
    let driver = world.driver();
    let mut k = world.controller();
    k.start(Flow::Cancel);
    keys(&mut k, &code);
    k.proceed();
    assert_eq!(k.screen, Screen::Last4);
    keys(&mut k, "2222");
    let call = k.proceed();
    run(&world, &driver, &mut k, call);
    assert_eq!(k.screen, Screen::Cancelled);
}

#[test]
fn my_car_shows_the_stage_of_the_open_visit() {
    let world = World::new();
    let (_, advisor) = world.runtime.block_on(world.server.add_advisor("甲", 2, &["repair"]));
    world.runtime.block_on(async {
        let mut kiosk = world.server.connect(Role::Kiosk).await.kiosk();
        kiosk
            .check_in(pb::CheckInRequest {
                request_id: "car".into(),
                plate: "沪K12345".into(),
                service_code: "repair".into(),
                phone: "13912345678".into(),
                ..Default::default()
            })
            .await
            .expect("checks in");
        let mut queue = world.server.connect_with_token(&advisor).await.queue();
        let t = queue
            .pull_next_ticket(pb::PullNextTicketRequest::default())
            .await
            .expect("pulls")
            .into_inner()
            .ticket
            .expect("t");
        queue.start_service(pb::StartServiceRequest { ticket_id: t.ticket_id }).await.expect("starts");
        let visit = frontdesk_tests::complete(&mut queue, t.ticket_id).await;
        let mut visits = world.server.connect_with_token(&advisor).await.visits();
        visits
            .update_visit_stage(pb::UpdateVisitStageRequest {
                work_order: visit.work_order,
                stage: pb::VisitStage::InRepair as i32,
                ..Default::default()
            })
            .await
            .expect("in repair");
    });
    let driver = world.driver();
    let mut k = world.controller();
    let call = look_up(&mut k, Flow::MyCar, "沪K12345", "5678");
    run(&world, &driver, &mut k, call);
    assert_eq!(k.screen, Screen::Progress);
    let progress = k.identified.as_ref().and_then(|i| i.progress.clone()).expect("progress");
    assert_eq!(progress.stage, 1, "in repair");
    assert!(progress.reached[0].is_some() && progress.reached[1].is_some() && progress.reached[2].is_none());
}

#[test]
fn with_the_server_gone_mid_flow_lookups_say_so_and_check_ins_are_kept() {
    let mut world = World::new();
    let driver = world.driver();
    let mut k = world.controller();
    let call = k.start(Flow::WalkIn);
    run(&world, &driver, &mut k, call);
    keys(&mut k, "沪D22222");
    k.proceed();
    world.runtime.block_on(world.server.halt());

    let call = k.choose_service("maintenance");
    run(&world, &driver, &mut k, call);
    assert_eq!(k.screen, Screen::Phone, "offline, the kiosk asks for the phone a new customer would need");
    assert!(k.offline);
    keys(&mut k, "13922223333");
    k.proceed();
    let call = k.choose_surname("");
    run(&world, &driver, &mut k, call);
    assert_eq!(k.screen, Screen::Queued, "the customer is told they are registered");
    assert_eq!(driver.outbox().pending().expect("outbox").len(), 1, "the request with the phone replaced the first");

    let mut lookup = world.controller();
    lookup.start(Flow::MyCar);
    keys(&mut lookup, "沪D22222");
    lookup.proceed();
    keys(&mut lookup, "1234");
    let call = lookup.proceed();
    run(&world, &driver, &mut lookup, call);
    assert_eq!((lookup.screen, lookup.message.as_deref()), (Screen::Message, Some("SERVER_DOWN")));

    world.runtime.block_on(world.server.resume());
    let flushed = world
        .runtime
        .block_on(driver.outbox().flush(driver.connection(), std::time::Duration::from_secs(2)))
        .expect("flushes");
    assert_eq!((flushed.sent, flushed.failed, flushed.remaining), (1, 0, 0));
    let tickets = world.tickets();
    assert_eq!(tickets.iter().map(|t| t.plate.as_str()).collect::<Vec<_>>(), ["沪D22222"]);
    assert_eq!(tickets[0].phone, "13922223333");
}

#[test]
fn a_reply_for_a_customer_who_left_is_dropped() {
    let world = World::new();
    world.book_today("沪B54321", "13812345678", 10, 0);
    let driver = world.driver();
    let mut shared = frontdesk_kiosk::ui::Shared::new(world.controller(), false, false);
    let k = &mut shared.controller;
    k.start(Flow::Appointment);
    keys(k, "沪B54321");
    k.proceed();
    keys(k, "5678");
    let call = k.proceed().expect("a lookup");
    let asked = k.generation();
    // While the lookup is under way the customer presses 首页 and walks off.
    k.reset();
    let reply = world.runtime.block_on(driver.run(call.clone()));
    assert!(matches!(reply, frontdesk_kiosk::flow::Reply::Identified(Some(_))), "the lookup found the car");
    frontdesk_kiosk::ui::deliver(&mut shared, asked, reply.clone());
    let k = &shared.controller;
    assert_eq!(k.screen, Screen::Home);
    assert!(k.identified.is_none(), "the masked name and appointments never came back into memory");
    // The same reply for the customer still there is taken.
    let k = &mut shared.controller;
    let _ = look_up(k, Flow::Appointment, "沪B54321", "5678");
    let current = k.generation();
    frontdesk_kiosk::ui::deliver(&mut shared, current, reply.clone());
    assert_eq!(shared.controller.screen, Screen::ConfirmAppointment);
    // Leaving the wait with "back" drops the reply too.
    let k = &mut shared.controller;
    let _ = look_up(k, Flow::Appointment, "沪B54321", "5678");
    let asked = k.generation();
    k.back();
    let left = k.screen;
    frontdesk_kiosk::ui::deliver(&mut shared, asked, reply);
    assert_eq!(shared.controller.screen, left, "back from the wait: the answer does not take over the screen");
    assert!(shared.controller.identified.is_none());
}

#[test]
fn an_outbox_that_cannot_be_written_ends_in_a_message_not_a_loop() {
    let mut world = World::new();
    world.book_today("沪B54321", "13812345678", 10, 0);
    let driver = world.driver();
    // Break the outbox underneath the kiosk, as a failing disk would.
    let broken = rusqlite::Connection::open(world.dir.path().join("outbox.sqlite3")).expect("opens");
    broken.execute_batch("DROP TABLE outbox").expect("drops");
    world.runtime.block_on(world.server.halt());
    let mut k = world.controller();
    let call = look_up(&mut k, Flow::Appointment, "沪B54321", "5678");
    let mut calls = 0;
    let mut next = call;
    while let Some(call) = next.take() {
        calls += 1;
        assert!(calls < 5, "the kiosk keeps trying to keep the check-in");
        next = k.receive(world.runtime.block_on(driver.run(call)));
    }
    assert_eq!((k.screen, k.message.as_deref()), (Screen::Message, Some("SERVER_DOWN")));
}

#[test]
fn an_appointment_check_in_is_kept_when_the_server_is_down_at_the_lookup() {
    let mut world = World::new();
    world.book_today("沪B54321", "13812345678", 10, 0);
    world.server.clock.set(shanghai(4, 9, 45));
    let driver = world.driver();
    world.runtime.block_on(world.server.halt());
    let mut k = world.controller();
    let call = look_up(&mut k, Flow::Appointment, "沪B54321", "5678");
    run(&world, &driver, &mut k, call);
    assert_eq!(k.screen, Screen::Queued, "registered with plate and last four, to be sent later");
    let pending = driver.outbox().pending().expect("outbox");
    assert_eq!(pending.len(), 1);
    world.runtime.block_on(world.server.resume());
    let flushed = world
        .runtime
        .block_on(driver.outbox().flush(driver.connection(), std::time::Duration::from_secs(2)))
        .expect("flushes");
    assert_eq!((flushed.sent, flushed.failed), (1, 0));
    let tickets = world.tickets();
    assert_eq!(tickets.len(), 1);
    assert_eq!(tickets[0].confirmation_code.len(), 6, "checked in on today's appointment");
    assert_eq!(tickets[0].arrive_time, frontdesk_tests::ts(shanghai(4, 9, 45)), "at the time the customer came");
}

#[test]
fn a_code_for_another_day_leads_to_the_plate_for_a_walk_in() {
    let world = World::new();
    let code = world.runtime.block_on(async {
        let mut desk = world.server.connect(Role::Advisor).await.appointments();
        desk.create_appointment(pb::CreateAppointmentRequest {
            request_id: "tomorrow".into(),
            plate: "沪B77777".into(),
            phone: "13877777777".into(),
            service_code: "maintenance".into(),
            slot_start: frontdesk_tests::ts(shanghai(5, 10, 0)),
            ..Default::default()
        })
        .await
        .expect("books")
        .into_inner()
        .appointment
        .expect("a")
        .confirmation_code
    });
    let driver = world.driver();
    let mut k = world.controller();
    k.start(Flow::AppointmentByCode);
    keys(&mut k, &code);
    let call = k.proceed();
    run(&world, &driver, &mut k, call);
    assert_eq!((k.screen, k.message.as_deref()), (Screen::Message, Some("APPOINTMENT_NOT_TODAY")));
    let call = k.switch_to_walk_in();
    run(&world, &driver, &mut k, call);
    assert_eq!((k.screen, k.flow), (Screen::Plate, Some(Flow::WalkIn)), "no plate was given with the code");
    keys(&mut k, "沪B77777");
    k.proceed();
    let call = k.choose_service("maintenance");
    run(&world, &driver, &mut k, call);
    assert_eq!(k.screen, Screen::Ticket, "a walk-in today");
}

#[test]
fn the_ticket_on_show_learns_its_counter_when_called() {
    let world = World::new();
    let (_, advisor) = world.runtime.block_on(world.server.add_advisor("甲", 7, &["repair"]));
    let driver = world.driver();
    let mut k = world.controller();
    let call = k.start(Flow::WalkIn);
    run(&world, &driver, &mut k, call);
    keys(&mut k, "沪T10001");
    k.proceed();
    let call = k.choose_service("repair");
    run(&world, &driver, &mut k, call);
    keys(&mut k, "13900007777");
    k.proceed();
    let call = k.choose_surname("");
    run(&world, &driver, &mut k, call);
    assert_eq!(k.ticket.as_ref().map(|t| t.counter), Some(0));
    world.runtime.block_on(async {
        let mut queue = world.server.connect_with_token(&advisor).await.queue();
        queue.pull_next_ticket(pb::PullNextTicketRequest::default()).await.expect("pulls");
    });
    let mut calls = Vec::new();
    for _ in 0..frontdesk_kiosk::flow::Controller::TICKET_REFRESH_SECS {
        calls.extend(k.tick());
    }
    assert_eq!(calls.len(), 1, "one read every few seconds: {calls:?}");
    run(&world, &driver, &mut k, calls.pop());
    let shown = k.ticket.clone().expect("ticket");
    assert_eq!((k.screen, shown.counter), (Screen::Ticket, 7), "请到 7 号服务台");
    let later: Vec<_> = (0..10).filter_map(|_| k.tick()).collect();
    assert!(later.is_empty(), "a called ticket is not read again");
}

#[test]
fn a_server_that_never_answers_runs_into_the_deadline_and_the_check_in_is_kept() {
    let world = World::new();
    // A peer that takes the connection and says nothing: every call hits its deadline.
    let silent = world.runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("binds");
    let url = format!("http://{}", silent.local_addr().expect("addr"));
    let conn = {
        let _guard = world.runtime.enter();
        let token = frontdesk_proto::client::BearerToken::new(world.server.token(Role::Kiosk)).expect("token");
        frontdesk_proto::client::Connection::lazy(&url, token).expect("url")
    };
    let patience = frontdesk_kiosk::driver::Patience {
        deadline: std::time::Duration::from_millis(300),
        attempts: 2,
        pause: std::time::Duration::from_millis(10),
    };
    let driver = frontdesk_kiosk::driver::Driver::new(conn, world.outbox(), patience);
    let mut k = world.controller();
    k.start(Flow::Booking);
    keys(&mut k, "沪T20001");
    k.proceed();
    keys(&mut k, "13900008888");
    k.proceed();
    k.choose_service("maintenance");
    k.days = vec![k.today() + chrono::Duration::days(1)];
    k.day = k.days.first().copied();
    k.slots = vec![frontdesk_kiosk::views::SlotChoice { start: shanghai(5, 10, 0), remaining: 1, bookable: true }];
    k.choose_slot(0);
    let Some(Call::Book(booking)) = k.proceed() else { panic!("a booking") };
    let started = std::time::Instant::now();
    let reply = world.runtime.block_on(driver.run(Call::Book(booking.clone())));
    assert!(started.elapsed() < std::time::Duration::from_secs(3), "bounded by the deadlines, never frozen");
    assert_eq!(reply, frontdesk_kiosk::flow::Reply::Queued, "kept for later, not lost");
    let pending = driver.outbox().pending().expect("outbox");
    let kept = match &pending[..] {
        [(_, frontdesk_kiosk::outbox::Kept::Book(r))] => r.clone(),
        other => panic!("one booking kept: {other:?}"),
    };
    assert_eq!(kept.request_id, booking.request_id, "with the request id of every attempt");
    drop(silent);
    // Sent to the real server later, it books the slot once.
    let flushed = world
        .runtime
        .block_on(driver.outbox().flush(&world.connection(), std::time::Duration::from_secs(2)))
        .expect("flushes");
    assert_eq!((flushed.sent, flushed.failed), (1, 0));
}
