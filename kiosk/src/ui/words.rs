//! Dates, times and service names in the customer's words and the store's zone. A time
//! goes to the window as a [`Moment`], which the window words (今天, 明天, a date)
//! through its translations.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::flow::Controller;
use crate::slint_generated::Moment;

const WEEKDAYS_ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A date as the customer reads it: `11月28日 周六` or `Sat 28 Nov`.
pub fn day_label(d: NaiveDate, english: bool) -> String {
    let wd = d.weekday().num_days_from_monday() as usize;
    if english {
        format!("{} {} {}", WEEKDAYS_EN[wd], d.day(), MONTHS_EN[d.month0() as usize])
    } else {
        format!("{}月{}日 {}", d.month(), d.day(), WEEKDAYS_ZH[wd])
    }
}

/// A date and time: `3月4日 周一 17:00`.
pub fn when(c: &Controller, at: DateTime<Utc>, english: bool) -> String {
    let local = at.with_timezone(&c.zone());
    format!("{} {}", day_label(local.date_naive(), english), local.format("%H:%M"))
}

/// A time for the window to word: its day counted from today in the store's zone.
pub fn moment(c: &Controller, at: Option<DateTime<Utc>>, english: bool) -> Moment {
    let Some(at) = at else { return Moment::default() };
    let local = at.with_timezone(&c.zone());
    let relative = (local.date_naive() - c.today()).num_days();
    Moment {
        relative: i32::try_from(relative).unwrap_or(i32::MAX),
        date: day_label(local.date_naive(), english).into(),
        time: local.format("%H:%M").to_string().into(),
    }
}

/// A service type's name in the customer's language (its code when unknown).
pub fn service_name(c: &Controller, code: &str, english: bool) -> String {
    c.services()
        .iter()
        .find(|s| s.code == code)
        .map(|s| if english { s.name_en.clone() } else { s.name_zh.clone() })
        .unwrap_or_else(|| code.to_owned())
}
