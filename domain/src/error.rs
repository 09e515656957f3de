//! The one error type of the server's domain and use cases.
//!
//! The domain says *what* was refused — a stable [`ErrorReason`], a sentence and
//! facts for clients — and never which gRPC code that is: `grpc::status` holds the
//! one table from reason to code and turns an [`Error`] into a status with
//! `ErrorInfo` (and `BadRequest` for invalid input). Faults of the server itself are
//! [`Error::Internal`] with their cause, logged once there with the cause chain, and
//! reach the caller as a plain INTERNAL.

use crate::ErrorReason;

/// What is wrong with one field of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The request field, for example `plate` or `vehicles[1].vin`.
    pub field: String,
    /// The stable reason.
    pub reason: ErrorReason,
    /// A sentence for people.
    pub description: String,
}

/// Why a value failed to parse; the caller knows which field it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// The stable reason.
    pub reason: ErrorReason,
    /// A sentence for people.
    pub description: String,
}

impl Invalid {
    /// A parse failure with its reason and description.
    pub fn new(reason: ErrorReason, description: impl Into<String>) -> Self {
        Self { reason, description: description.into() }
    }

    /// An empty field that must be set: FIELD_REQUIRED.
    pub fn required(description: impl Into<String>) -> Self {
        Self::new(ErrorReason::FieldRequired, description)
    }

    /// Names the field the value came from.
    pub fn at(self, field: impl Into<String>) -> Violation {
        Violation { field: field.into(), reason: self.reason, description: self.description }
    }
}

/// The cause of an internal fault.
pub type Cause = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The metadata key of a rate limit's wait, in seconds (RetryInfo on the wire).
pub const RETRY_AFTER_SECS: &str = "retry_after_secs";

/// An error of the domain or a use case.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request has bad fields; every one is listed.
    #[error("{}", describe(.0))]
    Invalid(Vec<Violation>),
    /// The request is well-formed but is refused: the reason says why.
    #[error("{message}")]
    Refused {
        /// The stable reason.
        reason: ErrorReason,
        /// A sentence for people.
        message: String,
        /// Extra facts for clients, for example the existing confirmation code.
        metadata: Vec<(&'static str, String)>,
    },
    /// A fault of the server itself (the store, the disk, a bug): what it was doing,
    /// and the cause when there is one.
    #[error("internal: {context}")]
    Internal {
        /// What the server was doing.
        context: String,
        /// Why it failed.
        #[source]
        source: Option<Cause>,
    },
}

fn describe(violations: &[Violation]) -> String {
    violations.iter().map(|v| format!("{}: {}", v.field, v.description)).collect::<Vec<_>>().join("; ")
}

impl Error {
    /// A refusal with its reason and a sentence for people.
    pub fn refused(reason: ErrorReason, message: impl Into<String>) -> Self {
        Self::Refused { reason, message: message.into(), metadata: Vec::new() }
    }

    /// RATE_LIMITED, saying when a retry may succeed.
    pub fn rate_limited(retry_after_secs: u64) -> Self {
        Self::refused(
            ErrorReason::RateLimited,
            format!("too many lookups from this kiosk; try again in {retry_after_secs} s"),
        )
        .with(RETRY_AFTER_SECS, retry_after_secs.to_string())
    }

    /// A fault of the server with no cause beyond what it says.
    pub fn internal(context: impl Into<String>) -> Self {
        Self::Internal { context: context.into(), source: None }
    }

    /// A fault of the server and its cause.
    pub fn internal_from(context: impl Into<String>, source: impl Into<Cause>) -> Self {
        Self::Internal { context: context.into(), source: Some(source.into()) }
    }

    /// One invalid field.
    pub fn invalid(field: impl Into<String>, invalid: Invalid) -> Self {
        Self::Invalid(vec![invalid.at(field)])
    }

    /// Adds a metadata entry to a refusal; other errors are returned unchanged.
    pub fn with(mut self, key: &'static str, value: impl Into<String>) -> Self {
        if let Self::Refused { metadata, .. } = &mut self {
            metadata.push((key, value.into()));
        }
        self
    }

