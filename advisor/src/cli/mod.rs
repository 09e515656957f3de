//! The `advisor` command line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

mod followup;
mod visits;
mod work_orders;

pub use followup::{CallArgs, CampaignArgs, CampaignCommand, ExportArgs, FollowupsArgs, InboundArgs, OutboundArgs};
pub use visits::{DoneArgs, VisitCommand};
pub use work_orders::{ApproveArgs, ClaimCommand, EstimateArgs, PartsCommand, PayArgs, RecallCommand, SettleArgs};

/// The frontdesk staff client: appointments, customer files, the queue, the
/// follow-up desk and the service manager's reports.
///
/// The server address and token come from --addr/--token, FRONTDESK_ADDR /
/// FRONTDESK_TOKEN, or the demo token file that `frontdesk-server --demo` writes
/// (pick its role with --as).
#[derive(Debug, Parser)]
#[command(name = "advisor", version)]
pub struct Cli {
    /// Server address [default: from the demo token file, else http://127.0.0.1:50051].
    #[arg(long, global = true, env = "FRONTDESK_ADDR", value_name = "URL")]
    pub addr: Option<String>,
    /// API token [default: the --as role's token from the demo token file].
    #[arg(long, global = true, env = "FRONTDESK_TOKEN", hide_env_values = true, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Which demo token to use when no token is given: kiosk, advisor, followup,
    /// supervisor or admin.
    #[arg(long = "as", global = true, env = "FRONTDESK_ROLE", default_value = "advisor", value_name = "ROLE")]
    pub role: frontdesk_domain::Role,
    /// Where the demo token file lives.
    #[arg(long, global = true, env = "FRONTDESK_DATA_DIR", default_value = "./frontdesk-data", value_name = "DIR")]
    pub data_dir: PathBuf,
    /// The store's time zone, for entering and showing times.
    #[arg(long, global = true, env = "FRONTDESK_ZONE", default_value = "Asia/Shanghai", value_name = "ZONE")]
    pub zone: chrono_tz::Tz,
    /// Print JSON instead of tables, for scripts.
    #[arg(long, global = true)]
    pub json: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List appointments (today by default).
    Appointments(AppointmentsArgs),
    /// Show the slots of a day with the seats left.
    Slots {
        /// The service type, e.g. maintenance.
        #[arg(long)]
        service: String,
        /// The date, YYYY-MM-DD [default: today].
        #[arg(long)]
        date: Option<String>,
    },
    /// Book an appointment for a customer.
    Book(BookArgs),
    /// Move an appointment to another slot; the code stays the same.
    Reschedule {
        /// The confirmation code.
        code: String,
        /// The new slot, "YYYY-MM-DD HH:MM" in the store's zone.
        #[arg(long)]
        slot: String,
        /// Overbook a full slot, saying why.
        #[arg(long, value_name = "REASON")]
        overbook: Option<String>,
        /// Ask for this service advisor instead (0 for anyone); one who can no longer
        /// receive the service is refused, so ask the customer again.
        #[arg(long, value_name = "ID")]
        advisor: Option<i64>,
    },
    /// Cancel an appointment.
    Cancel {
        /// The confirmation code.
        code: String,
        /// Why it is cancelled.
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Mark an appointment whose slot has started as a no-show.
    NoShow {
        /// The confirmation code.
        code: String,
    },
    /// Show a customer file by plate or phone.
    Customer {
        /// A plate (沪A12345) or a mobile number.
        key: String,
    },
    /// Search customer files by part of a plate, phone or name.
    Search {
        /// What to look for (two or more characters).
        query: String,
    },
    /// List the staff.
    Staff {
        /// Also list deactivated staff.
        #[arg(long)]
        all: bool,
    },
    /// List the service types with their ticket prefixes and seats per slot.
    ServiceTypes,
    /// Call the next customer to your counter and show why they were chosen.
    Next,
    /// The called customer reached your counter: start the reception.
    Start {
        /// The ticket number (B007) or id [default: the ticket you hold].
        ticket: Option<String>,
    },
    /// Reception is done: close the ticket and open the work order.
    Done(DoneArgs),
    /// Call your ticket again (after the configured recalls it becomes a no-show).
    Recall {
        /// The ticket number or id [default: the ticket you hold].
        ticket: Option<String>,
    },
    /// The called customer did not come: set the ticket aside as a no-show.
    Skip {
        /// The ticket number or id [default: the ticket you hold].
        ticket: Option<String>,
    },
    /// Put a ticket back in the queue (yours, or a no-show who turned up).
    Return {
        /// The ticket number or id.
        ticket: String,
    },
    /// Hand a ticket to another advisor and/or service type.
    Transfer {
        /// The ticket number or id [default: the ticket you hold].
        ticket: Option<String>,
        /// The advisor's id to hand it to.
        #[arg(long, value_name = "ADVISOR_ID")]
        to: Option<i64>,
        /// The new service type.
        #[arg(long)]
        service: Option<String>,
        /// Why.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Set yourself (or, as a supervisor, --advisor ID) available, paused or offline.
    Status {
        /// available, paused or offline.
        #[arg(value_parser = ["available", "paused", "offline"])]
        status: String,
        /// Another advisor (supervisors only).
        #[arg(long, value_name = "ID")]
        advisor: Option<i64>,
    },
    /// Show the queue: waiting customers in order with position and estimated wait,
    /// then the advisors. With --watch, a live view that redraws on every change.
    Queue {
        /// The date, YYYY-MM-DD [default: today].
        #[arg(long, conflicts_with = "watch")]
        date: Option<String>,
        /// Keep watching and redraw on every change (Ctrl-C to stop).
        #[arg(long)]
        watch: bool,
        /// With --watch: stop after this many redraws (for scripts).
        #[arg(long, requires = "watch", value_name = "N")]
        updates: Option<usize>,
    },
    /// Work orders: show, list, move through the workshop stages.
    #[command(subcommand)]
    Visit(VisitCommand),
    /// Hand the car back to the customer: close the work order (must be READY).
    Deliver {
        /// The work-order number, e.g. WO20261127-004.
        work_order: String,
        /// A note for the history.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Show a work order's estimate, or propose its next version (extra work, 增项, is a
    /// new version) with --labour, --part and --fee lines; amounts in yuan.
    Estimate(EstimateArgs),
    /// Record the customer's yes to an estimate version given on the phone (a signature
    /// comes from the counter pad).
    Approve(ApproveArgs),
    /// Mark approved lines of a work order as done in the workshop.
    LinesDone {
        /// The work-order number.
        work_order: String,
        /// The line ids (from `advisor estimate`).
        #[arg(required = true)]
        line_ids: Vec<i64>,
    },
    /// Settle the lines done (结算单): discounts, old parts handed back; again until the
    /// first payment.
    Settle(SettleArgs),
    /// Approve a settlement's discount past the store's limit (supervisors).
    ApproveDiscount {
        /// The work-order number.
        work_order: String,
        /// Why, e.g. 老客户.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Record a payment against the settlement; the car leaves once the customer paid.
    Pay(PayArgs),
    /// Parts back-orders: order, record arrivals, list what is late or not fitted.
    #[command(subcommand)]
    Parts(PartsCommand),
    /// Warranty claims (保修索赔): submit the warranty lines done, record the carmaker's decision.
    #[command(subcommand)]
    Claim(ClaimCommand),
    /// Recall campaigns (召回): import from CSV, list open recalls, close them, report.
    #[command(subcommand)]
    Recalls(RecallCommand),
    /// The follow-up calls to make (yours, or all for a supervisor), by due date.
    Followups(FollowupsArgs),
    /// Show one follow-up with its calls and letters.
    Followup {
        /// The follow-up's id.
        id: i64,
    },
    /// Record a follow-up call.
    Call(CallArgs),
    /// Log an inbound call (enquiry or complaint); an unanswered complaint is yours to
    /// research, and --follow-up opens follow-up #1 after it.
    Inbound(InboundArgs),
    /// Log an outbound call that is no follow-up, such as a call to a lost customer.
    Outbound(OutboundArgs),
    /// Escalate a follow-up's issue to the supervisor at once (48 hours).
    Escalate {
        /// The follow-up's id.
        id: i64,
        /// What the supervisor must solve.
        #[arg(long)]
        complaint: String,
    },
    /// Letters still to send (after three unanswered calls, a wrong number, or a
    /// campaign invitation), earliest due first, with the customer's address.
    Letters {
        /// Only letters past their due date.
        #[arg(long)]
        overdue: bool,
    },
    /// List escalations: overdue ones, late reports and late customer notices are flagged.
    Escalations {
        /// Only open ones.
        #[arg(long)]
        open: bool,
        /// Only overdue ones, late reports and late customer notices.
        #[arg(long)]
        flagged: bool,
        /// Only those in this stage now.
        #[arg(long, value_parser = ["researching", "supervisor", "resolved"])]
        stage: Option<String>,
    },
    /// Report an escalation you research, and could not solve, to the supervisor.
    ReportEscalation {
        /// The escalation's id.
        id: i64,
        /// What you found and why it is not solved.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Record the solution of an escalation: yours while you research it, the
    /// supervisor's at any stage.
    Resolve {
        /// The escalation's id.
        id: i64,
        /// The solution.
        #[arg(long)]
        solution: String,
        /// The customer was told: now, or "YYYY-MM-DD HH:MM". Leave out when they still
        /// must be told, then record it with `notify`.
        #[arg(long, num_args = 0..=1, default_missing_value = "now", value_name = "WHEN")]
        told: Option<String>,
    },
    /// Record that the customer was told the solution of an escalation.
    Notify {
        /// The escalation's id.
        id: i64,
        /// When, "YYYY-MM-DD HH:MM" [default: now].
        #[arg(long, value_name = "WHEN")]
        at: Option<String>,
    },
    /// Log a letter sent: one that was due (by its id) or a new one (by --plate).
    Letter {
        /// The id of the letter that was due.
        letter_id: Option<i64>,
        /// For a new letter: the customer's plate.
        #[arg(long, conflicts_with = "letter_id")]
        plate: Option<String>,
        /// What it says, in short.
        #[arg(long, default_value = "")]
        content: String,
    },
    /// Hand an absent agent's follow-ups to a stand-in for a date range (supervisor).
    Reassign {
        /// The absent agent's id.
        #[arg(long, value_name = "AGENT_ID")]
        from: i64,
        /// The stand-in's id.
        #[arg(long, value_name = "AGENT_ID")]
        to: i64,
        /// The first day away, YYYY-MM-DD [default: today].
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// The last day away, YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        until: String,
    },
    /// Campaigns: 联谊活动, 优惠活动, 免费检测, recalls.
    #[command(subcommand)]
    Campaign(CampaignCommand),
    /// Vehicles whose maintenance falls due soon; those within the reminder period (14
    /// days) get a reminder call.
    DueMaintenance {
        /// Within this many days [default: the server's setting, 14].
        #[arg(long)]
        days: Option<i32>,
    },
    /// Lost customers (流失客户): no visit for 12 months, with the calls made to them
    /// and the reason found.
    Lost {
        /// Only those not yet called since their last visit (the worklist).
        #[arg(long)]
        uncalled: bool,
        /// How many lost customers have each reason found, instead of the list.
        #[arg(long, conflicts_with = "uncalled")]
        reasons: bool,
    },
    /// Record why a customer stopped coming (流失原因).
    LostReason {
        /// The customer's id.
        customer_id: i64,
        /// The reason found.
        reason: String,
    },
    /// Customer files still incomplete 2 days after a visit, with what is missing.
    Incomplete,
    /// Export a register, a report or a ranking as CSV (UTF-8 with BOM) or XLSX.
    Export(ExportArgs),
    /// The service manager's figures against their targets, ✓/✗ per line: the store's
    /// for a supervisor, an advisor's own for an advisor.
    Report {
        /// Which period.
        #[command(subcommand)]
        which: ReportCommand,
        /// A supervisor: one advisor's own figures instead of the store's.
        #[arg(long, global = true, value_name = "ID")]
        advisor: Option<i64>,
    },
    /// The monthly ranking of service advisors by visits received, with CSI, mean
    /// reception time and no-shows (an advisor sees their own row).
    Ranking {
        /// The month, YYYY-MM [default: this month].
        #[arg(long)]
        month: Option<String>,
    },
}

/// `report` subcommands.
#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Today's figures.
    Today,
    /// One day's figures.
    Day {
        /// The day, YYYY-MM-DD.
        date: String,
    },
    /// A month's figures.
    Month {
        /// The month, YYYY-MM [default: this month].
        #[arg(long)]
        month: Option<String>,
    },
    /// The figures of a range of days.
    Range {
        /// The first day, YYYY-MM-DD.
        from: String,
        /// The last day, YYYY-MM-DD.
        to: String,
    },
}

/// Options of `appointments`.
#[derive(Debug, Args)]
pub struct AppointmentsArgs {
    /// The date, YYYY-MM-DD, or `all` [default: today].
    #[arg(long)]
    pub date: Option<String>,
    /// Only this service type.
    #[arg(long)]
    pub service: Option<String>,
    /// Only this status: booked, cancelled, no-show, checked-in.
    #[arg(long)]
    pub status: Option<String>,
    /// Only this plate.
    #[arg(long)]
    pub plate: Option<String>,
}

/// Options of `book`.
#[derive(Debug, Args)]
pub struct BookArgs {
    /// The plate, e.g. 沪A12345.
    #[arg(long)]
    pub plate: String,
    /// The customer's mobile number.
    #[arg(long)]
    pub phone: String,
    /// The service type, e.g. maintenance.
    #[arg(long)]
    pub service: String,
    /// The slot, "YYYY-MM-DD HH:MM" in the store's zone.
    #[arg(long)]
    pub slot: String,
    /// The customer's name.
    #[arg(long, default_value = "")]
    pub name: String,
    /// The advisor the customer asked for.
    #[arg(long, value_name = "ID")]
    pub advisor: Option<i64>,
    /// Notes for the advisor, e.g. the complaint.
    #[arg(long, default_value = "")]
    pub notes: String,
    /// Overbook a full slot, saying why.
    #[arg(long, value_name = "REASON")]
    pub overbook: Option<String>,
    /// Idempotency key; reuse it to retry safely [default: a fresh one].
    #[arg(long)]
    pub request_id: Option<String>,
}
