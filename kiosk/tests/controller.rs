//! The kiosk's flows without a window: the controller and the driver against a real
//! server on port 0, and with the server stopped mid-flow.

mod common;

use common::World;
use frontdesk_kiosk::flow::{Call, Failure, Flow, Screen};
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

/// Starts a flow that looks a car up and enters its plate and last four digits (each
/// entry goes on by itself when complete); returns the call the last digit makes.
fn look_up(k: &mut frontdesk_kiosk::flow::Controller, flow: Flow, plate: &str, last4: &str) -> Option<Call> {
    k.start(flow);
    keys(k, plate);
    assert_eq!(k.screen(), Screen::Last4, "a complete plate goes on to the digits");
    keys(k, last4)
}

/// Types the keys; returns the call of the last one (a completed entry goes on).
fn keys(k: &mut frontdesk_kiosk::flow::Controller, text: &str) -> Option<Call> {
    text.chars().map(|c| k.key(&c.to_string())).last().flatten()
}

#[test]
fn a_new_walk_in_gives_phone_and_surname_and_gets_a_ticket() {
    let world = World::new();
    let driver = world.driver();
    let mut k = world.controller();
    let call = k.start(Flow::WalkIn);
    run(&world, &driver, &mut k, call);
    assert!(k.services().iter().any(|s| s.code == "maintenance"));
    keys(&mut k, "沪A12345");
    assert_eq!(k.screen(), Screen::Service, "the seventh character of an ordinary plate goes on");
    let call = k.choose_service("repair");
    assert!(matches!(call, Some(Call::CheckIn(_))));
    run(&world, &driver, &mut k, call);
    assert_eq!(k.screen(), Screen::Phone, "a plate not on file needs the phone");
    let call = keys(&mut k, "13912345678");
    assert_eq!((k.screen(), call), (Screen::Surname, None));
    k.choose_surname("王");
    k.choose_surname("李");
    assert_eq!((k.screen(), k.surname()), (Screen::Surname, "李"), "a tap chooses; another changes it");
    let call = k.proceed();
    run(&world, &driver, &mut k, call);
    assert_eq!(k.screen(), Screen::Ticket);
    let ticket = k.ticket().cloned().expect("ticket");
    assert_eq!((ticket.number.as_str(), ticket.position, ticket.masked_plate.as_str()), ("W001", 1, "沪A***45"));
    let staff = world.tickets();
    assert_eq!(staff[0].customer_name, "李", "the surname opened the customer file");
}

#[test]
fn an_appointment_by_plate_checks_in_with_the_last_digit() {
    let world = World::new();
    world.book_today("沪B54321", "13812345678", 10, 0);
    let driver = world.driver();
    let mut k = world.controller();
    let call = look_up(&mut k, Flow::Appointment, "沪B54321", "5678");
    assert!(matches!(call, Some(Call::CheckIn(_))), "the fourth digit checks in: {call:?}");
    run(&world, &driver, &mut k, call);
    assert_eq!(k.screen(), Screen::Ticket);
    let ticket = k.ticket().expect("ticket");
    assert!(ticket.appointment);
    assert_eq!((ticket.masked_name.as_str(), ticket.masked_plate.as_str()), ("张*", "沪B***21"), "masked");
    assert_eq!(ticket.appointment_start, Some(shanghai(4, 10, 0)));
}

#[test]
fn a_wrong_last4_and_an_unknown_plate_read_the_same() {
    let world = World::new();
    world.book_today("沪B54321", "13812345678", 10, 0);
    let driver = world.driver();
    let mut messages = Vec::new();
    for (plate, last4) in [("沪B54321", "0000"), ("沪B99999", "5678")] {
        let mut k = world.controller();
        let call = look_up(&mut k, Flow::Appointment, plate, last4);
        run(&world, &driver, &mut k, call);
        assert_eq!(k.screen(), Screen::Message);
        messages.push(k.failure());
    }
    assert_eq!(messages, [Some(Failure::NoMatch), Some(Failure::NoMatch)]);
}

