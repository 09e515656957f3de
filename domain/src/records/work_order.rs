//! A work order as the desk keeps it: the visit, its reception sheet and its estimate
//! versions with their lines and the customer's answers.

use super::Visit;
use crate::workorder::{
    ApprovalMethod, ClaimState, EstimateState, Fen, Inspection, Line, LineState, PartOrderState, PaymentMethod,
    SettlementTerms, Signature,
};

/// The reception sheet with who recorded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InspectionSheet {
    /// The sheet.
    pub inspection: Inspection,
    /// Who recorded it.
    pub recorded_by: String,
    /// When (unix seconds).
    pub recorded_at: i64,
}

/// A line of an estimate version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EstimateLine {
    /// The id.
    pub id: i64,
    /// The version that added it.
    pub version: u32,
    /// What it charges.
    pub line: Line,
    /// Where it stands.
    pub state: LineState,
    /// When it was done (unix seconds).
    pub done_at: Option<i64>,
    /// Who marked it done.
    pub done_by: String,
}

/// The customer's answer to a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    /// How.
    pub method: ApprovalMethod,
    /// When recorded (unix seconds).
    pub approved_at: i64,
    /// Who recorded it.
    pub approved_by: String,
    /// By phone: who called.
    pub called_by: String,
    /// By phone: when (unix seconds).
    pub called_at: Option<i64>,
    /// By phone: the customer's words.
    pub customer_words: String,
    /// By signature: what the customer drew.
    pub signature: Option<Signature>,
}

/// An estimate version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EstimateVersion {
    /// The row id.
    pub id: i64,
    /// 1, 2, …
    pub version: u32,
    /// Where it stands.
    pub state: EstimateState,
    /// What an approval is bound to.
    pub content_hash: String,
    /// Who proposed it.
    pub proposed_by: String,
    /// When (unix seconds).
    pub proposed_at: i64,
    /// The customer's answer.
    pub approval: Option<Approval>,
    /// Its lines in order.
    pub lines: Vec<EstimateLine>,
}

/// A settlement as kept: its terms, the lines it settled and the limit it was made
/// under; the figures follow from them (`workorder::settle`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettlementRecord {
    /// Discounts and old parts.
    pub terms: SettlementTerms,
    /// The done lines it settles.
    pub line_ids: Vec<i64>,
    /// The discount limit in force when it was made, in percent.
    pub limit_percent: u8,
    /// Who settled.
    pub settled_by: String,
    /// When (unix seconds).
    pub settled_at: i64,
    /// The supervisor who approved the discount; empty until then.
    pub discount_approved_by: String,
    /// When (unix seconds).
    pub discount_approved_at: Option<i64>,
    /// The supervisor's note.
    pub discount_note: String,
}

/// A payment recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    /// The id.
    pub id: i64,
    /// How.
    pub method: PaymentMethod,
    /// How much.
    pub amount: Fen,
    /// The receipt, transaction or claim number.
    pub reference: String,
    /// Who recorded it.
    pub recorded_by: String,
    /// When (unix seconds).
    pub recorded_at: i64,
}

/// A part ordered from the supplier for a part line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartOrder {
    /// The id.
    pub id: i64,
    /// The work order it is for.
    pub work_order: String,
    /// The car's plate.
    pub plate: String,
    /// The part line.
    pub line_id: i64,
    /// The part number.
    pub part_number: String,
    /// The part's name.
    pub name: String,
    /// How many.
    pub quantity: i32,
    /// Who supplies it.
    pub supplier: String,
    /// When the supplier expects to deliver it (store-local date).
    pub expected_date: chrono::NaiveDate,
    /// Ordered or arrived.
    pub state: PartOrderState,
    /// Who ordered it.
    pub ordered_by: String,
    /// When (unix seconds).
    pub ordered_at: i64,
    /// When it arrived (unix seconds).
    pub arrived_at: Option<i64>,
    /// Who recorded the arrival.
    pub arrived_by: String,
    /// Its line is done: the part is fitted.
    pub fitted: bool,
}

/// A warranty claim to the carmaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarrantyClaim {
    /// The id.
    pub id: i64,
    /// The work order.
    pub work_order: String,
    /// What was claimed: the warranty lines done.
    pub claimed: Fen,
    /// What the carmaker approved.
    pub approved: Option<Fen>,
    /// Where it stands.
    pub state: ClaimState,
    /// A note sent with it.
    pub note: String,
    /// Who submitted it.
    pub submitted_by: String,
    /// When (unix seconds).
    pub submitted_at: i64,
    /// Who recorded the carmaker's decision.
    pub decided_by: String,
    /// When (unix seconds).
    pub decided_at: Option<i64>,
    /// Why it was rejected.
    pub reason: String,
    /// When it was paid (unix seconds).
    pub paid_at: Option<i64>,
}

/// A work order: the visit, its sheet, its estimate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkOrder {
    /// The visit.
    pub visit: Visit,
    /// The reception sheet, once recorded.
    pub inspection: Option<InspectionSheet>,
    /// Every version, oldest first.
    pub estimates: Vec<EstimateVersion>,
    /// The insurer, for insurance lines.
    pub insurer: String,
    /// The claim number.
    pub claim_number: String,
    /// The settlement, once made.
    pub settlement: Option<SettlementRecord>,
    /// The payments, oldest first.
    pub payments: Vec<Payment>,
    /// The parts ordered for it, oldest first.
    pub part_orders: Vec<PartOrder>,
    /// Its warranty claim, once submitted.
    pub warranty_claim: Option<WarrantyClaim>,
}
