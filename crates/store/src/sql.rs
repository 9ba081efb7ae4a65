//! The two SQL backends. Their queries are the same text (sqlx's
//! `QueryBuilder` writes each dialect's placeholders), so one macro body
//! implements [`EventStore`] for both; what differs — connecting, pragmas,
//! migrations — is written out per backend below.

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
use crate::rollup::{BUCKET_US, DayRollup, LaneRow, Measures};
use crate::{Appended, Bucket, Dim, DirtyDay, EventStore, StatsQuery, StatsRow, StoreError, TokenRecord, TwinScore};

/// Rows per multi-row INSERT (5 binds each; SQLite allows 32,766).
const CHUNK: usize = 1000;

/// SQLite: the embedded default. WAL with `synchronous = FULL`, so a
/// committed append is on disk.
pub struct SqliteStore {
    pub(crate) pool: SqlitePool,
    layout: Layout,
}

/// PostgreSQL: one store shared by several servers.
pub struct PostgresStore {
    pub(crate) pool: PgPool,
    layout: Layout,
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

const MEASURES: &str = "arrivals, cleared, referred, refused, waits, wait_sum_s, wait_max_s, h0, h1, h2, h3, h4, h5, h6, h7";

fn sum_measures() -> String {
    let ints = ["arrivals", "cleared", "referred", "refused", "waits", "h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7"];
    let mut s: Vec<String> = ints.iter().map(|c| format!("CAST(SUM({c}) AS BIGINT) AS {c}")).collect();
    s.insert(5, "SUM(wait_sum_s) AS wait_sum_s".into());
    s.insert(6, "MAX(wait_max_s) AS wait_max_s".into());
    s.join(", ")
}

fn measures_from<R: Row>(r: &R, at: usize) -> Result<Measures, sqlx::Error>
where
    usize: sqlx::ColumnIndex<R>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> f64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    let mut hist = [0i64; 8];
    for (k, h) in hist.iter_mut().enumerate() {
        *h = r.try_get(at + 7 + k)?;
    }
    Ok(Measures {
        arrivals: r.try_get(at)?,
        cleared: r.try_get(at + 1)?,
        referred: r.try_get(at + 2)?,
        refused: r.try_get(at + 3)?,
        waits: r.try_get(at + 4)?,
        wait_sum_s: r.try_get(at + 5)?,
        wait_max_s: r.try_get(at + 6)?,
        hist,
    })
}

const TOKEN_COLUMNS: &str = "SELECT id, secret_hash, role, lane, checkpoint, label, created_at, revoked_at FROM tokens";

fn token_of<R: Row>(r: &R) -> Result<TokenRecord, StoreError>
where
    usize: sqlx::ColumnIndex<R>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    Ok(TokenRecord {
        id: r.try_get(0)?,
        secret_hash: r.try_get(1)?,
        role: r.try_get(2)?,
        lane: r.try_get(3)?,
        checkpoint: r.try_get(4)?,
        label: r.try_get(5)?,
        created_at: r.try_get(6)?,
        revoked_at: r.try_get(7)?,
    })
}

fn micros(t: Timestamp) -> i64 {
    t.as_microsecond()
}

