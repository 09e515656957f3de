//! Why a step of a flow could not go on: a reason the server gave (parsed once, by the
//! driver, from its `ErrorInfo`), or one of the kiosk's own. The customer's sentence
//! is looked up by [`Failure::code`] in `ui/messages.slint`, the one table of them;
//! what the customer is offered next is decided here.

use chrono::{DateTime, Utc};
use frontdesk_proto::ErrorReason;

/// Why the kiosk could not do what the customer asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The server refused, for this reason.
    Reason(ErrorReason),
    /// The appointment found is on another day; it starts then, when that is known.
    NotToday(Option<DateTime<Utc>>),
    /// The server could not be reached, and the request could not wait in the outbox.
    ServerDown,
    /// No car with this plate and these digits.
    NoMatch,
    /// The car was found, without an appointment today.
    NoAppointmentToday,
    /// The car was found; it is not in the workshop.
    NoOpenVisit,
    /// The car was found, with no booked appointment to cancel.
    NoBookedAppointment,
    /// The server refused for a reason this kiosk does not know (a newer server).
    Unexpected,
}

impl Failure {
    /// The key of the customer's sentence: the reason's wire code, or the kiosk's own
    /// (`NO_MATCH`, `SERVER_DOWN`…).
    pub fn code(self) -> &'static str {
        match self {
            Failure::Reason(reason) => reason.code(),
            Failure::NotToday(_) => ErrorReason::AppointmentNotToday.code(),
            Failure::ServerDown => "SERVER_DOWN",
            Failure::NoMatch => "NO_MATCH",
            Failure::NoAppointmentToday => "NO_APPOINTMENT_TODAY",
            Failure::NoOpenVisit => "NO_OPEN_VISIT",
            Failure::NoBookedAppointment => "NO_BOOKED_APPOINTMENT",
            Failure::Unexpected => "UNEXPECTED",
        }
    }

    /// True when trying again can help (a wrong code or digits, a slot taken meanwhile,
    /// the system busy); otherwise the customer is offered the home screen.
    pub fn offers_retry(self) -> bool {
        use ErrorReason as R;
        match self {
            Failure::NoMatch | Failure::ServerDown | Failure::Unexpected => true,
            Failure::Reason(reason) => {
                matches!(
                    reason,
                    R::AppointmentNotFound
                        | R::RateLimited
                        | R::FieldRequired
                        | R::FieldInvalid
                        | R::PlateInvalid
                        | R::PhoneInvalid
                        | R::PhoneLast4Invalid
                        | R::ConfirmationCodeInvalid
                        | R::NameInvalid
                        | R::SlotInvalid
                        | R::SlotBeyondHorizon
                        | R::DateClosed
                        | R::DateInvalid
                        | R::OutsideOpeningHours
                        | R::AppointmentExists
                        | R::ServiceCodeUnknown
                ) || Failure::Reason(reason).slot_gone()
            }
            _ => false,
        }
    }

    /// True when the customer can check in as a walk-in instead: an appointment on
    /// another day, or none today.
    pub fn offers_walk_in(self) -> bool {
        matches!(self, Failure::NotToday(_) | Failure::NoAppointmentToday)
    }

    /// True when the slot chosen went meanwhile: trying again shows the day's slots afresh.
    pub fn slot_gone(self) -> bool {
        use ErrorReason as R;
        matches!(self, Failure::Reason(R::SlotFull | R::SlotTooSoon | R::SlotInPast | R::DailyCapacityReached))
    }

    /// When the appointment this failure speaks of starts ("您的预约是明天 09:30").
    pub fn appointment_start(self) -> Option<DateTime<Utc>> {
        match self {
            Failure::NotToday(start) => start,
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_taken_meanwhile_is_chosen_again_on_a_fresh_grid() {
        for reason in [ErrorReason::SlotFull, ErrorReason::SlotTooSoon, ErrorReason::DailyCapacityReached] {
            assert!(Failure::Reason(reason).slot_gone() && Failure::Reason(reason).offers_retry(), "{reason:?}");
        }
        assert!(!Failure::Reason(ErrorReason::DateClosed).slot_gone(), "a closed day is not a slot gone");
    }

    #[test]
    fn typing_again_is_offered_only_where_it_can_help() {
        assert!(Failure::NoMatch.offers_retry() && Failure::ServerDown.offers_retry());
        assert!(!Failure::NoOpenVisit.offers_retry(), "the car is not in the workshop: home");
        assert!(!Failure::Reason(ErrorReason::PhoneMismatch).offers_retry(), "the desk helps");
        assert!(Failure::NotToday(None).offers_walk_in() && Failure::NoAppointmentToday.offers_walk_in());
        assert_eq!(Failure::NotToday(None).code(), "APPOINTMENT_NOT_TODAY");
    }
}
