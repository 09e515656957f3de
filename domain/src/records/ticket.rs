//! A queue ticket as the desk keeps it.

use crate::{AssignmentReason, TicketState};

/// A stored ticket with its customer, vehicle, appointment and advisor details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    /// The id.
    pub id: i64,
    /// The store-local day.
    pub local_date: String,
    /// The number, `B007`.
    pub number: String,
    /// The service type.
    pub service_code: String,
    /// The customer.
    pub customer_id: i64,
    /// The vehicle.
    pub vehicle_id: i64,
    /// The appointment, for appointment customers.
    pub appointment_id: Option<i64>,
    /// The appointment's code.
    pub confirmation_code: Option<String>,
    /// The appointment's slot start (unix seconds).
    pub appointment_slot: Option<i64>,
    /// The advisor the appointment asked for.
    pub preferred_advisor_id: Option<i64>,
    /// Checked in after the grace window.
    pub late_appointment: bool,
    /// The state.
    pub state: TicketState,
    /// Raised by a supervisor.
    pub raised: bool,
    /// Why raised.
    pub raise_reason: String,
    /// Transferred to this advisor.
    pub transferred_to: Option<i64>,
    /// The advisor who served the customer last, at check-in.
    pub own_advisor_id: Option<i64>,
    /// The advisor holding (or who last held) it.
    pub advisor_id: Option<i64>,
    /// That advisor's name.
    pub advisor_name: Option<String>,
    /// The counter it was called to.
    pub counter_number: i32,
    /// Why the advisor got it.
    pub assignment_reason: Option<AssignmentReason>,
    /// Recalls so far.
    pub recalls: u32,
    /// Arrival (unix seconds).
    pub arrived_at: i64,
    /// First call.
    pub called_at: Option<i64>,
    /// Latest call (a recall, or a call after the ticket went back to the queue).
    pub last_called_at: Option<i64>,
    /// Reception flagged the visit: suspected mystery shopper.
    pub mystery_shopper: bool,
    /// Reception flagged the visit: likely to complain.
    pub likely_to_complain: bool,
    /// Reception start.
    pub started_at: Option<i64>,
    /// End: done, no-show or cancelled.
    pub finished_at: Option<i64>,
    /// The plate.
    pub plate: String,
    /// The customer's name.
    pub customer_name: String,
    /// The customer's phone.
    pub phone: String,
    /// The number a kiosk showed for a check-in it kept offline; empty otherwise.
    pub provisional_number: String,
    /// When it was last transferred (unix seconds).
    pub transferred_at: Option<i64>,
    /// The vehicle's open recalls (召回), flagged to staff.
    pub open_recalls: Vec<super::RecallFlag>,
}
