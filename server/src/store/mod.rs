//! The SQLite store.
//!
//! One writer connection lives on its own thread and runs every change in a
//! `BEGIN IMMEDIATE` transaction, so a read that decides a write cannot race
//! another writer. Reads run on a small pool of read-only connections; WAL mode
//! lets them proceed while the writer works. The store never deletes or
//! "repairs" a database on its own.
//!
//! Every SQL statement of the server lives here: one module per table (with its
//! child tables: `advisor_skills`, `vehicles`, `visit_stages`, `ticket_counters`) of
//! functions taking a `&Connection` (a `&Transaction` derefs to one) and using
//! `prepare_cached`; and the reads that join tables for one purpose, returning typed
//! rows: [`lost`] (the one line between base and lost customers), [`worklists`] (the
//! follow-up desk's lists), [`registers`], [`kpis`] (the reports) and [`gauges`]
//! (the metrics). Rules stay in `domain`; these only count and list what was recorded.

/// A vehicle's open recalls as one column: `code␟title` entries joined by `␞`, for a
/// query whose vehicles row is `v` (read back with [`recall_flags`]). A macro, so the
/// queries that carry it stay `&'static str` built by `concat!`.
macro_rules! open_recalls {
    () => {
        "(SELECT group_concat(rc.code || char(31) || rc.title, char(30))
            FROM recall_vehicles rv JOIN recall_campaigns rc ON rc.id = rv.campaign_id
            WHERE v.vin <> '' AND rv.vin = v.vin AND rv.outcome IS NULL)"
    };
}

pub mod advisors;
pub mod appointments;
pub mod calls;
pub mod campaigns;
pub mod customers;
pub mod error;
pub mod escalations;
pub mod estimates;
pub mod events;
pub mod followups;
pub mod gauges;
pub mod inspections;
pub mod kpis;
pub mod letters;
pub mod lost;
pub mod migrations;
pub mod part_orders;
pub mod payments;
pub mod recalls;
pub mod registers;
pub mod requests;
pub mod service_types;
pub mod settlements;
pub mod slots;
pub mod standins;
pub mod tickets;
pub mod tokens;
pub mod visits;
pub mod warranty_claims;
pub mod worklists;

#[cfg(test)]
pub(crate) mod testing;

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use tokio::sync::oneshot;

use crate::domain::Error;
pub use error::{Result, StoreError};

use crate::domain::Result as DomainResult;

/// The file name of the database inside the data directory.
pub const DB_FILE: &str = "frontdesk.sqlite3";

/// How hard SQLite works to make a commit durable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Durability {
    /// `synchronous=FULL`: an acknowledged write survives a power cut (the default).
    Full,
    /// `synchronous=NORMAL`: faster; the last commits may be lost on a power cut,
    /// never the database.
    Normal,
}

type Job = Box<dyn FnOnce(&mut Connection) + Send>;

const MAX_IDLE_READERS: usize = 8;

/// A handle on the database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    jobs: Mutex<Option<mpsc::Sender<Job>>>,
    writer: Mutex<Option<std::thread::JoinHandle<()>>>,
    readers: Mutex<Vec<Connection>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.inner.path).finish_non_exhaustive()
    }
}

fn open_connection(path: &Path, flags: OpenFlags) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // Every statement is prepared once per connection and kept: the default cache of 16
    // is smaller than the number of statements one queue write runs.
    conn.set_prepared_statement_cache_capacity(128);
    Ok(conn)
}

/// Opens the writer connection with the store's pragmas and applies pending migrations.
pub fn open_writer(path: &Path, durability: Durability) -> Result<(Connection, migrations::Migrated)> {
    let mut conn = open_connection(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::internal(format!("SQLite refused WAL mode (got {mode}) for {}", path.display())).into());
    }
    let sync = match durability {
        Durability::Full => "FULL",
        Durability::Normal => "NORMAL",
    };
    conn.pragma_update(None, "synchronous", sync)?;
    let migrated = migrations::migrate(&mut conn)?;
    Ok((conn, migrated))
}

