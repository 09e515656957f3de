//! The follow-up desk's rules (跟踪服务): call windows, retries, letters, escalation
//! deadlines and campaign dates. Dates are store-local.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use frontdesk_proto::ErrorReason;

use super::error::{Error, Invalid};
use super::schedule::Schedule;

/// Why a follow-up call is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FollowUpKind {
    /// #1 after a delivery.
    First,
    /// #2, a week after #1.
    Second,
    /// A campaign invitation.
    Campaign,
    /// A maintenance reminder.
    MaintenanceReminder,
    /// A visit flagged at reception.
    FlaggedVisit,
}

/// Where a follow-up stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FollowUpStatus {
    /// To be called.
    Open,
    /// Done.
    Done,
    /// Unreachable: a letter is due.
    LetterDue,
    /// Closed without a call.
    Closed,
}

/// How a call went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallOutcome {
    /// Reached.
    Reached,
    /// No answer.
    NoAnswer,
    /// Wrong number.
    WrongNumber,
    /// Refused.
    Refused,
}

/// Where a follow-up is against its window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DueState {
    /// Not yet.
    NotYet,
    /// Due.
    Due,
    /// Overdue.
    Overdue,
}

macro_rules! db_names {
    ($ty:ty { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// The name stored in the database.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $name),+ }
            }

            /// Reads a stored name.
            pub fn from_db(s: &str) -> Result<Self, Error> {
                match s {
                    $($name => Ok(Self::$variant),)+
                    other => Err(Error::Internal(format!("unknown {} `{other}` in the database", stringify!($ty)))),
                }
            }
        }
    };
}

db_names!(FollowUpKind { First => "FIRST", Second => "SECOND", Campaign => "CAMPAIGN", MaintenanceReminder => "MAINTENANCE_REMINDER", FlaggedVisit => "FLAGGED_VISIT" });
db_names!(FollowUpStatus { Open => "OPEN", Done => "DONE", LetterDue => "LETTER_DUE", Closed => "CLOSED" });
db_names!(CallOutcome { Reached => "REACHED", NoAnswer => "NO_ANSWER", WrongNumber => "WRONG_NUMBER", Refused => "REFUSED" });

/// How many calls are tried before a letter is due instead.
pub const MAX_ATTEMPTS: u32 = 3;
/// Days a letter may take after it becomes due.
pub const LETTER_DAYS: i64 = 2;
/// Days an escalation may take.
pub const ESCALATION_DAYS: i64 = 2;
/// Days before a campaign its invitations are called.
pub const INVITE_DAYS_AHEAD: i64 = 14;

/// The window of follow-up #1: 3 to 7 days after delivery (接车出厂后三天至一周内).
pub fn first_window(delivered: NaiveDate) -> (NaiveDate, NaiveDate) {
    (delivered + Duration::days(3), delivered + Duration::days(7))
}

/// The window of follow-up #2: within the 7 days after one week has passed since #1
/// (第一次跟踪服务的一周后的七天以内) — from day 7 to day 14, both ends counted as #1's
/// "within a week" counts day 7.
pub fn second_window(first_call: NaiveDate) -> (NaiveDate, NaiveDate) {
    (first_call + Duration::days(7), first_call + Duration::days(14))
}

/// The next day the store is open after `day`.
pub fn next_working_day(day: NaiveDate, schedule: &Schedule) -> NaiveDate {
    let mut next = day + Duration::days(1);
    while schedule.is_closed(next) {
        next += Duration::days(1);
    }
    next
}

/// Where an open follow-up stands on `today`: a retry after no answer is due on its
/// day; otherwise the window decides.
pub fn due_state(from: NaiveDate, until: NaiveDate, next_attempt: Option<NaiveDate>, today: NaiveDate) -> DueState {
    if today > until {
        return DueState::Overdue;
    }
    match next_attempt {
        Some(day) if today < day => DueState::NotYet,
        Some(_) => DueState::Due,
        None if today < from => DueState::NotYet,
        None => DueState::Due,
    }
}

/// What a call leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AfterCall {
    /// The follow-up's new status.
    pub status: FollowUpStatus,
    /// The day of the next attempt, after no answer.
    pub next_attempt: Option<NaiveDate>,
    /// The day a letter is due by, when the customer cannot be reached by phone.
    pub letter_due: Option<NaiveDate>,
}

