//! The message's adapter: the key of the customer's sentence (the table is
//! `ui/messages.slint`), the appointment's time it speaks of, and what it offers.

use std::rc::Rc;

use slint::ComponentHandle;

use super::context::{Context, Shared};
use super::words::moment;
use crate::flow::{Controller, Failure};
use crate::slint_generated::{KioskWindow, MessageAdapter};

/// Sets the message on show.
pub fn show(window: &KioskWindow, shared: &Shared) {
    let c = &shared.controller;
    let s = window.global::<MessageAdapter>();
    let failure = c.failure();
    s.set_key(failure.map(Failure::code).unwrap_or_default().into());
    s.set_when(moment(c, c.message_when(), shared.english));
    s.set_offers_retry(failure.is_some_and(Failure::offers_retry));
    s.set_offers_walk_in(failure.is_some_and(Failure::offers_walk_in));
}

/// Wires "try again" and "check in as a walk-in".
pub fn connect(window: &KioskWindow, ctx: &Rc<Context>) {
    let s = window.global::<MessageAdapter>();
    let c = ctx.clone();
    s.on_retry(move || c.act(Controller::retry));
    let c = ctx.clone();
    s.on_walk_in_instead(move || c.act(Controller::switch_to_walk_in));
}
