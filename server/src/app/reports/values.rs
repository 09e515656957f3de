//! What the cars handed back were worth (产值): the average value of a repair and of an
//! insurance repair per car, from each work order's settlement, and the share of
//! warranty claims the carmaker approved.

use std::collections::BTreeMap;

use rusqlite::Connection;

use crate::app::settlements::figured;
use crate::app::work_orders::load;
use crate::domain::Result;
use crate::domain::report::{CarValue, Ratio};
use crate::domain::workorder::{ClaimState, Fen, PayType};
use crate::store::kpis::{self, Scope};
use crate::store::warranty_claims;

/// The value figures of a range.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct Values {
    /// Repairs handed back and their value.
    pub repair: CarValue,
    /// Repairs with an insurance line and their value.
    pub insurance: CarValue,
    /// Claims approved (or paid) over claims decided.
    pub warranty: Ratio,
}

/// The settled value of the visits delivered in the range; a visit without a
/// settlement counts as worth nothing. Warranty claims for the whole store only.
pub(super) fn of(conn: &Connection, s: Scope<'_>, repairs: &[String]) -> Result<Values> {
    let mut values = Values::default();
    for (work_order, service) in kpis::delivered(conn, s)? {
        let wo = load(conn, &work_order)?;
        let (total, customer, insured) = match figured(&wo)? {
            Some((settlement, _)) => (
                settlement.due.iter().map(|(_, f)| *f).sum(),
                settlement.due_of(PayType::Customer),
                settlement.due_of(PayType::Insurance).fen() > 0,
            ),
            None => Default::default(),
        };
        if repairs.contains(&service) {
            values.repair.add(total, customer);
        }
        if insured {
            values.insurance.add(total, customer);
        }
    }
    if s.advisor.is_none() {
        let decided = warranty_claims::decided_between(conn, s.start, s.end)?;
        values.warranty = Ratio {
            count: u32::try_from(decided.iter().filter(|c| **c != ClaimState::Rejected).count()).unwrap_or(u32::MAX),
            total: u32::try_from(decided.len()).unwrap_or(u32::MAX),
        };
    }
    Ok(values)
}

/// What each advisor's cars handed back from `start` to `end` (unix seconds, end
/// excluded) were worth (产值): the settlements' value for every payer.
pub(super) fn output_by_advisor(conn: &Connection, start: i64, end: i64) -> Result<BTreeMap<i64, Fen>> {
    let s = Scope { from: "", to: "", start, end, advisor: None };
    let mut output: BTreeMap<i64, Fen> = BTreeMap::new();
    for (work_order, _) in kpis::delivered(conn, s)? {
        let wo = load(conn, &work_order)?;
        let value = figured(&wo)?.map_or(Fen::ZERO, |(settlement, _)| settlement.due.iter().map(|(_, f)| *f).sum());
        let sum = output.entry(wo.visit.advisor_id).or_default();
        *sum = *sum + value;
    }
    Ok(output)
}
