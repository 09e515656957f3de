//! The estimate (估价单): lines of labour, parts and other fees, each with who pays it,
//! in versions — version 1 approved before the work starts, extra work found during the
//! repair (增项) a new version with the added lines — and an approval bound to the
//! content the customer saw (its hash), so a changed estimate needs a new one.

use sha2::{Digest, Sha256};

use super::Fen;
use crate::error::{Error, Invalid, Violation};
use crate::{ErrorReason, free_text, limits, required_text};

macro_rules! named_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $zh:literal,)+ }) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            strum::IntoStaticStr, strum::EnumString, strum::EnumIter,
        )]
        #[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
        pub enum $name { $($(#[$vdoc])* $variant,)+ }

        impl $name {
            /// The name on the Chinese documents and the pad.
            pub fn name_zh(self) -> &'static str {
                match self { $($name::$variant => $zh,)+ }
            }
        }
    };
}

named_enum!(
    /// What a line charges for.
    LineKind {
        /// 工时: an operation, hours × hourly rate.
        Labour => "工时",
        /// 配件: a part, quantity × unit price.
        Part => "配件",
        /// 其他费用: diagnosis, material, towing.
        Fee => "其他费用",
    }
);

named_enum!(
    /// Who pays a line.
    PayType {
        /// 自费: the customer.
        Customer => "自费",
        /// 保修: the carmaker's warranty.
        Warranty => "保修",
        /// 保险: the insurer (insurer and claim number on the visit).
        Insurance => "保险",
        /// 内部: the store itself.
        Internal => "内部",
    }
);

named_enum!(
    /// Whether a part is on the shelf.
    Stock {
        /// 有库存.
        InStock => "有库存",
        /// 需订货: makes a parts order.
        ToOrder => "需订货",
    }
);

named_enum!(
    /// Where a line stands.
    LineState {
        /// Proposed, waiting for the customer.
        Proposed => "待确认",
        /// Approved by the customer: may be done.
        Approved => "已确认",
        /// Declined by the customer: kept as a recommendation.
        Declined => "客户拒绝",
        /// Done in the workshop.
        Done => "已完工",
    }
);

named_enum!(
    /// Where an estimate version stands.
    EstimateState {
        /// Waiting for the customer's answer.
        Proposed => "待客户确认",
        /// Approved (some lines may be declined).
        Approved => "客户已确认",
        /// Every line declined.
        Declined => "客户不同意",
    }
);

named_enum!(
    /// How the customer approved.
    ApprovalMethod {
        /// Signed at the counter.
        Signature => "签字确认",
        /// Approved on the phone: who called, when, the customer's words.
        Phone => "电话确认",
        /// Approved on the customer's own page (a link sent to them).
        Link => "链接确认",
    }
);

/// A line as the advisor proposes it, before it is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    /// Labour, part or fee; `None` when not given.
    pub kind: Option<LineKind>,
    /// Who pays; `None` when not given.
    pub pay_type: Option<PayType>,
    /// Operation code (labour), part number (part, required), or empty.
    pub code: String,
    /// What it is: 更换前刹车片.
    pub name: String,
    /// Labour: hours in tenths (1.5 h = 15).
    pub hours_tenths: i32,
    /// Labour: the hourly rate.
    pub hourly_rate_fen: i64,
    /// Part: how many.
    pub quantity: i32,
    /// Part: the price of one.
    pub unit_price_fen: i64,
    /// Part: on the shelf or to order.
    pub stock: Option<Stock>,
    /// Fee: the amount.
    pub fee_fen: i64,
}

/// A checked line with its amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Labour, part or fee.
    pub kind: LineKind,
    /// Who pays.
    pub pay_type: PayType,
    /// Operation code or part number.
    pub code: String,
    /// What it is.
    pub name: String,
    /// Labour: hours in tenths; 0 otherwise.
    pub hours_tenths: i32,
    /// Labour: the hourly rate; 0 otherwise.
    pub hourly_rate_fen: i64,
    /// Part: how many; 0 otherwise.
    pub quantity: i32,
    /// Part: the price of one; 0 otherwise.
    pub unit_price_fen: i64,
    /// Part: on the shelf or to order.
    pub stock: Option<Stock>,
    /// What the line costs.
    pub amount: Fen,
}

