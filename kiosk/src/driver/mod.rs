//! Makes the controller's calls against the server: every call carries a deadline,
//! unreachable calls are retried with the same request, and a check-in or booking
//! that still cannot reach the server goes to the outbox, which the driver sends later.
//!
//! [`run`] holds the [`Driver`] (a call in, a reply out), [`rpc`] one function per
//! server call, [`status`] what a failed call means to the kiosk, [`wire`] the
//! conversions between the protos and what the kiosk shows, [`sending`] the outbox's
//! send loop.

mod rpc;
mod run;
mod sending;
mod status;
mod wire;

pub use run::{Driver, Patience, Provisional};
pub use sending::{Flushed, SENT_PER_ROUND, flush, flush_some, keep_sending};
pub use status::{failure, unreachable};
pub use wire::{appointment_view, book_request, check_in_request, ticket_view};
