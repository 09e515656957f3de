//! Mainland Chinese licence plates (车牌号).

use std::fmt;

use crate::ErrorReason;

use super::error::Invalid;

/// The 31 province characters a plate starts with, in the order of the car-park keypad.
pub const PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

/// A plate: a province character, a letter without I or O, then 5 letters or digits
/// (letters again without I or O), or 6 for a new-energy vehicle (新能源, 8 characters
/// in all). Stored normalised: upper case, without spaces, dots or dashes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Plate(String);

impl Plate {
    /// Parses what a customer typed: `沪a·12345`, `粤B 12345`, `京AD12345`.
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let normalised: String = input
            .chars()
            .filter(|c| !matches!(c, ' ' | '·' | '.' | '-' | '•' | '\u{3000}'))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let invalid = |why: &str| Invalid::new(ErrorReason::PlateInvalid, why.to_owned());
        let mut chars = normalised.chars();
        match chars.next() {
            None => return Err(Invalid::required("enter the plate")),
            Some(p) if !PROVINCES.contains(p) => {
                return Err(invalid("a plate starts with a province character such as 京 or 沪"));
            }
            Some(_) => {}
        }
        match chars.next() {
            Some(c) if is_plate_letter(c) => {}
            _ => return Err(invalid("the second character is a letter A–Z other than I and O")),
        }
        let serial: Vec<char> = chars.collect();
        if !serial.iter().all(|&c| is_plate_letter(c) || c.is_ascii_digit()) {
            return Err(invalid("after the letter come only letters (no I or O) and digits"));
        }
        match serial.len() {
            5 => Ok(Self(normalised)),
            6 => Ok(Self(normalised)),
            _ => Err(invalid("a plate has 7 characters, or 8 for a new-energy vehicle")),
        }
    }

    /// The normalised plate.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True for a new-energy plate (8 characters).
    pub fn is_new_energy(&self) -> bool {
        self.0.chars().count() == 8
    }
}

fn is_plate_letter(c: char) -> bool {
    c.is_ascii_uppercase() && c != 'I' && c != 'O'
}

impl fmt::Display for Plate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_plates_parse_and_normalise() {
        assert_eq!(Plate::parse("沪A12345").unwrap().as_str(), "沪A12345");
        assert_eq!(Plate::parse("粤b·1234x").unwrap().as_str(), "粤B1234X");
        assert_eq!(Plate::parse(" 京 A 9 8 7 6 5 ").unwrap().as_str(), "京A98765");
        assert!(!Plate::parse("川A12345").unwrap().is_new_energy());
    }

    #[test]
    fn new_energy_plates_have_eight_characters() {
        let small = Plate::parse("京AD12345").unwrap();
        assert!(small.is_new_energy());
        assert!(Plate::parse("粤B12345F").unwrap().is_new_energy());
        assert_eq!(Plate::parse("浙a·d1234 5").unwrap().as_str(), "浙AD12345");
    }

    #[test]
    fn wrong_new_energy_plates_are_rejected() {
        for bad in ["京AD1234I", "京AD12O45", "京AD123456", "京ID12345", "京AD1234５", "港AD12345", "京AD12_45"]
        {
            assert_eq!(Plate::parse(bad).expect_err(bad).reason, ErrorReason::PlateInvalid, "{bad}");
        }
    }

    #[test]
    fn every_province_is_accepted() {
        assert_eq!(PROVINCES.chars().count(), 31);
        for p in PROVINCES.chars() {
            assert!(Plate::parse(&format!("{p}A12345")).is_ok(), "{p}");
        }
    }

    #[test]
    fn wrong_plates_are_rejected_with_plate_invalid() {
        assert_eq!(Plate::parse(" ").unwrap_err().reason, ErrorReason::FieldRequired);
        for bad in [
            "A12345",
            "港A12345",
            "沪112345",
            "沪I12345",
            "沪O12345",
            "沪A1234",
            "沪A1234567",
            "沪A12I45",
            "沪A12O45",
            "沪A12_45",
            "沪沪12345",
            "沪A１2345",
        ] {
            let err = Plate::parse(bad).expect_err(bad);
            assert_eq!(err.reason, ErrorReason::PlateInvalid, "{bad}");
        }
    }
}