/// The most lines one version holds.
pub const MOST_LINES: usize = 100;
/// The most one price or fee may be: ¥1,000,000.
pub const MOST_FEN: i64 = 100_000_000;
/// The most hours one labour line charges: 200.0 h.
pub const MOST_HOURS_TENTHS: i32 = 2_000;
/// The most pieces of one part on a line.
pub const MOST_QUANTITY: i32 = 999;

fn within(field: String, value: i64, low: i64, high: i64, what: &str) -> Result<(), Violation> {
    if (low..=high).contains(&value) {
        Ok(())
    } else {
        Err(Invalid::new(ErrorReason::FieldInvalid, format!("{what} is {low} to {high}")).at(field))
    }
}

fn required<T>(value: Option<T>, field: String, what: &str) -> Result<T, Violation> {
    value.ok_or_else(|| Invalid::new(ErrorReason::FieldRequired, format!("say {what}")).at(field))
}

/// A part number: 1 to 40 letters, digits and `-`.
fn part_number(code: &str, field: String) -> Result<String, Violation> {
    let code = code.trim().to_ascii_uppercase();
    match code.len() {
        0 => Err(Invalid::new(ErrorReason::FieldRequired, "a part line needs its part number").at(field)),
        1..=40 if code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') => Ok(code),
        _ => Err(Invalid::new(ErrorReason::FieldInvalid, "a part number is 1 to 40 letters, digits and -").at(field)),
    }
}

/// Half a fen and more rounds up: 1.5 h at ¥333.33 is ¥500.00 (49,999.5 fen → 50,000).
fn labour_amount(hours_tenths: i32, rate_fen: i64) -> Fen {
    Fen((i64::from(hours_tenths) * rate_fen + 5) / 10)
}

impl Line {
    /// Checks line `index` of a request (fields named `lines[index].…`): a kind, a pay
    /// type and a name; labour hours and rate, a part's number, quantity, price and
    /// stock, a fee's amount — each within its bounds. Every bad field is named.
    pub fn parse(input: &LineInput, index: usize) -> Result<Line, Vec<Violation>> {
        let at = |field: &str| format!("lines[{index}].{field}");
        let mut bad = Vec::new();
        let kind = required(input.kind, at("kind"), "labour, part or fee").map_err(|v| bad.push(v)).ok();
        let pay_type = required(input.pay_type, at("pay_type"), "who pays").map_err(|v| bad.push(v)).ok();
        let name = required_text(&input.name, limits::SHORT_TEXT_CHARS, "say what the line is")
            .map_err(|e| bad.push(e.at(at("name"))))
            .unwrap_or_default();
        let mut line = Line {
            kind: kind.unwrap_or(LineKind::Fee),
            pay_type: pay_type.unwrap_or(PayType::Customer),
            code: String::new(),
            name,
            hours_tenths: 0,
            hourly_rate_fen: 0,
            quantity: 0,
            unit_price_fen: 0,
            stock: None,
            amount: Fen::ZERO,
        };
        match kind {
            Some(LineKind::Labour) => line.labour(input, &at, &mut bad),
            Some(LineKind::Part) => line.part(input, &at, &mut bad),
            Some(LineKind::Fee) => line.fee(input, &at, &mut bad),
            None => {}
        }
        if bad.is_empty() { Ok(line) } else { Err(bad) }
    }

    fn labour(&mut self, input: &LineInput, at: &dyn Fn(&str) -> String, bad: &mut Vec<Violation>) {
        let hours =
            within(at("hours_tenths"), input.hours_tenths.into(), 1, MOST_HOURS_TENTHS.into(), "hours in tenths");
        let rate = within(at("hourly_rate_fen"), input.hourly_rate_fen, 1, MOST_FEN, "the hourly rate in fen");
        let code = free_text(&input.code, 40).map_err(|e| e.at(at("code")));
        match (hours, rate, code) {
            (Ok(()), Ok(()), Ok(code)) => {
                self.code = code;
                self.hours_tenths = input.hours_tenths;
                self.hourly_rate_fen = input.hourly_rate_fen;
                self.amount = labour_amount(input.hours_tenths, input.hourly_rate_fen);
            }
            (h, r, c) => bad.extend([h.err(), r.err(), c.err()].into_iter().flatten()),
        }
    }

