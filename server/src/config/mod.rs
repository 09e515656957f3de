//! Configuration: defaults, then an optional TOML file, then `FRONTDESK_*`
//! environment variables, then the command line (`--set KEY=VALUE` and the named
//! flags), layered by `figment`. Every key can be set at every layer; a value that
//! does not fit its key is refused at load, naming the key and where the value came
//! from, and [`Config::settings`] checks the ranges, naming the key too.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use chrono_tz::Tz;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

use crate::store::Durability;

mod sections;
mod settings;

pub use sections::{Booking, FollowUp, Hours, Kiosk, Metrics, Queue, Reports, Tls, WorkOrder};

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
    /// Work-order rules.
    pub workorder: WorkOrder,
    /// Report targets.
    pub reports: Reports,
    /// The Prometheus metrics endpoint; off when absent.
    pub metrics: Option<Metrics>,
    /// TLS; plaintext when absent.
    pub tls: Option<Tls>,
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
            workorder: WorkOrder::default(),
            reports: Reports::default(),
            metrics: None,
            tls: None,
        }
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
}

#[cfg(test)]
// figment's Jail, which keeps tests that read the environment apart, takes closures
// returning its own (large) error type.
#[allow(clippy::result_large_err)]
mod tests {
    use chrono::{Duration, NaiveTime};

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
