//! The arithmetic of the service manager's figures: durations (mean, median, 90th
//! percentile), ratios against targets, and report periods in store dates.

use crate::ErrorReason;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::appointment::AppointmentStatus;
use super::error::Invalid;

/// The targets the figures are read against (the seed's by default).
#[derive(Debug, Clone, PartialEq)]
pub struct Targets {
    /// Cars received a day.
    pub cars_per_day: u32,
    /// Cars received in a calendar month.
    pub cars_per_month: u32,
    /// CSI, basis points (93% = 9300).
    pub csi_bp: u32,
    /// Repeat repairs stay under this, basis points.
    pub repeat_repair_bp: u32,
    /// A repair within this many days of the last one is a repeat repair.
    pub repeat_repair_days: u32,
    /// The service types that are repairs.
    pub repair_services: Vec<String>,
    /// Follow-ups done within their window, basis points.
    pub follow_ups_in_window_bp: u32,
    /// Escalations handled in time (solved by the agent within two days, or reported
    /// within them and solved by the supervisor within 48 hours), basis points.
    pub escalations_in_time_bp: u32,
    /// Customers told the same day, basis points.
    pub same_day_notice_bp: u32,
    /// Work orders with a callback note, basis points.
    pub callback_note_bp: u32,
    /// Base customers.
    pub base_customers: u32,
    /// The average value of a repair (单车维修产值), all payers.
    pub repair_value: crate::workorder::Fen,
    /// The average value of an insurance repair.
    pub insurance_value: crate::workorder::Fen,
    /// Warranty claims approved of those decided, basis points.
    pub warranty_approval_bp: u32,
}

/// Cars handed back and what they were worth (产值): the settlement of each, in fen,
/// for every payer and for the customer's share.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CarValue {
    /// Cars counted.
    pub cars: u32,
    /// Their settled value, every payer.
    pub total: crate::workorder::Fen,
    /// The customers' share of it.
    pub customer: crate::workorder::Fen,
}

impl CarValue {
    /// Counts one car.
    pub fn add(&mut self, total: crate::workorder::Fen, customer: crate::workorder::Fen) {
        self.cars += 1;
        self.total = self.total + total;
        self.customer = self.customer + customer;
    }

    /// The average of every payer, rounded half up to the fen; `None` without cars.
    pub fn average(self) -> Option<crate::workorder::Fen> {
        average(self.total, self.cars)
    }

    /// The average the customers paid.
    pub fn customer_average(self) -> Option<crate::workorder::Fen> {
        average(self.customer, self.cars)
    }
}

fn average(sum: crate::workorder::Fen, n: u32) -> Option<crate::workorder::Fen> {
    let n = i64::from(n);
    (n > 0).then(|| crate::workorder::Fen((sum.fen() * 2 + n) / (2 * n)))
}

/// An average value that should reach `target` per car.
pub fn value_at_least(v: CarValue, target: crate::workorder::Fen) -> Standing {
    if v.cars == 0 {
        Standing::NoData
    } else if v.total.fen() >= target.fen() * i64::from(v.cars) {
        Standing::Met
    } else {
        Standing::Missed
    }
}

/// Mean, median and 90th percentile of a set of durations, in whole seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Durations {
    /// How many durations.
    pub count: u32,
    /// The mean, rounded to the nearest second.
    pub mean: i64,
    /// The median: the middle value, or the mean of the two middle values (rounded down).
    pub median: i64,
    /// The 90th percentile by nearest rank: the value at rank ⌈0.9·n⌉ in ascending order.
    pub p90: i64,
}

/// Summarises durations in seconds; all zero when there are none.
pub fn durations(mut values: Vec<i64>) -> Durations {
    if values.is_empty() {
        return Durations::default();
    }
    values.sort_unstable();
    let n = values.len();
    let sum: i64 = values.iter().sum();
    let n64 = n as i64;
    let mean = (2 * sum + n64).div_euclid(2 * n64);
    let median = if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]).div_euclid(2) };
    let rank = (9 * n).div_ceil(10).max(1);
    Durations { count: u32::try_from(n).unwrap_or(u32::MAX), mean, median, p90: values[rank - 1] }
}

/// How many of how many: the basis of every rate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ratio {
    /// The cases that count (scored 4 or 5, done in the window…).
    pub count: u32,
    /// All cases.
    pub total: u32,
}

impl Ratio {
    /// `count / total`, or 0 when there are no cases.
    pub fn rate(self) -> f64 {
        if self.total == 0 { 0.0 } else { f64::from(self.count) / f64::from(self.total) }
    }
}

