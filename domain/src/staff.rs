//! Staff: what each member does and where they sit.

use crate::ErrorReason;

use super::error::{Error, Invalid};

/// What a member of staff does; stored by its name (`SERVICE_ADVISOR`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::EnumString, strum::EnumIter, strum::Display,
)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum StaffKind {
    /// A service advisor (服务顾问) at a counter.
    ServiceAdvisor,
    /// A follow-up agent (跟踪业务员).
    FollowupAgent,
    /// A front-desk supervisor.
    Supervisor,
}

impl StaffKind {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// A counter (服务台) number: 1 to 99, or 0 for none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CounterNumber(i32);

impl CounterNumber {
    /// Parses a counter number.
    pub fn parse(n: i32) -> Result<Self, Invalid> {
        if (0..=99).contains(&n) {
            Ok(Self(n))
        } else {
            Err(Invalid::new(ErrorReason::FieldInvalid, "a counter number is 1 to 99, or 0 for none"))
        }
    }

    /// The number.
    pub fn get(self) -> i32 {
        self.0
    }
}

/// A service advisor at their counter asking for the next customer.
#[derive(Debug, Clone, Copy)]
pub struct AtCounter<'a> {
    /// False once deactivated.
    pub active: bool,
    /// Available, paused or offline, as set.
    pub status: AdvisorStatus,
    /// The counter customers are called to; 0 for none.
    pub counter: i32,
    /// The number of the ticket they already hold, if any.
    pub holding: Option<&'a str>,
}

impl AtCounter<'_> {
    /// Whether the advisor may call somebody now: active, holding no ticket,
    /// available, and at a counter customers can be sent to.
    pub fn ready_to_call(&self) -> Result<(), Error> {
        if !self.active {
            return Err(Error::refused(ErrorReason::AdvisorInactive, "this advisor is deactivated"));
        }
        if let Some(number) = self.holding {
            return Err(Error::refused(ErrorReason::AdvisorBusy, format!("you are serving {number}")));
        }
        if self.status != AdvisorStatus::Available {
            let now = self.status.as_str().to_lowercase();
            return Err(Error::refused(
                ErrorReason::AdvisorNotAvailable,
                format!("you are {now}; set yourself available first"),
            ));
        }
        if self.counter == 0 {
            return Err(Error::refused(
                ErrorReason::AdvisorNotAvailable,
                "you have no counter to call customers to; ask a supervisor for one",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_are_small_numbers() {
        assert_eq!(CounterNumber::parse(3).unwrap().get(), 3);
        assert!(CounterNumber::parse(0).is_ok());
        assert_eq!(CounterNumber::parse(100).unwrap_err().reason, ErrorReason::FieldInvalid);
        assert!(CounterNumber::parse(-1).is_err());
    }

    #[test]
    fn an_advisor_calls_only_when_active_free_available_and_at_a_counter() {
        let ready = AtCounter { active: true, status: AdvisorStatus::Available, counter: 2, holding: None };
        assert!(ready.ready_to_call().is_ok());
        let refused = |a: AtCounter<'_>| a.ready_to_call().unwrap_err().reason();
        assert_eq!(refused(AtCounter { active: false, ..ready }), Some(ErrorReason::AdvisorInactive));
        assert_eq!(refused(AtCounter { holding: Some("B007"), ..ready }), Some(ErrorReason::AdvisorBusy));
        assert_eq!(
            refused(AtCounter { status: AdvisorStatus::Paused, ..ready }),
            Some(ErrorReason::AdvisorNotAvailable)
        );
        assert_eq!(refused(AtCounter { counter: 0, ..ready }), Some(ErrorReason::AdvisorNotAvailable));
    }

    #[test]
    fn kinds_round_trip() {
        use strum::IntoEnumIterator;
        for kind in StaffKind::iter() {
            assert_eq!(kind.as_str().parse::<StaffKind>().ok(), Some(kind));
        }
        assert_eq!(StaffKind::FollowupAgent.as_str(), "FOLLOWUP_AGENT");
        assert!("followup_agent".parse::<StaffKind>().is_err(), "stored names only");
    }
}

/// What an advisor is doing, as the queue sees it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::EnumString, strum::EnumIter, strum::Display,
)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum AdvisorStatus {
    /// Ready for the next customer.
    Available,
    /// Holding a called or in-service ticket (never stored: it follows from the tickets).
    Serving,
    /// On a short break, still on duty.
    Paused,
    /// Not at work.
    Offline,
}

impl AdvisorStatus {
    /// The name stored in the database (Serving is never stored).
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The status people see: SERVING while holding a ticket, else the stored one.
    pub fn effective(stored: Self, holding_ticket: bool) -> Self {
        if holding_ticket { Self::Serving } else { stored }
    }

    /// On duty: everything but offline.
    pub fn on_duty(self) -> bool {
        self != Self::Offline
    }

    /// Taking customers now: available or serving.
    pub fn taking_customers(self) -> bool {
        matches!(self, Self::Available | Self::Serving)
    }
}

#[cfg(test)]
mod status_tests {
    use super::*;

    #[test]
    fn holding_a_ticket_shows_as_serving() {
        assert_eq!(AdvisorStatus::effective(AdvisorStatus::Available, true), AdvisorStatus::Serving);
        assert_eq!(AdvisorStatus::effective(AdvisorStatus::Paused, false), AdvisorStatus::Paused);
        assert!(AdvisorStatus::Paused.on_duty() && !AdvisorStatus::Paused.taking_customers());
        assert!(!AdvisorStatus::Offline.on_duty());
    }
}
