//! The kiosk's outbox: a check-in or booking the server could not take is kept in a
//! small file of the kiosk's (`outbox.pb`), with its original `request_id` (and, for
//! check-ins, its original arrival time), so nothing a customer entered is lost and
//! nothing lands twice. Storage only: requests kept, listed, marked sent or refused,
//! and the day's provisional numbers. The driver sends them (`driver::flush`).
//!
//! The file is rewritten whole on every change — a temporary file, `fsync`, rename,
//! `fsync` of the folder — so a crash or a power cut leaves the old contents or the
//! new, never half of either; a lock file (`outbox.lock`) keeps a second process
//! (`--outbox` at the desk) from writing at the same time. It holds what waits during
//! an outage (tens, at most a few hundred requests), so reading it whole is cheap, and
//! the kiosk needs no database of its own.
mod kept;
mod stored;

use prost::Message;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub use kept::{Entry, Kept};
use kept::{decode, describe};
use stored::{FileLock, Stored};

/// The outbox file.
#[derive(Debug, Clone)]
pub struct Outbox {
    path: PathBuf,
    /// One change at a time within this process; the lock file does it between processes.
    changing: Arc<Mutex<()>>,
}

/// Why the outbox could not be used.
#[derive(Debug, thiserror::Error)]
pub enum OutboxError {
    /// The file could not be read or written.
    #[error("kiosk outbox {path}: {source}")]
    Io {
        /// The outbox file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The file is not an outbox this kiosk can read.
    #[error("kiosk outbox {path}: not an outbox file: {source}")]
    Unreadable {
        /// The outbox file.
        path: PathBuf,
        /// What the decoder said.
        #[source]
        source: prost::DecodeError,
    },
}

impl Outbox {
    /// Opens (creating when missing) the outbox at `path`.
    pub fn open(path: &Path) -> Result<Self, OutboxError> {
        let outbox = Self { path: path.to_owned(), changing: Arc::new(Mutex::new(())) };
        // Read (or create) it now, so a broken file shows at the start, not at the first
        // customer who needs it.
        outbox.change(|_| ())?;
        Ok(outbox)
    }

    fn io(&self, source: std::io::Error) -> OutboxError {
        OutboxError::Io { path: self.path.clone(), source }
    }

    fn read(&self) -> Result<Stored, OutboxError> {
        match std::fs::read(&self.path) {
            Ok(bytes) => Stored::decode(bytes.as_slice())
                .map_err(|source| OutboxError::Unreadable { path: self.path.clone(), source }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Stored::default()),
            Err(e) => Err(self.io(e)),
        }
    }

    /// Replaces the file with `stored`: written beside it, synced, renamed over it, and
    /// the folder synced, so the change is on disk before this returns.
    fn write(&self, stored: &Stored) -> Result<(), OutboxError> {
        let fresh = self.path.with_extension("pb.new");
        let mut file = std::fs::File::create(&fresh).map_err(|e| self.io(e))?;
        file.write_all(&stored.encode_to_vec()).and_then(|()| file.sync_all()).map_err(|e| self.io(e))?;
        std::fs::rename(&fresh, &self.path).map_err(|e| self.io(e))?;
        if let Some(folder) = self.path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::File::open(folder).and_then(|f| f.sync_all()).map_err(|e| self.io(e))?;
        }
        Ok(())
    }

