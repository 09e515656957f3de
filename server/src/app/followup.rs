//! The follow-up desk: who may see and work which follow-up, and opening follow-ups
//! after deliveries and flagged receptions. Recording calls is in [`calls`], inbound
//! calls (which may open follow-up #1) in [`inbound`], escalations in
//! [`escalations`], outbound calls that are no follow-up in [`outbound`]; letters in
//! [`super::letters`].

pub mod calls;
pub mod escalations;
pub mod inbound;
pub mod outbound;

use crate::domain::ErrorReason;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;

use crate::domain::followup::{self, CallOutcome, DueState, FollowUpKind, FollowUpStatus};
use crate::domain::{Caller, Error, Result, Role, StaffKind};
use crate::store::calls::CallRow;
use crate::store::escalations::EscalationRow;
use crate::store::followups::{self, FollowUpRow, NewFollowUp};
use crate::store::letters::{self, LetterRow};
use crate::store::requests::{self, Fingerprint};
use crate::store::visits::{self, VisitRow};
use crate::store::{advisors, customers, secs, standins};

/// A follow-up with what people need to work it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpView {
    /// The follow-up.
    pub row: FollowUpRow,
    /// Who works it today (the owner, or their stand-in).
    pub assigned_agent_id: Option<i64>,
    /// Where it is against its window today.
    pub due_state: DueState,
    /// Its calls.
    pub calls: Vec<CallRow>,
    /// Its letters.
    pub letters: Vec<LetterRow>,
    /// The topics of the follow-up before it.
    pub earlier_topics: Vec<String>,
}

/// What an outbound call recorded.
#[derive(Debug, Clone)]
pub struct CallInput {
    /// How it went.
    pub outcome: CallOutcome,
    /// Satisfaction 1 to 5, when given.
    pub satisfaction: Option<u8>,
    /// Topics (CallTopic names without prefix).
    pub topics: Vec<String>,
    /// Requests.
    pub requests: String,
    /// Complaints.
    pub complaints: String,
    /// Everything answered on the call.
    pub answered_on_call: bool,
    /// Key points.
    pub note: String,
    /// For #2 repeating a topic of #1: what is new.
    pub new_content: String,
}

/// What recording a call led to.
#[derive(Debug, Clone)]
pub struct CallRecorded {
    /// The call's id.
    pub call_id: i64,
    /// The follow-up after the call.
    pub follow_up: FollowUpView,
    /// The follow-up it opened.
    pub next: Option<FollowUpView>,
    /// The escalation it raised.
    pub escalation: Option<EscalationRow>,
    /// The letter that became due.
    pub letter: Option<LetterRow>,
    /// The call came before the follow-up's window opened.
    pub too_early: bool,
    /// The topics of #1 a #2 call repeated, with a note of what is new.
    pub repeated_topics: Vec<String>,
}

/// An inbound call as the desk logs it.
#[derive(Debug, Clone)]
pub struct InboundCall {
    /// The caller, by plate or phone.
    pub key: super::customers::CustomerKey,
    /// ENQUIRY or COMPLAINT.
    pub kind: String,
    /// What the customer said.
    pub content: String,
    /// Answered on the call.
    pub answered: bool,
    /// The agent asks for follow-up #1 after it.
    pub open_follow_up: bool,
}

/// What logging an inbound call recorded.
#[derive(Debug, Clone)]
pub struct InboundLogged {
    /// The call.
    pub call: CallRow,
    /// The escalation an unanswered complaint raised.
    pub escalation: Option<EscalationRow>,
    /// The follow-up it opened.
    pub follow_up: Option<FollowUpView>,
}

pub(crate) fn date(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| Error::internal_from(format!("bad stored date {text}"), e))
}

/// The owners whose follow-ups a caller sees today; `None` for everybody.
pub(crate) fn owners_for(conn: &Connection, caller: &Caller, today: &str) -> Result<Option<Vec<i64>>> {
    match (caller.role, caller.advisor_id) {
        (Role::Followup, Some(me)) => {
            let mut owners = standins::covered_by(conn, me, today)?;
            owners.push(me);
            Ok(Some(owners))
        }
        (Role::Followup, None) => Ok(Some(Vec::new())),
        _ => Ok(None),
    }
}

fn not_yours() -> Error {
    Error::refused(ErrorReason::NotYourFollowUp, "this follow-up belongs to another agent")
}

/// Supervisors read everything; agents their own and what they stand in for; advisors
/// the follow-ups of customers they received.
pub(crate) fn check_read(conn: &Connection, caller: &Caller, row: &FollowUpRow, today: &str) -> Result<()> {
    match caller.role {
        Role::Supervisor => Ok(()),
        Role::Advisor => {
            let served = visits::received_by(conn, row.customer_id, caller.advisor_id)?;
            if served { Ok(()) } else { Err(not_yours()) }
        }
        _ => check_change(conn, caller, row, today),
    }
}