/// Applies a call's outcome: reached is done; no answer is tried again the next
/// working day, up to three calls, then a letter is due; a wrong number makes a letter
/// due at once; a refusal closes the follow-up.
pub fn after_call(outcome: CallOutcome, attempts: u32, today: NaiveDate, schedule: &Schedule) -> AfterCall {
    let letter = || Some(today + Duration::days(LETTER_DAYS));
    match outcome {
        CallOutcome::Reached => AfterCall { status: FollowUpStatus::Done, next_attempt: None, letter_due: None },
        CallOutcome::Refused => AfterCall { status: FollowUpStatus::Closed, next_attempt: None, letter_due: None },
        CallOutcome::WrongNumber => {
            AfterCall { status: FollowUpStatus::LetterDue, next_attempt: None, letter_due: letter() }
        }
        CallOutcome::NoAnswer if attempts >= MAX_ATTEMPTS => {
            AfterCall { status: FollowUpStatus::LetterDue, next_attempt: None, letter_due: letter() }
        }
        CallOutcome::NoAnswer => AfterCall {
            status: FollowUpStatus::Open,
            next_attempt: Some(next_working_day(today, schedule)),
            letter_due: None,
        },
    }
}

/// Follow-up #2 may not talk about what #1 talked about.
pub fn check_new_topics(topics: &[String], earlier: &[String]) -> Result<(), Error> {
    match topics.iter().find(|t| earlier.contains(t)) {
        Some(repeated) => Err(Error::precondition(
            ErrorReason::TopicRepeated,
            format!("the first follow-up already talked about {repeated}; choose other topics"),
        )),
        None => Ok(()),
    }
}

/// A call's satisfaction score: 1 to 5, or 0 for none given.
pub fn satisfaction(score: i32, required: bool) -> Result<Option<u8>, Invalid> {
    match score {
        0 if required => Err(Invalid::new(ErrorReason::FieldRequired, "give the customer's satisfaction, 1 to 5")),
        0 => Ok(None),
        1..=5 => Ok(Some(score as u8)),
        _ => Err(Invalid::new(ErrorReason::FieldInvalid, "satisfaction is 1 to 5")),
    }
}

/// When an escalation raised at `raised` must be resolved.
pub fn escalation_due(raised: DateTime<Utc>) -> DateTime<Utc> {
    raised + Duration::days(ESCALATION_DAYS)
}

/// An escalation is overdue when open past its due time, or resolved after it.
pub fn escalation_overdue(due: DateTime<Utc>, resolved: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    resolved.unwrap_or(now) > due
}

/// The customer must be told the same store day the solution was found: a notice on a
/// later day is late, and so is no notice once that day is over.
pub fn late_notice(
    resolved: DateTime<Utc>,
    told: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    schedule: &Schedule,
) -> bool {
    schedule.local_date(told.unwrap_or(now)) > schedule.local_date(resolved)
}

