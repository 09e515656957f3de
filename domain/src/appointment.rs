//! The life of an appointment and who may book for a vehicle.

use crate::ErrorReason;
use chrono::{DateTime, Utc};

use super::error::Error;

/// Where an appointment stands; stored by its name (`CHECKED_IN`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::EnumString, strum::EnumIter, strum::Display,
)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum AppointmentStatus {
    /// Holding a seat.
    Booked,
    /// Given up; the seat went back.
    Cancelled,
    /// The customer did not come.
    NoShow,
    /// The customer arrived and checked in.
    CheckedIn,
}

impl AppointmentStatus {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    fn not_active(self) -> Error {
        Error::refused(
            ErrorReason::AppointmentNotActive,
            format!("the appointment is {}", self.as_str().to_lowercase().replace('_', "-")),
        )
    }

    /// Cancelling a booked appointment; cancelling a cancelled one again changes nothing,
    /// so a retried cancel succeeds.
    pub fn cancel(self) -> Result<Self, Error> {
        match self {
            Self::Booked | Self::Cancelled => Ok(Self::Cancelled),
            other => Err(other.not_active()),
        }
    }

    /// Only a booked appointment can move to another slot.
    pub fn reschedule(self) -> Result<Self, Error> {
        match self {
            Self::Booked => Ok(Self::Booked),
            other => Err(other.not_active()),
        }
    }

    /// A booked appointment becomes a no-show once its slot has started; marking it
    /// twice changes nothing.
    pub fn mark_no_show(self, slot_start: DateTime<Utc>, now: DateTime<Utc>) -> Result<Self, Error> {
        match self {
            Self::Booked if now < slot_start => {
                Err(Error::refused(ErrorReason::AppointmentNotDue, "a no-show can be marked once the slot has started"))
            }
            Self::Booked | Self::NoShow => Ok(Self::NoShow),
            other => Err(other.not_active()),
        }
    }

    /// The customer arrives: only a booked appointment can be checked in. A cancelled
    /// one, or one marked a no-show, is refused (the customer may check in as a walk-in).
    pub fn check_in(self) -> Result<Self, Error> {
        match self {
            Self::Booked => Ok(Self::CheckedIn),
            other => Err(other.not_active()),
        }
    }

    /// True while the appointment holds its seat.
    pub fn holds_seat(self) -> bool {
        self == Self::Booked
    }
}

/// A vehicle on file is booked only with the phone on its owner's file: anybody
/// who knows a plate must not book, or learn the booking, for somebody else's car.
pub fn check_owner_phone(owner_phone: &str, given_phone: &str) -> Result<(), Error> {
    if owner_phone == given_phone {
        Ok(())
    } else {
        Err(Error::refused(
            ErrorReason::PhoneMismatch,
            "this plate is on file with another phone number; please ask at the desk",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AppointmentStatus::*;
    use chrono::Duration;

    #[test]
    fn only_a_booked_appointment_is_checked_in() {
        assert_eq!(Booked.check_in().unwrap(), CheckedIn);
        for other in [Cancelled, NoShow, CheckedIn] {
            assert_eq!(other.check_in().unwrap_err().reason(), Some(ErrorReason::AppointmentNotActive), "{other}");
        }
    }

    #[test]
    fn cancel_is_for_booked_appointments_and_repeatable() {
        assert_eq!(Booked.cancel().unwrap(), Cancelled);
        assert_eq!(Cancelled.cancel().unwrap(), Cancelled);
        assert_eq!(NoShow.cancel().unwrap_err().reason(), Some(ErrorReason::AppointmentNotActive));
        assert_eq!(CheckedIn.cancel().unwrap_err().reason(), Some(ErrorReason::AppointmentNotActive));
    }

    #[test]
    fn no_show_waits_for_the_slot_to_start() {
        let start = Utc::now();
        let before = start - Duration::minutes(1);
        assert_eq!(Booked.mark_no_show(start, before).unwrap_err().reason(), Some(ErrorReason::AppointmentNotDue));
        assert_eq!(Booked.mark_no_show(start, start).unwrap(), NoShow);
        assert_eq!(NoShow.mark_no_show(start, start).unwrap(), NoShow);
        assert!(Cancelled.mark_no_show(start, start).is_err());
    }

    #[test]
    fn only_booked_appointments_move_and_hold_seats() {
        assert!(Booked.reschedule().is_ok());
        assert!(Cancelled.reschedule().is_err());
        assert!(Booked.holds_seat());
        assert!(!Cancelled.holds_seat() && !NoShow.holds_seat() && !CheckedIn.holds_seat());
    }

    #[test]
    fn statuses_round_trip_through_the_database_names() {
        for st in [Booked, Cancelled, NoShow, CheckedIn] {
            assert_eq!(st.as_str().parse::<AppointmentStatus>().unwrap(), st);
        }
    }

    #[test]
    fn only_the_owner_phone_books_a_known_plate() {
        assert!(check_owner_phone("13812345678", "13812345678").is_ok());
        assert_eq!(
            check_owner_phone("13812345678", "13912345678").unwrap_err().reason(),
            Some(ErrorReason::PhoneMismatch)
        );
    }
}
