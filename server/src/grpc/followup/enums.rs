//! The follow-up desk's enums between the wire and the domain.

use crate::domain::ErrorReason;
use frontdesk_proto::v1 as pb;

use crate::domain::followup::escalation::Stage;
use crate::domain::followup::{CallOutcome, CallPurpose, DueState, FollowUpKind, FollowUpStatus};
use crate::domain::{Invalid, Violation};

/// A value of an enum the server does not know.
pub(super) fn unknown(field: &str, what: &str) -> Violation {
    Invalid::new(ErrorReason::FieldInvalid, format!("unknown {what}")).at(field)
}

pub(super) fn kind_of(value: i32) -> Result<Option<FollowUpKind>, Violation> {
    use pb::FollowUpKind as P;
    match P::try_from(value) {
        Ok(P::Unspecified) => Ok(None),
        Ok(P::First) => Ok(Some(FollowUpKind::First)),
        Ok(P::Second) => Ok(Some(FollowUpKind::Second)),
        Ok(P::Campaign) => Ok(Some(FollowUpKind::Campaign)),
        Ok(P::MaintenanceReminder) => Ok(Some(FollowUpKind::MaintenanceReminder)),
        Ok(P::FlaggedVisit) => Ok(Some(FollowUpKind::FlaggedVisit)),
        Err(_) => Err(unknown("kind", "follow-up kind")),
    }
}

pub(super) fn kind_pb(kind: FollowUpKind) -> i32 {
    use pb::FollowUpKind as P;
    let kind = match kind {
        FollowUpKind::First => P::First,
        FollowUpKind::Second => P::Second,
        FollowUpKind::Campaign => P::Campaign,
        FollowUpKind::MaintenanceReminder => P::MaintenanceReminder,
        FollowUpKind::FlaggedVisit => P::FlaggedVisit,
    };
    kind as i32
}

pub(super) fn status_of(value: i32) -> Result<Option<FollowUpStatus>, Violation> {
    use pb::FollowUpStatus as P;
    match P::try_from(value) {
        Ok(P::Unspecified) => Ok(None),
        Ok(P::Open) => Ok(Some(FollowUpStatus::Open)),
        Ok(P::Done) => Ok(Some(FollowUpStatus::Done)),
        Ok(P::LetterDue) => Ok(Some(FollowUpStatus::LetterDue)),
        Ok(P::Closed) => Ok(Some(FollowUpStatus::Closed)),
        Err(_) => Err(unknown("status", "follow-up status")),
    }
}

pub(super) fn status_pb(status: FollowUpStatus) -> i32 {
    use pb::FollowUpStatus as P;
    let status = match status {
        FollowUpStatus::Open => P::Open,
        FollowUpStatus::Done => P::Done,
        FollowUpStatus::LetterDue => P::LetterDue,
        FollowUpStatus::Closed => P::Closed,
    };
    status as i32
}

pub(super) fn due_of(value: i32) -> Result<Option<DueState>, Violation> {
    use pb::DueState as P;
    match P::try_from(value) {
        Ok(P::Unspecified) => Ok(None),
        Ok(P::NotYet) => Ok(Some(DueState::NotYet)),
        Ok(P::Due) => Ok(Some(DueState::Due)),
        Ok(P::Overdue) => Ok(Some(DueState::Overdue)),
        Err(_) => Err(unknown("due", "due state")),
    }
}

pub(super) fn due_pb(due: DueState) -> i32 {
    use pb::DueState as P;
    let due = match due {
        DueState::NotYet => P::NotYet,
        DueState::Due => P::Due,
        DueState::Overdue => P::Overdue,
    };
    due as i32
}

pub(super) fn outcome_of(value: i32) -> Result<CallOutcome, Violation> {
    use pb::CallOutcome as P;
    match P::try_from(value) {
        Ok(P::Reached) => Ok(CallOutcome::Reached),
        Ok(P::NoAnswer) => Ok(CallOutcome::NoAnswer),
        Ok(P::WrongNumber) => Ok(CallOutcome::WrongNumber),
        Ok(P::Refused) => Ok(CallOutcome::Refused),
        Ok(P::Unspecified) => Err(Invalid::new(ErrorReason::FieldRequired, "say how the call went").at("outcome")),
        Err(_) => Err(unknown("outcome", "call outcome")),
    }
}

pub(super) fn outcome_pb(outcome: Option<CallOutcome>) -> i32 {
    use pb::CallOutcome as P;
    let outcome = match outcome {
        None => P::Unspecified,
        Some(CallOutcome::Reached) => P::Reached,
        Some(CallOutcome::NoAnswer) => P::NoAnswer,
        Some(CallOutcome::WrongNumber) => P::WrongNumber,
        Some(CallOutcome::Refused) => P::Refused,
    };
    outcome as i32
}

/// Topics as stored: the enum names without their `CALL_TOPIC_` prefix, each once.
pub(super) fn topics_of(values: &[i32]) -> Result<Vec<String>, Violation> {
    let mut out: Vec<String> = Vec::new();
    for (i, value) in values.iter().enumerate() {
        match pb::CallTopic::try_from(*value) {
            Ok(pb::CallTopic::Unspecified) | Err(_) => return Err(unknown(&format!("topics[{i}]"), "call topic")),
            Ok(topic) => {
                let name = topic.as_str_name().trim_start_matches("CALL_TOPIC_").to_owned();
                if !out.contains(&name) {
                    out.push(name);
                }
            }
        }
    }
    Ok(out)
}

pub(super) fn topics_pb(names: &[String]) -> Vec<i32> {
    names.iter().filter_map(|n| pb::CallTopic::from_str_name(&format!("CALL_TOPIC_{n}"))).map(|t| t as i32).collect()
}

pub(super) fn stage_of(value: i32) -> Result<Option<Stage>, Violation> {
    use pb::EscalationStage as P;
    match P::try_from(value) {
        Ok(P::Unspecified) => Ok(None),
        Ok(P::Researching) => Ok(Some(Stage::Researching)),
        Ok(P::Reported) => Ok(Some(Stage::Reported)),
        Ok(P::Resolved) => Ok(Some(Stage::Resolved)),
        Err(_) => Err(unknown("stage", "escalation stage")),
    }
}

pub(super) fn stage_pb(stage: Stage) -> i32 {
    use pb::EscalationStage as P;
    let stage = match stage {
        Stage::Researching => P::Researching,
        Stage::Reported => P::Reported,
        Stage::Resolved => P::Resolved,
    };
    stage as i32
}

pub(super) fn purpose_of(value: i32) -> Result<CallPurpose, Violation> {
    use pb::CallPurpose as P;
    match P::try_from(value) {
        Ok(P::LostCustomer) => Ok(CallPurpose::LostCustomer),
        Ok(P::Other) => Ok(CallPurpose::Other),
        Ok(P::Unspecified) => Err(Invalid::new(ErrorReason::FieldRequired, "say why the call was made").at("purpose")),
        Err(_) => Err(unknown("purpose", "call purpose")),
    }
}

pub(super) fn purpose_pb(purpose: Option<CallPurpose>) -> i32 {
    use pb::CallPurpose as P;
    let purpose = match purpose {
        None => P::Unspecified,
        Some(CallPurpose::LostCustomer) => P::LostCustomer,
        Some(CallPurpose::Other) => P::Other,
    };
    purpose as i32
}
