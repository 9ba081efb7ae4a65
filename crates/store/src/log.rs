//! The event log followed in commit order, and leases: what lets several
//! servers on one PostgreSQL store act as one system.
//!
//! Each server follows the log ([`EventLog::log_after`]) from where it stands
//! and applies every event, its own and the others', in the one order all of
//! them see: commit order. PostgreSQL hands out `seq` at insert time, so a
//! transaction holding seq 10 may commit after one holding 11, and a reader
//! going by `seq` alone would pass 10 before it is visible and never see it.
//! So each event also carries the id of the transaction that wrote it (`tx`),
//! and a reader only goes as far as the oldest transaction still running (the
//! snapshot's xmin): below it every transaction has ended, nothing new can
//! appear, and `(tx, seq)` is a total order every reader agrees on. An append
//! announces itself ([`ANNOUNCE`], delivered at commit) so followers wake at
//! once ([`Appends`]); they also poll, so a lost notification only delays.
//!
//! Work that must happen once in the system (rebuilding rollups, scoring the
//! twin, escalating instructions) is done by the server holding a [`Lease`]:
//! a PostgreSQL advisory lock on a connection of its own, freed by the
//! database the moment that connection ends (the server died), so another
//! server takes it over at its next try.
//!
//! SQLite has one writer, so its `seq` is commit order and its lease is
//! always held: it is the single-server store.

use async_trait::async_trait;
use borderflow_core::Event;
use sqlx::postgres::{PgConnection, PgListener};
use sqlx::{Connection, QueryBuilder, Row};

use crate::StoreError;
use crate::sql::{PostgresStore, SqliteStore, decode};

/// The channel appends announce themselves on.
const CHANNEL: &str = "borderflow_events";

/// The statement an append runs to announce itself (PostgreSQL).
pub(crate) const ANNOUNCE: &str = "SELECT pg_notify('borderflow_events', '')";

/// A place in the log: `(tx, seq)`, in commit order. SQLite's `tx` is always 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize, serde::Deserialize)]
pub struct LogPos {
    /// The writing transaction (PostgreSQL), or 0.
    pub tx: i64,
    /// The event's acceptance number.
    pub seq: i64,
}

/// Where the log stands now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogMark {
    /// Every event before it is final: a follower starting here misses
    /// nothing that is not already committed before it.
    pub settled: LogPos,
    /// Every event committed by now lies before it: a follower that has
    /// settled past it has seen everything committed when it was taken.
    pub horizon: LogPos,
}

/// A read of the log.
#[derive(Debug, Clone, Default)]
pub struct LogRead {
    /// Events in commit order, each with its place.
    pub events: Vec<(LogPos, Event)>,
    /// The reader has seen everything before this place (the next read starts here).
    pub settled: LogPos,
}

/// The log, followed (a part of every store).
#[async_trait]
pub trait EventLog: Send + Sync {
    /// Whether other servers may append to this store too (PostgreSQL): a
    /// server then follows the log instead of trusting its own appends alone.
    fn shared(&self) -> bool;
    /// Where the log stands now.
    async fn log_mark(&self) -> Result<LogMark, StoreError>;
    /// Committed events after `after`, in commit order, at most `limit`; only
    /// as far as every earlier transaction has ended.
    async fn log_after(&self, after: LogPos, limit: i64) -> Result<LogRead, StoreError>;
    /// Wake-ups when appends commit (through any server); `None` where there
    /// is no one else to hear from (SQLite).
    async fn listen(&self) -> Result<Option<Appends>, StoreError>;
    /// Tries to take the lease `key`: `None` if another server holds it.
    async fn try_lease(&self, key: i64) -> Result<Option<Lease>, StoreError>;
}

/// Notifications of appends (PostgreSQL LISTEN).
pub struct Appends(PgListener);

impl std::fmt::Debug for Appends {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Appends")
    }
}

impl Appends {
    /// Waits for the next append. An error means the connection was lost
    /// (the next call reconnects; what was announced meanwhile is not heard).
    pub async fn next(&mut self) -> Result<(), StoreError> {
        self.0.recv().await?;
        Ok(())
    }
}

/// A held lease; dropping it lets it go.
pub struct Lease(Option<PgConnection>);

impl std::fmt::Debug for Lease {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Lease")
    }
}

impl Lease {
    /// Whether it is still held: its connection answers (if the connection
    /// was lost, the database has let the lock go, or soon will).
    pub async fn check(&mut self) -> Result<(), StoreError> {
        match &mut self.0 {
            Some(conn) => conn.ping().await.map_err(StoreError::from),
            None => Ok(()),
        }
    }