fn rfc3339(us: i64) -> String {
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
async fn discard_on_error<DB: sqlx::Database, T>(conn: PoolConnection<DB>, result: Result<T, StoreError>) -> Result<T, StoreError> {
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

            async fn dirty_days(&self) -> Result<Vec<DirtyDay>, StoreError> {
                let rows = sqlx::query("SELECT checkpoint, day, generation FROM dirty_days ORDER BY checkpoint, day")
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(|r| Ok(DirtyDay { checkpoint: r.try_get(0)?, day: r.try_get(1)?, generation: r.try_get(2)? })).collect()
            }

            async fn write_rollups(&self, d: &DirtyDay, rollup: &DayRollup) -> Result<(), StoreError> {
                let mut conn = self.pool.acquire().await?;
                let written = async {
                let mut tx = conn.begin().await?;
                let mut qb = QueryBuilder::<$db>::new("DELETE FROM rollup_lane_day WHERE checkpoint = ");
                qb.push_bind(&d.checkpoint).push(" AND day = ").push_bind(&d.day);
                qb.build().execute(&mut *tx).await?;
                for chunk in rollup.lanes.chunks(CHUNK / 4) {
                    let mut qb = QueryBuilder::<$db>::new("INSERT INTO rollup_lane_day (checkpoint, day, lane, officer, services, cleared, referred, refused, service_s_sum) ");
                    qb.push_values(chunk, |mut b, r| {
                        b.push_bind(r.checkpoint.clone())
                            .push_bind(r.day.clone())
                            .push_bind(r.lane.clone())
                            .push_bind(r.officer.clone())
                            .push_bind(r.services)
                            .push_bind(r.cleared)
                            .push_bind(r.referred)
                            .push_bind(r.refused)
                            .push_bind(r.service_s_sum);
                    });
                    qb.build().execute(&mut *tx).await?;
                }
                for (table, rows) in [("rollup_15m", &rollup.quarters), ("rollup_day", &rollup.days)] {
                    let mut qb = QueryBuilder::<$db>::new(format!("DELETE FROM {table} WHERE checkpoint = "));
                    qb.push_bind(&d.checkpoint).push(" AND day = ").push_bind(&d.day);
                    qb.build().execute(&mut *tx).await?;
                    for chunk in rows.chunks(CHUNK / 4) {
                        let mut qb = QueryBuilder::<$db>::new(format!(
                            "INSERT INTO {table} (checkpoint, day, bucket_us, direction, category, lane_kind, {MEASURES}) "
                        ));
                        qb.push_values(chunk, |mut b, r| {
                            b.push_bind(r.checkpoint.clone())
                                .push_bind(r.day.clone())
                                .push_bind(r.bucket_us)
                                .push_bind(r.direction.clone())
                                .push_bind(r.category.clone())
                                .push_bind(r.lane_kind.clone())
                                .push_bind(r.m.arrivals)
                                .push_bind(r.m.cleared)
                                .push_bind(r.m.referred)
                                .push_bind(r.m.refused)
                                .push_bind(r.m.waits)
                                .push_bind(r.m.wait_sum_s)
                                .push_bind(r.m.wait_max_s);
                            for h in r.m.hist {
                                b.push_bind(h);
                            }
                        });
                        qb.build().execute(&mut *tx).await?;
                    }
                }
                let mut qb = QueryBuilder::<$db>::new("DELETE FROM dirty_days WHERE checkpoint = ");
                qb.push_bind(&d.checkpoint).push(" AND day = ").push_bind(&d.day).push(" AND generation = ").push_bind(d.generation);
                qb.build().execute(&mut *tx).await?;
                tx.commit().await?;
                Ok::<_, StoreError>(())
                }
                .await;
                discard_on_error(conn, written).await
            }

            async fn stats(&self, q: &StatsQuery) -> Result<Vec<StatsRow>, StoreError> {
                if q.from >= q.to {
                    return Err(StoreError::Invalid(format!("`from` ({}) must be before `to` ({})", q.from, q.to)));
                }
                let daily = matches!(q.bucket, Bucket::Day | Bucket::Month | Bucket::Total);
                let key = match q.bucket {
                    Bucket::Quarter => format!("CAST(bucket_us / {BUCKET_US} * {BUCKET_US} AS BIGINT)"),
                    Bucket::Hour => "CAST(bucket_us / 3600000000 * 3600000000 AS BIGINT)".to_string(),
                    Bucket::Day => "day".to_string(),
                    Bucket::Month => "substr(day, 1, 7)".to_string(),
                    Bucket::Total => "'all'".to_string(),
                };
                let dims: Vec<&str> = [Dim::Direction, Dim::Category, Dim::LaneKind]
                    .iter()
                    .map(|d| {
                        let col = match d {
                            Dim::Direction => "direction",
                            Dim::Category => "category",
                            Dim::LaneKind => "lane_kind",
                        };
                        if q.by.contains(d) { col } else { "''" }
                    })
                    .collect();
                let mut qb = QueryBuilder::<$db>::new(format!(
                    "SELECT {key} AS b, {} AS d1, {} AS d2, {} AS d3, {} FROM {} WHERE checkpoint = ",
                    dims[0],
                    dims[1],
                    dims[2],
                    sum_measures(),
                    if daily { "rollup_day" } else { "rollup_15m" }
                ));
                qb.push_bind(&q.checkpoint);
                if daily {
                    let from = self.layout.day(&q.checkpoint, q.from);
                    let to = self.layout.day(&q.checkpoint, q.to);
                    qb.push(" AND day >= ").push_bind(from).push(" AND day < ").push_bind(to);
                } else {
                    qb.push(" AND bucket_us >= ").push_bind(micros(q.from)).push(" AND bucket_us < ").push_bind(micros(q.to));
                }
                qb.push(" GROUP BY b, d1, d2, d3 ORDER BY b, d1, d2, d3");
                let rows = qb.build().fetch_all(&self.pool).await?;
                let opt = |s: String, d: Dim| q.by.contains(&d).then_some(s);
                rows.iter()
                    .map(|r| {
                        let bucket = if daily { r.try_get::<String, _>(0)? } else { rfc3339(r.try_get::<i64, _>(0)?) };
                        Ok(StatsRow {
                            bucket,
                            direction: opt(r.try_get(1)?, Dim::Direction),
                            category: opt(r.try_get(2)?, Dim::Category),
                            lane_kind: opt(r.try_get(3)?, Dim::LaneKind),
                            m: measures_from(r, 4)?,
                        })
                    })
                    .collect()
            }

            async fn lane_stats(&self, checkpoint: &str, from_day: &str, to_day: &str) -> Result<Vec<LaneRow>, StoreError> {
                let mut qb = QueryBuilder::<$db>::new(
                    "SELECT lane, officer, CAST(SUM(services) AS BIGINT), CAST(SUM(cleared) AS BIGINT), CAST(SUM(referred) AS BIGINT), \
                     CAST(SUM(refused) AS BIGINT), SUM(service_s_sum) FROM rollup_lane_day WHERE checkpoint = ",
                );
                qb.push_bind(checkpoint).push(" AND day >= ").push_bind(from_day).push(" AND day < ").push_bind(to_day);
                qb.push(" GROUP BY lane, officer ORDER BY lane, officer");
                qb.build()
                    .fetch_all(&self.pool)
                    .await?
                    .iter()
                    .map(|r| {
                        Ok(LaneRow {
                            checkpoint: checkpoint.to_owned(),
                            day: format!("{from_day}..{to_day}"),
                            lane: r.try_get(0)?,
                            officer: r.try_get(1)?,
                            services: r.try_get(2)?,
                            cleared: r.try_get(3)?,
                            referred: r.try_get(4)?,
                            refused: r.try_get(5)?,
                            service_s_sum: r.try_get(6)?,
                        })
                    })
                    .collect()
            }

            async fn insert_token(&self, t: &TokenRecord) -> Result<(), StoreError> {
                let mut qb =
                    QueryBuilder::<$db>::new("INSERT INTO tokens (id, secret_hash, role, lane, checkpoint, label, created_at, revoked_at) VALUES (");
                let mut sep = qb.separated(", ");
                sep.push_bind(&t.id)
                    .push_bind(&t.secret_hash)
                    .push_bind(&t.role)
                    .push_bind(&t.lane)
                    .push_bind(&t.checkpoint)
                    .push_bind(&t.label)
                    .push_bind(&t.created_at)
                    .push_bind(&t.revoked_at);
                qb.push(")");
                qb.build().execute(&self.pool).await?;
                Ok(())
            }

            async fn token(&self, id: &str) -> Result<Option<TokenRecord>, StoreError> {
                let mut qb = QueryBuilder::<$db>::new(TOKEN_COLUMNS);
                qb.push(" WHERE id = ").push_bind(id);
                qb.build().fetch_optional(&self.pool).await?.map(|r| token_of(&r)).transpose()
            }

            async fn tokens(&self) -> Result<Vec<TokenRecord>, StoreError> {
                let mut qb = QueryBuilder::<$db>::new(TOKEN_COLUMNS);
                qb.push(" ORDER BY created_at, id");
                qb.build().fetch_all(&self.pool).await?.iter().map(token_of).collect()
            }

            async fn revoke_token(&self, id: &str, at: &str) -> Result<bool, StoreError> {
                let mut qb = QueryBuilder::<$db>::new("UPDATE tokens SET revoked_at = ");
                qb.push_bind(at).push(" WHERE revoked_at IS NULL AND id = ").push_bind(id);
                Ok(qb.build().execute(&self.pool).await?.rows_affected() == 1)
            }

            async fn put_plan(&self, checkpoint: &str, day: &str, body: &str, pushed_at: &str) -> Result<(), StoreError> {
                let mut qb = QueryBuilder::<$db>::new("INSERT INTO plans (checkpoint, day, body, pushed_at) VALUES (");
                qb.separated(", ").push_bind(checkpoint).push_bind(day).push_bind(body).push_bind(pushed_at);
                qb.push(") ON CONFLICT (checkpoint, day) DO UPDATE SET body = excluded.body, pushed_at = excluded.pushed_at");
                qb.build().execute(&self.pool).await?;
                Ok(())
            }

            async fn plan(&self, checkpoint: &str, day: &str) -> Result<Option<(String, String)>, StoreError> {
                let mut qb = QueryBuilder::<$db>::new("SELECT body, pushed_at FROM plans WHERE checkpoint = ");
                qb.push_bind(checkpoint).push(" AND day = ").push_bind(day);
                let row = qb.build().fetch_optional(&self.pool).await?;
                row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).transpose()
            }

            async fn add_twin_scores(&self, checkpoint: &str, scores: &[TwinScore], forget_before_s: f64) -> Result<(), StoreError> {
                let mut conn = self.pool.acquire().await?;
                let written = async {
                let mut tx = conn.begin().await?;
                for chunk in scores.chunks(CHUNK) {
                    let mut qb = QueryBuilder::<$db>::new("INSERT INTO twin_scores (checkpoint, horizon_min, at_s, error_s, persistence_error_s) ");
                    qb.push_values(chunk, |mut b, s| {
                        b.push_bind(checkpoint).push_bind(i64::from(s.horizon_min)).push_bind(s.at_s).push_bind(s.error_s).push_bind(s.persistence_error_s);
                    });
                    qb.build().execute(&mut *tx).await?;
                }
                let mut qb = QueryBuilder::<$db>::new("DELETE FROM twin_scores WHERE checkpoint = ");
                qb.push_bind(checkpoint).push(" AND at_s < ").push_bind(forget_before_s);
                qb.build().execute(&mut *tx).await?;
                tx.commit().await?;
                Ok::<_, StoreError>(())
                }
                .await;
                discard_on_error(conn, written).await
            }

            async fn twin_scores(&self, checkpoint: &str, since_s: f64) -> Result<Vec<TwinScore>, StoreError> {
                let mut qb = QueryBuilder::<$db>::new("SELECT horizon_min, at_s, error_s, persistence_error_s FROM twin_scores WHERE checkpoint = ");
                qb.push_bind(checkpoint).push(" AND at_s >= ").push_bind(since_s).push(" ORDER BY at_s");
                let rows = qb.build().fetch_all(&self.pool).await?;
                rows.iter()
                    .map(|r| {
                        let horizon: i64 = r.try_get(0)?;
                        let horizon_min = u32::try_from(horizon).map_err(|_| StoreError::Corrupt(format!("twin score horizon {horizon}")))?;
                        Ok(TwinScore { horizon_min, at_s: r.try_get(1)?, error_s: r.try_get(2)?, persistence_error_s: r.try_get(3)? })
                    })
                    .collect()
            }

            async fn put_alerts(&self, checkpoint: &str, body: &str, saved_at: &str) -> Result<(), StoreError> {
                let mut qb = QueryBuilder::<$db>::new("INSERT INTO alert_books (checkpoint, body, saved_at) VALUES (");
                qb.separated(", ").push_bind(checkpoint).push_bind(body).push_bind(saved_at);
                qb.push(") ON CONFLICT (checkpoint) DO UPDATE SET body = excluded.body, saved_at = excluded.saved_at");
                qb.build().execute(&self.pool).await?;
                Ok(())
            }

            async fn alerts(&self, checkpoint: &str) -> Result<Option<String>, StoreError> {
                let mut qb = QueryBuilder::<$db>::new("SELECT body FROM alert_books WHERE checkpoint = ");
                qb.push_bind(checkpoint);
                Ok(qb.build().fetch_optional(&self.pool).await?.map(|r| r.try_get(0)).transpose()?)
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
