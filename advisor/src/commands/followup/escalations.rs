//! Escalations from the command line: `escalate`, `escalations`, `resolve`,
//! `report-escalation`, `notify`. A complaint not answered on a call is the agent's to
//! research until the end of the second store day; what they cannot solve they report
//! to the supervisor, and what is neither solved nor reported by then reaches the
//! supervisor on its own, marked late.

use frontdesk_proto::client::Connection;
use frontdesk_proto::v1 as pb;
use serde_json::{Value, json};

use crate::output::{self, local};
use crate::{Ctx, Failure};

fn stage(e: &pb::Escalation) -> &'static str {
    match pb::EscalationStage::try_from(e.stage) {
        Ok(pb::EscalationStage::Researching) => "researching",
        Ok(pb::EscalationStage::Reported) => "supervisor",
        Ok(pb::EscalationStage::Resolved) => "resolved",
        _ => "",
    }
}

fn researching(e: &pb::Escalation) -> bool {
    e.stage == pb::EscalationStage::Researching as i32
}

/// The deadline of the stage the escalation is in: the end of the agent's research, or
/// the supervisor's due time.
fn deadline(ctx: &Ctx, e: &pb::Escalation) -> String {
    let at = if researching(e) { e.research_due_time.as_ref() } else { e.due_time.as_ref() };
    local(ctx.zone, at)
}

/// The last store day of the agent's research (it ends at the next midnight).
fn last_day(ctx: &Ctx, e: &pb::Escalation) -> String {
    let before = e.research_due_time.map(|t| prost_types::Timestamp { seconds: t.seconds - 1, nanos: 0 });
    local(ctx.zone, before.as_ref()).chars().take(10).collect()
}

/// What a call or an escalation by hand raised, in one line.
pub(super) fn raised_line(ctx: &Ctx, e: &pb::Escalation) -> String {
    if researching(e) {
        format!(
            "complaint #{} to research: resolve it, or report-escalation it to the supervisor, by the end of {}",
            e.escalation_id,
            last_day(ctx, e)
        )
    } else {
        format!("escalated to the supervisor as #{}, due {}", e.escalation_id, local(ctx.zone, e.due_time.as_ref()))
    }
}

pub(super) fn escalation_json(ctx: &Ctx, e: &pb::Escalation) -> Value {
    json!({
        "escalation_id": e.escalation_id,
        "customer_id": e.customer_id,
        "customer_name": e.customer_name,
        "phone": e.phone,
        "complaint": e.complaint,
        "stage": stage(e),
        "raised": local(ctx.zone, e.raise_time.as_ref()),
        "research_due": local(ctx.zone, e.research_due_time.as_ref()),
        "reported": local(ctx.zone, e.report_time.as_ref()),
        "reported_late": e.reported_late,
        "reported_by": e.reported_by,
        "report_note": e.report_note,
        "due": local(ctx.zone, e.due_time.as_ref()),
        "resolved": local(ctx.zone, e.resolve_time.as_ref()),
        "solution": e.solution,
        "customer_told": local(ctx.zone, e.customer_told_time.as_ref()),
        "overdue": e.overdue,
        "late_notice": e.late_notice,
        "follow_up_id": e.follow_up_id,
        "raised_by": e.raised_by,
        "resolved_by": e.resolved_by,
    })
}

fn flags_of(e: &pb::Escalation) -> String {
    let mut flags = Vec::new();
    if e.overdue {
        flags.push("OVERDUE");
    }
    if e.reported_late {
        flags.push("REPORTED LATE");
    }
    if e.late_notice {
        flags.push("LATE NOTICE");
    }
    flags.join(", ")
}

fn show(ctx: &Ctx, e: &pb::Escalation) {
    if ctx.json {
        output::print_fields(true, escalation_json(ctx, e), &[]);
        return;
    }
    let told = match local(ctx.zone, e.customer_told_time.as_ref()) {
        t if t.is_empty() => "not yet".to_owned(),
        t => t,
    };
    let mut fields = vec![
        ("escalation", format!("#{} · {} · {}", e.escalation_id, e.customer_name, e.phone)),
        ("complaint", e.complaint.clone()),
        ("stage", stage(e).to_owned()),
    ];
    if e.research_due_time.is_some() {
        fields.push(("research until", local(ctx.zone, e.research_due_time.as_ref())));
    }
    if e.report_time.is_some() {
        let by = if e.reported_late { "on its own, late".to_owned() } else { e.reported_by.clone() };
        fields.push(("reported", format!("{} ({by})", local(ctx.zone, e.report_time.as_ref()))));
    }
    if !e.report_note.is_empty() {
        fields.push(("found", e.report_note.clone()));
    }
    // The supervisor's deadline means something once the escalation reached them.
    if e.report_time.is_some() {
        fields.push(("due", local(ctx.zone, e.due_time.as_ref())));
    }
    if !e.solution.is_empty() {
        fields.push(("solution", format!("{} ({})", e.solution, local(ctx.zone, e.resolve_time.as_ref()))));
        fields.push(("customer told", told));
    }
    let flags = flags_of(e);
    if !flags.is_empty() {
        fields.push(("flags", flags));
    }
    output::print_fields(false, Value::Null, &fields);
}

