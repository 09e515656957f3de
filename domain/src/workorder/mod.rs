//! The work order (工单): the reception sheet, the estimate in versions with the
//! customer's approval, and the amounts in fen. The rules only; `store/` keeps them
//! and `app/` runs them.

mod approval;
mod estimate;
mod inspection;
mod money;
mod parts;
mod settlement;
mod warranty;

pub use approval::{
    Consent, Decision, MOST_SIGNATURE_PIXELS, MOST_SIGNATURE_POINTS, Signature, Version, check_open, mark_done,
    may_start_repair, next_version,
};
pub use estimate::{
    ApprovalMethod, EstimateState, Line, LineInput, LineKind, LineState, MOST_FEN, MOST_HOURS_TENTHS, MOST_LINES,
    MOST_QUANTITY, PayType, Stock, check_insurance, content_hash, parse_lines, totals,
};
pub use inspection::{Damage, Inspection, MOST_DAMAGES, Panel, PanelDamage};
pub use money::{Fen, parse_tenths};
pub use parts::{PartOrderState, check_arrival, check_order, overdue, unfitted, waiting_until};
pub use settlement::{
    Discount, DoneLine, OldParts, PaymentMethod, SettledLine, Settlement, SettlementTerms, check_payment, may_deliver,
    may_mark_done, may_settle_again, settle, settled,
};
pub use warranty::{ClaimDecision, ClaimState, approval_rate, claim_amount, decide, may_claim};
