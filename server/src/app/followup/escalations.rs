//! Escalations (投诉处理): a complaint not answered on the call is researched by the
//! agent for two store days, then solved or reported to the supervisor, who has 48
//! hours; one escalated by hand goes to the supervisor at once. The stages come from
//! [`Issue`], read from the clock.

use crate::domain::ErrorReason;
use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::{check_change, follow_up, remember, replayed};
use crate::app::App;
use crate::domain::followup::escalation::{Handler, Issue, Stage};
use crate::domain::followup::late_notice;
use crate::domain::{Caller, Error, Invalid, Page, Result, Role, paging};
use crate::store::escalations::{self, EscalationRow};
use crate::store::requests::Fingerprint;
use crate::store::{instant, secs};

/// Where an escalation came from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Raise {
    /// The customer.
    pub customer_id: i64,
    /// The follow-up, if any.
    pub follow_up_id: Option<i64>,
    /// The call, if any.
    pub call_id: Option<i64>,
}

/// Stores a new escalation on its clock.
pub(crate) fn escalate(
    conn: &Connection,
    issue: Issue,
    raise: Raise,
    complaint: &str,
    by: &str,
) -> Result<EscalationRow> {
    let (raised, reported) = (issue.raised(), issue.reported_at(issue.raised()));
    let row = EscalationRow {
        id: 0,
        customer_id: raise.customer_id,
        customer_name: String::new(),
        phone: String::new(),
        follow_up_id: raise.follow_up_id,
        call_id: raise.call_id,
        complaint: complaint.to_owned(),
        raised_at: secs(raised),
        due_at: secs(issue.supervisor_due()),
        raised_by: by.to_owned(),
        resolved_at: None,
        solution: String::new(),
        customer_told_at: None,
        resolved_by: String::new(),
        research_due_at: issue.research_due().map(secs),
        reported_at: reported.map(secs),
        reported_by: if reported.is_some() { by.to_owned() } else { String::new() },
        report_note: String::new(),
    };
    let id = escalations::insert(conn, &row)?;
    escalations::get(conn, id)?.ok_or_else(|| Error::internal(format!("escalation {id} vanished")))
}

pub(crate) fn escalation(conn: &Connection, id: i64) -> Result<EscalationRow> {
    escalations::get(conn, id)?
        .ok_or_else(|| Error::refused(ErrorReason::EscalationNotFound, format!("no escalation {id}")))
}

/// The clock of a stored escalation.
pub(crate) fn issue_of(e: &EscalationRow) -> Issue {
    Issue::stored(
        instant(e.raised_at),
        e.research_due_at.map(instant),
        e.reported_at.map(instant),
        e.resolved_at.map(instant),
    )
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
        Some(message) => Err(Error::invalid("customer_told_time", Invalid::new(ErrorReason::FieldInvalid, message))),
        None => Ok(()),
    }
}

/// An escalation as the desk reads it now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EscalationState {
    /// In whose hands it is.
    pub stage: Stage,
    /// With the supervisor and open past their deadline, or resolved after it.
    pub overdue: bool,
    /// The customer heard of the solution on a later day, or not by its end.
    pub late_notice: bool,
    /// It reached the supervisor on its own, the agent's two days over.
    pub reported_late: bool,
    /// When it reached the supervisor.
    pub reported_at: Option<DateTime<Utc>>,
    /// The end of the agent's research.
    pub research_due: Option<DateTime<Utc>>,
    /// The supervisor's deadline.
    pub supervisor_due: DateTime<Utc>,
    /// The deadline of the stage it is in.
    pub deadline: Option<DateTime<Utc>>,
}

impl EscalationState {
    /// Overdue, reported late or told late.
    pub fn flagged(&self) -> bool {
        self.overdue || self.late_notice || self.reported_late
    }
}

