//! The one mapping from the domain's [`Error`] to a gRPC [`Status`].
//!
//! Every rejection carries `google.rpc.ErrorInfo` with the stable reason (domain
//! `frontdesk.v1`); invalid input also carries `google.rpc.BadRequest` naming every
//! bad field; RATE_LIMITED carries `RetryInfo`. Storage and internal faults are
//! logged with their cause and reach the caller as a bare INTERNAL.

use std::collections::HashMap;
use std::time::Duration;

use frontdesk_proto::ERROR_DOMAIN;

use crate::domain::ErrorReason;
use tonic::{Code, Status};
use tonic_types::{ErrorDetails, FieldViolation, StatusExt};

use crate::domain::error::RETRY_AFTER_SECS;
use crate::domain::limits::{ERROR_DETAIL_CHARS, ERROR_MESSAGE_CHARS, VIOLATIONS_LISTED, cut};
use crate::domain::{Error, Violation};

/// The one table from a reason to its gRPC code: the domain says what was refused,
/// this says how the wire calls it. `errors.proto` names the same code in each
/// reason's comment, and a test holds the two together. Long on purpose: one line
/// per reason, and splitting the table would defeat it.
pub fn code_of(reason: ErrorReason) -> Code {
    use ErrorReason as R;
    match reason {
        R::FieldRequired
        | R::FieldInvalid
        | R::PlateInvalid
        | R::PhoneInvalid
        | R::PhoneLast4Invalid
        | R::NameInvalid
        | R::ServiceCodeUnknown
        | R::SlotInvalid
        | R::DateInvalid
        | R::RequestIdInvalid
        | R::PageTokenInvalid
        | R::ConfirmationCodeInvalid
        | R::OverbookReasonRequired => Code::InvalidArgument,
        R::SlotFull
        | R::SlotInPast
        | R::SlotTooSoon
        | R::SlotBeyondHorizon
        | R::OutsideOpeningHours
        | R::DateClosed
        | R::DailyCapacityReached
        | R::AppointmentNotActive
        | R::AppointmentNotDue
        | R::PhoneMismatch
        | R::AdvisorInactive
        | R::AdvisorNotAvailable
        | R::AdvisorBusy
        | R::TicketStateInvalid
        | R::PhoneRequired
        | R::AppointmentNotToday
        | R::ArrivalTimeInvalid
        | R::StageTransitionInvalid
        | R::VisitAlreadyOpen
        | R::AdvisorNotSkilled
        | R::TopicRepeated
        | R::FollowUpClosed
        | R::EscalationResolved
        | R::LetterAlreadySent
        | R::EscalationOpen
        | R::CustomerAlreadyTold
        | R::AttemptNotDue
        | R::EscalationReported
        | R::EstimateNotApproved
        | R::EstimatePending
        | R::EstimateChanged
        | R::EstimateDecided
        | R::LineNotApproved
        | R::WorkOrderClosed
        | R::DiscountNeedsApproval
        | R::SettlementRequired
        | R::SettlementUnpaid
        | R::PaymentExceedsDue
        | R::SettlementLocked
        | R::PartAlreadyOrdered
        | R::PartAlreadyArrived
        | R::NoWarrantyLines
        | R::ClaimStateInvalid
        | R::RecallClosed => Code::FailedPrecondition,
        R::AppointmentExists
        | R::RequestIdReused
        | R::PlateTaken
        | R::PhoneTaken
        | R::CounterTaken
        | R::ClaimExists => Code::AlreadyExists,
        R::AppointmentNotFound
        | R::CustomerNotFound
        | R::AdvisorNotFound
        | R::TicketNotFound
        | R::QueueEmpty
        | R::VisitNotFound
        | R::FollowUpNotFound
        | R::EscalationNotFound
        | R::LetterNotFound
        | R::EstimateNotFound
        | R::PartOrderNotFound
        | R::ClaimNotFound
        | R::RecallNotFound => Code::NotFound,
        R::TokenMissing | R::TokenInvalid => Code::Unauthenticated,
        R::RoleNotAllowed | R::NotYourTicket | R::NotYourFollowUp => Code::PermissionDenied,
        R::RateLimited => Code::ResourceExhausted,
    }
}

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

