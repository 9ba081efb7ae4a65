//! # borderflow-store
//!
//! The event store and the analytics built on it, behind one trait,
//! [`EventStore`], with two implementations over sqlx:
//! [`SqliteStore`] (the embedded default: one file, created and migrated on
//! first open) and [`PostgresStore`] (several servers sharing one store).
//! [`open`] picks one from a path or URL. Migrations live in
//! `migrations/{sqlite,postgres}/` and run on open.
//!
//! - Appends are idempotent by event id and durable when they return
//!   ([`Appended`] says, per event, whether it was stored or already there).
//!   [`GroupCommit`] batches concurrent appends into one transaction.
//! - [`rollup`] turns events into per-15-minute figures by direction,
//!   category and lane kind, per local day; appending marks the day dirty in
//!   the same transaction, and [`rollup::refresh`] rebuilds dirty days, so
//!   late events are always counted where they belong.
//! - [`EventStore::stats`] answers the dashboard's and reports' queries from
//!   the rollups (a year of a busy checkpoint is a few thousand daily rows).
//!
//! - [`EventLog`] (a part of every store) follows the log in commit order
//!   and hands out leases: how several servers on one PostgreSQL store
//!   share one live picture and do once-only work once ([`log`]).
//! - [`AckStore`] (a part of every store) keeps acknowledgements of alerts,
//!   which every server on a shared store applies.
//! - [`PeopleStore`] (a part of every store) keeps users, sessions and
//!   one-time sign-in links; [`OutboxStore`] (also in every store) the
//!   webhook messages waiting to go out.
//! - [`RetentionStore`] (a part of every store) forgets travellers'
//!   pseudonyms after a set time, keeping counts and rollups ([`retention`]).
//!
//! Must not depend on: axum, the live projection, the simulator.

pub mod acks;
pub mod backup;
pub mod bench;
pub mod forward;
pub mod group;
pub mod layout;
pub mod log;
pub mod outbox;
pub mod people;
pub mod retention;
pub mod rollup;
mod sql;
pub mod testing;

use std::sync::Arc;

use async_trait::async_trait;
use borderflow_core::Event;
use jiff::Timestamp;
use serde::Serialize;

pub use acks::AckStore;
pub use group::GroupCommit;
pub use layout::Layout;
pub use log::{Appends, EventLog, Lease, LogMark, LogPos, LogRead};
pub use outbox::{Message, NewMessage, OutboxStore, Settled};
pub use people::{PeopleStore, SessionRecord, UserRecord};
pub use retention::RetentionStore;
pub use rollup::{DayRollup, LaneRow, Measures, RollupRow};
pub use sql::{PageCap, PostgresStore, SqliteStore};

/// What went wrong in the store.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The database cannot be reached or refused the operation.
    #[error("store unavailable: {0}")]
    Unavailable(String),
    /// A request the store cannot answer (bad day, bad range).
    #[error("invalid request: {0}")]
    Invalid(String),
    /// A stored row that does not decode (corruption or a newer schema).
    #[error("stored data does not decode: {0}")]
    Corrupt(String),
    /// A uniqueness conflict (e.g. a token id taken).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The disk (or the database's size quota) is full: nothing was written.
    /// Writes succeed again once space is freed, without a restart.
    #[error("the disk is full: {0}")]
    Full(String),
}

/// SQLite's SQLITE_FULL (primary result code 13) and PostgreSQL's
/// `disk_full` (SQLSTATE 53100); an OS "no space" anywhere else.
fn is_disk_full(d: &dyn sqlx::error::DatabaseError) -> bool {
    let code = d.code();
    let code = code.as_deref().unwrap_or("");
    code == "53100" || code.parse::<i64>().is_ok_and(|c| c & 0xff == 13) || d.message().contains("No space left on device")
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Conflict(d.message().to_owned()),
            sqlx::Error::Database(d) if is_disk_full(d.as_ref()) => StoreError::Full(d.message().to_owned()),
            sqlx::Error::Io(io) if io.kind() == std::io::ErrorKind::StorageFull => StoreError::Full(io.to_string()),
            sqlx::Error::ColumnDecode { .. } | sqlx::Error::Decode(_) => StoreError::Corrupt(e.to_string()),
            _ => StoreError::Unavailable(e.to_string()),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        StoreError::Unavailable(format!("migrations: {e}"))
    }
}

