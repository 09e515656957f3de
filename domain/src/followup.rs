//! The follow-up desk's rules (跟踪服务): call windows, retries, letters, topics,
//! campaign dates and the same-day notice; a complaint's way to the supervisor is in
//! [`escalation`]. Dates are store-local.

pub mod call;
pub mod escalation;

use crate::ErrorReason;
use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::error::{Error, Invalid};
use super::schedule::Schedule;

/// Why a follow-up call is made.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::EnumString, strum::EnumIter, strum::Display,
)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
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
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::EnumString, strum::EnumIter, strum::Display,
)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
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
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::EnumString, strum::EnumIter, strum::Display,
)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
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

/// Why an outbound call that is no follow-up was made.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::EnumString, strum::EnumIter, strum::Display,
)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum CallPurpose {
    /// A call to a lost customer (流失客户回访).
    LostCustomer,
    /// Another reason.
    Other,
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

macro_rules! stored_by_name {
    ($($ty:ty),+) => {
        $(impl $ty {
            /// The name stored in the database (strum's SCREAMING_SNAKE_CASE of the variant).
            pub fn as_str(self) -> &'static str {
                self.into()
            }
        })+
    };
}

stored_by_name!(FollowUpKind, FollowUpStatus, CallOutcome, CallPurpose);

/// How many calls are tried before a letter is due instead.
pub const MAX_ATTEMPTS: u32 = 3;
/// Days a letter may take after it becomes due.
pub const LETTER_DAYS: i64 = 2;
/// Days before a campaign its invitations are called.
pub const INVITE_DAYS_AHEAD: i64 = 14;

/// The window of follow-up #1: 3 to 7 days after delivery, or after an enquiry the
/// agent wants followed up (接车出厂或业务访谈、咨询后三天至一周内).
pub fn first_window(delivered: NaiveDate) -> (NaiveDate, NaiveDate) {
    (delivered + Duration::days(3), delivered + Duration::days(7))
}

/// The window of follow-up #2: within the 7 days after one week has passed since #1
/// (第一次跟踪服务的一周后的七天以内) — from day 7 to day 14, both ends counted as #1's
/// "within a week" counts day 7. A #1 made before its window opened (`first_from`)
/// counts from the day the window opened, so #2 keeps the distance the rule means.
pub fn second_window(first_call: NaiveDate, first_from: NaiveDate) -> (NaiveDate, NaiveDate) {
    let counted = first_call.max(first_from);
    (counted + Duration::days(7), counted + Duration::days(14))
}

/// A call made before its follow-up's window opened is recorded, but as too early.
pub fn too_early(due_from: NaiveDate, today: NaiveDate) -> bool {
    today < due_from
}

/// The next day the store is open after `day`.
pub fn next_working_day(day: NaiveDate, schedule: &Schedule) -> NaiveDate {
    let mut next = day + Duration::days(1);
    while schedule.is_closed(next) {
        next += Duration::days(1);
    }
    next
}

