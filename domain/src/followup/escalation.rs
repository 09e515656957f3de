//! A complaint's way to a solution (投诉处理), as the seed has it: 不能当面或当时答复的，
//! 通话后要尽快加以研究，找出办法；仍不能解决的，要在两日内报告业务主管.
//!
//! A complaint not answered on the call starts in the agent's hands: they research it
//! and have until the end of the second store day after the call to solve it or report
//! it to the supervisor. When those two days run out unsolved and unreported, it
//! reaches the supervisor on its own at that moment, marked late. From the moment it
//! reaches them the supervisor has 48 hours. An issue escalated by hand goes to the
//! supervisor at once. Nothing is written when the two days run out: the stage is
//! read from the clock, as every list of the desk is.

use crate::ErrorReason;
use chrono::{DateTime, Duration, Utc};

use crate::error::Error;
use crate::schedule::Schedule;

/// Store days the agent has to solve an issue or report it.
pub const RESEARCH_DAYS: i64 = 2;
/// Hours the supervisor has from the moment an issue reaches them.
pub const SUPERVISOR_HOURS: i64 = 48;

/// Who acts on an issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handler {
    /// A follow-up agent: they solve or report what they research.
    Agent,
    /// The supervisor: they may solve an issue at any stage.
    Supervisor,
}

/// Where an issue stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    /// The agent researches it.
    Researching,
    /// It is with the supervisor.
    Reported,
    /// A solution is recorded.
    Resolved,
}

/// The clock of one issue: when it was raised, until when the agent may research
/// it, when it was reported by hand and when it was resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Issue {
    raised: DateTime<Utc>,
    research_due: Option<DateTime<Utc>>,
    reported: Option<DateTime<Utc>>,
    resolved: Option<DateTime<Utc>>,
}

/// The end of the second store day after `raised`: the agent's research deadline.
pub fn research_due(raised: DateTime<Utc>, schedule: &Schedule) -> DateTime<Utc> {
    schedule.day_bounds(schedule.local_date(raised) + Duration::days(RESEARCH_DAYS)).1
}

impl Issue {
    /// A complaint not answered on a call: the agent researches it first.
    pub fn researching(raised: DateTime<Utc>, schedule: &Schedule) -> Self {
        Self { raised, research_due: Some(research_due(raised, schedule)), reported: None, resolved: None }
    }

    /// An issue escalated to the supervisor by hand, at once.
    pub fn to_supervisor(raised: DateTime<Utc>) -> Self {
        Self { raised, research_due: None, reported: Some(raised), resolved: None }
    }

    /// An issue as stored.
    pub fn stored(
        raised: DateTime<Utc>,
        research_due: Option<DateTime<Utc>>,
        reported: Option<DateTime<Utc>>,
        resolved: Option<DateTime<Utc>>,
    ) -> Self {
        Self { raised, research_due, reported, resolved }
    }

    /// When it was raised.
    pub fn raised(&self) -> DateTime<Utc> {
        self.raised
    }

    /// When the agent's research ends; `None` for an issue escalated by hand.
    pub fn research_due(&self) -> Option<DateTime<Utc>> {
        self.research_due
    }

    /// When it was resolved.
    pub fn resolved(&self) -> Option<DateTime<Utc>> {
        self.resolved
    }

    /// When it reached the supervisor by `now`: reported by hand, or at the research
    /// deadline when that passed unsolved and unreported.
    pub fn reported_at(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.reported.or_else(|| self.research_due.filter(|due| self.resolved.unwrap_or(now) > *due))
    }

    /// True when it reached the supervisor on its own, the agent's two days over.
    pub fn reported_late(&self, now: DateTime<Utc>) -> bool {
        self.reported.is_none() && self.reported_at(now).is_some()
    }

    /// Where it stands at `now`.
    pub fn stage(&self, now: DateTime<Utc>) -> Stage {
        match (self.resolved, self.reported_at(now)) {
            (Some(_), _) => Stage::Resolved,
            (None, Some(_)) => Stage::Reported,
            (None, None) => Stage::Researching,
        }
    }

