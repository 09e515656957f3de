//! The surname screen's adapter: the surnames, the one chosen, skip and next.

use std::rc::Rc;

use slint::{ComponentHandle, VecModel};

use super::context::{Context, Shared};
use super::keypad;
use crate::flow::{Controller, Screen};
use crate::slint_generated::{KioskWindow, SurnameAdapter};

/// Sets the surnames and the one chosen.
pub fn show(window: &KioskWindow, shared: &Shared) {
    let c = &shared.controller;
    let s = window.global::<SurnameAdapter>();
    let rows = if c.screen() == Screen::Surname { keypad::surnames(shared.landscape) } else { Vec::new() };
    s.set_rows(VecModel::from_slice(&rows));
    s.set_chosen(c.surname().into());
}

/// Wires a surname tapped, skip and next.
pub fn connect(window: &KioskWindow, ctx: &Rc<Context>) {
    let s = window.global::<SurnameAdapter>();
    let c = ctx.clone();
    s.on_choose(move |surname| c.update(|k| k.choose_surname(&surname)));
    let c = ctx.clone();
    s.on_skip(move || c.act(Controller::skip_surname));
    let c = ctx.clone();
    s.on_next(move || c.act(Controller::proceed));
}
