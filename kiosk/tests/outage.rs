//! The server is stopped; three customers check in; the server comes back: all three
//! land exactly once, in their original arrival order, with their original times.

mod common;

use std::time::Duration;

use chrono::Duration as Minutes;
use common::World;
use frontdesk_kiosk::flow::{Flow, Screen};
use frontdesk_tests::{shanghai, ts};

#[test]
fn three_check_ins_during_an_outage_land_once_in_arrival_order() {
    let mut world = World::new();
    let driver = world.driver();
    world.runtime.block_on(world.server.halt());
    let customers = [("沪H10001", "13500000001"), ("沪H10002", "13500000002"), ("沪H10003", "13500000003")];
    for (i, (plate, phone)) in customers.iter().enumerate() {
        world.server.clock.set(shanghai(4, 9, 0) + Minutes::minutes(5 * i as i64));
        let mut k = world.controller();
        let mut call = k.start(Flow::WalkIn);
        if let Some(c) = call.take() {
            k.receive(world.runtime.block_on(driver.run(c)));
        }
        for key in plate.chars() {
            k.key(&key.to_string());
        }
        let call = k.choose_service("repair");
        k.receive(world.runtime.block_on(driver.run(call.expect("a check-in"))));
        assert_eq!(k.screen(), Screen::Last4, "offline: the digits are asked for");
        k.new_customer();
        assert_eq!(k.screen(), Screen::Phone, "a new customer gives the whole number");
        for key in phone.chars() {
            k.key(&key.to_string());
        }
        let call = k.skip_surname();
        k.receive(world.runtime.block_on(driver.run(call.expect("a check-in"))));
        assert_eq!(k.screen(), Screen::Queued, "customer {i} is told they are registered");
    }
    assert_eq!(driver.outbox().pending().expect("pending").len(), 3);

    world.server.clock.set(shanghai(4, 9, 20));
    world.runtime.block_on(world.server.resume());
    // A fourth customer checks in live the moment the server is back, before the outbox
    // is sent: numbers follow the order of arrival at the server, places the customers'.
    let live = frontdesk_kiosk::flow::Call::CheckIn(frontdesk_kiosk::flow::CheckInInput {
        request_id: "live-after-the-outage".into(),
        plate: "沪H10004".into(),
        last4: String::new(),
        code: String::new(),
        service: "repair".into(),
        phone: "13500000004".into(),
        surname: String::new(),
        at: shanghai(4, 9, 20),
        replaces: None,
        provisional: None,
    });
    let reply = world.runtime.block_on(driver.run(live));
    assert!(matches!(reply, frontdesk_kiosk::flow::Reply::Ticket(_)), "{reply:?}");
    let flushed = world
        .runtime
        .block_on(frontdesk_kiosk::driver::flush(driver.outbox(), driver.connection(), Duration::from_secs(2)))
        .expect("flush");
    assert_eq!((flushed.sent, flushed.failed, flushed.remaining), (3, 0, 0));
    let again = world
        .runtime
        .block_on(frontdesk_kiosk::driver::flush(driver.outbox(), driver.connection(), Duration::from_secs(2)))
        .expect("flush");
    assert_eq!(again.sent, 0, "nothing is sent twice");

    let tickets = world.tickets();
    let landed: Vec<(&str, &str, i32)> =
        tickets.iter().map(|t| (t.plate.as_str(), t.ticket_number.as_str(), t.position)).collect();
    assert_eq!(
        landed,
        [("沪H10001", "W002", 1), ("沪H10002", "W003", 2), ("沪H10003", "W004", 3), ("沪H10004", "W001", 4)],
        "the three who came during the outage go first, by when they came"
    );
    for (i, t) in tickets.iter().take(3).enumerate() {
        assert_eq!(t.arrive_time, ts(shanghai(4, 9, 0) + Minutes::minutes(5 * i as i64)), "original arrival time");
    }
}

