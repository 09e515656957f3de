//! What the controller asks of the driver ([`Call`]) and what comes back ([`Reply`]).

use chrono::{DateTime, NaiveDate, Utc};

use super::failure::Failure;
use crate::views::{AppointmentView, IdentifiedView, ProgressView, ServiceChoice, SlotChoice, TicketView};

/// A check-in as the kiosk sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckInInput {
    /// Idempotency key, kept across retries and the outbox.
    pub request_id: String,
    /// Plate (appointment by plate, walk-ins).
    pub plate: String,
    /// Last four digits (appointment by plate; a walk-in kept offline).
    pub last4: String,
    /// Confirmation code (appointment by code).
    pub code: String,
    /// Service (walk-ins).
    pub service: String,
    /// Full phone (new walk-in customers).
    pub phone: String,
    /// Surname (new walk-in customers).
    pub surname: String,
    /// When the customer pressed confirm.
    pub at: DateTime<Utc>,
    /// The request id of an earlier check-in of this customer kept offline without a
    /// phone, which this one (with the digits or the phone) replaces in the outbox.
    pub replaces: Option<String>,
    /// The provisional number of that earlier check-in, kept for this one, so the
    /// customer is shown one number.
    pub provisional: Option<String>,
}

impl CheckInInput {
    /// A check-in made now with a fresh request id and nothing filled in yet.
    pub fn fresh(at: DateTime<Utc>) -> Self {
        Self {
            request_id: fresh_request_id(),
            plate: String::new(),
            last4: String::new(),
            code: String::new(),
            service: String::new(),
            phone: String::new(),
            surname: String::new(),
            at,
            replaces: None,
            provisional: None,
        }
    }
}

/// A booking as the kiosk sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookInput {
    /// Idempotency key.
    pub request_id: String,
    /// Plate.
    pub plate: String,
    /// Phone.
    pub phone: String,
    /// Service.
    pub service: String,
    /// Slot.
    pub slot_start: DateTime<Utc>,
    /// When the customer pressed confirm.
    pub at: DateTime<Utc>,
}

/// A call to the server the driver makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Call {
    /// The service types.
    ServiceTypes,
    /// Plate + last four.
    Identify {
        /// Plate.
        plate: String,
        /// Last four.
        last4: String,
    },
    /// A check-in.
    CheckIn(CheckInInput),
    /// The ticket on show, again: has it been called?
    RefreshTicket {
        /// Its number.
        number: String,
    },
    /// The slots of a day.
    Slots {
        /// Service.
        service: String,
        /// Day.
        date: NaiveDate,
    },
    /// A booking.
    Book(BookInput),
    /// A cancellation, or (`confirm` false) what it would cancel.
    Cancel {
        /// Code.
        code: String,
        /// Last four.
        last4: String,
        /// True to cancel; false only to see the appointment.
        confirm: bool,
    },
}

/// What came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// Service types.
    ServiceTypes(Vec<ServiceChoice>),
    /// The vehicle, or `None` for no match.
    Identified(Option<IdentifiedView>),
    /// A ticket.
    Ticket(TicketView),
    /// The ticket on show as it stands now; `None` when it could not be read.
    TicketNow(Option<TicketView>),
    /// The slots of a day.
    Slots {
        /// The day.
        date: NaiveDate,
        /// Its slots, with the seats left.
        slots: Vec<SlotChoice>,
    },
    /// Booked with this code.
    Booked(String),
    /// The appointment a cancellation would cancel; nothing was changed.
    CancelPreview(AppointmentView),
    /// This appointment was cancelled.
    Cancelled(AppointmentView),
    /// The server could not be reached; the request waits in the outbox under this
    /// provisional number, which the customer shows at the desk.
    Queued(String),
    /// The car is in the workshop: where its repair stands when the request proved the
    /// customer, `None` for a bare plate.
    InWorkshop(Option<ProgressView>),
    /// Failed: the server refused, or could not be reached and nothing was kept.
    Failed(Failure),
}

/// The four standard service types, offered until the server's list arrives (so a
/// walk-in can still be kept offline when the server is down).
pub fn default_services() -> Vec<ServiceChoice> {
    [
        ("maintenance", "保养", "Maintenance"),
        ("repair", "维修", "Repair"),
        ("body_paint", "钣喷/保险理赔", "Body & paint / claim"),
        ("warranty", "保修索赔", "Warranty"),
    ]
    .into_iter()
    .map(|(code, zh, en)| ServiceChoice { code: code.into(), name_zh: zh.into(), name_en: en.into() })
    .collect()
}

/// A new idempotency key.
pub fn fresh_request_id() -> String {
    let mut bytes = [0u8; 12];
    // Without randomness the id still differs by time; collisions across kiosks are then
    // still prevented by the kiosk's prefix in practice.
    if getrandom::fill(&mut bytes).is_err() {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos();
        bytes[..12].copy_from_slice(&nanos.to_le_bytes()[..12]);
    }
    format!("kiosk-{}", hex::encode(bytes))
}
