//! Campaigns (联谊活动, 优惠活动, 免费检测, recalls) from the command line: `campaign create|list`.

use frontdesk_proto::client::Connection;
use frontdesk_proto::v1 as pb;
use serde_json::{Value, json};

use crate::cli::CampaignArgs;
use crate::output;
use crate::{Ctx, Failure};

fn campaign_row(c: &pb::Campaign) -> Vec<String> {
    let kind = match pb::CampaignKind::try_from(c.kind) {
        Ok(pb::CampaignKind::Gathering) => "联谊活动",
        Ok(pb::CampaignKind::Offer) => "优惠活动",
        Ok(pb::CampaignKind::FreeCheck) => "免费检测",
        Ok(pb::CampaignKind::Recall) => "召回",
        _ => "?",
    };
    vec![
        c.campaign_id.to_string(),
        c.name.clone(),
        kind.to_owned(),
        c.event_date.clone(),
        c.call_date.clone(),
        c.invitations.to_string(),
    ]
}

fn campaign_json(c: &pb::Campaign) -> Value {
    json!({
        "campaign_id": c.campaign_id,
        "name": c.name,
        "kind": campaign_row(c)[2],
        "event_date": c.event_date,
        "call_date": c.call_date,
        "due_before": c.due_before,
        "vehicles": c.vehicles,
        "invitations": c.invitations,
    })
}

const CAMPAIGN_HEADER: &[&str] = &["id", "name", "kind", "date", "calls due", "invitations"];

/// `advisor campaign create`.
pub async fn create_campaign(ctx: &Ctx, conn: &Connection, args: CampaignArgs) -> Result<(), Failure> {
    let kind = match args.kind.as_str() {
        "gathering" => pb::CampaignKind::Gathering,
        "offer" => pb::CampaignKind::Offer,
        "free-check" => pb::CampaignKind::FreeCheck,
        _ => pb::CampaignKind::Recall,
    };
    let audience = match args.audience.as_str() {
        "all" => pb::AudienceKind::AllBase,
        "maintenance-due" => pb::AudienceKind::MaintenanceDue,
        _ => pb::AudienceKind::Vehicles,
    };
    let request = pb::CreateCampaignRequest {
        request_id: args.request_id.unwrap_or_else(crate::fresh_request_id),
        name: args.name,
        kind: kind as i32,
        event_date: args.date,
        audience: audience as i32,
        due_before: args.due_before.unwrap_or_default(),
        vehicles: args.vehicle,
    };
    let c = conn.followups().create_campaign(request).await?.into_inner().campaign;
    let c = c.ok_or_else(|| Failure::Setup("the server sent no campaign".into()))?;
    output::print(ctx.json, campaign_json(&c), CAMPAIGN_HEADER, vec![campaign_row(&c)]);
    Ok(())
}

/// `advisor campaign list`.
pub async fn campaigns(ctx: &Ctx, conn: &Connection) -> Result<(), Failure> {
    let request = pb::ListCampaignsRequest { page_size: 500, ..Default::default() };
    let found = conn.followups().list_campaigns(request).await?.into_inner().campaigns;
    let value = json!(found.iter().map(campaign_json).collect::<Vec<_>>());
    output::print(ctx.json, value, CAMPAIGN_HEADER, found.iter().map(campaign_row).collect());
    Ok(())
}
