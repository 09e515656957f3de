//! The `frontdesk-server` command line.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::config::{Config, ConfigError, LogFormat, Tls};
use crate::domain::Role;
use crate::store::Durability;

/// The frontdesk server: the after-sales front desk of a car dealership.
///
/// Settings come from defaults, then the TOML file given with --config, then
/// FRONTDESK_* environment variables (any key: FRONTDESK_QUEUE__AGEING_MINUTES=25),
/// then --set KEY=VALUE, then the named flags.
#[derive(Debug, Parser)]
#[command(name = "frontdesk-server", version)]
pub struct Cli {
    /// TOML configuration file.
    #[arg(long, global = true, env = "FRONTDESK_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Data directory holding the SQLite database [default: ./frontdesk-data].
    #[arg(long, global = true, env = "FRONTDESK_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Set any configuration key, as in the TOML file: --set queue.ageing_minutes=25,
    /// --set 'booking.closed_dates=["2027-02-17"]'. Repeatable.
    #[arg(long = "set", global = true, value_name = "KEY=VALUE", value_parser = key_value)]
    pub set: Vec<(String, toml::Value)>,
    /// What to do; `serve` when left out.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Options of `serve`, also accepted without the word `serve`.
    #[command(flatten)]
    pub serve: ServeArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the gRPC server (the default).
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Copy the database to a new file with SQLite's online backup (safe while serving).
    Backup {
        /// The new file to write; an existing file is never overwritten.
        #[arg(long, value_name = "FILE")]
        to: PathBuf,
    },
}

/// Token subcommands.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token and print it once; only its hash is stored.
    Create {
        /// The role: kiosk, advisor, followup, supervisor, admin, parts or warranty.
        #[arg(long)]
        role: Role,
        /// The member of staff the token belongs to (required for advisor and followup).
        #[arg(long, value_name = "ID")]
        advisor: Option<i64>,
        /// A label to recognise the token by, e.g. the kiosk's place.
        #[arg(long, default_value = "cli")]
        label: String,
    },
    /// List every token: id, role, member of staff, label, created, revoked (never the token).
    List,
    /// Revoke a token by its id (see `token list`); a running server refuses it within 30 s.
    Revoke {
        /// The token's id.
        id: i64,
    },
}

/// Options of `serve`.
#[derive(Debug, Clone, Args, Default)]
pub struct ServeArgs {
    /// Seed an empty database with a demo store and write demo tokens to the data directory.
    #[arg(long)]
    pub demo: bool,
    /// Address to listen on [default: 127.0.0.1:50051].
    #[arg(long, env = "FRONTDESK_LISTEN", value_name = "ADDR")]
    pub listen: Option<SocketAddr>,
    /// Log format [default: human].
    #[arg(long, env = "FRONTDESK_LOG_FORMAT", value_enum)]
    pub log_format: Option<LogFormat>,
    /// The store's IANA time zone [default: Asia/Shanghai].
    #[arg(long, env = "FRONTDESK_ZONE", value_name = "ZONE")]
    pub zone: Option<chrono_tz::Tz>,
    /// SQLite durability: full survives a power cut, normal is faster [default: full].
    #[arg(long, env = "FRONTDESK_DURABILITY", value_enum)]
    pub durability: Option<Durability>,
    /// Most appointments a day, all services together [default: 20].
    #[arg(long, env = "FRONTDESK_DAILY_CAP", value_name = "CARS")]
    pub daily_cap: Option<u32>,
    /// Serve Prometheus metrics at http://ADDR/metrics [default: off].
    #[arg(long, env = "FRONTDESK_METRICS_LISTEN", value_name = "ADDR")]
    pub metrics_listen: Option<SocketAddr>,
    /// TLS certificate chain (PEM); needs --tls-key.
    #[arg(long, env = "FRONTDESK_TLS_CERT", value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// TLS private key (PEM); needs --tls-cert.
    #[arg(long, env = "FRONTDESK_TLS_KEY", value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}

/// `KEY=VALUE` of `--set`: the value as TOML would read it (`25`, `true`,
/// `["2027-02-17"]`), or else as a plain string (`Asia/Urumqi`, `08:00`).
fn key_value(text: &str) -> Result<(String, toml::Value), String> {
    let (key, value) = text.split_once('=').ok_or_else(|| format!("{text:?} is not KEY=VALUE"))?;
    let key = key.trim();
    if key.is_empty() {
        return Err(format!("{text:?} names no key"));
    }
    let value = value.trim();
    // TOML would read 08:00 as a time of day; the configuration's times are strings.
    let parsed = toml::from_str::<toml::Table>(&format!("v = {value}"))
        .ok()
        .and_then(|mut t| t.remove("v"))
        .filter(|v| !matches!(v, toml::Value::Datetime(_)));
    Ok((key.to_owned(), parsed.unwrap_or_else(|| toml::Value::String(value.to_owned()))))
}

impl Cli {
    /// The configuration: the file and the environment, then `--set` and the flags over them.
    pub fn config(&self) -> Result<Config, ConfigError> {
        let mut layers = Config::layers(self.config.as_deref());
        for (key, value) in &self.set {
            layers = layers.merge(figment::providers::Serialized::default(key, value));
        }
        let mut config: Config = layers.extract()?;
        if let Some(dir) = &self.data_dir {
            config.data_dir.clone_from(dir);
        }
        let serve = match &self.command {
            Some(Command::Serve(args)) => args,
            _ => &self.serve,
        };
        serve.apply(&mut config);
        Ok(config)
    }

