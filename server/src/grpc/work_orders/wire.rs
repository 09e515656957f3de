//! The work order's protobuf conversions: wire enums by name to the domain's (the
//! protobuf value `LINE_KIND_LABOUR` is the domain's `LABOUR`), requests into checked
//! domain values, records back into messages.

use frontdesk_proto::v1 as pb;

use crate::domain::records::{Approval, EstimateLine, EstimateVersion, InspectionSheet, WorkOrder};
use crate::domain::workorder::{Fen, Inspection, LineInput, LineState, PanelDamage, PayType, Signature, totals};
use crate::domain::{ErrorReason, Invalid, Violation};
use crate::grpc::convert::{self, timestamp};
use crate::grpc::enums::wire_enum;

wire_enum!(crate::domain::workorder::Panel, pb::BodyPanel, "BODY_PANEL_", panel, to panel_wire);
wire_enum!(crate::domain::workorder::Damage, pb::DamageKind, "DAMAGE_KIND_", damage, to damage_wire);
wire_enum!(crate::domain::workorder::LineKind, pb::LineKind, "LINE_KIND_", line_kind, to line_kind_wire);
wire_enum!(PayType, pb::PayType, "PAY_TYPE_", pay_type, to pay_type_wire);
wire_enum!(crate::domain::workorder::Stock, pb::PartStock, "PART_STOCK_", stock, to stock_wire);
wire_enum!(LineState, pb::LineState, "LINE_STATE_", to line_state_wire);
wire_enum!(crate::domain::workorder::EstimateState,
    pb::EstimateState,
    "ESTIMATE_STATE_", to estimate_state_wire);
wire_enum!(crate::domain::workorder::OldParts, pb::OldParts, "OLD_PARTS_", old_parts, to old_parts_wire);
wire_enum!(pub(super) crate::domain::workorder::PaymentMethod, pb::PaymentMethod, "PAYMENT_METHOD_", payment_method, to payment_method_wire);
wire_enum!(crate::domain::workorder::PartOrderState, pb::PartOrderState, "PART_ORDER_STATE_", to part_order_state_wire);
wire_enum!(crate::domain::workorder::ClaimState, pb::ClaimState, "CLAIM_STATE_", to claim_state_wire);
wire_enum!(pub(super) crate::domain::workorder::ApprovalMethod, pb::ApprovalMethod, "APPROVAL_METHOD_", method, to method_wire);

/// A parts order on the wire; `today` decides whether it is overdue.
pub(super) fn part_order(o: &crate::domain::records::PartOrder, today: chrono::NaiveDate) -> pb::PartOrder {
    pb::PartOrder {
        part_order_id: o.id,
        work_order: o.work_order.clone(),
        plate: o.plate.clone(),
        line_id: o.line_id,
        part_number: o.part_number.clone(),
        name: o.name.clone(),
        quantity: o.quantity,
        supplier: o.supplier.clone(),
        expected_date: o.expected_date.to_string(),
        state: part_order_state_wire(o.state),
        ordered_by: o.ordered_by.clone(),
        order_time: timestamp(o.ordered_at),
        arrive_time: o.arrived_at.and_then(timestamp),
        fitted: o.fitted,
        overdue: crate::domain::workorder::overdue(o.state, o.expected_date, today),
    }
}

/// A warranty claim on the wire.
pub(super) fn warranty_claim(c: &crate::domain::records::WarrantyClaim) -> pb::WarrantyClaim {
    pb::WarrantyClaim {
        claim_id: c.id,
        work_order: c.work_order.clone(),
        claimed_fen: c.claimed.fen(),
        approved_fen: c.approved.map_or(0, Fen::fen),
        state: claim_state_wire(c.state),
        note: c.note.clone(),
        submitted_by: c.submitted_by.clone(),
        submit_time: timestamp(c.submitted_at),
        decided_by: c.decided_by.clone(),
        decide_time: c.decided_at.and_then(timestamp),
        reason: c.reason.clone(),
        pay_time: c.paid_at.and_then(timestamp),
    }
}

