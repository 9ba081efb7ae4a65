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
//! - [`RollupStore`] (a part of every store) writes those rollups and
//!   answers the dashboard's and reports' queries from them
//!   ([`RollupStore::stats`]; a year of a busy checkpoint is a few thousand
//!   daily rows).
//! - Each other concern is its own trait in its own file, and
//!   [`EventStore`] is all of them: [`TokenStore`] (API tokens),
//!   [`PlanStore`] (pushed plans), [`TwinScoreStore`] (the twin's track
//!   record), [`AlertBookStore`] (saved alert books).
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
pub mod alert_books;
pub mod backup;
pub mod bench;
pub mod forward;
pub mod group;
pub mod layout;
pub mod log;
pub mod outbox;
pub mod people;
pub mod plans;
pub mod retention;
pub mod rollup;
mod sql;
pub mod stats;
pub mod testing;
pub mod tokens;
pub mod twin_scores;

use std::sync::Arc;

use async_trait::async_trait;
use borderflow_core::Event;
use jiff::Timestamp;
use serde::Serialize;

pub use acks::AckStore;
pub use alert_books::AlertBookStore;
pub use group::GroupCommit;
pub use layout::Layout;
pub use log::{Appends, EventLog, Lease, LogMark, LogPos, LogRead};
pub use outbox::{Message, NewMessage, OutboxStore, Settled};
pub use people::{PeopleStore, SessionRecord, UserRecord};
pub use plans::PlanStore;
pub use retention::RetentionStore;
pub use rollup::{DayRollup, LaneRow, Measures, RollupRow};
pub use sql::{PageCap, PostgresStore, SqliteStore};
pub use stats::{Bucket, Dim, DirtyDay, RollupStore, StatsQuery, StatsRow};
pub use tokens::{TokenRecord, TokenStore};
pub use twin_scores::{TwinScore, TwinScoreStore};

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

/// The storage contract: the events themselves (appended and read back here)
/// and every part above. Every implementation passes `tests/conformance.rs`.
#[async_trait]
pub trait EventStore:
    RollupStore
    + TokenStore
    + PlanStore
    + TwinScoreStore
    + AlertBookStore
    + PeopleStore
    + OutboxStore
    + EventLog
    + AckStore
    + RetentionStore
    + Send
    + Sync
    + std::fmt::Debug
{
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
