//! Work orders: `visit show|list|stage` and `deliver`.

use frontdesk_proto::client::Connection;
use frontdesk_proto::v1 as pb;
use serde_json::{Value, json};

use crate::output::{self, local};
use crate::{Ctx, Failure};

fn stage(stage: i32) -> &'static str {
    match pb::VisitStage::try_from(stage) {
        Ok(pb::VisitStage::Received) => "待检 received",
        Ok(pb::VisitStage::InRepair) => "维修中 in repair",
        Ok(pb::VisitStage::WaitingParts) => "待料 waiting for parts",
        Ok(pb::VisitStage::QualityCheck) => "质检 quality check",
        Ok(pb::VisitStage::Ready) => "待交车 ready for pickup",
        Ok(pb::VisitStage::Delivered) => "已交车 delivered",
        _ => "?",
    }
}

/// A visit as JSON.
pub fn visit_json(ctx: &Ctx, v: &pb::Visit) -> Value {
    json!({
        "work_order": v.work_order,
        "plate": v.plate,
        "customer_name": v.customer_name,
        "service_code": v.service_code,
        "advisor_id": v.advisor_id,
        "mileage_km": v.mileage_km,
        "customer_request": v.customer_request,
        "callback_note": v.callback_note,
        "stage": stage(v.stage),
        "promised_ready": local(ctx.zone, v.promised_ready_time.as_ref()),
        "parts_expected_date": v.parts_expected_date,
        "opened": local(ctx.zone, v.open_time.as_ref()),
        "delivered": local(ctx.zone, v.deliver_time.as_ref()),
        "history": v.history.iter().map(|h| json!({
            "stage": stage(h.stage),
            "at": local(ctx.zone, h.change_time.as_ref()),
            "by": h.changed_by,
            "note": h.note,
        })).collect::<Vec<_>>(),
    })
}

fn show(ctx: &Ctx, v: &pb::Visit) {
    if ctx.json {
        output::print_fields(true, visit_json(ctx, v), &[]);
        return;
    }
    let parts =
        if v.parts_expected_date.is_empty() { String::new() } else { format!(" (parts {})", v.parts_expected_date) };
    output::print_fields(
        false,
        Value::Null,
        &[
            ("work order", v.work_order.clone()),
            ("car", format!("{} · {} · {} km", v.plate, v.customer_name, v.mileage_km)),
            ("service", v.service_code.clone()),
            ("request", v.customer_request.clone()),
            ("stage", format!("{}{parts}", stage(v.stage))),
            ("promised", local(ctx.zone, v.promised_ready_time.as_ref())),
        ],
    );
    let rows = v
        .history
        .iter()
        .map(|h| {
            vec![
                local(ctx.zone, h.change_time.as_ref()),
                stage(h.stage).to_owned(),
                h.changed_by.clone(),
                h.note.clone(),
            ]
        })
        .collect();
    output::print(false, Value::Null, &["when", "stage", "by", "note"], rows);
}

/// `advisor visit show`.
pub async fn get(ctx: &Ctx, conn: &Connection, work_order: String) -> Result<(), Failure> {
    let v = conn.visits().get_visit(pb::GetVisitRequest { work_order }).await?.into_inner().visit;
    show(ctx, &v.ok_or_else(|| Failure::Setup("the server sent no visit".into()))?);
    Ok(())
}

/// `advisor visit list`.
pub async fn list(ctx: &Ctx, conn: &Connection, open: bool, plate: Option<String>) -> Result<(), Failure> {
    let request = pb::ListVisitsRequest {
        open_only: open,
        plate: plate.unwrap_or_default(),
        page_size: 500,
        ..Default::default()
    };
    let visits = conn.visits().list_visits(request).await?.into_inner().visits;
    let value = json!(visits.iter().map(|v| visit_json(ctx, v)).collect::<Vec<_>>());
    let rows = visits
        .iter()
        .map(|v| {
            vec![
                v.work_order.clone(),
                v.plate.clone(),
                v.customer_name.clone(),
                v.service_code.clone(),
                stage(v.stage).to_owned(),
                local(ctx.zone, v.promised_ready_time.as_ref()),
            ]
        })
        .collect();
    output::print(ctx.json, value, &["work order", "plate", "customer", "service", "stage", "promised"], rows);
    Ok(())
}

/// `advisor visit stage`.
pub async fn move_stage(
    ctx: &Ctx,
    conn: &Connection,
    work_order: String,
    to: &str,
    parts_date: Option<String>,
    promised: Option<String>,
    note: String,
) -> Result<(), Failure> {
    let to = match to {
        "in-repair" => pb::VisitStage::InRepair,
        "waiting-parts" => pb::VisitStage::WaitingParts,
        "quality-check" => pb::VisitStage::QualityCheck,
        _ => pb::VisitStage::Ready,
    };
    let request = pb::UpdateVisitStageRequest {
        work_order,
        stage: to as i32,
        parts_expected_date: parts_date.unwrap_or_default(),
        promised_ready_time: promised.map(|p| output::parse_local(ctx.zone, &p)).transpose()?,
        note,
    };
    let v = conn.visits().update_visit_stage(request).await?.into_inner().visit;
    show(ctx, &v.ok_or_else(|| Failure::Setup("the server sent no visit".into()))?);
    Ok(())
}

/// `advisor deliver`.
pub async fn deliver(ctx: &Ctx, conn: &Connection, work_order: String, note: String) -> Result<(), Failure> {
    let v = conn.visits().deliver_vehicle(pb::DeliverVehicleRequest { work_order, note }).await?.into_inner().visit;
    show(ctx, &v.ok_or_else(|| Failure::Setup("the server sent no visit".into()))?);
    Ok(())
}
