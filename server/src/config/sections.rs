//! The sections of the configuration file and their defaults (the seed's targets).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;

use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

/// Opening hours.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Hours {
    /// Opening time, `HH:MM`.
    #[serde(with = "hh_mm")]
    pub open: NaiveTime,
    /// Closing time, `HH:MM`.
    #[serde(with = "hh_mm")]
    pub close: NaiveTime,
    /// Slot length in minutes.
    pub slot_minutes: u32,
}

/// Booking rules.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Booking {
    /// Most appointments a day, all services together.
    pub daily_cap: u32,
    /// Days ahead that can be booked.
    pub horizon_days: u32,
    /// Minutes of notice a booking needs.
    pub min_notice_minutes: u32,
    /// Closed dates, `YYYY-MM-DD`.
    pub closed_dates: Vec<String>,
    /// Seats per slot by service code.
    pub slot_capacity: BTreeMap<String, u32>,
    /// Seats per slot for service types not listed.
    pub default_slot_capacity: u32,
}

/// Kiosk limits.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Kiosk {
    /// Lookups per minute per kiosk token; 0 for no limit.
    pub lookups_per_minute: u32,
}

/// Queue rules, in minutes.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Queue {
    /// Appointment priority starts this long before the slot.
    pub grace_early_minutes: u32,
    /// Check-in opens this long before the store opens.
    pub checkin_opens_minutes: u32,
    /// How often the server looks whether the clock alone changed the queue (a ticket
    /// ageing, a hold running out) to publish it on WatchQueue.
    pub clock_check_seconds: u32,
    /// Appointment customers checking in later than this after their slot queue as walk-ins.
    pub grace_late_minutes: u32,
    /// Walk-ins waiting longer than this rise to the appointments' standing.
    pub ageing_minutes: u32,
    /// A ticket waits this long for its own or requested advisor who is on duty.
    pub own_advisor_hold_minutes: u32,
    /// Recalls before the next one makes a ticket a no-show.
    pub max_recalls: u32,
    /// Reception time assumed for a service with no history.
    pub default_reception_minutes: u32,
    /// Queue events a WatchQueue consumer may fall behind before it gets a fresh snapshot.
    pub watch_buffer: usize,
}

impl Default for Queue {
    fn default() -> Self {
        Self {
            grace_early_minutes: 30,
            checkin_opens_minutes: 30,
            clock_check_seconds: 5,
            grace_late_minutes: 15,
            ageing_minutes: 20,
            own_advisor_hold_minutes: 10,
            max_recalls: 3,
            default_reception_minutes: 15,
            watch_buffer: 256,
        }
    }
}

/// Follow-up rules.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct FollowUp {
    /// Vehicles whose maintenance falls due within this many days get a reminder call.
    pub reminder_days: u32,
    /// A customer without a visit for this many months is lost (流失客户).
    pub lost_after_months: u32,
    /// The maintenance interval (保养周期) of a vehicle whose file names none: a
    /// maintenance visit then moves its next due date this many days on; 0 leaves it.
    pub default_maintenance_interval_days: u32,
}

impl Default for FollowUp {
    fn default() -> Self {
        Self { reminder_days: 14, lost_after_months: 12, default_maintenance_interval_days: 180 }
    }
}

/// The work order's rules.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct WorkOrder {
    /// A settlement's discounts past this percent of the customer's share wait for a
    /// supervisor's approval (0 to 100).
    pub discount_limit_percent: u32,
    /// A part that arrived is listed as not fitted after this many days.
    pub unfitted_after_days: u32,
}

impl Default for WorkOrder {
    fn default() -> Self {
        Self { discount_limit_percent: 10, unfitted_after_days: 3 }
    }
}

/// The targets reports read figures against (the seed's by default).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Reports {
    /// Cars received a day.
    pub cars_per_day: u32,
    /// Cars received a month.
    pub cars_per_month: u32,
    /// CSI target, percent.
    pub csi_percent: f64,
    /// Repeat repairs stay under this, percent.
    pub repeat_repair_percent: f64,
    /// A repair within this many days of the last one is a repeat repair.
    pub repeat_repair_days: u32,
    /// The service types that count as repairs.
    pub repair_services: Vec<String>,
    /// Follow-ups done within their window, percent.
    pub follow_ups_in_window_percent: f64,
    /// Escalations handled in time (see the report), percent.
    pub escalations_in_time_percent: f64,
    /// Customers told the same day, percent.
    pub same_day_notice_percent: f64,
    /// Work orders with a callback note, percent.
    pub callback_note_percent: f64,
    /// Base customers.
    pub base_customers: u32,
    /// The average repair value per car (单车维修产值), yuan.
    pub repair_value_yuan: u32,
    /// The average insurance repair value per car, yuan.
    pub insurance_repair_value_yuan: u32,
    /// Warranty claims approved of those decided, percent.
    pub warranty_approval_percent: f64,
}

impl Default for Reports {
    fn default() -> Self {
        Self {
            cars_per_day: 20,
            cars_per_month: 650,
            csi_percent: 93.0,
            repeat_repair_percent: 2.0,
            repeat_repair_days: 30,
            repair_services: ["repair", "body_paint", "warranty"].map(String::from).to_vec(),
            follow_ups_in_window_percent: 100.0,
            escalations_in_time_percent: 100.0,
            same_day_notice_percent: 100.0,
            callback_note_percent: 98.0,
            base_customers: 1500,
            repair_value_yuan: 800,
            insurance_repair_value_yuan: 1800,
            warranty_approval_percent: 95.0,
        }
    }
}

/// The Prometheus metrics endpoint.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Metrics {
    /// Where to serve `GET /metrics` over plain HTTP, for example `0.0.0.0:9464`.
    pub listen: SocketAddr,
}

/// TLS certificate and key, PEM files.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Tls {
    /// The certificate chain.
    pub cert: PathBuf,
    /// The private key.
    pub key: PathBuf,
}

impl Default for Hours {
    fn default() -> Self {
        let at = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default();
        Self { open: at(8, 30), close: at(17, 30), slot_minutes: 30 }
    }
}

impl Default for Booking {
    fn default() -> Self {
        Self {
            daily_cap: 20,
            horizon_days: 30,
            min_notice_minutes: 60,
            closed_dates: Vec::new(),
            slot_capacity: [("maintenance", 3), ("repair", 2), ("body_paint", 1), ("warranty", 1)]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
            default_slot_capacity: 1,
        }
    }
}

impl Default for Kiosk {
    fn default() -> Self {
        Self { lookups_per_minute: 30 }
    }
}

/// `HH:MM` times in the file, the environment and on the command line.
mod hh_mm {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(time: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&time.format("%H:%M").to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
        let text = String::deserialize(d)?;
        NaiveTime::parse_from_str(&text, "%H:%M")
            .map_err(|_| serde::de::Error::custom(format!("{text:?} is not a time like 08:30")))
    }
}
