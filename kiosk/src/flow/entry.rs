//! The entry on show: which pad the customer types on, and what it holds.

use super::screens::Screen;
use crate::input::{CodeInput, DigitInput, Pad, PlateInput};

/// An entry of a flow.
#[derive(Debug, Clone, Copy)]
pub enum Entry<'a> {
    /// The plate.
    Plate(&'a PlateInput),
    /// The phone's last four digits.
    Last4(&'a DigitInput),
    /// The whole mobile number.
    Phone(&'a DigitInput),
    /// A booking's confirmation code.
    Code(&'a CodeInput),
}

impl<'a> Entry<'a> {
    /// The screen of this entry.
    pub fn screen(self) -> Screen {
        match self {
            Entry::Plate(_) => Screen::Plate,
            Entry::Last4(_) => Screen::Last4,
            Entry::Phone(_) => Screen::Phone,
            Entry::Code(_) => Screen::Code,
        }
    }

    /// The pad behind it.
    pub fn pad(self) -> &'a dyn Pad {
        match self {
            Entry::Plate(p) => p,
            Entry::Last4(d) | Entry::Phone(d) => d,
            Entry::Code(c) => c,
        }
    }

    /// What was typed.
    pub fn text(self) -> &'a str {
        match self {
            Entry::Plate(p) => p.text(),
            Entry::Last4(d) | Entry::Phone(d) => d.text(),
            Entry::Code(c) => c.text(),
        }
    }
}
