//! The booking-code pad: six characters of the unambiguous alphabet.

use frontdesk_domain::ConfirmationCode;

use super::pad::Pad;

/// The characters of a confirmation code.
pub const CODE_CHARS: &str = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

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
    fn codes_use_the_unambiguous_alphabet() {
        let mut c = CodeInput::default();
        for k in ["k", "0", "7", "M", "1", "3", "Q", "X", "Z"] {
            c.key(k);
        }
        assert_eq!(c.text(), "K7M3QX");
        assert!(c.is_valid());
    }
}
