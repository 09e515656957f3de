//! How much the desk takes in one field: the one table of length limits, applied
//! where a request enters (`grpc/`). A value past its limit is INVALID_ARGUMENT
//! naming the field; an error repeats at most a short prefix of it
//! ([`super::error::quote`]), and every error's details stay small however large
//! the request was.

/// A whole request, bytes: what a desk's busiest call (a campaign's plate list)
/// needs many times over. Larger requests are refused by the transport (tonic's
/// OUT_OF_RANGE "message length too large", without ErrorInfo) before they are read.
pub const REQUEST_BYTES: usize = 256 * 1024;

/// A search box (plate, phone or name, or part of one), characters.
pub const SEARCH_QUERY_CHARS: usize = 64;

/// A short note: a reason, a change's note, an address, a lost customer's reason.
pub const SHORT_TEXT_CHARS: usize = 200;

/// A long note: booking notes, the customer's own words, wishes, call notes.
pub const LONG_TEXT_CHARS: usize = 500;

/// A vehicle model as a file names it.
pub const MODEL_CHARS: usize = 60;

/// A vehicle type (车种) as a file names it.
pub const VEHICLE_TYPE_CHARS: usize = 30;

/// A work-order number (`WO20261127-004`), characters.
pub const WORK_ORDER_CHARS: usize = 24;

/// Vehicles one customer-file update may change.
pub const VEHICLES_PER_UPDATE: usize = 20;

/// Field violations one error lists; the rest are counted in its message.
pub const VIOLATIONS_LISTED: usize = 20;

/// Characters of an error's message.
pub const ERROR_MESSAGE_CHARS: usize = 200;

/// Characters of each field violation's field and description, and of each
/// ErrorInfo metadata value. With [`VIOLATIONS_LISTED`] and [`ERROR_MESSAGE_CHARS`]
/// this keeps the worst error (all Chinese, percent-encoded message, base64 details)
/// under the 16 KiB of metadata a default gRPC client accepts.
pub const ERROR_DETAIL_CHARS: usize = 100;

/// Cuts a text to `max` characters, the last one `…` when something was cut.
pub fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_cut_to_its_limit() {
        assert_eq!(cut("plate: enter the plate", ERROR_MESSAGE_CHARS), "plate: enter the plate");
        let long = cut(&"x".repeat(100_000), ERROR_MESSAGE_CHARS);
        assert_eq!(long.chars().count(), ERROR_MESSAGE_CHARS);
        assert!(long.ends_with('…'));
    }
}