#[test]
fn a_booking_shows_seats_and_returns_a_code() {
    let world = World::new();
    let driver = world.driver();
    let mut k = world.controller();
    let call = k.start(Flow::Booking);
    run(&world, &driver, &mut k, call);
    keys(&mut k, "京AD12345");
    assert_eq!(k.screen(), Screen::Phone, "the eighth character of a new-energy plate goes on");
    keys(&mut k, "13700001111");
    assert_eq!(k.screen(), Screen::Service, "the eleventh digit goes on");
    k.choose_service("body_paint");
    assert_eq!((k.screen(), k.days().len()), (Screen::Day, 14));
    let call = k.choose_day(1);
    run(&world, &driver, &mut k, call);
    assert_eq!((k.screen(), k.slots().len()), (Screen::Slot, 18));
    assert!(k.slots().iter().all(|s| s.bookable && s.remaining == 1));
    k.choose_slot(2);
    assert_eq!(k.screen(), Screen::ConfirmBooking);
    let call = k.proceed();
    run(&world, &driver, &mut k, call);
    assert_eq!(k.screen(), Screen::Booked);
    assert_eq!(k.booked_code().map(str::len), Some(6));

    // The same slot is now full for the next customer and cannot be chosen.
    let mut next = world.controller();
    next.start(Flow::Booking);
    keys(&mut next, "京AD54321");
    keys(&mut next, "13700002222");
    next.choose_service("body_paint");
    let call = next.choose_day(1);
    run(&world, &driver, &mut next, call);
    assert!(!next.slots()[2].bookable && next.slots()[2].remaining == 0);
    next.choose_slot(2);
    assert_eq!(next.screen(), Screen::Slot, "a full slot cannot be chosen");
}

#[test]
fn a_cancel_shows_the_booking_and_cancels_only_when_confirmed() {
    let world = World::new();
    let code = world.book("沪C11111", "13611112222", 5, 15, 0);
    let driver = world.driver();
    let mut k = world.controller();
    k.start(Flow::Cancel);
    keys(&mut k, &code);
    assert_eq!(k.screen(), Screen::Last4, "the sixth character goes on");
    let call = keys(&mut k, "2222");
    assert!(matches!(call, Some(Call::Cancel { confirm: false, .. })), "first only a look: {call:?}");
    run(&world, &driver, &mut k, call);
    assert_eq!(k.screen(), Screen::ConfirmCancel, "what is about to be cancelled, to confirm");
    let shown = k.cancelling().cloned().expect("the booking");
    assert_eq!(
        (shown.start, shown.service.as_str(), shown.plate.as_str()),
        (shanghai(5, 15, 0), "maintenance", "沪C11111")
    );
    assert_eq!(world.appointments(5)[0].status, pb::AppointmentStatus::Booked as i32, "nothing changed yet");
    let call = k.proceed();
    run(&world, &driver, &mut k, call);
    assert_eq!(k.screen(), Screen::Cancelled);
    assert_eq!(k.cancelling().map(|a| a.code.as_str()), Some(code.as_str()), "the cancelled one shown");
    assert_eq!(world.appointments(5)[0].status, pb::AppointmentStatus::Cancelled as i32);
}

#[test]
fn a_customer_who_lost_the_code_cancels_by_plate_and_last_four_digits() {
    let world = World::new();
    world.book("沪C22222", "13622223333", 5, 9, 30);
    world.book("沪C22222", "13622223333", 6, 14, 0);
    let driver = world.driver();
    let mut k = world.controller();
    k.start(Flow::Cancel);
    k.forgot_code();
    assert_eq!((k.screen(), k.flow()), (Screen::Plate, Some(Flow::CancelByPlate)));
    keys(&mut k, "沪C22222");
    let call = keys(&mut k, "3333");
    run(&world, &driver, &mut k, call);
    assert_eq!(k.screen(), Screen::ChooseAppointment, "two bookings: the customer chooses");
    k.choose_appointment(1);
    assert_eq!(k.cancelling().map(|a| a.start), Some(shanghai(6, 14, 0)));
    assert_eq!(k.screen(), Screen::ConfirmCancel);
    let call = k.proceed();
    run(&world, &driver, &mut k, call);
    assert_eq!(k.screen(), Screen::Cancelled);
    assert_eq!(world.appointments(6)[0].status, pb::AppointmentStatus::Cancelled as i32);
    assert_eq!(world.appointments(5)[0].status, pb::AppointmentStatus::Booked as i32, "the other one stays");

    // With one booking left, it is shown at once; wrong digits read as no match.
    let mut again = world.controller();
    again.start(Flow::Cancel);
    again.forgot_code();
    keys(&mut again, "沪C22222");
    let call = keys(&mut again, "3333");
    run(&world, &driver, &mut again, call);
    assert_eq!(again.screen(), Screen::ConfirmCancel);
    assert_eq!(again.cancelling().map(|a| a.start), Some(shanghai(5, 9, 30)));
    let mut wrong = world.controller();
    wrong.start(Flow::Cancel);
    wrong.forgot_code();
    keys(&mut wrong, "沪C22222");
    let call = keys(&mut wrong, "0000");
    run(&world, &driver, &mut wrong, call);
    assert_eq!((wrong.screen(), wrong.failure()), (Screen::Message, Some(Failure::NoMatch)));
    wrong.retry();
    assert_eq!((wrong.screen(), wrong.last4()), (Screen::Last4, ""), "try again clears the wrong digits");
}

