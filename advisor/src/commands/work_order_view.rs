//! How a work order reads at the counter: versions, lines and totals, the settlement
//! and what the customer owes — shared by the estimate and settlement commands.

use frontdesk_domain::workorder::Fen;
use frontdesk_proto::v1 as pb;
use serde_json::{Value, json};

use crate::output::{self, local};
use crate::{Ctx, Failure};

/// Who pays, for people.
fn pay_name(p: i32) -> &'static str {
    match pb::PayType::try_from(p) {
        Ok(pb::PayType::Customer) => "自费 customer",
        Ok(pb::PayType::Warranty) => "保修 warranty",
        Ok(pb::PayType::Insurance) => "保险 insurance",
        Ok(pb::PayType::Internal) => "内部 internal",
        _ => "?",
    }
}

fn state_name(s: i32) -> &'static str {
    match pb::LineState::try_from(s) {
        Ok(pb::LineState::Proposed) => "待确认 proposed",
        Ok(pb::LineState::Approved) => "已确认 approved",
        Ok(pb::LineState::Declined) => "拒绝 declined",
        Ok(pb::LineState::Done) => "已完工 done",
        _ => "?",
    }
}

fn version_state(s: i32) -> &'static str {
    match pb::EstimateState::try_from(s) {
        Ok(pb::EstimateState::Proposed) => "待客户确认 waiting for the customer",
        Ok(pb::EstimateState::Approved) => "客户已确认 approved",
        Ok(pb::EstimateState::Declined) => "客户不同意 declined",
        _ => "?",
    }
}

/// How many of what at which price: `1.5 h × ¥300.00`, `2 × ¥280.50`.
fn quantity(l: &pb::EstimateLine) -> String {
    match pb::LineKind::try_from(l.kind) {
        Ok(pb::LineKind::Labour) => {
            format!("{}.{} h × {}", l.hours_tenths / 10, l.hours_tenths % 10, Fen(l.hourly_rate_fen))
        }
        Ok(pb::LineKind::Part) => format!("{} × {}", l.quantity, Fen(l.unit_price_fen)),
        _ => String::new(),
    }
}

fn totals_text(totals: &[pb::PayTypeTotal], total: i64) -> String {
    if totals.is_empty() {
        return format!("nothing yet — total {}", Fen(total));
    }
    let each: Vec<String> = totals.iter().map(|t| format!("{} {}", pay_name(t.pay_type), Fen(t.amount_fen))).collect();
    format!("{} — total {}", each.join(" · "), Fen(total))
}

fn line_json(l: &pb::EstimateLine) -> Value {
    json!({
        "line_id": l.line_id, "version": l.version, "code": l.code, "name": l.name,
        "quantity": quantity(l), "amount_fen": l.amount_fen, "amount": Fen(l.amount_fen).to_string(),
        "pay": pay_name(l.pay_type), "state": state_name(l.state),
    })
}

fn work_order_json(ctx: &Ctx, w: &pb::WorkOrder) -> Value {
    json!({
        "work_order": w.visit.as_ref().map(|v| v.work_order.clone()),
        "insurer": w.insurer, "claim_number": w.claim_number,
        "approved_total_fen": w.approved_total_fen,
        "customer_owed_fen": w.settlement.as_ref().map(|s| s.customer_owed_fen),
        "discount_needs_approval": w.settlement.as_ref().map(|s| s.discount_needs_approval),
        "estimates": w.estimates.iter().map(|e| json!({
            "version": e.version, "state": version_state(e.state), "content_hash": e.content_hash,
            "total_fen": e.total_fen, "proposed": local(ctx.zone, e.propose_time.as_ref()),
            "lines": e.lines.iter().map(line_json).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// A work order for people: its versions, lines, totals and settlement; or as JSON.
pub(super) fn show(ctx: &Ctx, w: &pb::WorkOrder) {
    if ctx.json {
        output::print_fields(true, work_order_json(ctx, w), &[]);
        return;
    }
    let wo = w.visit.as_ref().map(|v| format!("{} · {}", v.work_order, v.plate)).unwrap_or_default();
    crate::say!("{wo}");
    for e in &w.estimates {
        crate::say!(
            "v{} {} (hash {})",
            e.version,
            version_state(e.state),
            e.content_hash.get(..12).unwrap_or_default()
        );
        let rows = e
            .lines
            .iter()
            .map(|l| {
                vec![
                    l.line_id.to_string(),
                    format!("{} {}", l.code, l.name).trim().to_owned(),
                    quantity(l),
                    Fen(l.amount_fen).to_string(),
                    pay_name(l.pay_type).to_owned(),
                    state_name(l.state).to_owned(),
                ]
            })
            .collect();
        output::print(false, Value::Null, &["line", "what", "quantity", "amount", "pays", "state"], rows);
        crate::say!("  {}", totals_text(&e.totals, e.total_fen));
    }
    if w.estimates.is_empty() {
        crate::say!("no estimate yet: propose one with `advisor estimate WO --labour … --part … --fee …`");
    } else {
        crate::say!("agreed: {}", totals_text(&w.approved_totals, w.approved_total_fen));
    }
    if let Some(settlement) = &w.settlement {
        print_settlement(settlement);
    }
}

/// The work order the server sent.
pub(super) fn sent(w: Option<pb::WorkOrder>) -> Result<pb::WorkOrder, Failure> {
    w.ok_or_else(|| Failure::Setup("the server sent no work order".into()))
}

/// The settlement's lines for people: what is charged to whom, and what is owed.
fn print_settlement(s: &pb::Settlement) {
    let rows = s
        .lines
        .iter()
        .map(|l| {
            let line = l.line.clone().unwrap_or_default();
            let old = match pb::OldParts::try_from(l.old_parts) {
                Ok(pb::OldParts::Returned) => "旧件交还 returned",
                Ok(pb::OldParts::Left) => "旧件留店 left",
                _ => "",
            };
            vec![
                line.line_id.to_string(),
                format!("{} {}", line.code, line.name).trim().to_owned(),
                Fen(line.amount_fen).to_string(),
                Fen(l.discount_fen).to_string(),
                Fen(l.charged_fen).to_string(),
                pay_name(line.pay_type).to_owned(),
                old.to_owned(),
            ]
        })
        .collect();
    output::print(false, Value::Null, &["line", "what", "amount", "discount", "charged", "pays", "old parts"], rows);
    let due: Vec<String> = s.due.iter().map(|t| format!("{} {}", pay_name(t.pay_type), Fen(t.amount_fen))).collect();
    crate::say!("结算 settled: {} (discounts {})", due.join(" · "), Fen(s.discount_total_fen));
    if s.discount_needs_approval {
        crate::say!("the discount waits for a supervisor: advisor --as supervisor approve-discount WO --note …");
    }
    crate::say!("the customer still owes {}", Fen(s.customer_owed_fen));
}