/// The fate of one appended event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Appended {
    /// Newly stored.
    Stored,
    /// Its id was already stored (a retry): nothing written.
    Duplicate,
}

/// A local day whose rollups are out of date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirtyDay {
    /// Checkpoint.
    pub checkpoint: String,
    /// Local day, `YYYY-MM-DD`.
    pub day: String,
    /// Bumped by every append to the day.
    pub generation: i64,
}

/// Time buckets for statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    /// 15 minutes.
    #[serde(rename = "15m")]
    Quarter,
    /// An hour.
    Hour,
    /// A local day.
    Day,
    /// A local month.
    Month,
    /// The whole range.
    Total,
}

/// Dimensions to break statistics down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dim {
    /// Entry or exit.
    Direction,
    /// Traveller category.
    Category,
    /// Manual desk or e-gate.
    LaneKind,
}

/// A statistics query.
#[derive(Debug, Clone, PartialEq)]
pub struct StatsQuery {
    /// Checkpoint.
    pub checkpoint: String,
    /// From (inclusive). For day, month and total buckets, its local day.
    pub from: Timestamp,
    /// To (exclusive). For day, month and total buckets, its local day (exclusive).
    pub to: Timestamp,
    /// Bucket size.
    pub bucket: Bucket,
    /// Breakdown.
    pub by: Vec<Dim>,
}

/// One row of statistics.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatsRow {
    /// Bucket: RFC 3339 start (15m, hour), `YYYY-MM-DD`, `YYYY-MM` or `all`.
    pub bucket: String,
    /// Direction, if broken down by it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
    /// Category, if broken down by it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Lane kind, if broken down by it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lane_kind: Option<String>,
    /// The figures.
    #[serde(flatten)]
    pub m: Measures,
}

/// One scored prediction of the twin (its track record).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TwinScore {
    /// Minutes ahead it was made.
    pub horizon_min: u32,
    /// When the predicted step ended, Unix seconds.
    pub at_s: f64,
    /// Actual minus predicted 95th-percentile wait, seconds.
    pub error_s: f64,
    /// Actual minus the persistence baseline's prediction, seconds (None: it had none).
    pub persistence_error_s: Option<f64>,
}

/// A stored API token (the secret only as a hash).
#[derive(Clone, PartialEq, Eq)]
pub struct TokenRecord {
    /// Public id (the part before the secret).
    pub id: String,
    /// argon2 PHC string of the secret.
    pub secret_hash: String,
    /// `device`, `officer`, `supervisor`, `viewer` or `admin`.
    pub role: String,
    /// For devices: the lane they may post for.
    pub lane: Option<String>,
    /// Restricts the token to one checkpoint.
    pub checkpoint: Option<String>,
    /// Free text (who holds it).
    pub label: Option<String>,
    /// RFC 3339.
    pub created_at: String,
    /// When it was revoked (RFC 3339); a revoked token is refused.
    pub revoked_at: Option<String>,
}

impl std::fmt::Debug for TokenRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenRecord").field("id", &self.id).field("role", &self.role).field("lane", &self.lane).finish_non_exhaustive()
    }
}

