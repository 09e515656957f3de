//! Small identifiers clients send: service codes, request ids, confirmation codes, dates.

use crate::ErrorReason;
use chrono::NaiveDate;

use super::error::Invalid;

/// A service type's code such as `maintenance`: 1 to 32 lower-case letters, digits
/// or underscores. Whether the store offers it is checked against the store.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ServiceCode(String);

impl ServiceCode {
    /// Parses a code.
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let code = input.trim();
        if code.is_empty() {
            return Err(Invalid::required("choose a service type"));
        }
        let ok = code.len() <= 32 && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if ok {
            Ok(Self(code.to_owned()))
        } else {
            Err(Invalid::new(
                ErrorReason::ServiceCodeUnknown,
                format!("no service type `{}`", super::error::quote(code)),
            ))
        }
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A client-chosen idempotency key: 1 to 64 visible ASCII characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RequestId(String);

impl RequestId {
    /// Parses a request id.
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        if input.is_empty() {
            return Err(Invalid::required("set a request_id (a UUID works)"));
        }
        let ok = input.len() <= 64 && input.chars().all(|c| c.is_ascii_graphic());
        if ok {
            Ok(Self(input.to_owned()))
        } else {
            Err(Invalid::new(
                ErrorReason::RequestIdInvalid,
                "request_id is 1 to 64 visible ASCII characters (a UUID works)",
            ))
        }
    }

    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The characters of confirmation codes: no 0/O or 1/I, which customers mix up.
pub const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// The length of a confirmation code.
pub const CODE_LEN: usize = 6;

/// An appointment's confirmation code, six characters of [`CODE_ALPHABET`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ConfirmationCode(String);

impl ConfirmationCode {
    /// Parses a code as typed; lower case is accepted.
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let code = input.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(Invalid::required("enter the confirmation code"));
        }
        if code.len() == CODE_LEN && code.bytes().all(|b| CODE_ALPHABET.contains(&b)) {
            Ok(Self(code))
        } else {
            Err(Invalid::new(ErrorReason::ConfirmationCodeInvalid, "a confirmation code has six letters and digits"))
        }
    }

    /// A code from six random bytes.
    pub fn from_random(bytes: [u8; CODE_LEN]) -> Self {
        let alphabet = CODE_ALPHABET.len();
        Self(bytes.iter().map(|b| CODE_ALPHABET[usize::from(*b) % alphabet] as char).collect())
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The number a kiosk shows a customer it registered while the server was unreachable
/// (`L-0412-07`): 1 to 16 letters, digits and dashes, upper case. Staff see it on the
/// ticket or appointment once the kiosk's outbox lands, so the customer's screen and the
/// desk's view match.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProvisionalNumber(String);

impl ProvisionalNumber {
    /// The longest number, in characters.
    pub const MAX_CHARS: usize = 16;

    /// Parses an optional number: empty input is `None`.
    pub fn parse_optional(input: &str) -> Result<Option<Self>, Invalid> {
        let text = input.trim().to_ascii_uppercase();
        if text.is_empty() {
            return Ok(None);
        }
        if text.len() <= Self::MAX_CHARS && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            Ok(Some(Self(text)))
        } else {
            Err(Invalid::new(ErrorReason::FieldInvalid, "a provisional number has up to 16 letters, digits and dashes"))
        }
    }

    /// The number.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Parses a store-local date written `YYYY-MM-DD`, in the years 1900 to 9999 (what
/// a spreadsheet can show, and what sorts correctly as text).
pub fn parse_date(input: &str) -> Result<NaiveDate, Invalid> {
    let text = input.trim();
    if text.is_empty() {
        return Err(Invalid::required("give a date, YYYY-MM-DD"));
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|_| text.len() == 10 && text.as_bytes()[0].is_ascii_digit())
        .ok_or_else(|| Invalid::new(ErrorReason::DateInvalid, "a date is written YYYY-MM-DD"))?;
    if !(1900..=9999).contains(&chrono::Datelike::year(&date)) {
        return Err(Invalid::new(ErrorReason::DateInvalid, "a date lies in the years 1900 to 9999"));
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_plain_and_within_four_digit_years() {
        assert_eq!(parse_date(" 2030-03-04 ").unwrap().to_string(), "2030-03-04");
        for bad in ["+262143-12-31", "-0001-01-01", "0001-01-01", "10000-01-01", "2030-3-4", "2030-02-30"] {
            assert_eq!(parse_date(bad).unwrap_err().reason, ErrorReason::DateInvalid, "{bad}");
        }
    }

    #[test]
    fn service_codes_are_lower_snake_case() {
        assert_eq!(ServiceCode::parse("body_paint").unwrap().as_str(), "body_paint");
        for bad in ["Body", "body-paint", "保养", &"a".repeat(33)] {
            assert_eq!(ServiceCode::parse(bad).unwrap_err().reason, ErrorReason::ServiceCodeUnknown);
        }
        assert_eq!(ServiceCode::parse("").unwrap_err().reason, ErrorReason::FieldRequired);
    }

    #[test]
    fn request_ids_are_short_visible_ascii() {
        assert!(RequestId::parse("0b7c6f7e-2f7a-4c55-9d59-1d0c4f5b6a10").is_ok());
        for bad in ["has space", &"x".repeat(65), "ключ"] {
            assert_eq!(RequestId::parse(bad).unwrap_err().reason, ErrorReason::RequestIdInvalid);
        }
        assert_eq!(RequestId::parse("").unwrap_err().reason, ErrorReason::FieldRequired);
    }

    #[test]
    fn confirmation_codes_use_the_unambiguous_alphabet() {
        assert_eq!(ConfirmationCode::parse("k7m3qx").unwrap().as_str(), "K7M3QX");
        for bad in ["K7M3Q", "K7M3QXZ", "K7M3Q0", "K7M3QI", "K7M3Q1"] {
            assert_eq!(ConfirmationCode::parse(bad).unwrap_err().reason, ErrorReason::ConfirmationCodeInvalid);
        }
        assert_eq!(ConfirmationCode::parse(" ").unwrap_err().reason, ErrorReason::FieldRequired);
        let code = ConfirmationCode::from_random([0, 31, 32, 255, 7, 100]);
        assert!(ConfirmationCode::parse(code.as_str()).is_ok());
    }

    #[test]
    fn provisional_numbers_are_short_and_plain() {
        assert_eq!(ProvisionalNumber::parse_optional(" l-0412-07 ").unwrap().unwrap().as_str(), "L-0412-07");
        assert_eq!(ProvisionalNumber::parse_optional("").unwrap(), None);
        for bad in ["L 04", "临时1", &"L".repeat(17)] {
            assert_eq!(ProvisionalNumber::parse_optional(bad).unwrap_err().reason, ErrorReason::FieldInvalid);
        }
    }

    #[test]
    fn dates_are_iso_calendar_dates() {
        assert_eq!(parse_date("2026-11-28").unwrap(), NaiveDate::from_ymd_opt(2026, 11, 28).unwrap());
        for bad in ["2026-02-30", "28.11.2026", "2026-11-28T00:00"] {
            assert_eq!(parse_date(bad).unwrap_err().reason, ErrorReason::DateInvalid);
        }
        assert_eq!(parse_date("").unwrap_err().reason, ErrorReason::FieldRequired);
    }
}

/// Parses a VIN: 17 letters and digits without I, O or Q, upper-cased; empty clears it.
pub fn parse_vin(input: &str) -> Result<String, Invalid> {
    let vin = input.trim().to_ascii_uppercase();
    let ok = vin.is_empty()
        || (vin.len() == 17
            && vin.chars().all(|c| c.is_ascii_digit() || (c.is_ascii_uppercase() && !"IOQ".contains(c))));
    if !ok {
        return Err(Invalid::new(ErrorReason::FieldInvalid, "a VIN has 17 letters and digits, without I, O or Q"));
    }
    // China (GB 16735, WMI L…) and North America (1–5) require the check digit; other
    // regions may use the ninth place otherwise.
    if vin.starts_with(['L', '1', '2', '3', '4', '5'])
        && let Some(expected) = vin_check_digit(&vin)
        && vin.as_bytes()[8] != expected as u8
    {
        return Err(Invalid::new(
            ErrorReason::FieldInvalid,
            format!("the VIN's check digit (its ninth character) should be {expected}"),
        ));
    }
    Ok(vin)
}

/// The check digit of a 17-character VIN (ISO 3779 / GB 16735): each character's
/// value times its place's weight, summed, modulo 11; 10 is `X`.
pub fn vin_check_digit(vin: &str) -> Option<char> {
    const WEIGHTS: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
    let value = |c: char| -> Option<u32> {
        Some(match c {
            '0'..='9' => c.to_digit(10)?,
            'A' | 'J' => 1,
            'B' | 'K' | 'S' => 2,
            'C' | 'L' | 'T' => 3,
            'D' | 'M' | 'U' => 4,
            'E' | 'N' | 'V' => 5,
            'F' | 'W' => 6,
            'G' | 'P' | 'X' => 7,
            'H' | 'Y' => 8,
            'R' | 'Z' => 9,
            _ => return None,
        })
    };
    let mut sum = 0;
    for (c, w) in vin.chars().zip(WEIGHTS) {
        sum += value(c)? * w;
    }
    Some(match sum % 11 {
        10 => 'X',
        d => char::from_digit(d, 10)?,
    })
}

#[cfg(test)]
mod vin_tests {
    use super::*;

    #[test]
    fn vins_are_seventeen_characters_without_i_o_q() {
        assert_eq!(parse_vin("lsvaa4181e2123456").unwrap(), "LSVAA4181E2123456");
        assert_eq!(parse_vin("1M8GDM9AXKP042788").unwrap(), "1M8GDM9AXKP042788", "the ISO example, check digit X");
        let wrong = parse_vin("LSVAA4182E2123456").unwrap_err();
        assert!(wrong.description.contains("should be 1"), "{}", wrong.description);
        assert!(parse_vin("WVWZZZ1JZ3W386752").is_ok(), "a European VIN without a check digit");
        assert_eq!(parse_vin("").unwrap(), "");
        for bad in ["LSVAA4181E212345", "LSVAA4181E2123456X", "LSVIA4181E2123456", "LSVAA4181E212345Q"] {
            assert_eq!(parse_vin(bad).unwrap_err().reason, ErrorReason::FieldInvalid, "{bad}");
        }
    }
}
