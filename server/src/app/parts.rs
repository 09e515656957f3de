//! Parts back-orders: ordering a part line from the supplier, its arrival at the parts
//! desk, and the lists of parts overdue or arrived and not fitted. A visit waiting for
//! parts shows the latest open order's date.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::App;
use super::work_orders::load;
use crate::domain::records::{Fingerprint, PartOrder, WorkOrder};
use crate::domain::workorder::{self, PartOrderState, check_open};
use crate::domain::{Caller, Error, ErrorReason, Page, Result, VisitStage};
use crate::store::{estimates, part_orders, requests, secs, visits};

/// A part line to order.
#[derive(Debug, Clone)]
pub struct NewPartOrder {
    /// The part line.
    pub line_id: i64,
    /// The supplier.
    pub supplier: String,
    /// The date the supplier expects to deliver.
    pub expected: NaiveDate,
}

/// Which orders a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartsView {
    /// Not arrived yet.
    Open,
    /// Not arrived and past their date.
    Overdue,
    /// Arrived and not fitted after `workorder.unfitted_after_days`.
    ArrivedNotFitted,
    /// Not arrived, or arrived and not fitted.
    Unsettled,
}

/// The latest date of a visit's open orders, for a visit moved to WAITING_PARTS without one.
pub(crate) fn latest_open(conn: &Connection, visit_id: i64) -> Result<Option<NaiveDate>> {
    let orders = part_orders::of_visit(conn, visit_id)?;
    Ok(workorder::waiting_until(orders.iter().filter(|o| o.state == PartOrderState::Ordered).map(|o| o.expected_date)))
}

/// A visit waiting for parts shows the latest date of its open orders.
fn follow_orders(conn: &Connection, work_order: &str, now: i64) -> Result<()> {
    let mut visit = super::work_orders::visit(conn, work_order)?;
    if visit.stage != VisitStage::WaitingParts {
        return Ok(());
    }
    if let Some(date) = latest_open(conn, visit.id)? {
        visit.parts_expected_date = Some(date.to_string());
        visits::update(conn, &visit, now)?;
    }
    Ok(())
}

fn order(
    conn: &Connection,
    work_order: &str,
    orders: &[NewPartOrder],
    by: &str,
    now: i64,
    today: NaiveDate,
) -> Result<()> {
    let wo = load(conn, work_order)?;
    check_open(wo.visit.stage, work_order)?;
    for o in orders {
        let line = estimates::line_of_visit(conn, wo.visit.id, o.line_id)?.ok_or_else(|| {
            Error::refused(ErrorReason::EstimateNotFound, format!("{work_order} has no line {}", o.line_id))
        })?;
        let before = wo.part_orders.iter().any(|p| p.line_id == o.line_id);
        workorder::check_order(o.line_id, &line.line, line.state, before, o.expected, today)?;
        part_orders::insert(conn, wo.visit.id, o.line_id, &o.supplier, o.expected, by, now)?;
    }
    follow_orders(conn, work_order, now)
}

fn arrive(conn: &Connection, ids: &[i64], by: &str, now: i64) -> Result<Vec<PartOrder>> {
    let mut arrived = Vec::with_capacity(ids.len());
    for &id in ids {
        let found = part_orders::get(conn, id)?
            .ok_or_else(|| Error::refused(ErrorReason::PartOrderNotFound, format!("no parts order {id}")))?;
        workorder::check_arrival(id, found.state)?;
        part_orders::arrived(conn, id, by, now)?;
        follow_orders(conn, &found.work_order, now)?;
        arrived.push(part_orders::get(conn, id)?.ok_or_else(|| Error::internal("a parts order vanished"))?);
    }
    Ok(arrived)
}

impl App {
    /// Orders part lines of a work order; a retry with the same key orders once.
    pub async fn order_parts(
        &self,
        caller: &Caller,
        work_order: String,
        orders: Vec<NewPartOrder>,
        key: Fingerprint,
    ) -> Result<WorkOrder> {
        let (now, by) = (self.now(), caller.actor());
        let today = self.settings.schedule.local_date(now);
        self.store
            .write(move |tx| {
                if requests::replayed(tx, &key)?.is_none() {
                    order(tx, &work_order, &orders, &by, secs(now), today)?;
                    let visit = load(tx, &work_order)?.visit.id;
                    requests::record(tx, &key, visit, secs(now))?;
                }
                load(tx, &work_order)
            })
            .await
    }

    /// The parts desk records orders arrived.
    pub async fn record_parts_arrival(&self, caller: &Caller, ids: Vec<i64>) -> Result<Vec<PartOrder>> {
        let (now, by) = (secs(self.now()), caller.actor());
        self.store.write(move |tx| arrive(tx, &ids, &by, now)).await
    }

    /// The parts desk's lists, oldest order first, one page.
    pub async fn part_orders(&self, view: PartsView, page: Page) -> Result<(Vec<PartOrder>, String)> {
        let today = self.settings.schedule.local_date(self.now());
        let days = self.settings.unfitted_after_days;
        let zone = self.settings.schedule.zone;
        let arrived_day =
            move |o: &PartOrder| o.arrived_at.map(|at| crate::store::instant(at).with_timezone(&zone).date_naive());
        let all = self.store.read(|conn| Ok(part_orders::unsettled(conn)?)).await?;
        let shown: Vec<PartOrder> = all
            .into_iter()
            .filter(|o| match view {
                PartsView::Unsettled => true,
                PartsView::Open => o.state == PartOrderState::Ordered,
                PartsView::Overdue => workorder::overdue(o.state, o.expected_date, today),
                PartsView::ArrivedNotFitted => workorder::unfitted(arrived_day(o), o.fitted, days, today),
            })
            .skip(page.offset as usize)
            .take(page.probe() as usize)
            .collect();
        Ok(crate::domain::paging::cut(page, shown))
    }
}
