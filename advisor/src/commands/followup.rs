//! The follow-up desk: `followups`, `followup`, `call`, `inbound`, `letter`,
//! `reassign`; campaigns (`campaign`), the files' worklists and registers
//! (`due-maintenance`, `incomplete`, `export`), escalations (`escalate`,
//! `escalations`, `resolve`, `report-escalation`, `notify`) and lost customers
//! (`lost`, `outbound`, `lost-reason`) in their own modules.

mod campaigns;
mod escalations;
mod lost;
mod registers;

pub use campaigns::{campaigns, create_campaign};
pub use escalations::{escalate, escalations, notify, report as report_escalation, resolve};
pub use lost::{lost, lost_reason, outbound};
pub use registers::{due_maintenance, export, incomplete};

use frontdesk_proto::client::Connection;
use frontdesk_proto::v1 as pb;
use serde_json::{Value, json};

use crate::cli::{CallArgs, FollowupsArgs, InboundArgs};
use crate::output::{self, local};
use crate::{Ctx, Failure};

fn kind(kind: i32) -> &'static str {
    match pb::FollowUpKind::try_from(kind) {
        Ok(pb::FollowUpKind::First) => "#1 回访",
        Ok(pb::FollowUpKind::Second) => "#2 回访",
        Ok(pb::FollowUpKind::Campaign) => "活动邀请 campaign",
        Ok(pb::FollowUpKind::MaintenanceReminder) => "保养提醒 reminder",
        Ok(pb::FollowUpKind::FlaggedVisit) => "重点关注 flagged",
        _ => "?",
    }
}

fn status(status: i32) -> &'static str {
    match pb::FollowUpStatus::try_from(status) {
        Ok(pb::FollowUpStatus::Open) => "open",
        Ok(pb::FollowUpStatus::Done) => "done",
        Ok(pb::FollowUpStatus::LetterDue) => "letter due",
        Ok(pb::FollowUpStatus::Closed) => "closed",
        _ => "?",
    }
}

fn due(state: i32) -> &'static str {
    match pb::DueState::try_from(state) {
        Ok(pb::DueState::NotYet) => "not yet",
        Ok(pb::DueState::Due) => "DUE",
        Ok(pb::DueState::Overdue) => "OVERDUE",
        _ => "",
    }
}

/// A call outcome as the command line spells it.
fn outcome_of(text: &str) -> pb::CallOutcome {
    match text {
        "reached" => pb::CallOutcome::Reached,
        "no-answer" => pb::CallOutcome::NoAnswer,
        "wrong-number" => pb::CallOutcome::WrongNumber,
        _ => pb::CallOutcome::Refused,
    }
}

fn outcome(outcome: i32) -> &'static str {
    match pb::CallOutcome::try_from(outcome) {
        Ok(pb::CallOutcome::Reached) => "reached",
        Ok(pb::CallOutcome::NoAnswer) => "no answer",
        Ok(pb::CallOutcome::WrongNumber) => "wrong number",
        Ok(pb::CallOutcome::Refused) => "refused",
        _ => "",
    }
}

/// A topic as the command line spells it: `vehicle-condition`.
fn topic_name(topic: i32) -> String {
    pb::CallTopic::try_from(topic)
        .map(|t| t.as_str_name().trim_start_matches("CALL_TOPIC_").to_ascii_lowercase().replace('_', "-"))
        .unwrap_or_default()
}

fn topic_of(name: &str) -> Result<i32, Failure> {
    let enum_name = format!("CALL_TOPIC_{}", name.to_ascii_uppercase().replace('-', "_"));
    pb::CallTopic::from_str_name(&enum_name)
        .map(|t| t as i32)
        .ok_or_else(|| Failure::Usage(format!("unknown topic `{name}`")))
}

fn window(f: &pb::FollowUp) -> String {
    match f.next_attempt_date.as_str() {
        "" => format!("{} – {}", f.due_from, f.due_until),
        retry => format!("{} – {} (retry {retry})", f.due_from, f.due_until),
    }
}

fn call_json(ctx: &Ctx, c: &pb::FollowUpCall) -> Value {
    json!({
        "call_id": c.call_id,
        "at": local(ctx.zone, c.call_time.as_ref()),
        "inbound": c.inbound,
        "inbound_kind": c.inbound_kind,
        "outcome": outcome(c.outcome),
        "satisfaction": c.satisfaction,
        "topics": c.topics.iter().map(|t| topic_name(*t)).collect::<Vec<_>>(),
        "requests": c.requests,
        "complaints": c.complaints,
        "answered_on_call": c.answered_on_call,
        "note": c.note,
        "agent": c.agent,
        "too_early": c.too_early,
        "new_content": c.new_content,
        "lost_reason": c.lost_reason,
    })
}