    /// True when serving with `--demo`.
    pub fn demo(&self) -> bool {
        match &self.command {
            Some(Command::Serve(args)) => args.demo,
            None => self.serve.demo,
            Some(_) => false,
        }
    }
}

impl ServeArgs {
    fn apply(&self, config: &mut Config) {
        if let Some(v) = self.listen {
            config.listen = v;
        }
        if let Some(v) = self.log_format {
            config.log_format = v;
        }
        if let Some(v) = self.zone {
            config.zone = v;
        }
        if let Some(v) = self.durability {
            config.durability = v;
        }
        if let Some(v) = self.daily_cap {
            config.booking.daily_cap = v;
        }
        if let Some(listen) = self.metrics_listen {
            config.metrics = Some(crate::config::Metrics { listen });
        }
        if let (Some(cert), Some(key)) = (&self.tls_cert, &self.tls_key) {
            config.tls = Some(Tls { cert: cert.clone(), key: key.clone() });
        }
    }
}

#[cfg(test)]
// figment's Jail, which keeps tests that read the environment apart, takes closures
// returning its own (large) error type.
#[allow(clippy::result_large_err)]
mod tests {
    use super::*;

    #[test]
    fn serve_is_the_default_and_flags_override_the_file() {
        figment::Jail::expect_with(|_| {
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("c.toml");
            std::fs::write(&file, "listen = \"127.0.0.1:6000\"\n[booking]\ndaily_cap = 30\n").unwrap();
            let cli = Cli::try_parse_from([
                "frontdesk-server",
                "--config",
                file.to_str().unwrap(),
                "--listen",
                "127.0.0.1:7000",
                "--demo",
            ])
            .unwrap();
            assert!(cli.demo());
            let config = cli.config().unwrap();
            assert_eq!(config.listen.port(), 7000);
            assert_eq!(config.booking.daily_cap, 30);
            Ok(())
        });
    }

    #[test]
    fn subcommands_parse() {
        figment::Jail::expect_with(|_| {
            let cli =
                Cli::try_parse_from(["frontdesk-server", "token", "create", "--role", "advisor", "--advisor", "3"])
                    .unwrap();
            assert!(matches!(
                cli.command,
                Some(Command::Token(TokenCommand::Create { role: Role::Advisor, advisor: Some(3), .. }))
            ));
            assert!(Cli::try_parse_from(["frontdesk-server", "token", "create", "--role", "root"]).is_err());
            let cli = Cli::try_parse_from(["frontdesk-server", "serve", "--daily-cap", "5"]).unwrap();
            assert_eq!(cli.config().unwrap().booking.daily_cap, 5);
            Ok(())
        });
    }

    #[test]
    fn any_key_can_be_set_on_the_command_line_and_a_bad_one_is_named() {
        figment::Jail::expect_with(|_| {
            let cli = Cli::try_parse_from([
                "frontdesk-server",
                "--set",
                "queue.ageing_minutes=25",
                "--set",
                "booking.closed_dates=[\"2027-02-17\"]",
                "--set",
                "hours.close=18:00",
                "--set",
                "zone=Asia/Urumqi",
            ])
            .unwrap();
            let config = cli.config().unwrap();
            assert_eq!(config.queue.ageing_minutes, 25);
            assert_eq!(config.booking.closed_dates, ["2027-02-17"]);
            assert_eq!(config.hours.close.format("%H:%M").to_string(), "18:00");
            assert_eq!(config.zone, chrono_tz::Asia::Urumqi);
            let typo = Cli::try_parse_from(["frontdesk-server", "--set", "queue.ageing=25"]).unwrap();
            assert!(typo.config().unwrap_err().to_string().contains("ageing"));
            let bad = Cli::try_parse_from(["frontdesk-server", "--set", "queue.max_recalls=many"]).unwrap();
            let error = bad.config().unwrap_err().to_string();
            assert!(error.contains("queue.max_recalls"), "{error}");
            assert!(Cli::try_parse_from(["frontdesk-server", "--set", "no-equals"]).is_err());
            assert!(Cli::try_parse_from(["frontdesk-server", "--zone", "Mars/Olympus"]).is_err());
            Ok(())
        });
    }
}
