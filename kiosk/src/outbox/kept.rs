//! What the outbox keeps: a check-in or a booking as it was sent, and how the desk
//! reads it.

use frontdesk_domain::mask_phone as mask;
use frontdesk_proto::v1 as pb;
use prost::Message;

/// What kind of request a row holds.
pub(super) const CHECK_IN: &str = "CHECK_IN";
pub(super) const BOOK: &str = "BOOK";

/// A request waiting in the outbox.
#[derive(Debug, Clone, PartialEq)]
pub enum Kept {
    /// A check-in (with `arrive_time` set).
    CheckIn(pb::CheckInRequest),
    /// A booking.
    Book(pb::BookAppointmentRequest),
}

impl Kept {
    pub(super) fn request_id(&self) -> &str {
        match self {
            Kept::CheckIn(r) => &r.request_id,
            Kept::Book(r) => &r.request_id,
        }
    }

    /// The number the customer was shown for it.
    pub fn provisional_number(&self) -> &str {
        match self {
            Kept::CheckIn(r) => &r.provisional_number,
            Kept::Book(r) => &r.provisional_number,
        }
    }

    pub(super) fn set_provisional_number(&mut self, number: String) {
        match self {
            Kept::CheckIn(r) => r.provisional_number = number,
            Kept::Book(r) => r.provisional_number = number,
        }
    }

    pub(super) fn row(&self) -> (&'static str, Vec<u8>) {
        match self {
            Kept::CheckIn(r) => (CHECK_IN, r.encode_to_vec()),
            Kept::Book(r) => (BOOK, r.encode_to_vec()),
        }
    }
}

/// A request in the outbox as the desk reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The outbox row.
    pub id: i64,
    /// What it is: `check-in 沪A12345 walk-in repair 138****5678`, `booking …`.
    pub what: String,
    /// When the customer made it.
    pub kept_at: chrono::DateTime<chrono::Utc>,
    /// True when the server refused it for good.
    pub failed: bool,
    /// Attempts to send it.
    pub attempts: i64,
    /// Why it failed (a reason code), empty while pending.
    pub error: String,
}

/// A stored request as it was kept; `None` when this kiosk cannot read it.
pub(super) fn decode(kind: &str, payload: &[u8]) -> Option<Kept> {
    match kind {
        CHECK_IN => pb::CheckInRequest::decode(payload).ok().map(Kept::CheckIn),
        _ => pb::BookAppointmentRequest::decode(payload).ok().map(Kept::Book),
    }
}

/// A kept request in a line for the desk, the phone masked, with the provisional
/// number the customer shows.
pub(super) fn describe(kept: &Kept) -> String {
    match kept.provisional_number() {
        "" => what(kept),
        number => format!("{number}  {}", what(kept)),
    }
}

fn what(kept: &Kept) -> String {
    match kept {
        Kept::CheckIn(r) if !r.confirmation_code.is_empty() => format!("check-in code {}", r.confirmation_code),
        Kept::CheckIn(r) if !r.phone_last4.is_empty() => {
            format!("check-in {} appointment (phone ****{})", r.plate, r.phone_last4)
        }
        Kept::CheckIn(r) => {
            let phone = if r.phone.is_empty() { "no phone".to_owned() } else { mask(&r.phone) };
            format!("check-in {} walk-in {} ({phone})", r.plate, r.service_code)
        }
        Kept::Book(r) => {
            let slot = r
                .slot_start
                .as_ref()
                .and_then(|t| chrono::DateTime::from_timestamp(t.seconds, 0))
                .map_or_else(String::new, |t| t.format("%Y-%m-%d %H:%M UTC").to_string());
            format!("booking {} {} {} {slot}", r.plate, mask(&r.phone), r.service_code)
        }
    }
}
