//! The gate's outbox: every event is written to a local SQLite file before
//! anything else happens, and leaves it only when the server has stored it.
//! Events go out in the order they were written; the server ignores an id it
//! already holds, so a batch resent after a lost answer is stored once.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use borderflow_core::Event;
use sqlx::Row;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

/// A spool that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("spool {path}: {source}")]
pub struct SpoolError {
    path: String,
    #[source]
    source: sqlx::Error,
}

/// The local outbox.
#[derive(Debug, Clone)]
pub struct Spool {
    pool: SqlitePool,
    path: String,
}

/// One spooled event: its place in the outbox and its JSON line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spooled {
    /// Position, increasing in the order events were written.
    pub seq: i64,
    /// The event as one JSON line.
    pub line: String,
}

impl Spool {
    /// Opens (or creates) the spool file.
    pub async fn open(path: &Path) -> Result<Spool, SpoolError> {
        let name = path.display().to_string();
        let err = |source| SpoolError { path: name.clone(), source };
        let opts = SqliteConnectOptions::from_str("sqlite://")
            .map_err(err)?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // An event the gate has acted on must survive a power cut.
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new().max_connections(2).connect_with(opts).await.map_err(err)?;
        for ddl in [
            "CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, line TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS refused (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, line TEXT NOT NULL, field TEXT NOT NULL, reason TEXT NOT NULL)",
        ] {
            sqlx::query(ddl).execute(&pool).await.map_err(err)?;
        }
        Ok(Spool { pool, path: name })
    }

    fn err(&self, source: sqlx::Error) -> SpoolError {
        SpoolError { path: self.path.clone(), source }
    }

    /// Writes events durably, all or none.
    pub async fn push(&self, events: &[Event]) -> Result<(), SpoolError> {
        let mut tx = self.pool.begin().await.map_err(|e| self.err(e))?;
        for ev in events {
            sqlx::query("INSERT INTO outbox (id, line) VALUES (?, ?)")
                .bind(ev.id.to_string())
                .bind(ev.to_json_line())
                .execute(&mut *tx)
                .await
                .map_err(|e| self.err(e))?;
        }
        tx.commit().await.map_err(|e| self.err(e))
    }

    /// The oldest `limit` events not yet delivered, oldest first.
    pub async fn pending(&self, limit: i64) -> Result<Vec<Spooled>, SpoolError> {
        let rows = sqlx::query("SELECT seq, line FROM outbox ORDER BY seq LIMIT ?")
            .bind(limit)
            .fetch_all(&self.pool)
            .await
            .map_err(|e| self.err(e))?;
        Ok(rows.iter().map(|r| Spooled { seq: r.get(0), line: r.get(1) }).collect())
    }

    /// Removes the events up to and including `seq`: the server holds them.
    /// Those in `refused` (by seq, with the server's field and reason) are
    /// kept aside for an operator instead of being dropped.
    pub async fn delivered(&self, through: i64, refused: &[(i64, String, String)]) -> Result<(), SpoolError> {
        let mut tx = self.pool.begin().await.map_err(|e| self.err(e))?;
        for (seq, field, reason) in refused {
            sqlx::query(
                "INSERT OR REPLACE INTO refused (seq, id, line, field, reason) SELECT seq, id, line, ?, ? FROM outbox WHERE seq = ?",
            )
            .bind(field)
            .bind(reason)
            .bind(seq)
            .execute(&mut *tx)
            .await
            .map_err(|e| self.err(e))?;
        }
        sqlx::query("DELETE FROM outbox WHERE seq <= ?").bind(through).execute(&mut *tx).await.map_err(|e| self.err(e))?;
        tx.commit().await.map_err(|e| self.err(e))
    }

    /// Events waiting to be delivered.
    pub async fn backlog(&self) -> Result<i64, SpoolError> {
        sqlx::query("SELECT COUNT(*) FROM outbox").fetch_one(&self.pool).await.map(|r| r.get(0)).map_err(|e| self.err(e))
    }

    /// Events the server refused, kept for an operator.
    pub async fn refused(&self) -> Result<i64, SpoolError> {
        sqlx::query("SELECT COUNT(*) FROM refused").fetch_one(&self.pool).await.map(|r| r.get(0)).map_err(|e| self.err(e))
    }

    /// Why the server refused each kept event, oldest first: (field, reason).
    pub async fn refusals(&self) -> Result<Vec<(String, String)>, SpoolError> {
        let rows = sqlx::query("SELECT field, reason FROM refused ORDER BY seq").fetch_all(&self.pool).await.map_err(|e| self.err(e))?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use borderflow_core::{EventBody, GateStep, Id};

    fn event(step: &str) -> Event {
        Event {
            id: uuid::Uuid::new_v4(),
            at: jiff::Timestamp::now(),
            checkpoint: Id::new("khorgos").unwrap(),
            body: EventBody::GateStep(GateStep {
                lane: Id::new("E1").unwrap(),
                traveller: None,
                step: Id::new(step).unwrap(),
                detail: None,
            }),
        }
    }

    #[tokio::test]
    async fn keeps_order_across_reopening_and_keeps_refused_events() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("spool.db");
        let events: Vec<Event> = ["a", "b", "c", "d"].into_iter().map(event).collect();
        {
            let s = Spool::open(&path).await.unwrap();
            s.push(&events[..2]).await.unwrap();
            s.push(&events[2..]).await.unwrap();
        }
        let s = Spool::open(&path).await.unwrap();
        let p = s.pending(3).await.unwrap();
        let ids: Vec<String> = p.iter().map(|x| serde_json::from_str::<Event>(&x.line).unwrap().id.to_string()).collect();
        assert_eq!(ids, events[..3].iter().map(|e| e.id.to_string()).collect::<Vec<_>>());
        s.delivered(p[2].seq, &[(p[1].seq, "lane".into(), "no lane".into())]).await.unwrap();
        assert_eq!(s.backlog().await.unwrap(), 1);
        assert_eq!(s.refused().await.unwrap(), 1);
        assert_eq!(s.pending(10).await.unwrap()[0].line, events[3].to_json_line());
    }
}