/// The day a campaign's invitations are called: two weeks before it (today at the
/// earliest). A campaign in the past is refused.
pub fn invitation_day(event: NaiveDate, today: NaiveDate) -> Result<NaiveDate, Error> {
    if event <= today {
        return Err(Error::invalid(
            "event_date",
            Invalid::new(ErrorReason::DateInvalid, "the campaign must lie in the future"),
        ));
    }
    Ok((event - Duration::days(INVITE_DAYS_AHEAD)).max(today))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveTime;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn schedule(closed: &[&str]) -> Schedule {
        Schedule {
            zone: chrono_tz::Asia::Shanghai,
            open: NaiveTime::from_hms_opt(8, 30, 0).unwrap(),
            close: NaiveTime::from_hms_opt(17, 30, 0).unwrap(),
            slot: Duration::minutes(30),
            closed_dates: closed.iter().map(|c| d(c)).collect(),
        }
    }

    #[test]
    fn the_first_call_falls_3_to_7_days_after_delivery() {
        let (from, until) = first_window(d("2030-03-04"));
        assert_eq!((from, until), (d("2030-03-07"), d("2030-03-11")));
        assert_eq!(due_state(from, until, None, d("2030-03-06")), DueState::NotYet, "day 2");
        assert_eq!(due_state(from, until, None, d("2030-03-07")), DueState::Due, "day 3");
        assert_eq!(due_state(from, until, None, d("2030-03-11")), DueState::Due, "day 7");
        assert_eq!(due_state(from, until, None, d("2030-03-12")), DueState::Overdue, "day 8");
    }

    #[test]
    fn the_second_call_falls_in_the_seven_days_after_a_week() {
        assert_eq!(second_window(d("2030-03-08")), (d("2030-03-15"), d("2030-03-22")));
    }

    #[test]
    fn no_answer_retries_the_next_working_day_then_a_letter() {
        let s = schedule(&["2030-03-09"]);
        let first = after_call(CallOutcome::NoAnswer, 1, d("2030-03-08"), &s);
        assert_eq!(
            (first.status, first.next_attempt),
            (FollowUpStatus::Open, Some(d("2030-03-10"))),
            "skips a closed day"
        );
        let third = after_call(CallOutcome::NoAnswer, 3, d("2030-03-11"), &s);
        assert_eq!((third.status, third.letter_due), (FollowUpStatus::LetterDue, Some(d("2030-03-13"))));
        assert_eq!(after_call(CallOutcome::WrongNumber, 1, d("2030-03-08"), &s).status, FollowUpStatus::LetterDue);
        assert_eq!(after_call(CallOutcome::Refused, 1, d("2030-03-08"), &s).status, FollowUpStatus::Closed);
        assert_eq!(after_call(CallOutcome::Reached, 2, d("2030-03-08"), &s).status, FollowUpStatus::Done);
        assert_eq!(
            due_state(d("2030-03-07"), d("2030-03-11"), Some(d("2030-03-10")), d("2030-03-09")),
            DueState::NotYet
        );
    }

    #[test]
    fn the_second_call_may_not_repeat_topics() {
        let earlier = vec!["VEHICLE_CONDITION".to_owned()];
        assert!(check_new_topics(&["NEW_NEEDS".into()], &earlier).is_ok());
        let err = check_new_topics(&["NEW_NEEDS".into(), "VEHICLE_CONDITION".into()], &earlier).unwrap_err();
        assert_eq!(err.reason(), Some(ErrorReason::TopicRepeated));
    }

    #[test]
    fn escalations_take_two_days_and_the_customer_is_told_the_same_day() {
        let s = schedule(&[]);
        let raised = DateTime::parse_from_rfc3339("2030-03-04T10:00:00+08:00").unwrap().with_timezone(&Utc);
        let due = escalation_due(raised);
        assert!(!escalation_overdue(due, None, raised + Duration::days(2)));
        assert!(escalation_overdue(due, None, raised + Duration::days(2) + Duration::minutes(1)));
        assert!(escalation_overdue(due, Some(raised + Duration::days(3)), raised + Duration::days(3)));
        let solved = raised + Duration::hours(5);
        let later = |h| Some(solved + Duration::hours(h));
        assert!(!late_notice(solved, later(1), solved + Duration::days(5), &s), "told the same day");
        assert!(late_notice(solved, later(20), solved + Duration::days(5), &s), "the next day is late");
        assert!(!late_notice(solved, None, solved + Duration::hours(2), &s), "still the same day: not late yet");
        assert!(late_notice(solved, None, solved + Duration::hours(20), &s), "not told by the end of the day");
    }

    #[test]
    fn invitations_are_called_two_weeks_ahead() {
        assert_eq!(invitation_day(d("2030-04-01"), d("2030-03-04")).unwrap(), d("2030-03-18"));
        assert_eq!(invitation_day(d("2030-03-10"), d("2030-03-04")).unwrap(), d("2030-03-04"), "today at the earliest");
        assert!(invitation_day(d("2030-03-04"), d("2030-03-04")).is_err());
    }

    #[test]
    fn satisfaction_is_one_to_five() {
        assert_eq!(satisfaction(4, true).unwrap(), Some(4));
        assert_eq!(satisfaction(0, false).unwrap(), None);
        assert_eq!(satisfaction(0, true).unwrap_err().reason, ErrorReason::FieldRequired);
        assert_eq!(satisfaction(6, false).unwrap_err().reason, ErrorReason::FieldInvalid);
    }
}
