//! The settlement at the counter: `settle`, `approve-discount` and `pay`.

use frontdesk_domain::workorder::Fen;
use frontdesk_proto::client::Connection;
use frontdesk_proto::v1 as pb;

use super::work_order_view::{sent, show};
use crate::cli::{PayArgs, SettleArgs};
use crate::{Ctx, Failure};

/// `10%` as a percent, `50` or `¥50.00` as fen.
fn discount(text: &str, flag: &str) -> Result<(i64, i32), Failure> {
    let bad = |why: &str| Failure::Usage(format!("{flag} {text:?}: {why}"));
    match text.trim().strip_suffix('%') {
        Some(percent) => Ok((0, percent.trim().parse().map_err(|_| bad("a whole percent, like 10%"))?)),
        None => Ok((Fen::parse_yuan(text).map_err(|e| bad(&e.description))?.fen(), 0)),
    }
}

/// `LINE=DISCOUNT`: `3=10%`, `3=50`.
fn line_discount(text: &str) -> Result<pb::LineDiscount, Failure> {
    let (line, amount) = text
        .split_once('=')
        .ok_or_else(|| Failure::Usage(format!("--discount {text:?}: write LINE=10% or LINE=50 (yuan)")))?;
    let line_id = line.trim().parse().map_err(|_| Failure::Usage(format!("--discount {text:?}: LINE is a line id")))?;
    let (discount_fen, discount_percent) = discount(amount, "--discount")?;
    Ok(pb::LineDiscount { line_id, discount_fen, discount_percent })
}

fn method(text: &str) -> Result<pb::PaymentMethod, Failure> {
    Ok(match text {
        "cash" => pb::PaymentMethod::Cash,
        "card" => pb::PaymentMethod::BankCard,
        "wechat" => pb::PaymentMethod::WechatPay,
        "alipay" => pb::PaymentMethod::Alipay,
        "insurer" => pb::PaymentMethod::InsurerDirect,
        "warranty" => pb::PaymentMethod::WarrantyClaim,
        "account" => pb::PaymentMethod::OnAccount,
        _ => {
            return Err(Failure::Usage(format!(
                "--method {text:?}: cash, card, wechat, alipay, insurer, warranty or account"
            )));
        }
    })
}

/// `advisor settle`.
pub async fn settle(ctx: &Ctx, conn: &Connection, args: SettleArgs) -> Result<(), Failure> {
    let (whole_discount_fen, whole_discount_percent) =
        args.whole.as_deref().map(|w| discount(w, "--whole")).transpose()?.unwrap_or((0, 0));
    let request = pb::SettleRequest {
        work_order: args.work_order,
        line_discounts: args.discount.iter().map(|d| line_discount(d)).collect::<Result<_, _>>()?,
        whole_discount_fen,
        whole_discount_percent,
        old_parts: args
            .return_old
            .iter()
            .map(|&line_id| pb::OldPartsChoice { line_id, old_parts: pb::OldParts::Returned as i32 })
            .collect(),
    };
    show(ctx, &sent(conn.work_orders().settle(request).await?.into_inner().work_order)?);
    Ok(())
}

/// `advisor approve-discount`.
pub async fn approve_discount(ctx: &Ctx, conn: &Connection, work_order: String, note: String) -> Result<(), Failure> {
    let request = pb::ApproveDiscountRequest { work_order, note };
    show(ctx, &sent(conn.work_orders().approve_discount(request).await?.into_inner().work_order)?);
    Ok(())
}

/// `advisor pay`.
pub async fn pay(ctx: &Ctx, conn: &Connection, args: PayArgs) -> Result<(), Failure> {
    let amount = Fen::parse_yuan(&args.amount)
        .map_err(|e| Failure::Usage(format!("AMOUNT {:?}: {}", args.amount, e.description)))?;
    let request = pb::RecordPaymentRequest {
        request_id: args.request_id.unwrap_or_else(crate::fresh_request_id),
        work_order: args.work_order,
        method: method(&args.method)? as i32,
        amount_fen: amount.fen(),
        reference: args.reference,
    };
    show(ctx, &sent(conn.work_orders().record_payment(request).await?.into_inner().work_order)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discounts_are_percent_or_yuan() {
        assert_eq!(discount("10%", "--whole").expect("percent"), (0, 10));
        assert_eq!(discount("¥50.5", "--whole").expect("yuan"), (5_050, 0));
        let line = line_discount("3=15%").expect("line");
        assert_eq!((line.line_id, line.discount_percent), (3, 15));
        assert!(matches!(line_discount("3"), Err(Failure::Usage(_))));
        assert!(matches!(method("bitcoin"), Err(Failure::Usage(_))));
    }
}
