//! What a failed call means to the kiosk: not reached (retry, keep it for later), or
//! refused, with the reason the server gave in its `ErrorInfo`. The kiosk never shows
//! `Status.message`.

use chrono::{DateTime, Utc};
use frontdesk_proto::v1 as pb;
use frontdesk_proto::{ErrorReason, reason_of};
use tonic::Code;
use tonic_types::StatusExt;

use crate::flow::{Failure, Reply};
use crate::views::ProgressView;

/// True when a status means the server was not reached (or did not answer in time).
pub fn unreachable(status: &tonic::Status) -> bool {
    matches!(status.code(), Code::Unavailable | Code::DeadlineExceeded | Code::Cancelled)
        || (status.code() == Code::Unknown && reason_of(status).is_none())
}

/// True when a request kept offline should be tried again later, in the same order:
/// the server was not reached, or it took too many at once (a long outage fills the
/// outbox).
pub(super) fn try_later(status: &tonic::Status) -> bool {
    unreachable(status) || status.code() == Code::ResourceExhausted
}

/// What a failed call means: the reason the server gave (read once, here, from its
/// `ErrorInfo`), the server not reached, or a reason this kiosk does not know.
pub fn failure(status: &tonic::Status) -> Failure {
    match reason_of(status) {
        Some(reason) => Failure::Reason(reason),
        None if unreachable(status) => Failure::ServerDown,
        None => Failure::Unexpected,
    }
}

/// A value of the refusal's `ErrorInfo` metadata.
fn detail(status: &tonic::Status, key: &str) -> Option<String> {
    status.get_details_error_info()?.metadata.get(key).cloned()
}

fn rfc3339(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.with_timezone(&Utc))
}

/// A refusal as the controller takes it: an appointment of another day says when it
/// is, and a car in the workshop where its repair stands (what the metadata tells;
/// nothing when the request did not prove the customer).
pub(super) fn refusal(status: &tonic::Status) -> Reply {
    match failure(status) {
        Failure::Reason(ErrorReason::AppointmentNotToday) => {
            Reply::Failed(Failure::NotToday(detail(status, "slot_start").as_deref().and_then(rfc3339)))
        }
        Failure::Reason(ErrorReason::VisitAlreadyOpen) => Reply::InWorkshop(workshop_progress(status)),
        other => Reply::Failed(other),
    }
}

/// The repair progress a VISIT_ALREADY_OPEN refusal tells: the stage, the promised
/// time and the masked plate (no history: the lookup adds it).
fn workshop_progress(status: &tonic::Status) -> Option<ProgressView> {
    let stage = detail(status, "stage")?;
    let stage = pb::VisitStage::from_str_name(&format!("VISIT_STAGE_{stage}"))?;
    Some(ProgressView {
        stage: usize::try_from(stage as i32 - 1).unwrap_or(0).min(5),
        promised: detail(status, "promised_ready_time").as_deref().and_then(rfc3339),
        parts_date: None,
        reached: vec![None; 6],
        masked_plate: detail(status, "masked_plate").unwrap_or_default(),
        vehicle_model: String::new(),
    })
}
