//! The `advisor` command line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// The frontdesk staff client: appointments, customer files and (later) the queue,
/// follow-up calls and KPIs.
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
    /// Which demo token to use when no token is given.
    #[arg(long = "as", global = true, env = "FRONTDESK_ROLE", default_value = "advisor", value_name = "ROLE")]
    pub role: String,
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