    fn lock_file(&self) -> Result<FileLock, OutboxError> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.path.with_extension("lock"))
            .map_err(|e| self.io(e))?;
        file.lock().map_err(|e| self.io(e))?;
        Ok(FileLock(file))
    }

    /// Reads the file, lets `f` change it, and writes it back, under both locks.
    fn change<T>(&self, f: impl FnOnce(&mut Stored) -> T) -> Result<T, OutboxError> {
        let _one_at_a_time = self.changing.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let _other_processes = self.lock_file()?;
        let mut stored = self.read()?;
        let out = f(&mut stored);
        self.write(&stored)?;
        Ok(out)
    }

    /// Keeps a request; keeping the same `request_id` twice keeps it once.
    pub fn keep(&self, kept: &Kept) -> Result<(), OutboxError> {
        self.change(|stored| {
            if stored.find(kept.request_id()).is_none() {
                stored.add(kept);
            }
        })
    }

    /// Keeps a request under a provisional number for the customer to show at the desk,
    /// and returns it: the request's own when it has one (a request that replaces an
    /// earlier one keeps that one's number), the number it was kept under when kept
    /// before, else the next of the store's day `day` at this kiosk, `TAG-MMDD-NN`
    /// (`L-0412-07`). The count is kept in the outbox file, so a restart never gives a
    /// number twice.
    pub fn keep_numbered(&self, mut kept: Kept, day: chrono::NaiveDate, tag: &str) -> Result<String, OutboxError> {
        self.change(|stored| {
            if let Some(earlier) = stored.find(kept.request_id()).and_then(|r| decode(&r.kind, &r.payload)) {
                return earlier.provisional_number().to_owned();
            }
            if kept.provisional_number().is_empty() {
                let n = stored.next_number(day);
                kept.set_provisional_number(format!("{tag}-{}-{n:02}", day.format("%m%d")));
            }
            stored.add(&kept);
            kept.provisional_number().to_owned()
        })
    }

    /// Drops a pending request that a later one replaced.
    pub fn forget(&self, request_id: &str) -> Result<(), OutboxError> {
        self.change(|stored| stored.rows.retain(|r| r.request_id != request_id || r.failed))
    }

    /// The requests still to send, oldest first.
    pub fn pending(&self) -> Result<Vec<(i64, Kept)>, OutboxError> {
        let stored = self.read()?;
        let mut out = Vec::new();
        let mut unreadable = Vec::new();
        for row in stored.rows.iter().filter(|r| !r.failed) {
            match decode(&row.kind, &row.payload) {
                Some(kept) => out.push((row.id, kept)),
                None => unreadable.push(row.id),
            }
        }
        // A request this kiosk cannot read is set aside for the desk, not skipped forever.
        for id in unreadable {
            self.refused_as(id, "UNREADABLE", false)?;
        }
        Ok(out)
    }

    /// Every request still in the outbox, oldest first, for the desk: what it is, for
    /// whom, when it was kept, and why it failed (empty while pending).
    pub fn entries(&self) -> Result<Vec<Entry>, OutboxError> {
        Ok(self
            .read()?
            .rows
            .into_iter()
            .map(|row| Entry {
                id: row.id,
                what: decode(&row.kind, &row.payload)
                    .map_or_else(|| format!("{} (unreadable)", row.kind), |k| describe(&k)),
                kept_at: chrono::DateTime::from_timestamp(row.kept_at, 0).unwrap_or_default(),
                failed: row.failed,
                attempts: row.attempts,
                error: row.last_error,
            })
            .collect())
    }

    /// Requests the server refused for good, for the desk to look at.
    pub fn failed(&self) -> Result<Vec<(String, String)>, OutboxError> {
        Ok(self.read()?.rows.into_iter().filter(|r| r.failed).map(|r| (r.request_id, r.last_error)).collect())
    }

    /// The server took the request: it leaves the outbox.
    pub fn sent(&self, id: i64) -> Result<(), OutboxError> {
        self.change(|stored| stored.rows.retain(|r| r.id != id))
    }

    /// The server refused the request for good (`reason`, its reason code): it stays,
    /// marked refused, for the desk.
    pub fn refused(&self, id: i64, reason: &str) -> Result<(), OutboxError> {
        self.refused_as(id, reason, true)
    }

    fn refused_as(&self, id: i64, reason: &str, attempted: bool) -> Result<(), OutboxError> {
        self.change(|stored| {
            if let Some(row) = stored.row(id) {
                row.failed = true;
                row.attempts += i64::from(attempted);
                reason.clone_into(&mut row.last_error);
            }
        })
    }

    /// The server could not be reached for the request: it stays pending, one attempt more.
    pub fn attempted(&self, id: i64) -> Result<(), OutboxError> {
        self.change(|stored| {
            if let Some(row) = stored.row(id) {
                row.attempts += 1;
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use frontdesk_proto::v1 as pb;

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
        let path = dir.path().join("outbox.pb");
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

    #[test]
    fn a_request_stays_until_sent_and_a_refused_one_stays_for_the_desk() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("outbox.pb");
        let outbox = Outbox::open(&path).expect("opens");
        outbox.keep(&check_in("a", "")).expect("keeps");
        outbox.keep(&check_in("a", "")).expect("keeps again");
        outbox.keep(&check_in("b", "")).expect("keeps");
        let pending = outbox.pending().expect("pending");
        assert_eq!(pending.iter().map(|(_, k)| k.request_id()).collect::<Vec<_>>(), ["a", "b"], "once each, in order");
        outbox.attempted(pending[0].0).expect("attempted");
        outbox.refused(pending[1].0, "SLOT_FULL").expect("refused");
        drop(outbox);
        let outbox = Outbox::open(&path).expect("opens again");
        assert_eq!(outbox.failed().expect("failed"), [("b".to_owned(), "SLOT_FULL".to_owned())]);
        let entries = outbox.entries().expect("entries");
        assert_eq!(entries.iter().map(|e| (e.attempts, e.failed)).collect::<Vec<_>>(), [(1, false), (1, true)]);
        outbox.forget("b").expect("a refused request is not forgotten");
        outbox.sent(pending[0].0).expect("sent");
        assert!(outbox.pending().expect("pending").is_empty());
        assert_eq!(outbox.entries().expect("entries").len(), 1, "the refused one stays for the desk");
    }

    #[test]
    fn a_file_that_is_not_an_outbox_is_an_error_at_open_and_left_alone() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("outbox.pb");
        std::fs::write(&path, b"\xff\xff\xff not protobuf").expect("writes");
        let error = Outbox::open(&path).expect_err("refused");
        assert!(matches!(error, OutboxError::Unreadable { .. }), "{error}");
        assert_eq!(std::fs::read(&path).expect("reads"), b"\xff\xff\xff not protobuf", "not overwritten");
    }
}
