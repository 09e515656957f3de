//! People's names as customers and staff give them.

use crate::ErrorReason;

use super::error::Invalid;

/// The longest name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 40;

/// A person's name (or only a surname, as at the kiosk): 1 to 40 characters after
/// trimming, without control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    /// Parses a name.
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let name = input.trim();
        let chars = name.chars().count();
        if chars == 0 {
            return Err(Invalid::required("enter the name"));
        }
        if chars > MAX_NAME_CHARS {
            return Err(Invalid::new(ErrorReason::NameInvalid, "a name has at most 40 characters"));
        }
        if name.chars().any(char::is_control) {
            return Err(Invalid::new(ErrorReason::NameInvalid, "a name has no control characters"));
        }
        Ok(Self(name.to_owned()))
    }

    /// Parses an optional name: empty input is `None`.
    pub fn parse_optional(input: &str) -> Result<Option<Self>, Invalid> {
        if input.trim().is_empty() { Ok(None) } else { Self::parse(input).map(Some) }
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Masks a stored name for the kiosk: the first character, then one `*` per further
/// character (at least one): `张*`, `欧**`. An empty name stays empty.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        None => String::new(),
        Some(first) => {
            let stars = chars.count().max(1);
            format!("{first}{}", "*".repeat(stars))
        }
    }
}

/// Checks a free-text field (notes, reasons, addresses): at most `max` characters and
/// no control characters other than newlines.
pub fn free_text(input: &str, max: usize) -> Result<String, Invalid> {
    let text = input.trim();
    if text.chars().count() > max {
        return Err(Invalid::new(ErrorReason::FieldInvalid, format!("at most {max} characters")));
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(Invalid::new(ErrorReason::FieldInvalid, "no control characters"));
    }
    Ok(text.to_owned())
}

/// Like [`free_text`] for a text that must be given: empty is `FIELD_REQUIRED`, `why`
/// saying what to write.
pub fn required_text(input: &str, max: usize, why: &str) -> Result<String, Invalid> {
    match free_text(input, max)? {
        text if text.is_empty() => Err(Invalid::new(ErrorReason::FieldRequired, why.to_owned())),
        text => Ok(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(PersonName::parse("  张三 ").unwrap().as_str(), "张三");
        assert_eq!(PersonName::parse("").unwrap_err().reason, ErrorReason::FieldRequired);
        assert_eq!(PersonName::parse(&"张".repeat(41)).unwrap_err().reason, ErrorReason::NameInvalid);
        assert!(PersonName::parse(&"张".repeat(40)).is_ok());
        assert_eq!(PersonName::parse("张\u{7}").unwrap_err().reason, ErrorReason::NameInvalid);
        assert_eq!(PersonName::parse_optional("  ").unwrap(), None);
    }

    #[test]
    fn masking_shows_only_the_first_character() {
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("张"), "张*");
        assert_eq!(mask_name("欧阳娜娜"), "欧***");
        assert_eq!(mask_name(""), "");
    }

    #[test]
    fn required_text_is_free_text_that_is_given() {
        assert_eq!(required_text(" 异响 ", 10, "say").unwrap(), "异响");
        assert_eq!(required_text("  ", 10, "say").unwrap_err().reason, ErrorReason::FieldRequired);
        assert_eq!(required_text("abc", 2, "say").unwrap_err().reason, ErrorReason::FieldInvalid);
    }

    #[test]
    fn free_text_is_bounded() {
        assert_eq!(free_text(" 异响 ", 10).unwrap(), "异响");
        assert_eq!(free_text("abc", 2).unwrap_err().reason, ErrorReason::FieldInvalid);
        assert!(free_text("a\nb", 10).is_ok());
        assert!(free_text("a\u{0}b", 10).is_err());
    }
}
