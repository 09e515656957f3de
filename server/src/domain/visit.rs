//! Visits (work orders) and the stages of a car in the workshop.

use std::fmt;
use std::str::FromStr;

use frontdesk_proto::ErrorReason;

use super::error::Error;

/// Where a car stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum VisitStage {
    /// 待检.
    Received,
    /// 维修中.
    InRepair,
    /// 待料.
    WaitingParts,
    /// 质检.
    QualityCheck,
    /// 待交车.
    Ready,
    /// 已交车.
    Delivered,
}

impl VisitStage {
    /// Every stage in workshop order.
    pub const ALL: [Self; 6] =
        [Self::Received, Self::InRepair, Self::WaitingParts, Self::QualityCheck, Self::Ready, Self::Delivered];

    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Received => "RECEIVED",
            Self::InRepair => "IN_REPAIR",
            Self::WaitingParts => "WAITING_PARTS",
            Self::QualityCheck => "QUALITY_CHECK",
            Self::Ready => "READY",
            Self::Delivered => "DELIVERED",
        }
    }

    /// The stages a car may move to from this one.
    pub fn next_stages(self) -> &'static [VisitStage] {
        match self {
            Self::Received => &[Self::InRepair],
            Self::InRepair => &[Self::WaitingParts, Self::QualityCheck],
            Self::WaitingParts => &[Self::InRepair],
            Self::QualityCheck => &[Self::Ready, Self::InRepair],
            Self::Ready => &[Self::Delivered],
            Self::Delivered => &[],
        }
    }

    /// Moves to `to`, or STAGE_TRANSITION_INVALID.
    pub fn move_to(self, to: VisitStage) -> Result<VisitStage, Error> {
        if self.next_stages().contains(&to) {
            Ok(to)
        } else {
            Err(Error::precondition(
                ErrorReason::StageTransitionInvalid,
                format!("a visit cannot move from {} to {}", self.as_str(), to.as_str()),
            ))
        }
    }
}

impl fmt::Display for VisitStage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for VisitStage {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| Error::Internal(format!("unknown visit stage `{s}` in the database")))
    }
}

/// A work-order number: `WO`, the store-local date, and a 3-digit sequence of the day.
pub fn work_order_number(date: chrono::NaiveDate, n: u32) -> String {
    format!("WO{}-{n:03}", date.format("%Y%m%d"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use VisitStage::*;

    #[test]
    fn the_workshop_path_is_allowed_step_by_step() {
        let mut stage = Received;
        for next in [InRepair, WaitingParts, InRepair, QualityCheck, InRepair, QualityCheck, Ready, Delivered] {
            stage = stage.move_to(next).unwrap();
        }
        assert_eq!(stage, Delivered);
    }

    #[test]
    fn jumps_and_moves_after_delivery_are_refused() {
        for (from, to) in [
            (Received, Ready),
            (Received, Delivered),
            (InRepair, Ready),
            (WaitingParts, QualityCheck),
            (Delivered, InRepair),
            (Ready, InRepair),
        ] {
            assert_eq!(
                from.move_to(to).unwrap_err().reason(),
                Some(ErrorReason::StageTransitionInvalid),
                "{from} → {to}"
            );
        }
    }

    #[test]
    fn work_orders_carry_the_date() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        assert_eq!(work_order_number(d, 4), "WO20261127-004");
    }
}
