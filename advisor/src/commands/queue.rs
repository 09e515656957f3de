//! The counter: `next`, `start`, `done`, `recall`, `skip`, `return`, `transfer`,
//! `status`, and `queue` (with `--watch`).

use std::io::IsTerminal;

use frontdesk_proto::client::Connection;
use frontdesk_proto::v1 as pb;
use serde_json::{Value, json};

use crate::cli::DoneArgs;
use crate::output::{self, local};
use crate::{Ctx, Failure};

fn state(state: i32) -> &'static str {
    match pb::TicketState::try_from(state) {
        Ok(pb::TicketState::Waiting) => "waiting",
        Ok(pb::TicketState::Called) => "called",
        Ok(pb::TicketState::InService) => "in service",
        Ok(pb::TicketState::Done) => "done",
        Ok(pb::TicketState::NoShow) => "no-show",
        Ok(pb::TicketState::Cancelled) => "cancelled",
        _ => "?",
    }
}

fn reason(reason: i32) -> &'static str {
    pb::AssignmentReason::try_from(reason)
        .map(|r| r.as_str_name().trim_start_matches("ASSIGNMENT_REASON_"))
        .unwrap_or("")
        .trim_start_matches("UNSPECIFIED")
}

fn advisor_status(status: i32) -> &'static str {
    match pb::AdvisorStatus::try_from(status) {
        Ok(pb::AdvisorStatus::Available) => "available",
        Ok(pb::AdvisorStatus::Serving) => "serving",
        Ok(pb::AdvisorStatus::Paused) => "paused",
        Ok(pb::AdvisorStatus::Offline) => "offline",
        _ => "?",
    }
}

fn ticket_json(ctx: &Ctx, t: &pb::Ticket) -> Value {
    json!({
        "ticket_id": t.ticket_id,
        "ticket_number": t.ticket_number,
        "state": state(t.state),
        "service_code": t.service_code,
        "plate": t.plate,
        "customer_name": t.customer_name,
        "phone": t.phone,
        "confirmation_code": t.confirmation_code,
        "late_appointment": t.late_appointment,
        "position": t.position,
        "estimated_wait_minutes": t.estimated_wait_minutes,
        "advisor_id": t.advisor_id,
        "counter_number": t.counter_number,
        "assignment_reason": reason(t.assignment_reason),
        "recalls": t.recalls,
        "arrive_time": local(ctx.zone, t.arrive_time.as_ref()),
    })
}

fn show_ticket(ctx: &Ctx, title: &str, t: &pb::Ticket) {
    if ctx.json {
        output::print_fields(true, ticket_json(ctx, t), &[]);
        return;
    }
    crate::say!("{title}");
    let appointment = if t.confirmation_code.is_empty() {
        "walk-in".to_owned()
    } else if t.late_appointment {
        format!("{} (late: queued as a walk-in)", t.confirmation_code)
    } else {
        t.confirmation_code.clone()
    };
    output::print_fields(
        false,
        Value::Null,
        &[
            ("ticket", format!("{} ({}, id {})", t.ticket_number, state(t.state), t.ticket_id)),
            ("customer", format!("{} {}", t.customer_name, t.phone)),
            ("plate", t.plate.clone()),
            ("service", t.service_code.clone()),
            ("appointment", appointment),
            ("arrived", local(ctx.zone, t.arrive_time.as_ref())),
            ("reason", reason(t.assignment_reason).to_owned()),
        ],
    );
}

/// The ticket id a command acts on: the one given (number like B007, or id), or the one the caller holds.
async fn resolve(conn: &Connection, ticket: Option<String>) -> Result<i64, Failure> {
    let Some(ticket) = ticket else {
        let state = conn.queue().get_advisor_state(pb::GetAdvisorStateRequest::default()).await?.into_inner();
        return state.ticket.map(|t| t.ticket_id).ok_or_else(|| Failure::Usage("you hold no ticket; name one".into()));
    };
    if let Ok(id) = ticket.parse::<i64>() {
        return Ok(id);
    }
    whole_queue(conn, String::new())
        .await?
        .tickets
        .iter()
        .find(|t| t.ticket_number.eq_ignore_ascii_case(&ticket))
        .map(|t| t.ticket_id)
        .ok_or_else(|| Failure::Usage(format!("no ticket {ticket} today")))
}

