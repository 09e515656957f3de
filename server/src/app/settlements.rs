//! The settlement's use cases: settle the lines done, a supervisor's approval of a
//! discount past the limit, payments, and what the car's handover needs. The figures
//! come from `domain::workorder::settle` each time the work order is read.

use rusqlite::Connection;

use super::App;
use super::work_orders::load;
use crate::domain::records::{Fingerprint, SettlementRecord, WorkOrder};
use crate::domain::workorder::{
    self, DoneLine, Fen, LineState, PaymentMethod, Settlement, SettlementTerms, check_open, check_payment,
};
use crate::domain::{Caller, Error, Result, Role};
use crate::store::{payments, requests, secs, settlements};

/// The work order's lines that `keep` picks, as the settlement takes them.
fn done_lines(wo: &WorkOrder, keep: impl Fn(&crate::domain::records::EstimateLine) -> bool) -> Vec<DoneLine> {
    wo.estimates
        .iter()
        .flat_map(|v| &v.lines)
        .filter(|l| keep(l))
        .map(|l| DoneLine { id: l.id, line: l.line.clone() })
        .collect()
}

/// A work order's settlement as figured from its terms and lines, and whether its
/// discount was approved; `None` until settled.
pub fn figured(wo: &WorkOrder) -> Result<Option<(Settlement, bool)>> {
    let Some(kept) = &wo.settlement else { return Ok(None) };
    let done = done_lines(wo, |l| kept.line_ids.contains(&l.id));
    let settlement = workorder::settle(done, &kept.terms, kept.limit_percent)?;
    Ok(Some((settlement, kept.discount_approved_at.is_some())))
}

/// What `payer` has paid so far.
pub(crate) fn paid_by(wo: &WorkOrder, payer: workorder::PayType) -> Fen {
    wo.payments.iter().filter(|p| p.method.payer() == payer).map(|p| p.amount).sum()
}

/// What the customer has paid.
pub fn customer_paid(wo: &WorkOrder) -> Fen {
    paid_by(wo, workorder::PayType::Customer)
}

/// The car leaves only settled and paid (`domain::workorder::may_deliver`).
pub(crate) fn check_delivery(conn: &Connection, work_order: &str) -> Result<()> {
    let wo = load(conn, work_order)?;
    let figured = figured(&wo)?;
    workorder::may_deliver(figured.as_ref().map(|(s, approved)| (s, *approved)), customer_paid(&wo))
}

fn settle(conn: &Connection, work_order: &str, terms: SettlementTerms, limit: u8, by: String, now: i64) -> Result<()> {
    let wo = load(conn, work_order)?;
    check_open(wo.visit.stage, work_order)?;
    workorder::may_settle_again(wo.payments.len())?;
    let done = done_lines(&wo, |l| l.state == LineState::Done);
    let line_ids = done.iter().map(|d| d.id).collect();
    // Checks the terms against the lines before anything is written.
    workorder::settle(done, &terms, limit)?;
    let record = SettlementRecord {
        terms,
        line_ids,
        limit_percent: limit,
        settled_by: by,
        settled_at: now,
        discount_approved_by: String::new(),
        discount_approved_at: None,
        discount_note: String::new(),
    };
    settlements::put(conn, wo.visit.id, &record).map_err(Error::from)
}

/// A payment as the desk records it.
#[derive(Debug, Clone)]
pub struct NewPayment {
    /// How.
    pub method: PaymentMethod,
    /// How much.
    pub amount: Fen,
    /// The receipt, transaction or claim number.
    pub reference: String,
}

fn pay(conn: &Connection, caller: &Caller, work_order: &str, p: &NewPayment, now: i64) -> Result<i64> {
    let wo = load(conn, work_order)?;
    check_open(wo.visit.stage, work_order)?;
    let (settlement, approved) = workorder::settled(figured(&wo)?, work_order)?;
    let paid = paid_by(&wo, p.method.payer());
    check_payment(&settlement, approved, p.method, p.amount, paid, caller.role == Role::Supervisor)?;
    Ok(payments::insert(conn, wo.visit.id, p.method, p.amount, &p.reference, &caller.actor(), now)?)
}

impl App {
    /// Settles the lines done on the given terms (again, until the first payment).
    pub async fn settle(&self, caller: &Caller, work_order: String, terms: SettlementTerms) -> Result<WorkOrder> {
        let (now, by, limit) = (secs(self.now()), caller.actor(), self.settings.discount_limit_percent);
        self.store
            .write(move |tx| {
                settle(tx, &work_order, terms, limit, by, now)?;
                load(tx, &work_order)
            })
            .await
    }

    /// A supervisor approves the settlement's discount.
    pub async fn approve_discount(&self, caller: &Caller, work_order: String, note: String) -> Result<WorkOrder> {
        let (now, by) = (secs(self.now()), caller.actor());
        self.store
            .write(move |tx| {
                let wo = load(tx, &work_order)?;
                check_open(wo.visit.stage, &work_order)?;
                workorder::settled(wo.settlement.as_ref().map(|s| (s, false)), &work_order)?;
                settlements::approve_discount(tx, wo.visit.id, &by, now, &note)?;
                load(tx, &work_order)
            })
            .await
    }

    /// Records a payment; a retry with the same key records it once.
    pub async fn record_payment(
        &self,
        caller: &Caller,
        work_order: String,
        payment: NewPayment,
        key: Fingerprint,
    ) -> Result<WorkOrder> {
        let (now, caller) = (secs(self.now()), caller.clone());
        self.store
            .write(move |tx| {
                if requests::replayed(tx, &key)?.is_none() {
                    let id = pay(tx, &caller, &work_order, &payment, now)?;
                    requests::record(tx, &key, id, now)?;
                }
                load(tx, &work_order)
            })
            .await
    }
}
