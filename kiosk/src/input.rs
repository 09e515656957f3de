//! The keypads: a plate keypad like those at Chinese car parks, a digit pad, and the
//! confirmation-code pad. Each keeps its buffer and says whether it holds a valid value.

use frontdesk_server::domain::phone::possible_start;
use frontdesk_server::domain::{ConfirmationCode, Phone, PhoneLast4, Plate};

/// The province characters, in the keypad's order.
pub use frontdesk_server::domain::plate::PROVINCES;

/// The letters of a plate: A–Z without I and O.
pub const PLATE_LETTERS: &str = "ABCDEFGHJKLMNPQRSTUVWXYZ";

/// The characters of a confirmation code.
pub const CODE_CHARS: &str = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// What every pad's entry does, so the controller types into whichever is on show.
pub trait Pad {
    /// Adds a key, if the entry takes it.
    fn key(&mut self, key: &str);
    /// Removes the last character.
    fn back(&mut self);
    /// Forgets the entry.
    fn clear(&mut self);
    /// How many characters are typed.
    fn typed(&self) -> usize;
    /// True when "next" can go on with the entry.
    fn is_valid(&self) -> bool;
    /// True when the entry can hold nothing more, so the kiosk goes on by itself.
    fn is_complete(&self) -> bool;
    /// The plate pad's 新能源 key; other pads have none.
    fn toggle_new_energy(&mut self) {}
}

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

/// Digits being typed, up to a length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigitInput {
    digits: String,
    max: usize,
    /// A mobile number: only digits that can still begin one are taken.
    mobile: bool,
}

impl DigitInput {
    /// A pad for up to `max` digits.
    pub fn new(max: usize) -> Self {
        Self { digits: String::new(), max, mobile: false }
    }

    /// A pad for the last four digits of a phone.
    pub fn last4() -> Self {
        Self::new(4)
    }

    /// A pad for a mobile number: 11 digits, and a key that would make the digits
    /// impossible for a mobile number (a first digit other than 1, a second below 3)
    /// is refused as it is typed, by the server's own rule.
    pub fn mobile() -> Self {
        Self { digits: String::new(), max: 11, mobile: true }
    }

    /// True when the pad takes this key now (the keypad shows the others disabled).
    pub fn accepts(&self, key: &str) -> bool {
        key.len() == 1
            && key.chars().all(|c| c.is_ascii_digit())
            && self.digits.len() < self.max
            && (!self.mobile || possible_start(&format!("{}{key}", self.digits)))
    }

    /// Adds a digit, if the pad takes it.
    pub fn key(&mut self, key: &str) {
        if self.accepts(key) {
            self.digits.push_str(key);
        }
    }

    /// Removes the last digit.
    pub fn back(&mut self) {
        self.digits.pop();
    }

    /// The digits.
    pub fn text(&self) -> &str {
        &self.digits
    }

    /// Forgets the digits.
    pub fn clear(&mut self) {
        self.digits.clear();
    }

    /// True when these are a phone's last four digits.
    pub fn is_last4(&self) -> bool {
        PhoneLast4::parse(&self.digits).is_ok()
    }

    /// True when these are a mobile number.
    pub fn is_phone(&self) -> bool {
        Phone::parse(&self.digits).is_ok()
    }

    /// The phone shown while typing: `138 1234 5678`.
    pub fn spaced(&self) -> String {
        let mut out = String::new();
        for (i, c) in self.digits.chars().enumerate() {
            if i == 3 || i == 7 {
                out.push(' ');
            }
            out.push(c);
        }
        out
    }
}

impl Pad for DigitInput {
    fn key(&mut self, key: &str) {
        DigitInput::key(self, key);
    }
    fn back(&mut self) {
        DigitInput::back(self);
    }
    fn clear(&mut self) {
        DigitInput::clear(self);
    }
    fn typed(&self) -> usize {
        self.digits.len()
    }
    /// A mobile number when it is one; other digits when all are there (the last four).
    fn is_valid(&self) -> bool {
        if self.mobile { self.is_phone() } else { self.digits.len() == self.max }
    }
    fn is_complete(&self) -> bool {
        Pad::is_valid(self)
    }
}

/// A confirmation code being typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeInput(String);

impl CodeInput {
    /// Adds a character of the code alphabet, at most six.
    pub fn key(&mut self, key: &str) {
        let k = key.to_ascii_uppercase();
        if k.len() == 1 && CODE_CHARS.contains(k.as_str()) && self.0.len() < 6 {
            self.0.push_str(&k);
        }
    }

    /// Removes the last character.
    pub fn back(&mut self) {
        self.0.pop();
    }

    /// The code.
    pub fn text(&self) -> &str {
        &self.0
    }

    /// True when complete.
    pub fn is_valid(&self) -> bool {
        ConfirmationCode::parse(&self.0).is_ok()
    }

    /// Forgets the code.
    pub fn clear(&mut self) {
        self.0.clear();
    }
}

impl Pad for CodeInput {
    fn key(&mut self, key: &str) {
        CodeInput::key(self, key);
    }
    fn back(&mut self) {
        CodeInput::back(self);
    }
    fn clear(&mut self) {
        CodeInput::clear(self);
    }
    fn typed(&self) -> usize {
        self.0.len()
    }
    fn is_valid(&self) -> bool {
        CodeInput::is_valid(self)
    }
    fn is_complete(&self) -> bool {
        CodeInput::is_valid(self)
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

    #[test]
    fn digit_pads_cap_and_validate() {
        let mut d = DigitInput::new(11);
        for k in "138123456789".chars() {
            d.key(&k.to_string());
        }
        assert_eq!(d.text(), "13812345678");
        assert!(d.is_phone());
        assert_eq!(d.spaced(), "138 1234 5678");
        let mut l = DigitInput::new(4);
        for k in ["5", "x", "6", "7", "8", "9"] {
            l.key(k);
        }
        assert_eq!(l.text(), "5678");
        assert!(l.is_last4());
    }

    #[test]
    fn the_phone_pad_refuses_digits_no_mobile_number_starts_with() {
        let mut d = DigitInput::mobile();
        assert!(!d.accepts("2") && d.accepts("1"));
        d.key("1");
        for refused in ["0", "1", "2"] {
            d.key(refused);
            assert_eq!(d.text(), "1", "1{refused}… is no mobile prefix (12345678901, 10000000000)");
        }
        assert!(["3", "9"].iter().all(|k| d.accepts(k)));
        for k in "9912345678".chars() {
            d.key(&k.to_string());
        }
        assert!(d.is_phone());
        assert!(!d.accepts("0"), "eleven digits at most");
    }

    #[test]
    fn codes_use_the_unambiguous_alphabet() {
        let mut c = CodeInput::default();
        for k in ["k", "0", "7", "M", "1", "3", "Q", "X", "Z"] {
            c.key(k);
        }
        assert_eq!(c.text(), "K7M3QX");
        assert!(c.is_valid());
    }
}
