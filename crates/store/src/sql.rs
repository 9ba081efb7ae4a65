//! The two SQL backends, and the events themselves: appending (idempotent,
//! durable, marking days dirty) and reading them back. Their queries are the
//! same text (sqlx's `QueryBuilder` writes each dialect's placeholders), so
//! one macro body implements each part of the store for both; what differs —
//! connecting, pragmas, migrations — is written out per backend below. The
//! other parts live in their own files (`stats`, `tokens`, `plans`,
//! `twin_scores`, `alert_books`, `people`, …), one trait each.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use borderflow_core::Event;
use jiff::Timestamp;
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection, Postgres, QueryBuilder, Row, Sqlite};

use crate::layout::Layout;
use crate::{Appended, EventStore, StoreError};

/// Rows per multi-row INSERT (5 binds each; SQLite allows 32,766).
pub(crate) const CHUNK: usize = 1000;

/// SQLite: the embedded default. WAL with `synchronous = FULL`, so a
/// committed append is on disk.
pub struct SqliteStore {
    pub(crate) pool: SqlitePool,
    pub(crate) layout: Layout,
}

/// PostgreSQL: one store shared by several servers.
pub struct PostgresStore {
    pub(crate) pool: PgPool,
    pub(crate) layout: Layout,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SqliteStore")
    }
}

impl std::fmt::Debug for PostgresStore {
    // The URL may carry a password: never print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PostgresStore")
    }
}

/// A cap on a SQLite store's size, in pages of 4 KiB, that can be changed
/// while the store is open (SQLite's `max_page_count`, applied to a
/// connection each time it is taken from the pool). Past it, writes fail
/// exactly as on a full disk (SQLITE_FULL): a quota for the file, and the
/// way the tests reach the full-disk path without filling a disk.
#[derive(Debug, Clone)]
pub struct PageCap(std::sync::Arc<std::sync::atomic::AtomicU64>);

impl PageCap {
    /// A cap of `pages` pages.
    pub fn new(pages: u64) -> PageCap {
        PageCap(std::sync::Arc::new(pages.into()))
    }

    /// Moves the cap (it cannot go below the pages already in use).
    pub fn set(&self, pages: u64) {
        self.0.store(pages, std::sync::atomic::Ordering::SeqCst);
    }

    fn pages(&self) -> u64 {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
}

impl SqliteStore {
    /// Opens (creating if missing) and migrates a SQLite file.
    pub async fn open(path: &Path, layout: Layout) -> Result<SqliteStore, StoreError> {
        SqliteStore::open_capped(path, layout, None).await
    }

    /// [`SqliteStore::open`], with the file's size capped by `cap`.
    pub async fn open_capped(path: &Path, layout: Layout, cap: Option<PageCap>) -> Result<SqliteStore, StoreError> {
        let opts = SqliteConnectOptions::from_str("sqlite://")
            .map_err(|e| StoreError::Invalid(e.to_string()))?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10))
            // Large batches touch many index pages: a 64 MB page cache keeps
            // them from spilling mid-transaction, and mapped reads save syscalls.
            .pragma("cache_size", "-65536")
            .pragma("mmap_size", "268435456")
            .pragma("temp_store", "memory");
        let mut pool = SqlitePoolOptions::new().max_connections(4);
        if let Some(cap) = cap {
            let fresh = cap.clone();
            pool = pool
                .after_connect(move |conn, _| {
                    let pages = fresh.pages();
                    Box::pin(async move { set_max_pages(conn, pages).await })
                })
                .before_acquire(move |conn, _| {
                    let pages = cap.pages();
                    Box::pin(async move { set_max_pages(conn, pages).await.map(|()| true) })
                });
        }
        let pool = pool.connect_with(opts).await.map_err(|e| StoreError::Unavailable(format!("{}: {e}", path.display())))?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        Ok(SqliteStore { pool, layout })
    }
}

async fn set_max_pages(conn: &mut sqlx::SqliteConnection, pages: u64) -> Result<(), sqlx::Error> {
    sqlx::query(&format!("PRAGMA max_page_count = {pages}")).execute(conn).await.map(drop)
}

impl PostgresStore {
    /// Connects to PostgreSQL and migrates.
    pub async fn connect(url: &str, layout: Layout) -> Result<PostgresStore, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await
            .map_err(|e| StoreError::Unavailable(format!("postgres: {e}")))?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        Ok(PostgresStore { pool, layout })
    }
}

pub(crate) fn decode(body: &str) -> Result<Event, StoreError> {
    serde_json::from_str(body).map_err(|e| StoreError::Corrupt(format!("event body: {e}")))
}

/// The first occurrence of each id, and which indices repeat an earlier one.
fn first_occurrences(events: &[Event]) -> (Vec<&Event>, Vec<bool>) {
    let mut seen = HashSet::with_capacity(events.len());
    let mut firsts = Vec::with_capacity(events.len());
    let repeats = events
        .iter()
        .map(|e| {
            let first = seen.insert(e.id);
            if first {
                firsts.push(e);
            }
            !first
        })
        .collect();
    (firsts, repeats)
}

pub(crate) fn micros(t: Timestamp) -> i64 {
    t.as_microsecond()
}

pub(crate) fn rfc3339(us: i64) -> String {
    Timestamp::from_microsecond(us).map(|t| t.to_string()).unwrap_or_default()
}

