//! An appointment as the desk keeps it, and what a list of them may be narrowed to.

use crate::AppointmentStatus;

/// A stored appointment with its vehicle's plate and its customer's name and phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appointment {
    /// The id.
    pub id: i64,
    /// The confirmation code.
    pub code: String,
    /// The customer's id.
    pub customer_id: i64,
    /// The vehicle's id.
    pub vehicle_id: i64,
    /// The vehicle's plate.
    pub plate: String,
    /// The customer's name.
    pub customer_name: String,
    /// The customer's phone.
    pub phone: String,
    /// The service type.
    pub service_code: String,
    /// Slot start (unix seconds).
    pub slot_start: i64,
    /// Slot end (unix seconds).
    pub slot_end: i64,
    /// Store-local date of the slot.
    pub local_date: String,
    /// The status.
    pub status: AppointmentStatus,
    /// The advisor asked for.
    pub preferred_advisor_id: Option<i64>,
    /// Notes.
    pub notes: String,
    /// True when booked beyond capacity.
    pub overbooked: bool,
    /// Why it was overbooked.
    pub overbook_reason: String,
    /// Who overbooked it (booking or rescheduling beyond capacity); empty otherwise.
    pub overbooked_by: String,
    /// Who booked it.
    pub created_by: String,
    /// Who last changed it.
    pub updated_by: String,
    /// Why it was cancelled.
    pub cancel_reason: String,
    /// When booked (unix seconds).
    pub created_at: i64,
    /// When last changed (unix seconds).
    pub updated_at: i64,
    /// The number a kiosk showed for a booking it kept offline; empty otherwise.
    pub provisional_number: String,
}

/// A filter for [`list`].
#[derive(Debug, Clone, Default)]
pub struct AppointmentFilter {
    /// Store-local date.
    pub date: Option<String>,
    /// Service type.
    pub service_code: Option<String>,
    /// Status.
    pub status: Option<AppointmentStatus>,
    /// Plate.
    pub plate: Option<String>,
    /// Customer.
    pub customer_id: Option<i64>,
    /// Only slots on or after this store-local date.
    pub from_date: Option<String>,
}
