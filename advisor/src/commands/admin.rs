//! `staff` and `service-types`.

use frontdesk_proto::client::Connection;
use frontdesk_proto::v1 as pb;
use serde_json::json;

use crate::output;
use crate::{Ctx, Failure};

fn kind(kind: i32) -> &'static str {
    match pb::StaffKind::try_from(kind) {
        Ok(pb::StaffKind::ServiceAdvisor) => "service advisor",
        Ok(pb::StaffKind::FollowupAgent) => "follow-up agent",
        Ok(pb::StaffKind::Supervisor) => "supervisor",
        _ => "?",
    }
}

/// `advisor staff`.
pub async fn staff(ctx: &Ctx, conn: &Connection, all: bool) -> Result<(), Failure> {
    let list = conn
        .admin()
        .list_advisors(pb::ListAdvisorsRequest { include_inactive: all, page_size: 500, ..Default::default() })
        .await?
        .into_inner();
    let value = json!(
        list.advisors
            .iter()
            .map(|a| json!({
                "advisor_id": a.advisor_id,
                "name": a.name,
                "counter_number": a.counter_number,
                "kind": kind(a.kind),
                "service_codes": a.service_codes,
                "active": a.active,
            }))
            .collect::<Vec<_>>()
    );
    let rows = list
        .advisors
        .iter()
        .map(|a| {
            vec![
                a.advisor_id.to_string(),
                a.name.clone(),
                if a.counter_number > 0 { a.counter_number.to_string() } else { String::new() },
                kind(a.kind).to_owned(),
                a.service_codes.join(", "),
                if a.active { "yes" } else { "no" }.to_owned(),
            ]
        })
        .collect();
    output::print(ctx.json, value, &["id", "name", "counter", "kind", "skills", "active"], rows);
    Ok(())
}

/// `advisor service-types`.
pub async fn service_types(ctx: &Ctx, conn: &Connection) -> Result<(), Failure> {
    let list = conn.admin().list_service_types(pb::ListServiceTypesRequest::default()).await?.into_inner();
    let value = json!(
        list.service_types
            .iter()
            .map(|t| json!({
                "code": t.code,
                "name_zh": t.name_zh,
                "name_en": t.name_en,
                "ticket_prefix": t.ticket_prefix,
                "slot_capacity": t.slot_capacity,
            }))
            .collect::<Vec<_>>()
    );
    let rows = list
        .service_types
        .iter()
        .map(|t| {
            vec![
                t.code.clone(),
                t.name_zh.clone(),
                t.name_en.clone(),
                t.ticket_prefix.clone(),
                t.slot_capacity.to_string(),
            ]
        })
        .collect();
    output::print(ctx.json, value, &["code", "中文", "English", "prefix", "seats/slot"], rows);
    Ok(())
}