    /// The supervisor's deadline: 48 hours after it reached them; while the agent
    /// researches, 48 hours after the research deadline (when it would reach them).
    pub fn supervisor_due(&self) -> DateTime<Utc> {
        self.reported.or(self.research_due).unwrap_or(self.raised) + Duration::hours(SUPERVISOR_HOURS)
    }

    /// The deadline of the stage it is in at `now`; `None` once resolved.
    pub fn deadline(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self.stage(now) {
            Stage::Researching => self.research_due,
            Stage::Reported => Some(self.supervisor_due()),
            Stage::Resolved => None,
        }
    }

    /// True when it is with the supervisor and open past their deadline, or was
    /// resolved by them after it.
    pub fn overdue(&self, now: DateTime<Utc>) -> bool {
        self.reported_at(now).is_some() && self.resolved.unwrap_or(now) > self.supervisor_due()
    }

    /// Whether the complaint was handled in time, once that is decided: solved by the
    /// agent within the two days, or reported by hand in time and solved by the
    /// supervisor within their 48 hours. Reaching the supervisor late, or their
    /// deadline passing, is not in time; `None` while it can still be.
    pub fn in_time(&self, now: DateTime<Utc>) -> Option<bool> {
        if self.reported_late(now) || self.overdue(now) {
            return Some(false);
        }
        self.resolved.map(|_| true)
    }

    /// The issue reported to the supervisor at `now`. Refused once it is resolved,
    /// or already with them (reported, or the two days ran out).
    pub fn report(self, now: DateTime<Utc>) -> Result<Self, Error> {
        match self.stage(now) {
            Stage::Resolved => Err(resolved()),
            Stage::Reported => {
                Err(Error::refused(ErrorReason::EscalationReported, "this issue is already with the supervisor"))
            }
            Stage::Researching => Ok(Self { reported: Some(now), ..self }),
        }
    }

    /// The issue resolved at `now`: by the agent while they research it, by the
    /// supervisor at any stage.
    pub fn resolve(self, by: Handler, now: DateTime<Utc>) -> Result<Self, Error> {
        match (self.stage(now), by) {
            (Stage::Resolved, _) => Err(resolved()),
            (Stage::Reported, Handler::Agent) => Err(Error::refused(
                ErrorReason::EscalationReported,
                "this issue is with the supervisor, who resolves it now",
            )),
            _ => Ok(Self { resolved: Some(now), ..self }),
        }
    }
}

