//! `--standalone`: the server in this process, on the embedded SQLite default with
//! demo data. Built with the `standalone` feature (on by default); a kiosk built
//! without it (`--no-default-features`) talks to a server elsewhere and carries none
//! of the server's crates.

use std::path::Path;

use crate::start::StartError;

#[cfg(feature = "standalone")]
pub use with_server::*;
#[cfg(not(feature = "standalone"))]
pub use without_server::*;

#[cfg(feature = "standalone")]
mod with_server {
    use super::*;

    /// The server running in this process.
    pub type Server = frontdesk_server::Running;

    /// Starts the server in this process with demo data; returns it (keep it alive).
    pub async fn start(data_dir: &Path) -> Result<Server, StartError> {
        let mut config =
            frontdesk_server::Config { data_dir: data_dir.to_owned(), ..frontdesk_server::Config::default() };
        if std::net::TcpListener::bind(config.listen).is_err() {
            config.listen = "127.0.0.1:0".parse().map_err(|e| StartError::Server(format!("{e}")))?;
        }
        let app = frontdesk_server::open_app(&config, frontdesk_server::system_clock())
            .map_err(|e| StartError::Server(e.to_string()))?;
        let running = frontdesk_server::spawn(config.clone(), app.clone())
            .await
            .map_err(|e| StartError::Server(e.to_string()))?;
        let seeded = frontdesk_server::demo::seed(&app, data_dir, &running.url())
            .await
            .map_err(|e| StartError::Server(e.to_string()))?;
        if seeded.seeded {
            println!("demo store seeded in {}", config.database_path().display());
        }
        println!("demo tokens: {}", seeded.token_file.display());
        if let Some(note) = frontdesk_server::demo::closed_note(&app) {
            println!("{note}");
        }
        println!("frontdesk-server listening on {}", running.url());
        tracing::info!(url = %running.url(), "server running in this process");
        Ok(running)
    }

    /// Without a screen, `--standalone` still serves: staff clients, a display on
    /// another machine and a kiosk elsewhere can use it until SIGINT or SIGTERM.
    pub fn serve_headless(
        runtime: &tokio::runtime::Runtime,
        server: Server,
        why: &slint::PlatformError,
    ) -> Result<(), StartError> {
        eprintln!(
            "frontdesk-kiosk: no window can open here ({why}); the server keeps serving at {} \
             without the kiosk. Ctrl-C stops it.",
            server.url()
        );
        runtime.block_on(async {
            frontdesk_server::shutdown_signal().map_err(|e| StartError::Setup(e.to_string()))?.await;
            server.stop().await.map_err(|e| StartError::Server(e.to_string()))
        })
    }

    /// Stops the server in this process.
    pub async fn stop(server: Server) -> Result<(), StartError> {
        server.stop().await.map_err(|e| StartError::Server(e.to_string()))
    }
}

#[cfg(not(feature = "standalone"))]
mod without_server {
    use super::*;

    /// No server runs in a kiosk built without `standalone`.
    pub enum Server {}

    impl Server {
        /// The address it would listen on.
        pub fn url(&self) -> String {
            match *self {}
        }
    }

    /// `--standalone` in a kiosk built without the server.
    pub async fn start(_data_dir: &Path) -> Result<Server, StartError> {
        Err(StartError::Setup(
            "this kiosk was built without --standalone (cargo's `standalone` feature); point it at a server with --server"
                .into(),
        ))
    }

    /// Never called: there is no server to serve without a window.
    pub fn serve_headless(
        _runtime: &tokio::runtime::Runtime,
        server: Server,
        _why: &slint::PlatformError,
    ) -> Result<(), StartError> {
        match server {}
    }

    /// Never called: there is no server to stop.
    pub async fn stop(server: Server) -> Result<(), StartError> {
        match server {}
    }
}
