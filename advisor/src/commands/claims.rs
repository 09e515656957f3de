//! Warranty claims: `claim submit|decide`.

use frontdesk_domain::workorder::Fen;
use frontdesk_proto::client::Connection;
use frontdesk_proto::v1 as pb;
use serde_json::json;

use crate::cli::ClaimCommand;
use crate::output::{self, local};
use crate::{Ctx, Failure};

fn state(s: i32) -> &'static str {
    match pb::ClaimState::try_from(s) {
        Ok(pb::ClaimState::Submitted) => "已提交 submitted",
        Ok(pb::ClaimState::Approved) => "已批准 approved",
        Ok(pb::ClaimState::Rejected) => "已拒绝 rejected",
        Ok(pb::ClaimState::Paid) => "已付款 paid",
        _ => "?",
    }
}

fn print(ctx: &Ctx, c: &pb::WarrantyClaim) {
    let value = json!({
        "claim_id": c.claim_id, "work_order": c.work_order, "claimed_fen": c.claimed_fen,
        "approved_fen": c.approved_fen, "state": state(c.state), "reason": c.reason,
        "submitted": local(ctx.zone, c.submit_time.as_ref()), "decided": local(ctx.zone, c.decide_time.as_ref()),
    });
    output::print_fields(
        ctx.json,
        value,
        &[
            ("claim", format!("{} · {}", c.claim_id, c.work_order)),
            ("claimed", Fen(c.claimed_fen).to_string()),
            ("approved", if c.approved_fen > 0 { Fen(c.approved_fen).to_string() } else { String::new() }),
            ("state", state(c.state).to_owned()),
            ("reason", c.reason.clone()),
        ],
    );
}

/// `advisor claim …`.
pub async fn claim(ctx: &Ctx, conn: &Connection, command: ClaimCommand) -> Result<(), Failure> {
    let mut orders = conn.work_orders();
    let shown = match command {
        ClaimCommand::Submit { work_order, note, request_id } => {
            let request = pb::SubmitWarrantyClaimRequest {
                request_id: request_id.unwrap_or_else(crate::fresh_request_id),
                work_order,
                note,
            };
            orders.submit_warranty_claim(request).await?.into_inner().work_order.and_then(|w| w.warranty_claim)
        }
        ClaimCommand::Decide { claim_id, decision, amount, reason } => {
            let approved_fen = match amount {
                Some(a) => {
                    Fen::parse_yuan(&a).map_err(|e| Failure::Usage(format!("--amount {a:?}: {}", e.description)))?.fen()
                }
                None => 0,
            };
            let decision = match decision.as_str() {
                "approve" => pb::ClaimDecision::Approve,
                "reject" => pb::ClaimDecision::Reject,
                _ => pb::ClaimDecision::Paid,
            };
            let request = pb::DecideWarrantyClaimRequest { claim_id, decision: decision as i32, approved_fen, reason };
            orders.decide_warranty_claim(request).await?.into_inner().warranty_claim
        }
    };
    print(ctx, &shown.ok_or_else(|| Failure::Setup("the server sent no claim".into()))?);
    Ok(())
}