/// A letter as `--json` shows it.
pub(crate) fn letter_json(l: &pb::Letter) -> Value {
    json!({
        "letter_id": l.letter_id,
        "customer_id": l.customer_id,
        "reason": l.reason,
        "due_date": l.due_date,
        "sent_date": l.sent_date,
        "content": l.content,
        "sent_by": l.sent_by,
        "follow_up_id": l.follow_up_id,
        "campaign_id": l.campaign_id,
        "overdue": l.overdue,
    })
}

fn follow_up_json(ctx: &Ctx, f: &pb::FollowUp) -> Value {
    json!({
        "follow_up_id": f.follow_up_id,
        "kind": kind(f.kind),
        "status": status(f.status),
        "due_state": due(f.due_state),
        "customer_id": f.customer_id,
        "customer_name": f.customer_name,
        "phone": f.phone,
        "plate": f.plate,
        "work_order": f.work_order,
        "campaign_id": f.campaign_id,
        "owner_agent_id": f.owner_agent_id,
        "assigned_agent_id": f.assigned_agent_id,
        "due_from": f.due_from,
        "due_until": f.due_until,
        "next_attempt_date": f.next_attempt_date,
        "attempts": f.attempts,
        "earlier_topics": f.earlier_topics.iter().map(|t| topic_name(*t)).collect::<Vec<_>>(),
        "flags": f.flags,
        "callback_note": f.callback_note,
        "inbound_call_id": f.inbound_call_id,
        "calls": f.calls.iter().map(|c| call_json(ctx, c)).collect::<Vec<_>>(),
        "letters": f.letters.iter().map(letter_json).collect::<Vec<_>>(),
    })
}

fn show_follow_up(ctx: &Ctx, f: &pb::FollowUp) {
    if ctx.json {
        output::print_fields(true, follow_up_json(ctx, f), &[]);
        return;
    }
    let mut fields = vec![
        ("follow-up", format!("#{} {} · {}", f.follow_up_id, kind(f.kind), status(f.status))),
        ("customer", format!("{} · {} · {}", f.customer_name, f.phone, f.plate)),
        ("window", format!("{} {}", window(f), due(f.due_state))),
        ("attempts", f.attempts.to_string()),
        ("agent", format!("owner {} · works it {}", f.owner_agent_id, f.assigned_agent_id)),
    ];
    if !f.work_order.is_empty() {
        fields.push(("work order", f.work_order.clone()));
    }
    if f.inbound_call_id != 0 {
        fields.push(("after", format!("inbound call {}", f.inbound_call_id)));
    }
    if !f.callback_note.is_empty() {
        fields.push(("回访备注", f.callback_note.clone()));
    }
    if !f.flags.is_empty() {
        fields.push(("flags", f.flags.join(", ")));
    }
    if !f.earlier_topics.is_empty() {
        let topics: Vec<String> = f.earlier_topics.iter().map(|t| topic_name(*t)).collect();
        fields.push(("#1 talked about", topics.join(", ")));
    }
    output::print_fields(false, Value::Null, &fields);
    if !f.calls.is_empty() {
        let rows = f
            .calls
            .iter()
            .map(|c| {
                let early = if c.too_early { " (too early)" } else { "" };
                let note = match c.new_content.as_str() {
                    "" => c.note.clone(),
                    new => format!("{} · new: {new}", c.note),
                };
                vec![
                    local(ctx.zone, c.call_time.as_ref()),
                    format!("{}{early}", outcome(c.outcome)),
                    if c.satisfaction > 0 { c.satisfaction.to_string() } else { String::new() },
                    c.topics.iter().map(|t| topic_name(*t)).collect::<Vec<_>>().join(", "),
                    note,
                    c.agent.clone(),
                ]
            })
            .collect();
        output::print(false, Value::Null, &["when", "outcome", "score", "topics", "note", "by"], rows);
    }
    for l in &f.letters {
        let sent = if l.sent_date.is_empty() { "not sent".to_owned() } else { format!("sent {}", l.sent_date) };
        let late = if l.overdue { " (LATE)" } else { "" };
        crate::say!("letter {}: {} due {} · {sent}{late}", l.letter_id, l.reason, l.due_date);
    }
}

