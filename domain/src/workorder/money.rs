//! Money in integer fen (分), never floating point; shown as `¥1,234.50`.

use std::fmt;

use crate::ErrorReason;
use crate::error::Invalid;

/// An amount in fen. Negative amounts are discounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Fen(pub i64);

impl Fen {
    /// Nothing.
    pub const ZERO: Fen = Fen(0);

    /// The amount in fen.
    pub fn fen(self) -> i64 {
        self.0
    }

    /// An amount typed in yuan — `280.50`, `¥1,234.5`, `100` — read exactly, without
    /// floating point: at most two decimals, at most ¥10,000,000,000.
    pub fn parse_yuan(text: &str) -> Result<Fen, Invalid> {
        let bad = || Invalid::new(ErrorReason::FieldInvalid, "an amount in yuan, like 280.50");
        let clean: String = text.trim().trim_start_matches(['¥', '￥']).chars().filter(|c| *c != ',').collect();
        let (whole, cents) = clean.split_once('.').unwrap_or((&clean, ""));
        if whole.is_empty() || whole.len() > 10 || cents.len() > 2 {
            return Err(bad());
        }
        if !whole.chars().chain(cents.chars()).all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        let yuan: i64 = whole.parse().map_err(|_| bad())?;
        let cents: i64 = format!("{cents:0<2}").parse().map_err(|_| bad())?;
        Ok(Fen(yuan * 100 + cents))
    }
}

/// Hours typed with at most one decimal (`1.5`), as tenths (15).
pub fn parse_tenths(text: &str) -> Result<i32, Invalid> {
    let bad = || Invalid::new(ErrorReason::FieldInvalid, "hours with at most one decimal, like 1.5");
    let (whole, tenth) = text.trim().split_once('.').unwrap_or((text.trim(), "0"));
    let tenth = if tenth.is_empty() { "0" } else { tenth };
    if whole.is_empty() || whole.len() > 4 || tenth.len() != 1 {
        return Err(bad());
    }
    let whole: i32 = whole.parse().map_err(|_| bad())?;
    let tenth: i32 = tenth.parse().map_err(|_| bad())?;
    if whole < 0 || tenth < 0 {
        return Err(bad());
    }
    Ok(whole * 10 + tenth)
}

impl std::ops::Add for Fen {
    type Output = Fen;
    fn add(self, other: Fen) -> Fen {
        Fen(self.0.saturating_add(other.0))
    }
}

impl std::iter::Sum for Fen {
    fn sum<I: Iterator<Item = Fen>>(iter: I) -> Fen {
        iter.fold(Fen::ZERO, |a, b| a + b)
    }
}

/// `¥1,234.50`, `-¥12.00`.
impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let yuan = (abs / 100).to_string();
        let mut grouped = String::with_capacity(yuan.len() + yuan.len() / 3);
        for (i, c) in yuan.chars().enumerate() {
            if i > 0 && (yuan.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        write!(f, "{sign}¥{grouped}.{:02}", abs % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_show_as_yuan_with_thousands_and_two_decimals() {
        assert_eq!(Fen(123_450).to_string(), "¥1,234.50");
        assert_eq!(Fen(5).to_string(), "¥0.05");
        assert_eq!(Fen(100_000_000).to_string(), "¥1,000,000.00");
        assert_eq!(Fen(-1_200).to_string(), "-¥12.00");
        assert_eq!([Fen(1), Fen(2)].into_iter().sum::<Fen>(), Fen(3));
    }

    #[test]
    fn yuan_and_hours_are_read_exactly() {
        assert_eq!(Fen::parse_yuan("280.50").unwrap(), Fen(28_050));
        assert_eq!(Fen::parse_yuan("¥1,234.5").unwrap(), Fen(123_450));
        assert_eq!(Fen::parse_yuan("100").unwrap(), Fen(10_000));
        assert_eq!(Fen::parse_yuan("0.07").unwrap(), Fen(7));
        for bad in ["", "1.234", "-5", "1e3", "abc", "1.2.3"] {
            assert!(Fen::parse_yuan(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_tenths("1.5").unwrap(), 15);
        assert_eq!(parse_tenths("2").unwrap(), 20);
        assert!(parse_tenths("1.25").is_err() && parse_tenths("-1").is_err() && parse_tenths("").is_err());
    }
}