#[test]
fn my_car_shows_the_stage_of_the_open_visit() {
    let world = World::new();
    world.in_the_workshop("沪K12345", "13912345678");
    let driver = world.driver();
    let mut k = world.controller();
    let call = look_up(&mut k, Flow::MyCar, "沪K12345", "5678");
    run(&world, &driver, &mut k, call);
    assert_eq!(k.screen(), Screen::Progress);
    let progress = k.progress().cloned().expect("progress");
    assert_eq!(progress.stage, 1, "in repair");
    assert!(progress.reached[0].is_some() && progress.reached[1].is_some() && progress.reached[2].is_none());
    assert_eq!(progress.masked_plate, "沪K***45", "which car");
}

#[test]
fn a_car_in_the_workshop_gets_its_repair_progress_instead_of_a_ticket() {
    let world = World::new();
    world.in_the_workshop("沪K12345", "13912345678");
    let driver = world.driver();
    // By plate and digits: the progress with the time of each stage.
    let mut k = world.controller();
    let call = look_up(&mut k, Flow::Appointment, "沪K12345", "5678");
    run(&world, &driver, &mut k, call);
    assert_eq!(k.screen(), Screen::Progress);
    let progress = k.progress().cloned().expect("progress");
    assert_eq!((progress.stage, progress.masked_plate.as_str()), (1, "沪K***45"));
    assert!(progress.reached[1].is_some(), "the history came with the lookup");
    assert!(k.ticket().is_none());

    // A walk-in by plate alone is asked the digits first.
    let mut w = world.controller();
    let call = w.start(Flow::WalkIn);
    run(&world, &driver, &mut w, call);
    keys(&mut w, "沪K12345");
    let call = w.choose_service("repair");
    run(&world, &driver, &mut w, call);
    assert_eq!((w.screen(), w.in_workshop()), (Screen::Last4, true), "the car is in the workshop: the digits");
    let call = keys(&mut w, "5678");
    run(&world, &driver, &mut w, call);
    assert_eq!(w.screen(), Screen::Progress);
    assert_eq!(w.progress().map(|p| p.stage), Some(1));
    assert_eq!(world.tickets().len(), 1, "no second ticket for the car");
}

