//! Recall campaigns: importing a carmaker's campaign from CSV (a bad row named by its
//! line and kept out, the good ones in), the open recalls staff are shown, closing a
//! recall on a vehicle — done here adds its warranty line to the work order as a new
//! estimate version — and a campaign's completion.

use rusqlite::Connection;

use super::App;
use super::work_orders::{Proposal, load, propose};
use crate::domain::recall::{self, Completion, RecallOutcome};
use crate::domain::records::VehicleRecall;
use crate::domain::workorder::{LineInput, LineKind, PayType, parse_lines};
use crate::domain::{Caller, Error, ErrorReason, Invalid, Result, parse_vin};
use crate::store::{recalls, secs};

/// The most rows one import reads.
pub const MOST_ROWS: usize = 20_000;

/// A row of the CSV that was kept out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedRow {
    /// Its line in the file, from 1.
    pub line: u64,
    /// What it held (its first 24 characters).
    pub value: String,
    /// Why it was kept out.
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Imported {
    /// VINs added to the campaign.
    pub added: u32,
    /// VINs the campaign held already.
    pub already: u32,
    /// Rows kept out.
    pub rejected: Vec<RejectedRow>,
}

/// The VINs of a campaign's CSV: one per row in its first column (a header `vin` is
/// skipped, blank rows too); a row whose VIN is not valid is named by its line. Rows
/// are read line by line (a VIN list has no quoted line breaks), so a line number is
/// the one an editor shows.
pub fn read_vins(csv_text: &str) -> (Vec<String>, Vec<RejectedRow>) {
    let (mut vins, mut rejected) = (Vec::new(), Vec::new());
    for (line, raw) in (1u64..).zip(csv_text.lines()).take(MOST_ROWS) {
        let mut row = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(raw.as_bytes());
        let first = match row.records().next() {
            None => continue,
            Some(Ok(record)) => record.get(0).unwrap_or("").trim().to_owned(),
            Some(Err(e)) => {
                rejected.push(RejectedRow { line, value: crate::domain::error::quote(raw), reason: e.to_string() });
                continue;
            }
        };
        if first.is_empty() || (line == 1 && first.eq_ignore_ascii_case("vin")) {
            continue;
        }
        match parse_vin(&first) {
            Ok(vin) => vins.push(vin),
            Err(e) => {
                rejected.push(RejectedRow { line, value: crate::domain::error::quote(&first), reason: e.description })
            }
        }
    }
    (vins, rejected)
}

fn import(conn: &Connection, code: &str, title: &str, vins: &[String], by: &str, now: i64) -> Result<Imported> {
    let id = recalls::campaign(conn, code, title, by, now)?;
    let mut done = Imported::default();
    for vin in vins {
        if recalls::add_vin(conn, id, vin)? {
            done.added += 1;
        } else {
            done.already += 1;
        }
    }
    Ok(done)
}

/// The recall's warranty line: the carmaker pays the campaign's work.
fn recall_line(r: &VehicleRecall) -> Result<Vec<crate::domain::workorder::Line>> {
    parse_lines(&[LineInput {
        kind: Some(LineKind::Fee),
        pay_type: Some(PayType::Warranty),
        code: r.code.clone(),
        name: format!("召回 {}", r.title),
        ..LineInput::default()
    }])
}