fn resolved() -> Error {
    Error::refused(ErrorReason::EscalationResolved, "this escalation is already resolved")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveTime, TimeZone};

    fn schedule() -> Schedule {
        Schedule {
            zone: chrono_tz::Asia::Shanghai,
            open: NaiveTime::from_hms_opt(8, 30, 0).unwrap(),
            close: NaiveTime::from_hms_opt(17, 30, 0).unwrap(),
            slot: Duration::minutes(30),
            closed_dates: Default::default(),
        }
    }

    /// 2030-03-DD HH:MM in Shanghai.
    fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
        chrono_tz::Asia::Shanghai.with_ymd_and_hms(2030, 3, day, hour, minute, 0).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_agent_has_until_the_end_of_the_second_store_day_after_the_call() {
        let issue = Issue::researching(at(7, 10, 0), &schedule());
        assert_eq!(issue.research_due(), Some(at(10, 0, 0)), "Thursday's call: to the end of Saturday");
        assert_eq!(issue.stage(at(9, 23, 59)), Stage::Researching);
        assert_eq!(issue.deadline(at(9, 23, 59)), Some(at(10, 0, 0)));
        assert!(!issue.overdue(at(9, 23, 59)) && issue.in_time(at(9, 23, 59)).is_none());
    }

    #[test]
    fn when_the_two_days_run_out_it_reaches_the_supervisor_on_its_own_marked_late() {
        let issue = Issue::researching(at(7, 10, 0), &schedule());
        let now = at(10, 0, 1);
        assert_eq!((issue.stage(now), issue.reported_at(now)), (Stage::Reported, Some(at(10, 0, 0))));
        assert!(issue.reported_late(now));
        assert_eq!(issue.supervisor_due(), at(12, 0, 0), "48 hours from reaching the supervisor");
        assert_eq!(issue.in_time(now), Some(false), "late already, whatever the supervisor does");
        let err = issue.report(now).unwrap_err();
        assert_eq!(err.reason(), Some(ErrorReason::EscalationReported));
        let err = issue.resolve(Handler::Agent, now).unwrap_err();
        assert_eq!(err.reason(), Some(ErrorReason::EscalationReported), "the agent's part is over");
        let solved = issue.resolve(Handler::Supervisor, at(11, 9, 0)).unwrap();
        assert_eq!((solved.stage(at(11, 9, 0)), solved.overdue(at(20, 0, 0))), (Stage::Resolved, false));
        assert!(solved.reported_late(at(20, 0, 0)), "still reported late afterwards");
    }

    #[test]
    fn the_agent_solves_in_time_or_reports_and_the_supervisor_has_48_hours_from_then() {
        let issue = Issue::researching(at(7, 10, 0), &schedule());
        let solved = issue.resolve(Handler::Agent, at(9, 16, 0)).unwrap();
        assert_eq!(solved.stage(at(20, 0, 0)), Stage::Resolved);
        assert_eq!((solved.reported_at(at(20, 0, 0)), solved.in_time(at(20, 0, 0))), (None, Some(true)));

        let reported = issue.report(at(8, 11, 0)).unwrap();
        assert_eq!((reported.stage(at(8, 11, 0)), reported.reported_late(at(8, 11, 0))), (Stage::Reported, false));
        assert_eq!(reported.supervisor_due(), at(10, 11, 0));
        assert_eq!(reported.deadline(at(9, 0, 0)), Some(at(10, 11, 0)));
        assert_eq!(reported.in_time(at(10, 11, 0)), None, "the supervisor still has time");
        assert!(reported.overdue(at(10, 11, 1)) && reported.in_time(at(10, 11, 1)) == Some(false));
        assert!(reported.resolve(Handler::Agent, at(8, 12, 0)).is_err(), "reported: the supervisor's now");
        let solved = reported.resolve(Handler::Supervisor, at(10, 9, 0)).unwrap();
        assert_eq!(solved.in_time(at(20, 0, 0)), Some(true));
        let twice = solved.resolve(Handler::Supervisor, at(10, 9, 5)).unwrap_err();
        assert_eq!(twice.reason(), Some(ErrorReason::EscalationResolved));
        assert_eq!(solved.report(at(10, 9, 5)).unwrap_err().reason(), Some(ErrorReason::EscalationResolved));
    }

    #[test]
    fn an_issue_escalated_by_hand_is_the_supervisors_at_once_for_48_hours() {
        let issue = Issue::to_supervisor(at(7, 10, 0));
        assert_eq!((issue.stage(at(7, 10, 0)), issue.research_due()), (Stage::Reported, None));
        assert!(!issue.reported_late(at(7, 10, 0)));
        assert_eq!(issue.supervisor_due(), at(9, 10, 0));
        assert!(!issue.overdue(at(9, 10, 0)) && issue.overdue(at(9, 10, 1)));
        let late = issue.resolve(Handler::Supervisor, at(9, 12, 0)).unwrap();
        assert!(late.overdue(at(20, 0, 0)), "resolved after the deadline stays overdue");
        assert_eq!(late.in_time(at(20, 0, 0)), Some(false));
    }

    #[test]
    fn the_supervisor_may_step_in_while_the_agent_researches() {
        let issue = Issue::researching(at(7, 10, 0), &schedule());
        let solved = issue.resolve(Handler::Supervisor, at(8, 9, 0)).unwrap();
        assert_eq!((solved.reported_at(at(20, 0, 0)), solved.in_time(at(20, 0, 0))), (None, Some(true)));
    }
}
