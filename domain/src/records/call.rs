//! A follow-up or other call as the desk logged it.

use crate::followup::{CallOutcome, CallPurpose};

/// A stored call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The id.
    pub id: i64,
    /// The follow-up.
    pub follow_up_id: Option<i64>,
    /// The customer.
    pub customer_id: i64,
    /// Inbound.
    pub inbound: bool,
    /// When (unix seconds).
    pub at: i64,
    /// Who.
    pub agent: String,
    /// How it went (outbound).
    pub outcome: Option<CallOutcome>,
    /// Satisfaction.
    pub satisfaction: Option<u8>,
    /// Topics (CallTopic names without prefix).
    pub topics: Vec<String>,
    /// Requests.
    pub requests: String,
    /// Complaints.
    pub complaints: String,
    /// Answered on the call.
    pub answered_on_call: bool,
    /// Notes.
    pub note: String,
    /// ENQUIRY or COMPLAINT for inbound calls.
    pub inbound_kind: Option<String>,
    /// Made before its follow-up's window opened.
    pub too_early: bool,
    /// For #2 repeating a topic of #1: what is new.
    pub new_content: String,
    /// Why an outbound call that is no follow-up was made.
    pub purpose: Option<CallPurpose>,
    /// The reason a lost customer gave.
    pub lost_reason: String,
}
