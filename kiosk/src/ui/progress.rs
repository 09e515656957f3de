//! The repair progress's adapter: which car, the steps of the repair in the desk's
//! words with the time each was reached, and when the car is promised.

use chrono::NaiveDate;
use slint::{ComponentHandle, VecModel};

use super::context::Shared;
use super::words::{day_label, when};
use crate::flow::Controller;
use crate::slint_generated::{KioskWindow, ProgressAdapter, StageItem};
use crate::views::ProgressView;

/// Sets the repair progress on show, or clears it.
pub fn show(window: &KioskWindow, shared: &Shared) {
    let (c, en) = (&shared.controller, shared.english);
    let s = window.global::<ProgressAdapter>();
    let progress = c.progress();
    s.set_stages(VecModel::from_slice(&progress.map(|p| stage_items(p, c, en)).unwrap_or_default()));
    s.set_promised(progress.and_then(|p| p.promised).map(|t| when(c, t, en)).unwrap_or_default().into());
    let parts =
        progress.and_then(|p| p.parts_date.as_deref()).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    s.set_parts_date(parts.map(|d| day_label(d, en)).unwrap_or_default().into());
    s.set_plate(progress.map(|p| p.masked_plate.clone()).unwrap_or_default().into());
    s.set_model(progress.map(|p| p.vehicle_model.clone()).unwrap_or_default().into());
}

/// The steps of a repair as the customer sees them: those behind the current one are
/// done (待料 only if the car waited for parts and went on; a car back in repair after
/// its parts came, or sent back for rework, has the later steps ahead again), with the
/// time each was reached.
fn stage_items(p: &ProgressView, c: &Controller, en: bool) -> Vec<StageItem> {
    const WAITING_PARTS: usize = 2;
    (0..6)
        .filter(|&i| {
            // 待料 shows while waiting, and behind the car once it went on from there.
            i != WAITING_PARTS || i == p.stage || (p.stage > i && p.reached.get(i).copied().flatten().is_some())
        })
        .map(|i| {
            let reached = p.reached.get(i).copied().flatten().filter(|_| i <= p.stage);
            StageItem {
                stage: i as i32,
                time: reached.map(|t| when(c, t, en)).unwrap_or_default().into(),
                done: i < p.stage,
                current: i == p.stage,
            }
        })
        .collect()
}
