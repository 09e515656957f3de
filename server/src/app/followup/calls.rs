//! Recording a follow-up call (跟踪服务电话) and applying the desk's rules: the window
//! and retries, topics #2 must not repeat, the letter a call makes due, follow-up #2
//! after #1 reached the customer, and the escalation of a complaint left unanswered.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;

use super::escalations::{Raise, escalate, escalation};
use super::{CallInput, CallRecorded, check_change, check_read, date, follow_up, remember, replayed, view};
use crate::app::{App, Settings};
use crate::domain::followup::call::{CallReport, OpenFollowUp};
use crate::domain::followup::escalation::Issue;
use crate::domain::followup::{FollowUpKind, FollowUpStatus};
use crate::domain::{Caller, Error, Result};
use crate::store::calls::{self, CallRow};
use crate::store::followups::{self, FollowUpRow, NewFollowUp};
use crate::store::letters::{self, LetterRow};
use crate::store::requests::Fingerprint;
use crate::store::secs;

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
    letters::get(conn, id)?.ok_or_else(|| Error::internal(format!("letter {id} vanished")))
}

/// The topics of the follow-up before this one (#1 for #2).
fn earlier_topics(conn: &Connection, row: &FollowUpRow) -> Result<Vec<String>> {
    match row.previous_id {
        Some(previous) => Ok(calls::of_follow_up(conn, previous)?.into_iter().flat_map(|c| c.topics).collect()),
        None => Ok(Vec::new()),
    }
}

/// After #1 reached the customer: #2 in the window the rules gave it.
fn open_second(
    conn: &Connection,
    first: &FollowUpRow,
    (from, until): (NaiveDate, NaiveDate),
    now: i64,
) -> Result<Option<i64>> {
    let id = followups::insert(
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
    )?;
    Ok(id)
}

/// The follow-up as the rules see it.
fn open_follow_up(row: &FollowUpRow) -> Result<OpenFollowUp> {
    Ok(OpenFollowUp {
        id: row.id,
        kind: row.kind,
        status: row.status,
        attempts: row.attempts,
        next_attempt: row.next_attempt_date.as_deref().map(date).transpose()?,
        due_from: date(&row.due_from)?,
    })
}

/// The call as it is logged.
fn call_row(row: &FollowUpRow, call: &CallInput, actor: &str, too_early: bool, now: DateTime<Utc>) -> CallRow {
    CallRow {
        id: 0,
        follow_up_id: Some(row.id),
        customer_id: row.customer_id,
        inbound: false,
        at: secs(now),
        agent: actor.to_owned(),
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
    }
}

/// Loads the follow-up, lets the rules record the call (`OpenFollowUp::record_call`),
/// and writes what they decided: the call, the follow-up's new state, the letter, #2
/// and the escalation.
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
    let report = CallReport {
        outcome: call.outcome,
        topics: &call.topics,
        new_content: &call.new_content,
        complaints: &call.complaints,
        answered_on_call: call.answered_on_call,
    };
    let earlier = earlier_topics(conn, &row)?;
    let effects = open_follow_up(&row)?.record_call(&report, &earlier, today, &settings.schedule)?;
    let actor = caller.actor();
    let call_id = calls::insert(conn, &call_row(&row, call, &actor, effects.too_early, now))?;
    row.attempts = effects.attempts;
    row.status = effects.status;
    row.next_attempt_date = effects.next_attempt.map(|d| d.to_string());
    if row.status != FollowUpStatus::Open {
        row.closed_at = Some(secs(now));
    }
    followups::update(conn, &row)?;
    let letter =
        effects.letter.map(|(reason, due)| due_letter(conn, &row, reason.into(), due, secs(now))).transpose()?;
    let next = effects.second.map(|window| open_second(conn, &row, window, secs(now))).transpose()?.flatten();
    let escalation = if effects.escalate {
        let raise = Raise { customer_id: row.customer_id, follow_up_id: Some(id), call_id: Some(call_id) };
        Some(escalate(conn, Issue::researching(now, &settings.schedule), raise, &call.complaints, &actor)?)
    } else {
        None
    };
    let next = next.map(|next_id| view(conn, follow_up(conn, next_id)?, today)).transpose()?;
    let follow_up = view(conn, follow_up(conn, id)?, today)?;
    let repeated_topics = effects.repeated_topics;
    Ok(CallRecorded { call_id, follow_up, next, escalation, letter, too_early: effects.too_early, repeated_topics })
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
    let call = calls::get(conn, call_id)?.ok_or_else(|| Error::internal(format!("call {call_id} vanished")))?;
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
}
