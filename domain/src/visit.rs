//! Visits (work orders) and the stages of a car in the workshop.

use crate::ErrorReason;

use super::error::Error;

/// Where a car stands; stored by its name (`IN_REPAIR`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumIter,
    strum::Display,
)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
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
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The stages a car may move to from this one.
    pub fn next_stages(self) -> &'static [VisitStage] {
        match self {
            Self::Received => &[Self::InRepair],
            Self::InRepair => &[Self::WaitingParts, Self::QualityCheck],
            // Parts may come later than said (a new date), and a car whose parts were
            // fitted on arrival goes straight to the quality check.
            Self::WaitingParts => &[Self::InRepair, Self::WaitingParts, Self::QualityCheck],
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
            Err(Error::refused(
                ErrorReason::StageTransitionInvalid,
                format!("a visit cannot move from {} to {}", self.as_str(), to.as_str()),
            ))
        }
    }
}

/// The service type whose delivery restarts a vehicle's maintenance interval (保养).
pub const MAINTENANCE: &str = "maintenance";

/// When a vehicle next falls due for maintenance after a visit delivered on
/// `delivered`: a maintenance visit restarts the interval, the vehicle's own
/// (`interval_days`) or else the store's default; other visits change nothing (`None`).
/// A distance interval is kept on the file but does not move the date: the server does
/// not know how far the car is driven a day.
pub fn next_maintenance_due(
    service_code: &str,
    delivered: chrono::NaiveDate,
    interval_days: u32,
    default_days: u32,
) -> Option<chrono::NaiveDate> {
    let days = if interval_days > 0 { interval_days } else { default_days };
    (service_code == MAINTENANCE && days > 0)
        .then(|| delivered.checked_add_days(chrono::Days::new(u64::from(days))))
        .flatten()
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
            (WaitingParts, Ready),
            (QualityCheck, WaitingParts),
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
    fn waiting_for_parts_may_get_a_new_date_or_go_to_the_quality_check() {
        assert_eq!(WaitingParts.move_to(WaitingParts).unwrap(), WaitingParts);
        assert_eq!(WaitingParts.move_to(QualityCheck).unwrap(), QualityCheck);
    }

    #[test]
    fn maintenance_restarts_the_interval_and_other_visits_do_not() {
        let d = |m, day| chrono::NaiveDate::from_ymd_opt(2030, m, day).unwrap();
        assert_eq!(next_maintenance_due("maintenance", d(3, 4), 90, 180), Some(d(6, 2)));
        assert_eq!(next_maintenance_due("maintenance", d(3, 4), 0, 180), Some(d(8, 31)), "the store's default");
        assert_eq!(next_maintenance_due("maintenance", d(3, 4), 0, 0), None);
        assert_eq!(next_maintenance_due("repair", d(3, 4), 90, 180), None);
    }

    #[test]
    fn work_orders_carry_the_date() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        assert_eq!(work_order_number(d, 4), "WO20261127-004");
    }
}
