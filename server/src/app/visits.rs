//! Visits: repair progress from reception to handover.

use crate::domain::ErrorReason;
use chrono::{DateTime, NaiveDate, Utc};

use super::App;
use crate::domain::visit::next_maintenance_due;
use crate::domain::{Caller, Error, Page, Result, VisitStage, paging};
use crate::store::visits::{self, Filter, VisitRow};
use crate::store::{customers, estimates, secs};

/// A change of stage.
#[derive(Debug, Clone)]
pub struct StageUpdate {
    /// The stage to move to.
    pub stage: VisitStage,
    /// For WAITING_PARTS: when the parts come.
    pub parts_expected: Option<NaiveDate>,
    /// A new promise.
    pub promised_ready: Option<DateTime<Utc>>,
    /// A note.
    pub note: String,
}

/// What a stage update may carry: an expected parts date only when waiting for parts,
/// not in the past; a new promise only in the future.
fn check_stage_update(u: &StageUpdate, now: DateTime<Utc>, today: NaiveDate) -> Result<()> {
    let invalid = |field: &str, why: &str| {
        Err(Error::invalid(field, crate::domain::Invalid::new(ErrorReason::FieldInvalid, why.to_owned())))
    };
    match u.parts_expected {
        Some(_) if u.stage != VisitStage::WaitingParts => {
            return invalid("parts_expected_date", "an expected parts date goes with WAITING_PARTS only");
        }
        Some(date) if date < today => return invalid("parts_expected_date", "the parts date lies in the past"),
        _ => {}
    }
    if u.promised_ready.is_some_and(|promise| promise <= now) {
        return invalid("promised_ready_time", "the promised time must lie in the future");
    }
    Ok(())
}

use super::work_orders::visit;

impl App {
    /// One visit.
    pub async fn visit(&self, work_order: String) -> Result<VisitRow> {
        self.store.read(move |conn| visit(conn, &work_order)).await
    }

    /// Visits matching a filter, newest first.
    pub async fn visits(&self, filter: Filter, page: Page) -> Result<(Vec<VisitRow>, String)> {
        self.store
            .read(move |conn| Ok(paging::cut(page, visits::list(conn, &filter, page.offset, page.probe())?)))
            .await
    }

    /// Moves a visit to its next stage (not DELIVERED; see [`App::deliver`]).
    pub async fn update_stage(&self, caller: &Caller, work_order: String, u: StageUpdate) -> Result<VisitRow> {
        let (now, actor) = (secs(self.now()), caller.actor());
        let today = self.settings.schedule.local_date(self.now());
        check_stage_update(&u, self.now(), today)?;
        self.store
            .write(move |tx| {
                let mut v = visit(tx, &work_order)?;
                if u.stage == VisitStage::Delivered {
                    return Err(Error::refused(
                        ErrorReason::StageTransitionInvalid,
                        "hand the car back with DeliverVehicle",
                    ));
                }
                v.stage = v.stage.move_to(u.stage)?;
                if u.stage == VisitStage::InRepair {
                    crate::domain::workorder::may_start_repair(&estimates::states(tx, v.id)?)?;
                }
                v.parts_expected_date = match (u.stage, u.parts_expected) {
                    (VisitStage::WaitingParts, Some(date)) => Some(date.to_string()),
                    (VisitStage::WaitingParts, None) if let Some(date) = super::parts::latest_open(tx, v.id)? => {
                        Some(date.to_string())
                    }
                    (VisitStage::WaitingParts, None) => {
                        return Err(Error::invalid(
                            "parts_expected_date",
                            crate::domain::Invalid::new(ErrorReason::FieldRequired, "say when the parts are expected"),
                        ));
                    }
                    _ => None,
                };
                if let Some(promise) = u.promised_ready {
                    v.promised_ready_at = secs(promise);
                }
                visits::update(tx, &v, now)?;
                visits::add_stage(tx, v.id, v.stage, now, &actor, &u.note)?;
                visit(tx, &work_order)
            })
            .await
    }

    /// Hands the car back: the visit closes, follow-up #1 opens (due 3 to 7 days
    /// later), and for a maintenance visit the vehicle's next maintenance due date
    /// moves by its interval.
    pub async fn deliver(&self, caller: &Caller, work_order: String, note: String) -> Result<VisitRow> {
        let (now, actor) = (self.now(), caller.actor());
        let today = self.settings.schedule.local_date(now);
        let default_interval = self.settings.default_maintenance_interval_days;
        self.store
            .write(move |tx| {
                let mut v = visit(tx, &work_order)?;
                v.stage = v.stage.move_to(VisitStage::Delivered)?;
                super::settlements::check_delivery(tx, &work_order)?;
                v.delivered_at = Some(secs(now));
                v.parts_expected_date = None;
                visits::update(tx, &v, secs(now))?;
                visits::add_stage(tx, v.id, VisitStage::Delivered, secs(now), &actor, &note)?;
                if let Some(mut vehicle) = customers::vehicle_by_plate(tx, &v.plate)?
                    && let Some(due) = next_maintenance_due(
                        &v.service_code,
                        today,
                        u32::try_from(vehicle.maintenance_interval_days).unwrap_or(0),
                        default_interval,
                    )
                {
                    vehicle.next_maintenance_due = Some(due.to_string());
                    customers::update_vehicle(tx, &vehicle, secs(now))?;
                }
                super::followup::open_first(tx, &v, today, secs(now))?;
                visit(tx, &work_order)
            })
            .await
    }
}
