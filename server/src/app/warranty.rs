//! Warranty claims: the warranty lines done on a visit claimed from the carmaker, and
//! the decisions the supervisor or the warranty clerk records. A claim paid pays the
//! settlement's warranty share.

use rusqlite::Connection;

use super::App;
use super::settlements::figured;
use super::work_orders::load;
use crate::domain::records::{Fingerprint, WarrantyClaim, WorkOrder};
use crate::domain::workorder::{self, ClaimDecision, ClaimState, Fen, LineState, PayType, PaymentMethod};
use crate::domain::{Caller, Error, ErrorReason, Result};
use crate::store::{payments, requests, secs, warranty_claims};

fn submit(conn: &Connection, work_order: &str, note: &str, by: &str, now: i64) -> Result<i64> {
    let wo = load(conn, work_order)?;
    workorder::may_claim(wo.warranty_claim.as_ref().map(|c| c.id), work_order)?;
    let done = wo
        .estimates
        .iter()
        .flat_map(|v| &v.lines)
        .filter(|l| l.state == LineState::Done)
        .map(|l| (l.line.pay_type, l.line.kind, l.line.amount));
    let amount = workorder::claim_amount(done)?;
    Ok(warranty_claims::insert(conn, wo.visit.id, amount, note, by, now)?)
}

/// A paid claim pays the settlement's warranty share, as far as it is still owed.
fn pay_share(conn: &Connection, wo: &WorkOrder, claim: &WarrantyClaim, by: &str, now: i64) -> Result<()> {
    let Some((settlement, _)) = figured(wo)? else { return Ok(()) };
    let paid = super::settlements::paid_by(wo, PayType::Warranty);
    let owed = Fen(settlement.due_of(PayType::Warranty).fen() - paid.fen());
    let amount = Fen(claim.approved.unwrap_or(claim.claimed).fen().min(owed.fen()));
    if amount.fen() > 0 {
        let reference = format!("claim {}", claim.id);
        payments::insert(conn, wo.visit.id, PaymentMethod::WarrantyClaim, amount, &reference, by, now)?;
    }
    Ok(())
}

fn decide(conn: &Connection, id: i64, decision: ClaimDecision, by: &str, now: i64) -> Result<WarrantyClaim> {
    let (_, mut claim) = warranty_claims::get(conn, id)?
        .ok_or_else(|| Error::refused(ErrorReason::ClaimNotFound, format!("no warranty claim {id}")))?;
    let decision = decision.for_claim(claim.claimed);
    claim.state = workorder::decide(claim.state, claim.claimed, &decision)?;
    match &decision {
        ClaimDecision::Approved(amount) => claim.approved = Some(*amount),
        ClaimDecision::Rejected(reason) => reason.clone_into(&mut claim.reason),
        ClaimDecision::Paid => claim.paid_at = Some(now),
    }
    if claim.state != ClaimState::Paid {
        by.clone_into(&mut claim.decided_by);
        claim.decided_at = Some(now);
    }
    warranty_claims::decide(conn, &claim)?;
    if claim.state == ClaimState::Paid {
        let wo = load(conn, &claim.work_order)?;
        pay_share(conn, &wo, &claim, by, now)?;
    }
    Ok(claim)
}

impl App {
    /// Claims the warranty lines done on a work order; a retry with the same key claims once.
    pub async fn submit_warranty_claim(
        &self,
        caller: &Caller,
        work_order: String,
        note: String,
        key: Fingerprint,
    ) -> Result<WorkOrder> {
        let (now, by) = (secs(self.now()), caller.actor());
        self.store
            .write(move |tx| {
                if requests::replayed(tx, &key)?.is_none() {
                    let id = submit(tx, &work_order, &note, &by, now)?;
                    requests::record(tx, &key, id, now)?;
                }
                load(tx, &work_order)
            })
            .await
    }

    /// Records the carmaker's decision on a claim, or its payment.
    pub async fn decide_warranty_claim(
        &self,
        caller: &Caller,
        id: i64,
        decision: ClaimDecision,
    ) -> Result<WarrantyClaim> {
        let (now, by) = (secs(self.now()), caller.actor());
        self.store.write(move |tx| decide(tx, id, decision, &by, now)).await
    }
}