fn close(
    conn: &Connection,
    (code, vin): (&str, &str),
    outcome: RecallOutcome,
    work_order: &str,
    by: &str,
    now: i64,
) -> Result<VehicleRecall> {
    let found = recalls::get(conn, code, vin)?
        .ok_or_else(|| Error::refused(ErrorReason::RecallNotFound, format!("{vin} is in no recall {code}")))?;
    recall::check_close(found.outcome, vin, code)?;
    if outcome == RecallOutcome::DoneHere {
        if work_order.is_empty() {
            let why = Invalid::new(ErrorReason::FieldRequired, "a recall done here names its work order");
            return Err(Error::invalid("work_order", why));
        }
        let wo = load(conn, work_order)?;
        if found.plate != wo.visit.plate {
            let why = Invalid::new(ErrorReason::FieldInvalid, format!("{work_order} is for another car"));
            return Err(Error::invalid("work_order", why));
        }
        let lines = recall_line(&found)?;
        propose(conn, work_order, &Proposal { lines, insurer: String::new(), claim_number: String::new() }, by, now)?;
    }
    recalls::close(conn, code, vin, outcome, work_order, by, now)?;
    recalls::get(conn, code, vin)?.ok_or_else(|| Error::internal("a recall vanished"))
}

impl App {
    /// Imports a campaign's VINs (again: VINs it has already are counted, not added twice).
    pub async fn import_recall_campaign(
        &self,
        caller: &Caller,
        code: String,
        title: String,
        csv: String,
    ) -> Result<Imported> {
        let (now, by) = (secs(self.now()), caller.actor());
        let (vins, rejected) = read_vins(&csv);
        let mut done = self.store.write(move |tx| import(tx, &code, &title, &vins, &by, now)).await?;
        done.rejected = rejected;
        Ok(done)
    }

    /// Open recalls: of a VIN, of the car with a plate, of a campaign, or all; one page.
    pub async fn list_open_recalls(
        &self,
        vin: Option<String>,
        plate: Option<crate::domain::Plate>,
        code: Option<String>,
        page: crate::domain::Page,
    ) -> Result<(Vec<VehicleRecall>, String)> {
        self.store
            .read(move |conn| {
                let vin = match (vin, plate) {
                    (Some(vin), _) => Some(vin),
                    (None, Some(plate)) => match crate::store::customers::vehicle_by_plate(conn, plate.as_str())? {
                        Some(v) if !v.vin.is_empty() => Some(v.vin),
                        // A car not on file, or without a VIN, has no recall to show.
                        _ => return Ok((Vec::new(), String::new())),
                    },
                    (None, None) => None,
                };
                let all = recalls::open(conn, vin.as_deref(), code.as_deref())?;
                let shown = all.into_iter().skip(page.offset as usize).take(page.probe() as usize).collect();
                Ok(crate::domain::paging::cut(page, shown))
            })
            .await
    }

    /// Closes a recall on a vehicle; done here adds its warranty line to the work order.
    pub async fn close_recall(
        &self,
        caller: &Caller,
        (code, vin): (String, String),
        outcome: RecallOutcome,
        work_order: String,
    ) -> Result<VehicleRecall> {
        let (now, by) = (secs(self.now()), caller.actor());
        self.store.write(move |tx| close(tx, (&code, &vin), outcome, &work_order, &by, now)).await
    }

    /// A campaign's completion and its vehicles.
    pub async fn recall_completion(&self, code: String) -> Result<(Completion, Vec<VehicleRecall>)> {
        self.store
            .read(move |conn| {
                let all = recalls::of_campaign(conn, &code)?
                    .ok_or_else(|| Error::refused(ErrorReason::RecallNotFound, format!("no recall campaign {code}")))?;
                let mut completion = Completion::default();
                for r in &all {
                    completion.add(r.outcome);
                }
                Ok((completion, all))
            })
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_rows_are_read_and_bad_ones_named_by_their_line() {
        let csv = "vin,note\nLSVAA4181E2123456,首批\n\nLSVAA4182E2123456\nshort\n1M8GDM9AXKP042788\n";
        let (vins, rejected) = read_vins(csv);
        assert_eq!(vins, ["LSVAA4181E2123456", "1M8GDM9AXKP042788"]);
        let lines: Vec<u64> = rejected.iter().map(|r| r.line).collect();
        assert_eq!(lines, [4, 5], "the wrong check digit and the short VIN");
        assert!(rejected[0].reason.contains("check digit"), "{:?}", rejected[0]);
    }
}