/// The settlement's terms from the wire: every bad field named.
pub(super) fn terms(r: &pb::SettleRequest) -> crate::domain::Result<crate::domain::workorder::SettlementTerms> {
    use crate::domain::workorder::{Discount, SettlementTerms};
    let mut bad = Vec::new();
    let mut terms = SettlementTerms::default();
    for (i, d) in r.line_discounts.iter().enumerate().take(crate::domain::workorder::MOST_LINES + 1) {
        match Discount::parse(d.discount_fen, d.discount_percent, &format!("line_discounts[{i}]")) {
            Ok(Some(discount)) => terms.line_discounts.push((d.line_id, discount)),
            Ok(None) => {}
            Err(v) => bad.push(v),
        }
    }
    match Discount::parse(r.whole_discount_fen, r.whole_discount_percent, "whole_discount") {
        Ok(whole) => terms.whole_discount = whole,
        Err(v) => bad.push(v),
    }
    for (i, o) in r.old_parts.iter().enumerate().take(crate::domain::workorder::MOST_LINES + 1) {
        match old_parts(o.old_parts) {
            Some(choice) => terms.old_parts.push((o.line_id, choice)),
            None => bad.push(Invalid::new(ErrorReason::FieldInvalid, "RETURNED or LEFT").at(format!("old_parts[{i}]"))),
        }
    }
    if bad.is_empty() { Ok(terms) } else { Err(crate::domain::Error::Invalid(bad)) }
}

fn settlement(w: &WorkOrder) -> Option<pb::Settlement> {
    let kept = w.settlement.as_ref()?;
    let (s, approved) = crate::app::settlements::figured(w).ok().flatten()?;
    let by_line = |id: i64| w.estimates.iter().flat_map(|v| &v.lines).find(|l| l.id == id);
    let lines = s
        .lines
        .iter()
        .map(|l| pb::SettlementLine {
            line: by_line(l.done.id).map(line),
            discount_fen: l.discount.fen(),
            charged_fen: l.done.line.amount.fen() - l.discount.fen(),
            old_parts: l.old_parts.map_or(0, old_parts_wire),
        })
        .collect();
    let paid = totals(w.payments.iter().map(|p| (p.method.payer(), p.amount)));
    let customer_paid = crate::app::settlements::customer_paid(w);
    let (due, _) = pay_totals(s.due.clone());
    let (paid, _) = pay_totals(paid);
    Some(pb::Settlement {
        lines,
        whole_discount_fen: s.whole_discount.fen(),
        discount_total_fen: s.discount_total.fen(),
        due,
        paid,
        customer_owed_fen: (s.due_of(PayType::Customer).fen() - customer_paid.fen()).max(0),
        discount_needs_approval: s.needs_approval && !approved,
        discount_approved_by: kept.discount_approved_by.clone(),
        settled_by: kept.settled_by.clone(),
        settle_time: timestamp(kept.settled_at),
        payments: w
            .payments
            .iter()
            .map(|p| pb::Payment {
                payment_id: p.id,
                method: payment_method_wire(p.method),
                payer: pay_type_wire(p.method.payer()),
                amount_fen: p.amount.fen(),
                reference: p.reference.clone(),
                recorded_by: p.recorded_by.clone(),
                record_time: timestamp(p.recorded_at),
            })
            .collect(),
    })
}

