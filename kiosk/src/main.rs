//! `frontdesk-kiosk`: the touch kiosk, the lobby display, or both server and kiosk in
//! one process with `--standalone`.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    match frontdesk_kiosk::app::run(frontdesk_kiosk::app::Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("frontdesk-kiosk: {error}");
            ExitCode::FAILURE
        }
    }
}