fn sent(e: Option<pb::Escalation>) -> Result<pb::Escalation, Failure> {
    e.ok_or_else(|| Failure::Setup("the server sent no escalation".into()))
}

/// `advisor escalate`.
pub async fn escalate(ctx: &Ctx, conn: &Connection, id: i64, complaint: String) -> Result<(), Failure> {
    let request = pb::EscalateFollowUpRequest { follow_up_id: id, complaint, request_id: crate::fresh_request_id() };
    let e = conn.followups().escalate_follow_up(request).await?.into_inner().escalation;
    show(ctx, &sent(e)?);
    Ok(())
}

/// `advisor escalations`.
pub async fn escalations(
    ctx: &Ctx,
    conn: &Connection,
    open: bool,
    flagged: bool,
    stage_filter: Option<String>,
) -> Result<(), Failure> {
    let wanted = match stage_filter.as_deref() {
        Some("researching") => pb::EscalationStage::Researching,
        Some("supervisor") => pb::EscalationStage::Reported,
        Some(_) => pb::EscalationStage::Resolved,
        None => pb::EscalationStage::Unspecified,
    };
    let request = pb::ListEscalationsRequest {
        open_only: open,
        flagged_only: flagged,
        stage: wanted as i32,
        page_size: 500,
        ..Default::default()
    };
    let found = conn.followups().list_escalations(request).await?.into_inner().escalations;
    let value = json!(found.iter().map(|e| escalation_json(ctx, e)).collect::<Vec<_>>());
    let rows = found
        .iter()
        .map(|e| {
            vec![
                e.escalation_id.to_string(),
                e.customer_name.clone(),
                e.phone.clone(),
                e.complaint.clone(),
                stage(e).to_owned(),
                if e.solution.is_empty() { deadline(ctx, e) } else { String::new() },
                if e.solution.is_empty() { "open".to_owned() } else { e.solution.clone() },
                flags_of(e),
            ]
        })
        .collect();
    let header = ["id", "customer", "phone", "complaint", "stage", "due", "solution", "flags"];
    output::print(ctx.json, value, &header, rows);
    Ok(())
}

/// `advisor resolve`.
pub async fn resolve(
    ctx: &Ctx,
    conn: &Connection,
    id: i64,
    solution: String,
    told: Option<String>,
) -> Result<(), Failure> {
    let customer_told_now = told.as_deref() == Some("now");
    let customer_told_time =
        if customer_told_now { None } else { told.map(|t| output::parse_local(ctx.zone, &t)).transpose()? };
    let request = pb::ResolveEscalationRequest { escalation_id: id, solution, customer_told_time, customer_told_now };
    let e = conn.followups().resolve_escalation(request).await?.into_inner().escalation;
    show(ctx, &sent(e)?);
    Ok(())
}

/// `advisor report-escalation`.
pub async fn report(ctx: &Ctx, conn: &Connection, id: i64, note: String) -> Result<(), Failure> {
    let request = pb::ReportEscalationRequest { escalation_id: id, note };
    let e = conn.followups().report_escalation(request).await?.into_inner().escalation;
    show(ctx, &sent(e)?);
    Ok(())
}

fn when(ctx: &Ctx, text: Option<&str>) -> Result<Option<prost_types::Timestamp>, Failure> {
    match text {
        None | Some("now") => Ok(None),
        Some(t) => output::parse_local(ctx.zone, t).map(Some),
    }
}

/// `advisor notify`.
pub async fn notify(ctx: &Ctx, conn: &Connection, id: i64, at: Option<String>) -> Result<(), Failure> {
    let request = pb::RecordCustomerNoticeRequest { escalation_id: id, customer_told_time: when(ctx, at.as_deref())? };
    let e = conn.followups().record_customer_notice(request).await?.into_inner().escalation;
    show(ctx, &sent(e)?);
    Ok(())
}
