//! Configuration: defaults, then an optional TOML file, then `FRONTDESK_*`
//! environment variables, then the command line (`--set KEY=VALUE` and the named
//! flags), layered by `figment`. Every key can be set at every layer; a value that
//! does not fit its key is refused at load, naming the key and where the value came
//! from, and [`Config::settings`] checks the ranges, naming the key too.

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveTime};
use chrono_tz::Tz;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

use crate::app::Settings;
use crate::domain::{BookingPolicy, QueueRules, Schedule, SlotCapacity, parse_date};
use crate::store::Durability;

/// How logs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, clap::ValueEnum, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Readable lines (the default).
    #[default]
    Human,
    /// One JSON object per line, for log shippers.
    Json,
}

/// The whole configuration.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The address to listen on.
    pub listen: SocketAddr,
    /// The data directory; the SQLite file and the demo token file live here.
    pub data_dir: PathBuf,
    /// The store's IANA zone.
    pub zone: Tz,
    /// Log format.
    pub log_format: LogFormat,
    /// SQLite durability.
    pub durability: Durability,
    /// Seconds in-flight calls get to finish on shutdown.
    pub shutdown_grace_secs: u64,
    /// Opening hours.
    pub hours: Hours,
    /// Booking rules.
    pub booking: Booking,
    /// Kiosk limits.
    pub kiosk: Kiosk,
    /// Queue rules.
    pub queue: Queue,
    /// Follow-up rules.
    pub followup: FollowUp,
    /// Report targets.
    pub reports: Reports,
    /// The Prometheus metrics endpoint; off when absent.
    pub metrics: Option<Metrics>,
    /// TLS; plaintext when absent.
    pub tls: Option<Tls>,
}

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

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 50051)),
            data_dir: PathBuf::from("./frontdesk-data"),
            zone: chrono_tz::Asia::Shanghai,
            log_format: LogFormat::Human,
            durability: Durability::Full,
            shutdown_grace_secs: 10,
            hours: Hours::default(),
            booking: Booking::default(),
            kiosk: Kiosk::default(),
            queue: Queue::default(),
            followup: FollowUp::default(),
            reports: Reports::default(),
            metrics: None,
            tls: None,
        }
    }
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

/// A configuration that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file, a variable or a `--set` value does not fit its key (the message
    /// names the key and where the value came from).
    #[error("configuration: {0}")]
    Load(Box<figment::Error>),
    /// A value is out of range.
    #[error("configuration: {0}")]
    Invalid(String),
}

impl From<figment::Error> for ConfigError {
    fn from(error: figment::Error) -> Self {
        Self::Load(Box::new(error))
    }
}

/// The top-level keys a `FRONTDESK_` variable may set by name (`FRONTDESK_ZONE`);
/// nested keys take `__` between the parts (`FRONTDESK_QUEUE__AGEING_MINUTES`).
/// Other `FRONTDESK_` variables (the staff client's, the flags' own such as
/// `FRONTDESK_DAILY_CAP`) are not configuration keys and are left to their owners.
const TOP_LEVEL_KEYS: [&str; 6] = ["listen", "data_dir", "zone", "log_format", "durability", "shutdown_grace_secs"];

fn bounded(field: &str, value: u32, max: u32) -> Result<u32, ConfigError> {
    if value <= max { Ok(value) } else { Err(ConfigError::Invalid(format!("{field} must be at most {max}"))) }
}

impl Config {
    /// The layers below the command line: the defaults, the TOML file (when given;
    /// a missing file is an error) and the `FRONTDESK_` variables.
    pub fn layers(path: Option<&Path>) -> Figment {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if let Some(path) = path {
            figment = figment.merge(Toml::file_exact(path));
        }
        let env = Env::prefixed("FRONTDESK_")
            .filter(|key| key.as_str().contains("__") || TOP_LEVEL_KEYS.iter().any(|top| key == *top))
            .split("__");
        figment.merge(env)
    }

    /// Reads the defaults, the TOML file and the `FRONTDESK_` variables.
    pub fn load(path: Option<&Path>) -> Result<Self, ConfigError> {
        Ok(Self::layers(path).extract()?)
    }

    /// The database file inside the data directory.
    pub fn database_path(&self) -> PathBuf {
        self.data_dir.join(crate::store::DB_FILE)
    }