/// The storage contract. Every implementation passes `tests/conformance.rs`.
#[async_trait]
pub trait EventStore: PeopleStore + OutboxStore + EventLog + AckStore + RetentionStore + Send + Sync + std::fmt::Debug {
    /// Stores the events not stored before (by id), durably, in one
    /// transaction; marks their local days dirty. One answer per event, in order.
    async fn append(&self, events: &[Event]) -> Result<Vec<Appended>, StoreError>;
    /// Events after acceptance number `after_seq`, in acceptance order, at most `limit`.
    async fn replay(&self, after_seq: i64, limit: i64) -> Result<Vec<(i64, Event)>, StoreError>;
    /// A checkpoint's events with `from ≤ at < to`, by time then acceptance.
    async fn events_between(&self, checkpoint: &str, from: Timestamp, to: Timestamp) -> Result<Vec<Event>, StoreError>;
    /// A checkpoint's lane and officer events (`lane_opened`, `lane_closed`,
    /// `officer_on`, `officer_off`) before `before`, by time then acceptance:
    /// the state of lanes and officers older than a replay window.
    async fn lane_history(&self, checkpoint: &str, before: Timestamp) -> Result<Vec<Event>, StoreError>;
    /// Number of events stored.
    async fn count(&self) -> Result<i64, StoreError>;
    /// Days whose rollups are out of date.
    async fn dirty_days(&self) -> Result<Vec<DirtyDay>, StoreError>;
    /// Replaces a day's rollups; clears its dirty mark unless appended to since.
    async fn write_rollups(&self, day: &DirtyDay, rollup: &DayRollup) -> Result<(), StoreError>;
    /// Statistics from the rollups.
    async fn stats(&self, q: &StatsQuery) -> Result<Vec<StatsRow>, StoreError>;
    /// Per lane and officer over local days `from_day ≤ day < to_day` (`YYYY-MM-DD`).
    async fn lane_stats(&self, checkpoint: &str, from_day: &str, to_day: &str) -> Result<Vec<LaneRow>, StoreError>;
    /// Stores a new token.
    async fn insert_token(&self, t: &TokenRecord) -> Result<(), StoreError>;
    /// A token by id.
    async fn token(&self, id: &str) -> Result<Option<TokenRecord>, StoreError>;
    /// Every token, oldest first.
    async fn tokens(&self) -> Result<Vec<TokenRecord>, StoreError>;
    /// Marks a token revoked at `at`; false if there is no such token or it was revoked already.
    async fn revoke_token(&self, id: &str, at: &str) -> Result<bool, StoreError>;
    /// Stores a checkpoint's plan for a local day (`YYYY-MM-DD`), replacing any earlier one.
    async fn put_plan(&self, checkpoint: &str, day: &str, body: &str, pushed_at: &str) -> Result<(), StoreError>;
    /// The plan for a checkpoint's local day, with when it was pushed.
    async fn plan(&self, checkpoint: &str, day: &str) -> Result<Option<(String, String)>, StoreError>;
    /// Keeps a checkpoint's newly scored twin predictions and forgets its
    /// ones whose step ended before `forget_before_s` (Unix seconds).
    async fn add_twin_scores(&self, checkpoint: &str, scores: &[TwinScore], forget_before_s: f64) -> Result<(), StoreError>;
    /// A checkpoint's scored twin predictions whose step ended at or after `since_s`, oldest first.
    async fn twin_scores(&self, checkpoint: &str, since_s: f64) -> Result<Vec<TwinScore>, StoreError>;
    /// Replaces a checkpoint's saved alerts (JSON).
    async fn put_alerts(&self, checkpoint: &str, body: &str, saved_at: &str) -> Result<(), StoreError>;
    /// A checkpoint's saved alerts (JSON), if any were saved.
    async fn alerts(&self, checkpoint: &str) -> Result<Option<String>, StoreError>;
    /// Whether the database answers.
    async fn ping(&self) -> Result<(), StoreError>;
}

/// Whether `db` names a PostgreSQL store (a `postgres://` or `postgresql://` URL) rather than a SQLite file.
pub fn is_postgres(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// Opens the store named by `db`: a `postgres://` / `postgresql://` URL, or
/// a SQLite file path (created if missing). Runs migrations.
pub async fn open(db: &str, layout: &Layout) -> Result<Arc<dyn EventStore>, StoreError> {
    if is_postgres(db) {
        Ok(Arc::new(PostgresStore::connect(db, layout.clone()).await?))
    } else {
        let path = db.strip_prefix("sqlite://").unwrap_or(db);
        Ok(Arc::new(SqliteStore::open(std::path::Path::new(path), layout.clone()).await?))
    }
}