/// A reception sheet from the wire: every bad field named.
pub(super) fn inspection(sheet: Option<&pb::Inspection>) -> crate::domain::Result<Inspection> {
    let Some(s) = sheet else {
        let why = Invalid::new(ErrorReason::FieldRequired, "send the reception sheet");
        return Err(crate::domain::Error::invalid("inspection", why));
    };
    let mut bad: Vec<Violation> = Vec::new();
    let mut damages = Vec::with_capacity(s.damages.len().min(crate::domain::workorder::MOST_DAMAGES + 1));
    for (i, d) in s.damages.iter().enumerate().take(crate::domain::workorder::MOST_DAMAGES + 1) {
        match (panel(d.panel), damage(d.kind)) {
            (Some(panel), Some(damage)) => damages.push(PanelDamage { panel, damage, note: d.note.clone() }),
            (None, _) => {
                bad.push(Invalid::new(ErrorReason::FieldInvalid, "name the panel").at(format!("damages[{i}].panel")))
            }
            (_, None) => {
                bad.push(Invalid::new(ErrorReason::FieldInvalid, "name the damage").at(format!("damages[{i}].kind")))
            }
        }
    }
    if !bad.is_empty() {
        return Err(crate::domain::Error::Invalid(bad));
    }
    Inspection::parse(s.mileage_km, s.fuel_eighths, &s.valuables, damages, &s.customer_words, &s.findings)
}

/// A proposed line as the domain checks it.
pub(super) fn line_input(l: &pb::EstimateLineInput) -> LineInput {
    LineInput {
        kind: line_kind(l.kind),
        pay_type: pay_type(l.pay_type),
        code: l.code.clone(),
        name: l.name.clone(),
        hours_tenths: l.hours_tenths,
        hourly_rate_fen: l.hourly_rate_fen,
        quantity: l.quantity,
        unit_price_fen: l.unit_price_fen,
        stock: stock(l.stock),
        fee_fen: l.fee_fen,
    }
}

/// A signature from the wire.
pub(super) fn signature(s: Option<&pb::Signature>, field: &str) -> Result<Signature, Violation> {
    let strokes: Vec<Vec<(i32, i32)>> = s
        .map(|s| s.strokes.iter().map(|st| st.points.iter().map(|p| (p.x, p.y)).collect()).collect())
        .unwrap_or_default();
    Signature::parse(&strokes, field)
}

fn signature_wire(s: &Signature) -> pb::Signature {
    let point = |&(x, y): &(u16, u16)| pb::SignaturePoint { x: x.into(), y: y.into() };
    pb::Signature {
        strokes: s.strokes.iter().map(|st| pb::SignatureStroke { points: st.iter().map(point).collect() }).collect(),
    }
}

fn sheet(s: &InspectionSheet) -> pb::Inspection {
    let i = &s.inspection;
    pb::Inspection {
        mileage_km: i.mileage_km,
        fuel_eighths: i.fuel_eighths.into(),
        valuables: i.valuables.clone(),
        damages: i
            .damages
            .iter()
            .map(|d| pb::PanelDamage { panel: panel_wire(d.panel), kind: damage_wire(d.damage), note: d.note.clone() })
            .collect(),
        customer_words: i.customer_words.clone(),
        findings: i.findings.clone(),
        recorded_by: s.recorded_by.clone(),
        record_time: timestamp(s.recorded_at),
    }
}

fn line(l: &EstimateLine) -> pb::EstimateLine {
    let d = &l.line;
    pb::EstimateLine {
        line_id: l.id,
        version: i32::try_from(l.version).unwrap_or(i32::MAX),
        kind: line_kind_wire(d.kind),
        pay_type: pay_type_wire(d.pay_type),
        code: d.code.clone(),
        name: d.name.clone(),
        hours_tenths: d.hours_tenths,
        hourly_rate_fen: d.hourly_rate_fen,
        quantity: d.quantity,
        unit_price_fen: d.unit_price_fen,
        stock: d.stock.map_or(0, stock_wire),
        amount_fen: d.amount.fen(),
        state: line_state_wire(l.state),
        done_time: l.done_at.and_then(timestamp),
    }
}

fn pay_totals(sums: Vec<(PayType, Fen)>) -> (Vec<pb::PayTypeTotal>, i64) {
    let total = sums.iter().map(|(_, f)| *f).sum::<Fen>().fen();
    let wire = sums.into_iter().map(|(p, f)| pb::PayTypeTotal { pay_type: pay_type_wire(p), amount_fen: f.fen() });
    (wire.collect(), total)
}