    /// Checks every value and builds the rules the app runs by.
    pub fn settings(&self) -> Result<Settings, ConfigError> {
        let (open, close) = (self.hours.open, self.hours.close);
        if open >= close {
            return Err(ConfigError::Invalid("hours.open must be before hours.close".into()));
        }
        if !(5..=240).contains(&self.hours.slot_minutes) {
            return Err(ConfigError::Invalid("hours.slot_minutes must be 5 to 240".into()));
        }
        let slot = Duration::minutes(i64::from(self.hours.slot_minutes));
        if open + slot > close {
            return Err(ConfigError::Invalid("one slot does not fit between hours.open and hours.close".into()));
        }
        let closed_dates = self
            .booking
            .closed_dates
            .iter()
            .map(|d| {
                parse_date(d)
                    .map_err(|_| ConfigError::Invalid(format!("booking.closed_dates: {d:?} is not YYYY-MM-DD")))
            })
            .collect::<Result<BTreeSet<_>, _>>()?;
        let schedule = Schedule { zone: self.zone, open, close, slot, closed_dates };
        let policy = BookingPolicy {
            min_notice: Duration::minutes(i64::from(self.booking.min_notice_minutes)),
            horizon_days: self.booking.horizon_days,
            daily_cap: self.booking.daily_cap,
            capacity: SlotCapacity {
                per_service: self.booking.slot_capacity.clone(),
                default: self.booking.default_slot_capacity,
            },
        };
        let minutes = |m: u32| Duration::minutes(i64::from(m));
        let q = &self.queue;
        let queue = QueueRules {
            grace_early: minutes(q.grace_early_minutes),
            checkin_opens: minutes(bounded("queue.checkin_opens_minutes", q.checkin_opens_minutes, 720)?),
            clock_check: std::time::Duration::from_secs(u64::from(
                bounded("queue.clock_check_seconds", q.clock_check_seconds, 3600)?.max(1),
            )),
            grace_late: minutes(q.grace_late_minutes),
            ageing: minutes(q.ageing_minutes),
            hold: minutes(q.own_advisor_hold_minutes),
            max_recalls: q.max_recalls,
            default_reception: minutes(q.default_reception_minutes.max(1)),
        };
        Ok(Settings {
            schedule,
            policy,
            kiosk_lookups_per_minute: self.kiosk.lookups_per_minute,
            queue,
            watch_buffer: q.watch_buffer.max(1),
            reminder_days: bounded("followup.reminder_days", self.followup.reminder_days, 366)?,
            lost_after_months: bounded("followup.lost_after_months", self.followup.lost_after_months, 120)?.max(1),
            default_maintenance_interval_days: bounded(
                "followup.default_maintenance_interval_days",
                self.followup.default_maintenance_interval_days,
                3650,
            )?,
            targets: self.targets()?,
        })
    }

    fn targets(&self) -> Result<crate::domain::report::Targets, ConfigError> {
        let r = &self.reports;
        let percent = |field: &str, value: f64| {
            if (0.0..=100.0).contains(&value) {
                Ok(crate::domain::report::basis_points(value))
            } else {
                Err(ConfigError::Invalid(format!("reports.{field} must be 0 to 100")))
            }
        };
        if r.repair_services.is_empty() {
            return Err(ConfigError::Invalid("reports.repair_services lists at least one service type".into()));
        }
        Ok(crate::domain::report::Targets {
            cars_per_day: r.cars_per_day,
            cars_per_month: r.cars_per_month,
            csi_bp: percent("csi_percent", r.csi_percent)?,
            repeat_repair_bp: percent("repeat_repair_percent", r.repeat_repair_percent)?,
            repeat_repair_days: r.repeat_repair_days.max(1),
            repair_services: r.repair_services.clone(),
            follow_ups_in_window_bp: percent("follow_ups_in_window_percent", r.follow_ups_in_window_percent)?,
            escalations_in_time_bp: percent("escalations_in_time_percent", r.escalations_in_time_percent)?,
            same_day_notice_bp: percent("same_day_notice_percent", r.same_day_notice_percent)?,
            callback_note_bp: percent("callback_note_percent", r.callback_note_percent)?,
            base_customers: r.base_customers,
        })
    }
}

