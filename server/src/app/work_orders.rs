//! The work order's use cases: the reception sheet, estimate versions, the customer's
//! answer and the lines done. Each loads the work order, lets the rules in
//! `domain::workorder` decide, and writes in one transaction.

use rusqlite::Connection;

use super::App;
use crate::domain::records::{Approval, Fingerprint, WorkOrder};
use crate::domain::workorder::{
    self, ApprovalMethod, Consent, Inspection, Line, Version, check_insurance, check_open, content_hash,
};
use crate::domain::{Caller, Error, ErrorReason, Result};
use crate::store::{
    estimates, inspections, part_orders, payments, requests, secs, settlements, visits, warranty_claims,
};

/// The customer's answer to an estimate version.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The version answered.
    pub version: u32,
    /// The content hash of the version the customer saw.
    pub shown_hash: String,
    /// How they said yes.
    pub consent: Consent,
    /// The lines they declined.
    pub declined: Vec<i64>,
}

/// A new estimate version as the advisor proposes it.
#[derive(Debug, Clone)]
pub struct Proposal {
    /// The lines, checked.
    pub lines: Vec<Line>,
    /// The insurer, when given.
    pub insurer: String,
    /// The claim number, when given.
    pub claim_number: String,
}

/// A visit by its work order (`VISIT_NOT_FOUND`).
pub(crate) fn visit(conn: &Connection, work_order: &str) -> Result<crate::domain::records::Visit> {
    visits::by_work_order(conn, work_order)?
        .ok_or_else(|| Error::refused(ErrorReason::VisitNotFound, format!("no visit {work_order}")))
}

/// A work order with everything on it.
pub(crate) fn load(conn: &Connection, work_order: &str) -> Result<WorkOrder> {
    let visit = visit(conn, work_order)?;
    let (insurer, claim_number) = visits::insurance(conn, visit.id)?;
    Ok(WorkOrder {
        inspection: inspections::get(conn, visit.id)?,
        estimates: estimates::of_visit(conn, visit.id)?,
        settlement: settlements::get(conn, visit.id)?,
        payments: payments::of_visit(conn, visit.id)?,
        part_orders: part_orders::of_visit(conn, visit.id)?,
        warranty_claim: warranty_claims::of_visit(conn, visit.id)?,
        visit,
        insurer,
        claim_number,
    })
}

fn approval(consent: Consent, by: String, at: i64) -> Approval {
    let mut approval = Approval {
        method: ApprovalMethod::Signature,
        approved_at: at,
        approved_by: by,
        called_by: String::new(),
        called_at: None,
        customer_words: String::new(),
        signature: None,
    };
    match consent {
        Consent::Signature(signature) => approval.signature = Some(signature),
        Consent::Phone { called_by, called_at, customer_words } => {
            approval.method = ApprovalMethod::Phone;
            approval.called_by = called_by;
            approval.called_at = Some(secs(called_at));
            approval.customer_words = customer_words;
        }
    }
    approval
}

pub(crate) fn propose(conn: &Connection, work_order: &str, p: &Proposal, by: &str, now: i64) -> Result<(u32, i64)> {
    let wo = load(conn, work_order)?;
    check_open(wo.visit.stage, work_order)?;
    let insurer = if p.insurer.is_empty() { wo.insurer.clone() } else { p.insurer.clone() };
    let claim = if p.claim_number.is_empty() { wo.claim_number.clone() } else { p.claim_number.clone() };
    check_insurance(&p.lines, &insurer, &claim)?;
    if (insurer.as_str(), claim.as_str()) != (wo.insurer.as_str(), wo.claim_number.as_str()) {
        visits::set_insurance(conn, wo.visit.id, &insurer, &claim, now)?;
    }
    let states: Vec<_> = wo.estimates.iter().map(|e| e.state).collect();
    let version = workorder::next_version(&states)?;
    let hash = content_hash(work_order, version, &p.lines);
    let id = estimates::insert(conn, wo.visit.id, version, &hash, &p.lines, by, now)?;
    Ok((version, id))
}

