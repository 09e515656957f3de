//! Pages of a listing: `page_size` and the opaque `page_token`.

use crate::ErrorReason;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::error::Invalid;

/// One page of a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// Rows to skip.
    pub offset: u32,
    /// Rows to return.
    pub size: u32,
}

impl Page {
    /// Reads `page_size` (0 means `default`, more than `max` is capped; negative is
    /// invalid) and `page_token` (empty means the first page).
    pub fn parse(page_size: i32, page_token: &str, default: u32, max: u32) -> Result<Self, (&'static str, Invalid)> {
        let size = match u32::try_from(page_size) {
            Ok(0) => default,
            Ok(n) => n.min(max),
            Err(_) => {
                return Err(("page_size", Invalid::new(ErrorReason::FieldInvalid, "page_size cannot be negative")));
            }
        };
        let offset = if page_token.is_empty() {
            0
        } else {
            decode(page_token).ok_or((
                "page_token",
                Invalid::new(ErrorReason::PageTokenInvalid, "use a next_page_token from an earlier response"),
            ))?
        };
        Ok(Self { offset, size })
    }

    /// The token for the page after this one, given how many rows this page found
    /// when asked for one more than its size; empty when this is the last page.
    pub fn next_token(&self, found: usize) -> String {
        if found > self.size as usize { encode(self.offset + self.size) } else { String::new() }
    }

    /// The number of rows to ask the store for: one more than the page, to know
    /// whether another page follows.
    pub fn probe(&self) -> u32 {
        self.size.saturating_add(1)
    }
}

fn encode(offset: u32) -> String {
    URL_SAFE_NO_PAD.encode(format!("fd1:{offset}"))
}

fn decode(token: &str) -> Option<u32> {
    let bytes = URL_SAFE_NO_PAD.decode(token).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    text.strip_prefix("fd1:")?.parse().ok()
}

/// Cuts a probed result down to the page and returns it with the next token.
pub fn cut<T>(page: Page, mut rows: Vec<T>) -> (Vec<T>, String) {
    let next = page.next_token(rows.len());
    rows.truncate(page.size as usize);
    (rows, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_default_and_cap() {
        assert_eq!(Page::parse(0, "", 50, 500).unwrap(), Page { offset: 0, size: 50 });
        assert_eq!(Page::parse(9999, "", 50, 500).unwrap().size, 500);
        assert_eq!(Page::parse(-1, "", 50, 500).unwrap_err().0, "page_size");
    }

    #[test]
    fn tokens_round_trip_and_garbage_is_rejected() {
        let page = Page { offset: 40, size: 20 };
        let token = page.next_token(21);
        assert_eq!(Page::parse(20, &token, 50, 500).unwrap(), Page { offset: 60, size: 20 });
        assert_eq!(page.next_token(20), "");
        let (field, err) = Page::parse(20, "not-a-token", 50, 500).unwrap_err();
        assert_eq!((field, err.reason), ("page_token", ErrorReason::PageTokenInvalid));
    }

    #[test]
    fn cut_truncates_to_the_page() {
        let (rows, next) = cut(Page { offset: 0, size: 2 }, vec![1, 2, 3]);
        assert_eq!(rows, [1, 2]);
        assert!(!next.is_empty());
    }
}
