//! The follow-up desk: who may see and work which follow-up, opening follow-ups after
//! deliveries, flagged receptions and enquiries, recording calls, inbound calls and
//! letters. Escalations are in [`escalations`], outbound calls that are no follow-up
//! in [`outbound`].

pub mod escalations;
pub mod outbound;

use chrono::{DateTime, NaiveDate, Utc};
use frontdesk_proto::ErrorReason;
use rusqlite::Connection;

use super::{App, Settings};
use crate::domain::followup::escalation::Issue;
use crate::domain::followup::{self, CallOutcome, DueState, FollowUpKind, FollowUpStatus};
use crate::domain::{Caller, Error, Result, Role, StaffKind};
use crate::store::calls::{self, CallRow};
use crate::store::escalations::EscalationRow;
use crate::store::followups::{self, FollowUpRow, NewFollowUp};
use crate::store::letters::{self, LetterRow};
use crate::store::requests::{self, Fingerprint};
use crate::store::visits::{self, VisitRow};
use crate::store::{advisors, customers, secs, standins};
use escalations::{Raise, escalate, escalation};

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
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| Error::Internal(format!("bad stored date {text}: {e}")))
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
    Error::permission_denied(ErrorReason::NotYourFollowUp, "this follow-up belongs to another agent")
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
        Some(previous) => calls::of_follow_up(conn, previous)?.into_iter().flat_map(|c| c.topics).collect(),
        None => Vec::new(),
    };
    Ok(FollowUpView {
        calls: calls::of_follow_up(conn, row.id)?,
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
    let agents: Vec<i64> = advisors::list(conn, Some(StaffKind::FollowupAgent.as_str()), false, 0, 1000)?
        .into_iter()
        .map(|a| a.id)
        .collect();
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

/// After an inbound enquiry or complaint the agent wants followed up: follow-up #1,
/// due 3 to 7 days later (业务访谈、咨询后三天至一周内).
fn open_after_enquiry(conn: &Connection, call: &CallRow, vehicle_id: Option<i64>, today: NaiveDate) -> Result<i64> {
    let (from, until) = followup::first_window(today);
    let owner = agent_for(conn, call.customer_id)?;
    followups::insert(
        conn,
        &NewFollowUp {
            kind: FollowUpKind::First,
            customer_id: call.customer_id,
            vehicle_id,
            visit_id: None,
            campaign_id: None,
            previous_id: None,
            owner_agent_id: owner,
            due_from: &from.to_string(),
            due_until: &until.to_string(),
            reminder_for: None,
            inbound_call_id: Some(call.id),
        },
        call.at,
    )?
    .ok_or_else(|| Error::Internal(format!("call {} has its follow-up already", call.id)))
}

fn follow_up(conn: &Connection, id: i64) -> Result<FollowUpRow> {
    followups::get(conn, id)?
        .ok_or_else(|| Error::not_found(ErrorReason::FollowUpNotFound, format!("no follow-up {id}")))
}

fn due_letter(conn: &Connection, row: &FollowUpRow, reason: &str, due: NaiveDate, now: i64) -> Result<LetterRow> {
    let letter = LetterRow {
        id: 0,
        customer_id: row.customer_id,
        follow_up_id: Some(row.id),
        campaign_id: row.campaign_id,
        reason: reason.to_owned(),
        due_date: due.to_string(),
        sent_date: None,
        content: String::new(),
        sent_by: String::new(),
    };
    let id = letters::insert(conn, &letter, now)?;
    letters::get(conn, id)?.ok_or_else(|| Error::Internal(format!("letter {id} vanished")))
}

/// The topics of the follow-up before this one (#1 for #2).
fn earlier_topics(conn: &Connection, row: &FollowUpRow) -> Result<Vec<String>> {
    match row.previous_id {
        Some(previous) => Ok(calls::of_follow_up(conn, previous)?.into_iter().flat_map(|c| c.topics).collect()),
        None => Ok(Vec::new()),
    }
}

/// Whether a call may be recorded for an open follow-up today; the topics of #1 it
/// repeats (with a note of what is new).
fn check_call(conn: &Connection, row: &FollowUpRow, call: &CallInput, today: NaiveDate) -> Result<Vec<String>> {
    if row.status != FollowUpStatus::Open {
        return Err(Error::precondition(
            ErrorReason::FollowUpClosed,
            format!("follow-up {} is {}", row.id, row.status.as_str()),
        ));
    }
    if call.outcome == CallOutcome::NoAnswer
        && let Some(next) = row.next_attempt_date.as_deref().map(date).transpose()?
        && today < next
    {
        return Err(Error::precondition(
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
            crate::domain::Invalid::new(ErrorReason::FieldRequired, "say what was talked about"),
        ));
    }
    followup::repeated_topics(&call.topics, &earlier_topics(conn, row)?, &call.new_content)
}

/// After #1 reached the customer: #2, counted from the #1 call (or from the day #1's
/// window opened, when the call came before it).
fn open_second(conn: &Connection, first: &FollowUpRow, today: NaiveDate, now: i64) -> Result<Option<i64>> {
    let (from, until) = followup::second_window(today, date(&first.due_from)?);
    followups::insert(
        conn,
        &NewFollowUp {
            kind: FollowUpKind::Second,
            customer_id: first.customer_id,
            vehicle_id: first.vehicle_id,
            visit_id: first.visit_id,
            campaign_id: None,
            previous_id: Some(first.id),
            owner_agent_id: first.owner_agent_id,
            due_from: &from.to_string(),
            due_until: &until.to_string(),
            reminder_for: None,
            inbound_call_id: first.inbound_call_id,
        },
        now,
    )
}

/// The letter a call makes due, if any: an invitation that ended (not refused), a
/// wrong number, or the last unanswered attempt.
fn letter_after(
    conn: &Connection,
    row: &FollowUpRow,
    outcome: CallOutcome,
    after: &followup::AfterCall,
    today: NaiveDate,
    now: i64,
) -> Result<Option<LetterRow>> {
    let reason = match (row.kind, outcome) {
        (FollowUpKind::Campaign, CallOutcome::Refused) => None,
        (FollowUpKind::Campaign, _) if row.status != FollowUpStatus::Open => Some("CAMPAIGN_INVITATION"),
        (_, CallOutcome::WrongNumber) => Some("WRONG_NUMBER"),
        _ if after.letter_due.is_some() => Some("NO_ANSWER"),
        _ => None,
    };
    let due = today + chrono::Duration::days(followup::LETTER_DAYS);
    reason.map(|reason| due_letter(conn, row, reason, due, now)).transpose()
}

fn record(
    conn: &Connection,
    settings: &Settings,
    caller: &Caller,
    id: i64,
    call: &CallInput,
    now: DateTime<Utc>,
) -> Result<CallRecorded> {
    let today = settings.schedule.local_date(now);
    let mut row = follow_up(conn, id)?;
    check_change(conn, caller, &row, &today.to_string())?;
    let repeated_topics = check_call(conn, &row, call, today)?;
    let too_early = followup::too_early(date(&row.due_from)?, today);
    let actor = caller.actor();
    let call_id = calls::insert(
        conn,
        &CallRow {
            id: 0,
            follow_up_id: Some(id),
            customer_id: row.customer_id,
            inbound: false,
            at: secs(now),
            agent: actor.clone(),
            outcome: Some(call.outcome),
            satisfaction: call.satisfaction,
            topics: call.topics.clone(),
            requests: call.requests.clone(),
            complaints: call.complaints.clone(),
            answered_on_call: call.answered_on_call,
            note: call.note.clone(),
            inbound_kind: None,
            too_early,
            new_content: call.new_content.clone(),
            purpose: None,
            lost_reason: String::new(),
        },
    )?;
    row.attempts += 1;
    let after = followup::after_call(call.outcome, row.attempts, today, &settings.schedule);
    row.status = after.status;
    row.next_attempt_date = after.next_attempt.map(|d| d.to_string());
    if row.status != FollowUpStatus::Open {
        row.closed_at = Some(secs(now));
    }
    followups::update(conn, &row)?;
    let letter = letter_after(conn, &row, call.outcome, &after, today, secs(now))?;
    let next = match (row.kind, call.outcome) {
        (FollowUpKind::First, CallOutcome::Reached) => open_second(conn, &row, today, secs(now))?,
        _ => None,
    };
    let escalation = if !call.complaints.is_empty() && !call.answered_on_call {
        let raise = Raise { customer_id: row.customer_id, follow_up_id: Some(id), call_id: Some(call_id) };
        Some(escalate(conn, Issue::researching(now, &settings.schedule), raise, &call.complaints, &actor)?)
    } else {
        None
    };
    let next = next.map(|next_id| view(conn, follow_up(conn, next_id)?, today)).transpose()?;
    let follow_up = view(conn, follow_up(conn, id)?, today)?;
    Ok(CallRecorded { call_id, follow_up, next, escalation, letter, too_early, repeated_topics })
}

/// What an outbound call wrote in its own transaction, found again by its time: the
/// follow-up it opened, the escalation it raised and the letter it made due.
fn outcome_of_call(conn: &Connection, call: &CallRow) -> Result<(Option<i64>, Option<i64>, Option<i64>)> {
    let Some(follow_up) = call.follow_up_id else { return Ok((None, None, None)) };
    Ok((
        followups::opened_after_call(conn, follow_up, call.at)?,
        crate::store::escalations::raised_by_call(conn, call.id, Some(call.at))?,
        letters::made_due_by_call(conn, follow_up, call.at)?,
    ))
}

/// The outcome of a call recorded earlier, for a retried request: the follow-up as it
/// stands, and what the call opened, raised and made due.
fn recorded_again(conn: &Connection, caller: &Caller, call_id: i64, today: NaiveDate) -> Result<CallRecorded> {
    let call = calls::get(conn, call_id)?.ok_or_else(|| Error::Internal(format!("call {call_id} vanished")))?;
    let row = follow_up(conn, call.follow_up_id.unwrap_or_default())?;
    // Whoever made the call gets its answer again, also once their stand-in cover ended.
    if call.agent != caller.actor() {
        check_read(conn, caller, &row, &today.to_string())?;
    }
    let (next, raised, letter) = outcome_of_call(conn, &call)?;
    let earlier = earlier_topics(conn, &row)?;
    Ok(CallRecorded {
        call_id,
        next: next.map(|id| view(conn, follow_up(conn, id)?, today)).transpose()?,
        escalation: raised.map(|id| escalation(conn, id)).transpose()?,
        letter: letter.and_then(|id| letters::get(conn, id).transpose()).transpose()?,
        too_early: call.too_early,
        repeated_topics: call.topics.iter().filter(|t| earlier.contains(t)).cloned().collect(),
        follow_up: view(conn, row, today)?,
    })
}

/// Logs an inbound call, and what it raises and opens.
fn log_inbound(
    conn: &Connection,
    settings: &Settings,
    actor: &str,
    (customer_id, vehicle_id): (i64, Option<i64>),
    inbound: &InboundCall,
    now: DateTime<Utc>,
) -> Result<InboundLogged> {
    let complaint = inbound.kind == "COMPLAINT";
    let content = &inbound.content;
    let call = CallRow {
        id: 0,
        follow_up_id: None,
        customer_id,
        inbound: true,
        at: secs(now),
        agent: actor.to_owned(),
        outcome: None,
        satisfaction: None,
        topics: Vec::new(),
        requests: if complaint { String::new() } else { content.clone() },
        complaints: if complaint { content.clone() } else { String::new() },
        answered_on_call: inbound.answered,
        note: content.clone(),
        inbound_kind: Some(inbound.kind.clone()),
        too_early: false,
        new_content: String::new(),
        purpose: None,
        lost_reason: String::new(),
    };
    let id = calls::insert(conn, &call)?;
    let call = calls::get(conn, id)?.ok_or_else(|| Error::Internal(format!("call {id} vanished")))?;
    let escalation = if complaint && !inbound.answered {
        let raise = Raise { customer_id, follow_up_id: None, call_id: Some(id) };
        Some(escalate(conn, Issue::researching(now, &settings.schedule), raise, content, actor)?)
    } else {
        None
    };
    let today = settings.schedule.local_date(now);
    let follow_up = if inbound.open_follow_up {
        let opened = open_after_enquiry(conn, &call, vehicle_id, today)?;
        Some(view(conn, follow_up(conn, opened)?, today)?)
    } else {
        None
    };
    Ok(InboundLogged { call, escalation, follow_up })
}

/// An inbound call logged earlier, for a retried request.
fn logged_again(conn: &Connection, call_id: i64, today: NaiveDate) -> Result<InboundLogged> {
    let call = calls::get(conn, call_id)?.ok_or_else(|| Error::Internal(format!("call {call_id} vanished")))?;
    let escalation =
        crate::store::escalations::raised_by_call(conn, call_id, None)?.map(|e| escalation(conn, e)).transpose()?;
    let follow_up = followups::opened_by_inbound_call(conn, call_id)?
        .map(|f| view(conn, follow_up(conn, f)?, today))
        .transpose()?;
    Ok(InboundLogged { call, escalation, follow_up })
}

impl App {
    /// Records an outbound call and applies the desk's rules. With a request id, a
    /// retry returns what the first call recorded instead of recording it twice.
    pub async fn record_call(
        &self,
        caller: &Caller,
        id: i64,
        call: CallInput,
        retry_key: Option<Fingerprint>,
    ) -> Result<CallRecorded> {
        let (settings, now, caller) = (self.settings.clone(), self.now(), caller.clone());
        self.store
            .write(move |tx| {
                if let Some(call_id) = replayed(tx, retry_key.as_ref())? {
                    return recorded_again(tx, &caller, call_id, settings.schedule.local_date(now));
                }
                let done = record(tx, &settings, &caller, id, &call, now)?;
                remember(tx, retry_key.as_ref(), done.call_id, now)?;
                Ok(done)
            })
            .await
    }

    /// Logs an inbound call; an unanswered complaint becomes an escalation for the
    /// agent to research. (The demo's way in; [`App::log_inbound`] can also open a
    /// follow-up.)
    pub async fn inbound_call(
        &self,
        caller: &Caller,
        key: super::customers::CustomerKey,
        kind: String,
        content: String,
        answered: bool,
        retry_key: Option<Fingerprint>,
    ) -> Result<InboundLogged> {
        let inbound = InboundCall { key, kind, content, answered, open_follow_up: false };
        self.log_inbound(caller, inbound, retry_key).await
    }

    /// Logs an inbound call: an unanswered complaint becomes an escalation for the
    /// agent to research, and, when the agent asks, the call opens follow-up #1. A
    /// retried request id returns what the first request logged.
    pub async fn log_inbound(
        &self,
        caller: &Caller,
        inbound: InboundCall,
        retry_key: Option<Fingerprint>,
    ) -> Result<InboundLogged> {
        let (settings, now, actor) = (self.settings.clone(), self.now(), caller.actor());
        let file = self.customer(inbound.key.clone()).await?.0;
        // Called about a car (by its plate): the follow-up is about that car.
        let vehicle = match &inbound.key {
            super::customers::CustomerKey::Plate(plate) => {
                file.vehicles.iter().find(|v| v.plate == plate.as_str()).map(|v| v.id)
            }
            _ => None,
        };
        let customer = file.customer.id;
        self.store
            .write(move |tx| {
                if let Some(id) = replayed(tx, retry_key.as_ref())? {
                    return logged_again(tx, id, settings.schedule.local_date(now));
                }
                let logged = log_inbound(tx, &settings, &actor, (customer, vehicle), &inbound, now)?;
                remember(tx, retry_key.as_ref(), logged.call.id, now)?;
                Ok(logged)
            })
            .await
    }

    /// Logs a letter sent: one that was due (closing its follow-up), or a new one.
    pub async fn log_letter(
        &self,
        caller: &Caller,
        letter_id: Option<i64>,
        plate: Option<String>,
        content: String,
        retry_key: Option<Fingerprint>,
    ) -> Result<LetterRow> {
        let (settings, now, actor, caller) = (self.settings.clone(), self.now(), caller.actor(), caller.clone());
        let today = settings.schedule.local_date(now).to_string();
        let customer = match (&letter_id, plate) {
            (None, Some(plate)) => Some(
                self.store
                    .read(move |c| Ok(customers::vehicle_by_plate(c, &plate)?.map(|v| v.customer_id)))
                    .await?
                    .ok_or_else(|| {
                        Error::not_found(ErrorReason::CustomerNotFound, "no customer file has this plate")
                    })?,
            ),
            _ => None,
        };
        self.store
            .write(move |tx| {
                if let Some(id) = replayed(tx, retry_key.as_ref())? {
                    let letter =
                        letters::get(tx, id)?.ok_or_else(|| Error::Internal(format!("letter {id} vanished")))?;
                    if letter.sent_by != actor
                        && let Some(row) = letter.follow_up_id.map(|f| follow_up(tx, f)).transpose()?
                    {
                        check_change(tx, &caller, &row, &today)?;
                    }
                    return Ok(letter);
                }
                let id = match (letter_id, customer) {
                    (Some(id), _) => {
                        let letter = letters::get(tx, id)?
                            .ok_or_else(|| Error::not_found(ErrorReason::LetterNotFound, format!("no letter {id}")))?;
                        if let Some(row) = letter.follow_up_id.map(|f| follow_up(tx, f)).transpose()? {
                            check_change(tx, &caller, &row, &today)?;
                        }
                        if letter.sent_date.is_some() {
                            return Err(Error::precondition(
                                ErrorReason::LetterAlreadySent,
                                "this letter was already sent",
                            ));
                        }
                        letters::mark_sent(tx, id, &today, &content, &actor)?;
                        if let Some(mut row) = letter.follow_up_id.map(|f| follow_up(tx, f)).transpose()?
                            && row.status == FollowUpStatus::LetterDue
                        {
                            row.status = FollowUpStatus::Closed;
                            row.closed_at = Some(secs(now));
                            followups::update(tx, &row)?;
                        }
                        id
                    }
                    (None, Some(customer_id)) => letters::insert(
                        tx,
                        &LetterRow {
                            id: 0,
                            customer_id,
                            follow_up_id: None,
                            campaign_id: None,
                            reason: "OTHER".into(),
                            due_date: today.clone(),
                            sent_date: Some(today.clone()),
                            content,
                            sent_by: actor,
                        },
                        secs(now),
                    )?,
                    (None, None) => {
                        return Err(Error::invalid(
                            "letter_id",
                            crate::domain::Invalid::new(
                                ErrorReason::FieldRequired,
                                "name the letter that was due, or the customer's plate",
                            ),
                        ));
                    }
                };
                remember(tx, retry_key.as_ref(), id, now)?;
                letters::get(tx, id)?.ok_or_else(|| Error::Internal(format!("letter {id} vanished")))
            })
            .await
    }
}

/// What an earlier request with this key wrote, if the caller sent a key.
fn replayed(conn: &Connection, key: Option<&Fingerprint>) -> Result<Option<i64>> {
    key.map_or(Ok(None), |key| requests::replayed(conn, key))
}

/// Remembers what a request with a key wrote, so a retry returns it.
fn remember(conn: &Connection, key: Option<&Fingerprint>, id: i64, now: DateTime<Utc>) -> Result<()> {
    key.map_or(Ok(()), |key| requests::record(conn, key, id, secs(now)))
}