fn answer(conn: &Connection, work_order: &str, a: Answer, by: String, now: i64) -> Result<()> {
    let wo = load(conn, work_order)?;
    check_open(wo.visit.stage, work_order)?;
    let kept = wo.estimates.into_iter().find(|e| e.version == a.version).ok_or_else(|| {
        Error::refused(ErrorReason::EstimateNotFound, format!("{work_order} has no estimate version {}", a.version))
    })?;
    let version = Version {
        version: kept.version,
        state: kept.state,
        content_hash: kept.content_hash,
        lines: kept.lines.iter().map(|l| (l.id, l.state)).collect(),
    };
    let decision = version.decide(&a.shown_hash, &a.declined)?;
    estimates::decide(conn, kept.id, decision.state, &approval(a.consent, by, now), &decision.lines)?;
    Ok(())
}

fn mark_done(conn: &Connection, work_order: &str, line_ids: &[i64], by: &str, now: i64) -> Result<()> {
    let wo = load(conn, work_order)?;
    check_open(wo.visit.stage, work_order)?;
    workorder::may_mark_done(wo.settlement.is_some(), work_order)?;
    for &id in line_ids {
        let line = estimates::line_of_visit(conn, wo.visit.id, id)?.ok_or_else(|| {
            Error::refused(ErrorReason::EstimateNotFound, format!("{work_order} has no line {id}"))
                .with("line_id", id.to_string())
        })?;
        workorder::mark_done(id, line.state)?;
        estimates::mark_done(conn, id, now, by)?;
    }
    Ok(())
}

impl App {
    /// A work order with its sheet and estimate.
    pub async fn work_order(&self, work_order: String) -> Result<WorkOrder> {
        self.store.read(move |conn| load(conn, &work_order)).await
    }

    /// Records the reception sheet of an open work order, replacing an earlier one.
    pub async fn record_inspection(&self, caller: &Caller, work_order: String, sheet: Inspection) -> Result<WorkOrder> {
        let (now, by) = (secs(self.now()), caller.actor());
        self.store
            .write(move |tx| {
                let wo = load(tx, &work_order)?;
                check_open(wo.visit.stage, &work_order)?;
                inspections::put(tx, wo.visit.id, &sheet, &by, now)?;
                load(tx, &work_order)
            })
            .await
    }

    /// Adds the next estimate version; a retry with the same key returns the version
    /// the first request added.
    pub async fn propose_estimate(
        &self,
        caller: &Caller,
        work_order: String,
        proposal: Proposal,
        key: Fingerprint,
    ) -> Result<(WorkOrder, u32)> {
        let (now, by) = (secs(self.now()), caller.actor());
        self.store
            .write(move |tx| {
                let version = match requests::replayed(tx, &key)? {
                    Some(id) => estimates::version_of(tx, id)?,
                    None => {
                        let (version, id) = propose(tx, &work_order, &proposal, &by, now)?;
                        requests::record(tx, &key, id, now)?;
                        version
                    }
                };
                Ok((load(tx, &work_order)?, version))
            })
            .await
    }

    /// Records the customer's answer to an estimate version.
    pub async fn approve_estimate(&self, caller: &Caller, work_order: String, a: Answer) -> Result<WorkOrder> {
        let (now, by) = (secs(self.now()), caller.actor());
        self.store
            .write(move |tx| {
                answer(tx, &work_order, a, by, now)?;
                load(tx, &work_order)
            })
            .await
    }

    /// Marks approved lines done.
    pub async fn mark_lines_done(&self, caller: &Caller, work_order: String, line_ids: Vec<i64>) -> Result<WorkOrder> {
        let (now, by) = (secs(self.now()), caller.actor());
        self.store
            .write(move |tx| {
                mark_done(tx, &work_order, &line_ids, &by, now)?;
                load(tx, &work_order)
            })
            .await
    }
}
