//! Connects the kiosk window to the controller, one adapter per view as in Slint's
//! demos: each view of `ui/views/*.slint` declares its adapter global, and the module
//! of the same name here sets it from the controller (`show`) and wires its callbacks
//! to the controller (`connect`). [`context`](Context) is what they share: an action
//! goes to the [`Controller`](crate::flow::Controller), its call to the
//! [`Driver`](crate::driver::Driver), and after every change [`render`] sets the
//! window again from the controller (cheap, and never stale).

mod booked;
mod choose;
mod confirm;
mod context;
mod done;
mod entry;
mod home;
mod keypad;
mod kiosk;
mod message;
mod progress;
mod qr;
mod render;
mod session;
mod surname;
mod ticket;
mod words;

pub use context::{Runner, Shared, deliver, select_language};
pub use keypad::SURNAMES;
pub use kiosk::{Kiosk, connect};
pub use render::render;
pub use words::day_label;