impl Store {
    /// Opens (creating when missing) the database at `path`, migrates it and starts the writer thread.
    pub fn open(path: &Path, durability: Durability) -> DomainResult<Self> {
        let (conn, migrated) = open_writer(path, durability)?;
        if migrated.from != migrated.to {
            tracing::info!(from = migrated.from, to = migrated.to, path = %path.display(), "database migrated");
        }
        let (jobs, queue) = mpsc::channel::<Job>();
        let writer = std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || {
                let mut conn = conn;
                while let Ok(job) = queue.recv() {
                    job(&mut conn);
                }
            })
            .map_err(|e| Error::internal_from("cannot start the writer thread", e))?;
        Ok(Self {
            inner: Arc::new(Inner {
                path: path.to_owned(),
                jobs: Mutex::new(Some(jobs)),
                writer: Mutex::new(Some(writer)),
                readers: Mutex::new(Vec::new()),
            }),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Runs `change` in a `BEGIN IMMEDIATE` transaction on the writer thread and
    /// commits when it returns `Ok`; on `Err` (or a panic) nothing is written.
    pub async fn write<T, F>(&self, change: F) -> DomainResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> DomainResult<T> + Send + 'static,
    {
        self.write_then(change, |_| {}).await
    }

    /// Like [`Store::write`], and after a successful commit runs `committed` on the
    /// writer thread, before the next write starts: what it publishes comes out in
    /// commit order.
    pub async fn write_then<T, F, C>(&self, change: F, committed: C) -> DomainResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> DomainResult<T> + Send + 'static,
        C: FnOnce(&T) + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let job: Job = Box::new(move |conn| {
            let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
                let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(StoreError::from)?;
                let value = change(&tx)?;
                tx.commit().map_err(StoreError::from)?;
                Ok(value)
            }))
            .unwrap_or_else(|_| Err(Error::internal("a write panicked; it was rolled back")));
            if let Ok(value) = &outcome {
                committed(value);
            }
            let _ = reply.send(outcome);
        });
        let sent = lock(&self.inner.jobs).as_ref().map(|jobs| jobs.send(job));
        match sent {
            Some(Ok(())) => {}
            _ => return Err(Error::internal("the store is closed")),
        }
        answer.await.map_err(|_| Error::internal("the writer thread stopped"))?
    }

    /// Runs `query` on a read-only connection inside one read transaction, so it
    /// sees a single consistent snapshot.
    pub async fn read<T, F>(&self, query: F) -> DomainResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> DomainResult<T> + Send + 'static,
    {
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || {
            let idle = lock(&inner.readers).pop();
            let conn = match idle {
                Some(conn) => conn,
                None => open_connection(&inner.path, OpenFlags::SQLITE_OPEN_READ_ONLY)?,
            };
            let result = {
                let tx = conn.unchecked_transaction().map_err(StoreError::from)?;
                let result = query(&tx);
                tx.finish().map_err(StoreError::from)?;
                result
            };
            let mut idle = lock(&inner.readers);
            if idle.len() < MAX_IDLE_READERS {
                idle.push(conn);
            }
            result
        })
        .await
        .map_err(|e| Error::internal_from("a read task failed", e))?
    }

    /// Copies the live database to `to` with SQLite's online backup, safe while serving.
    pub async fn backup(&self, to: PathBuf) -> DomainResult<()> {
        let from = self.inner.path.clone();
        Ok(tokio::task::spawn_blocking(move || backup_file(&from, &to))
            .await
            .map_err(|e| Error::internal_from("the backup task failed", e))??)
    }

    /// Stops the writer after the queued writes and closes every connection.
    pub fn close(&self) {
        lock(&self.inner.jobs).take();
        if let Some(writer) = lock(&self.inner.writer).take() {
            let _ = writer.join();
        }
        lock(&self.inner.readers).clear();
    }
}

/// Copies the database at `from` to a new file `to` with SQLite's online backup API.
pub fn backup_file(from: &Path, to: &Path) -> Result<()> {
    if to.exists() {
        return Err(Error::internal(format!("{} exists; choose a new file name", to.display())).into());
    }
    let source = open_connection(from, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut target = Connection::open(to)?;
    let backup = rusqlite::backup::Backup::new(&source, &mut target)?;
    backup.run_to_completion(256, std::time::Duration::from_millis(5), None)?;
    Ok(())
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// An instant as stored: unix seconds.
pub fn secs(at: DateTime<Utc>) -> i64 {
    at.timestamp()
}

/// A stored instant back as a `DateTime`.
pub fn instant(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or(DateTime::UNIX_EPOCH)
}

/// A stored text column that the domain does not accept (an unknown status, say), as
/// the conversion error rusqlite reports for column `index`.
pub(crate) fn bad_text(index: usize, e: Error) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, e.into())
}

