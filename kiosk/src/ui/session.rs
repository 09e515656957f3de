//! The session's adapter: the screen, the flow the header names, the language, the
//! countdowns; and what the header and the result screens do (home, back, the
//! language, "I am still here").

use std::rc::Rc;

use slint::ComponentHandle;

use super::context::{Context, Shared, lock, select_language};
use crate::flow::{Flow, Screen};
use crate::slint_generated::{Flow as UiFlow, KioskWindow, Screen as UiScreen, SessionAdapter};

fn screen(s: Screen) -> UiScreen {
    match s {
        Screen::Home => UiScreen::Home,
        Screen::Plate => UiScreen::Plate,
        Screen::Last4 => UiScreen::Last4,
        Screen::Code => UiScreen::Code,
        Screen::Phone => UiScreen::Phone,
        Screen::Surname => UiScreen::Surname,
        Screen::Service => UiScreen::Service,
        Screen::Day => UiScreen::Day,
        Screen::Slot => UiScreen::Slot,
        Screen::ConfirmBooking => UiScreen::ConfirmBooking,
        Screen::ConfirmCancel => UiScreen::ConfirmCancel,
        Screen::ChooseAppointment => UiScreen::ChooseAppointment,
        Screen::Busy => UiScreen::Busy,
        Screen::Ticket => UiScreen::Ticket,
        Screen::Booked => UiScreen::Booked,
        Screen::Progress => UiScreen::Progress,
        Screen::Cancelled => UiScreen::Cancelled,
        Screen::Queued => UiScreen::Queued,
        Screen::Message => UiScreen::Message,
    }
}

/// The flow as the window names it.
pub fn ui_flow(flow: Option<Flow>) -> UiFlow {
    match flow {
        None => UiFlow::None,
        Some(Flow::Appointment) => UiFlow::Appointment,
        Some(Flow::AppointmentByCode) => UiFlow::AppointmentByCode,
        Some(Flow::WalkIn) => UiFlow::WalkIn,
        Some(Flow::Booking) => UiFlow::Booking,
        Some(Flow::MyCar) => UiFlow::MyCar,
        Some(Flow::Cancel) => UiFlow::Cancel,
        Some(Flow::CancelByPlate) => UiFlow::CancelByPlate,
    }
}

/// Sets the session's properties.
pub fn show(window: &KioskWindow, shared: &Shared) {
    let c = &shared.controller;
    let s = window.global::<SessionAdapter>();
    s.set_screen(screen(c.screen()));
    s.set_flow(ui_flow(c.flow()));
    s.set_english(shared.english);
    s.set_landscape(shared.landscape);
    s.set_countdown(c.countdown().map_or(0, |n| n as i32));
    s.set_result_seconds(c.result_seconds_left().map_or(0, |n| n as i32));
}

/// Wires home, back, the language toggle and "I am still here".
pub fn connect(window: &KioskWindow, ctx: &Rc<Context>) {
    let s = window.global::<SessionAdapter>();
    let c = ctx.clone();
    s.on_home(move || c.update(|k| k.reset()));
    let c = ctx.clone();
    s.on_back(move || c.update(|k| k.back()));
    let c = ctx.clone();
    s.on_still_here(move || c.update(|k| k.touch()));
    let c = ctx.clone();
    s.on_toggle_language(move || {
        let english = {
            let mut state = lock(&c.shared);
            state.english = !state.english;
            state.controller.touch();
            let changed = state.english != c.first_english;
            state.controller.set_language_changed(changed);
            state.english
        };
        select_language(english);
        c.rerender();
    });
}
