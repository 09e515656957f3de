//! The kiosk's controller: the customer's [`Session`], and what time does to it (the
//! idle countdown, result screens going home, the ticket on show read again). Knows
//! nothing of Slint or the network: an action may return a [`Call`] for the driver to
//! make, and the driver's reply moves the session on. Tested without a window.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use super::calls::{Call, default_services};
use super::clock::{Clock, Now, Timing};
use super::outcome::Done;
use super::screens::Screen;
use super::session::Session;
use super::steps::Next;
use crate::views::{ServiceChoice, TicketView};

/// The kiosk's state.
pub struct Controller {
    pub(super) session: Session,
    /// The service types on offer (the server's list once it came).
    pub(super) services: Vec<ServiceChoice>,
    /// Seconds since the last touch (or since a result screen came up).
    pub(super) idle: u32,
    /// Seconds until the reset, while counting down.
    pub(super) countdown: Option<u32>,
    /// Counts the customers served: every reset and every new flow. A reply to a call
    /// made for an earlier one is dropped (see [`Controller::generation`]).
    pub(super) generation: u64,
    /// Counts the sessions ended (home, idle reset, result screens timing out), so the
    /// window can go back to its first language for the next customer.
    sessions_ended: u64,
    /// True when the customer chose the other language; an idle home screen then goes
    /// back to the first one.
    language_changed: bool,
    timing: Timing,
    pub(super) clock: Clock,
}

impl std::fmt::Debug for Controller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Controller").field("session", &self.session).finish_non_exhaustive()
    }
}

impl Controller {
    /// Seconds between two reads of a waiting ticket on show.
    pub const TICKET_REFRESH_SECS: u32 = 5;

    /// A kiosk at home, in the store's zone, with a clock.
    pub fn new(timing: Timing, zone: Tz, now: Now) -> Self {
        Self {
            session: Session::Home,
            services: default_services(),
            idle: 0,
            countdown: None,
            generation: 0,
            sessions_ended: 0,
            language_changed: false,
            timing,
            clock: Clock::new(zone, now),
        }
    }

    /// Today in the store's zone.
    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    /// The kiosk's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The store's zone.
    pub fn zone(&self) -> Tz {
        self.clock.zone()
    }

    /// The kiosk's timing.
    pub fn timing(&self) -> Timing {
        self.timing
    }

    /// Back to the home screen with every entered value forgotten: the customer's
    /// session ends.
    pub fn reset(&mut self) {
        self.clear();
        self.sessions_ended += 1;
    }

    /// Forgets every entered value and any call still under way; the same customer.
    pub(super) fn clear(&mut self) {
        self.session = Session::Home;
        self.generation += 1;
        self.idle = 0;
        self.countdown = None;
        self.language_changed = false;
    }

    /// Which customer the kiosk is serving: a reply to a call made under another
    /// generation belongs to someone gone (home was pressed, the kiosk reset) and must
    /// not come back on screen or into memory.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// How many customer sessions have ended.
    pub fn sessions_ended(&self) -> u64 {
        self.sessions_ended
    }

    /// The customer chose the other language (`true`) or the first one again.
    pub fn set_language_changed(&mut self, changed: bool) {
        self.language_changed = changed;
    }

    /// A touch anywhere: the customer is still here.
    pub fn touch(&mut self) {
        self.idle = 0;
        self.countdown = None;
    }

    /// Where an action leads: a call to wait for, or a result screen, which goes home
    /// by itself after a while.
    pub(super) fn finish(&mut self, next: Next) -> Option<Call> {
        match next {
            Next::Stay => None,
            Next::Call(call) => Some(call),
            Next::Done(outcome) => {
                let flow = self.session.flow()?;
                self.session = Session::Done(Done { flow, outcome });
                self.idle = 0;
                None
            }
        }
    }

    fn on_result_screen(&self) -> bool {
        matches!(self.session, Session::Done(_))
    }

    /// Seconds left before a result screen goes home by itself.
    pub fn result_seconds_left(&self) -> Option<u32> {
        self.on_result_screen().then(|| self.timing.result_screen.saturating_sub(self.idle))
    }

    /// Called once a second. Starts the reset countdown after the idle time, resets
    /// when it runs out, and leaves result screens after their time. While a waiting
    /// ticket is on show it is read again every few seconds, so the counter appears
    /// when the customer is called.
    pub fn tick(&mut self) -> Option<Call> {
        if self.session.screen() == Screen::Home && self.countdown.is_none() {
            // Someone chose English and walked away: the next customer gets the first
            // language again.
            self.idle = if self.language_changed { self.idle + 1 } else { 0 };
            if self.idle >= self.timing.idle_after {
                self.reset();
            }
            return None;
        }
        self.idle += 1;
        let refresh = self.refresh_ticket();
        if self.on_result_screen() && self.idle >= self.timing.result_screen {
            self.reset();
            return None;
        }
        if self.idle >= self.timing.idle_after {
            let left = (self.timing.idle_after + self.timing.countdown).saturating_sub(self.idle);
            if left == 0 {
                self.reset();
                return None;
            }
            self.countdown = Some(left);
        }
        refresh
    }

    fn refresh_ticket(&mut self) -> Option<Call> {
        let Session::Done(done) = &mut self.session else { return None };
        if !self.idle.is_multiple_of(Self::TICKET_REFRESH_SECS) {
            return None;
        }
        done.read_ticket().map(|number| Call::RefreshTicket { number })
    }

    /// True when an appointment customer came before the time they are called first:
    /// they are told when their appointment is.
    pub fn early_for(&self, ticket: &TicketView) -> bool {
        ticket.priority_from.is_some_and(|from| self.now() < from)
    }
}