    /// The stable reason, when the error has one.
    pub fn reason(&self) -> Option<ErrorReason> {
        match self {
            Self::Invalid(v) => v.first().map(|v| v.reason),
            Self::Refused { reason, .. } => Some(*reason),
            Self::Internal { .. } => None,
        }
    }
}

/// The most characters of a caller's value an error message repeats.
pub const QUOTE_CHARS: usize = 24;

/// A caller's value as an error message may repeat it: at most [`QUOTE_CHARS`]
/// characters, then `…`, so a huge bad value never comes back whole.
pub fn quote(value: &str) -> String {
    let mut chars = value.chars();
    let head: String = chars.by_ref().take(QUOTE_CHARS).collect();
    if chars.next().is_some() { format!("{head}…") } else { head }
}

/// Joins two results of parsing: both values, or every violation of both.
pub fn both<A, B>(a: Result<A>, b: Result<B>) -> Result<(A, B)> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(Error::Invalid(mut x)), Err(Error::Invalid(y))) => {
            x.extend(y);
            Err(Error::Invalid(x))
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

/// Shorthand for results of the domain and the store.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Checks several fields at once and reports every bad one, not just the first.
///
/// ```text
/// let (plate, phone) = all_valid((
///     Plate::parse(&req.plate).map_err(|e| e.at("plate")),
///     Phone::parse(&req.phone).map_err(|e| e.at("phone")),
/// ))?;
/// ```
pub fn all_valid<T: Fields>(fields: T) -> Result<T::Values> {
    fields.collect()
}

/// A tuple of per-field results; see [`all_valid`].
pub trait Fields {
    /// The tuple of parsed values.
    type Values;
    /// All values, or every violation.
    fn collect(self) -> Result<Self::Values>;
}

macro_rules! impl_fields {
    ($($name:ident),+) => {
        impl<$($name),+> Fields for ($(std::result::Result<$name, Violation>,)+) {
            type Values = ($($name,)+);
            #[allow(non_snake_case)]
            fn collect(self) -> Result<Self::Values> {
                let ($($name,)+) = self;
                let mut violations = Vec::new();
                $(let $name = $name.map_err(|v| violations.push(v)).ok();)+
                match ($($name,)+) {
                    ($(Some($name),)+) => Ok(($($name,)+)),
                    _ => Err(Error::Invalid(violations)),
                }
            }
        }
    };
}

impl_fields!(A);
impl_fields!(A, B);
impl_fields!(A, B, C);
impl_fields!(A, B, C, D);
impl_fields!(A, B, C, D, E);
impl_fields!(A, B, C, D, E, F);
impl_fields!(A, B, C, D, E, F, G);
impl_fields!(A, B, C, D, E, F, G, H);
impl_fields!(A, B, C, D, E, F, G, H, I);
impl_fields!(A, B, C, D, E, F, G, H, I, J);

#[cfg(test)]
mod tests {
    use super::*;

    fn bad(field: &str) -> std::result::Result<u8, Violation> {
        Err(Invalid::new(ErrorReason::FieldInvalid, "bad").at(field))
    }

    #[test]
    fn all_valid_reports_every_bad_field_in_order() {
        let err = all_valid((bad("a"), Ok::<_, Violation>(1u8), bad("c"))).unwrap_err();
        let Error::Invalid(v) = err else { panic!("expected Invalid") };
        let fields: Vec<_> = v.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, ["a", "c"]);
    }

    #[test]
    fn a_quoted_value_is_cut_after_a_short_prefix() {
        assert_eq!(quote("沪A12345"), "沪A12345");
        let long = "保".repeat(50_000);
        let quoted = quote(&long);
        assert_eq!(quoted.chars().count(), QUOTE_CHARS + 1);
        assert!(quoted.ends_with('…'));
    }

    #[test]
    fn all_valid_returns_the_values_when_every_field_is_good() {
        let ok = all_valid((Ok::<_, Violation>(1u8), Ok::<_, Violation>("x"))).unwrap();
        assert_eq!(ok, (1, "x"));
    }
}
