//! The settlement (结算单): built from the lines actually done, with discounts on what
//! the customer pays — per line or on the whole, in fen or percent; one past the
//! store's limit waits for a supervisor — what happens to the old parts (旧件), and
//! the payments that settle each payer's share. The car leaves only once the
//! customer's share is paid.

use super::{Fen, Line, LineKind, PayType, totals};
use crate::ErrorReason;
use crate::error::{Error, Invalid, Violation};

/// A discount as given: an amount or a whole percent of what it applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Discount {
    /// So many fen off.
    Fen(Fen),
    /// So many percent off (0 to 100), rounded half up to the fen.
    Percent(u8),
}

impl Discount {
    /// A discount from the wire's two fields: one of them at most, within bounds.
    pub fn parse(fen: i64, percent: i32, field: &str) -> Result<Option<Discount>, Violation> {
        match (fen, percent) {
            (0, 0) => Ok(None),
            (f, 0) if f > 0 => Ok(Some(Discount::Fen(Fen(f)))),
            (0, p) if (1..=100).contains(&p) => Ok(Some(Discount::Percent(u8::try_from(p).unwrap_or(100)))),
            _ => Err(Invalid::new(
                ErrorReason::FieldInvalid,
                "a discount is an amount in fen above 0 or a percent of 1 to 100, not both",
            )
            .at(field)),
        }
    }

    /// What it takes off `base`, never more than `base`.
    pub fn of(self, base: Fen) -> Fen {
        match self {
            Discount::Fen(f) => Fen(f.fen().min(base.fen())),
            Discount::Percent(p) => Fen((base.fen() * i64::from(p) + 50) / 100),
        }
    }
}

/// What happens to the parts taken off the car.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::EnumString, strum::EnumIter)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum OldParts {
    /// 旧件交还客户: handed to the customer.
    Returned,
    /// 旧件留店处理: left with the store.
    Left,
}

impl OldParts {
    /// The words on the settlement.
    pub fn name_zh(self) -> &'static str {
        match self {
            OldParts::Returned => "旧件交还客户",
            OldParts::Left => "旧件留店处理",
        }
    }
}

/// How a payment was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::EnumString, strum::EnumIter)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum PaymentMethod {
    /// 现金.
    Cash,
    /// 银行卡.
    BankCard,
    /// 微信支付.
    WechatPay,
    /// 支付宝.
    Alipay,
    /// 保险直赔: the insurer pays the store.
    InsurerDirect,
    /// 保修索赔: the carmaker pays through the warranty claim.
    WarrantyClaim,
    /// 挂账: on the customer's account, by a supervisor only.
    OnAccount,
}

impl PaymentMethod {
    /// Whose share the payment settles.
    pub fn payer(self) -> PayType {
        match self {
            PaymentMethod::InsurerDirect => PayType::Insurance,
            PaymentMethod::WarrantyClaim => PayType::Warranty,
            _ => PayType::Customer,
        }
    }

    /// The name on the settlement.
    pub fn name_zh(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "现金",
            PaymentMethod::BankCard => "银行卡",
            PaymentMethod::WechatPay => "微信支付",
            PaymentMethod::Alipay => "支付宝",
            PaymentMethod::InsurerDirect => "保险直赔",
            PaymentMethod::WarrantyClaim => "保修索赔",
            PaymentMethod::OnAccount => "挂账",
        }
    }
}

/// A done line as it enters the settlement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoneLine {
    /// The line's id.
    pub id: i64,
    /// The line.
    pub line: Line,
}

/// What the advisor asks of the settlement.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SettlementTerms {
    /// Discounts on single customer-paid lines.
    pub line_discounts: Vec<(i64, Discount)>,
    /// A discount on the customer's whole share (after the line discounts).
    pub whole_discount: Option<Discount>,
    /// Old parts handed back, per part line; the others are left with the store.
    pub old_parts: Vec<(i64, OldParts)>,
}

/// A line of the settlement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettledLine {
    /// The done line.
    pub done: DoneLine,
    /// Its discount.
    pub discount: Fen,
    /// For a part: what happens to the old part.
    pub old_parts: Option<OldParts>,
}

/// The settlement as figured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settlement {
    /// Its lines.
    pub lines: Vec<SettledLine>,
    /// The whole-order discount.
    pub whole_discount: Fen,
    /// Every discount together.
    pub discount_total: Fen,
    /// What each payer owes after discounts, in pay-type order.
    pub due: Vec<(PayType, Fen)>,
    /// The discount is past the store's limit: a supervisor approves it first.
    pub needs_approval: bool,
}

impl Settlement {
    /// What `payer` owes.
    pub fn due_of(&self, payer: PayType) -> Fen {
        self.due.iter().find(|(p, _)| *p == payer).map_or(Fen::ZERO, |(_, f)| *f)
    }
}

fn invalid(field: &str, why: String) -> Error {
    Error::invalid(field, Invalid::new(ErrorReason::FieldInvalid, why))
}

