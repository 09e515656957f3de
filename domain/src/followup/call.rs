//! What an outbound follow-up call does to its follow-up: the rules in one
//! transition, [`OpenFollowUp::record_call`], which consumes the follow-up as the call
//! found it and returns what the desk must write — the new status and attempts, the
//! next attempt, the letter that becomes due, follow-up #2 after #1 reached the
//! customer, and whether a complaint goes to the supervisor.

use chrono::{Duration, NaiveDate};

use super::{
    AfterCall, CallOutcome, FollowUpKind, FollowUpStatus, LETTER_DAYS, after_call, repeated_topics, second_window,
    too_early,
};
use crate::error::{Error, Invalid};
use crate::{ErrorReason, Schedule};

/// A follow-up as a call finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenFollowUp {
    /// Its id, for the messages.
    pub id: i64,
    /// #1, #2, a campaign invitation…
    pub kind: FollowUpKind,
    /// Only an open follow-up takes a call.
    pub status: FollowUpStatus,
    /// Calls made so far.
    pub attempts: u32,
    /// After no answer: the day of the next attempt.
    pub next_attempt: Option<NaiveDate>,
    /// The first day of its window.
    pub due_from: NaiveDate,
}

/// A call as the agent reports it.
#[derive(Debug, Clone, Copy)]
pub struct CallReport<'a> {
    /// How it went.
    pub outcome: CallOutcome,
    /// What was talked about (topic names).
    pub topics: &'a [String],
    /// For #2 repeating a topic of #1: what is new.
    pub new_content: &'a str,
    /// What the customer complained of.
    pub complaints: &'a str,
    /// Everything was answered on the call.
    pub answered_on_call: bool,
}

/// Why a letter becomes due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr, strum::EnumString, strum::Display)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum LetterReason {
    /// Three calls unanswered.
    NoAnswer,
    /// The number is wrong.
    WrongNumber,
    /// A campaign invitation that ended without a refusal.
    CampaignInvitation,
    /// Anything else.
    Other,
}

/// What the desk writes after the call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallEffects {
    /// The follow-up's status after the call.
    pub status: FollowUpStatus,
    /// Calls made, this one included.
    pub attempts: u32,
    /// The next attempt, after no answer.
    pub next_attempt: Option<NaiveDate>,
    /// Made before the follow-up's window opened (recorded, and counted apart).
    pub too_early: bool,
    /// The letter that becomes due, and by when.
    pub letter: Option<(LetterReason, NaiveDate)>,
    /// Follow-up #2's window, when #1 reached the customer.
    pub second: Option<(NaiveDate, NaiveDate)>,
    /// A complaint left unanswered on the call goes to the supervisor.
    pub escalate: bool,
    /// Topics of #1 repeated, with a note of what is new.
    pub repeated_topics: Vec<String>,
}

impl OpenFollowUp {
    /// Records a call made `today`. `earlier_topics` are the topics of the follow-up
    /// before this one (#1's for #2). Refused when the follow-up is not open
    /// (`FOLLOW_UP_CLOSED`), when no answer was recorded today already and the next
    /// attempt is later (`ATTEMPT_NOT_DUE`), when a reached call names no topic
    /// (`FIELD_REQUIRED`), and when #2 repeats #1 without saying what is new
    /// (`TOPIC_REPEATED`).
    pub fn record_call(
        self,
        call: &CallReport<'_>,
        earlier_topics: &[String],
        today: NaiveDate,
        schedule: &Schedule,
    ) -> Result<CallEffects, Error> {
        let repeated_topics = self.check(call, earlier_topics, today)?;
        let attempts = self.attempts + 1;
        let AfterCall { status, next_attempt, letter_due } = after_call(call.outcome, attempts, today, schedule);
        let letter_by = today + Duration::days(LETTER_DAYS);
        let letter = match (self.kind, call.outcome) {
            (FollowUpKind::Campaign, CallOutcome::Refused) => None,
            (FollowUpKind::Campaign, _) if status != FollowUpStatus::Open => Some(LetterReason::CampaignInvitation),
            (_, CallOutcome::WrongNumber) => Some(LetterReason::WrongNumber),
            _ if letter_due.is_some() => Some(LetterReason::NoAnswer),
            _ => None,
        };
        let second = match (self.kind, call.outcome) {
            (FollowUpKind::First, CallOutcome::Reached) => Some(second_window(today, self.due_from)),
            _ => None,
        };
        Ok(CallEffects {
            status,
            attempts,
            next_attempt,
            too_early: too_early(self.due_from, today),
            letter: letter.map(|reason| (reason, letter_by)),
            second,
            escalate: !call.complaints.is_empty() && !call.answered_on_call,
            repeated_topics,
        })
    }

