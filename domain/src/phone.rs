//! Mainland mobile numbers and their last four digits.

use std::fmt;

use crate::ErrorReason;

use super::error::Invalid;

/// A mainland mobile number: 11 digits starting with 13 to 19 (the mobile prefixes
/// in use; 10x, 11x and 12x are not mobile numbers). Spaces, dashes and a leading
/// `+86` are accepted and removed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    /// Parses `13812345678`, `138 1234 5678` or `+86 138-1234-5678`.
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let compact: String = input.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        let digits = compact.strip_prefix("+86").unwrap_or(&compact);
        if digits.is_empty() {
            return Err(Invalid::required("enter the mobile number"));
        }
        if digits.len() == 11 && possible_start(digits) {
            Ok(Self(digits.to_owned()))
        } else {
            Err(Invalid::new(ErrorReason::PhoneInvalid, "a mobile number has 11 digits and starts with 13 to 19"))
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

/// True while `digits` can still begin a mobile number: only ASCII digits, at most
/// 11, the first `1` and the second `3` to `9`. The kiosk's pad refuses a key that
/// would make this false, so an impossible number cannot be typed.
pub fn possible_start(digits: &str) -> bool {
    let b = digits.as_bytes();
    b.len() <= 11
        && b.iter().all(u8::is_ascii_digit)
        && b.first().is_none_or(|&d| d == b'1')
        && b.get(1).is_none_or(|&d| (b'3'..=b'9').contains(&d))
}

/// The last four digits of a phone, which the kiosk asks for instead of the whole number.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhoneLast4(String);

impl PhoneLast4 {
    /// Parses exactly four digits.
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let input = input.trim();
        if input.is_empty() {
            return Err(Invalid::required("enter the last four digits of the phone"));
        }
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
        for bad in ["1381234567", "138123456789", "23812345678", "1381234567a", "021-12345678"] {
            assert_eq!(Phone::parse(bad).unwrap_err().reason, ErrorReason::PhoneInvalid, "{bad}");
        }
        assert_eq!(Phone::parse(" ").unwrap_err().reason, ErrorReason::FieldRequired);
    }

    #[test]
    fn only_the_mobile_prefixes_13_to_19_are_numbers() {
        for bad in ["12345678901", "10000000000", "11012345678", "12912345678"] {
            assert_eq!(Phone::parse(bad).unwrap_err().reason, ErrorReason::PhoneInvalid, "{bad}");
        }
        for good in ["13012345678", "14512345678", "16612345678", "19912345678"] {
            assert!(Phone::parse(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn a_number_being_typed_is_possible_only_on_a_mobile_prefix() {
        for ok in ["", "1", "13", "199", "13812345678"] {
            assert!(possible_start(ok), "{ok}");
        }
        for bad in ["2", "10", "12", "1a", "138123456789"] {
            assert!(!possible_start(bad), "{bad}");
        }
    }

    #[test]
    fn last4_is_four_digits_and_matches_the_end() {
        let phone = Phone::parse("13812345678").unwrap();
        assert_eq!(phone.last4(), PhoneLast4::parse("5678").unwrap());
        assert!(PhoneLast4::parse("5678").unwrap().matches(phone.as_str()));
        assert!(!PhoneLast4::parse("5679").unwrap().matches(phone.as_str()));
        for bad in ["567", "56789", "56a8"] {
            assert_eq!(PhoneLast4::parse(bad).unwrap_err().reason, ErrorReason::PhoneLast4Invalid);
        }
        assert_eq!(PhoneLast4::parse("").unwrap_err().reason, ErrorReason::FieldRequired);
    }

    #[test]
    fn masking_keeps_only_prefix_and_last_four() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("123"), "***");
    }
}
