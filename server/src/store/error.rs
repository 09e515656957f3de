//! What can go wrong in the store, and how it reaches the use cases.

/// A failure of a store function.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed (the disk, a constraint the schema backs, a corrupt file).
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A rule the store enforces as it writes (a full slot, a reused request id) or
    /// a stored value it cannot read back.
    #[error(transparent)]
    Domain(#[from] crate::domain::Error),
}

impl StoreError {
    /// The stable reason of a refusal the store made; none for SQLite's own failures.
    pub fn reason(&self) -> Option<crate::domain::ErrorReason> {
        match self {
            Self::Domain(error) => error.reason(),
            Self::Sqlite(_) => None,
        }
    }
}

/// Shorthand for the results of store functions.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A store failure as a use case sees it: a refusal the store made stays that
/// refusal; SQLite's own failure is a fault of the server, with SQLite's error as its
/// cause (logged once, in `grpc::status`).
impl From<StoreError> for crate::domain::Error {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Sqlite(cause) => Self::internal_from("storage", cause),
            StoreError::Domain(error) => error,
        }
    }
}
