//! Recall campaigns: `recall import|list|close|report`.

use frontdesk_proto::client::Connection;
use frontdesk_proto::v1 as pb;
use serde_json::json;

use crate::cli::RecallCommand;
use crate::output::{self, local};
use crate::{Ctx, Failure};

fn outcome(o: i32) -> &'static str {
    match pb::RecallOutcome::try_from(o) {
        Ok(pb::RecallOutcome::DoneHere) => "本店完成 done here",
        Ok(pb::RecallOutcome::DoneElsewhere) => "他店完成 done elsewhere",
        Ok(pb::RecallOutcome::NotApplicable) => "不适用 not applicable",
        _ => "未完成 open",
    }
}

fn print_recalls(ctx: &Ctx, recalls: &[pb::VehicleRecall]) {
    let value = json!(recalls
        .iter()
        .map(|r| json!({
            "campaign_code": r.campaign_code, "title": r.title, "vin": r.vin, "plate": r.plate,
            "outcome": outcome(r.outcome), "work_order": r.work_order, "closed": local(ctx.zone, r.close_time.as_ref()),
        }))
        .collect::<Vec<_>>());
    let rows = recalls
        .iter()
        .map(|r| {
            vec![
                r.campaign_code.clone(),
                r.title.clone(),
                r.vin.clone(),
                r.plate.clone(),
                outcome(r.outcome).to_owned(),
                r.work_order.clone(),
            ]
        })
        .collect();
    output::print(ctx.json, value, &["campaign", "title", "VIN", "plate", "state", "work order"], rows);
}

async fn import(
    ctx: &Ctx,
    conn: &Connection,
    file: std::path::PathBuf,
    code: String,
    title: String,
) -> Result<(), Failure> {
    let csv =
        std::fs::read_to_string(&file).map_err(|e| Failure::Usage(format!("cannot read {}: {e}", file.display())))?;
    let request = pb::ImportRecallCampaignRequest { campaign_code: code, title, csv };
    let done = conn.recalls().import_recall_campaign(request).await?.into_inner();
    if ctx.json {
        let rejected: Vec<_> =
            done.rejected.iter().map(|r| json!({"line": r.line, "value": r.value, "reason": r.reason})).collect();
        let value = json!({"added": done.added, "already": done.already, "rejected": rejected});
        output::print_fields(true, value, &[]);
        return Ok(());
    }
    let kept_out = done.rejected.len();
    crate::say!("{} VIN(s) added, {} already in the campaign, {kept_out} row(s) kept out", done.added, done.already);
    for r in &done.rejected {
        crate::say!("  line {}: {} — {}", r.line, r.value, r.reason);
    }
    Ok(())
}

async fn report(ctx: &Ctx, conn: &Connection, code: String) -> Result<(), Failure> {
    let request = pb::GetRecallCompletionRequest { campaign_code: code };
    let c = conn.recalls().get_recall_completion(request).await?.into_inner();
    if !ctx.json {
        let done = match c.done_permille {
            p if p < 0 => "—".to_owned(),
            p => format!("{}.{}%", p / 10, p % 10),
        };
        crate::say!(
            "召回完成情况 {}: {} vehicles · done here {} · elsewhere {} · not applicable {} · open {} · done {done}",
            c.campaign_code,
            c.vehicles,
            c.done_here,
            c.done_elsewhere,
            c.not_applicable,
            c.open
        );
    }
    print_recalls(ctx, &c.recalls);
    Ok(())
}

/// `advisor recalls …`.
pub async fn recall(ctx: &Ctx, conn: &Connection, command: RecallCommand) -> Result<(), Failure> {
    match command {
        RecallCommand::Import { file, code, title } => import(ctx, conn, file, code, title).await,
        RecallCommand::List { plate, vin, code } => {
            let request = pb::ListOpenRecallsRequest {
                plate: plate.unwrap_or_default(),
                vin: vin.unwrap_or_default(),
                campaign_code: code.unwrap_or_default(),
                page_size: 1_000,
                ..Default::default()
            };
            print_recalls(ctx, &conn.recalls().list_open_recalls(request).await?.into_inner().recalls);
            Ok(())
        }
        RecallCommand::Close { code, vin, outcome, work_order } => {
            let outcome = match outcome.as_str() {
                "here" => pb::RecallOutcome::DoneHere,
                "elsewhere" => pb::RecallOutcome::DoneElsewhere,
                _ => pb::RecallOutcome::NotApplicable,
            };
            let request = pb::CloseRecallRequest { campaign_code: code, vin, outcome: outcome as i32, work_order };
            let closed = conn.recalls().close_recall(request).await?.into_inner().recall;
            print_recalls(ctx, &closed.into_iter().collect::<Vec<_>>());
            Ok(())
        }
        RecallCommand::Report { code } => report(ctx, conn, code).await,
    }
}
