//! The options of reception and the work order's stages: `done` and `visit`.

use clap::{Args, Subcommand};

/// Options of `done`.
#[derive(Debug, Args)]
pub struct DoneArgs {
    /// The ticket number or id [default: the ticket you hold].
    pub ticket: Option<String>,
    /// The odometer reading in km.
    #[arg(long)]
    pub mileage: i32,
    /// What the customer asked for (问诊).
    #[arg(long, default_value = "")]
    pub request: String,
    /// When the car is promised, "YYYY-MM-DD HH:MM" in the store's zone.
    #[arg(long)]
    pub promised: String,
    /// A note for the follow-up call (回访备注).
    #[arg(long, default_value = "")]
    pub callback_note: String,
}

/// `visit` subcommands.
#[derive(Debug, Subcommand)]
pub enum VisitCommand {
    /// Show one work order with its stage history.
    Show {
        /// The work-order number.
        work_order: String,
    },
    /// List work orders, newest first.
    List {
        /// Only cars still in the workshop.
        #[arg(long)]
        open: bool,
        /// Only this plate.
        #[arg(long)]
        plate: Option<String>,
    },
    /// Move a work order to its next stage.
    Stage {
        /// The work-order number.
        work_order: String,
        /// in-repair, waiting-parts, quality-check or ready.
        #[arg(value_parser = ["in-repair", "waiting-parts", "quality-check", "ready"])]
        stage: String,
        /// For waiting-parts: when the parts come, YYYY-MM-DD.
        #[arg(long)]
        parts_date: Option<String>,
        /// A new promised-ready time, "YYYY-MM-DD HH:MM".
        #[arg(long)]
        promised: Option<String>,
        /// A note for the history.
        #[arg(long, default_value = "")]
        note: String,
    },
}
