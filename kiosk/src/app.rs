//! The kiosk's modes: the kiosk (against a server), `--standalone` (the server in the
//! same process on the embedded SQLite default with demo data), and `--display`.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono_tz::Tz;
use clap::Parser;
use frontdesk_proto::client::{BearerToken, Connection};
use slint::ComponentHandle;

use crate::board::Board;
use crate::driver::{Driver, Patience, Provisional};
use crate::flow::{Controller, Timing};
use crate::outbox::Outbox;
use crate::standalone::Server;
use crate::ui::{self, Runner};

/// The frontdesk kiosk: self check-in, booking and repair progress at the entrance,
/// or (with --display) the lobby display that calls tickets to counters.
#[derive(Debug, Parser)]
#[command(name = "frontdesk-kiosk", version)]
pub struct Args {
    /// Server address [default: from the demo token file, else http://127.0.0.1:50051].
    #[arg(long, env = "FRONTDESK_ADDR", value_name = "URL")]
    pub server: Option<String>,
    /// A kiosk-role API token [default: the kiosk token of the demo token file].
    #[arg(long, env = "FRONTDESK_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// The server's data directory, where `--demo` writes its token file.
    #[arg(long, env = "FRONTDESK_DATA_DIR", default_value = "./frontdesk-data", value_name = "DIR")]
    pub data_dir: PathBuf,
    /// Where the kiosk keeps its outbox of requests made while the server was unreachable.
    #[arg(long, env = "FRONTDESK_KIOSK_DIR", default_value = "./kiosk-data", value_name = "DIR")]
    pub kiosk_dir: PathBuf,
    /// Run the server in this process on the embedded SQLite default with demo data.
    #[arg(long)]
    pub standalone: bool,
    /// Show the lobby display instead of the kiosk.
    #[arg(long)]
    pub display: bool,
    /// Lay out for a landscape screen (1920×1080) instead of portrait (1080×1920).
    #[arg(long)]
    pub landscape: bool,
    /// Fill the screen.
    #[arg(long)]
    pub fullscreen: bool,
    /// Start in English instead of Chinese.
    #[arg(long)]
    pub english: bool,
    /// Seconds without a touch before the reset countdown.
    #[arg(long, default_value_t = 60, value_name = "S")]
    pub idle_seconds: u32,
    /// Seconds of the reset countdown.
    #[arg(long, default_value_t = 10, value_name = "S")]
    pub countdown_seconds: u32,
    /// Seconds a ticket, booking or progress screen stays before going home.
    #[arg(long, default_value_t = 30, value_name = "S")]
    pub result_seconds: u32,
    /// This kiosk's tag in the provisional numbers it gives while the server is
    /// unreachable (`L-0412-07`): 1 to 4 letters or digits, different on every kiosk.
    #[arg(long, default_value = "L", value_parser = kiosk_tag)]
    pub kiosk_tag: String,
    /// The store's IANA time zone.
    #[arg(long, env = "FRONTDESK_ZONE", default_value = "Asia/Shanghai")]
    pub zone: Tz,
    /// With --display: call tickets out loud with espeak-ng, when installed.
    #[arg(long)]
    pub voice: bool,
    /// For the desk: list what the outbox still holds (check-ins and bookings made while
    /// the server was unreachable, and those it refused for good), then exit.
    #[arg(long)]
    pub outbox: bool,
}

fn kiosk_tag(text: &str) -> Result<String, String> {
    let tag = text.trim().to_ascii_uppercase();
    if (1..=4).contains(&tag.len()) && tag.chars().all(|c| c.is_ascii_alphanumeric()) {
        Ok(tag)
    } else {
        Err("1 to 4 letters or digits, for example L or K2".into())
    }
}

pub use crate::start::StartError;

fn token_file(data_dir: &Path) -> (Option<String>, Option<String>) {
    let path = data_dir.join(frontdesk_proto::client::DEMO_TOKEN_FILE);
    let Ok(text) = std::fs::read_to_string(path) else { return (None, None) };
    let Ok(table) = text.parse::<toml::Table>() else { return (None, None) };
    let addr = table.get("addr").and_then(|v| v.as_str()).map(str::to_owned);
    let kiosk = table.get("tokens").and_then(|t| t.get("kiosk")).and_then(|v| v.as_str()).map(str::to_owned);
    (addr, kiosk)
}

/// Prints the outbox for the desk.
fn show_outbox(dir: &Path, zone: Tz) -> Result<(), StartError> {
    let path = dir.join("outbox.pb");
    if !path.exists() {
        println!("{}: no outbox (nothing was ever kept offline)", path.display());
        return Ok(());
    }
    let entries = Outbox::open(&path).map_err(|e| StartError::Setup(e.to_string()))?.entries();
    let entries = entries.map_err(|e| StartError::Setup(e.to_string()))?;
    if entries.is_empty() {
        println!("the outbox is empty: everything kept offline reached the server");
    }
    for e in entries {
        let state = if e.failed { format!("REFUSED {}", e.error) } else { "waiting to be sent".to_owned() };
        let kept = e.kept_at.with_timezone(&zone).format("%Y-%m-%d %H:%M");
        println!("{:>4}  {kept}  {:<24}  {}  ({} attempt(s))", e.id, state, e.what, e.attempts);
    }
    Ok(())
}

