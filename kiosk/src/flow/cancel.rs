//! 取消预约: the booking code and the last four digits show the booking, which is
//! cancelled only when confirmed. A customer who lost the code finds the car's
//! bookings by plate and the last four digits instead, and chooses one.

use super::calls::{Call, Reply};
use super::clock::Clock;
use super::entry::Entry;
use super::failure::Failure;
use super::lookup::{CarEntry, CarStep};
use super::outcome::Outcome;
use super::screens::{Flow, Screen};
use super::state::FlowState;
use super::steps::{Next, Steps};
use crate::input::{CodeInput, DigitInput, Pad};
use crate::views::{AppointmentView, IdentifiedView};

/// 取消预约, by code or by plate.
#[derive(Debug, Clone)]
pub enum CancelFlow {
    /// With the booking code.
    ByCode(CodeCancel),
    /// With the plate, the code lost.
    ByPlate(PlateCancel),
}

impl CancelFlow {
    /// "Lost the code?" on the code screen: find the booking by plate instead.
    pub fn forgot_code(&mut self) {
        if let CancelFlow::ByCode(by_code) = self
            && by_code.steps.open() == Some(&CodeStep::Code)
        {
            *self = CancelFlow::ByPlate(PlateCancel::new());
        }
    }

    /// "Back"; from the plate pad of a lost code, to the code pad again.
    pub fn back(&mut self) -> bool {
        match self {
            CancelFlow::ByCode(by_code) => by_code.back(),
            CancelFlow::ByPlate(by_plate) => {
                if !by_plate.back() {
                    *self = CancelFlow::ByCode(CodeCancel::new());
                }
                true
            }
        }
    }

    /// The appointment about to be cancelled.
    pub fn cancelling(&self) -> Option<&AppointmentView> {
        match self {
            CancelFlow::ByCode(CodeCancel { steps, .. }) => match steps.now() {
                CodeStep::Confirm(a) => Some(a),
                _ => None,
            },
            CancelFlow::ByPlate(PlateCancel { steps, .. }) => match steps.now() {
                PlateStep::Confirm(a) => Some(a),
                _ => None,
            },
        }
    }

    /// The car found by plate, while the customer chooses which booking to cancel.
    pub fn identified(&self) -> Option<&IdentifiedView> {
        match self {
            CancelFlow::ByPlate(PlateCancel { steps, .. }) => match steps.now() {
                PlateStep::Choose(found) => Some(found),
                _ => None,
            },
            CancelFlow::ByCode(_) => None,
        }
    }
}

/// The cancellation of this appointment, proved by the last four digits.
fn cancel(appointment: &AppointmentView, last4: &DigitInput) -> Call {
    Call::Cancel { code: appointment.code.clone(), last4: last4.text().to_owned(), confirm: true }
}

/// A step of the cancel by code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeStep {
    /// The code pad.
    Code,
    /// The digits pad.
    Last4,
    /// The booking, to confirm.
    Confirm(AppointmentView),
}

/// A cancel by booking code.
#[derive(Debug, Clone)]
pub struct CodeCancel {
    code: CodeInput,
    last4: DigitInput,
    steps: Steps<CodeStep>,
}

impl CodeCancel {
    /// At the code pad.
    pub fn new() -> Self {
        Self { code: CodeInput::default(), last4: DigitInput::last4(), steps: Steps::first(CodeStep::Code) }
    }
}

impl FlowState for CodeCancel {
    fn flow(&self) -> Flow {
        Flow::Cancel
    }

    fn screen(&self) -> Screen {
        self.steps.screen(|step| match step {
            CodeStep::Code => Screen::Code,
            CodeStep::Last4 => Screen::Last4,
            CodeStep::Confirm(_) => Screen::ConfirmCancel,
        })
    }

