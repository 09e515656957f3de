//! Parts back-orders (缺货下定单): a part the customer approved that is not on the
//! shelf is ordered from the supplier with the date they expect; the visit waiting
//! for parts (`WAITING_PARTS`) shows the latest open order's date; the parts desk
//! records arrival; a part that arrived and was not fitted after some days, and an
//! order past its date, are listed for someone to chase.

use chrono::NaiveDate;

use super::{Line, LineKind, LineState, Stock};
use crate::ErrorReason;
use crate::error::{Error, Invalid};

/// Where a parts order stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::EnumString, strum::EnumIter)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum PartOrderState {
    /// Ordered, not here yet.
    Ordered,
    /// Arrived at the parts desk.
    Arrived,
}

/// A line may be ordered when it is a part to order that the customer approved, not
/// ordered before (`PART_ALREADY_ORDERED`), for a date from today on.
pub fn check_order(
    line_id: i64,
    line: &Line,
    state: LineState,
    ordered_before: bool,
    expected: NaiveDate,
    today: NaiveDate,
) -> Result<(), Error> {
    let invalid = |why: String| Err(Error::invalid("orders.line_id", Invalid::new(ErrorReason::FieldInvalid, why)));
    if line.kind != LineKind::Part || line.stock != Some(Stock::ToOrder) {
        return invalid(format!("line {line_id} is no part to order"));
    }
    if !matches!(state, LineState::Approved | LineState::Done) {
        return invalid(format!("line {line_id} is not approved by the customer"));
    }
    if ordered_before {
        return Err(Error::refused(ErrorReason::PartAlreadyOrdered, format!("line {line_id} is ordered already"))
            .with("line_id", line_id.to_string()));
    }
    if expected < today {
        let why = format!("the expected date {expected} lies in the past");
        return Err(Error::invalid("orders.expected_date", Invalid::new(ErrorReason::FieldInvalid, why)));
    }
    Ok(())
}

/// A part arrives once (`PART_ALREADY_ARRIVED`).
pub fn check_arrival(order_id: i64, state: PartOrderState) -> Result<(), Error> {
    match state {
        PartOrderState::Ordered => Ok(()),
        PartOrderState::Arrived => {
            Err(Error::refused(ErrorReason::PartAlreadyArrived, format!("parts order {order_id} has arrived already")))
        }
    }
}

/// The date a visit waiting for parts shows: the latest expected date of its orders
/// still open; `None` when none is open.
pub fn waiting_until(open: impl IntoIterator<Item = NaiveDate>) -> Option<NaiveDate> {
    open.into_iter().max()
}

/// An open order past its date.
pub fn overdue(state: PartOrderState, expected: NaiveDate, today: NaiveDate) -> bool {
    state == PartOrderState::Ordered && expected < today
}

/// A part that arrived on `arrived` and is still not fitted `days` days later.
pub fn unfitted(arrived: Option<NaiveDate>, fitted: bool, days: u32, today: NaiveDate) -> bool {
    arrived.is_some_and(|day| !fitted && today.signed_duration_since(day).num_days() >= i64::from(days))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workorder::{LineInput, PayType, parse_lines};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2030, 3, d).expect("date")
    }

    fn part(stock: Stock) -> Line {
        let input = LineInput {
            kind: Some(LineKind::Part),
            pay_type: Some(PayType::Customer),
            code: "76620".into(),
            name: "雨刮".into(),
            quantity: 1,
            unit_price_fen: 12_000,
            stock: Some(stock),
            ..LineInput::default()
        };
        parse_lines(&[input]).expect("valid").remove(0)
    }

    #[test]
    fn only_an_approved_part_to_order_is_ordered_once_for_a_date_ahead() {
        let to_order = part(Stock::ToOrder);
        assert!(check_order(1, &to_order, LineState::Approved, false, day(6), day(4)).is_ok());
        assert!(check_order(1, &part(Stock::InStock), LineState::Approved, false, day(6), day(4)).is_err());
        assert!(check_order(1, &to_order, LineState::Proposed, false, day(6), day(4)).is_err());
        let twice = check_order(1, &to_order, LineState::Approved, true, day(6), day(4)).unwrap_err();
        assert_eq!(twice.reason(), Some(ErrorReason::PartAlreadyOrdered));
        assert!(check_order(1, &to_order, LineState::Approved, false, day(3), day(4)).is_err(), "in the past");
    }

    #[test]
    fn the_latest_open_order_sets_the_date_and_late_or_unfitted_parts_are_listed() {
        assert_eq!(waiting_until([day(6), day(9), day(7)]), Some(day(9)));
        assert_eq!(waiting_until([]), None);
        assert!(overdue(PartOrderState::Ordered, day(6), day(7)));
        assert!(!overdue(PartOrderState::Arrived, day(6), day(7)));
        assert!(unfitted(Some(day(4)), false, 3, day(7)));
        assert!(!unfitted(Some(day(5)), false, 3, day(7)), "two days only");
        assert!(!unfitted(Some(day(1)), true, 3, day(7)), "fitted");
        assert_eq!(
            check_arrival(5, PartOrderState::Arrived).unwrap_err().reason(),
            Some(ErrorReason::PartAlreadyArrived)
        );
    }
}
