//! The options of the work-order commands.

use clap::Args;

/// Options of `estimate`.
#[derive(Debug, Args)]
pub struct EstimateArgs {
    /// The work-order number, e.g. WO20261127-004.
    pub work_order: String,
    /// A labour line, NAME,HOURS,RATE[,PAY] in yuan: 更换前刹车片,1.5,300. PAY is
    /// customer (the default), warranty, insurance or internal.
    #[arg(long, value_name = "LINE")]
    pub labour: Vec<String>,
    /// A part line, PARTNO,NAME,QTY,PRICE,stock|order[,PAY]: 45022-TBA-A01,前刹车片,2,280.50,stock.
    #[arg(long, value_name = "LINE")]
    pub part: Vec<String>,
    /// Another fee, NAME,AMOUNT[,PAY]: 检测费,100.
    #[arg(long, value_name = "LINE")]
    pub fee: Vec<String>,
    /// The insurer, for insurance lines.
    #[arg(long)]
    pub insurer: Option<String>,
    /// The insurer's claim number, for insurance lines.
    #[arg(long)]
    pub claim: Option<String>,
    /// The idempotency key, to retry safely [default: a fresh one].
    #[arg(long)]
    pub request_id: Option<String>,
}

/// Options of `approve`.
#[derive(Debug, Args)]
pub struct ApproveArgs {
    /// The work-order number.
    pub work_order: String,
    /// The estimate version the customer approved.
    pub version: i32,
    /// Who called the customer.
    #[arg(long)]
    pub called_by: String,
    /// What the customer said (客户原话).
    #[arg(long)]
    pub words: String,
    /// When the call was, "YYYY-MM-DD HH:MM" in the store's zone [default: now].
    #[arg(long)]
    pub at: Option<String>,
    /// A line of the version the customer declined (repeat for more).
    #[arg(long, value_name = "LINE_ID")]
    pub decline: Vec<i64>,
}

/// Options of `settle`.
#[derive(Debug, Args)]
pub struct SettleArgs {
    /// The work-order number.
    pub work_order: String,
    /// A discount on a customer-paid line, LINE=10% or LINE=50 (yuan); repeat for more.
    #[arg(long, value_name = "LINE=DISCOUNT")]
    pub discount: Vec<String>,
    /// A discount on the customer's whole share: 10% or 50 (yuan).
    #[arg(long, value_name = "DISCOUNT")]
    pub whole: Option<String>,
    /// A part line whose old part goes back to the customer (旧件交还); the others stay
    /// with the store. Repeat for more.
    #[arg(long, value_name = "LINE_ID")]
    pub return_old: Vec<i64>,
}

/// Options of `pay`.
#[derive(Debug, Args)]
pub struct PayArgs {
    /// The work-order number.
    pub work_order: String,
    /// The amount in yuan, e.g. 580 or 580.00.
    pub amount: String,
    /// cash, card, wechat, alipay, insurer (insurer direct), warranty (warranty claim) or
    /// account (挂账, supervisors only).
    #[arg(long)]
    pub method: String,
    /// The receipt, transaction or claim number.
    #[arg(long, default_value = "")]
    pub reference: String,
    /// The idempotency key, to retry safely [default: a fresh one].
    #[arg(long)]
    pub request_id: Option<String>,
}

/// `parts` subcommands: the parts desk (配件).
#[derive(Debug, clap::Subcommand)]
pub enum PartsCommand {
    /// Order an approved part line to order (缺货下定单) from its supplier.
    Order {
        /// The work-order number.
        work_order: String,
        /// The part line (from `advisor estimate`).
        line_id: i64,
        /// Who supplies it.
        #[arg(long)]
        supplier: String,
        /// When the supplier expects to deliver it, YYYY-MM-DD.
        #[arg(long)]
        expected: String,
        /// The idempotency key, to retry safely [default: a fresh one].
        #[arg(long)]
        request_id: Option<String>,
    },
    /// Record parts orders arrived at the parts desk (parts role).
    Arrived {
        /// The orders' ids (from `advisor parts list`).
        #[arg(required = true)]
        ids: Vec<i64>,
    },
    /// The parts desk's lists, oldest order first.
    List {
        /// unsettled (not arrived, or not fitted), open (not arrived), overdue (past their
        /// date) or unfitted (arrived and not fitted after workorder.unfitted_after_days).
        #[arg(long, default_value = "unsettled", value_parser = ["unsettled", "open", "overdue", "unfitted"])]
        view: String,
    },
}

/// `claim` subcommands: warranty claims (保修索赔).
#[derive(Debug, clap::Subcommand)]
pub enum ClaimCommand {
    /// Claim the warranty lines done on a work order from the carmaker.
    Submit {
        /// The work-order number.
        work_order: String,
        /// A note for the carmaker.
        #[arg(long, default_value = "")]
        note: String,
        /// The idempotency key, to retry safely [default: a fresh one].
        #[arg(long)]
        request_id: Option<String>,
    },
    /// Record the carmaker's decision (warranty clerk or supervisor).
    Decide {
        /// The claim's id (from `advisor estimate WO --json`).
        claim_id: i64,
        /// approve, reject or paid.
        #[arg(value_parser = ["approve", "reject", "paid"])]
        decision: String,
        /// For approve: the amount approved in yuan [default: all that was claimed].
        #[arg(long)]
        amount: Option<String>,
        /// For reject: why.
        #[arg(long, default_value = "")]
        reason: String,
    },
}

/// `recalls` subcommands: recall campaigns (召回).
#[derive(Debug, clap::Subcommand)]
pub enum RecallCommand {
    /// Import a campaign's VINs from the carmaker's CSV (one VIN per row; supervisors).
    Import {
        /// The CSV file.
        file: std::path::PathBuf,
        /// The campaign code, e.g. R-2030-01.
        #[arg(long)]
        code: String,
        /// The campaign's title.
        #[arg(long)]
        title: String,
    },
    /// The open recalls: of a car, a VIN, a campaign, or all.
    List {
        /// A plate on file.
        #[arg(long)]
        plate: Option<String>,
        /// A VIN.
        #[arg(long)]
        vin: Option<String>,
        /// A campaign code.
        #[arg(long)]
        code: Option<String>,
    },
    /// Close a recall on a vehicle.
    Close {
        /// The campaign code.
        code: String,
        /// The VIN.
        vin: String,
        /// here (on --work-order, which gets its warranty line), elsewhere, or na.
        #[arg(long, value_parser = ["here", "elsewhere", "na"])]
        outcome: String,
        /// For here: the work order.
        #[arg(long, default_value = "")]
        work_order: String,
    },
    /// How far a campaign has come.
    Report {
        /// The campaign code.
        code: String,
    },
}
