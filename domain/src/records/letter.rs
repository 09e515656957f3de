//! A letter to a customer the desk could not reach by phone.

/// A stored letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    /// The id.
    pub id: i64,
    /// The customer.
    pub customer_id: i64,
    /// The follow-up.
    pub follow_up_id: Option<i64>,
    /// The campaign.
    pub campaign_id: Option<i64>,
    /// NO_ANSWER, WRONG_NUMBER, CAMPAIGN_INVITATION or OTHER.
    pub reason: String,
    /// Due by.
    pub due_date: String,
    /// Sent on.
    pub sent_date: Option<String>,
    /// Content.
    pub content: String,
    /// Sent by.
    pub sent_by: String,
}