    fn entries(&self) -> Vec<Entry<'_>> {
        vec![Entry::Code(&self.code), Entry::Last4(&self.last4)]
    }

    fn entry(&self) -> Option<Entry<'_>> {
        match self.steps.now() {
            CodeStep::Code => Some(Entry::Code(&self.code)),
            CodeStep::Last4 => Some(Entry::Last4(&self.last4)),
            CodeStep::Confirm(_) => None,
        }
    }

    fn pad(&mut self) -> Option<&mut dyn Pad> {
        match self.steps.now() {
            CodeStep::Code => Some(&mut self.code),
            CodeStep::Last4 => Some(&mut self.last4),
            CodeStep::Confirm(_) => None,
        }
    }

    fn proceed(&mut self, _clock: &Clock) -> Next {
        match self.steps.now() {
            CodeStep::Code => {
                self.steps.go(CodeStep::Last4);
                Next::Stay
            }
            // First only a look at what would be cancelled.
            CodeStep::Last4 => {
                let (code, last4) = (self.code.text().to_owned(), self.last4.text().to_owned());
                self.steps.wait(Call::Cancel { code, last4, confirm: false })
            }
            CodeStep::Confirm(appointment) => {
                let call = cancel(appointment, &self.last4);
                self.steps.wait(call)
            }
        }
    }

    fn receive(&mut self, reply: Reply, _clock: &Clock) -> Next {
        match reply {
            Reply::CancelPreview(appointment) => {
                self.steps.go(CodeStep::Confirm(appointment));
                Next::Stay
            }
            Reply::Cancelled(appointment) => Next::Done(Outcome::Cancelled(appointment)),
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

/// A step of the cancel by plate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlateStep {
    /// The plate or the digits pad.
    Car(CarStep),
    /// The car's bookings, to choose one.
    Choose(IdentifiedView),
    /// The booking, to confirm.
    Confirm(AppointmentView),
}

/// A cancel by plate, the code lost.
#[derive(Debug, Clone)]
pub struct PlateCancel {
    car: CarEntry,
    steps: Steps<PlateStep>,
}

impl PlateCancel {
    /// At the plate pad.
    pub fn new() -> Self {
        Self { car: CarEntry::default(), steps: Steps::first(PlateStep::Car(CarStep::Plate)) }
    }

    /// One of the car's bookings chosen (index into those found).
    pub fn choose_appointment(&mut self, index: usize) {
        let Some(PlateStep::Choose(found)) = self.steps.open() else { return };
        if let Some(appointment) = found.appointments.get(index).cloned() {
            self.steps.go(PlateStep::Confirm(appointment));
        }
    }

    /// The car's bookings: one is shown at once, several to choose from.
    fn identified(&mut self, found: Option<IdentifiedView>) -> Next {
        let Some(found) = found else { return self.steps.fail(Failure::NoMatch) };
        match &found.appointments[..] {
            [] => return self.steps.fail(Failure::NoBookedAppointment),
            [only] => self.steps.go(PlateStep::Confirm(only.clone())),
            _ => self.steps.go(PlateStep::Choose(found)),
        }
        Next::Stay
    }
}

impl FlowState for PlateCancel {
    fn flow(&self) -> Flow {
        Flow::CancelByPlate
    }

    fn screen(&self) -> Screen {
        self.steps.screen(|step| match step {
            PlateStep::Car(car) => car.screen(),
            PlateStep::Choose(_) => Screen::ChooseAppointment,
            PlateStep::Confirm(_) => Screen::ConfirmCancel,
        })
    }

    fn entries(&self) -> Vec<Entry<'_>> {
        self.car.entries()
    }

    fn entry(&self) -> Option<Entry<'_>> {
        match self.steps.now() {
            PlateStep::Car(step) => Some(self.car.entry(*step)),
            _ => None,
        }
    }

    fn pad(&mut self) -> Option<&mut dyn Pad> {
        match self.steps.now() {
            PlateStep::Car(step) => Some(self.car.pad(*step)),
            _ => None,
        }
    }

    fn proceed(&mut self, _clock: &Clock) -> Next {
        match self.steps.now() {
            PlateStep::Car(CarStep::Plate) => {
                self.steps.go(PlateStep::Car(CarStep::Last4));
                Next::Stay
            }
            PlateStep::Car(CarStep::Last4) => self.steps.wait(self.car.identify()),
            PlateStep::Choose(_) => Next::Stay,
            PlateStep::Confirm(appointment) => {
                let call = cancel(appointment, &self.car.last4);
                self.steps.wait(call)
            }
        }
    }

    fn receive(&mut self, reply: Reply, _clock: &Clock) -> Next {
        match reply {
            Reply::Identified(found) => self.identified(found),
            Reply::Cancelled(appointment) => Next::Done(Outcome::Cancelled(appointment)),
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
