//! The kiosk's flows as a state machine that knows nothing of Slint or the network.
//! The customer's session (`session.rs`) is the home screen, one flow in progress, each
//! holding only what it collects (`check_in.rs`, `walk_in.rs`, `booking.rs`,
//! `progress.rs`, `cancel.rs`), or the result it ended with (`outcome.rs`); the screen
//! is derived from it. A button press changes the state and may return a [`Call`] for
//! the driver to make; the driver's [`Reply`] moves the state on. Tested without a
//! window.
//!
//! [`Controller`] holds the session and what time does to it (`controller.rs`), what
//! the customer does (`actions.rs`) and what the screens show (`read.rs`); `steps.rs`
//! is the trail of steps every flow keeps ("back"), [`Failure`] why a step could not
//! go on.

mod actions;
mod booking;
mod calls;
mod cancel;
mod check_in;
mod clock;
mod controller;
mod entry;
mod failure;
mod lookup;
mod outcome;
mod progress;
mod read;
mod screens;
mod session;
mod state;
mod steps;
mod walk_in;

pub use calls::{BookInput, Call, CheckInInput, Reply, default_services};
pub use clock::{Now, Timing};
pub use controller::Controller;
pub use entry::Entry;
pub use failure::Failure;
pub use screens::{Flow, Screen};