/// Figures the settlement of the lines done on its terms. A discount names a done
/// line the customer pays; old parts name a done part line; a discount past
/// `limit_percent` of the customer's share waits for a supervisor.
pub fn settle(done: Vec<DoneLine>, terms: &SettlementTerms, limit_percent: u8) -> Result<Settlement, Error> {
    let line = |id: i64| done.iter().find(|d| d.id == id);
    for (id, _) in &terms.line_discounts {
        match line(*id) {
            Some(d) if d.line.pay_type == PayType::Customer => {}
            Some(_) => return Err(invalid("line_discounts", format!("line {id} is not paid by the customer"))),
            None => return Err(invalid("line_discounts", format!("line {id} is no done line of this work order"))),
        }
    }
    for (id, _) in &terms.old_parts {
        if line(*id).is_none_or(|d| d.line.kind != LineKind::Part) {
            return Err(invalid("old_parts", format!("line {id} is no done part line of this work order")));
        }
    }
    let customer_before: Fen =
        done.iter().filter(|d| d.line.pay_type == PayType::Customer).map(|d| d.line.amount).sum();
    let lines: Vec<SettledLine> = done
        .into_iter()
        .map(|d| {
            let discount =
                terms.line_discounts.iter().find(|(id, _)| *id == d.id).map_or(Fen::ZERO, |(_, x)| x.of(d.line.amount));
            let old_parts = (d.line.kind == LineKind::Part)
                .then(|| terms.old_parts.iter().find(|(id, _)| *id == d.id).map_or(OldParts::Left, |(_, o)| *o));
            SettledLine { done: d, discount, old_parts }
        })
        .collect();
    let after_lines = Fen(customer_before.fen() - lines.iter().map(|l| l.discount.fen()).sum::<i64>());
    let whole_discount = terms.whole_discount.map_or(Fen::ZERO, |d| d.of(after_lines));
    let discount_total = Fen(customer_before.fen() - after_lines.fen() + whole_discount.fen());
    let mut due =
        totals(lines.iter().map(|l| (l.done.line.pay_type, Fen(l.done.line.amount.fen() - l.discount.fen()))));
    if let Some((_, customer)) = due.iter_mut().find(|(p, _)| *p == PayType::Customer) {
        *customer = Fen(customer.fen() - whole_discount.fen());
    }
    let needs_approval = discount_total.fen() * 100 > customer_before.fen() * i64::from(limit_percent);
    Ok(Settlement { lines, whole_discount, discount_total, due, needs_approval })
}

/// Whether a payment may be recorded: a settlement without a discount waiting, an
/// amount above 0 and within what its payer still owes, on account only by a
/// supervisor. `paid` is what that payer paid so far.
pub fn check_payment(
    settlement: &Settlement,
    discount_approved: bool,
    method: PaymentMethod,
    amount: Fen,
    paid: Fen,
    by_supervisor: bool,
) -> Result<(), Error> {
    if settlement.needs_approval && !discount_approved {
        return Err(discount_waits(settlement));
    }
    if method == PaymentMethod::OnAccount && !by_supervisor {
        return Err(Error::refused(ErrorReason::RoleNotAllowed, "only a supervisor puts a bill on account (挂账)"));
    }
    if amount.fen() <= 0 {
        return Err(invalid("amount_fen", "a payment is above 0 fen".into()));
    }
    let owed = Fen(settlement.due_of(method.payer()).fen() - paid.fen());
    if amount > owed {
        return Err(Error::refused(
            ErrorReason::PaymentExceedsDue,
            format!("the {} share still owed is {owed}; {amount} is more", method.payer().name_zh()),
        )
        .with("due_fen", owed.fen().to_string()));
    }
    Ok(())
}

fn discount_waits(settlement: &Settlement) -> Error {
    Error::refused(
        ErrorReason::DiscountNeedsApproval,
        format!("the discount of {} waits for a supervisor's approval", settlement.discount_total),
    )
}

/// The car leaves only once the settlement is made, its discount approved and the
/// customer's share paid (`SETTLEMENT_REQUIRED`, `DISCOUNT_NEEDS_APPROVAL`,
/// `SETTLEMENT_UNPAID` with the amount still due).
pub fn may_deliver(settlement: Option<(&Settlement, bool)>, customer_paid: Fen) -> Result<(), Error> {
    let Some((settlement, discount_approved)) = settlement else {
        return Err(Error::refused(ErrorReason::SettlementRequired, "settle the work order before the car leaves"));
    };
    if settlement.needs_approval && !discount_approved {
        return Err(discount_waits(settlement));
    }
    let owed = Fen(settlement.due_of(PayType::Customer).fen() - customer_paid.fen());
    if owed.fen() > 0 {
        return Err(Error::refused(ErrorReason::SettlementUnpaid, format!("the customer still owes {owed}"))
            .with("due_fen", owed.fen().to_string()));
    }
    Ok(())
}

/// The work order's settlement, for what needs one (`SETTLEMENT_REQUIRED`).
pub fn settled<S>(settlement: Option<(S, bool)>, work_order: &str) -> Result<(S, bool), Error> {
    settlement.ok_or_else(|| {
        Error::refused(ErrorReason::SettlementRequired, format!("{work_order} has no settlement yet: settle it first"))
    })
}

