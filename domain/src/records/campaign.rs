//! A campaign (gathering, offer, free check, recall) as the desk keeps it.

/// A stored campaign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Campaign {
    /// The id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// GATHERING, OFFER, FREE_CHECK or RECALL.
    pub kind: String,
    /// Date.
    pub event_date: String,
    /// The day invitations are called.
    pub call_date: String,
    /// ALL_BASE, MAINTENANCE_DUE or VEHICLES.
    pub audience: String,
    /// For MAINTENANCE_DUE.
    pub due_before: Option<String>,
    /// For VEHICLES, comma-separated.
    pub vehicles: String,
    /// Invitation calls opened.
    pub invitations: u32,
}
