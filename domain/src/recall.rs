//! Recalls (召回) and service campaigns: a carmaker's campaign names the vehicles it
//! covers by VIN; a vehicle with an open recall is flagged to staff wherever it shows
//! up, and the kiosk may say that a free service campaign applies — never more. Each
//! recall on a vehicle is closed as done here, done elsewhere or not applicable.

use crate::error::{Error, Invalid};
use crate::{ErrorReason, limits, required_text};

/// How a recall on a vehicle was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::EnumString, strum::EnumIter)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum RecallOutcome {
    /// Done here, on a work order (its warranty line added there).
    DoneHere,
    /// Done at another store.
    DoneElsewhere,
    /// Does not apply to this vehicle.
    NotApplicable,
}

/// A campaign code: 1 to 32 letters, digits and `-`, upper-cased.
pub fn parse_campaign_code(input: &str) -> Result<String, Invalid> {
    let code = input.trim().to_ascii_uppercase();
    match code.len() {
        0 => Err(Invalid::new(ErrorReason::FieldRequired, "name the campaign code")),
        1..=32 if code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') => Ok(code),
        _ => Err(Invalid::new(ErrorReason::FieldInvalid, "a campaign code is 1 to 32 letters, digits and -")),
    }
}

/// A campaign's title (required).
pub fn parse_title(input: &str) -> Result<String, Invalid> {
    required_text(input, limits::SHORT_TEXT_CHARS, "give the campaign a title")
}

/// A recall is closed once (`RECALL_CLOSED`).
pub fn check_close(closed: Option<RecallOutcome>, vin: &str, code: &str) -> Result<(), Error> {
    match closed {
        None => Ok(()),
        Some(o) => Err(Error::refused(
            ErrorReason::RecallClosed,
            format!("the recall {code} on {vin} was closed already ({})", <&str>::from(o)),
        )),
    }
}

/// How far a campaign has come.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Completion {
    /// Vehicles it covers.
    pub vehicles: u32,
    /// Done here.
    pub done_here: u32,
    /// Done elsewhere.
    pub done_elsewhere: u32,
    /// Not applicable.
    pub not_applicable: u32,
}

impl Completion {
    /// Counts one vehicle.
    pub fn add(&mut self, outcome: Option<RecallOutcome>) {
        self.vehicles += 1;
        match outcome {
            Some(RecallOutcome::DoneHere) => self.done_here += 1,
            Some(RecallOutcome::DoneElsewhere) => self.done_elsewhere += 1,
            Some(RecallOutcome::NotApplicable) => self.not_applicable += 1,
            None => {}
        }
    }

    /// Still open.
    pub fn open(self) -> u32 {
        self.vehicles - self.done_here - self.done_elsewhere - self.not_applicable
    }

    /// The vehicles done (here or elsewhere) of those it applies to, in tenths of a
    /// percent; `None` when it applies to none.
    pub fn done_permille(self) -> Option<u32> {
        let applies = self.vehicles - self.not_applicable;
        (applies > 0).then(|| (self.done_here + self.done_elsewhere) * 1000 / applies)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_titles_and_closing_once() {
        assert_eq!(parse_campaign_code(" r-2030-01 ").unwrap(), "R-2030-01");
        assert!(parse_campaign_code("").is_err() && parse_campaign_code("a b").is_err());
        assert!(parse_title(" ").is_err());
        assert!(check_close(None, "V", "C").is_ok());
        assert_eq!(
            check_close(Some(RecallOutcome::DoneHere), "V", "C").unwrap_err().reason(),
            Some(ErrorReason::RecallClosed)
        );
    }

    #[test]
    fn completion_counts_what_applies() {
        let mut c = Completion::default();
        for o in [
            Some(RecallOutcome::DoneHere),
            Some(RecallOutcome::DoneElsewhere),
            Some(RecallOutcome::NotApplicable),
            None,
        ] {
            c.add(o);
        }
        assert_eq!((c.vehicles, c.open()), (4, 1));
        assert_eq!(c.done_permille(), Some(666), "2 of the 3 it applies to");
    }
}
