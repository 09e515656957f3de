//! The short results' adapter: the appointment cancelled, or the provisional number of
//! a customer registered while the server was unreachable.

use slint::ComponentHandle;

use super::context::Shared;
use super::words::{moment, service_name};
use crate::slint_generated::{DoneAdapter, KioskWindow};

/// Sets what was cancelled, or the provisional number.
pub fn show(window: &KioskWindow, shared: &Shared) {
    let (c, en) = (&shared.controller, shared.english);
    let s = window.global::<DoneAdapter>();
    let cancelled = c.cancelling().filter(|_| c.screen() == crate::flow::Screen::Cancelled);
    s.set_plate(cancelled.map(|a| a.plate.clone()).unwrap_or_default().into());
    s.set_service(cancelled.map(|a| service_name(c, &a.service, en)).unwrap_or_default().into());
    s.set_when(moment(c, cancelled.map(|a| a.start), en));
    s.set_provisional_number(c.provisional().unwrap_or_default().into());
}
