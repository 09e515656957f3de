//! Tables for people, JSON for scripts, and how times and statuses read.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use comfy_table::{Table, presets};
use frontdesk_proto::v1 as pb;
use serde_json::Value;

use crate::Failure;

/// Writes to standard output. A reader that went away (`advisor appointments | head`)
/// ends the program quietly with success, as other Unix tools do, instead of a panic
/// with a backtrace; any other write failure is reported and exits 1.
pub fn write_out(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(error) = out.write_fmt(args).and_then(|()| out.flush()) {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write the output: {error}");
        std::process::exit(1);
    }
}

/// `println!` through [`write_out`].
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => { $crate::output::write_out(format_args!("{}\n", format_args!($($arg)*))) };
}

/// `print!` through [`write_out`].
#[macro_export]
macro_rules! say_raw {
    ($($arg:tt)*) => { $crate::output::write_out(format_args!($($arg)*)) };
}

/// Prints rows as a table, or the JSON value when `--json` is set.
pub fn print(json: bool, value: Value, header: &[&str], rows: Vec<Vec<String>>) {
    if json {
        crate::say!("{}", serde_json::to_string_pretty(&value).unwrap_or_else(|_| value.to_string()));
        return;
    }
    if rows.is_empty() {
        crate::say!("(none)");
        return;
    }
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED).set_header(header.to_vec());
    for row in rows {
        table.add_row(row);
    }
    crate::say!("{table}");
}

/// Prints `label: value` lines, or the JSON value.
pub fn print_fields(json: bool, value: Value, fields: &[(&str, String)]) {
    if json {
        crate::say!("{}", serde_json::to_string_pretty(&value).unwrap_or_else(|_| value.to_string()));
        return;
    }
    let mut table = Table::new();
    table.load_style(presets::NOTHING);
    for (label, value) in fields {
        table.add_row(vec![(*label).to_owned(), value.clone()]);
    }
    crate::say!("{table}");
}

/// A timestamp in the store's zone, `2026-11-28 09:00`.
pub fn local(zone: Tz, ts: Option<&prost_types::Timestamp>) -> String {
    ts.and_then(|t| DateTime::<Utc>::from_timestamp(t.seconds, 0))
        .map(|t| t.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// Parses `YYYY-MM-DD HH:MM` in the store's zone.
pub fn parse_local(zone: Tz, text: &str) -> Result<prost_types::Timestamp, Failure> {
    let naive = NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M")
        .map_err(|_| Failure::Usage(format!("`{text}` is not a time like \"2026-11-28 09:00\"")))?;
    let at = zone
        .from_local_datetime(&naive)
        .earliest()
        .ok_or_else(|| Failure::Usage(format!("{text} does not exist in {zone}")))?;
    Ok(prost_types::Timestamp { seconds: at.timestamp(), nanos: 0 })
}

/// Today in the store's zone.
pub fn today(zone: Tz) -> String {
    Utc::now().with_timezone(&zone).date_naive().to_string()
}

/// An appointment status as people say it.
pub fn status(status: i32) -> &'static str {
    match pb::AppointmentStatus::try_from(status) {
        Ok(pb::AppointmentStatus::Booked) => "booked",
        Ok(pb::AppointmentStatus::Cancelled) => "cancelled",
        Ok(pb::AppointmentStatus::NoShow) => "no-show",
        Ok(pb::AppointmentStatus::CheckedIn) => "checked-in",
        _ => "?",
    }
}

/// Reads a status as people type it.
pub fn parse_status(text: &str) -> Result<pb::AppointmentStatus, Failure> {
    match text {
        "booked" => Ok(pb::AppointmentStatus::Booked),
        "cancelled" => Ok(pb::AppointmentStatus::Cancelled),
        "no-show" => Ok(pb::AppointmentStatus::NoShow),
        "checked-in" => Ok(pb::AppointmentStatus::CheckedIn),
        other => Err(Failure::Usage(format!("unknown status `{other}`: booked, cancelled, no-show or checked-in"))),
    }
}

/// An appointment as JSON.
pub fn appointment_json(zone: Tz, a: &pb::Appointment) -> Value {
    serde_json::json!({
        "confirmation_code": a.confirmation_code,
        "plate": a.plate,
        "customer_id": a.customer_id,
        "customer_name": a.customer_name,
        "phone": a.phone,
        "service_code": a.service_code,
        "slot_start": local(zone, a.slot_start.as_ref()),
        "local_date": a.local_date,
        "status": status(a.status),
        "preferred_advisor_id": a.preferred_advisor_id,
        "notes": a.notes,
        "overbooked": a.overbooked,
        "overbook_reason": a.overbook_reason,
        "created_by": a.created_by,
        "cancel_reason": a.cancel_reason,
    })
}

/// An appointment as a table row.
pub fn appointment_row(zone: Tz, a: &pb::Appointment) -> Vec<String> {
    vec![
        local(zone, a.slot_start.as_ref()),
        a.confirmation_code.clone(),
        a.plate.clone(),
        a.customer_name.clone(),
        a.phone.clone(),
        a.service_code.clone(),
        status(a.status).to_owned() + if a.overbooked { " (overbooked)" } else { "" },
        a.notes.clone(),
    ]
}

/// The header of [`appointment_row`].
pub const APPOINTMENT_HEADER: &[&str] = &["slot", "code", "plate", "customer", "phone", "service", "status", "notes"];