    fn part(&mut self, input: &LineInput, at: &dyn Fn(&str) -> String, bad: &mut Vec<Violation>) {
        let code = part_number(&input.code, at("code"));
        let quantity = within(at("quantity"), input.quantity.into(), 1, MOST_QUANTITY.into(), "the quantity");
        let price = within(at("unit_price_fen"), input.unit_price_fen, 0, MOST_FEN, "the unit price in fen");
        let stock = required(input.stock, at("stock"), "whether the part is in stock or to order");
        match (code, quantity, price, stock) {
            (Ok(code), Ok(()), Ok(()), Ok(stock)) => {
                self.code = code;
                self.quantity = input.quantity;
                self.unit_price_fen = input.unit_price_fen;
                self.stock = Some(stock);
                self.amount = Fen(i64::from(input.quantity) * input.unit_price_fen);
            }
            (c, q, p, s) => bad.extend([c.err(), q.err(), p.err(), s.err()].into_iter().flatten()),
        }
    }

    fn fee(&mut self, input: &LineInput, at: &dyn Fn(&str) -> String, bad: &mut Vec<Violation>) {
        let amount = within(at("fee_fen"), input.fee_fen, 0, MOST_FEN, "the fee in fen");
        match (amount, free_text(&input.code, 40).map_err(|e| e.at(at("code")))) {
            (Ok(()), Ok(code)) => {
                self.code = code;
                self.amount = Fen(input.fee_fen);
            }
            (a, c) => bad.extend([a.err(), c.err()].into_iter().flatten()),
        }
    }

    /// The line as it enters the content hash: every field the customer sees.
    fn canonical(&self) -> String {
        let stock: &str = self.stock.map_or("", <&str>::from);
        format!(
            "{}|{}|{}|{}|{}|{}|{}|{}|{}|{}\n",
            <&str>::from(self.kind),
            <&str>::from(self.pay_type),
            self.code,
            self.name.replace(['|', '\n'], " "),
            self.hours_tenths,
            self.hourly_rate_fen,
            self.quantity,
            self.unit_price_fen,
            stock,
            self.amount.fen()
        )
    }
}

/// Checks the lines of a new version: one at least, at most [`MOST_LINES`].
pub fn parse_lines(inputs: &[LineInput]) -> Result<Vec<Line>, Error> {
    if inputs.is_empty() {
        return Err(Error::invalid(
            "lines",
            Invalid::new(ErrorReason::FieldRequired, "an estimate has one line at least"),
        ));
    }
    if inputs.len() > MOST_LINES {
        let why = format!("an estimate version has at most {MOST_LINES} lines");
        return Err(Error::invalid("lines", Invalid::new(ErrorReason::FieldInvalid, why)));
    }
    let mut lines = Vec::with_capacity(inputs.len());
    let mut bad = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        match Line::parse(input, i) {
            Ok(line) => lines.push(line),
            Err(v) => bad.extend(v),
        }
    }
    if bad.is_empty() { Ok(lines) } else { Err(Error::Invalid(bad)) }
}