/// Column `index` holding a domain enum by its stored name (`IN_SERVICE`), read back as
/// the enum: rows carry enums, not strings that use cases parse again. An unknown name
/// is a conversion failure naming the column.
pub(crate) fn named<T>(r: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<T>
where
    T: std::str::FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let text: String = r.get(index)?;
    text.parse().map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e)))
}

/// Like [`named`] for a column that may be NULL.
pub(crate) fn named_or_null<T>(r: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Option<T>>
where
    T: std::str::FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let text: Option<String> = r.get(index)?;
    text.map(|t| {
        t.parse()
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e)))
    })
    .transpose()
}

/// A stored `YYYY-MM-DD` date of column `index`; a malformed one is a conversion error.
pub(crate) fn stored_date(index: usize, text: &str) -> rusqlite::Result<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| bad_text(index, Error::internal_from(format!("bad stored date {text}"), e)))
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
pub fn like_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The open recalls of column `index` written by `open_recalls!()`.
pub(crate) fn recall_flags(
    r: &rusqlite::Row<'_>,
    index: usize,
) -> rusqlite::Result<Vec<crate::domain::records::RecallFlag>> {
    let text: Option<String> = r.get(index)?;
    Ok(text
        .unwrap_or_default()
        .split('\u{1e}')
        .filter_map(|entry| entry.split_once('\u{1f}'))
        .map(|(code, title)| crate::domain::records::RecallFlag { code: code.to_owned(), title: title.to_owned() })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn writes_roll_back_on_error_and_commit_on_ok() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join(DB_FILE), Durability::Full).unwrap();
        let failed: DomainResult<()> = store
            .write(|tx| {
                tx.execute("INSERT INTO customers (phone, created_at, updated_at) VALUES ('13800000000', 0, 0)", [])
                    .map_err(StoreError::from)?;
                Err(Error::internal("changed my mind"))
            })
            .await;
        assert!(failed.is_err());
        store
            .write(|tx| {
                tx.execute("INSERT INTO customers (phone, created_at, updated_at) VALUES ('13800000001', 0, 0)", [])
                    .map_err(StoreError::from)?;
                Ok(())
            })
            .await
            .unwrap();
        let phones: Vec<String> = store
            .read(|c| {
                let phones = || -> Result<Vec<String>> {
                    let mut stmt = c.prepare("SELECT phone FROM customers")?;
                    Ok(stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
                };
                Ok(phones()?)
            })
            .await
            .unwrap();
        assert_eq!(phones, ["13800000001"]);
    }

    #[tokio::test]
    async fn a_panicking_write_is_rolled_back_and_the_writer_lives_on() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join(DB_FILE), Durability::Normal).unwrap();
        let result: DomainResult<()> = store.write(|_| panic!("bug")).await;
        assert!(matches!(result, Err(Error::Internal { .. })));
        store.write(|tx| Ok(tx.execute("DELETE FROM requests", []).map_err(StoreError::from)?)).await.unwrap();
    }

    #[tokio::test]
    async fn the_database_is_in_wal_mode_and_backs_up_while_open() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join(DB_FILE), Durability::Full).unwrap();
        let mode: String = store
            .read(|c| Ok(c.query_row("PRAGMA journal_mode", [], |r| r.get(0)).map_err(StoreError::from)?))
            .await
            .unwrap();
        assert_eq!(mode, "wal");
        let copy = dir.path().join("copy.sqlite3");
        store.backup(copy.clone()).await.unwrap();
        let conn = Connection::open(&copy).unwrap();
        assert_eq!(migrations::schema_version(&conn).unwrap(), migrations::latest_version());
        assert!(store.backup(copy).await.is_err(), "an existing file is never overwritten");
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_escape("a%b_c\\"), "a\\%b\\_c\\\\");
    }
}
