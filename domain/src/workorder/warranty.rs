//! Warranty claims (保修索赔): the warranty lines done on a visit form one claim to the
//! carmaker, submitted → approved or rejected (with the reason) → paid, recorded by the
//! supervisor or the warranty clerk. The approval rate is a target (≥ 95%).

use super::{Fen, LineKind, PayType};
use crate::error::{Error, Invalid};
use crate::{ErrorReason, limits, required_text};

/// Where a claim stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::EnumString, strum::EnumIter)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum ClaimState {
    /// Sent to the carmaker.
    Submitted,
    /// The carmaker approved it.
    Approved,
    /// The carmaker rejected it, with a reason.
    Rejected,
    /// The carmaker paid it.
    Paid,
}

/// What the carmaker decided, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimDecision {
    /// Approved, for this amount (at most the claim's).
    Approved(Fen),
    /// Rejected, for this reason.
    Rejected(String),
    /// Paid.
    Paid,
}

impl ClaimDecision {
    /// An approval of 0 fen approves the amount claimed.
    pub fn for_claim(self, claimed: Fen) -> ClaimDecision {
        match self {
            ClaimDecision::Approved(Fen(0)) => ClaimDecision::Approved(claimed),
            other => other,
        }
    }

    /// A rejection needs its reason; an approval an amount above 0 (the claim's when 0 is sent).
    pub fn rejected(reason: &str) -> Result<ClaimDecision, Error> {
        required_text(reason, limits::SHORT_TEXT_CHARS, "say why the carmaker rejected it")
            .map(ClaimDecision::Rejected)
            .map_err(|e| Error::invalid("reason", e))
    }
}

/// A work order is claimed once (`CLAIM_EXISTS`, naming the claim).
pub fn may_claim(existing: Option<i64>, work_order: &str) -> Result<(), Error> {
    match existing {
        None => Ok(()),
        Some(id) => Err(Error::refused(ErrorReason::ClaimExists, format!("{work_order} was claimed already"))
            .with("claim_id", id.to_string())),
    }
}

/// What a claim asks for: the warranty lines done. None is `NO_WARRANTY_LINES`.
pub fn claim_amount(done: impl IntoIterator<Item = (PayType, LineKind, Fen)>) -> Result<Fen, Error> {
    let warranty: Vec<Fen> = done.into_iter().filter(|(p, _, _)| *p == PayType::Warranty).map(|(_, _, f)| f).collect();
    if warranty.is_empty() {
        return Err(Error::refused(ErrorReason::NoWarrantyLines, "no warranty line is done on this work order"));
    }
    Ok(warranty.into_iter().sum())
}

/// The state after a decision: approve or reject a submitted claim, pay an approved
/// one (`CLAIM_STATE_INVALID` otherwise); an approval is at most the amount claimed.
pub fn decide(state: ClaimState, claimed: Fen, decision: &ClaimDecision) -> Result<ClaimState, Error> {
    let refused = |why: &str| {
        Err(Error::refused(ErrorReason::ClaimStateInvalid, format!("the claim is {}: {why}", <&str>::from(state))))
    };
    match (state, decision) {
        (ClaimState::Submitted, ClaimDecision::Approved(amount)) if *amount > claimed => Err(Error::invalid(
            "approved_fen",
            Invalid::new(ErrorReason::FieldInvalid, format!("the carmaker approves at most the {claimed} claimed")),
        )),
        (ClaimState::Submitted, ClaimDecision::Approved(_)) => Ok(ClaimState::Approved),
        (ClaimState::Submitted, ClaimDecision::Rejected(_)) => Ok(ClaimState::Rejected),
        (ClaimState::Approved, ClaimDecision::Paid) => Ok(ClaimState::Paid),
        (_, ClaimDecision::Paid) => refused("only an approved claim is paid"),
        _ => refused("only a submitted claim is approved or rejected"),
    }
}

/// The share of decided claims the carmaker approved (paid ones count as approved), in
/// percent; `None` when none was decided.
pub fn approval_rate(states: impl IntoIterator<Item = ClaimState>) -> Option<f64> {
    let (mut approved, mut decided) = (0u32, 0u32);
    for s in states {
        match s {
            ClaimState::Approved | ClaimState::Paid => {
                approved += 1;
                decided += 1;
            }
            ClaimState::Rejected => decided += 1,
            ClaimState::Submitted => {}
        }
    }
    (decided > 0).then(|| f64::from(approved) * 100.0 / f64::from(decided))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_is_the_warranty_lines_done_and_goes_submitted_approved_paid() {
        let done = [
            (PayType::Warranty, LineKind::Part, Fen(56_100)),
            (PayType::Customer, LineKind::Labour, Fen(45_000)),
            (PayType::Warranty, LineKind::Labour, Fen(9_000)),
        ];
        assert_eq!(claim_amount(done).unwrap(), Fen(65_100));
        assert_eq!(
            claim_amount([(PayType::Customer, LineKind::Fee, Fen(1))]).unwrap_err().reason(),
            Some(ErrorReason::NoWarrantyLines)
        );
        let approved = decide(ClaimState::Submitted, Fen(65_100), &ClaimDecision::Approved(Fen(60_000))).unwrap();
        assert_eq!(approved, ClaimState::Approved);
        assert_eq!(decide(approved, Fen(65_100), &ClaimDecision::Paid).unwrap(), ClaimState::Paid);
        let early = decide(ClaimState::Submitted, Fen(65_100), &ClaimDecision::Paid).unwrap_err();
        assert_eq!(early.reason(), Some(ErrorReason::ClaimStateInvalid));
        assert!(decide(ClaimState::Submitted, Fen(100), &ClaimDecision::Approved(Fen(101))).is_err());
        assert!(ClaimDecision::rejected(" ").is_err());
    }

    #[test]
    fn the_approval_rate_counts_decided_claims_only() {
        let states = [ClaimState::Paid, ClaimState::Approved, ClaimState::Rejected, ClaimState::Submitted];
        let rate = approval_rate(states).unwrap();
        assert!((rate - 200.0 / 3.0).abs() < 1e-9);
        assert_eq!(approval_rate([ClaimState::Submitted]), None);
    }
}