    /// Lets it go now.
    pub async fn release(self) {
        if let Some(conn) = self.0 {
            let _ = conn.close().await;
        }
    }
}

#[async_trait]
impl EventLog for SqliteStore {
    fn shared(&self) -> bool {
        false
    }

    async fn log_mark(&self) -> Result<LogMark, StoreError> {
        let max: i64 = sqlx::query("SELECT COALESCE(MAX(seq), 0) FROM events").fetch_one(&self.pool).await?.try_get(0)?;
        let at = LogPos { tx: 0, seq: max };
        Ok(LogMark { settled: at, horizon: at })
    }

    async fn log_after(&self, after: LogPos, limit: i64) -> Result<LogRead, StoreError> {
        let mut qb = QueryBuilder::<sqlx::Sqlite>::new("SELECT seq, body FROM events WHERE seq > ");
        qb.push_bind(after.seq).push(" ORDER BY seq LIMIT ").push_bind(limit);
        let events = qb
            .build()
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok((LogPos { tx: 0, seq: r.try_get(0)? }, decode(&r.try_get::<String, _>(1)?)?)))
            .collect::<Result<Vec<_>, StoreError>>()?;
        let settled = events.last().map_or(after, |(p, _)| *p);
        Ok(LogRead { events, settled })
    }

    async fn listen(&self) -> Result<Option<Appends>, StoreError> {
        Ok(None)
    }

    async fn try_lease(&self, _key: i64) -> Result<Option<Lease>, StoreError> {
        Ok(Some(Lease(None)))
    }
}

#[async_trait]
impl EventLog for PostgresStore {
    fn shared(&self) -> bool {
        true
    }

    async fn log_mark(&self) -> Result<LogMark, StoreError> {
        let r = sqlx::query(
            "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint, pg_snapshot_xmax(pg_current_snapshot())::text::bigint",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(LogMark { settled: LogPos { tx: r.try_get(0)?, seq: 0 }, horizon: LogPos { tx: r.try_get(1)?, seq: 0 } })
    }

    async fn log_after(&self, after: LogPos, limit: i64) -> Result<LogRead, StoreError> {
        // The mark first: every transaction below it had ended before the
        // events are read (a later statement), so all of theirs are visible.
        let xmin: i64 =
            sqlx::query("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint").fetch_one(&self.pool).await?.try_get(0)?;
        let mut qb = QueryBuilder::<sqlx::Postgres>::new("SELECT tx, seq, body FROM events WHERE (tx, seq) > (");
        qb.push_bind(after.tx).push(", ").push_bind(after.seq).push(") AND tx < ").push_bind(xmin);
        qb.push(" ORDER BY tx, seq LIMIT ").push_bind(limit);
        let events = qb
            .build()
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok((LogPos { tx: r.try_get(0)?, seq: r.try_get(1)? }, decode(&r.try_get::<String, _>(2)?)?)))
            .collect::<Result<Vec<_>, StoreError>>()?;
        let settled = match events.last() {
            Some((last, _)) if events.len() as i64 >= limit => *last,
            _ => after.max(LogPos { tx: xmin, seq: 0 }),
        };
        Ok(LogRead { events, settled })
    }

    async fn listen(&self) -> Result<Option<Appends>, StoreError> {
        let mut l = PgListener::connect_with(&self.pool).await?;
        l.listen(CHANNEL).await?;
        Ok(Some(Appends(l)))
    }

    async fn try_lease(&self, key: i64) -> Result<Option<Lease>, StoreError> {
        let mut conn = PgConnection::connect_with(&self.pool.connect_options()).await?;
        // The database notices a holder that vanished without closing (a cut
        // cable, a frozen machine) within ~15 s rather than TCP's two hours.
        sqlx::query("SET tcp_keepalives_idle = 5").execute(&mut conn).await?;
        sqlx::query("SET tcp_keepalives_interval = 2").execute(&mut conn).await?;
        sqlx::query("SET tcp_keepalives_count = 3").execute(&mut conn).await?;
        let got: bool = sqlx::query("SELECT pg_try_advisory_lock($1)").bind(key).fetch_one(&mut conn).await?.try_get(0)?;
        if got {
            Ok(Some(Lease(Some(conn))))
        } else {
            let _ = conn.close().await;
            Ok(None)
        }
    }
}
