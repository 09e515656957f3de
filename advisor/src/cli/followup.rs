//! The follow-up desk's options: worklists, calls, campaigns, registers.

use std::path::PathBuf;

use clap::{Args, Subcommand};

/// Options of `followups`.
#[derive(Debug, Args)]
pub struct FollowupsArgs {
    /// today: due today; overdue: past their window; week: falling due within 7 days.
    #[arg(long, value_parser = ["today", "overdue", "week"])]
    pub due: Option<String>,
    /// Only this kind.
    #[arg(long, value_parser = ["first", "second", "campaign", "reminder", "flagged"])]
    pub kind: Option<String>,
    /// Only this status [default: open and letter-due].
    #[arg(long, value_parser = ["open", "done", "letter-due", "closed"])]
    pub status: Option<String>,
    /// Only this agent's work (supervisors).
    #[arg(long, value_name = "AGENT_ID")]
    pub agent: Option<i64>,
    /// Only this customer.
    #[arg(long, value_name = "CUSTOMER_ID")]
    pub customer: Option<i64>,
}

/// Options of `call`.
#[derive(Debug, Args)]
pub struct CallArgs {
    /// The follow-up's id.
    pub id: i64,
    /// How the call went.
    #[arg(long, value_parser = ["reached", "no-answer", "wrong-number", "refused"])]
    pub outcome: String,
    /// Satisfaction 1 to 5; leave it out when the customer gave none.
    #[arg(long, value_parser = clap::value_parser!(i32).range(1..=5))]
    pub score: Option<i32>,
    /// What was talked about; repeat for several.
    #[arg(long, value_parser = TOPICS)]
    pub topic: Vec<String>,
    /// The customer's requests and wishes.
    #[arg(long, default_value = "")]
    pub requests: String,
    /// The customer's complaint; unless --answered it is yours to research (two days),
    /// then to solve or report to the supervisor.
    #[arg(long, default_value = "")]
    pub complaint: String,
    /// Everything the customer asked was answered on the call.
    #[arg(long)]
    pub answered: bool,
    /// The key points of the call.
    #[arg(long, default_value = "")]
    pub note: String,
    /// For #2 talking about a topic of #1 again: what is new about it.
    #[arg(long, default_value = "")]
    pub new_content: String,
}

/// The topics a call may cover.
pub const TOPICS: [&str; 7] = [
    "vehicle-condition",
    "service-opinion",
    "new-needs",
    "usage-tips",
    "offers",
    "maintenance-due",
    "campaign-invitation",
];

/// Options of `inbound`.
#[derive(Debug, Args)]
pub struct InboundArgs {
    /// The caller's plate.
    #[arg(long, required_unless_present = "phone")]
    pub plate: Option<String>,
    /// The caller's phone.
    #[arg(long)]
    pub phone: Option<String>,
    /// enquiry or complaint.
    #[arg(long, value_parser = ["enquiry", "complaint"])]
    pub kind: String,
    /// What the customer said.
    #[arg(long)]
    pub content: String,
    /// It was answered on the call.
    #[arg(long)]
    pub answered: bool,
    /// Open follow-up #1 after the call (3 to 7 days later).
    #[arg(long)]
    pub follow_up: bool,
}

/// Options of `outbound`.
#[derive(Debug, Args)]
pub struct OutboundArgs {
    /// The customer's id.
    pub customer_id: i64,
    /// Why the call was made.
    #[arg(long, default_value = "lost-customer", value_parser = ["lost-customer", "other"])]
    pub purpose: String,
    /// How the call went.
    #[arg(long, value_parser = ["reached", "no-answer", "wrong-number", "refused"])]
    pub outcome: String,
    /// The reason the customer gave for staying away (流失原因); it goes on their file.
    #[arg(long)]
    pub reason: Option<String>,
    /// The key points of the call.
    #[arg(long, default_value = "")]
    pub note: String,
}

/// `campaign` subcommands.
#[derive(Debug, Subcommand)]
pub enum CampaignCommand {
    /// Create a campaign: its invitation calls fall due two weeks before the date.
    Create(CampaignArgs),
    /// List campaigns, latest first.
    List,
}

/// Options of `campaign create`.
#[derive(Debug, Args)]
pub struct CampaignArgs {
    /// The name, e.g. 春季免费检测.
    #[arg(long)]
    pub name: String,
    /// What it is.
    #[arg(long, value_parser = ["gathering", "offer", "free-check", "recall"])]
    pub kind: String,
    /// The date, YYYY-MM-DD.
    #[arg(long)]
    pub date: String,
    /// Who it invites: all base customers, those with maintenance due before
    /// --due-before, or the --vehicle list.
    #[arg(long, value_parser = ["all", "maintenance-due", "vehicles"])]
    pub audience: String,
    /// For --audience maintenance-due: maintenance falls due before this date.
    #[arg(long, value_name = "DATE")]
    pub due_before: Option<String>,
    /// For --audience vehicles: a plate or VIN; repeat for several.
    #[arg(long)]
    pub vehicle: Vec<String>,
    /// Idempotency key; reuse it to retry safely [default: a fresh one].
    #[arg(long)]
    pub request_id: Option<String>,
}

/// Options of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// customer-files (客户档案基本资料表), call-records (跟踪服务电话记录表),
    /// call-log (跟踪服务电话登记表), letter-log (跟踪服务信函登记表), report (the
    /// figures of --month or --from/--to) or ranking (of --month).
    #[arg(value_parser = ["customer-files", "call-records", "call-log", "letter-log", "report", "ranking"])]
    pub register: String,
    /// The first day, YYYY-MM-DD (registers need it).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// For report and ranking: the month, YYYY-MM [default: this month].
    #[arg(long, conflicts_with = "from")]
    pub month: Option<String>,
    /// The last day, YYYY-MM-DD [default: today].
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// For report: one advisor's own figures (a supervisor; an advisor gets their own).
    #[arg(long, value_name = "ID")]
    pub advisor: Option<i64>,
    /// csv or xlsx [default: from the file name's extension, else xlsx].
    #[arg(long, value_parser = ["csv", "xlsx"])]
    pub format: Option<String>,
    /// Where to write it [default: the register's own file name, in this directory].
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}
