//! The front desk's use cases: each one applies the domain's rules inside one
//! store transaction. gRPC handlers parse a request, call one of these and
//! convert the result.

pub mod booking;
pub mod checkin;
pub mod counter;
pub mod customers;
pub mod desk;
pub mod followup;
pub mod gauges;
pub mod hub;
pub mod letters;
pub mod limiter;
pub mod parts;
pub mod queue;
pub mod queue_clock;
pub mod recalls;
pub mod registers;
pub mod reports;
pub mod seen;
pub mod settlements;
pub mod sheet;
pub mod slots;
pub mod staff;
pub mod tokens;
pub mod visits;
pub mod warranty;
pub mod work_orders;

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::clock::SharedClock;
use crate::domain::{BookingPolicy, QueueRules, Schedule};
use crate::store::Store;
pub use limiter::RateLimiter;

/// The rules a running store works by, from the configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Opening hours, slots, closed dates, zone.
    pub schedule: Schedule,
    /// Booking window, daily cap, slot capacity.
    pub policy: BookingPolicy,
    /// Lookups a kiosk token may make per minute (0 for no limit).
    pub kiosk_lookups_per_minute: u32,
    /// The queue's grace window, ageing, holds and recalls.
    pub queue: QueueRules,
    /// How many queue events a WatchQueue consumer may fall behind before it gets a
    /// fresh snapshot.
    pub watch_buffer: usize,
    /// Vehicles whose maintenance falls due within this many days get a reminder call.
    pub reminder_days: u32,
    /// The maintenance interval of a vehicle whose file names none.
    pub default_maintenance_interval_days: u32,
    /// A settlement's discount past this percent of the customer's share waits for a
    /// supervisor (`workorder.discount_limit_percent`).
    pub discount_limit_percent: u8,
    /// A part that arrived is listed as not fitted after this many days
    /// (`workorder.unfitted_after_days`).
    pub unfitted_after_days: u32,
    /// A customer without a visit for this many months is lost.
    pub lost_after_months: u32,
    /// The targets reports read figures against.
    pub targets: crate::domain::report::Targets,
}

impl Settings {
    /// The lost-customer line for `day` (see [`crate::domain::report::lost_cutoff`]):
    /// the cutoff date (a latest visit on or before it is lost, a later one is base)
    /// and the end of that store day (a customer on file before it counts at all).
    pub fn lost_line(&self, day: chrono::NaiveDate) -> (String, i64) {
        let cutoff = crate::domain::report::lost_cutoff(day, self.lost_after_months);
        let (_, filed_by) = self.schedule.day_bounds(cutoff);
        (cutoff.to_string(), crate::store::secs(filed_by))
    }
}

/// Everything a use case needs; shared by all gRPC services.
#[derive(Debug, Clone)]
pub struct App {
    /// The database.
    pub store: Store,
    /// The clock.
    pub clock: SharedClock,
    /// The rules.
    pub settings: Arc<Settings>,
    /// Kiosk lookup limits.
    pub limiter: Arc<RateLimiter>,
    /// The live queue's publisher.
    pub hub: Arc<hub::QueueHub>,
    /// Prometheus metrics.
    pub metrics: Arc<crate::metrics::Metrics>,
    /// Counts changes of staff records; the auth layer forgets the callers it
    /// remembered when it moves, so a deactivated member of staff is refused at once.
    pub staff_changes: Arc<std::sync::atomic::AtomicU64>,
}

impl App {
    /// An app over a store with settings and a clock.
    pub fn new(store: Store, clock: SharedClock, settings: Settings) -> Self {
        let limiter = Arc::new(RateLimiter::new(settings.kiosk_lookups_per_minute));
        let hub = Arc::new(hub::QueueHub::new(settings.watch_buffer));
        let metrics = Arc::new(crate::metrics::Metrics::new());
        Self { store, clock, settings: Arc::new(settings), limiter, hub, metrics, staff_changes: Arc::default() }
    }

    /// Now, by the app's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }
}
