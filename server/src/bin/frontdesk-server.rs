//! `frontdesk-server`: serve, migrate, create tokens, back up.

use std::process::ExitCode;

use clap::Parser;
use frontdesk_server::cli::{Cli, Command, TokenCommand};
use frontdesk_server::config::{Config, LogFormat};
use frontdesk_server::{ServeError, demo, open_app, serve, shutdown_signal, store, system_clock};
use tokio::net::TcpListener;

fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match format {
        LogFormat::Human => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

fn client_addr(config: &Config, bound: std::net::SocketAddr) -> String {
    let scheme = if config.tls.is_some() { "https" } else { "http" };
    let host = if bound.ip().is_unspecified() { "127.0.0.1".to_owned() } else { bound.ip().to_string() };
    format!("{scheme}://{host}:{}", bound.port())
}

async fn run_serve(config: Config, demo_mode: bool) -> Result<(), ServeError> {
    let app = open_app(&config, system_clock())?;
    let listener = TcpListener::bind(config.listen)
        .await
        .map_err(|e| ServeError::Io(format!("cannot listen on {}: {e}", config.listen)))?;
    let bound = listener.local_addr().map_err(|e| ServeError::Io(e.to_string()))?;
    let addr = client_addr(&config, bound);
    if demo_mode {
        let seeded = demo::seed(&app, &config.data_dir, &addr).await?;
        if seeded.seeded {
            println!("demo store seeded in {}", config.database_path().display());
        }
        println!("demo tokens: {}", seeded.token_file.display());
        if let Some(note) = demo::closed_note(&app) {
            println!("{note}");
        }
    }
    let shutdown = shutdown_signal()?;
    println!("frontdesk-server listening on {addr}");
    tracing::info!(%addr, database = %config.database_path().display(), "serving");
    serve(&config, app, listener, shutdown).await
}

fn token_table(rows: &[store::tokens::TokenRow], zone: chrono_tz::Tz) -> String {
    let when = |secs: i64| {
        chrono::DateTime::from_timestamp(secs, 0)
            .map_or_else(String::new, |t| t.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string())
    };
    let mut table = comfy_table::Table::new();
    table.load_style(comfy_table::presets::NOTHING).set_header(["id", "role", "staff", "label", "created", "revoked"]);
    for t in rows {
        let staff = t.advisor_id.map_or_else(String::new, |id| id.to_string());
        let revoked = t.revoked_at.map_or_else(String::new, when);
        table.add_row([t.id.to_string(), t.role.clone(), staff, t.label.clone(), when(t.created_at), revoked]);
    }
    table.to_string()
}

async fn run(cli: Cli) -> Result<(), String> {
    let config = cli.config().map_err(|e| e.to_string())?;
    init_logging(config.log_format);
    match cli.command {
        None | Some(Command::Serve(_)) => run_serve(config, cli.demo()).await.map_err(|e| e.to_string()),
        Some(Command::Migrate) => {
            std::fs::create_dir_all(&config.data_dir).map_err(|e| e.to_string())?;
            let (_, migrated) =
                store::open_writer(&config.database_path(), config.durability).map_err(|e| e.to_string())?;
            println!(
                "database {} at schema version {} (was {})",
                config.database_path().display(),
                migrated.to,
                migrated.from
            );
            Ok(())
        }
        Some(Command::Token(TokenCommand::Create { role, advisor, label })) => {
            let app = open_app(&config, system_clock()).map_err(|e| e.to_string())?;
            let token = app.create_token(role, advisor, label).await.map_err(|e| e.to_string())?;
            app.store.close();
            println!("{token}");
            Ok(())
        }
        Some(Command::Token(TokenCommand::List)) => {
            let app = open_app(&config, system_clock()).map_err(|e| e.to_string())?;
            let rows = app.tokens().await.map_err(|e| e.to_string())?;
            app.store.close();
            println!("{}", token_table(&rows, config.zone));
            Ok(())
        }
        Some(Command::Token(TokenCommand::Revoke { id })) => {
            let app = open_app(&config, system_clock()).map_err(|e| e.to_string())?;
            let revoked = app.revoke_token(id).await.map_err(|e| e.to_string());
            app.store.close();
            revoked?;
            println!("token {id} revoked");
            Ok(())
        }
        Some(Command::Backup { to }) => {
            if !config.database_path().exists() {
                return Err(format!("no database at {}", config.database_path().display()));
            }
            store::backup_file(&config.database_path(), &to).map_err(|e| e.to_string())?;
            println!("backed up {} to {}", config.database_path().display(), to.display());
            Ok(())
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("frontdesk-server: {message}");
            ExitCode::FAILURE
        }
    }
}
