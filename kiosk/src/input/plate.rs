//! The plate pad: a province first, then letters (no I/O) and digits; 7 characters,
//! or 8 for a new-energy plate.

use frontdesk_domain::Plate;

use super::pad::Pad;

/// The province characters, in the keypad's order.
pub use frontdesk_domain::plate::PROVINCES;

/// The letters of a plate: A–Z without I and O.
pub const PLATE_LETTERS: &str = "ABCDEFGHJKLMNPQRSTUVWXYZ";

/// What a plate entry holds so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlateState {
    /// Nothing yet: show the province grid.
    Empty,
    /// Being typed: show letters and digits.
    Typing,
    /// A valid ordinary plate (7 characters).
    Valid,
    /// A valid new-energy plate (8 characters).
    ValidNewEnergy,
}

/// The plate being typed.
///
/// An ordinary plate has 7 characters and a new-energy plate 8, so 7 valid characters
/// may still be the start of a new-energy plate. The entry is complete (and the kiosk
/// goes on by itself) at 7 unless a new-energy plate is expected: when the customer
/// said so with the 新能源 key, or, until they say otherwise, when the third character
/// is D or F, as on the small new-energy plates (京AD12345).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlateInput {
    text: String,
    /// The customer's word on a new-energy plate (the 新能源 key); `None` goes by the
    /// third character.
    new_energy: Option<bool>,
}

impl PlateInput {
    /// Adds a key: a province first, then letters (no I/O) and digits, at most 8 characters.
    pub fn key(&mut self, key: &str) {
        let Some(c) = key.chars().next() else { return };
        let len = self.text.chars().count();
        let fits = match len {
            0 => PROVINCES.contains(c),
            1 => PLATE_LETTERS.contains(c),
            2..=7 => PLATE_LETTERS.contains(c) || c.is_ascii_digit(),
            _ => false,
        };
        if fits {
            self.text.push(c);
        }
    }

    /// Removes the last character.
    pub fn back(&mut self) {
        self.text.pop();
    }

    /// The characters typed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Where the entry stands.
    pub fn state(&self) -> PlateState {
        match Plate::parse(&self.text) {
            Ok(p) if p.is_new_energy() => PlateState::ValidNewEnergy,
            Ok(_) => PlateState::Valid,
            Err(_) if self.text.is_empty() => PlateState::Empty,
            Err(_) => PlateState::Typing,
        }
    }

    /// True when the plate is valid (it may still grow into a new-energy plate).
    pub fn is_valid(&self) -> bool {
        matches!(self.state(), PlateState::Valid | PlateState::ValidNewEnergy)
    }

    /// True when an 8th character is expected: a new-energy plate.
    pub fn expects_new_energy(&self) -> bool {
        self.new_energy.unwrap_or_else(|| matches!(self.text.chars().nth(2), Some('D' | 'F')))
    }

    /// The 新能源 key: expect an 8-character plate, or no longer.
    pub fn toggle_new_energy(&mut self) {
        self.new_energy = Some(!self.expects_new_energy());
    }

    /// True when the plate is valid and nothing more is expected, so the kiosk goes on.
    pub fn is_complete(&self) -> bool {
        match self.state() {
            PlateState::ValidNewEnergy => true,
            PlateState::Valid => !self.expects_new_energy(),
            _ => false,
        }
    }

    /// Forgets the plate.
    pub fn clear(&mut self) {
        *self = Self::default();
    }
}

impl Pad for PlateInput {
    fn key(&mut self, key: &str) {
        PlateInput::key(self, key);
    }
    fn back(&mut self) {
        PlateInput::back(self);
    }
    fn clear(&mut self) {
        PlateInput::clear(self);
    }
    fn typed(&self) -> usize {
        self.text.chars().count()
    }
    fn is_valid(&self) -> bool {
        PlateInput::is_valid(self)
    }
    fn is_complete(&self) -> bool {
        PlateInput::is_complete(self)
    }
    fn toggle_new_energy(&mut self) {
        PlateInput::toggle_new_energy(self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plate_pad_takes_a_province_then_letters_and_digits() {
        let mut p = PlateInput::default();
        assert_eq!(p.state(), PlateState::Empty);
        p.key("A");
        assert_eq!(p.text(), "", "a plate starts with a province");
        for k in ["沪", "沪", "I", "A", "1", "2", "3", "4", "5"] {
            p.key(k);
        }
        assert_eq!(p.text(), "沪A12345");
        assert_eq!(p.state(), PlateState::Valid);
        p.key("F");
        assert_eq!(p.state(), PlateState::ValidNewEnergy);
        p.key("9");
        assert_eq!(p.text().chars().count(), 8, "at most eight characters");
        p.back();
        p.back();
        assert_eq!(p.state(), PlateState::Typing);
    }

    #[test]
    fn a_plate_is_complete_at_seven_unless_a_new_energy_plate_is_expected() {
        let typed = |keys: &str| {
            let mut p = PlateInput::default();
            for k in keys.chars() {
                p.key(&k.to_string());
            }
            p
        };
        assert!(typed("沪A12345").is_complete(), "an ordinary plate goes on at 7");
        assert!(!typed("沪A1234").is_complete());
        let small = typed("京AD1234");
        assert!(small.is_valid() && !small.is_complete(), "D third: a new-energy plate is expected");
        assert!(typed("京AD12345").is_complete());
        let mut large = typed("粤B1234");
        large.toggle_new_energy();
        large.key("5");
        assert!(large.is_valid() && !large.is_complete(), "新能源 pressed: 8 characters");
        large.key("F");
        assert!(large.is_complete());
        let mut ordinary = typed("沪AF1234");
        ordinary.toggle_new_energy();
        assert!(ordinary.is_complete(), "新能源 pressed again: an ordinary plate with F third");
    }
}
