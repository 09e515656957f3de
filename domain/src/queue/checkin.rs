//! When a customer may check in.

use crate::ErrorReason;
use chrono::{DateTime, Utc};

use super::QueueRules;
use crate::error::Error;
use crate::schedule::Schedule;

/// A check-in kept offline carries when the customer came: earlier today (a minute of
/// clock drift allowed), never another day — such a check-in expires with its day.
pub fn check_arrival(schedule: &Schedule, now: DateTime<Utc>, arrived: DateTime<Utc>) -> Result<(), Error> {
    if arrived > now + chrono::Duration::minutes(1) || schedule.local_date(arrived) != schedule.local_date(now) {
        return Err(Error::refused(
            ErrorReason::ArrivalTimeInvalid,
            "the arrival time must be earlier today; a check-in kept offline expires at the end of its day",
        ));
    }
    Ok(())
}

/// Whether a customer arriving at `at` may check in: from `rules.checkin_opens`
/// before the store opens until it closes. The refusal says when check-in opens
/// (ErrorInfo metadata `opens_at`, store time `HH:MM`).
pub fn check_in_window(schedule: &Schedule, rules: &QueueRules, at: DateTime<Utc>) -> Result<(), Error> {
    if schedule.is_open_at(at) || schedule.is_open_at(at + rules.checkin_opens) {
        return Ok(());
    }
    let local = at.with_timezone(&schedule.zone).time();
    let opens = schedule.open.overflowing_sub_signed(rules.checkin_opens).0.format("%H:%M").to_string();
    let (open, close) = (schedule.open.format("%H:%M"), schedule.close.format("%H:%M"));
    let message = if local < schedule.open {
        format!(
            "check-in opens at {opens}, {} minutes before the store opens at {open}",
            rules.checkin_opens.num_minutes()
        )
    } else {
        format!("the store closed at {close}; check-in opens again at {opens}")
    };
    Err(Error::refused(ErrorReason::OutsideOpeningHours, message).with("opens_at", opens))
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, NaiveTime, TimeZone};

    use super::super::tests::rules;
    use super::*;

    fn schedule() -> Schedule {
        let at = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        Schedule {
            zone: chrono_tz::Asia::Shanghai,
            open: at(8, 30),
            close: at(17, 30),
            slot: Duration::minutes(30),
            closed_dates: Default::default(),
        }
    }

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        chrono_tz::Asia::Shanghai.with_ymd_and_hms(2030, 3, 4, h, m, 0).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn an_arrival_kept_offline_is_earlier_today() {
        let s = schedule();
        assert!(check_arrival(&s, at(10, 0), at(9, 0)).is_ok());
        assert!(check_arrival(&s, at(10, 0), at(10, 1)).is_ok(), "a minute of drift");
        assert!(check_arrival(&s, at(10, 0), at(10, 5)).is_err(), "not in the future");
        assert!(check_arrival(&s, at(10, 0), at(10, 0) - Duration::days(1)).is_err(), "not yesterday");
    }

    #[test]
    fn check_in_opens_before_the_store_and_closes_with_it() {
        let (s, r) = (schedule(), rules());
        assert!(check_in_window(&s, &r, at(8, 0)).is_ok(), "30 minutes before opening");
        assert!(check_in_window(&s, &r, at(17, 29)).is_ok());
        let early = check_in_window(&s, &r, at(7, 59)).unwrap_err();
        assert!(early.to_string().contains("opens at 08:00"), "{early}");
        let late = check_in_window(&s, &r, at(17, 30)).unwrap_err();
        assert!(late.to_string().contains("closed at 17:30"), "{late}");
    }
}