fn approval(a: &Approval, declined: Vec<i64>) -> pb::Approval {
    pb::Approval {
        method: method_wire(a.method),
        approve_time: timestamp(a.approved_at),
        recorded_by: a.approved_by.clone(),
        called_by: a.called_by.clone(),
        call_time: a.called_at.and_then(timestamp),
        customer_words: a.customer_words.clone(),
        signature: a.signature.as_ref().map(signature_wire),
        declined_line_ids: declined,
    }
}

fn version(v: &EstimateVersion) -> pb::EstimateVersion {
    let (totals, total_fen) = pay_totals(totals(v.lines.iter().map(|l| (l.line.pay_type, l.line.amount))));
    let declined = v.lines.iter().filter(|l| l.state == LineState::Declined).map(|l| l.id).collect();
    pb::EstimateVersion {
        version: i32::try_from(v.version).unwrap_or(i32::MAX),
        state: estimate_state_wire(v.state),
        content_hash: v.content_hash.clone(),
        lines: v.lines.iter().map(line).collect(),
        totals,
        total_fen,
        proposed_by: v.proposed_by.clone(),
        propose_time: timestamp(v.proposed_at),
        approval: v.approval.as_ref().map(|a| approval(a, declined)),
    }
}

/// A work order on the wire; `today` decides which parts orders are overdue.
pub(super) fn work_order(w: &WorkOrder, today: chrono::NaiveDate) -> pb::WorkOrder {
    let agreed = w
        .estimates
        .iter()
        .flat_map(|v| &v.lines)
        .filter(|l| matches!(l.state, LineState::Approved | LineState::Done))
        .map(|l| (l.line.pay_type, l.line.amount));
    let (approved_totals, approved_total_fen) = pay_totals(totals(agreed));
    pb::WorkOrder {
        visit: Some(convert::visit(&w.visit)),
        inspection: w.inspection.as_ref().map(sheet),
        estimates: w.estimates.iter().map(version).collect(),
        insurer: w.insurer.clone(),
        claim_number: w.claim_number.clone(),
        approved_totals,
        approved_total_fen,
        settlement: settlement(w),
        part_orders: w.part_orders.iter().map(|o| part_order(o, today)).collect(),
        warranty_claim: w.warranty_claim.as_ref().map(warranty_claim),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workorder::{
        ApprovalMethod, Damage, EstimateState, LineKind, OldParts, Panel, PaymentMethod, Stock,
    };
    use strum::IntoEnumIterator;

    #[test]
    fn every_value_of_the_domain_has_its_wire_value_and_back() {
        assert!(Panel::iter().all(|v| panel(panel_wire(v)) == Some(v)));
        assert!(Damage::iter().all(|v| damage(damage_wire(v)) == Some(v)));
        assert!(LineKind::iter().all(|v| line_kind(line_kind_wire(v)) == Some(v)));
        assert!(PayType::iter().all(|v| pay_type(pay_type_wire(v)) == Some(v)));
        assert!(Stock::iter().all(|v| stock(stock_wire(v)) == Some(v)));
        assert!(ApprovalMethod::iter().all(|v| method(method_wire(v)) == Some(v)));
        assert!(OldParts::iter().all(|v| old_parts(old_parts_wire(v)) == Some(v)));
        assert!(PaymentMethod::iter().all(|v| payment_method(payment_method_wire(v)) == Some(v)));
        assert!(LineState::iter().all(|v| line_state_wire(v) != 0));
        assert!(crate::domain::workorder::ClaimState::iter().all(|v| claim_state_wire(v) != 0));
        assert!(crate::domain::workorder::PartOrderState::iter().all(|v| part_order_state_wire(v) != 0));
        assert!(EstimateState::iter().all(|v| estimate_state_wire(v) != 0));
        assert_eq!(pay_type(0), None, "unspecified is no pay type");
    }
}