/// How a figure stands against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Meets the target.
    Met,
    /// Misses it.
    Missed,
    /// The figure has no target.
    NoTarget,
    /// No cases in the period, so there is nothing to judge.
    NoData,
}

/// A target rate in basis points (1% = 100), as configured in percent.
pub fn basis_points(percent: f64) -> u32 {
    (percent * 100.0).round().clamp(0.0, 10_000.0) as u32
}

/// A rate that should reach `target_bp`: compared exactly in integers.
pub fn at_least(r: Ratio, target_bp: u32) -> Standing {
    if r.total == 0 {
        Standing::NoData
    } else if u64::from(r.count) * 10_000 >= u64::from(target_bp) * u64::from(r.total) {
        Standing::Met
    } else {
        Standing::Missed
    }
}

/// A rate that should stay below `target_bp` (repeat repairs: under 2%).
pub fn below(r: Ratio, target_bp: u32) -> Standing {
    if r.total == 0 {
        Standing::NoData
    } else if u64::from(r.count) * 10_000 < u64::from(target_bp) * u64::from(r.total) {
        Standing::Met
    } else {
        Standing::Missed
    }
}

/// A count that should reach a target.
pub fn count_at_least(value: u32, target: u32) -> Standing {
    if value >= target { Standing::Met } else { Standing::Missed }
}

/// The first and last day of a month written `YYYY-MM`, in the years 1900 to 9999 (as
/// every date of the API).
pub fn month_range(month: &str) -> Result<(NaiveDate, NaiveDate), Invalid> {
    let bad = || Invalid::new(ErrorReason::DateInvalid, "a month looks like 2026-11 (years 1900 to 9999)");
    let text = month.trim();
    let (y, m) = text.split_once('-').ok_or_else(bad)?;
    if y.len() != 4 || m.len() != 2 || !text.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return Err(bad());
    }
    let (y, m) = (y.parse::<i32>().map_err(|_| bad())?, m.parse::<u32>().map_err(|_| bad())?);
    let first = NaiveDate::from_ymd_opt(y, m, 1).filter(|_| y >= 1900).ok_or_else(bad)?;
    Ok((first, last_of_month(first)))
}

/// How an appointment counts for the no-show rate (预约爽约率): missed when marked a
/// no-show, or still booked although its slot started before `late` (now less the
/// grace for late arrivals); kept once checked in; not counted when cancelled, nor
/// while the customer may still come.
pub fn appointment_missed(status: AppointmentStatus, slot_start: DateTime<Utc>, late: DateTime<Utc>) -> Option<bool> {
    match status {
        AppointmentStatus::NoShow => Some(true),
        AppointmentStatus::CheckedIn => Some(false),
        AppointmentStatus::Booked if slot_start < late => Some(true),
        AppointmentStatus::Booked | AppointmentStatus::Cancelled => None,
    }
}

/// The last day of the lost-customer period before `day`: a customer whose latest
/// visit is on or before it has had none for `months` calendar months (流失客户); one
/// with a later visit is a base customer (基盘客户). Twelve months before 2030-03-04 is
/// 2029-03-04; before 2028-02-29, 2027-02-28.
pub fn lost_cutoff(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_sub_months(chrono::Months::new(months)).unwrap_or(NaiveDate::MIN)
}

/// The last day of the month `day` lies in.
pub fn last_of_month(day: NaiveDate) -> NaiveDate {
    let first = day.with_day(1).unwrap_or(day);
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
    };
    next.map_or(day, |n| n - Duration::days(1))
}

/// The month before the one `first` opens, as first and last day.
pub fn previous_month(first: NaiveDate) -> (NaiveDate, NaiveDate) {
    let last = first.with_day(1).unwrap_or(first) - Duration::days(1);
    (last.with_day(1).unwrap_or(last), last)
}

/// True when the range is exactly one calendar month.
pub fn is_whole_month(from: NaiveDate, to: NaiveDate) -> bool {
    from.day() == 1 && to == last_of_month(from)
}

/// The longest range a report or a register covers, in days: a year and a day.
pub const MAX_PERIOD_DAYS: i64 = 366;

