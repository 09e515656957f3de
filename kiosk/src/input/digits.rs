//! The digit pads: the last four digits of a phone, and a mobile number, which refuses
//! as they are typed the digits no mobile number starts with.

use frontdesk_domain::phone::possible_start;
use frontdesk_domain::{Phone, PhoneLast4};

use super::pad::Pad;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
