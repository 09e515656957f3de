//! The outbox file's contents (protobuf, through prost's derive) and the lock that
//! keeps two processes from changing it at once.

use super::kept::Kept;

/// What the file holds.
#[derive(Clone, PartialEq, prost::Message)]
pub(super) struct Stored {
    /// The requests, oldest first.
    #[prost(message, repeated, tag = "1")]
    pub(super) rows: Vec<Row>,
    /// The last provisional number given on each of the latest days.
    #[prost(message, repeated, tag = "2")]
    pub(super) days: Vec<DayCount>,
    /// The last row id given, so ids are never reused.
    #[prost(int64, tag = "3")]
    pub(super) last_id: i64,
}

/// One kept request.
#[derive(Clone, PartialEq, prost::Message)]
pub(super) struct Row {
    #[prost(int64, tag = "1")]
    pub(super) id: i64,
    /// [`CHECK_IN`] or [`BOOK`].
    #[prost(string, tag = "2")]
    pub(super) kind: String,
    #[prost(string, tag = "3")]
    pub(super) request_id: String,
    /// The request, encoded.
    #[prost(bytes = "vec", tag = "4")]
    pub(super) payload: Vec<u8>,
    /// Unix seconds.
    #[prost(int64, tag = "5")]
    pub(super) kept_at: i64,
    /// Refused for good (or unreadable): kept for the desk, not sent again.
    #[prost(bool, tag = "6")]
    pub(super) failed: bool,
    #[prost(int64, tag = "7")]
    pub(super) attempts: i64,
    /// The reason code it was refused with.
    #[prost(string, tag = "8")]
    pub(super) last_error: String,
}

/// The provisional numbers given on a day.
#[derive(Clone, PartialEq, prost::Message)]
pub(super) struct DayCount {
    #[prost(string, tag = "1")]
    pub(super) local_date: String,
    #[prost(int64, tag = "2")]
    pub(super) last: i64,
}

/// Days of provisional-number counts kept: a restart within them never repeats a
/// number; older days cannot come back.
const DAYS_KEPT: usize = 31;

impl Stored {
    pub(super) fn add(&mut self, kept: &Kept) {
        let (kind, payload) = kept.row();
        self.last_id += 1;
        self.rows.push(Row {
            id: self.last_id,
            kind: kind.to_owned(),
            request_id: kept.request_id().to_owned(),
            payload,
            kept_at: chrono::Utc::now().timestamp(),
            ..Row::default()
        });
    }

    pub(super) fn find(&self, request_id: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.request_id == request_id)
    }

    pub(super) fn row(&mut self, id: i64) -> Option<&mut Row> {
        self.rows.iter_mut().find(|r| r.id == id)
    }

    /// The next provisional number of `day`.
    pub(super) fn next_number(&mut self, day: chrono::NaiveDate) -> i64 {
        let date = day.to_string();
        let last = match self.days.iter_mut().find(|d| d.local_date == date) {
            Some(count) => {
                count.last += 1;
                count.last
            }
            None => {
                self.days.push(DayCount { local_date: date, last: 1 });
                1
            }
        };
        // ISO dates sort as days do.
        self.days.sort_by(|a, b| b.local_date.cmp(&a.local_date));
        self.days.truncate(DAYS_KEPT);
        last
    }
}

/// The lock between processes, held while a change is read, made and written.
pub(super) struct FileLock(pub(super) std::fs::File);

impl Drop for FileLock {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}