/// Checks a range of store dates a report or a register covers: it ends on or after
/// its start, and spans at most a year. The refusal names `to_date`.
pub fn check_period(from: NaiveDate, to: NaiveDate) -> Result<(NaiveDate, NaiveDate), Invalid> {
    if to < from {
        return Err(Invalid::new(ErrorReason::DateInvalid, "the range ends before it starts"));
    }
    if (to - from).num_days() > MAX_PERIOD_DAYS {
        return Err(Invalid::new(ErrorReason::FieldInvalid, "a range of at most a year"));
    }
    Ok((from, to))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_period_ends_after_it_starts_and_spans_at_most_a_year() {
        let day = |m, d| NaiveDate::from_ymd_opt(2030, m, d).unwrap();
        assert!(check_period(day(3, 1), day(3, 1)).is_ok());
        assert_eq!(check_period(day(3, 2), day(3, 1)).unwrap_err().reason, ErrorReason::DateInvalid);
        assert!(check_period(day(1, 1), NaiveDate::from_ymd_opt(2031, 1, 2).unwrap()).is_ok(), "366 days");
        assert!(check_period(day(1, 1), NaiveDate::from_ymd_opt(2031, 1, 3).unwrap()).is_err());
    }

    #[test]
    fn months_are_four_digit_years_and_two_digit_months() {
        assert!(month_range("2030-03").is_ok());
        for bad in ["0001-01", "+2030-01", "262143-12", "2030-3", "2030-13", "20300-01", ""] {
            assert!(month_range(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_lost_cutoff_counts_calendar_months() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(lost_cutoff(d(2030, 3, 4), 12), d(2029, 3, 4));
        assert_eq!(lost_cutoff(d(2028, 2, 29), 12), d(2027, 2, 28));
        assert_eq!(lost_cutoff(d(2030, 3, 31), 1), d(2030, 2, 28));
    }

    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn durations_by_hand() {
        // 60, 120, …, 540 and 6000 s: sum 8700, mean 870, median (300+360)/2,
        // p90 = rank ⌈9⌉ = 540.
        let v = vec![6000, 60, 120, 180, 240, 300, 360, 420, 480, 540];
        assert_eq!(durations(v), Durations { count: 10, mean: 870, median: 330, p90: 540 });
        assert_eq!(durations(vec![100]), Durations { count: 1, mean: 100, median: 100, p90: 100 });
        assert_eq!(durations(vec![1, 2]), Durations { count: 2, mean: 2, median: 1, p90: 2 }, "1.5 rounds to 2");
        assert_eq!(durations(vec![]), Durations::default());
    }

    #[test]
    fn rates_meet_targets_exactly() {
        let csi = |count, total| at_least(Ratio { count, total }, basis_points(93.0));
        assert_eq!(csi(93, 100), Standing::Met);
        assert_eq!(csi(92, 100), Standing::Missed);
        assert_eq!(csi(14, 15), Standing::Met, "93.3%");
        assert_eq!(csi(0, 0), Standing::NoData);
        let repeat = |count, total| below(Ratio { count, total }, basis_points(2.0));
        assert_eq!(repeat(1, 51), Standing::Met, "1.96%");
        assert_eq!(repeat(1, 50), Standing::Missed, "exactly 2% is not under 2%");
        assert_eq!(Ratio { count: 1, total: 4 }.rate(), 0.25);
        assert_eq!(Ratio::default().rate(), 0.0);
    }

    #[test]
    fn an_appointment_is_missed_once_its_slot_started_before_the_grace_and_cancelled_ones_never_count() {
        let slot = d("2030-03-04").and_hms_opt(9, 0, 0).unwrap().and_utc();
        let minute = Duration::minutes(1);
        assert_eq!(appointment_missed(AppointmentStatus::NoShow, slot, slot), Some(true));
        assert_eq!(appointment_missed(AppointmentStatus::CheckedIn, slot, slot + minute), Some(false));
        assert_eq!(appointment_missed(AppointmentStatus::Booked, slot, slot + minute), Some(true), "the grace is over");
        assert_eq!(appointment_missed(AppointmentStatus::Booked, slot, slot), None, "the customer may still come");
        assert_eq!(appointment_missed(AppointmentStatus::Cancelled, slot, slot + minute), None);
    }

    #[test]
    fn months_and_their_edges() {
        assert_eq!(month_range("2030-02").unwrap(), (d("2030-02-01"), d("2030-02-28")));
        assert_eq!(month_range("2032-02").unwrap().1, d("2032-02-29"));
        assert_eq!(month_range("2030-12").unwrap().1, d("2030-12-31"));
        assert!(month_range("2030-13").is_err() && month_range("March").is_err());
        assert_eq!(previous_month(d("2030-01-01")), (d("2029-12-01"), d("2029-12-31")));
        assert!(is_whole_month(d("2030-03-01"), d("2030-03-31")));
        assert!(!is_whole_month(d("2030-03-01"), d("2030-03-30")));
    }
}