#[test]
fn with_the_server_gone_mid_flow_lookups_say_so_and_check_ins_are_kept() {
    let mut world = World::new();
    let driver = world.driver();
    let mut k = world.controller();
    let call = k.start(Flow::WalkIn);
    run(&world, &driver, &mut k, call);
    keys(&mut k, "沪D22222");
    world.runtime.block_on(world.server.halt());

    let call = k.choose_service("maintenance");
    run(&world, &driver, &mut k, call);
    assert_eq!(k.screen(), Screen::Last4, "offline, the kiosk asks the digits a customer on file needs");
    assert!(k.offline());
    k.new_customer();
    assert_eq!(k.screen(), Screen::Phone, "a new customer gives the whole number");
    keys(&mut k, "13922223333");
    let call = k.skip_surname();
    run(&world, &driver, &mut k, call);
    assert_eq!(k.screen(), Screen::Queued, "the customer is told they are registered");
    assert_eq!(driver.outbox().pending().expect("outbox").len(), 1, "the request with the phone replaced the first");

    let mut lookup = world.controller();
    let call = look_up(&mut lookup, Flow::MyCar, "沪D22222", "1234");
    run(&world, &driver, &mut lookup, call);
    assert_eq!((lookup.screen(), lookup.failure()), (Screen::Message, Some(Failure::ServerDown)));

    world.runtime.block_on(world.server.resume());
    let flushed = world
        .runtime
        .block_on(frontdesk_kiosk::driver::flush(
            driver.outbox(),
            driver.connection(),
            std::time::Duration::from_secs(2),
        ))
        .expect("flushes");
    assert_eq!((flushed.sent, flushed.failed, flushed.remaining), (1, 0, 0));
    let tickets = world.tickets();
    assert_eq!(tickets.iter().map(|t| t.plate.as_str()).collect::<Vec<_>>(), ["沪D22222"]);
    assert_eq!(tickets[0].phone, "13922223333");
}

#[test]
fn a_reply_for_a_customer_who_left_is_dropped() {
    let world = World::new();
    world.in_the_workshop("沪B54321", "13812345678");
    let driver = world.driver();
    let mut shared = frontdesk_kiosk::ui::Shared::new(world.controller(), false, false);
    let k = &mut shared.controller;
    let call = look_up(k, Flow::MyCar, "沪B54321", "5678").expect("a lookup");
    let asked = k.generation();
    // While the lookup is under way the customer presses 首页 and walks off.
    k.reset();
    let reply = world.runtime.block_on(driver.run(call.clone()));
    assert!(matches!(reply, frontdesk_kiosk::flow::Reply::Identified(Some(_))), "the lookup found the car");
    frontdesk_kiosk::ui::deliver(&mut shared, asked, reply.clone());
    let k = &shared.controller;
    assert_eq!(k.screen(), Screen::Home);
    assert!(k.identified().is_none() && k.progress().is_none(), "the masked name and the repair never came back");
    // The same reply for the customer still there is taken.
    let k = &mut shared.controller;
    let _ = look_up(k, Flow::MyCar, "沪B54321", "5678");
    let current = k.generation();
    frontdesk_kiosk::ui::deliver(&mut shared, current, reply.clone());
    assert_eq!(shared.controller.screen(), Screen::Progress);
    // Leaving the wait with "back" drops the reply too.
    let k = &mut shared.controller;
    let _ = look_up(k, Flow::MyCar, "沪B54321", "5678");
    let asked = k.generation();
    k.back();
    let left = k.screen();
    frontdesk_kiosk::ui::deliver(&mut shared, asked, reply);
    assert_eq!(shared.controller.screen(), left, "back from the wait: the answer does not take over the screen");
    assert!(shared.controller.identified().is_none());
}

#[test]
fn an_outbox_that_cannot_be_written_ends_in_a_message_not_a_loop() {
    let mut world = World::new();
    world.book_today("沪B54321", "13812345678", 10, 0);
    let driver = world.driver();
    // Break the outbox underneath the kiosk, as a failing disk would.
    let file = world.dir.path().join("outbox.pb");
    std::fs::remove_file(&file).expect("the outbox file is there");
    std::fs::create_dir(&file).expect("a folder where the file was");
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
    assert_eq!((k.screen(), k.failure()), (Screen::Message, Some(Failure::ServerDown)));
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
    assert_eq!(k.screen(), Screen::Queued, "registered with plate and last four, to be sent later");
    let pending = driver.outbox().pending().expect("outbox");
    assert_eq!(pending.len(), 1);
    world.runtime.block_on(world.server.resume());
    let flushed = world
        .runtime
        .block_on(frontdesk_kiosk::driver::flush(
            driver.outbox(),
            driver.connection(),
            std::time::Duration::from_secs(2),
        ))
        .expect("flushes");
    assert_eq!((flushed.sent, flushed.failed), (1, 0));
    let tickets = world.tickets();
    assert_eq!(tickets.len(), 1);
    assert_eq!(tickets[0].confirmation_code.len(), 6, "checked in on today's appointment");
    assert_eq!(tickets[0].arrive_time, frontdesk_tests::ts(shanghai(4, 9, 45)), "at the time the customer came");
}

