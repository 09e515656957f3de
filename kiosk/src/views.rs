//! What the kiosk shows, as plain data: the controller fills these from server
//! replies and the window adapter copies them into the Slint models.

use chrono::{DateTime, NaiveDate, Utc};

/// A service type the customer can choose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceChoice {
    /// The code sent to the server.
    pub code: String,
    /// The Chinese name.
    pub name_zh: String,
    /// The English name.
    pub name_en: String,
}

/// One slot of the booking grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotChoice {
    /// When it starts.
    pub start: DateTime<Utc>,
    /// Seats left.
    pub remaining: i32,
    /// True when it can be booked now.
    pub bookable: bool,
}

/// An appointment as the kiosk shows it (masked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppointmentView {
    /// The confirmation code.
    pub code: String,
    /// The service type.
    pub service: String,
    /// When the slot starts.
    pub start: DateTime<Utc>,
    /// The store-local date.
    pub local_date: String,
    /// The masked name, `张*`.
    pub masked_name: String,
    /// The masked phone, `138****5678`.
    pub masked_phone: String,
    /// The plate.
    pub plate: String,
}

/// A booking as the customer confirms it, and as the booked screen repeats it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingView {
    /// The plate.
    pub plate: String,
    /// The mobile number.
    pub phone: String,
    /// The service type.
    pub service: String,
    /// When the slot starts.
    pub start: DateTime<Utc>,
}

/// A car's repair progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressView {
    /// The stage reached: 0 received … 5 delivered.
    pub stage: usize,
    /// When the car is promised.
    pub promised: Option<DateTime<Utc>>,
    /// When parts are expected, while waiting for parts.
    pub parts_date: Option<String>,
    /// When each stage was reached (index = stage), where known.
    pub reached: Vec<Option<DateTime<Utc>>>,
    /// Which car: the plate, masked (`沪A***45`).
    pub masked_plate: String,
    /// The vehicle model on file, where known.
    pub vehicle_model: String,
}

/// What the kiosk learned about a vehicle with the right last four digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentifiedView {
    /// The masked name.
    pub masked_name: String,
    /// The masked phone.
    pub masked_phone: String,
    /// The vehicle model.
    pub vehicle_model: String,
    /// Booked appointments from today on.
    pub appointments: Vec<AppointmentView>,
    /// The open visit.
    pub progress: Option<ProgressView>,
}

/// A ticket as the kiosk shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketView {
    /// `B007`.
    pub number: String,
    /// The store-local day.
    pub local_date: String,
    /// The service type.
    pub service: String,
    /// 1 = next; 0 when not waiting.
    pub position: i32,
    /// Estimated minutes.
    pub wait_minutes: i32,
    /// The counter once called; 0 before.
    pub counter: i32,
    /// The masked plate.
    pub masked_plate: String,
    /// The masked name, `张*` (empty when the file has none).
    pub masked_name: String,
    /// True for an appointment.
    pub appointment: bool,
    /// When the appointment's slot starts.
    pub appointment_start: Option<DateTime<Utc>>,
    /// From when the appointment is called first (the server says: the slot less its
    /// priority window); `None` for walk-ins and late appointments.
    pub priority_from: Option<DateTime<Utc>>,
    /// True when the customer already had this ticket.
    pub existing: bool,
}

/// Days the booking screen offers: today and the next 13.
pub fn booking_days(today: NaiveDate) -> Vec<NaiveDate> {
    (0..14).map(|d| today + chrono::Duration::days(d)).collect()
}
