//! What the flows that look a car up share: the plate and the phone's last four digits
//! (the customer's proof), and what a lookup shows of a car in the workshop.

use super::calls::Call;
use super::entry::Entry;
use super::screens::Screen;
use crate::input::{DigitInput, Pad, PlateInput};
use crate::views::{IdentifiedView, ProgressView};

/// A car and the last four digits of its owner's phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarEntry {
    /// The plate.
    pub plate: PlateInput,
    /// The last four digits.
    pub last4: DigitInput,
}

impl Default for CarEntry {
    fn default() -> Self {
        Self { plate: PlateInput::default(), last4: DigitInput::last4() }
    }
}

/// The two steps of entering a car: the plate, then the digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CarStep {
    /// The plate pad.
    Plate,
    /// The digits pad.
    Last4,
}

impl CarStep {
    /// Its screen.
    pub fn screen(self) -> Screen {
        match self {
            CarStep::Plate => Screen::Plate,
            CarStep::Last4 => Screen::Last4,
        }
    }
}

impl CarEntry {
    /// The lookup of this car with these digits.
    pub fn identify(&self) -> Call {
        Call::Identify { plate: self.plate.text().to_owned(), last4: self.last4.text().to_owned() }
    }

    /// The entry of a step.
    pub fn entry(&self, step: CarStep) -> Entry<'_> {
        match step {
            CarStep::Plate => Entry::Plate(&self.plate),
            CarStep::Last4 => Entry::Last4(&self.last4),
        }
    }

    /// The pad of a step.
    pub fn pad(&mut self, step: CarStep) -> &mut dyn Pad {
        match step {
            CarStep::Plate => &mut self.plate,
            CarStep::Last4 => &mut self.last4,
        }
    }

    /// Both entries.
    pub fn entries(&self) -> Vec<Entry<'_>> {
        vec![Entry::Plate(&self.plate), Entry::Last4(&self.last4)]
    }
}

/// The repair progress a lookup shows: the open visit it found, else what a refused
/// check-in told of the car (kept while the lookup added the time of each stage).
pub fn repair_progress(found: Option<&IdentifiedView>, told: &mut Option<ProgressView>) -> Option<ProgressView> {
    found.and_then(|f| f.progress.clone()).or_else(|| told.take())
}
