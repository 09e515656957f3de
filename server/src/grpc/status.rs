//! The one mapping from the domain's [`Error`] to a gRPC [`Status`].
//!
//! Every rejection carries `google.rpc.ErrorInfo` with the stable reason (domain
//! `frontdesk.v1`); invalid input also carries `google.rpc.BadRequest` naming every
//! bad field; RATE_LIMITED carries `RetryInfo`. Storage and internal faults are
//! logged with their cause and reach the caller as a bare INTERNAL.

use std::collections::HashMap;
use std::time::Duration;

use frontdesk_proto::ERROR_DOMAIN;
use tonic::{Code, Status};
use tonic_types::{ErrorDetails, FieldViolation, StatusExt};

use crate::domain::limits::{ERROR_DETAIL_CHARS, ERROR_MESSAGE_CHARS, VIOLATIONS_LISTED, cut};
use crate::domain::{Error, Rejection, Violation};

/// The message and field violations of invalid input, kept small: at most
/// [`VIOLATIONS_LISTED`] fields (the message counts the rest), every text cut to its
/// limit, so a request with thousands of bad fields or huge values gets an error any
/// client can read (default gRPC clients accept 16 KiB of metadata).
fn bounded(mut violations: Vec<Violation>) -> (String, Vec<FieldViolation>) {
    let unlisted = violations.len().saturating_sub(VIOLATIONS_LISTED);
    violations.truncate(VIOLATIONS_LISTED);
    let mut message = cut(&Error::Invalid(violations.clone()).to_string(), ERROR_MESSAGE_CHARS);
    if unlisted > 0 {
        message.push_str(&format!(" (and {unlisted} more)"));
    }
    let fields = violations
        .into_iter()
        .map(|v| FieldViolation {
            field: cut(&v.field, ERROR_DETAIL_CHARS),
            description: cut(&v.description, ERROR_DETAIL_CHARS),
            reason: v.reason.code().to_owned(),
            localized_message: None,
        })
        .collect();
    (message, fields)
}

impl From<Error> for Status {
    fn from(error: Error) -> Self {
        match error {
            Error::Invalid(violations) => {
                let reason = violations.first().map(|v| v.reason.code()).unwrap_or("FIELD_INVALID");
                let (message, fields) = bounded(violations);
                let mut details = ErrorDetails::with_bad_request(fields);
                details.set_error_info(reason, ERROR_DOMAIN, HashMap::new());
                Status::with_error_details(Code::InvalidArgument, message, details)
            }
            Error::Rejected { kind, reason, message, metadata } => {
                let message = cut(&message, ERROR_MESSAGE_CHARS);
                let metadata: HashMap<String, String> =
                    metadata.into_iter().map(|(k, v)| (k.to_owned(), cut(&v, ERROR_DETAIL_CHARS))).collect();
                let mut details = ErrorDetails::with_error_info(reason.code(), ERROR_DOMAIN, metadata);
                let code = match kind {
                    Rejection::NotFound => Code::NotFound,
                    Rejection::AlreadyExists => Code::AlreadyExists,
                    Rejection::FailedPrecondition => Code::FailedPrecondition,
                    Rejection::Unauthenticated => Code::Unauthenticated,
                    Rejection::PermissionDenied => Code::PermissionDenied,
                    Rejection::ResourceExhausted { retry_after_secs } => {
                        details.set_retry_info(Some(Duration::from_secs(retry_after_secs)));
                        Code::ResourceExhausted
                    }
                };
                Status::with_error_details(code, message, details)
            }
            Error::Storage(cause) => {
                tracing::error!(error = %cause, "storage error");
                Status::internal("internal error")
            }
            Error::Internal(cause) => {
                tracing::error!(error = %cause, "internal error");
                Status::internal("internal error")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Invalid;
    use frontdesk_proto::{ErrorReason, bad_fields, reason_of};

    #[test]
    fn invalid_input_names_every_field_and_the_first_reason() {
        let error = Error::Invalid(vec![
            Invalid::new(ErrorReason::PlateInvalid, "bad plate").at("plate"),
            Invalid::new(ErrorReason::PhoneInvalid, "bad phone").at("phone"),
        ]);
        let status = Status::from(error);
        assert_eq!(status.code(), Code::InvalidArgument);
        assert_eq!(reason_of(&status), Some(ErrorReason::PlateInvalid));
        assert_eq!(bad_fields(&status), ["plate", "phone"]);
    }

    #[test]
    fn thousands_of_bad_fields_and_huge_values_make_a_small_error() {
        let long = "保".repeat(2_000);
        let mut violations: Vec<_> = (0..10_000)
            .map(|i| Invalid::new(ErrorReason::FieldInvalid, long.clone()).at(format!("vehicles[{i}]")))
            .collect();
        violations[0].description = "保".repeat(1_000_000);
        let status = Status::from(Error::Invalid(violations));
        assert_eq!(bad_fields(&status).len(), VIOLATIONS_LISTED);
        assert!(status.message().ends_with("(and 9980 more)"), "{}", &status.message()[status.message().len() - 40..]);
        // On the wire: the details base64-encoded, the message percent-encoded.
        let wire = status.details().len() * 4 / 3 + status.message().len() * 3;
        assert!(wire < 16 * 1024, "{wire} bytes of metadata");
    }

    #[test]
    fn rejections_keep_their_code_reason_and_metadata() {
        let status =
            Status::from(Error::exists(ErrorReason::AppointmentExists, "exists").with("confirmation_code", "ABC234"));
        assert_eq!(status.code(), Code::AlreadyExists);
        assert_eq!(reason_of(&status), Some(ErrorReason::AppointmentExists));
        let info = status.get_details_error_info().unwrap();
        assert_eq!(info.metadata.get("confirmation_code").map(String::as_str), Some("ABC234"));
    }

    #[test]
    fn rate_limits_say_when_to_retry() {
        let status = Status::from(Error::rate_limited(7));
        assert_eq!(status.code(), Code::ResourceExhausted);
        assert_eq!(status.get_details_retry_info().unwrap().retry_delay, Some(Duration::from_secs(7)));
    }

    #[test]
    fn internal_faults_reveal_nothing() {
        let status = Status::from(Error::Internal("disk on fire at /var/secret".into()));
        assert_eq!(status.code(), Code::Internal);
        assert!(!status.message().contains("secret"));
        assert_eq!(reason_of(&status), None);
    }
}