/// Runs the kiosk or the display until the window closes.
pub fn run(args: Args) -> Result<(), StartError> {
    if args.outbox {
        return show_outbox(&args.kiosk_dir, args.zone);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| StartError::Setup(format!("cannot start the runtime: {e}")))?;
    let server = if args.standalone { Some(runtime.block_on(crate::standalone::start(&args.data_dir))?) } else { None };
    let conn = connection(&args, &runtime, server.as_ref())?;
    if args.display {
        return run_display(&args, &runtime, conn);
    }
    run_kiosk(&args, &runtime, conn, server)
}

/// The connection to the server: the one in this process, `--server`, or the address
/// of the demo token file; with `--token` or the token file's kiosk token.
fn connection(
    args: &Args,
    runtime: &tokio::runtime::Runtime,
    server: Option<&Server>,
) -> Result<Connection, StartError> {
    let (file_addr, file_token) = token_file(&args.data_dir);
    let url = match (server, &args.server) {
        (Some(server), _) => server.url(),
        (None, Some(url)) => url.clone(),
        (None, None) => file_addr.unwrap_or_else(|| "http://127.0.0.1:50051".into()),
    };
    let token = args.token.clone().or(file_token).ok_or_else(|| {
        StartError::Setup(format!(
            "no kiosk token: pass --token or FRONTDESK_TOKEN, run `frontdesk-server --demo`, or use --standalone ({} has none)",
            args.data_dir.join(frontdesk_proto::client::DEMO_TOKEN_FILE).display()
        ))
    })?;
    let bearer = BearerToken::new(&token).map_err(|e| StartError::Setup(e.to_string()))?;
    let _guard = runtime.enter();
    Connection::lazy(&url, bearer).map_err(|e| StartError::Setup(format!("bad server address {url}: {e}")))
}

/// Runs the kiosk window (and sends the outbox meanwhile); a `--standalone` server
/// keeps serving without it when no window can open.
fn run_kiosk(
    args: &Args,
    runtime: &tokio::runtime::Runtime,
    conn: Connection,
    mut server: Option<Server>,
) -> Result<(), StartError> {
    std::fs::create_dir_all(&args.kiosk_dir)
        .map_err(|e| StartError::Setup(format!("cannot create {}: {e}", args.kiosk_dir.display())))?;
    if args.kiosk_dir.join("outbox.sqlite3").exists() {
        tracing::warn!(
            dir = %args.kiosk_dir.display(),
            "outbox.sqlite3 is an earlier kiosk's outbox (this kiosk keeps it in outbox.pb): \
             send what it holds with that kiosk before removing it"
        );
    }
    let outbox = Outbox::open(&args.kiosk_dir.join("outbox.pb")).map_err(|e| StartError::Setup(e.to_string()))?;
    runtime.spawn(crate::driver::keep_sending(outbox.clone(), conn.clone()));
    let timing =
        Timing { idle_after: args.idle_seconds, countdown: args.countdown_seconds, result_screen: args.result_seconds };
    let controller = Controller::new(timing, args.zone, Arc::new(chrono::Utc::now));
    let numbering = Provisional { tag: args.kiosk_tag.clone(), zone: args.zone };
    let driver = Driver::new(conn, outbox, Patience::default()).numbering(numbering);
    let runner = Runner::Spawn(runtime.handle().clone());
    let kiosk = match ui::connect(controller, driver, runner, args.english, args.landscape) {
        Ok(kiosk) => kiosk,
        Err(why) => match server.take() {
            Some(server) => return crate::standalone::serve_headless(runtime, server, &why),
            None => return Err(why.into()),
        },
    };
    if args.fullscreen {
        kiosk.window.window().set_fullscreen(true);
    }
    kiosk.window.run()?;
    if let Some(server) = server {
        runtime.block_on(crate::standalone::stop(server))?;
    }
    Ok(())
}

fn run_display(args: &Args, runtime: &tokio::runtime::Runtime, conn: Connection) -> Result<(), StartError> {
    let window = crate::LobbyDisplay::new()?;
    ui::select_language(args.english);
    let board = Arc::new(Mutex::new(Board { reconnecting: true, ..Board::default() }));
    crate::display::render(&window, &board.lock().unwrap_or_else(std::sync::PoisonError::into_inner), args.english);
    let clock = slint::Timer::default();
    let (weak, zone) = (window.as_weak(), args.zone);
    clock.start(slint::TimerMode::Repeated, Duration::from_secs(1), move || {
        if let Some(w) = weak.upgrade() {
            let now = chrono::Utc::now().with_timezone(&zone).format("%H:%M").to_string();
            w.global::<crate::slint_generated::LobbyAdapter>().set_clock(now.into());
        }
    });
    runtime.spawn(crate::display::follow(conn, board, window.as_weak(), args.english, args.voice));
    if args.fullscreen {
        window.window().set_fullscreen(true);
    }
    window.run()?;
    Ok(())
}
