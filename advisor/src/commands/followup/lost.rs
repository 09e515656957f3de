//! Lost customers (流失客户) from the command line: `lost` (the worklist, or the
//! counts by reason), `outbound` (a call that is no follow-up, such as to a lost
//! customer) and `lost-reason`.

use frontdesk_proto::client::Connection;
use frontdesk_proto::v1 as pb;
use serde_json::json;

use super::outcome;
use crate::cli::OutboundArgs;
use crate::output::{self, local};
use crate::{Ctx, Failure};

/// `advisor lost`: the lost customers (only those not yet called with `--uncalled`),
/// or with `--reasons` how many have each reason found.
pub async fn lost(ctx: &Ctx, conn: &Connection, uncalled: bool, reasons: bool) -> Result<(), Failure> {
    let request = pb::ListLostCustomersRequest { page_size: 500, uncalled_only: uncalled, ..Default::default() };
    let found = conn.followups().list_lost_customers(request).await?.into_inner();
    if reasons {
        let value = json!(
            found.reasons.iter().map(|r| json!({ "reason": r.reason, "customers": r.customers })).collect::<Vec<_>>()
        );
        let rows = found
            .reasons
            .iter()
            .map(|r| {
                let reason = if r.reason.is_empty() { "(not found yet)".to_owned() } else { r.reason.clone() };
                vec![reason, r.customers.to_string()]
            })
            .collect();
        output::print(ctx.json, value, &["流失原因", "customers"], rows);
        return Ok(());
    }
    let customers = &found.customers;
    let last_call = |c: &pb::LostCustomer| match &c.last_call_time {
        Some(at) => format!("{} {}", local(ctx.zone, Some(at)), outcome(c.last_call_outcome)),
        None => String::new(),
    };
    let value = json!(
        customers
            .iter()
            .map(|c| json!({
                "customer_id": c.customer_id,
                "customer_name": c.customer_name,
                "phone": c.phone,
                "plates": c.plates,
                "last_visit_date": c.last_visit_date,
                "lost_reason": c.lost_reason,
                "calls": c.calls,
                "last_call": local(ctx.zone, c.last_call_time.as_ref()),
                "last_call_outcome": outcome(c.last_call_outcome),
            }))
            .collect::<Vec<_>>()
    );
    let rows = customers
        .iter()
        .map(|c| {
            vec![
                c.customer_id.to_string(),
                c.customer_name.clone(),
                c.phone.clone(),
                c.plates.join(", "),
                c.last_visit_date.clone(),
                c.calls.to_string(),
                last_call(c),
                c.lost_reason.clone(),
            ]
        })
        .collect();
    let header = ["id", "customer", "phone", "plates", "last visit", "calls", "last call", "流失原因"];
    output::print(ctx.json, value, &header, rows);
    Ok(())
}

/// `advisor outbound`.
pub async fn outbound(ctx: &Ctx, conn: &Connection, args: OutboundArgs) -> Result<(), Failure> {
    let purpose = match args.purpose.as_str() {
        "lost-customer" => pb::CallPurpose::LostCustomer,
        _ => pb::CallPurpose::Other,
    };
    let request = pb::LogOutboundCallRequest {
        customer_id: args.customer_id,
        purpose: purpose as i32,
        outcome: super::outcome_of(&args.outcome) as i32,
        note: args.note,
        lost_reason: args.reason.unwrap_or_default(),
        request_id: crate::fresh_request_id(),
    };
    let logged = conn.followups().log_outbound_call(request).await?.into_inner();
    let call = logged.call.ok_or_else(|| Failure::Setup("the server sent no call".into()))?;
    if ctx.json {
        let value = json!({
            "call_id": call.call_id,
            "at": local(ctx.zone, call.call_time.as_ref()),
            "purpose": args.purpose,
            "outcome": outcome(call.outcome),
            "note": call.note,
            "lost_reason": logged.lost_reason,
        });
        output::print_fields(true, value, &[]);
    } else {
        let reason = if logged.lost_reason.is_empty() {
            String::new()
        } else {
            format!("; 流失原因 {}", logged.lost_reason)
        };
        crate::say!("outbound call {} logged ({}, {}){reason}", call.call_id, args.purpose, outcome(call.outcome));
    }
    Ok(())
}

/// `advisor lost-reason`.
pub async fn lost_reason(ctx: &Ctx, conn: &Connection, customer_id: i64, reason: String) -> Result<(), Failure> {
    let request = pb::UpdateCustomerRequest { customer_id, lost_reason: Some(reason), ..Default::default() };
    let c = conn.customers().update_customer(request).await?.into_inner().customer;
    let c = c.ok_or_else(|| Failure::Setup("the server sent no customer".into()))?;
    if ctx.json {
        output::print_fields(true, json!({ "customer_id": c.customer_id, "lost_reason": c.lost_reason }), &[]);
    } else {
        crate::say!("{} (#{}): 流失原因 {}", c.customer_name, c.customer_id, c.lost_reason);
    }
    Ok(())
}