/// A use case's result on the wire.
pub trait Wire<T> {
    /// The value, or the error as its gRPC status.
    fn wire(self) -> Result<T, Status>;
}

impl<T> Wire<T> for crate::domain::Result<T> {
    fn wire(self) -> Result<T, Status> {
        self.map_err(status)
    }
}

/// A domain reason as the protobuf enum value of the same name (for fields such as a
/// slot's `unavailable_reason`).
pub fn wire_reason(reason: ErrorReason) -> frontdesk_proto::ErrorReason {
    frontdesk_proto::ErrorReason::from_str_name(&format!("ERROR_REASON_{}", reason.code()))
        .unwrap_or(frontdesk_proto::ErrorReason::Unspecified)
}

/// The cause chain of an internal fault, `a: b: c`, for the log.
fn causes(mut next: Option<&(dyn std::error::Error + 'static)>) -> String {
    let mut chain = Vec::new();
    while let Some(cause) = next {
        chain.push(cause.to_string());
        next = cause.source();
    }
    chain.join(": ")
}

/// A domain error as a gRPC status: the one conversion from what was refused to the
/// wire (the error and `Status` live in other crates, so this is a function, and
/// [`Wire`] lets handlers write `.wire()?`).
pub fn status(error: Error) -> Status {
    {
        match error {
            Error::Invalid(violations) => {
                let reason = violations.first().map(|v| v.reason.code()).unwrap_or("FIELD_INVALID");
                let (message, fields) = bounded(violations);
                let mut details = ErrorDetails::with_bad_request(fields);
                details.set_error_info(reason, ERROR_DOMAIN, HashMap::new());
                Status::with_error_details(Code::InvalidArgument, message, details)
            }
            Error::Refused { reason, message, metadata } => {
                let message = cut(&message, ERROR_MESSAGE_CHARS);
                let retry = metadata.iter().find(|(k, _)| *k == RETRY_AFTER_SECS).and_then(|(_, v)| v.parse().ok());
                let metadata: HashMap<String, String> =
                    metadata.into_iter().map(|(k, v)| (k.to_owned(), cut(&v, ERROR_DETAIL_CHARS))).collect();
                let mut details = ErrorDetails::with_error_info(reason.code(), ERROR_DOMAIN, metadata);
                if let Some(secs) = retry {
                    details.set_retry_info(Some(Duration::from_secs(secs)));
                }
                Status::with_error_details(code_of(reason), message, details)
            }
            Error::Internal { context, source } => {
                // Logged once, here, with the whole cause chain; the caller learns nothing of it.
                let chain = causes(source.as_deref().map(|e| e as &(dyn std::error::Error + 'static)));
                tracing::error!(%context, causes = %chain, "internal error");
                Status::internal("internal error")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Invalid;
    use frontdesk_proto::{bad_fields, reason_of};

    /// Every reason of `errors.proto` with the code its comment names, read from the
    /// proto file itself.
    fn reasons_in_the_proto() -> Vec<(String, String)> {
        let proto = include_str!("../../../proto/frontdesk/v1/errors.proto");
        let mut found = Vec::new();
        let mut comment = String::new();
        for line in proto.lines().map(str::trim) {
            if let Some(text) = line.strip_prefix("//") {
                if comment.is_empty() {
                    comment = text.trim().to_owned();
                }
            } else if let Some(name) = line.strip_prefix("ERROR_REASON_") {
                let name = name.split_whitespace().next().unwrap_or_default().to_owned();
                let code = comment.split(':').next().unwrap_or_default().to_owned();
                found.push((name, code));
                comment.clear();
            } else {
                comment.clear();
            }
        }
        found
    }

    #[test]
    fn every_reason_has_exactly_the_code_its_proto_comment_names() {
        let reasons = reasons_in_the_proto();
        assert!(reasons.len() > 60, "{} reasons read", reasons.len());
        for (name, code) in reasons.iter().filter(|(n, _)| n != "UNSPECIFIED") {
            let reason: ErrorReason = name.parse().unwrap_or_else(|_| panic!("{name} is not a reason of the domain"));
            assert_eq!(wire_reason(reason).as_str_name(), format!("ERROR_REASON_{name}"), "on the wire by its name");
            let wire = format!("{:?}", code_of(reason));
            let wire: String = wire
                .chars()
                .enumerate()
                .flat_map(|(i, c)| if c.is_uppercase() && i > 0 { vec!['_', c] } else { vec![c.to_ascii_uppercase()] })
                .collect();
            assert_eq!(&wire, code, "{name}: the table says {wire}, errors.proto says {code}");
        }
        let every = (0..200).filter_map(|n| frontdesk_proto::ErrorReason::try_from(n).ok()).count();
        assert_eq!(every, reasons.len(), "every value of the protobuf enum is in the file, once");
        use strum::IntoEnumIterator;
        assert_eq!(ErrorReason::iter().count() + 1, reasons.len(), "and the domain has each of them but UNSPECIFIED");
    }

    #[test]
    fn invalid_input_names_every_field_and_the_first_reason() {
        let error = Error::Invalid(vec![
            Invalid::new(ErrorReason::PlateInvalid, "bad plate").at("plate"),
            Invalid::new(ErrorReason::PhoneInvalid, "bad phone").at("phone"),
        ]);
        let status = status(error);
        assert_eq!(status.code(), Code::InvalidArgument);
        assert_eq!(reason_of(&status), Some(frontdesk_proto::ErrorReason::PlateInvalid));
        assert_eq!(bad_fields(&status), ["plate", "phone"]);
    }

    #[test]
    fn thousands_of_bad_fields_and_huge_values_make_a_small_error() {
        let long = "保".repeat(2_000);
        let mut violations: Vec<_> = (0..10_000)
            .map(|i| Invalid::new(ErrorReason::FieldInvalid, long.clone()).at(format!("vehicles[{i}]")))
            .collect();
        violations[0].description = "保".repeat(1_000_000);
        let status = status(Error::Invalid(violations));
        assert_eq!(bad_fields(&status).len(), VIOLATIONS_LISTED);
        assert!(status.message().ends_with("(and 9980 more)"), "{}", &status.message()[status.message().len() - 40..]);
        // On the wire: the details base64-encoded, the message percent-encoded.
        let wire = status.details().len() * 4 / 3 + status.message().len() * 3;
        assert!(wire < 16 * 1024, "{wire} bytes of metadata");
    }

    #[test]
    fn rejections_keep_their_code_reason_and_metadata() {
        let status =
            status(Error::refused(ErrorReason::AppointmentExists, "exists").with("confirmation_code", "ABC234"));
        assert_eq!(status.code(), Code::AlreadyExists);
        assert_eq!(reason_of(&status), Some(frontdesk_proto::ErrorReason::AppointmentExists));
        let info = status.get_details_error_info().unwrap();
        assert_eq!(info.metadata.get("confirmation_code").map(String::as_str), Some("ABC234"));
    }

    #[test]
    fn rate_limits_say_when_to_retry() {
        let status = status(Error::rate_limited(7));
        assert_eq!(status.code(), Code::ResourceExhausted);
        assert_eq!(status.get_details_retry_info().unwrap().retry_delay, Some(Duration::from_secs(7)));
    }

    #[test]
    fn internal_faults_reveal_nothing() {
        let status = status(Error::internal("disk on fire at /var/secret"));
        assert_eq!(status.code(), Code::Internal);
        assert!(!status.message().contains("secret"));
        assert_eq!(reason_of(&status), None);
    }
}
