//! The kiosk's outbox: a check-in or booking the server could not take is kept in a
//! small SQLite file of the kiosk's, with its original `request_id` (and, for
//! check-ins, its original arrival time), so nothing a customer entered is lost and
//! nothing lands twice. Storage only: rows kept, listed, marked sent or refused, and
//! the day's provisional numbers. The driver sends them (`driver::flush`).

use frontdesk_domain::mask_phone as mask;
use frontdesk_proto::v1 as pb;
use prost::Message;
use rusqlite::{Connection as Sqlite, OptionalExtension, params};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// What kind of request a row holds.
const CHECK_IN: &str = "CHECK_IN";
const BOOK: &str = "BOOK";

/// A request waiting in the outbox.
#[derive(Debug, Clone, PartialEq)]
pub enum Kept {
    /// A check-in (with `arrive_time` set).
    CheckIn(pb::CheckInRequest),
    /// A booking.
    Book(pb::BookAppointmentRequest),
}

impl Kept {
    fn request_id(&self) -> &str {
        match self {
            Kept::CheckIn(r) => &r.request_id,
            Kept::Book(r) => &r.request_id,
        }
    }

    /// The number the customer was shown for it.
    pub fn provisional_number(&self) -> &str {
        match self {
            Kept::CheckIn(r) => &r.provisional_number,
            Kept::Book(r) => &r.provisional_number,
        }
    }

    fn set_provisional_number(&mut self, number: String) {
        match self {
            Kept::CheckIn(r) => r.provisional_number = number,
            Kept::Book(r) => r.provisional_number = number,
        }
    }

    fn row(&self) -> (&'static str, Vec<u8>) {
        match self {
            Kept::CheckIn(r) => (CHECK_IN, r.encode_to_vec()),
            Kept::Book(r) => (BOOK, r.encode_to_vec()),
        }
    }
}

/// A request in the outbox as the desk reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The outbox row.
    pub id: i64,
    /// What it is: `check-in 沪A12345 walk-in repair 138****5678`, `booking …`.
    pub what: String,
    /// When the customer made it.
    pub kept_at: chrono::DateTime<chrono::Utc>,
    /// True when the server refused it for good.
    pub failed: bool,
    /// Attempts to send it.
    pub attempts: i64,
    /// Why it failed (a reason code), empty while pending.
    pub error: String,
}

/// A stored request as it was kept; `None` when this kiosk cannot read it.
fn decode(kind: &str, payload: &[u8]) -> Option<Kept> {
    match kind {
        CHECK_IN => pb::CheckInRequest::decode(payload).ok().map(Kept::CheckIn),
        _ => pb::BookAppointmentRequest::decode(payload).ok().map(Kept::Book),
    }
}

/// A kept request in a line for the desk, the phone masked, with the provisional
/// number the customer shows.
fn describe(kept: &Kept) -> String {
    match kept.provisional_number() {
        "" => what(kept),
        number => format!("{number}  {}", what(kept)),
    }
}

fn what(kept: &Kept) -> String {
    match kept {
        Kept::CheckIn(r) if !r.confirmation_code.is_empty() => format!("check-in code {}", r.confirmation_code),
        Kept::CheckIn(r) if !r.phone_last4.is_empty() => {
            format!("check-in {} appointment (phone ****{})", r.plate, r.phone_last4)
        }
        Kept::CheckIn(r) => {
            let phone = if r.phone.is_empty() { "no phone".to_owned() } else { mask(&r.phone) };
            format!("check-in {} walk-in {} ({phone})", r.plate, r.service_code)
        }
        Kept::Book(r) => {
            let slot = r
                .slot_start
                .as_ref()
                .and_then(|t| chrono::DateTime::from_timestamp(t.seconds, 0))
                .map_or_else(String::new, |t| t.format("%Y-%m-%d %H:%M UTC").to_string());
            format!("booking {} {} {} {slot}", r.plate, mask(&r.phone), r.service_code)
        }
    }
}

/// The outbox file.
#[derive(Debug, Clone)]
pub struct Outbox {
    db: Arc<Mutex<Sqlite>>,
}

