//! A complaint raised to the supervisor.

/// A stored escalation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escalation {
    /// The id.
    pub id: i64,
    /// The customer.
    pub customer_id: i64,
    /// The customer's name.
    pub customer_name: String,
    /// The customer's phone.
    pub phone: String,
    /// The follow-up.
    pub follow_up_id: Option<i64>,
    /// The call.
    pub call_id: Option<i64>,
    /// The complaint.
    pub complaint: String,
    /// Raised (unix seconds).
    pub raised_at: i64,
    /// The supervisor's deadline (unix seconds): 48 hours after the escalation reached
    /// them, or while researched, after the research deadline.
    pub due_at: i64,
    /// The end of the agent's research (unix seconds); `None` when raised to the
    /// supervisor by hand.
    pub research_due_at: Option<i64>,
    /// Reported to the supervisor by hand (unix seconds).
    pub reported_at: Option<i64>,
    /// Reported by.
    pub reported_by: String,
    /// What the agent found.
    pub report_note: String,
    /// Raised by.
    pub raised_by: String,
    /// Resolved.
    pub resolved_at: Option<i64>,
    /// Solution.
    pub solution: String,
    /// The customer was told.
    pub customer_told_at: Option<i64>,
    /// Resolved by.
    pub resolved_by: String,
}