/// Supervisors change everything; agents their own and what they stand in for.
pub(crate) fn check_change(conn: &Connection, caller: &Caller, row: &FollowUpRow, today: &str) -> Result<()> {
    if caller.role == Role::Supervisor {
        return Ok(());
    }
    let owners = owners_for(conn, caller, today)?.unwrap_or_default();
    if caller.role == Role::Followup && row.owner_agent_id.is_some_and(|o| owners.contains(&o)) {
        Ok(())
    } else {
        Err(not_yours())
    }
}

pub(crate) fn view(conn: &Connection, row: FollowUpRow, today: NaiveDate) -> Result<FollowUpView> {
    let today_text = today.to_string();
    let assigned = match row.owner_agent_id {
        Some(owner) => Some(standins::standin_for(conn, owner, &today_text)?.unwrap_or(owner)),
        None => None,
    };
    let due_state = match row.status {
        FollowUpStatus::Open => followup::due_state(
            date(&row.due_from)?,
            date(&row.due_until)?,
            row.next_attempt_date.as_deref().map(date).transpose()?,
            today,
        ),
        _ => DueState::Due,
    };
    let earlier_topics = match row.previous_id {
        Some(previous) => {
            crate::store::calls::of_follow_up(conn, previous)?.into_iter().flat_map(|c| c.topics).collect()
        }
        None => Vec::new(),
    };
    Ok(FollowUpView {
        calls: crate::store::calls::of_follow_up(conn, row.id)?,
        letters: letters::of_follow_up(conn, row.id)?,
        assigned_agent_id: assigned,
        due_state,
        earlier_topics,
        row,
    })
}

/// The customer's follow-up agent, or the active agent with the fewest open
/// follow-ups (who then becomes the customer's agent).
pub(crate) fn agent_for(conn: &Connection, customer_id: i64) -> Result<Option<i64>> {
    let agents: Vec<i64> =
        advisors::list(conn, Some(StaffKind::FollowupAgent), false, 0, 1000)?.into_iter().map(|a| a.id).collect();
    let current = customers::followup_agent(conn, customer_id)?;
    if let Some(agent) = current.filter(|a| agents.contains(a)) {
        return Ok(Some(agent));
    }
    let mut least: Option<(u32, i64)> = None;
    for agent in agents {
        let load = followups::open_count(conn, agent)?;
        if least.is_none_or(|(l, _)| load < l) {
            least = Some((load, agent));
        }
    }
    let chosen = least.map(|(_, a)| a);
    customers::set_followup_agent(conn, customer_id, chosen)?;
    Ok(chosen)
}

/// After a delivery: follow-up #1, due 3 to 7 days later.
pub(crate) fn open_first(conn: &Connection, visit: &VisitRow, delivered: NaiveDate, now: i64) -> Result<()> {
    let (from, until) = followup::first_window(delivered);
    let owner = agent_for(conn, visit.customer_id)?;
    followups::insert(
        conn,
        &NewFollowUp {
            kind: FollowUpKind::First,
            customer_id: visit.customer_id,
            vehicle_id: Some(visit.vehicle_id),
            visit_id: Some(visit.id),
            campaign_id: None,
            previous_id: None,
            owner_agent_id: owner,
            due_from: &from.to_string(),
            due_until: &until.to_string(),
            reminder_for: None,
            inbound_call_id: None,
        },
        now,
    )?;
    Ok(())
}

/// A reception flagged a suspected mystery shopper or a customer likely to complain:
/// the follow-up desk calls today.
pub(crate) fn open_flagged(
    conn: &Connection,
    visit_id: i64,
    customer_id: i64,
    vehicle_id: i64,
    today: NaiveDate,
    now: i64,
) -> Result<()> {
    let owner = agent_for(conn, customer_id)?;
    let day = today.to_string();
    followups::insert(
        conn,
        &NewFollowUp {
            kind: FollowUpKind::FlaggedVisit,
            customer_id,
            vehicle_id: Some(vehicle_id),
            visit_id: Some(visit_id),
            campaign_id: None,
            previous_id: None,
            owner_agent_id: owner,
            due_from: &day,
            due_until: &day,
            reminder_for: None,
            inbound_call_id: None,
        },
        now,
    )?;
    Ok(())
}

pub(crate) fn follow_up(conn: &Connection, id: i64) -> Result<FollowUpRow> {
    followups::get(conn, id)?.ok_or_else(|| Error::refused(ErrorReason::FollowUpNotFound, format!("no follow-up {id}")))
}

/// What an earlier request with this key wrote, if the caller sent a key.
pub(crate) fn replayed(conn: &Connection, key: Option<&Fingerprint>) -> Result<Option<i64>> {
    Ok(key.map(|key| requests::replayed(conn, key)).transpose()?.flatten())
}

/// Remembers what a request with a key wrote, so a retry returns it.
pub(crate) fn remember(conn: &Connection, key: Option<&Fingerprint>, id: i64, now: DateTime<Utc>) -> Result<()> {
    if let Some(key) = key {
        requests::record(conn, key, id, secs(now))?;
    }
    Ok(())
}