/// Why the outbox could not be used.
#[derive(Debug, thiserror::Error)]
#[error("kiosk outbox: {0}")]
pub struct OutboxError(#[from] rusqlite::Error);

impl Outbox {
    /// Opens (creating when missing) the outbox at `path`.
    pub fn open(path: &Path) -> Result<Self, OutboxError> {
        let db = Sqlite::open(path)?;
        db.pragma_update(None, "journal_mode", "WAL")?;
        db.pragma_update(None, "synchronous", "FULL")?;
        db.execute_batch(
            "CREATE TABLE IF NOT EXISTS outbox (
                 id         INTEGER PRIMARY KEY,
                 kind       TEXT NOT NULL CHECK (kind IN ('CHECK_IN', 'BOOK')),
                 request_id TEXT NOT NULL UNIQUE,
                 payload    BLOB NOT NULL,
                 kept_at    INTEGER NOT NULL,
                 state      TEXT NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'FAILED')),
                 attempts   INTEGER NOT NULL DEFAULT 0,
                 last_error TEXT NOT NULL DEFAULT ''
             ) STRICT;
             CREATE TABLE IF NOT EXISTS provisional_numbers (
                 local_date TEXT PRIMARY KEY,
                 last       INTEGER NOT NULL
             ) STRICT;",
        )?;
        Ok(Self { db: Arc::new(Mutex::new(db)) })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Sqlite> {
        self.db.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Keeps a request; keeping the same `request_id` twice keeps it once.
    pub fn keep(&self, kept: &Kept) -> Result<(), OutboxError> {
        let (kind, payload) = kept.row();
        let now = chrono::Utc::now().timestamp();
        self.lock().execute(
            "INSERT OR IGNORE INTO outbox (kind, request_id, payload, kept_at) VALUES (?1, ?2, ?3, ?4)",
            params![kind, kept.request_id(), payload, now],
        )?;
        Ok(())
    }

    /// Keeps a request under a provisional number for the customer to show at the desk,
    /// and returns it: the request's own when it has one (a request that replaces an
    /// earlier one keeps that one's number), the number it was kept under when kept
    /// before, else the next of the store's day `day` at this kiosk, `TAG-MMDD-NN`
    /// (`L-0412-07`). The count is kept in the outbox file, so a restart never gives a
    /// number twice.
    pub fn keep_numbered(&self, mut kept: Kept, day: chrono::NaiveDate, tag: &str) -> Result<String, OutboxError> {
        let mut db = self.lock();
        let tx = db.transaction()?;
        let earlier: Option<(String, Vec<u8>)> = tx
            .query_row("SELECT kind, payload FROM outbox WHERE request_id = ?1", [kept.request_id()], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        if let Some(earlier) = earlier.and_then(|(kind, payload)| decode(&kind, &payload)) {
            return Ok(earlier.provisional_number().to_owned());
        }
        if kept.provisional_number().is_empty() {
            let n: i64 = tx.query_row(
                "INSERT INTO provisional_numbers (local_date, last) VALUES (?1, 1)
                 ON CONFLICT (local_date) DO UPDATE SET last = last + 1 RETURNING last",
                [day.to_string()],
                |r| r.get(0),
            )?;
            kept.set_provisional_number(format!("{tag}-{}-{n:02}", day.format("%m%d")));
        }
        let (kind, payload) = kept.row();
        tx.execute(
            "INSERT INTO outbox (kind, request_id, payload, kept_at) VALUES (?1, ?2, ?3, ?4)",
            params![kind, kept.request_id(), payload, chrono::Utc::now().timestamp()],
        )?;
        tx.commit()?;
        Ok(kept.provisional_number().to_owned())
    }

    /// Drops a pending request that a later one replaced.
    pub fn forget(&self, request_id: &str) -> Result<(), OutboxError> {
        self.lock().execute("DELETE FROM outbox WHERE request_id = ?1 AND state = 'PENDING'", [request_id])?;
        Ok(())
    }

    /// The requests still to send, oldest first.
    pub fn pending(&self) -> Result<Vec<(i64, Kept)>, OutboxError> {
        let db = self.lock();
        let mut stmt = db.prepare("SELECT id, kind, payload FROM outbox WHERE state = 'PENDING' ORDER BY id")?;
        let rows: Vec<(i64, String, Vec<u8>)> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::with_capacity(rows.len());
        for (id, kind, payload) in rows {
            match decode(&kind, &payload) {
                Some(kept) => out.push((id, kept)),
                // A row this kiosk cannot read is set aside for the desk, not skipped forever.
                None => {
                    db.execute("UPDATE outbox SET state = 'FAILED', last_error = 'UNREADABLE' WHERE id = ?1", [id])?;
                }
            }
        }
        Ok(out)
    }

    /// Every request still in the outbox, oldest first, for the desk: what it is, for
    /// whom, when it was kept, and why it failed (empty while pending).
    pub fn entries(&self) -> Result<Vec<Entry>, OutboxError> {
        let db = self.lock();
        let mut stmt =
            db.prepare("SELECT id, kind, payload, kept_at, state, attempts, last_error FROM outbox ORDER BY id")?;
        type Row = (i64, String, Vec<u8>, i64, String, i64, String);
        let rows: Vec<Row> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows
            .into_iter()
            .map(|(id, kind, payload, kept_at, state, attempts, error)| Entry {
                id,
                what: decode(&kind, &payload).map_or_else(|| format!("{kind} (unreadable)"), |k| describe(&k)),
                kept_at: chrono::DateTime::from_timestamp(kept_at, 0).unwrap_or_default(),
                failed: state == "FAILED",
                attempts,
                error,
            })
            .collect())
    }

    /// Requests the server refused for good, for the desk to look at.
    pub fn failed(&self) -> Result<Vec<(String, String)>, OutboxError> {
        let db = self.lock();
        let mut stmt = db.prepare("SELECT request_id, last_error FROM outbox WHERE state = 'FAILED' ORDER BY id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The server took the request: it leaves the outbox.
    pub fn sent(&self, id: i64) -> Result<(), OutboxError> {
        self.lock().execute("DELETE FROM outbox WHERE id = ?1", [id])?;
        Ok(())
    }

    /// The server refused the request for good (`reason`, its reason code): it stays,
    /// marked refused, for the desk.
    pub fn refused(&self, id: i64, reason: &str) -> Result<(), OutboxError> {
        self.lock().execute(
            "UPDATE outbox SET state = 'FAILED', attempts = attempts + 1, last_error = ?2 WHERE id = ?1",
            params![id, reason],
        )?;
        Ok(())
    }

    /// The server could not be reached for the request: it stays pending, one attempt more.
    pub fn attempted(&self, id: i64) -> Result<(), OutboxError> {
        self.lock().execute("UPDATE outbox SET attempts = attempts + 1 WHERE id = ?1", [id])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_in(id: &str, number: &str) -> Kept {
        Kept::CheckIn(pb::CheckInRequest {
            request_id: id.into(),
            plate: "沪A12345".into(),
            provisional_number: number.into(),
            ..Default::default()
        })
    }

    #[test]
    fn provisional_numbers_count_per_day_and_survive_a_restart() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("outbox.sqlite3");
        let day = chrono::NaiveDate::from_ymd_opt(2030, 4, 12).expect("date");
        let outbox = Outbox::open(&path).expect("opens");
        assert_eq!(outbox.keep_numbered(check_in("a", ""), day, "L").expect("keeps"), "L-0412-01");
        assert_eq!(outbox.keep_numbered(check_in("b", ""), day, "L").expect("keeps"), "L-0412-02");
        assert_eq!(outbox.keep_numbered(check_in("a", ""), day, "L").expect("keeps"), "L-0412-01", "kept once");
        assert_eq!(
            outbox.keep_numbered(check_in("c", "L-0412-02"), day, "L").expect("keeps"),
            "L-0412-02",
            "a request replacing another keeps its number"
        );
        drop(outbox);
        let outbox = Outbox::open(&path).expect("opens again");
        assert_eq!(outbox.keep_numbered(check_in("d", ""), day, "L").expect("keeps"), "L-0412-03");
        let next_day = day.succ_opt().expect("date");
        assert_eq!(outbox.keep_numbered(check_in("e", ""), next_day, "L").expect("keeps"), "L-0413-01");
        let listed = outbox.entries().expect("entries");
        assert!(listed[0].what.starts_with("L-0412-01  check-in 沪A12345"), "{:?}", listed[0].what);
    }
}
