//! The follow-up desk's part of the figures: satisfaction scores, follow-ups whose
//! window ends in the range, calls reached without a score, and the timing of
//! escalations and of the customer's notice.

use chrono::NaiveDate;
use rusqlite::{Connection, params};

use super::Scope;
use crate::domain::followup::FollowUpStatus;
use crate::store::Result;
use crate::store::stored_date;

/// A satisfaction score given on a call, with the advisor whose visit it was about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Score {
    /// 1 to 5.
    pub satisfaction: u8,
    /// The advisor who received the visit the call followed up, if any.
    pub advisor_id: Option<i64>,
    /// Their name; empty without one.
    pub advisor_name: String,
}

/// Every score given on a call from `start` to `end` (unix seconds, end excluded).
pub fn scores(conn: &Connection, start: i64, end: i64) -> Result<Vec<Score>> {
    let rows = conn
        .prepare_cached(
            "SELECT k.satisfaction, w.advisor_id, a.name FROM calls k
             LEFT JOIN follow_ups f ON f.id = k.follow_up_id
             LEFT JOIN visits w ON w.id = f.visit_id
             LEFT JOIN advisors a ON a.id = w.advisor_id
             WHERE k.satisfaction IS NOT NULL AND k.at >= ?1 AND k.at < ?2",
        )?
        .query_map(params![start, end], |r| {
            let name: Option<String> = r.get(2)?;
            Ok(Score { satisfaction: r.get(0)?, advisor_id: r.get(1)?, advisor_name: name.unwrap_or_default() })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A follow-up #1 or #2 with its window and when it last reached the customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Windowed {
    /// Where it stands.
    pub status: FollowUpStatus,
    /// The window's first day.
    pub due_from: NaiveDate,
    /// The window's last day.
    pub due_until: NaiveDate,
    /// The latest call that reached the customer (unix seconds).
    pub reached_at: Option<i64>,
}

/// Follow-ups #1 and #2 whose window ends on the range's store days.
pub fn windows_ending(conn: &Connection, s: Scope<'_>) -> Result<Vec<Windowed>> {
    let rows = conn
        .prepare_cached(
            "SELECT f.status, f.due_from, f.due_until,
                    (SELECT max(k.at) FROM calls k WHERE k.follow_up_id = f.id AND k.outcome = 'REACHED')
             FROM follow_ups f WHERE f.kind IN ('FIRST', 'SECOND') AND f.due_until BETWEEN ?1 AND ?2",
        )?
        .query_map(params![s.from, s.to], |r| {
            let (from, until): (String, String) = (r.get(1)?, r.get(2)?);
            Ok(Windowed {
                status: crate::store::named(r, 0)?,
                due_from: stored_date(1, &from)?,
                due_until: stored_date(2, &until)?,
                reached_at: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Follow-up calls (#1, #2, flagged visits) in the range that reached the customer
/// without a score; for one advisor, those about their visits.
pub fn calls_without_score(conn: &Connection, s: Scope<'_>) -> Result<u32> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM calls k JOIN follow_ups f ON f.id = k.follow_up_id
             LEFT JOIN visits w ON w.id = f.visit_id
             WHERE k.outcome = 'REACHED' AND k.satisfaction IS NULL AND f.kind IN ('FIRST', 'SECOND', 'FLAGGED_VISIT')
               AND k.at >= ?1 AND k.at < ?2 AND (?3 IS NULL OR w.advisor_id = ?3)",
        )?
        .query_row(params![s.start, s.end, s.advisor], |r| r.get(0))?)
}

/// The instants (unix seconds) of an escalation's way to its solution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Handling {
    /// Raised.
    pub raised_at: i64,
    /// The end of the agent's research; `None` when raised to the supervisor by hand.
    pub research_due_at: Option<i64>,
    /// Reported to the supervisor by hand.
    pub reported_at: Option<i64>,
    /// Resolved.
    pub resolved_at: Option<i64>,
}

/// Escalations raised from `start` to `end` (unix seconds, end excluded).
pub fn escalations_raised(conn: &Connection, start: i64, end: i64) -> Result<Vec<Handling>> {
    let rows = conn
        .prepare_cached(
            "SELECT raised_at, research_due_at, reported_at, resolved_at FROM escalations
             WHERE raised_at >= ?1 AND raised_at < ?2",
        )?
        .query_map(params![start, end], |r| {
            Ok(Handling {
                raised_at: r.get(0)?,
                research_due_at: r.get(1)?,
                reported_at: r.get(2)?,
                resolved_at: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// When an escalation was resolved and when the customer was told (unix seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Notice {
    /// Resolved.
    pub resolved_at: i64,
    /// The customer was told.
    pub told_at: Option<i64>,
}

/// Escalations resolved from `start` to `end` (unix seconds, end excluded).
pub fn notices(conn: &Connection, start: i64, end: i64) -> Result<Vec<Notice>> {
    let rows = conn
        .prepare_cached(
            "SELECT resolved_at, customer_told_at FROM escalations WHERE resolved_at >= ?1 AND resolved_at < ?2",
        )?
        .query_map(params![start, end], |r| Ok(Notice { resolved_at: r.get(0)?, told_at: r.get(1)? }))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::followup::{CallOutcome, FollowUpKind};
    use crate::store::calls::{self, CallRow};
    use crate::store::escalations::{self, EscalationRow};
    use crate::store::followups::{self, NewFollowUp};
    use crate::store::kpis::tests::march;
    use crate::store::testing::{cars, day, db, noon, staff, visit};

    fn follow_up(
        conn: &Connection,
        car: (i64, i64),
        kind: FollowUpKind,
        visit: Option<i64>,
        window: (&str, &str),
    ) -> i64 {
        let new = NewFollowUp {
            kind,
            customer_id: car.0,
            vehicle_id: Some(car.1),
            visit_id: visit,
            campaign_id: None,
            previous_id: None,
            owner_agent_id: None,
            due_from: window.0,
            due_until: window.1,
            reminder_for: None,
            inbound_call_id: None,
        };
        followups::insert(conn, &new, 0).unwrap().unwrap()
    }

    fn call(conn: &Connection, customer: i64, follow_up: i64, at: i64, outcome: CallOutcome, score: Option<u8>) {
        let row = CallRow {
            id: 0,
            follow_up_id: Some(follow_up),
            customer_id: customer,
            inbound: false,
            at,
            agent: "followup:7".into(),
            outcome: Some(outcome),
            satisfaction: score,
            topics: Vec::new(),
            requests: String::new(),
            complaints: String::new(),
            answered_on_call: true,
            note: String::new(),
            inbound_kind: None,
            too_early: false,
            new_content: String::new(),
            purpose: None,
            lost_reason: String::new(),
        };
        calls::insert(conn, &row).unwrap();
    }

    #[test]
    fn scores_carry_the_advisor_of_the_visit_and_calls_without_one_are_counted() {
        let conn = db();
        let advisor = staff(&conn, "王磊", "SERVICE_ADVISOR", 0, &[]);
        let [a, b, _] = cars(&conn);
        let received = visit(&conn, a, advisor, "repair", "2030-03-01", noon("2030-03-01"));
        let first = follow_up(&conn, a, FollowUpKind::First, Some(received), ("2030-03-04", "2030-03-08"));
        let campaign = follow_up(&conn, b, FollowUpKind::Campaign, None, ("2030-03-04", "2030-03-04"));
        call(&conn, a.0, first, noon("2030-03-04"), CallOutcome::Reached, Some(5));
        call(&conn, b.0, campaign, noon("2030-03-04"), CallOutcome::Reached, Some(3));
        call(&conn, a.0, first, noon("2030-03-05"), CallOutcome::Reached, None);
        call(&conn, b.0, campaign, noon("2030-03-05"), CallOutcome::Reached, None);
        call(&conn, a.0, first, noon("2030-04-01"), CallOutcome::Reached, Some(1));
        let scores = scores(&conn, noon("2030-03-01"), noon("2030-03-31")).unwrap();
        assert_eq!(
            scores,
            [
                Score { satisfaction: 5, advisor_id: Some(advisor), advisor_name: "王磊".into() },
                Score { satisfaction: 3, advisor_id: None, advisor_name: String::new() },
            ]
        );
        assert_eq!(calls_without_score(&conn, march(None)).unwrap(), 1, "#1 only, not the campaign's");
        assert_eq!(calls_without_score(&conn, march(Some(advisor))).unwrap(), 1);
        assert_eq!(calls_without_score(&conn, march(Some(advisor + 1))).unwrap(), 0);
    }

    #[test]
    fn follow_ups_whose_window_ends_in_the_range_come_with_their_latest_reaching_call() {
        let conn = db();
        let [a, b, c] = cars(&conn);
        let done = follow_up(&conn, a, FollowUpKind::First, None, ("2030-02-27", "2030-03-03"));
        call(&conn, a.0, done, noon("2030-02-28"), CallOutcome::Reached, Some(5));
        call(&conn, a.0, done, noon("2030-03-01"), CallOutcome::Reached, Some(4));
        call(&conn, a.0, done, noon("2030-03-02"), CallOutcome::NoAnswer, None);
        conn.execute("UPDATE follow_ups SET status = 'DONE' WHERE id = ?1", [done]).unwrap();
        follow_up(&conn, b, FollowUpKind::Second, None, ("2030-03-25", "2030-04-01"));
        follow_up(&conn, c, FollowUpKind::MaintenanceReminder, None, ("2030-03-01", "2030-03-05"));
        let rows = windows_ending(&conn, march(None)).unwrap();
        assert_eq!(
            rows,
            [Windowed {
                status: FollowUpStatus::Done,
                due_from: day("2030-02-27"),
                due_until: day("2030-03-03"),
                reached_at: Some(noon("2030-03-01")),
            }]
        );
    }

    #[test]
    fn escalations_are_read_by_when_they_were_raised_and_notices_by_when_solved() {
        let conn = db();
        let [a, _, _] = cars(&conn);
        let raised = |at: i64| EscalationRow {
            id: 0,
            customer_id: a.0,
            customer_name: String::new(),
            phone: String::new(),
            follow_up_id: None,
            call_id: None,
            complaint: "异响".into(),
            raised_at: at,
            due_at: at + 86_400,
            research_due_at: Some(at + 86_400),
            reported_at: None,
            reported_by: String::new(),
            report_note: String::new(),
            raised_by: "followup:7".into(),
            resolved_at: None,
            solution: String::new(),
            customer_told_at: None,
            resolved_by: String::new(),
        };
        let february = escalations::insert(&conn, &raised(noon("2030-02-27"))).unwrap();
        escalations::insert(&conn, &raised(noon("2030-03-02"))).unwrap();
        escalations::resolve(&conn, february, "已处理", noon("2030-03-01"), Some(noon("2030-03-02")), "supervisor:9")
            .unwrap();
        let (start, end) = (noon("2030-03-01"), noon("2030-03-31"));
        let handled = escalations_raised(&conn, start, end).unwrap();
        let due = Some(noon("2030-03-02") + 86_400);
        assert_eq!(
            handled,
            [Handling { raised_at: noon("2030-03-02"), research_due_at: due, reported_at: None, resolved_at: None }]
        );
        assert_eq!(
            notices(&conn, start, end).unwrap(),
            [Notice { resolved_at: noon("2030-03-01"), told_at: Some(noon("2030-03-02")) }]
        );
    }
}
