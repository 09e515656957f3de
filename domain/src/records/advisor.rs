//! A member of staff as the desk keeps them.

use crate::{AdvisorStatus, StaffKind};

/// A stored member of staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advisor {
    /// The id.
    pub id: i64,
    /// The name.
    pub name: String,
    /// The counter number, 0 for none.
    pub counter_number: i32,
    /// What they do.
    pub kind: StaffKind,
    /// False when deactivated.
    pub active: bool,
    /// When created (unix seconds).
    pub created_at: i64,
    /// Available, paused or offline, as set; SERVING follows from tickets.
    pub queue_status: AdvisorStatus,
    /// The service codes the advisor is skilled for, sorted.
    pub service_codes: Vec<String>,
}