    fn check(&self, call: &CallReport<'_>, earlier_topics: &[String], today: NaiveDate) -> Result<Vec<String>, Error> {
        if self.status != FollowUpStatus::Open {
            return Err(Error::refused(
                ErrorReason::FollowUpClosed,
                format!("follow-up {} is {}", self.id, self.status.as_str()),
            ));
        }
        if call.outcome == CallOutcome::NoAnswer
            && let Some(next) = self.next_attempt
            && today < next
        {
            return Err(Error::refused(
                ErrorReason::AttemptNotDue,
                format!("no answer today already; the next attempt is on {next}"),
            )
            .with("next_attempt_date", next.to_string()));
        }
        if call.outcome != CallOutcome::Reached {
            return Ok(Vec::new());
        }
        if call.topics.is_empty() {
            return Err(Error::invalid(
                "topics",
                Invalid::new(ErrorReason::FieldRequired, "say what was talked about"),
            ));
        }
        repeated_topics(call.topics, earlier_topics, call.new_content)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schedule() -> Schedule {
        Schedule {
            zone: chrono_tz::Asia::Shanghai,
            open: chrono::NaiveTime::from_hms_opt(8, 30, 0).expect("time"),
            close: chrono::NaiveTime::from_hms_opt(17, 30, 0).expect("time"),
            slot: Duration::minutes(30),
            closed_dates: Default::default(),
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2030, 4, d).expect("date")
    }

    fn first(attempts: u32) -> OpenFollowUp {
        OpenFollowUp {
            id: 7,
            kind: FollowUpKind::First,
            status: FollowUpStatus::Open,
            attempts,
            next_attempt: None,
            due_from: day(4),
        }
    }

    fn call(outcome: CallOutcome, topics: &[String]) -> CallReport<'_> {
        CallReport { outcome, topics, new_content: "", complaints: "", answered_on_call: true }
    }

    #[test]
    fn a_first_follow_up_that_reached_the_customer_opens_the_second() {
        let topics = vec!["REPAIR_QUALITY".to_owned()];
        let done = first(0).record_call(&call(CallOutcome::Reached, &topics), &[], day(5), &schedule());
        let done = done.expect("recorded");
        assert_eq!((done.status, done.attempts, done.letter, done.too_early), (FollowUpStatus::Done, 1, None, false));
        assert_eq!(done.second, Some(second_window(day(5), day(4))));
    }

    #[test]
    fn the_third_unanswered_call_makes_a_letter_due_and_a_second_call_the_same_day_is_refused() {
        let schedule = schedule();
        let no_answer = call(CallOutcome::NoAnswer, &[]);
        let once = first(0).record_call(&no_answer, &[], day(5), &schedule).expect("recorded");
        assert_eq!((once.status, once.letter), (FollowUpStatus::Open, None));
        let again = OpenFollowUp { attempts: 1, next_attempt: once.next_attempt, ..first(1) };
        let refused = again.record_call(&no_answer, &[], day(5), &schedule).expect_err("not due");
        assert_eq!(refused.reason(), Some(ErrorReason::AttemptNotDue));
        let third = first(2).record_call(&no_answer, &[], day(9), &schedule).expect("recorded");
        assert_eq!((third.status, third.letter), (FollowUpStatus::LetterDue, Some((LetterReason::NoAnswer, day(11)))));
    }

    #[test]
    fn a_campaign_refusal_needs_no_letter_and_an_unanswered_complaint_is_raised() {
        let campaign = OpenFollowUp { kind: FollowUpKind::Campaign, ..first(0) };
        let refused = campaign.record_call(&call(CallOutcome::Refused, &[]), &[], day(5), &schedule());
        assert_eq!(refused.expect("recorded").letter, None);
        let topics = vec!["PRICE".to_owned()];
        let complaint =
            CallReport { complaints: "太贵", answered_on_call: false, ..call(CallOutcome::Reached, &topics) };
        let early = first(0).record_call(&complaint, &[], day(3), &schedule()).expect("recorded");
        assert!(early.escalate && early.too_early);
        let closed = OpenFollowUp { status: FollowUpStatus::Done, ..first(1) };
        let error = closed.record_call(&complaint, &[], day(5), &schedule()).expect_err("closed");
        assert_eq!(error.reason(), Some(ErrorReason::FollowUpClosed));
    }
}
