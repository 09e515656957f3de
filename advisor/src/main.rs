//! `advisor`: the frontdesk staff client.

mod cli;
mod commands;
mod connect;
mod output;

use std::process::ExitCode;

use clap::Parser;
use cli::{CampaignCommand, Cli, Command, VisitCommand};
use frontdesk_proto::reason_of;

/// Why a command failed; each kind has its own exit code.
#[derive(Debug)]
pub enum Failure {
    /// The server refused the call (exit 1).
    Rejected(tonic::Status),
    /// The input could not be used (exit 2).
    Usage(String),
    /// No token, no server (exit 3).
    Setup(String),
}

impl From<tonic::Status> for Failure {
    fn from(status: tonic::Status) -> Self {
        if status.code() == tonic::Code::Unavailable && reason_of(&status).is_none() {
            return Self::Setup(format!("cannot reach the server: {}", status.message()));
        }
        Self::Rejected(status)
    }
}

/// What every command needs besides its connection.
#[derive(Debug)]
pub struct Ctx {
    /// The store's zone.
    pub zone: chrono_tz::Tz,
    /// JSON output.
    pub json: bool,
}

/// A request id for a create that the user did not name.
pub fn fresh_request_id() -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    format!("advisor-{}-{}", std::process::id(), now.as_nanos())
}

