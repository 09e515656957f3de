//! Opening hours, the slot grid and the booking window, in the store's zone.
//!
//! Instants are stored in UTC; the store's IANA zone decides what "today", opening
//! hours and a slot mean.

use std::collections::{BTreeMap, BTreeSet};

use crate::ErrorReason;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::error::{Error, Invalid};

/// When the store is open: the same hours every day, except closed dates.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// The store's zone.
    pub zone: Tz,
    /// Opening time, store-local.
    pub open: NaiveTime,
    /// Closing time, store-local; the last slot ends at or before it.
    pub close: NaiveTime,
    /// The length of one slot.
    pub slot: Duration,
    /// Dates the store is closed (holidays).
    pub closed_dates: BTreeSet<NaiveDate>,
}

/// One slot of the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotTime {
    /// When it starts.
    pub start: DateTime<Utc>,
    /// When it ends.
    pub end: DateTime<Utc>,
    /// Its store-local date.
    pub date: NaiveDate,
}

impl Schedule {
    /// The store-local date of an instant.
    pub fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.zone).date_naive()
    }

    /// The first and last instants of a store-local date: `[start, end)`.
    pub fn day_bounds(&self, date: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
        let start_of = |d: NaiveDate| {
            self.zone
                .from_local_datetime(&d.and_time(NaiveTime::MIN))
                .earliest()
                .map_or_else(|| d.and_time(NaiveTime::MIN).and_utc(), |t| t.with_timezone(&Utc))
        };
        (start_of(date), start_of(date + Duration::days(1)))
    }

    /// True when the date is a configured closed date.
    pub fn is_closed(&self, date: NaiveDate) -> bool {
        self.closed_dates.contains(&date)
    }

    /// Every slot of a date in time order; none on a closed date.
    pub fn slots_on(&self, date: NaiveDate) -> Vec<SlotTime> {
        if self.is_closed(date) || self.slot <= Duration::zero() {
            return Vec::new();
        }
        let mut slots = Vec::new();
        let mut local = date.and_time(self.open);
        let close = date.and_time(self.close);
        while local + self.slot <= close {
            if let Some(start) = self.zone.from_local_datetime(&local).earliest() {
                let start = start.with_timezone(&Utc);
                slots.push(SlotTime { start, end: start + self.slot, date });
            }
            local += self.slot;
        }
        slots
    }

    /// Why `start` cannot begin any slot, whatever the day: it is not a whole number
    /// of slot lengths from opening time (SLOT_INVALID). Checked with the other fields
    /// of a request, before the store is asked; the day's own rules follow in
    /// [`Self::slot_at`].
    pub fn off_grid(&self, start: DateTime<Utc>) -> Option<Invalid> {
        let local = start.with_timezone(&self.zone).naive_local();
        let from_open = local.time().signed_duration_since(self.open);
        let step = self.slot.num_seconds().max(1);
        let on_grid = start.timestamp_subsec_nanos() == 0 && from_open.num_seconds() % step == 0;
        (!on_grid).then(|| {
            Invalid::new(
                ErrorReason::SlotInvalid,
                format!("slots start at {} and every {} minutes", self.open.format("%H:%M"), self.slot.num_minutes()),
            )
        })
    }

    /// The slot starting at `start`. A time off the grid is INVALID_ARGUMENT
    /// (SLOT_INVALID); a time outside opening hours or on a closed date is
    /// FAILED_PRECONDITION (OUTSIDE_OPENING_HOURS, DATE_CLOSED).
    pub fn slot_at(&self, start: DateTime<Utc>) -> Result<SlotTime, Error> {
        let local = start.with_timezone(&self.zone).naive_local();
        let date = local.date();
        if self.is_closed(date) {
            return Err(Error::refused(ErrorReason::DateClosed, format!("the store is closed on {date}")));
        }
        let time = local.time();
        if time < self.open || time >= self.close {
            return Err(Error::refused(
                ErrorReason::OutsideOpeningHours,
                format!("the store is open {}–{}", self.open.format("%H:%M"), self.close.format("%H:%M")),
            ));
        }
        self.slots_on(date).into_iter().find(|s| s.start == start).ok_or_else(|| {
            Error::invalid(
                "slot_start",
                Invalid::new(
                    ErrorReason::SlotInvalid,
                    format!(
                        "slots start at {} and every {} minutes",
                        self.open.format("%H:%M"),
                        self.slot.num_minutes()
                    ),
                ),
            )
        })
    }

    /// True while the store is open at `at` (opening hours of an open date).
    pub fn is_open_at(&self, at: DateTime<Utc>) -> bool {
        let local = at.with_timezone(&self.zone).naive_local();
        !self.is_closed(local.date()) && local.time() >= self.open && local.time() < self.close
    }
}

