//! Sets the whole window from the controller: every view's adapter in turn.

use super::context::Shared;
use super::{booked, choose, confirm, done, entry, message, progress, session, surname, ticket};
use crate::slint_generated::KioskWindow;

/// Sets every view's adapter from the controller.
pub fn render(window: &KioskWindow, shared: &Shared) {
    session::show(window, shared);
    entry::show(window, shared);
    surname::show(window, shared);
    choose::show(window, shared);
    confirm::show(window, shared);
    ticket::show(window, shared);
    booked::show(window, shared);
    progress::show(window, shared);
    done::show(window, shared);
    message::show(window, shared);
}