fn code_name(code: tonic::Code) -> String {
    let debug = format!("{code:?}");
    let mut out = String::new();
    for (i, c) in debug.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

fn report(failure: &Failure) -> ExitCode {
    match failure {
        Failure::Rejected(status) => {
            let reason = reason_of(status).map(|r| format!(" {}", r.code())).unwrap_or_default();
            eprintln!("error: {}{reason}: {}", code_name(status.code()), status.message());
            ExitCode::from(1)
        }
        Failure::Usage(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Failure::Setup(message) => {
            eprintln!("error: {message}");
            ExitCode::from(3)
        }
    }
}

async fn run(cli: Cli) -> Result<(), Failure> {
    let conn = connect::connect(cli.addr.as_deref(), cli.token.as_deref(), cli.role.as_str(), &cli.data_dir)?;
    let ctx = Ctx { zone: cli.zone, json: cli.json };
    use commands::{admin, appointments as appt, customers, queue, settlement, visits, work_orders};
    match cli.command {
        Command::Appointments(args) => appt::list(&ctx, &conn, args).await,
        Command::Slots { service, date } => appt::slots(&ctx, &conn, service, date).await,
        Command::Book(args) => appt::book(&ctx, &conn, args).await,
        Command::Reschedule { code, slot, overbook, advisor } => {
            appt::reschedule(&ctx, &conn, code, slot, overbook, advisor).await
        }
        Command::Cancel { code, reason } => appt::cancel(&ctx, &conn, code, reason).await,
        Command::NoShow { code } => appt::no_show(&ctx, &conn, code).await,
        Command::Customer { key } => customers::show(&ctx, &conn, key).await,
        Command::Search { query } => customers::search(&ctx, &conn, query).await,
        Command::Staff { all } => admin::staff(&ctx, &conn, all).await,
        Command::ServiceTypes => admin::service_types(&ctx, &conn).await,
        Command::Next => queue::next(&ctx, &conn).await,
        Command::Start { ticket } => queue::act(&ctx, &conn, "start", ticket).await,
        Command::Done(args) => queue::done(&ctx, &conn, args).await,
        Command::Recall { ticket } => queue::act(&ctx, &conn, "recall", ticket).await,
        Command::Skip { ticket } => queue::act(&ctx, &conn, "skip", ticket).await,
        Command::Return { ticket } => queue::act(&ctx, &conn, "return", Some(ticket)).await,
        Command::Transfer { ticket, to, service, note } => {
            queue::transfer(&ctx, &conn, ticket, to, service, note).await
        }
        Command::Status { status, advisor } => queue::status(&ctx, &conn, &status, advisor).await,
        Command::Queue { date, watch: false, .. } => queue::queue(&ctx, &conn, date).await,
        Command::Queue { watch: true, updates, .. } => queue::watch(&ctx, &conn, updates).await,
        Command::Visit(VisitCommand::Show { work_order }) => visits::get(&ctx, &conn, work_order).await,
        Command::Visit(VisitCommand::List { open, plate }) => visits::list(&ctx, &conn, open, plate).await,
        Command::Visit(VisitCommand::Stage { work_order, stage, parts_date, promised, note }) => {
            visits::move_stage(&ctx, &conn, work_order, &stage, parts_date, promised, note).await
        }
        Command::Deliver { work_order, note } => visits::deliver(&ctx, &conn, work_order, note).await,
        Command::Estimate(args) => work_orders::estimate(&ctx, &conn, args).await,
        Command::Approve(args) => work_orders::approve(&ctx, &conn, args).await,
        Command::LinesDone { work_order, line_ids } => work_orders::lines_done(&ctx, &conn, work_order, line_ids).await,
        Command::Settle(args) => settlement::settle(&ctx, &conn, args).await,
        Command::ApproveDiscount { work_order, note } => {
            settlement::approve_discount(&ctx, &conn, work_order, note).await
        }
        Command::Pay(args) => settlement::pay(&ctx, &conn, args).await,
        Command::Parts(command) => commands::parts::parts(&ctx, &conn, command).await,
        Command::Claim(command) => commands::claims::claim(&ctx, &conn, command).await,
        Command::Recalls(command) => commands::recalls::recall(&ctx, &conn, command).await,
        desk_or_report => follow_up_desk(&ctx, &conn, desk_or_report).await,
    }
}

/// The follow-up desk's commands and the reports.
async fn follow_up_desk(
    ctx: &Ctx,
    conn: &frontdesk_proto::client::Connection,
    command: Command,
) -> Result<(), Failure> {
    use commands::{followup as desk, reports};
    match command {
        Command::Followups(args) => desk::list(ctx, conn, args).await,
        Command::Followup { id } => desk::show(ctx, conn, id).await,
        Command::Call(args) => desk::call(ctx, conn, args).await,
        Command::Inbound(args) => desk::inbound(ctx, conn, args).await,
        Command::Outbound(args) => desk::outbound(ctx, conn, args).await,
        Command::Escalate { id, complaint } => desk::escalate(ctx, conn, id, complaint).await,
        Command::Escalations { open, flagged, stage } => desk::escalations(ctx, conn, open, flagged, stage).await,
        Command::ReportEscalation { id, note } => desk::report_escalation(ctx, conn, id, note).await,
        Command::Letters { overdue } => commands::letters::letters(ctx, conn, overdue).await,
        Command::Resolve { id, solution, told } => desk::resolve(ctx, conn, id, solution, told).await,
        Command::Notify { id, at } => desk::notify(ctx, conn, id, at).await,
        Command::Letter { letter_id, plate, content } => desk::letter(ctx, conn, letter_id, plate, content).await,
        Command::Reassign { from, to, since, until } => desk::reassign(ctx, conn, from, to, since, until).await,
        Command::Campaign(CampaignCommand::Create(args)) => desk::create_campaign(ctx, conn, args).await,
        Command::Campaign(CampaignCommand::List) => desk::campaigns(ctx, conn).await,
        Command::DueMaintenance { days } => desk::due_maintenance(ctx, conn, days).await,
        Command::Lost { uncalled, reasons } => desk::lost(ctx, conn, uncalled, reasons).await,
        Command::LostReason { customer_id, reason } => desk::lost_reason(ctx, conn, customer_id, reason).await,
        Command::Incomplete => desk::incomplete(ctx, conn).await,
        Command::Export(args) => desk::export(ctx, conn, args).await,
        Command::Report { which, advisor } => reports::report(ctx, conn, which, advisor).await,
        Command::Ranking { month } => reports::ranking(ctx, conn, month).await,
        counter => Err(Failure::Usage(format!("not a follow-up desk command: {counter:?}"))),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => report(&failure),
    }
}