/// The rules on when a booking is accepted, apart from seats.
#[derive(Debug, Clone)]
pub struct BookingPolicy {
    /// How long before its start a slot can still be booked.
    pub min_notice: Duration,
    /// How many days ahead slots can be booked (today + horizon is the last day).
    pub horizon_days: u32,
    /// The most appointments a store-local day takes, all service types together.
    pub daily_cap: u32,
    /// Seats per slot for each service type.
    pub capacity: SlotCapacity,
}

impl BookingPolicy {
    /// Why a slot cannot be booked at `now` for reasons of time, or `None`.
    pub fn window_problem(&self, schedule: &Schedule, slot: &SlotTime, now: DateTime<Utc>) -> Option<ErrorReason> {
        if slot.start <= now {
            Some(ErrorReason::SlotInPast)
        } else if slot.start < now + self.min_notice {
            Some(ErrorReason::SlotTooSoon)
        } else if slot.date > schedule.local_date(now) + Duration::days(i64::from(self.horizon_days)) {
            Some(ErrorReason::SlotBeyondHorizon)
        } else {
            None
        }
    }

    /// Rejects a slot that is past, too soon or beyond the horizon.
    pub fn check_window(&self, schedule: &Schedule, slot: &SlotTime, now: DateTime<Utc>) -> Result<(), Error> {
        match self.window_problem(schedule, slot, now) {
            None => Ok(()),
            Some(ErrorReason::SlotInPast) => {
                Err(Error::refused(ErrorReason::SlotInPast, "the slot has already started"))
            }
            Some(ErrorReason::SlotTooSoon) => Err(Error::refused(
                ErrorReason::SlotTooSoon,
                format!("book at least {} minutes ahead", self.min_notice.num_minutes()),
            )),
            Some(reason) => {
                Err(Error::refused(reason, format!("slots can be booked up to {} days ahead", self.horizon_days)))
            }
        }
    }
}

/// Seats per slot for each service type, with a default for types not listed.
#[derive(Debug, Clone)]
pub struct SlotCapacity {
    /// Seats by service code.
    pub per_service: BTreeMap<String, u32>,
    /// Seats for service types not listed.
    pub default: u32,
}

