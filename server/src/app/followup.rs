//! The follow-up desk: who may see and work which follow-up, opening follow-ups after
//! deliveries and flagged receptions, recording calls, inbound calls, escalations and
//! letters.

use chrono::{DateTime, NaiveDate, Utc};
use frontdesk_proto::ErrorReason;
use rusqlite::Connection;

use super::{App, Settings};
use crate::domain::followup::{self, CallOutcome, DueState, FollowUpKind, FollowUpStatus};
use crate::domain::{Caller, Error, Page, Result, Role, StaffKind, paging};
use crate::store::desk::{self, EscalationRow, LetterRow};
use crate::store::followups::{self, CallRow, FollowUpRow, NewFollowUp};
use crate::store::requests::{self, Fingerprint};
use crate::store::visits::VisitRow;
use crate::store::{advisors, customers, instant, secs};

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
}

pub(crate) fn date(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| Error::Internal(format!("bad stored date {text}: {e}")))
}

/// The owners whose follow-ups a caller sees today; `None` for everybody.
pub(crate) fn owners_for(conn: &Connection, caller: &Caller, today: &str) -> Result<Option<Vec<i64>>> {
    match (caller.role, caller.advisor_id) {
        (Role::Followup, Some(me)) => {
            let mut owners = desk::covered_by(conn, me, today)?;
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
            let served = conn
                .prepare_cached("SELECT 1 FROM visits WHERE customer_id = ?1 AND advisor_id = ?2")?
                .exists(rusqlite::params![row.customer_id, caller.advisor_id])?;
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
        Some(owner) => Some(desk::standin_for(conn, owner, &today_text)?.unwrap_or(owner)),
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
        Some(previous) => followups::calls_of(conn, previous)?.into_iter().flat_map(|c| c.topics).collect(),
        None => Vec::new(),
    };
    Ok(FollowUpView {
        calls: followups::calls_of(conn, row.id)?,
        letters: desk::letters_of(conn, row.id)?,
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
    let current: Option<i64> = conn
        .prepare_cached("SELECT followup_agent_id FROM customers WHERE id = ?1")?
        .query_row([customer_id], |r| r.get(0))?;
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
    conn.prepare_cached("UPDATE customers SET followup_agent_id = ?2 WHERE id = ?1")?
        .execute(rusqlite::params![customer_id, chosen])?;
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
        },
        now,
    )?;
    Ok(())
}

fn follow_up(conn: &Connection, id: i64) -> Result<FollowUpRow> {
    followups::get(conn, id)?
        .ok_or_else(|| Error::not_found(ErrorReason::FollowUpNotFound, format!("no follow-up {id}")))
}

fn escalate(
    conn: &Connection,
    customer_id: i64,
    follow_up_id: Option<i64>,
    call_id: Option<i64>,
    complaint: &str,
    by: &str,
    now: DateTime<Utc>,
) -> Result<EscalationRow> {
    let row = EscalationRow {
        id: 0,
        customer_id,
        customer_name: String::new(),
        phone: String::new(),
        follow_up_id,
        call_id,
        complaint: complaint.to_owned(),
        raised_at: secs(now),
        due_at: secs(followup::escalation_due(now)),
        raised_by: by.to_owned(),
        resolved_at: None,
        solution: String::new(),
        customer_told_at: None,
        resolved_by: String::new(),
    };
    let id = desk::insert_escalation(conn, &row)?;
    desk::get_escalation(conn, id)?.ok_or_else(|| Error::Internal(format!("escalation {id} vanished")))
}

fn escalation(conn: &Connection, id: i64) -> Result<EscalationRow> {
    desk::get_escalation(conn, id)?
        .ok_or_else(|| Error::not_found(ErrorReason::EscalationNotFound, format!("no escalation {id}")))
}

/// The customer is told between the escalation and now (a minute of clock skew allowed).
fn check_told(told: DateTime<Utc>, earliest: DateTime<Utc>, now: DateTime<Utc>) -> Result<()> {
    let problem = if told > now + chrono::Duration::minutes(1) {
        Some("the customer cannot have been told in the future")
    } else if told < earliest {
        Some("the customer cannot have been told before the escalation")
    } else {
        None
    };
    match problem {
        Some(message) => {
            Err(Error::invalid("customer_told_time", crate::domain::Invalid::new(ErrorReason::FieldInvalid, message)))
        }
        None => Ok(()),
    }
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
    let id = desk::insert_letter(conn, &letter, now)?;
    desk::get_letter(conn, id)?.ok_or_else(|| Error::Internal(format!("letter {id} vanished")))
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
    if row.status != FollowUpStatus::Open {
        return Err(Error::precondition(
            ErrorReason::FollowUpClosed,
            format!("follow-up {id} is {}", row.status.as_str()),
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
    let visit_call = matches!(row.kind, FollowUpKind::First | FollowUpKind::Second | FollowUpKind::FlaggedVisit);
    if call.outcome == CallOutcome::Reached {
        if visit_call && call.satisfaction.is_none() {
            return Err(Error::invalid(
                "satisfaction",
                crate::domain::Invalid::new(ErrorReason::FieldRequired, "give the customer's satisfaction, 1 to 5"),
            ));
        }
        if call.topics.is_empty() {
            return Err(Error::invalid(
                "topics",
                crate::domain::Invalid::new(ErrorReason::FieldRequired, "say what was talked about"),
            ));
        }
        if let Some(previous) = row.previous_id {
            let earlier: Vec<String> =
                followups::calls_of(conn, previous)?.into_iter().flat_map(|c| c.topics).collect();
            followup::check_new_topics(&call.topics, &earlier)?;
        }
    }
    let actor = caller.actor();
    let call_id = followups::insert_call(
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
    let letter_reason = match (row.kind, call.outcome) {
        (FollowUpKind::Campaign, CallOutcome::Refused) => None,
        (FollowUpKind::Campaign, _) if row.status != FollowUpStatus::Open => Some("CAMPAIGN_INVITATION"),
        (_, CallOutcome::WrongNumber) => Some("WRONG_NUMBER"),
        _ if after.letter_due.is_some() => Some("NO_ANSWER"),
        _ => None,
    };
    let letter = match letter_reason {
        Some(reason) => {
            Some(due_letter(conn, &row, reason, today + chrono::Duration::days(followup::LETTER_DAYS), secs(now))?)
        }
        None => None,
    };
    let next = if row.kind == FollowUpKind::First && call.outcome == CallOutcome::Reached {
        let (from, until) = followup::second_window(today);
        followups::insert(
            conn,
            &NewFollowUp {
                kind: FollowUpKind::Second,
                customer_id: row.customer_id,
                vehicle_id: row.vehicle_id,
                visit_id: row.visit_id,
                campaign_id: None,
                previous_id: Some(row.id),
                owner_agent_id: row.owner_agent_id,
                due_from: &from.to_string(),
                due_until: &until.to_string(),
                reminder_for: None,
            },
            secs(now),
        )?
    } else {
        None
    };
    let escalation = if !call.complaints.is_empty() && !call.answered_on_call {
        Some(escalate(conn, row.customer_id, Some(id), Some(call_id), &call.complaints, &actor, now)?)
    } else {
        None
    };
    let next = match next {
        Some(next_id) => Some(view(conn, follow_up(conn, next_id)?, today)?),
        None => None,
    };
    Ok(CallRecorded { call_id, follow_up: view(conn, follow_up(conn, id)?, today)?, next, escalation, letter })
}

/// The outcome of a call recorded earlier, for a retried request: the follow-up as it
/// stands, and what the call opened, raised and made due.
fn recorded_again(conn: &Connection, caller: &Caller, call_id: i64, today: NaiveDate) -> Result<CallRecorded> {
    let call =
        followups::get_call(conn, call_id)?.ok_or_else(|| Error::Internal(format!("call {call_id} vanished")))?;
    let row = follow_up(conn, call.follow_up_id.unwrap_or_default())?;
    // Whoever made the call gets its answer again, also once their stand-in cover ended.
    if call.agent != caller.actor() {
        check_read(conn, caller, &row, &today.to_string())?;
    }
    let (next, raised, letter) = followups::outcome_of_call(conn, &call)?;
    Ok(CallRecorded {
        call_id,
        follow_up: view(conn, row, today)?,
        next: next.map(|id| view(conn, follow_up(conn, id)?, today)).transpose()?,
        escalation: raised.map(|id| escalation(conn, id)).transpose()?,
        letter: letter.and_then(|id| desk::get_letter(conn, id).transpose()).transpose()?,
    })
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

    /// Logs an inbound call; an unanswered complaint escalates.
    pub async fn inbound_call(
        &self,
        caller: &Caller,
        key: super::customers::CustomerKey,
        kind: String,
        content: String,
        answered: bool,
        retry_key: Option<Fingerprint>,
    ) -> Result<(CallRow, Option<EscalationRow>)> {
        let (now, actor) = (self.now(), caller.actor());
        let customer = self.customer(key).await?.0.customer.id;
        self.store
            .write(move |tx| {
                if let Some(id) = replayed(tx, retry_key.as_ref())? {
                    let call =
                        followups::get_call(tx, id)?.ok_or_else(|| Error::Internal(format!("call {id} vanished")))?;
                    let raised = followups::escalation_of_call(tx, id)?.map(|e| escalation(tx, e)).transpose()?;
                    return Ok((call, raised));
                }
                let complaint = kind == "COMPLAINT";
                let call = CallRow {
                    id: 0,
                    follow_up_id: None,
                    customer_id: customer,
                    inbound: true,
                    at: secs(now),
                    agent: actor.clone(),
                    outcome: None,
                    satisfaction: None,
                    topics: Vec::new(),
                    requests: if complaint { String::new() } else { content.clone() },
                    complaints: if complaint { content.clone() } else { String::new() },
                    answered_on_call: answered,
                    note: content.clone(),
                    inbound_kind: Some(kind),
                };
                let id = followups::insert_call(tx, &call)?;
                let escalation = if complaint && !answered {
                    Some(escalate(tx, customer, None, Some(id), &content, &actor, now)?)
                } else {
                    None
                };
                remember(tx, retry_key.as_ref(), id, now)?;
                let call =
                    followups::get_call(tx, id)?.ok_or_else(|| Error::Internal(format!("call {id} vanished")))?;
                Ok((call, escalation))
            })
            .await
    }

    /// Escalates a follow-up's issue by hand; a retried request id returns the first escalation.
    pub async fn escalate(
        &self,
        caller: &Caller,
        id: i64,
        complaint: String,
        retry_key: Option<Fingerprint>,
    ) -> Result<EscalationRow> {
        let (settings, now, caller) = (self.settings.clone(), self.now(), caller.clone());
        self.store
            .write(move |tx| {
                if let Some(raised) = replayed(tx, retry_key.as_ref())? {
                    return escalation(tx, raised);
                }
                let row = follow_up(tx, id)?;
                check_change(tx, &caller, &row, &settings.schedule.local_date(now).to_string())?;
                let raised = escalate(tx, row.customer_id, Some(id), None, &complaint, &caller.actor(), now)?;
                remember(tx, retry_key.as_ref(), raised.id, now)?;
                Ok(raised)
            })
            .await
    }

    /// Records the solution of an escalation, and when the customer was told if they
    /// already were.
    pub async fn resolve_escalation(
        &self,
        caller: &Caller,
        id: i64,
        solution: String,
        told: Option<DateTime<Utc>>,
    ) -> Result<EscalationRow> {
        let (now, actor) = (self.now(), caller.actor());
        self.store
            .write(move |tx| {
                let row = escalation(tx, id)?;
                if row.resolved_at.is_some() {
                    return Err(Error::precondition(
                        ErrorReason::EscalationResolved,
                        "this escalation is already resolved",
                    ));
                }
                if let Some(told) = told {
                    check_told(told, instant(row.raised_at), now)?;
                }
                desk::resolve(tx, id, &solution, secs(now), told.map(secs), &actor)?;
                escalation(tx, id)
            })
            .await
    }

    /// Records when the customer was told the solution of a resolved escalation.
    pub async fn record_notice(&self, id: i64, told: Option<DateTime<Utc>>) -> Result<EscalationRow> {
        let now = self.now();
        let told = told.unwrap_or(now);
        self.store
            .write(move |tx| {
                let row = escalation(tx, id)?;
                let Some(resolved) = row.resolved_at else {
                    return Err(Error::precondition(ErrorReason::EscalationOpen, "resolve the escalation first"));
                };
                if row.customer_told_at.is_some() {
                    return Err(Error::precondition(
                        ErrorReason::CustomerAlreadyTold,
                        "the customer's notice is already recorded",
                    ));
                }
                check_told(told, instant(row.raised_at.min(resolved)), now)?;
                desk::record_notice(tx, id, secs(told))?;
                escalation(tx, id)
            })
            .await
    }

    /// Whether an escalation is overdue (open past its due time, or resolved after it)
    /// and whether the customer heard of the solution on a later day than it was found.
    pub fn escalation_flags(&self, e: &EscalationRow) -> (bool, bool) {
        let now = self.now();
        let overdue = followup::escalation_overdue(instant(e.due_at), e.resolved_at.map(instant), now);
        let late = match e.resolved_at {
            Some(resolved) => {
                followup::late_notice(instant(resolved), e.customer_told_at.map(instant), now, &self.settings.schedule)
            }
            None => false,
        };
        (overdue, late)
    }

    /// Escalations, open first, then by due time; `flagged_only` keeps the overdue ones
    /// and those with a late customer notice.
    pub async fn escalation_list(
        &self,
        open_only: bool,
        flagged_only: bool,
        page: Page,
    ) -> Result<(Vec<EscalationRow>, String)> {
        let all = self.store.read(desk::escalations).await?;
        let rows = all
            .into_iter()
            .filter(|e| !open_only || e.resolved_at.is_none())
            .filter(|e| {
                let (overdue, late) = self.escalation_flags(e);
                !flagged_only || overdue || late
            })
            .skip(page.offset as usize)
            .take(page.probe() as usize)
            .collect();
        Ok(paging::cut(page, rows))
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
                        desk::get_letter(tx, id)?.ok_or_else(|| Error::Internal(format!("letter {id} vanished")))?;
                    if letter.sent_by != actor
                        && let Some(row) = letter.follow_up_id.map(|f| follow_up(tx, f)).transpose()?
                    {
                        check_change(tx, &caller, &row, &today)?;
                    }
                    return Ok(letter);
                }
                let id = match (letter_id, customer) {
                    (Some(id), _) => {
                        let letter = desk::get_letter(tx, id)?
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
                        desk::send_letter(tx, id, &today, &content, &actor)?;
                        if let Some(mut row) = letter.follow_up_id.map(|f| follow_up(tx, f)).transpose()?
                            && row.status == FollowUpStatus::LetterDue
                        {
                            row.status = FollowUpStatus::Closed;
                            row.closed_at = Some(secs(now));
                            followups::update(tx, &row)?;
                        }
                        id
                    }
                    (None, Some(customer_id)) => desk::insert_letter(
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
                desk::get_letter(tx, id)?.ok_or_else(|| Error::Internal(format!("letter {id} vanished")))
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