/// `advisor next`.
pub async fn next(ctx: &Ctx, conn: &Connection) -> Result<(), Failure> {
    let pulled = conn.queue().pull_next_ticket(pb::PullNextTicketRequest::default()).await?.into_inner();
    let t = pulled.ticket.ok_or_else(|| Failure::Setup("the server sent no ticket".into()))?;
    show_ticket(
        ctx,
        &format!(
            "请 {} 到 {} 号服务台 — {} to counter {}",
            t.ticket_number, t.counter_number, t.ticket_number, t.counter_number
        ),
        &t,
    );
    Ok(())
}

/// One ticket action: `start`, `recall`, `skip`, `return`.
pub async fn act(ctx: &Ctx, conn: &Connection, action: &str, ticket: Option<String>) -> Result<(), Failure> {
    let ticket_id = resolve(conn, ticket).await?;
    let mut queue = conn.queue();
    let t = match action {
        "start" => queue.start_service(pb::StartServiceRequest { ticket_id }).await?.into_inner().ticket,
        "recall" => queue.recall_ticket(pb::RecallTicketRequest { ticket_id }).await?.into_inner().ticket,
        "skip" => queue.skip_ticket(pb::SkipTicketRequest { ticket_id }).await?.into_inner().ticket,
        _ => queue.return_ticket(pb::ReturnTicketRequest { ticket_id }).await?.into_inner().ticket,
    };
    let t = t.ok_or_else(|| Failure::Setup("the server sent no ticket".into()))?;
    show_ticket(ctx, &format!("{action}: {} is {}", t.ticket_number, state(t.state)), &t);
    Ok(())
}

/// `advisor done`.
pub async fn done(ctx: &Ctx, conn: &Connection, args: DoneArgs) -> Result<(), Failure> {
    let ticket_id = resolve(conn, args.ticket).await?;
    let request = pb::CompleteServiceRequest {
        ticket_id,
        mileage_km: args.mileage,
        customer_request: args.request,
        promised_ready_time: Some(output::parse_local(ctx.zone, &args.promised)?),
        callback_note: args.callback_note,
        ..Default::default()
    };
    let done = conn.queue().complete_service(request).await?.into_inner();
    let visit = done.visit.ok_or_else(|| Failure::Setup("the server sent no visit".into()))?;
    if ctx.json {
        output::print_fields(true, super::visits::visit_json(ctx, &visit), &[]);
    } else {
        crate::say!("reception done: work order {} opened for {}", visit.work_order, visit.plate);
        crate::say!("promised ready {}", local(ctx.zone, visit.promised_ready_time.as_ref()));
    }
    Ok(())
}

/// `advisor transfer`.
pub async fn transfer(
    ctx: &Ctx,
    conn: &Connection,
    ticket: Option<String>,
    to: Option<i64>,
    service: Option<String>,
    note: String,
) -> Result<(), Failure> {
    let ticket_id = resolve(conn, ticket).await?;
    let request = pb::TransferTicketRequest {
        ticket_id,
        to_advisor_id: to.unwrap_or(0),
        to_service_code: service.unwrap_or_default(),
        note,
    };
    let t = conn.queue().transfer_ticket(request).await?.into_inner().ticket;
    let t = t.ok_or_else(|| Failure::Setup("the server sent no ticket".into()))?;
    show_ticket(ctx, &format!("transferred: {} waits again", t.ticket_number), &t);
    Ok(())
}

/// `advisor status`.
pub async fn status(ctx: &Ctx, conn: &Connection, status: &str, advisor: Option<i64>) -> Result<(), Failure> {
    let status = match status {
        "available" => pb::AdvisorStatus::Available,
        "paused" => pb::AdvisorStatus::Paused,
        _ => pb::AdvisorStatus::Offline,
    };
    let request = pb::SetAdvisorStatusRequest { advisor_id: advisor.unwrap_or(0), status: status as i32 };
    let a = conn.queue().set_advisor_status(request).await?.into_inner().advisor;
    let a = a.ok_or_else(|| Failure::Setup("the server sent no advisor".into()))?;
    let value = json!({ "advisor_id": a.advisor_id, "name": a.name, "status": advisor_status(a.status) });
    output::print_fields(
        ctx.json,
        value,
        &[
            ("advisor", format!("{} (counter {})", a.name, a.counter_number)),
            ("status", advisor_status(a.status).to_owned()),
        ],
    );
    Ok(())
}