#[test]
fn a_check_in_that_landed_but_looked_lost_is_not_doubled() {
    let world = World::new();
    let driver = world.driver();
    let mut k = world.controller();
    k.start(Flow::WalkIn);
    for key in "沪H20001".chars() {
        k.key(&key.to_string());
    }
    k.choose_service("repair");
    // (The server asks a plate not on file for the phone.)
    let phone_required = frontdesk_kiosk::flow::Failure::Reason(frontdesk_proto::ErrorReason::PhoneRequired);
    k.receive(frontdesk_kiosk::flow::Reply::Failed(phone_required));
    for d in "13500000009".chars() {
        k.key(&d.to_string());
    }
    let Some(frontdesk_kiosk::flow::Call::CheckIn(input)) = k.skip_surname() else { panic!("a check-in") };
    // The request reaches the server, but the kiosk keeps it anyway (as if the answer was lost).
    let first = world.runtime.block_on(driver.run(frontdesk_kiosk::flow::Call::CheckIn(input.clone())));
    driver
        .outbox()
        .keep(&frontdesk_kiosk::outbox::Kept::CheckIn(frontdesk_kiosk::driver::check_in_request(&input, true)))
        .expect("keeps");
    let flushed = world
        .runtime
        .block_on(frontdesk_kiosk::driver::flush(driver.outbox(), driver.connection(), Duration::from_secs(2)))
        .expect("flush");
    assert!(matches!(first, frontdesk_kiosk::flow::Reply::Ticket(_)));
    assert_eq!(world.tickets().len(), 1, "the same request_id lands once");
    assert_eq!((flushed.sent, flushed.failed), (1, 0), "answered as the same request, not refused as another");
}

fn keys(k: &mut frontdesk_kiosk::flow::Controller, text: &str) -> Option<frontdesk_kiosk::flow::Call> {
    text.chars().map(|c| k.key(&c.to_string())).last().flatten()
}

fn run(
    world: &World,
    driver: &frontdesk_kiosk::driver::Driver,
    k: &mut frontdesk_kiosk::flow::Controller,
    call: Option<frontdesk_kiosk::flow::Call>,
) {
    let mut next = call;
    while let Some(call) = next.take() {
        next = k.receive(world.runtime.block_on(driver.run(call)));
    }
}

#[test]
fn a_walk_in_on_file_kept_offline_gives_only_the_last_four_digits_and_gets_a_provisional_number() {
    let mut world = World::new();
    world.book("沪H30001", "13530001111", 6, 10, 0);
    let driver = world.driver();
    world.runtime.block_on(world.server.halt());
    let mut k = world.controller();
    let call = k.start(Flow::WalkIn);
    run(&world, &driver, &mut k, call);
    keys(&mut k, "沪H30001");
    let call = k.choose_service("repair");
    run(&world, &driver, &mut k, call);
    assert_eq!((k.screen(), k.offline()), (Screen::Last4, true), "as online, a plate on file needs no full phone");
    let call = keys(&mut k, "1111");
    run(&world, &driver, &mut k, call);
    assert_eq!(k.screen(), Screen::Queued);
    let number = k.provisional().map(str::to_owned).expect("a provisional number to show at the desk");
    assert_eq!(number, "L-0304-01", "the kiosk's tag, the store's day, the count of the day");
    let pending = driver.outbox().pending().expect("pending");
    assert_eq!(pending.len(), 1, "the request with the digits replaced the bare one");
    assert_eq!(pending[0].1.provisional_number(), number, "the number is kept with the request");

    world.runtime.block_on(world.server.resume());
    let flushed = world
        .runtime
        .block_on(frontdesk_kiosk::driver::flush(driver.outbox(), driver.connection(), Duration::from_secs(2)))
        .expect("flush");
    assert_eq!((flushed.sent, flushed.failed), (1, 0));
    let tickets = world.tickets();
    assert_eq!(tickets.len(), 1);
    assert_eq!((tickets[0].plate.as_str(), tickets[0].phone.as_str()), ("沪H30001", "13530001111"), "on the file");
    assert_eq!(tickets[0].provisional_number, number, "staff see the number the customer shows");
}

#[test]
fn a_booking_kept_offline_lands_with_the_provisional_number_the_customer_was_shown() {
    let mut world = World::new();
    let driver = world.driver();
    let mut k = world.controller();
    let call = k.start(Flow::Booking);
    run(&world, &driver, &mut k, call);
    keys(&mut k, "沪H40001");
    keys(&mut k, "13540001111");
    k.choose_service("maintenance");
    let call = k.choose_day(1);
    run(&world, &driver, &mut k, call);
    k.choose_slot(2);
    world.runtime.block_on(world.server.halt());
    let call = k.proceed();
    run(&world, &driver, &mut k, call);
    assert_eq!(k.screen(), Screen::Queued);
    let number = k.provisional().map(str::to_owned).expect("a provisional number");
    world.runtime.block_on(world.server.resume());
    let flushed = world
        .runtime
        .block_on(frontdesk_kiosk::driver::flush(driver.outbox(), driver.connection(), Duration::from_secs(2)))
        .expect("flush");
    assert_eq!((flushed.sent, flushed.failed), (1, 0));
    let booked = world.appointments(5);
    assert_eq!(booked.len(), 1);
    assert_eq!((booked[0].plate.as_str(), booked[0].provisional_number.as_str()), ("沪H40001", number.as_str()));
}
