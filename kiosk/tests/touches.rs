//! How many touches each flow takes from the home screen, counted through the window
//! (every tap of a button or key), against the goals of issue 10: an appointment
//! check-in by plate within 12, by code within 8, a walk-in on file within 10. The
//! table is printed (`cargo test -p frontdesk-kiosk --test touches -- --nocapture`)
//! and kept in the README. And the key that goes on sits beside the keys.

mod common;

use common::World;
use common::window::{buttons, open, screen, tap, touches, type_in};
use frontdesk_kiosk::KioskWindow;
use frontdesk_kiosk::slint_generated::Screen;
use slint::ComponentHandle;

/// One flow: what it is, the touches it took, the goal (if the issue set one), and the
/// count before issue 10.
struct Counted {
    flow: &'static str,
    touches: u32,
    goal: Option<u32>,
    before: u32,
}

/// Runs a flow from the home screen to its result and counts its touches; then home
/// again (not counted).
fn count(ui: &KioskWindow, flow: &'static str, goal: Option<u32>, before: u32, steps: impl FnOnce()) -> Counted {
    assert_eq!(screen(ui), Screen::Home, "{flow} starts at home");
    let start = touches();
    steps();
    let counted = Counted { flow, touches: touches() - start, goal, before };
    tap(ui, "返回首页");
    counted
}

#[test]
fn every_flow_takes_no_more_touches_than_its_goal() {
    let world = World::new();
    world.book_today("沪B54321", "13812345678", 10, 0);
    world.book_today("京AD12345", "13800001234", 10, 30);
    let code = world.book_today("沪C65432", "13712345678", 11, 0);
    world.book("沪E10001", "13510001111", 6, 9, 0);
    world.in_the_workshop("沪K12345", "13912345678");
    let cancel_code = world.book("沪C11111", "13611112222", 5, 15, 0);
    world.book("沪C22222", "13622223333", 5, 9, 30);
    let kiosk = open(&world);
    let ui = &kiosk.window;
    let result = |expected: Screen| move || assert_eq!(screen(ui), expected);
    let table = [
        count(ui, "appointment check-in by plate", Some(12), 15, || {
            tap(ui, "预约签到");
            type_in(ui, "沪B54321");
            type_in(ui, "5678");
            result(Screen::Ticket)();
        }),
        count(ui, "  the same, new-energy plate (8 characters)", None, 16, || {
            tap(ui, "预约签到");
            type_in(ui, "京AD12345");
            type_in(ui, "1234");
            result(Screen::Ticket)();
        }),
        count(ui, "appointment check-in by code", Some(8), 8, || {
            tap(ui, "用预约码签到");
            type_in(ui, &code);
            result(Screen::Ticket)();
        }),
        count(ui, "walk-in on file", Some(10), 10, || {
            tap(ui, "直接到店");
            type_in(ui, "沪E10001");
            tap(ui, "维修");
            result(Screen::Ticket)();
        }),
        count(ui, "walk-in, new customer (surname skipped)", None, 23, || {
            tap(ui, "直接到店");
            type_in(ui, "沪E20002");
            tap(ui, "保养");
            type_in(ui, "13520002222");
            tap(ui, "跳过");
            result(Screen::Ticket)();
        }),
        count(ui, "booking", None, 25, || {
            tap(ui, "预约保养");
            type_in(ui, "沪E30003");
            type_in(ui, "13530003333");
            tap(ui, "保养");
            tap(ui, "明天");
            tap(ui, "10:00");
            tap(ui, "确认预约");
            result(Screen::Booked)();
        }),
        count(ui, "repair progress", None, 14, || {
            tap(ui, "查询维修进度");
            type_in(ui, "沪K12345");
            type_in(ui, "5678");
            result(Screen::Progress)();
        }),
        count(ui, "cancel by code (now with its confirmation)", None, 13, || {
            tap(ui, "取消预约");
            type_in(ui, &cancel_code);
            type_in(ui, "2222");
            tap(ui, "确认取消");
            result(Screen::Cancelled)();
        }),
        count(ui, "cancel by plate, code lost (new)", None, 0, || {
            tap(ui, "取消预约");
            tap(ui, "忘记预约码？用车牌号查找");
            type_in(ui, "沪C22222");
            type_in(ui, "3333");
            tap(ui, "确认取消");
            result(Screen::Cancelled)();
        }),
    ];
    eprintln!("\n| flow | touches | goal | before |\n|---|---|---|---|");
    for c in &table {
        let goal = c.goal.map_or_else(|| "–".to_owned(), |g| format!("≤ {g}"));
        let before = if c.before == 0 { "–".to_owned() } else { c.before.to_string() };
        eprintln!("| {} | {} | {goal} | {before} |", c.flow.trim(), c.touches);
    }
    for c in &table {
        if let Some(goal) = c.goal {
            assert!(c.touches <= goal, "{}: {} touches, the goal is {goal}", c.flow, c.touches);
        }
    }
}

/// Top and bottom edge of the one button with this label.
fn edges(ui: &KioskWindow, label: &str) -> (f32, f32) {
    let found = buttons(ui, label);
    assert_eq!(found.len(), 1, "{label}");
    let (y, h) = (found[0].absolute_position().y, found[0].size().height);
    (y, y + h)
}

#[test]
fn the_key_that_goes_on_sits_beside_the_keys() {
    let world = World::new();
    let kiosk = open(&world);
    let ui = &kiosk.window;
    ui.window().set_size(slint::LogicalSize::new(1080.0, 1920.0));
    tap(ui, "预约保养");
    type_in(ui, "沪A");
    // The plate pad: 下一步 in the row under the last letters, not at the foot of the page.
    let (_, letters_end) = edges(ui, "Z");
    let (next_top, _) = edges(ui, "下一步");
    assert!((0.0..=24.0).contains(&(next_top - letters_end)), "下一步 {next_top} under the keys ending {letters_end}");
    type_in(ui, "12345");
    // The phone pad: 下一步 beside the 0.
    assert_eq!(screen(ui), Screen::Phone);
    assert_eq!(edges(ui, "下一步"), edges(ui, "0"), "in the row of the 0");
    tap(ui, "首页");
    tap(ui, "取消预约");
    let (_, code_end) = edges(ui, "9");
    let (next_top, _) = edges(ui, "下一步");
    assert!((0.0..=24.0).contains(&(next_top - code_end)), "the code pad: 下一步 under the keys");
}
