//! 查询维修进度: plate → last four digits → the car's open visit as a step indicator.

use super::calls::Reply;
use super::clock::Clock;
use super::entry::Entry;
use super::failure::Failure;
use super::lookup::{CarEntry, CarStep, repair_progress};
use super::outcome::Outcome;
use super::screens::{Flow, Screen};
use super::state::FlowState;
use super::steps::{Next, Steps};
use crate::input::Pad;

/// A look at a car's repair.
#[derive(Debug, Clone)]
pub struct ProgressFlow {
    car: CarEntry,
    steps: Steps<CarStep>,
}

impl ProgressFlow {
    /// At the plate pad.
    pub fn new() -> Self {
        Self { car: CarEntry::default(), steps: Steps::first(CarStep::Plate) }
    }
}

impl FlowState for ProgressFlow {
    fn flow(&self) -> Flow {
        Flow::MyCar
    }

    fn screen(&self) -> Screen {
        self.steps.screen(|s| s.screen())
    }

    fn entries(&self) -> Vec<Entry<'_>> {
        self.car.entries()
    }

    fn entry(&self) -> Option<Entry<'_>> {
        Some(self.car.entry(*self.steps.now()))
    }

    fn pad(&mut self) -> Option<&mut dyn Pad> {
        Some(self.car.pad(*self.steps.now()))
    }

    fn proceed(&mut self, _clock: &Clock) -> Next {
        match self.steps.now() {
            CarStep::Plate => {
                self.steps.go(CarStep::Last4);
                Next::Stay
            }
            CarStep::Last4 => self.steps.wait(self.car.identify()),
        }
    }

    fn receive(&mut self, reply: Reply, _clock: &Clock) -> Next {
        match reply {
            Reply::Identified(found) => match repair_progress(found.as_ref(), &mut None) {
                Some(progress) => Next::Done(Outcome::Progress(progress)),
                None if found.is_none() => self.steps.fail(Failure::NoMatch),
                None => self.steps.fail(Failure::NoOpenVisit),
            },
            Reply::Failed(failure) => self.steps.fail(failure),
            _ => Next::Stay,
        }
    }

    fn back(&mut self) -> bool {
        self.steps.back()
    }

    fn failure(&self) -> Option<Failure> {
        self.steps.failure()
    }
}