/// `advisor followups`.
pub async fn list(ctx: &Ctx, conn: &Connection, args: FollowupsArgs) -> Result<(), Failure> {
    let (due_state, within_days) = match args.due.as_deref() {
        Some("today") => (pb::DueState::Due, 0),
        Some("overdue") => (pb::DueState::Overdue, 0),
        Some(_) => (pb::DueState::Unspecified, 7),
        None => (pb::DueState::Unspecified, 0),
    };
    let kind_filter = match args.kind.as_deref() {
        Some("first") => pb::FollowUpKind::First,
        Some("second") => pb::FollowUpKind::Second,
        Some("campaign") => pb::FollowUpKind::Campaign,
        Some("reminder") => pb::FollowUpKind::MaintenanceReminder,
        Some(_) => pb::FollowUpKind::FlaggedVisit,
        None => pb::FollowUpKind::Unspecified,
    };
    let status_filter = match args.status.as_deref() {
        Some("open") => pb::FollowUpStatus::Open,
        Some("done") => pb::FollowUpStatus::Done,
        Some("letter-due") => pb::FollowUpStatus::LetterDue,
        Some(_) => pb::FollowUpStatus::Closed,
        None => pb::FollowUpStatus::Unspecified,
    };
    let request = pb::ListFollowUpsRequest {
        due: due_state as i32,
        within_days,
        kind: kind_filter as i32,
        status: status_filter as i32,
        agent_id: args.agent.unwrap_or(0),
        customer_id: args.customer.unwrap_or(0),
        page_size: 500,
        page_token: String::new(),
    };
    let found = conn.followups().list_follow_ups(request).await?.into_inner().follow_ups;
    let value = json!(found.iter().map(|f| follow_up_json(ctx, f)).collect::<Vec<_>>());
    let rows = found
        .iter()
        .map(|f| {
            vec![
                f.follow_up_id.to_string(),
                kind(f.kind).to_owned(),
                f.customer_name.clone(),
                f.phone.clone(),
                f.plate.clone(),
                window(f),
                match pb::FollowUpStatus::try_from(f.status) {
                    Ok(pb::FollowUpStatus::Open) => due(f.due_state).to_owned(),
                    _ => status(f.status).to_owned(),
                },
                f.attempts.to_string(),
                f.flags.join(","),
            ]
        })
        .collect();
    let header = ["id", "kind", "customer", "phone", "plate", "window", "state", "calls", "flags"];
    output::print(ctx.json, value, &header, rows);
    Ok(())
}

/// `advisor followup ID`.
pub async fn show(ctx: &Ctx, conn: &Connection, id: i64) -> Result<(), Failure> {
    let f = conn.followups().get_follow_up(pb::GetFollowUpRequest { follow_up_id: id }).await?.into_inner();
    show_follow_up(ctx, &f.follow_up.ok_or_else(|| Failure::Setup("the server sent no follow-up".into()))?);
    Ok(())
}

/// `advisor call`.
pub async fn call(ctx: &Ctx, conn: &Connection, args: CallArgs) -> Result<(), Failure> {
    let outcome = outcome_of(&args.outcome);
    let topics = args.topic.iter().map(|t| topic_of(t)).collect::<Result<Vec<_>, _>>()?;
    let request = pb::RecordFollowUpCallRequest {
        follow_up_id: args.id,
        outcome: outcome as i32,
        satisfaction: args.score.unwrap_or(0),
        topics,
        requests: args.requests,
        complaints: args.complaint,
        answered_on_call: args.answered,
        note: args.note,
        request_id: crate::fresh_request_id(),
        new_content: args.new_content,
    };
    let done = conn.followups().record_follow_up_call(request).await?.into_inner();
    if ctx.json {
        let value = json!({
            "follow_up": done.follow_up.as_ref().map(|f| follow_up_json(ctx, f)),
            "next": done.next.as_ref().map(|f| follow_up_json(ctx, f)),
            "escalation": done.escalation.as_ref().map(|e| escalations::escalation_json(ctx, e)),
            "letter": done.letter.as_ref().map(letter_json),
            "too_early": done.too_early,
            "repeated_topics": done.repeated_topics.iter().map(|t| topic_name(*t)).collect::<Vec<_>>(),
        });
        output::print_fields(true, value, &[]);
        return Ok(());
    }
    show_call(ctx, &done);
    Ok(())
}

