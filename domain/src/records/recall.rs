//! Recalls as the desk keeps them: a campaign's vehicles and how each was closed.

use crate::recall::RecallOutcome;

/// An open recall named on a vehicle, for the staff's flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecallFlag {
    /// The campaign code.
    pub code: String,
    /// Its title.
    pub title: String,
}

/// A recall on one vehicle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VehicleRecall {
    /// The campaign code.
    pub code: String,
    /// Its title.
    pub title: String,
    /// The VIN.
    pub vin: String,
    /// The plate, when the vehicle is on file.
    pub plate: String,
    /// How it was closed; `None` while open.
    pub outcome: Option<RecallOutcome>,
    /// For done here: the work order.
    pub work_order: String,
    /// Who closed it.
    pub closed_by: String,
    /// When (unix seconds).
    pub closed_at: Option<i64>,
}