/// The hash an approval is bound to: SHA-256 (hex) over the work order, the version
/// and every field of every line the customer sees, in order.
pub fn content_hash(work_order: &str, version: u32, lines: &[Line]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(format!("{work_order}\n{version}\n"));
    for line in lines {
        hasher.update(line.canonical());
    }
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Totals per pay type, in the order 自费, 保修, 保险, 内部; pay types without a line left out.
pub fn totals(lines: impl IntoIterator<Item = (PayType, Fen)>) -> Vec<(PayType, Fen)> {
    let mut sums: Vec<(PayType, Fen)> = Vec::new();
    for (pay, amount) in lines {
        match sums.iter_mut().find(|(p, _)| *p == pay) {
            Some((_, sum)) => *sum = *sum + amount,
            None => sums.push((pay, amount)),
        }
    }
    sums.sort_by_key(|(p, _)| *p);
    sums
}

/// An insurance line needs the insurer and the claim number on the visit.
pub fn check_insurance(lines: &[Line], insurer: &str, claim_number: &str) -> Result<(), Error> {
    if !lines.iter().any(|l| l.pay_type == PayType::Insurance) {
        return Ok(());
    }
    let mut bad = Vec::new();
    if insurer.trim().is_empty() {
        bad.push(Invalid::new(ErrorReason::FieldRequired, "an insurance line needs the insurer").at("insurer"));
    }
    if claim_number.trim().is_empty() {
        bad.push(
            Invalid::new(ErrorReason::FieldRequired, "an insurance line needs the claim number").at("claim_number"),
        );
    }
    if bad.is_empty() { Ok(()) } else { Err(Error::Invalid(bad)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labour(hours_tenths: i32, hourly_rate_fen: i64) -> LineInput {
        LineInput {
            kind: Some(LineKind::Labour),
            pay_type: Some(PayType::Customer),
            name: "更换前刹车片".into(),
            hours_tenths,
            hourly_rate_fen,
            ..LineInput::default()
        }
    }

    fn part(code: &str, quantity: i32, unit_price_fen: i64, pay: PayType) -> LineInput {
        LineInput {
            kind: Some(LineKind::Part),
            pay_type: Some(pay),
            code: code.into(),
            name: "前刹车片".into(),
            quantity,
            unit_price_fen,
            stock: Some(Stock::InStock),
            ..LineInput::default()
        }
    }

    #[test]
    fn amounts_are_hours_times_rate_and_quantity_times_price_in_fen() {
        let lines = parse_lines(&[labour(15, 33_333), part("45022-tba-a01", 2, 28_050, PayType::Warranty)]);
        let lines = lines.expect("valid");
        assert_eq!(lines[0].amount, Fen(50_000), "1.5 h × ¥333.33 = ¥499.995, half a fen rounds up");
        assert_eq!((lines[1].code.as_str(), lines[1].amount), ("45022-TBA-A01", Fen(56_100)));
        let sums = totals(lines.iter().map(|l| (l.pay_type, l.amount)));
        assert_eq!(sums, [(PayType::Customer, Fen(50_000)), (PayType::Warranty, Fen(56_100))]);
    }

    #[test]
    fn every_bad_field_of_every_line_is_named() {
        let no_kind = LineInput { name: "x".into(), pay_type: Some(PayType::Customer), ..LineInput::default() };
        let Err(Error::Invalid(bad)) = parse_lines(&[labour(0, 100), part("", 1000, -1, PayType::Customer), no_kind])
        else {
            panic!("invalid")
        };
        let fields: Vec<_> = bad.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(
            fields,
            ["lines[0].hours_tenths", "lines[1].code", "lines[1].quantity", "lines[1].unit_price_fen", "lines[2].kind"]
        );
        assert!(parse_lines(&[]).is_err(), "an estimate has a line");
    }

    #[test]
    fn the_content_hash_changes_with_anything_the_customer_sees() {
        let lines = parse_lines(&[labour(10, 30_000)]).expect("valid");
        let hash = content_hash("WO20300304-001", 1, &lines);
        assert_eq!(hash, content_hash("WO20300304-001", 1, &lines), "the same content, the same hash");
        assert_ne!(hash, content_hash("WO20300304-001", 2, &lines), "another version");
        let dearer = parse_lines(&[labour(10, 30_001)]).expect("valid");
        assert_ne!(hash, content_hash("WO20300304-001", 1, &dearer), "another price");
    }

    #[test]
    fn an_insurance_line_needs_insurer_and_claim_number() {
        let lines = parse_lines(&[part("A1", 1, 100, PayType::Insurance)]).expect("valid");
        let Err(Error::Invalid(bad)) = check_insurance(&lines, "", " ") else { panic!("missing") };
        assert_eq!(bad.iter().map(|v| v.field.as_str()).collect::<Vec<_>>(), ["insurer", "claim_number"]);
        assert!(check_insurance(&lines, "平安保险", "PA2030-1").is_ok());
    }
}