/// Lines are done before the settlement (`SETTLEMENT_LOCKED` after it).
pub fn may_mark_done(settled: bool, work_order: &str) -> Result<(), Error> {
    if settled {
        Err(Error::refused(
            ErrorReason::SettlementLocked,
            format!("{work_order} is settled: the work is done before the settlement"),
        ))
    } else {
        Ok(())
    }
}

/// A settlement is made again until the first payment (`SETTLEMENT_LOCKED`).
pub fn may_settle_again(payments: usize) -> Result<(), Error> {
    if payments == 0 {
        Ok(())
    } else {
        Err(Error::refused(ErrorReason::SettlementLocked, "payments were recorded; the settlement stays as it is"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workorder::{LineInput, Stock, parse_lines};

    fn done() -> Vec<DoneLine> {
        let labour = LineInput {
            kind: Some(LineKind::Labour),
            pay_type: Some(PayType::Customer),
            name: "更换前刹车片".into(),
            hours_tenths: 15,
            hourly_rate_fen: 30_000,
            ..LineInput::default()
        };
        let part = |pay, price| LineInput {
            kind: Some(LineKind::Part),
            pay_type: Some(pay),
            code: "45022".into(),
            name: "前刹车片".into(),
            quantity: 2,
            unit_price_fen: price,
            stock: Some(Stock::InStock),
            ..LineInput::default()
        };
        let lines = parse_lines(&[labour, part(PayType::Customer, 28_050), part(PayType::Warranty, 10_000)]).unwrap();
        lines.into_iter().zip(1..).map(|(line, id)| DoneLine { id, line }).collect()
    }

    #[test]
    fn discounts_come_off_the_customers_share_and_past_the_limit_wait_for_a_supervisor() {
        // Customer: 45,000 + 56,100 = 101,100; warranty 20,000.
        let terms = SettlementTerms {
            line_discounts: vec![(1, Discount::Percent(10))],
            whole_discount: Some(Discount::Fen(Fen(1_100))),
            old_parts: vec![(2, OldParts::Returned)],
        };
        let s = settle(done(), &terms, 10).unwrap();
        assert_eq!(s.lines[0].discount, Fen(4_500));
        assert_eq!((s.whole_discount, s.discount_total), (Fen(1_100), Fen(5_600)));
        assert_eq!(s.due, [(PayType::Customer, Fen(95_500)), (PayType::Warranty, Fen(20_000))]);
        assert_eq!(
            s.lines.iter().map(|l| l.old_parts).collect::<Vec<_>>(),
            [None, Some(OldParts::Returned), Some(OldParts::Left)]
        );
        assert!(!s.needs_approval, "5,600 of 101,100 is within 10%");
        let big = SettlementTerms { whole_discount: Some(Discount::Percent(15)), ..SettlementTerms::default() };
        assert!(settle(done(), &big, 10).unwrap().needs_approval);
        let warranty =
            SettlementTerms { line_discounts: vec![(3, Discount::Fen(Fen(1)))], ..SettlementTerms::default() };
        assert_eq!(settle(done(), &warranty, 10).unwrap_err().reason(), Some(ErrorReason::FieldInvalid));
    }

    #[test]
    fn payments_stay_within_each_payers_share_and_the_car_leaves_once_the_customer_paid() {
        let s = settle(done(), &SettlementTerms::default(), 10).unwrap();
        assert_eq!(may_deliver(None, Fen::ZERO).unwrap_err().reason(), Some(ErrorReason::SettlementRequired));
        let part = check_payment(&s, false, PaymentMethod::WechatPay, Fen(100_000), Fen::ZERO, false);
        assert!(part.is_ok());
        let over = check_payment(&s, false, PaymentMethod::Cash, Fen(1_200), Fen(100_000), false).unwrap_err();
        assert_eq!(over.reason(), Some(ErrorReason::PaymentExceedsDue));
        let unpaid = may_deliver(Some((&s, false)), Fen(100_000)).unwrap_err();
        assert_eq!(unpaid.reason(), Some(ErrorReason::SettlementUnpaid));
        assert!(may_deliver(Some((&s, false)), Fen(101_100)).is_ok());
        let on_account = check_payment(&s, false, PaymentMethod::OnAccount, Fen(1_100), Fen(100_000), false);
        assert_eq!(on_account.unwrap_err().reason(), Some(ErrorReason::RoleNotAllowed));
        assert!(check_payment(&s, false, PaymentMethod::WarrantyClaim, Fen(20_000), Fen::ZERO, false).is_ok());
        let big =
            settle(done(), &SettlementTerms { whole_discount: Some(Discount::Percent(50)), ..Default::default() }, 10)
                .unwrap();
        let waits = check_payment(&big, false, PaymentMethod::Cash, Fen(100), Fen::ZERO, false).unwrap_err();
        assert_eq!(waits.reason(), Some(ErrorReason::DiscountNeedsApproval));
        assert!(check_payment(&big, true, PaymentMethod::Cash, Fen(100), Fen::ZERO, false).is_ok());
    }
}
