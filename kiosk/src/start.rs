//! Why the kiosk could not start: shared by its modes (`app`) and the in-process
//! server (`standalone`).

/// Why the kiosk could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The window could not open.
    #[error("cannot open the window: {0}")]
    Window(#[from] slint::PlatformError),
    /// The in-process server could not start.
    #[error("cannot start the server: {0}")]
    Server(String),
    /// No token.
    #[error("{0}")]
    Setup(String),
}
