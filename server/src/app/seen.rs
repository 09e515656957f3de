//! The queue as people see it, the values its views and events carry: a ticket with
//! its place, an advisor on the floor. Plain data; the queue builds them and the hub
//! sends them.

use crate::domain::AdvisorStatus;
use crate::store::tickets::TicketRow;

/// A ticket with its place in the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketView {
    /// The ticket.
    pub row: TicketRow,
    /// 1 for next; 0 when not waiting.
    pub position: u32,
    /// Estimated minutes until called; 0 when not waiting.
    pub wait_minutes: u32,
}

/// An advisor on the floor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FloorAdvisor {
    /// The id.
    pub id: i64,
    /// The name.
    pub name: String,
    /// The counter.
    pub counter_number: i32,
    /// What the advisor is doing.
    pub status: AdvisorStatus,
    /// The ticket being served.
    pub serving_ticket: Option<String>,
    /// Skills.
    pub skills: Vec<String>,
}
