//! The files' worklists and the registers: `due-maintenance`, `incomplete`, `export`.

use frontdesk_proto::client::Connection;
use frontdesk_proto::v1 as pb;
use serde_json::json;

use crate::cli::ExportArgs;
use crate::output;
use crate::{Ctx, Failure};

/// `advisor due-maintenance`.
pub async fn due_maintenance(ctx: &Ctx, conn: &Connection, days: Option<i32>) -> Result<(), Failure> {
    let request =
        pb::ListMaintenanceDueRequest { within_days: days.unwrap_or(0), page_size: 500, ..Default::default() };
    let found = conn.followups().list_maintenance_due(request).await?.into_inner().vehicles;
    let value = json!(
        found
            .iter()
            .map(|v| json!({
                "customer_id": v.customer_id,
                "customer_name": v.customer_name,
                "phone": v.phone,
                "plate": v.plate,
                "model": v.model,
                "next_maintenance_due": v.next_maintenance_due,
                "follow_up_id": v.follow_up_id,
            }))
            .collect::<Vec<_>>()
    );
    let rows = found
        .iter()
        .map(|v| {
            vec![
                v.next_maintenance_due.clone(),
                v.plate.clone(),
                v.model.clone(),
                v.customer_name.clone(),
                v.phone.clone(),
                v.follow_up_id.to_string(),
            ]
        })
        .collect();
    output::print(ctx.json, value, &["due", "plate", "model", "customer", "phone", "reminder call"], rows);
    Ok(())
}

/// `advisor incomplete`.
pub async fn incomplete(ctx: &Ctx, conn: &Connection) -> Result<(), Failure> {
    let request = pb::ListIncompleteFilesRequest { page_size: 500, ..Default::default() };
    let found = conn.followups().list_incomplete_files(request).await?.into_inner().files;
    let value = json!(
        found
            .iter()
            .map(|f| json!({
                "customer_id": f.customer_id,
                "customer_name": f.customer_name,
                "plate": f.plate,
                "work_order": f.work_order,
                "visit_date": f.visit_date,
                "missing": f.missing,
            }))
            .collect::<Vec<_>>()
    );
    let rows = found
        .iter()
        .map(|f| {
            vec![
                f.visit_date.clone(),
                f.work_order.clone(),
                f.plate.clone(),
                f.customer_name.clone(),
                f.missing.join(", "),
            ]
        })
        .collect();
    output::print(ctx.json, value, &["visit", "work order", "plate", "customer", "missing"], rows);
    Ok(())
}

/// `advisor export`.
pub async fn export(ctx: &Ctx, conn: &Connection, args: ExportArgs) -> Result<(), Failure> {
    let by_extension = args
        .output
        .as_ref()
        .and_then(|p| p.extension())
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .filter(|e| e == "csv" || e == "xlsx");
    let format = match args.format.or(by_extension).as_deref() {
        Some("csv") => pb::ExportFormat::Csv,
        _ => pb::ExportFormat::Xlsx,
    };
    let to = || args.to.clone().unwrap_or_else(|| output::today(ctx.zone));
    let (file_name, content, rows) = match args.register.as_str() {
        kind @ ("report" | "ranking") => {
            let (from_date, to_date) = match &args.from {
                Some(from) if kind == "report" => (from.clone(), to()),
                Some(_) => return Err(Failure::Usage("a ranking is of a --month".into())),
                None => (String::new(), String::new()),
            };
            let request = pb::ExportReportRequest {
                kind: if kind == "report" { pb::ReportKind::Report } else { pb::ReportKind::Ranking } as i32,
                month: args.month.clone().unwrap_or_default(),
                from_date,
                to_date,
                format: format as i32,
                advisor_id: args.advisor.unwrap_or(0),
            };
            let file = conn.reports().export_report(request).await?.into_inner();
            (file.file_name, file.content, file.rows)
        }
        register => {
            let register = match register {
                "customer-files" => pb::Register::CustomerFiles,
                "call-records" => pb::Register::CallRecords,
                "call-log" => pb::Register::CallLog,
                _ => pb::Register::LetterLog,
            };
            let from_date = args.from.clone().ok_or_else(|| Failure::Usage("a register needs --from DATE".into()))?;
            let request = pb::ExportRegisterRequest {
                register: register as i32,
                from_date,
                to_date: to(),
                format: format as i32,
            };
            let file = conn.followups().export_register(request).await?.into_inner();
            (file.file_name, file.content, file.rows)
        }
    };
    let path = args.output.unwrap_or_else(|| file_name.clone().into());
    std::fs::write(&path, &content).map_err(|e| Failure::Setup(format!("cannot write {}: {e}", path.display())))?;
    if ctx.json {
        output::print_fields(true, json!({ "file": path.display().to_string(), "rows": rows }), &[]);
    } else {
        crate::say!("{file_name}: {rows} row(s) written to {}", path.display());
    }
    Ok(())
}