#[cfg(test)]
// figment's Jail, which keeps tests that read the environment apart, takes closures
// returning its own (large) error type.
#[allow(clippy::result_large_err)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_seed() {
        let c = Config::default();
        let s = c.settings().unwrap();
        assert_eq!(c.listen.to_string(), "127.0.0.1:50051");
        assert_eq!(s.policy.daily_cap, 20);
        assert_eq!(s.policy.horizon_days, 30);
        assert_eq!(s.policy.min_notice, Duration::hours(1));
        assert_eq!(s.schedule.zone, chrono_tz::Asia::Shanghai);
        assert_eq!(s.schedule.slot, Duration::minutes(30));
        assert_eq!(c.durability, Durability::Full);
    }

    #[test]
    fn a_file_overrides_only_what_it_names() {
        // The environment is the process's: Jail keeps the tests that read it apart.
        figment::Jail::expect_with(|_| {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("frontdesk.toml");
            std::fs::write(
                &path,
                "zone = \"Asia/Urumqi\"\n[booking]\ndaily_cap = 25\nclosed_dates = [\"2027-01-01\"]\n[booking.slot_capacity]\nrepair = 4\n",
            )
            .unwrap();
            let c = Config::load(Some(&path)).unwrap();
            let s = c.settings().unwrap();
            assert_eq!(s.policy.daily_cap, 25);
            assert_eq!(s.policy.capacity.for_service("repair"), 4);
            assert_eq!(s.schedule.closed_dates.len(), 1);
            assert_eq!(c.hours.open.format("%H:%M").to_string(), "08:30");
            Ok(())
        });
    }

    #[test]
    fn bad_values_are_named() {
        // The environment is the process's: Jail keeps the tests that read it apart.
        figment::Jail::expect_with(|_| {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("bad.toml");
            std::fs::write(&path, "listen = \"nowhere\"").unwrap();
            assert!(Config::load(Some(&path)).unwrap_err().to_string().contains("bad.toml"));
            std::fs::write(&path, "typo_key = 1").unwrap();
            assert!(Config::load(Some(&path)).is_err(), "unknown keys are refused");
            let mut c = Config::default();
            c.hours.open = NaiveTime::from_hms_opt(18, 0, 0).unwrap();
            assert!(c.settings().unwrap_err().to_string().contains("hours.open"));
            std::fs::write(&path, "zone = \"Mars/Olympus\"").unwrap();
            let error = Config::load(Some(&path)).unwrap_err().to_string();
            assert!(error.contains("zone") && error.contains("bad.toml"), "{error}");
            std::fs::write(&path, "[hours]\nopen = \"8.30\"").unwrap();
            let error = Config::load(Some(&path)).unwrap_err().to_string();
            assert!(error.contains("hours.open") && error.contains("08:30"), "{error}");
            Ok(())
        });
    }

    #[test]
    fn every_key_can_come_from_the_environment() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("FRONTDESK_QUEUE__AGEING_MINUTES", "25");
            jail.set_env("FRONTDESK_ZONE", "Asia/Urumqi");
            jail.set_env("FRONTDESK_HOURS__OPEN", "08:00");
            // The flags' own variables and the staff client's are not keys here.
            jail.set_env("FRONTDESK_DAILY_CAP", "7");
            jail.set_env("FRONTDESK_TOKEN", "secret");
            let c = Config::load(None).map_err(|e| e.to_string())?;
            assert_eq!(c.queue.ageing_minutes, 25);
            assert_eq!(c.zone, chrono_tz::Asia::Urumqi);
            assert_eq!(c.hours.open.format("%H:%M").to_string(), "08:00");
            assert_eq!(c.booking.daily_cap, 20);
            jail.set_env("FRONTDESK_QUEUE__AGEING_MINUTES", "soon");
            let error = Config::load(None).unwrap_err().to_string();
            // Named as the variable spells it: QUEUE.AGEING_MINUTES in `FRONTDESK_` variables.
            let named = error.to_ascii_lowercase();
            assert!(named.contains("queue.ageing_minutes") && error.contains("FRONTDESK_"), "{error}");
            Ok(())
        });
    }

    #[test]
    fn report_targets_and_metrics_come_from_the_file() {
        // The environment is the process's: Jail keeps the tests that read it apart.
        figment::Jail::expect_with(|_| {
            let d = Config::default().settings().unwrap().targets;
            assert_eq!((d.cars_per_day, d.cars_per_month, d.csi_bp, d.repeat_repair_bp), (20, 650, 9300, 200));
            assert_eq!((d.callback_note_bp, d.base_customers, d.repeat_repair_days), (9800, 1500, 30));
            assert!(Config::default().metrics.is_none(), "metrics are off by default");
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("frontdesk.toml");
            std::fs::write(&path, "[reports]\ncsi_percent = 95.5\n[metrics]\nlisten = \"0.0.0.0:9464\"\n").unwrap();
            let c = Config::load(Some(&path)).unwrap();
            assert_eq!(c.settings().unwrap().targets.csi_bp, 9550);
            assert_eq!(c.metrics.map(|m| m.listen.port()), Some(9464));
            let mut c = Config::default();
            c.reports.csi_percent = 120.0;
            assert!(c.settings().unwrap_err().to_string().contains("reports.csi_percent"));
            Ok(())
        });
    }
}
