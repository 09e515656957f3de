//! Mainland mobile numbers and their last four digits.

use std::fmt;

use frontdesk_proto::ErrorReason;

use super::error::Invalid;

/// A mainland mobile number: 11 digits starting with 1. Spaces, dashes and a
/// leading `+86` are accepted and removed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    /// Parses `13812345678`, `138 1234 5678` or `+86 138-1234-5678`.
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let compact: String = input.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        let digits = compact.strip_prefix("+86").unwrap_or(&compact);
        let ok = digits.len() == 11 && digits.starts_with('1') && digits.chars().all(|c| c.is_ascii_digit());
        if ok {
            Ok(Self(digits.to_owned()))
        } else {
            Err(Invalid::new(ErrorReason::PhoneInvalid, "a mobile number has 11 digits and starts with 1"))
        }
    }

    /// The 11 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The last four digits.
    pub fn last4(&self) -> PhoneLast4 {
        PhoneLast4(self.0[7..].to_owned())
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The last four digits of a phone, which the kiosk asks for instead of the whole number.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhoneLast4(String);

impl PhoneLast4 {
    /// Parses exactly four digits.
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let input = input.trim();
        if input.len() == 4 && input.chars().all(|c| c.is_ascii_digit()) {
            Ok(Self(input.to_owned()))
        } else {
            Err(Invalid::new(ErrorReason::PhoneLast4Invalid, "enter the last four digits of the phone"))
        }
    }

    /// True when `phone` (a stored full number) ends in these digits.
    pub fn matches(&self, phone: &str) -> bool {
        phone.len() == 11 && phone.ends_with(&self.0)
    }
}

/// Masks a stored phone for the kiosk: `138****5678`. Anything that is not an
/// 11-digit number is masked entirely.
pub fn mask_phone(phone: &str) -> String {
    if phone.len() == 11 && phone.is_ascii() {
        format!("{}****{}", &phone[..3], &phone[7..])
    } else {
        "*".repeat(phone.chars().count().min(11))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobile_numbers_parse_with_common_separators() {
        assert_eq!(Phone::parse("13812345678").unwrap().as_str(), "13812345678");
        assert_eq!(Phone::parse("138 1234 5678").unwrap().as_str(), "13812345678");
        assert_eq!(Phone::parse("+86 138-1234-5678").unwrap().as_str(), "13812345678");
    }

    #[test]
    fn non_mobile_numbers_are_rejected() {
        for bad in ["", "1381234567", "138123456789", "23812345678", "1381234567a", "021-12345678"] {
            assert_eq!(Phone::parse(bad).unwrap_err().reason, ErrorReason::PhoneInvalid, "{bad}");
        }
    }

    #[test]
    fn last4_is_four_digits_and_matches_the_end() {
        let phone = Phone::parse("13812345678").unwrap();
        assert_eq!(phone.last4(), PhoneLast4::parse("5678").unwrap());
        assert!(PhoneLast4::parse("5678").unwrap().matches(phone.as_str()));
        assert!(!PhoneLast4::parse("5679").unwrap().matches(phone.as_str()));
        for bad in ["", "567", "56789", "56a8"] {
            assert_eq!(PhoneLast4::parse(bad).unwrap_err().reason, ErrorReason::PhoneLast4Invalid);
        }
    }

    #[test]
    fn masking_keeps_only_prefix_and_last_four() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("123"), "***");
    }
}