/// Where an open follow-up stands on `today`. A retry after no answer is not yet due
/// before its day and due on its day — also when that day lies past the window, as
/// the retry rule put it there; otherwise the window decides: not yet before it, due
/// in it, overdue after it.
pub fn due_state(from: NaiveDate, until: NaiveDate, next_attempt: Option<NaiveDate>, today: NaiveDate) -> DueState {
    match next_attempt {
        Some(day) if today < day => DueState::NotYet,
        Some(day) if today == day => DueState::Due,
        _ if today > until => DueState::Overdue,
        _ if today < from => DueState::NotYet,
        _ => DueState::Due,
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

/// Follow-up #2 should not repeat what #1 talked about (内容避免重复): a topic of #1
/// again is refused unless the agent notes what is new about it (`new_content`).
/// Returns the topics repeated with such a note.
pub fn repeated_topics(topics: &[String], earlier: &[String], new_content: &str) -> Result<Vec<String>, Error> {
    let repeated: Vec<String> = topics.iter().filter(|t| earlier.contains(t)).cloned().collect();
    if !repeated.is_empty() && new_content.trim().is_empty() {
        return Err(Error::refused(
            ErrorReason::TopicRepeated,
            format!(
                "the first follow-up already talked about {}; choose other topics, or note what is new",
                repeated.join(", ")
            ),
        ));
    }
    Ok(repeated)
}

/// A call's satisfaction score: 1 to 5, or 0 for none given — also when the customer
/// was reached but gave none, which CSI then leaves out.
pub fn satisfaction(score: i32) -> Result<Option<u8>, Invalid> {
    match score {
        0 => Ok(None),
        1..=5 => Ok(Some(score as u8)),
        _ => Err(Invalid::new(ErrorReason::FieldInvalid, "satisfaction is 1 to 5, or 0 for none given")),
    }
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
/// earliest), which is their whole window (提前两周): due that day, overdue after
/// it. (The two days after the call are the invitation letter's.) A campaign in the
/// past is refused.
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
        assert_eq!(second_window(d("2030-03-08"), d("2030-03-07")), (d("2030-03-15"), d("2030-03-22")));
    }

    #[test]
    fn a_first_call_before_its_window_is_too_early_and_the_second_counts_from_the_window() {
        // Delivered 03-04: #1's window opens 03-07. Called on day 1 (03-05).
        let (from, _) = first_window(d("2030-03-04"));
        assert!(too_early(from, d("2030-03-05")) && too_early(from, d("2030-03-06")));
        assert!(!too_early(from, d("2030-03-07")));
        assert_eq!(second_window(d("2030-03-05"), from), (d("2030-03-14"), d("2030-03-21")), "not from 03-05");
    }

    #[test]
    fn a_retry_due_today_is_due_also_past_the_window_and_overdue_the_day_after() {
        // #1 03-07 to 03-11; no answer on 03-11, the last day: the retry is 03-12.
        let (from, until) = (d("2030-03-07"), d("2030-03-11"));
        let retry = Some(d("2030-03-12"));
        assert_eq!(due_state(from, until, retry, d("2030-03-11")), DueState::NotYet, "called today already");
        assert_eq!(due_state(from, until, retry, d("2030-03-12")), DueState::Due, "the retry's own day");
        assert_eq!(due_state(from, until, retry, d("2030-03-13")), DueState::Overdue, "retry missed, window over");
        // A retry inside the window: due on its day, and still due after it while the window lasts.
        let early = Some(d("2030-03-08"));
        assert_eq!(due_state(from, until, early, d("2030-03-08")), DueState::Due);
        assert_eq!(due_state(from, until, early, d("2030-03-10")), DueState::Due);
        assert_eq!(due_state(from, until, early, d("2030-03-12")), DueState::Overdue);
    }

    #[test]
    fn a_campaign_invitation_is_due_on_its_day_and_overdue_the_next() {
        let day = invitation_day(d("2030-04-01"), d("2030-03-04")).unwrap();
        assert_eq!(due_state(day, day, None, d("2030-03-17")), DueState::NotYet);
        assert_eq!(due_state(day, day, None, d("2030-03-18")), DueState::Due, "two weeks before");
        assert_eq!(due_state(day, day, None, d("2030-03-19")), DueState::Overdue, "later than two weeks ahead");
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
    fn the_second_call_repeats_a_topic_only_with_a_note_of_what_is_new() {
        let earlier = vec!["VEHICLE_CONDITION".to_owned()];
        assert_eq!(repeated_topics(&["NEW_NEEDS".into()], &earlier, "").unwrap(), Vec::<String>::new());
        let both = ["NEW_NEEDS".to_owned(), "VEHICLE_CONDITION".to_owned()];
        let err = repeated_topics(&both, &earlier, " ").unwrap_err();
        assert_eq!(err.reason(), Some(ErrorReason::TopicRepeated));
        assert_eq!(repeated_topics(&both, &earlier, "换了冬季轮胎").unwrap(), vec!["VEHICLE_CONDITION".to_owned()]);
    }

    #[test]
    fn the_customer_is_told_the_same_day() {
        let s = schedule(&[]);
        let raised = DateTime::parse_from_rfc3339("2030-03-04T10:00:00+08:00").unwrap().with_timezone(&Utc);
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
        assert_eq!(satisfaction(4).unwrap(), Some(4));
        assert_eq!(satisfaction(0).unwrap(), None, "none given, also when reached");
        assert_eq!(satisfaction(6).unwrap_err().reason, ErrorReason::FieldInvalid);
        assert_eq!(satisfaction(-1).unwrap_err().reason, ErrorReason::FieldInvalid);
    }
}
