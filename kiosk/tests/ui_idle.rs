//! The idle reset with mock time: after 60 s without a touch a 10 s countdown, then
//! home with everything entered forgotten — on screen and in memory.

mod common;

use std::time::Duration;

use common::World;
use frontdesk_kiosk::KioskWindow;
use frontdesk_kiosk::flow::Screen as Flow;
use frontdesk_kiosk::slint_generated::{EntryAdapter, Screen, SessionAdapter, TicketAdapter};
use frontdesk_kiosk::ui::{self, Runner};
use i_slint_backend_testing::{AccessibleRole, ElementHandle};
use slint::ComponentHandle;

fn seconds(n: u32) {
    for _ in 0..n {
        i_slint_backend_testing::mock_elapsed_time(Duration::from_secs(1));
    }
}

fn tap(ui: &KioskWindow, label: &str) {
    i_slint_backend_testing::mock_elapsed_time(Duration::from_millis(1));
    let found: Vec<_> = ElementHandle::find_by_accessible_label(ui, label)
        .filter(|e| e.accessible_role() == Some(AccessibleRole::Button))
        .collect();
    assert_eq!(found.len(), 1, "{label}");
    found[0].invoke_accessible_default_action();
}

fn shows(ui: &KioskWindow, text: &str) -> bool {
    i_slint_backend_testing::mock_elapsed_time(Duration::from_millis(1));
    ElementHandle::find_by_accessible_label(ui, text).next().is_some()
}

/// The kiosk window against the world's server, with calls made right away.
fn open(world: &World) -> ui::Kiosk {
    i_slint_backend_testing::init_no_event_loop();
    ui::connect(world.controller(), world.driver(), Runner::Block(world.runtime.handle().clone()), false, false)
        .expect("window")
}

#[test]
fn an_idle_kiosk_counts_down_and_forgets_everything() {
    let world = World::new();
    let kiosk = open(&world);
    let ui = &kiosk.window;
    tap(ui, "预约保养");
    for key in ["沪", "A", "1", "2", "3", "4", "5"] {
        tap(ui, key);
    }
    for key in "1381234".chars() {
        tap(ui, &key.to_string());
    }
    assert_eq!(ui.global::<EntryAdapter>().get_text(), "138 1234");

    seconds(59);
    assert_eq!(ui.global::<SessionAdapter>().get_countdown(), 0, "no countdown before 60 s");
    seconds(1);
    assert_eq!(ui.global::<SessionAdapter>().get_countdown(), 10);
    assert!(shows(ui, "您还在吗？"));
    seconds(3);
    assert_eq!(ui.global::<SessionAdapter>().get_countdown(), 7);

    tap(ui, "我还在，继续");
    assert_eq!(ui.global::<SessionAdapter>().get_countdown(), 0, "a touch ends the countdown");
    assert_eq!(ui.global::<EntryAdapter>().get_text(), "138 1234", "and keeps the entry");

    seconds(70);
    let state = ui.global::<SessionAdapter>();
    assert_eq!(state.get_screen(), Screen::Home, "after 60 s and the 10 s countdown: home");
    assert_eq!((ui.global::<EntryAdapter>().get_text().as_str(), state.get_countdown()), ("", 0));
    {
        let shared = kiosk.shared.lock().expect("lock");
        let c = &shared.controller;
        assert_eq!((c.screen(), c.plate(), c.phone(), c.last4(), c.code()), (Flow::Home, "", "", "", ""));
        assert!(c.identified().is_none() && c.ticket().is_none() && c.slot().is_none() && c.flow().is_none());
    }
    tap(ui, "预约保养");
    assert_eq!(ui.global::<EntryAdapter>().get_text(), "", "nothing comes back on the next start");
}

#[test]
fn the_next_customer_starts_in_chinese_again() {
    let world = World::new();
    let kiosk = open(&world);
    let ui = &kiosk.window;
    tap(ui, "English");
    assert!(ui.global::<SessionAdapter>().get_english());
    tap(ui, "Book a service");
    assert!(ui.global::<SessionAdapter>().get_english(), "starting a flow keeps the customer's language");
    seconds(70);
    assert_eq!(ui.global::<SessionAdapter>().get_screen(), Screen::Home);
    assert!(!ui.global::<SessionAdapter>().get_english(), "after the reset: 中文 for the next customer");
    assert!(shows(ui, "预约保养"));
    tap(ui, "English");
    tap(ui, "Repair progress");
    tap(ui, "Back");
    assert!(ui.global::<SessionAdapter>().get_english(), "back to home is the same customer");
    tap(ui, "Repair progress");
    tap(ui, "Home");
    assert!(!ui.global::<SessionAdapter>().get_english(), "首页 ends the session");
    // English chosen on the home screen and left there goes back to Chinese too.
    tap(ui, "English");
    seconds(59);
    assert!(ui.global::<SessionAdapter>().get_english());
    seconds(1);
    assert!(!ui.global::<SessionAdapter>().get_english(), "a minute on the home screen in English: 中文 again");
}

#[test]
fn the_ticket_screen_goes_home_by_itself() {
    let world = World::new();
    let kiosk = open(&world);
    let ui = &kiosk.window;
    tap(ui, "直接到店");
    for key in ["沪", "A", "5", "4", "3", "2", "1"] {
        tap(ui, key);
    }
    tap(ui, "保养");
    for key in "13900001111".chars() {
        tap(ui, &key.to_string());
    }
    tap(ui, "跳过");
    assert_eq!(ui.global::<SessionAdapter>().get_screen(), Screen::Ticket);
    seconds(10);
    assert_eq!(ui.global::<SessionAdapter>().get_result_seconds(), 20);
    let home: Vec<_> = ElementHandle::find_by_accessible_label(ui, "返回首页")
        .filter(|e| e.accessible_role() == Some(AccessibleRole::Button))
        .collect();
    assert_eq!(home[0].accessible_description().as_deref(), Some("20 秒后自动返回"), "the button says when");
    seconds(20);
    assert_eq!(ui.global::<SessionAdapter>().get_screen(), Screen::Home);
    assert_eq!(ui.global::<TicketAdapter>().get_number(), "", "the ticket is gone from the screen");
}