impl App {
    /// Where an escalation stands now.
    pub fn escalation_state(&self, e: &EscalationRow) -> EscalationState {
        let now = self.now();
        let issue = issue_of(e);
        let late_notice = e.resolved_at.is_some_and(|resolved| {
            late_notice(instant(resolved), e.customer_told_at.map(instant), now, &self.settings.schedule)
        });
        EscalationState {
            stage: issue.stage(now),
            overdue: issue.overdue(now),
            late_notice,
            reported_late: issue.reported_late(now),
            reported_at: issue.reported_at(now),
            research_due: issue.research_due(),
            supervisor_due: issue.supervisor_due(),
            deadline: issue.deadline(now),
        }
    }

    /// Escalates a follow-up's issue to the supervisor by hand, at once; a retried
    /// request id returns the first escalation.
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
                let raise = Raise { customer_id: row.customer_id, follow_up_id: Some(id), call_id: None };
                let raised = escalate(tx, Issue::to_supervisor(now), raise, &complaint, &caller.actor())?;
                remember(tx, retry_key.as_ref(), raised.id, now)?;
                Ok(raised)
            })
            .await
    }

    /// Records the solution of an escalation — by an agent while it is researched, by
    /// the supervisor at any stage — and when the customer was told if they already were.
    pub async fn resolve_escalation(
        &self,
        caller: &Caller,
        id: i64,
        solution: String,
        told: Option<DateTime<Utc>>,
    ) -> Result<EscalationRow> {
        let (now, actor) = (self.now(), caller.actor());
        let by = if caller.role == Role::Supervisor { Handler::Supervisor } else { Handler::Agent };
        self.store
            .write(move |tx| {
                let row = escalation(tx, id)?;
                issue_of(&row).resolve(by, now)?;
                if let Some(told) = told {
                    check_told(told, instant(row.raised_at), now)?;
                }
                escalations::resolve(tx, id, &solution, secs(now), told.map(secs), &actor)?;
                escalation(tx, id)
            })
            .await
    }

    /// Reports an escalation the agent researches to the supervisor, whose 48 hours
    /// start now.
    pub async fn report_escalation(&self, caller: &Caller, id: i64, note: String) -> Result<EscalationRow> {
        let (now, actor) = (self.now(), caller.actor());
        self.store
            .write(move |tx| {
                let reported = issue_of(&escalation(tx, id)?).report(now)?;
                escalations::report(tx, id, secs(now), &actor, &note, secs(reported.supervisor_due()))?;
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
                    return Err(Error::refused(ErrorReason::EscalationOpen, "resolve the escalation first"));
                };
                if row.customer_told_at.is_some() {
                    return Err(Error::refused(
                        ErrorReason::CustomerAlreadyTold,
                        "the customer's notice is already recorded",
                    ));
                }
                check_told(told, instant(row.raised_at.min(resolved)), now)?;
                escalations::record_notice(tx, id, secs(told))?;
                escalation(tx, id)
            })
            .await
    }

    /// Escalations: open ones first, by the deadline of the stage they are in now,
    /// then resolved ones by the supervisor's deadline. `flagged_only` keeps the
    /// overdue ones, those reported late and those with a late customer notice;
    /// `stage` those in that stage now.
    pub async fn escalation_list(
        &self,
        open_only: bool,
        flagged_only: bool,
        stage: Option<Stage>,
        page: Page,
    ) -> Result<(Vec<EscalationRow>, String)> {
        let all = self.store.read(|conn| Ok(escalations::all(conn)?)).await?;
        let mut rows: Vec<(EscalationState, EscalationRow)> = all
            .into_iter()
            .map(|e| (self.escalation_state(&e), e))
            .filter(|(_, e)| !open_only || e.resolved_at.is_none())
            .filter(|(s, _)| !flagged_only || s.flagged())
            .filter(|(s, _)| stage.is_none_or(|wanted| s.stage == wanted))
            .collect();
        rows.sort_by_key(|(s, e)| (s.deadline.is_none(), s.deadline.unwrap_or(s.supervisor_due), e.id));
        let rows = rows.into_iter().map(|(_, e)| e).skip(page.offset as usize).take(page.probe() as usize).collect();
        Ok(paging::cut(page, rows))
    }
}
