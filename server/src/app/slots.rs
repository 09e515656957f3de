//! The slot grid people book from: each slot of a day with its seats left and, when
//! it cannot be booked now, why (the booking rules of the domain, the seats of the store).

use chrono::NaiveDate;

use super::App;
use super::booking::known_service;
use crate::domain::{ErrorReason, Page, Result, ServiceCode, SlotTime, paging};
use crate::store::{appointments, secs, slots};

/// One slot of a day with its seats.
#[derive(Debug, Clone)]
pub struct SlotView {
    /// The slot.
    pub slot: SlotTime,
    /// Its seats.
    pub capacity: u32,
    /// Seats left.
    pub remaining: u32,
    /// Why it cannot be booked now, if so.
    pub unavailable: Option<ErrorReason>,
}

/// A day's slots for one service type.
#[derive(Debug, Clone)]
pub struct DaySlots {
    /// True on a configured closed date.
    pub closed: bool,
    /// The slots of the page.
    pub slots: Vec<SlotView>,
    /// The token of the next page.
    pub next_page_token: String,
}

impl App {
    /// The slots of one service type on one date, with seats left and whether each can be booked now.
    pub async fn day_slots(&self, service: ServiceCode, date: NaiveDate, page: Page) -> Result<DaySlots> {
        let settings = self.settings.clone();
        let now = self.now();
        self.store
            .read(move |conn| {
                let service = known_service(conn, &service, "service_code")?;
                let schedule = &settings.schedule;
                if schedule.is_closed(date) {
                    return Ok(DaySlots { closed: true, slots: Vec::new(), next_page_token: String::new() });
                }
                let (from, to) = schedule.day_bounds(date);
                let booked = slots::booked_between(conn, &service, secs(from), secs(to))?;
                let day_full = appointments::count_on(conn, &date.to_string())? >= settings.policy.daily_cap;
                let capacity = settings.policy.capacity.for_service(&service);
                let all: Vec<SlotView> = schedule
                    .slots_on(date)
                    .into_iter()
                    .map(|slot| {
                        let taken = booked.get(&secs(slot.start)).copied().unwrap_or(0);
                        let remaining = capacity.saturating_sub(taken);
                        let unavailable = settings.policy.window_problem(schedule, &slot, now).or(if day_full {
                            Some(ErrorReason::DailyCapacityReached)
                        } else if remaining == 0 {
                            Some(ErrorReason::SlotFull)
                        } else {
                            None
                        });
                        SlotView { slot, capacity, remaining, unavailable }
                    })
                    .collect();
                let (slots, next_page_token) =
                    paging::cut(page, all.into_iter().skip(page.offset as usize).take(page.probe() as usize).collect());
                Ok(DaySlots { closed: false, slots, next_page_token })
            })
            .await
    }
}