impl SlotCapacity {
    /// The seats one slot of `service_code` has.
    pub fn for_service(&self, service_code: &str) -> u32 {
        self.per_service.get(service_code).copied().unwrap_or(self.default)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shanghai() -> Schedule {
        Schedule {
            zone: chrono_tz::Asia::Shanghai,
            open: NaiveTime::from_hms_opt(8, 30, 0).unwrap(),
            close: NaiveTime::from_hms_opt(17, 30, 0).unwrap(),
            slot: Duration::minutes(30),
            closed_dates: [NaiveDate::from_ymd_opt(2026, 12, 25).unwrap()].into(),
        }
    }

    fn policy() -> BookingPolicy {
        BookingPolicy {
            min_notice: Duration::hours(1),
            horizon_days: 30,
            daily_cap: 20,
            capacity: SlotCapacity { per_service: BTreeMap::new(), default: 2 },
        }
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_day_has_eighteen_half_hour_slots_from_0830_shanghai_time() {
        let slots = shanghai().slots_on(NaiveDate::from_ymd_opt(2026, 11, 28).unwrap());
        assert_eq!(slots.len(), 18);
        assert_eq!(slots[0].start, at("2026-11-28T08:30:00+08:00"));
        assert_eq!(slots[17].end, at("2026-11-28T17:30:00+08:00"));
    }

    #[test]
    fn a_start_off_the_half_hour_grid_is_invalid_on_any_day() {
        let s = shanghai();
        assert_eq!(s.off_grid(at("2026-11-28T09:00:00+08:00")), None);
        assert_eq!(s.off_grid(at("2026-11-28T06:00:00+08:00")), None, "on the grid, if outside the hours");
        for bad in ["2026-11-28T09:10:00+08:00", "2026-11-28T09:00:30+08:00", "2026-11-28T07:10:00+08:00"] {
            assert_eq!(s.off_grid(at(bad)).map(|i| i.reason), Some(ErrorReason::SlotInvalid), "{bad}");
        }
        let nanos = at("2026-11-28T09:00:00+08:00") + Duration::nanoseconds(1);
        assert!(s.off_grid(nanos).is_some());
    }

    #[test]
    fn closed_dates_have_no_slots_and_reject_bookings() {
        let s = shanghai();
        assert!(s.slots_on(NaiveDate::from_ymd_opt(2026, 12, 25).unwrap()).is_empty());
        let err = s.slot_at(at("2026-12-25T09:00:00+08:00")).unwrap_err();
        assert_eq!(err.reason(), Some(ErrorReason::DateClosed));
    }

    #[test]
    fn slot_at_accepts_the_grid_only() {
        let s = shanghai();
        assert!(s.slot_at(at("2026-11-28T08:30:00+08:00")).is_ok());
        assert!(s.slot_at(at("2026-11-28T17:00:00+08:00")).is_ok());
        let off_grid = s.slot_at(at("2026-11-28T08:45:00+08:00")).unwrap_err();
        assert_eq!(off_grid.reason(), Some(ErrorReason::SlotInvalid));
        assert!(matches!(off_grid, Error::Invalid(_)));
        for outside in ["2026-11-28T08:00:00+08:00", "2026-11-28T17:30:00+08:00", "2026-11-28T03:00:00+08:00"] {
            assert_eq!(
                s.slot_at(at(outside)).unwrap_err().reason(),
                Some(ErrorReason::OutsideOpeningHours),
                "{outside}"
            );
        }
    }

    #[test]
    fn local_date_uses_the_store_zone() {
        // 17:00 UTC is already the next day in Shanghai.
        assert_eq!(shanghai().local_date(at("2026-11-27T17:00:00Z")), NaiveDate::from_ymd_opt(2026, 11, 28).unwrap());
        let (start, end) = shanghai().day_bounds(NaiveDate::from_ymd_opt(2026, 11, 28).unwrap());
        assert_eq!(start, at("2026-11-27T16:00:00Z"));
        assert_eq!(end - start, Duration::days(1));
    }

    #[test]
    fn the_booking_window_rejects_past_too_soon_and_too_far() {
        let (s, p) = (shanghai(), policy());
        let now = at("2026-11-28T09:10:00+08:00");
        let check = |slot: &str| p.window_problem(&s, &s.slot_at(at(slot)).unwrap(), now);
        assert_eq!(check("2026-11-28T09:00:00+08:00"), Some(ErrorReason::SlotInPast));
        assert_eq!(check("2026-11-28T10:00:00+08:00"), Some(ErrorReason::SlotTooSoon));
        assert_eq!(check("2026-11-28T10:30:00+08:00"), None);
        assert_eq!(check("2026-12-28T10:30:00+08:00"), None);
        assert_eq!(check("2026-12-29T08:30:00+08:00"), Some(ErrorReason::SlotBeyondHorizon));
    }
}
