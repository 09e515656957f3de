//! The work order at the counter: `estimate` (show or propose a version), `approve`
//! (the customer's yes by phone) and `lines-done`.

use frontdesk_domain::workorder::{Fen, parse_tenths};
use frontdesk_proto::client::Connection;
use frontdesk_proto::v1 as pb;

use super::work_order_view::{sent, show};
use crate::cli::{ApproveArgs, EstimateArgs};
use crate::output;
use crate::{Ctx, Failure};

fn usage(flag: &str, text: &str, what: &str) -> Failure {
    Failure::Usage(format!("{flag} {text:?}: {what}"))
}

fn pay(word: Option<&str>, flag: &str, text: &str) -> Result<pb::PayType, Failure> {
    match word.map(str::trim) {
        None | Some("customer") => Ok(pb::PayType::Customer),
        Some("warranty") => Ok(pb::PayType::Warranty),
        Some("insurance") => Ok(pb::PayType::Insurance),
        Some("internal") => Ok(pb::PayType::Internal),
        Some(_) => Err(usage(flag, text, "who pays is customer, warranty, insurance or internal")),
    }
}

fn yuan(word: &str, flag: &str, text: &str) -> Result<i64, Failure> {
    Fen::parse_yuan(word).map(Fen::fen).map_err(|e| usage(flag, text, &e.description))
}

/// `NAME,HOURS,RATE[,PAY]`: `更换前刹车片,1.5,300`.
fn labour(text: &str) -> Result<pb::EstimateLineInput, Failure> {
    let f: Vec<&str> = text.split(',').collect();
    let [name, hours, rate, rest @ ..] = f.as_slice() else {
        return Err(usage("--labour", text, "write NAME,HOURS,RATE[,PAY], e.g. 更换前刹车片,1.5,300"));
    };
    Ok(pb::EstimateLineInput {
        kind: pb::LineKind::Labour as i32,
        pay_type: pay(rest.first().copied(), "--labour", text)? as i32,
        name: (*name).to_owned(),
        hours_tenths: parse_tenths(hours).map_err(|e| usage("--labour", text, &e.description))?,
        hourly_rate_fen: yuan(rate, "--labour", text)?,
        ..Default::default()
    })
}

/// `PARTNO,NAME,QTY,PRICE,stock|order[,PAY]`: `45022-TBA-A01,前刹车片,2,280.50,stock`.
fn part(text: &str) -> Result<pb::EstimateLineInput, Failure> {
    let f: Vec<&str> = text.split(',').collect();
    let [code, name, quantity, price, stock, rest @ ..] = f.as_slice() else {
        return Err(usage("--part", text, "write PARTNO,NAME,QTY,PRICE,stock|order[,PAY]"));
    };
    let stock = match stock.trim() {
        "stock" => pb::PartStock::InStock,
        "order" => pb::PartStock::ToOrder,
        _ => return Err(usage("--part", text, "the part is `stock` (on the shelf) or `order` (to order)")),
    };
    Ok(pb::EstimateLineInput {
        kind: pb::LineKind::Part as i32,
        pay_type: pay(rest.first().copied(), "--part", text)? as i32,
        code: (*code).to_owned(),
        name: (*name).to_owned(),
        quantity: quantity.trim().parse().map_err(|_| usage("--part", text, "the quantity is a whole number"))?,
        unit_price_fen: yuan(price, "--part", text)?,
        stock: stock as i32,
        ..Default::default()
    })
}

/// `NAME,AMOUNT[,PAY]`: `检测费,100`.
fn fee(text: &str) -> Result<pb::EstimateLineInput, Failure> {
    let f: Vec<&str> = text.split(',').collect();
    let [name, amount, rest @ ..] = f.as_slice() else {
        return Err(usage("--fee", text, "write NAME,AMOUNT[,PAY], e.g. 检测费,100"));
    };
    Ok(pb::EstimateLineInput {
        kind: pb::LineKind::Fee as i32,
        pay_type: pay(rest.first().copied(), "--fee", text)? as i32,
        name: (*name).to_owned(),
        fee_fen: yuan(amount, "--fee", text)?,
        ..Default::default()
    })
}

