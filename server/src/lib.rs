//! The frontdesk server: the after-sales front desk of a car dealership.
//!
//! Layers: [`domain`] holds the rules and types that are valid by construction,
//! [`store`] the SQLite tables, [`app`] the use cases that join the two inside one
//! transaction, [`grpc`] the thin handlers, and [`server`] runs them.

#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
/// The rules, from the `frontdesk-domain` crate (shared with the kiosk and the staff client).
pub use frontdesk_domain as domain;
pub mod grpc;
pub mod http;
pub mod metrics;
pub mod server;
pub mod store;

pub use app::App;
pub use clock::{Clock, ManualClock, SharedClock, SystemClock};
pub use config::Config;
pub use server::{Running, ServeError, serve, shutdown_signal, spawn};

use std::sync::Arc;

/// Opens the store named by the configuration (creating the data directory) and
/// builds the app over it.
pub fn open_app(config: &Config, clock: SharedClock) -> Result<App, ServeError> {
    std::fs::create_dir_all(&config.data_dir)
        .map_err(|e| ServeError::Io(format!("cannot create {}: {e}", config.data_dir.display())))?;
    let settings = config.settings()?;
    let store = store::Store::open(&config.database_path(), config.durability)?;
    Ok(App::new(store, clock, settings))
}

/// The system clock, shared.
pub fn system_clock() -> SharedClock {
    Arc::new(SystemClock)
}