#[test]
fn a_code_for_another_day_says_when_and_leads_to_the_plate_for_a_walk_in() {
    let world = World::new();
    let code = world.book("沪B77777", "13877777777", 5, 10, 0);
    let driver = world.driver();
    let mut k = world.controller();
    k.start(Flow::AppointmentByCode);
    let call = keys(&mut k, &code);
    assert!(matches!(call, Some(Call::CheckIn(_))), "the sixth character checks in");
    run(&world, &driver, &mut k, call);
    assert_eq!((k.screen(), k.failure()), (Screen::Message, Some(Failure::NotToday(Some(shanghai(5, 10, 0))))));
    assert_eq!(k.message_when(), Some(shanghai(5, 10, 0)), "您的预约是明天 10:00");
    let call = k.switch_to_walk_in();
    run(&world, &driver, &mut k, call);
    assert_eq!((k.screen(), k.flow()), (Screen::Plate, Some(Flow::WalkIn)), "no plate was given with the code");
    keys(&mut k, "沪B77777");
    let call = k.choose_service("maintenance");
    run(&world, &driver, &mut k, call);
    assert_eq!(k.screen(), Screen::Ticket, "a walk-in today");
}

#[test]
fn an_appointment_by_plate_on_another_day_says_when_and_one_hours_early_is_told_its_slot() {
    let world = World::new();
    world.book("沪B88888", "13888888888", 5, 9, 30);
    world.book_today("沪B66666", "13866666666", 15, 0);
    let driver = world.driver();
    let mut k = world.controller();
    let call = look_up(&mut k, Flow::Appointment, "沪B88888", "8888");
    run(&world, &driver, &mut k, call);
    assert_eq!((k.screen(), k.failure()), (Screen::Message, Some(Failure::NotToday(Some(shanghai(5, 9, 30))))));
    assert_eq!(k.message_when(), Some(shanghai(5, 9, 30)), "您的预约是明天 09:30");

    // At 09:00 for 15:00: checked in, and told when the slot is.
    let mut early = world.controller();
    let call = look_up(&mut early, Flow::Appointment, "沪B66666", "6666");
    run(&world, &driver, &mut early, call);
    let ticket = early.ticket().cloned().expect("a ticket");
    assert_eq!(ticket.appointment_start, Some(shanghai(4, 15, 0)));
    assert_eq!(ticket.priority_from, Some(shanghai(4, 14, 30)), "the server's priority window");
    assert!(early.early_for(&ticket), "hours early: told when the slot is and that priority starts 30 min before");
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
    let call = k.choose_service("repair");
    run(&world, &driver, &mut k, call);
    keys(&mut k, "13900007777");
    let call = k.skip_surname();
    run(&world, &driver, &mut k, call);
    assert_eq!(k.ticket().map(|t| t.counter), Some(0));
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
    let shown = k.ticket().cloned().expect("ticket");
    assert_eq!((k.screen(), shown.counter), (Screen::Ticket, 7), "请到 7 号服务台");
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
    keys(&mut k, "13900008888");
    k.choose_service("maintenance");
    k.choose_day(1);
    let slots = vec![frontdesk_kiosk::views::SlotChoice { start: shanghai(5, 10, 0), remaining: 1, bookable: true }];
    k.receive(frontdesk_kiosk::flow::Reply::Slots { date: k.today() + chrono::Duration::days(1), slots });
    k.choose_slot(0);
    let Some(Call::Book(booking)) = k.proceed() else { panic!("a booking") };
    let started = std::time::Instant::now();
    let reply = world.runtime.block_on(driver.run(Call::Book(booking.clone())));
    assert!(started.elapsed() < std::time::Duration::from_secs(3), "bounded by the deadlines, never frozen");
    assert!(matches!(reply, frontdesk_kiosk::flow::Reply::Queued(_)), "kept for later, not lost: {reply:?}");
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
        .block_on(frontdesk_kiosk::driver::flush(
            driver.outbox(),
            &world.connection(),
            std::time::Duration::from_secs(2),
        ))
        .expect("flushes");
    assert_eq!((flushed.sent, flushed.failed), (1, 0));
}