/// The queue as people read it: waiting customers in order, then the rest, then advisors.
fn render(tickets: &[pb::Ticket], advisors: &[pb::QueueAdvisor]) {
    let rows = tickets
        .iter()
        .map(|t| {
            let place = if t.position > 0 {
                format!("{} (~{} min)", t.position, t.estimated_wait_minutes)
            } else {
                String::new()
            };
            let counter = if t.counter_number > 0 {
                format!("{} · {}", t.counter_number, t.advisor_name)
            } else {
                String::new()
            };
            let kind = if t.confirmation_code.is_empty() {
                "walk-in"
            } else if t.late_appointment {
                "late appt"
            } else {
                "appt"
            };
            // A customer the kiosk registered offline holds its provisional number.
            let number = if t.provisional_number.is_empty() {
                t.ticket_number.clone()
            } else {
                format!("{} ({})", t.ticket_number, t.provisional_number)
            };
            vec![
                number,
                state(t.state).to_owned(),
                t.service_code.clone(),
                t.plate.clone(),
                t.customer_name.clone(),
                kind.to_owned(),
                place,
                counter,
                reason(t.assignment_reason).to_owned(),
            ]
        })
        .collect();
    output::print(
        false,
        Value::Null,
        &["ticket", "state", "service", "plate", "customer", "kind", "place (wait)", "counter", "why"],
        rows,
    );
    let rows = advisors
        .iter()
        .map(|a| {
            vec![
                a.counter_number.to_string(),
                a.name.clone(),
                advisor_status(a.status).to_owned(),
                a.serving_ticket_number.clone(),
                a.service_codes.join(", "),
            ]
        })
        .collect();
    output::print(false, Value::Null, &["counter", "advisor", "status", "serving", "skills"], rows);
}

/// `advisor queue`.
pub async fn queue(ctx: &Ctx, conn: &Connection, date: Option<String>) -> Result<(), Failure> {
    let listed = whole_queue(conn, date.unwrap_or_default()).await?;
    if ctx.json {
        let value = json!({
            "tickets": listed.tickets.iter().map(|t| ticket_json(ctx, t)).collect::<Vec<_>>(),
            "advisors": listed.advisors.iter().map(|a| json!({
                "advisor_id": a.advisor_id, "name": a.name, "counter_number": a.counter_number,
                "status": advisor_status(a.status), "serving": a.serving_ticket_number,
            })).collect::<Vec<_>>(),
        });
        output::print_fields(true, value, &[]);
        return Ok(());
    }
    render(&listed.tickets, &listed.advisors);
    Ok(())
}

/// Every ticket of a day (today when `date` is empty) and the advisors, page after page.
async fn whole_queue(conn: &Connection, date: String) -> Result<pb::ListTicketsResponse, Failure> {
    let mut all = pb::ListTicketsResponse::default();
    let mut page_token = String::new();
    loop {
        let request = pb::ListTicketsRequest { date: date.clone(), page_size: 500, page_token, ..Default::default() };
        let page = conn.queue().list_tickets(request).await?.into_inner();
        all.tickets.extend(page.tickets);
        all.advisors = page.advisors;
        if page.next_page_token.is_empty() {
            return Ok(all);
        }
        page_token = page.next_page_token;
    }
}

/// `advisor queue --watch`: every change on the WatchQueue stream redraws the queue as
/// the server orders it then. One change moves other tickets too (the places and waits
/// behind a call), so the view is read afresh rather than patched.
pub async fn watch(ctx: &Ctx, conn: &Connection, updates: Option<usize>) -> Result<(), Failure> {
    let mut stream = conn.queue().watch_queue(pb::WatchQueueRequest {}).await?.into_inner();
    let terminal = std::io::stdout().is_terminal();
    let mut drawn = 0;
    while let Some(message) = stream.message().await? {
        let listed = whole_queue(conn, String::new()).await?;
        if terminal {
            crate::say_raw!("\x1b[2J\x1b[H");
        }
        let what = pb::QueueEventKind::try_from(message.kind)
            .map(|k| k.as_str_name().trim_start_matches("QUEUE_EVENT_KIND_"))
            .unwrap_or("");
        let at = chrono::Utc::now().with_timezone(&ctx.zone).format("%H:%M:%S");
        let detail = if message.detail.is_empty() { String::new() } else { format!(" · {}", message.detail) };
        crate::say!("── queue {at} · #{} {what}{detail} ──", message.seq);
        render(&listed.tickets, &listed.advisors);
        drawn += 1;
        if updates.is_some_and(|n| drawn >= n) {
            return Ok(());
        }
    }
    Err(Failure::Setup("the server ended the stream (shutting down?)".into()))
}