/// `advisor estimate`: shows the estimate, or proposes the next version.
pub async fn estimate(ctx: &Ctx, conn: &Connection, args: EstimateArgs) -> Result<(), Failure> {
    let mut lines = Vec::new();
    for text in &args.labour {
        lines.push(labour(text)?);
    }
    for text in &args.part {
        lines.push(part(text)?);
    }
    for text in &args.fee {
        lines.push(fee(text)?);
    }
    let mut orders = conn.work_orders();
    let order = if lines.is_empty() {
        orders.get_work_order(pb::GetWorkOrderRequest { work_order: args.work_order }).await?.into_inner().work_order
    } else {
        let request = pb::ProposeEstimateRequest {
            request_id: args.request_id.unwrap_or_else(crate::fresh_request_id),
            work_order: args.work_order,
            lines,
            insurer: args.insurer.unwrap_or_default(),
            claim_number: args.claim.unwrap_or_default(),
        };
        orders.propose_estimate(request).await?.into_inner().work_order
    };
    show(ctx, &sent(order)?);
    Ok(())
}

/// `advisor approve`: the customer's yes on the phone to the version as it stands.
pub async fn approve(ctx: &Ctx, conn: &Connection, args: ApproveArgs) -> Result<(), Failure> {
    let mut orders = conn.work_orders();
    let request = pb::GetWorkOrderRequest { work_order: args.work_order.clone() };
    let order = sent(orders.get_work_order(request).await?.into_inner().work_order)?;
    let version = order
        .estimates
        .iter()
        .find(|e| e.version == args.version)
        .ok_or_else(|| Failure::Usage(format!("{} has no estimate version {}", args.work_order, args.version)))?;
    let call_time = match &args.at {
        Some(at) => output::parse_local(ctx.zone, at)?,
        None => prost_types::Timestamp { seconds: chrono::Utc::now().timestamp(), nanos: 0 },
    };
    let request = pb::ApproveEstimateRequest {
        work_order: args.work_order,
        version: args.version,
        content_hash: version.content_hash.clone(),
        method: pb::ApprovalMethod::Phone as i32,
        called_by: args.called_by,
        call_time: Some(call_time),
        customer_words: args.words,
        declined_line_ids: args.decline,
        ..Default::default()
    };
    show(ctx, &sent(orders.approve_estimate(request).await?.into_inner().work_order)?);
    Ok(())
}

/// `advisor lines-done`.
pub async fn lines_done(ctx: &Ctx, conn: &Connection, work_order: String, line_ids: Vec<i64>) -> Result<(), Failure> {
    let request = pb::MarkLinesDoneRequest { work_order, line_ids };
    show(ctx, &sent(conn.work_orders().mark_lines_done(request).await?.into_inner().work_order)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_read_from_their_comma_forms_in_fen() {
        let l = labour("更换前刹车片,1.5,333.33").expect("labour");
        assert_eq!((l.hours_tenths, l.hourly_rate_fen, l.pay_type), (15, 33_333, pb::PayType::Customer as i32));
        let p = part("45022-TBA-A01,前刹车片,2,280.50,order,warranty").expect("part");
        assert_eq!((p.quantity, p.unit_price_fen, p.stock), (2, 28_050, pb::PartStock::ToOrder as i32));
        assert_eq!(p.pay_type, pb::PayType::Warranty as i32);
        assert_eq!(fee("检测费,100").expect("fee").fee_fen, 10_000);
        assert!(matches!(fee("检测费"), Err(Failure::Usage(_))));
        assert!(matches!(part("A,B,1,2,shelf"), Err(Failure::Usage(_))));
        assert!(matches!(labour("x,1.25,300"), Err(Failure::Usage(_))));
    }
}
