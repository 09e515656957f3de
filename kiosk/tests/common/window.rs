//! The kiosk window under the Slint testing backend: buttons found by accessible
//! label (what the customer reads), and every tap counted, so a test can say how many
//! touches a flow takes.

use std::cell::Cell;
use std::time::Duration;

use frontdesk_kiosk::KioskWindow;
use frontdesk_kiosk::slint_generated::{Screen, SessionAdapter};
use frontdesk_kiosk::ui::{self, Kiosk, Runner};
use i_slint_backend_testing::{AccessibleRole, ElementHandle};
use slint::ComponentHandle;

use super::World;

thread_local! {
    static TOUCHES: Cell<u32> = const { Cell::new(0) };
}

/// The kiosk window against the world's server, calls made right away.
pub fn open(world: &World) -> Kiosk {
    i_slint_backend_testing::init_no_event_loop();
    ui::connect(world.controller(), world.driver(), Runner::Block(world.runtime.handle().clone()), false, false)
        .expect("window")
}

pub fn settle() {
    i_slint_backend_testing::mock_elapsed_time(Duration::from_millis(1));
}

pub fn buttons(ui: &KioskWindow, label: &str) -> Vec<ElementHandle> {
    settle();
    ElementHandle::find_by_accessible_label(ui, label)
        .filter(|e| e.accessible_role() == Some(AccessibleRole::Button))
        .collect()
}

/// Taps the one enabled button with this label, and counts the touch.
#[track_caller]
pub fn tap(ui: &KioskWindow, label: &str) {
    let found = buttons(ui, label);
    assert_eq!(found.len(), 1, "one button labelled {label:?} on {:?}", ui.global::<SessionAdapter>().get_screen());
    assert_eq!(found[0].accessible_enabled(), Some(true), "{label:?} is enabled");
    TOUCHES.with(|t| t.set(t.get() + 1));
    found[0].invoke_accessible_default_action();
}

/// Taps a key for each character.
#[track_caller]
pub fn type_in(ui: &KioskWindow, keys: &str) {
    for c in keys.chars() {
        tap(ui, &c.to_string());
    }
}

/// The touches made on this thread so far.
pub fn touches() -> u32 {
    TOUCHES.with(Cell::get)
}

pub fn shows(ui: &KioskWindow, text: &str) -> bool {
    settle();
    ElementHandle::find_by_accessible_label(ui, text).next().is_some()
}

pub fn screen(ui: &KioskWindow) -> Screen {
    ui.global::<SessionAdapter>().get_screen()
}

#[track_caller]
pub fn enabled(ui: &KioskWindow, label: &str) -> bool {
    let found = buttons(ui, label);
    assert_eq!(found.len(), 1, "one key {label:?}");
    found[0].accessible_enabled() == Some(true)
}
