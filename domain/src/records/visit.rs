//! A visit (work order) as the desk keeps it, its stages, and what a list may be narrowed to.

use crate::VisitStage;

/// One stage a visit reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageChange {
    /// The stage.
    pub stage: VisitStage,
    /// When (unix seconds).
    pub at: i64,
    /// Who.
    pub changed_by: String,
    /// A note.
    pub note: String,
}

/// A stored visit with its customer, plate and stage history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    /// The id.
    pub id: i64,
    /// The work-order number.
    pub work_order: String,
    /// The ticket that opened it.
    pub ticket_id: i64,
    /// The customer.
    pub customer_id: i64,
    /// The customer's name.
    pub customer_name: String,
    /// The vehicle.
    pub vehicle_id: i64,
    /// The plate.
    pub plate: String,
    /// The service type.
    pub service_code: String,
    /// The advisor who received the car.
    pub advisor_id: i64,
    /// The store-local date it opened.
    pub local_date: String,
    /// Odometer at reception.
    pub mileage_km: i32,
    /// 问诊.
    pub customer_request: String,
    /// 回访备注.
    pub callback_note: String,
    /// The stage.
    pub stage: VisitStage,
    /// Promised ready (unix seconds).
    pub promised_ready_at: i64,
    /// Parts expected, YYYY-MM-DD.
    pub parts_expected_date: Option<String>,
    /// Opened (unix seconds).
    pub opened_at: i64,
    /// Delivered (unix seconds).
    pub delivered_at: Option<i64>,
    /// Reception suspected a mystery shopper.
    pub mystery_shopper: bool,
    /// Reception found the customer likely to complain.
    pub likely_to_complain: bool,
    /// Stages reached, oldest first.
    pub history: Vec<StageChange>,
    /// The vehicle's open recalls (召回), flagged to staff.
    pub open_recalls: Vec<super::RecallFlag>,
}

/// A filter for [`list`].
#[derive(Debug, Clone, Default)]
pub struct VisitFilter {
    /// Only open visits.
    pub open_only: bool,
    /// Only this stage.
    pub stage: Option<VisitStage>,
    /// Only this advisor.
    pub advisor_id: Option<i64>,
    /// Only this plate.
    pub plate: Option<String>,
    /// Only opened on this date.
    pub date: Option<String>,
    /// Only this customer.
    pub customer_id: Option<i64>,
}