/// What a recorded call led to, a line each.
fn show_call(ctx: &Ctx, done: &pb::RecordFollowUpCallResponse) {
    if let Some(f) = &done.follow_up {
        let retry = if f.next_attempt_date.is_empty() {
            String::new()
        } else {
            format!("; try again on {}", f.next_attempt_date)
        };
        crate::say!("follow-up #{} recorded: {} after {} call(s){retry}", f.follow_up_id, status(f.status), f.attempts);
        if done.too_early {
            crate::say!(
                "warning: too early — the window opens {}; the call is recorded as outside the window",
                f.due_from
            );
        }
    }
    if !done.repeated_topics.is_empty() {
        let topics: Vec<String> = done.repeated_topics.iter().map(|t| topic_name(*t)).collect();
        crate::say!("repeats #1's {} with what is new", topics.join(", "));
    }
    if let Some(next) = &done.next {
        crate::say!(
            "follow-up #{} opened: {}, due {} – {}",
            next.follow_up_id,
            kind(next.kind),
            next.due_from,
            next.due_until
        );
    }
    if let Some(e) = &done.escalation {
        crate::say!("{}", escalations::raised_line(ctx, e));
    }
    if let Some(l) = &done.letter {
        crate::say!("letter {} due by {} ({})", l.letter_id, l.due_date, l.reason);
    }
}

/// `advisor inbound`.
pub async fn inbound(ctx: &Ctx, conn: &Connection, args: InboundArgs) -> Result<(), Failure> {
    let request = pb::LogInboundCallRequest {
        plate: args.plate.unwrap_or_default(),
        phone: args.phone.unwrap_or_default(),
        inbound_kind: args.kind.to_ascii_uppercase(),
        content: args.content,
        answered_on_call: args.answered,
        request_id: crate::fresh_request_id(),
        open_follow_up: args.follow_up,
    };
    let logged = conn.followups().log_inbound_call(request).await?.into_inner();
    if ctx.json {
        let value = json!({
            "call": logged.call.as_ref().map(|c| call_json(ctx, c)),
            "escalation": logged.escalation.as_ref().map(|e| escalations::escalation_json(ctx, e)),
            "follow_up": logged.follow_up.as_ref().map(|f| follow_up_json(ctx, f)),
        });
        output::print_fields(true, value, &[]);
        return Ok(());
    }
    if let Some(c) = &logged.call {
        crate::say!("inbound call {} logged ({})", c.call_id, c.inbound_kind.to_ascii_lowercase());
    }
    if let Some(e) = &logged.escalation {
        crate::say!("{}", escalations::raised_line(ctx, e));
    }
    if let Some(f) = &logged.follow_up {
        crate::say!("follow-up #{} opened: {}, due {} – {}", f.follow_up_id, kind(f.kind), f.due_from, f.due_until);
    }
    Ok(())
}

/// `advisor letter`.
pub async fn letter(
    ctx: &Ctx,
    conn: &Connection,
    letter_id: Option<i64>,
    plate: Option<String>,
    content: String,
) -> Result<(), Failure> {
    if letter_id.is_none() && plate.is_none() {
        return Err(Failure::Usage("name the letter that was due, or --plate for a new one".into()));
    }
    let request = pb::LogLetterRequest {
        letter_id: letter_id.unwrap_or(0),
        plate: plate.unwrap_or_default(),
        content,
        request_id: crate::fresh_request_id(),
    };
    let l = conn.followups().log_letter(request).await?.into_inner().letter;
    let l = l.ok_or_else(|| Failure::Setup("the server sent no letter".into()))?;
    if ctx.json {
        output::print_fields(true, letter_json(&l), &[]);
    } else {
        let late = if l.overdue { " (after its due date)" } else { "" };
        crate::say!("letter {} sent {}{late}", l.letter_id, l.sent_date);
    }
    Ok(())
}

/// `advisor reassign`.
pub async fn reassign(
    ctx: &Ctx,
    conn: &Connection,
    from: i64,
    to: i64,
    since: Option<String>,
    until: String,
) -> Result<(), Failure> {
    let request = pb::ReassignFollowUpsRequest {
        from_agent_id: from,
        to_agent_id: to,
        from_date: since.unwrap_or_default(),
        until_date: until.clone(),
    };
    let moved = conn.followups().reassign_follow_ups(request).await?.into_inner();
    if ctx.json {
        output::print_fields(true, json!({ "follow_ups": moved.follow_ups, "until": until }), &[]);
    } else {
        crate::say!("agent {to} stands in for agent {from} until {until}: {} open follow-up(s)", moved.follow_ups);
    }
    Ok(())
}
