//! Inbound calls (客户来电): enquiries and complaints logged against the caller's file;
//! an unanswered complaint becomes an escalation, and the agent may ask for follow-up #1.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;

use super::escalations::{Raise, escalate, escalation};
use super::{InboundCall, InboundLogged, agent_for, follow_up, remember, replayed, view};
use crate::app::{App, Settings};
use crate::domain::followup::escalation::Issue;
use crate::domain::followup::{self, FollowUpKind};
use crate::domain::{Caller, Error, Result};
use crate::store::calls::{self, CallRow};
use crate::store::followups::{self, NewFollowUp};
use crate::store::requests::Fingerprint;
use crate::store::secs;

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
    .ok_or_else(|| Error::internal(format!("call {} has its follow-up already", call.id)))
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
    let call = calls::get(conn, id)?.ok_or_else(|| Error::internal(format!("call {id} vanished")))?;
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
    let call = calls::get(conn, call_id)?.ok_or_else(|| Error::internal(format!("call {call_id} vanished")))?;
    let escalation =
        crate::store::escalations::raised_by_call(conn, call_id, None)?.map(|e| escalation(conn, e)).transpose()?;
    let follow_up = followups::opened_by_inbound_call(conn, call_id)?
        .map(|f| view(conn, follow_up(conn, f)?, today))
        .transpose()?;
    Ok(InboundLogged { call, escalation, follow_up })
}

impl App {
    /// Logs an inbound call; an unanswered complaint becomes an escalation for the
    /// agent to research. (The demo's way in; [`App::log_inbound`] can also open a
    /// follow-up.)
    pub async fn inbound_call(
        &self,
        caller: &Caller,
        key: crate::app::customers::CustomerKey,
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
            crate::app::customers::CustomerKey::Plate(plate) => {
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
}
