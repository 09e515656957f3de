//! The home screen's adapter: a button starts a flow.

use std::rc::Rc;

use slint::ComponentHandle;

use super::context::Context;
use crate::flow::Flow;
use crate::slint_generated::{Flow as UiFlow, HomeAdapter, KioskWindow};

fn flow(ui: UiFlow) -> Option<Flow> {
    Some(match ui {
        UiFlow::Appointment => Flow::Appointment,
        UiFlow::AppointmentByCode => Flow::AppointmentByCode,
        UiFlow::WalkIn => Flow::WalkIn,
        UiFlow::Booking => Flow::Booking,
        UiFlow::MyCar => Flow::MyCar,
        UiFlow::Cancel => Flow::Cancel,
        UiFlow::CancelByPlate => Flow::CancelByPlate,
        UiFlow::None => return None,
    })
}

/// Wires the home screen's buttons.
pub fn connect(window: &KioskWindow, ctx: &Rc<Context>) {
    let c = ctx.clone();
    window.global::<HomeAdapter>().on_start(move |ui| {
        if let Some(flow) = flow(ui) {
            c.act(|k| k.start(flow));
        }
    });
}