/// Hands back a write transaction's result; after a failure, closes its
/// connection instead of returning it to the pool. A failed statement or
/// COMMIT (a full disk, a lost connection) can leave the database and sqlx
/// disagreeing on whether a transaction is open: SQLite may roll back by
/// itself, sqlx's ROLLBACK then fails and its depth stays at 1, and the next
/// "BEGIN" on that connection becomes a SAVEPOINT inside a transaction that is
/// never committed, so later appends would be acknowledged yet never durable
/// (and would hold the write lock). A fresh connection cannot inherit that.
pub(crate) async fn discard_on_error<DB: sqlx::Database, T>(
    conn: PoolConnection<DB>,
    result: Result<T, StoreError>,
) -> Result<T, StoreError> {
    if let Err(e) = &result {
        tracing::warn!(error = %e, "a write failed: its connection is closed, not reused");
        if let Err(close) = conn.close().await {
            tracing::warn!(error = %close, "closing the failed connection");
        }
    }
    result
}

macro_rules! sql_store {
    // `$announce`: a statement run in an append's transaction when it stores
    // anything, to tell other servers following the log (delivered at commit).
    ($store:ty, $db:ty, $announce:expr) => {
        #[async_trait]
        impl EventStore for $store {
            async fn append(&self, events: &[Event]) -> Result<Vec<Appended>, StoreError> {
                let (firsts, repeats) = first_occurrences(events);
                let mut stored: HashSet<uuid::Uuid> = HashSet::with_capacity(firsts.len());
                let mut days: BTreeSet<(String, String)> = BTreeSet::new();
                let mut conn = self.pool.acquire().await?;
                let written = async {
                    let mut tx = conn.begin().await?;
                    for chunk in firsts.chunks(CHUNK) {
                        let mut qb = QueryBuilder::<$db>::new("INSERT INTO events (id, checkpoint, at_us, kind, body) ");
                        qb.push_values(chunk, |mut b, e| {
                            b.push_bind(e.id)
                                .push_bind(e.checkpoint.to_string())
                                .push_bind(micros(e.at))
                                .push_bind(e.body.kind())
                                .push_bind(e.to_json_line());
                        });
                        qb.push(" ON CONFLICT (id) DO NOTHING RETURNING id");
                        for row in qb.build().fetch_all(&mut *tx).await? {
                            stored.insert(row.try_get::<uuid::Uuid, _>(0)?);
                        }
                    }
                    for e in &firsts {
                        if stored.contains(&e.id) {
                            days.insert((e.checkpoint.to_string(), self.layout.day(e.checkpoint.as_str(), e.at)));
                        }
                    }
                    for (checkpoint, day) in &days {
                        let mut qb = QueryBuilder::<$db>::new("INSERT INTO dirty_days (checkpoint, day, generation) VALUES (");
                        qb.push_bind(checkpoint)
                            .push(", ")
                            .push_bind(day)
                            .push(", 1) ON CONFLICT (checkpoint, day) DO UPDATE SET generation = dirty_days.generation + 1");
                        qb.build().execute(&mut *tx).await?;
                    }
                    if let Some(announce) = $announce
                        && !stored.is_empty()
                    {
                        sqlx::query(announce).execute(&mut *tx).await?;
                    }
                    tx.commit().await?;
                    Ok::<_, StoreError>(stored)
                }
                .await;
                let mut fresh = discard_on_error(conn, written).await?;
                Ok(events
                    .iter()
                    .zip(repeats)
                    .map(|(e, repeat)| if !repeat && fresh.remove(&e.id) { Appended::Stored } else { Appended::Duplicate })
                    .collect())
            }

            async fn replay(&self, after_seq: i64, limit: i64) -> Result<Vec<(i64, Event)>, StoreError> {
                let mut qb = QueryBuilder::<$db>::new("SELECT seq, body FROM events WHERE seq > ");
                qb.push_bind(after_seq).push(" ORDER BY seq LIMIT ").push_bind(limit);
                qb.build()
                    .fetch_all(&self.pool)
                    .await?
                    .iter()
                    .map(|r| Ok((r.try_get::<i64, _>(0)?, decode(&r.try_get::<String, _>(1)?)?)))
                    .collect()
            }

            async fn events_between(&self, checkpoint: &str, from: Timestamp, to: Timestamp) -> Result<Vec<Event>, StoreError> {
                let mut qb = QueryBuilder::<$db>::new("SELECT body FROM events WHERE checkpoint = ");
                qb.push_bind(checkpoint).push(" AND at_us >= ").push_bind(micros(from)).push(" AND at_us < ").push_bind(micros(to));
                qb.push(" ORDER BY at_us, seq");
                qb.build().fetch_all(&self.pool).await?.iter().map(|r| decode(&r.try_get::<String, _>(0)?)).collect()
            }

            async fn lane_history(&self, checkpoint: &str, before: Timestamp) -> Result<Vec<Event>, StoreError> {
                let mut qb = QueryBuilder::<$db>::new("SELECT body FROM events WHERE checkpoint = ");
                qb.push_bind(checkpoint).push(" AND at_us < ").push_bind(micros(before));
                // The partial index's own predicate, word for word, so the planner uses it.
                qb.push(" AND kind IN ('lane_opened', 'lane_closed', 'officer_on', 'officer_off') ORDER BY at_us, seq");
                qb.build().fetch_all(&self.pool).await?.iter().map(|r| decode(&r.try_get::<String, _>(0)?)).collect()
            }

            async fn count(&self) -> Result<i64, StoreError> {
                Ok(sqlx::query("SELECT COUNT(*) FROM events").fetch_one(&self.pool).await?.try_get::<i64, _>(0)?)
            }

            async fn ping(&self) -> Result<(), StoreError> {
                sqlx::query("SELECT 1").execute(&self.pool).await?;
                Ok(())
            }
        }
    };
}

sql_store!(SqliteStore, Sqlite, None::<&str>);
sql_store!(PostgresStore, Postgres, Some(crate::log::ANNOUNCE));
