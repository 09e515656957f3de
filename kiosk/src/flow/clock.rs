//! The kiosk's timing (idle reset, result screens) and its clock, which tests set to
//! the server's test clock.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

/// Timing of the kiosk, in seconds (the window ticks once a second).
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// Seconds without a touch before the reset countdown starts.
    pub idle_after: u32,
    /// Length of the countdown.
    pub countdown: u32,
    /// Seconds the ticket, booking and progress screens stay before going home.
    pub result_screen: u32,
}

impl Default for Timing {
    fn default() -> Self {
        Self { idle_after: 60, countdown: 10, result_screen: 30 }
    }
}

/// The kiosk's clock: tests set it to the server's test clock.
pub type Now = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// Now, and today in the store's zone.
#[derive(Clone)]
pub struct Clock {
    zone: Tz,
    now: Now,
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Clock").field("zone", &self.zone).finish_non_exhaustive()
    }
}

impl Clock {
    /// A clock in the store's zone.
    pub fn new(zone: Tz, now: Now) -> Self {
        Self { zone, now }
    }

    /// Now.
    pub fn now(&self) -> DateTime<Utc> {
        (self.now)()
    }

    /// Today in the store's zone.
    pub fn today(&self) -> NaiveDate {
        self.now().with_timezone(&self.zone).date_naive()
    }

    /// The store's zone.
    pub fn zone(&self) -> Tz {
        self.zone
    }
}
