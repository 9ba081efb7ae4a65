//! The physical limit of an append, for the ingest benchmark: a bare insert
//! loop on a SQLite store's own settings (WAL, `synchronous = FULL`, its page
//! cache) and its own `events` table and indexes, with nothing else — no
//! decoding, no dirty days, no answers. `borderflow bench-append` prints it
//! beside [`crate::EventStore::append`] on the same machine.

use std::path::Path;
use std::time::Instant;

use sqlx::{Connection, QueryBuilder};

use crate::{Layout, SqliteStore, StoreError};

/// The ids a benchmark inserts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ids {
    /// Random (UUIDv4) as 36 characters of text, as the store kept them before.
    RandomText,
    /// Random (UUIDv4) as 16 bytes.
    RandomBytes,
    /// Time-ordered (UUIDv7) as 16 bytes: what borderflow's own producers send.
    TimeOrderedBytes,
}

/// Inserts `rows` rows of `body` into a fresh store at `path`, `per_tx` a
/// transaction; returns rows per second.
pub async fn bare_inserts(path: &Path, ids: Ids, rows: usize, per_tx: usize, body: &str) -> Result<f64, StoreError> {
    let store = SqliteStore::open(path, Layout::default()).await?;
    let table = if ids == Ids::RandomText {
        // The table as it was with text ids, indexes and all.
        for sql in [
            "CREATE TABLE events_text (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, checkpoint TEXT NOT NULL, at_us BIGINT NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL)",
            "CREATE INDEX events_text_at ON events_text (checkpoint, at_us)",
            "CREATE INDEX events_text_lanes ON events_text (checkpoint, at_us) WHERE kind IN ('lane_opened', 'lane_closed', 'officer_on', 'officer_off')",
        ] {
            sqlx::query(sql).execute(&store.pool).await?;
        }
        "events_text"
    } else {
        "events"
    };
    let mut conn = store.pool.acquire().await?;
    let started = Instant::now();
    let mut at_us = 1_780_000_000_000_000i64;
    let mut done = 0;
    while done < rows {
        let n = per_tx.min(rows - done);
        let mut tx = conn.begin().await?;
        for chunk in (0..n).collect::<Vec<_>>().chunks(1000) {
            let mut qb = QueryBuilder::<sqlx::Sqlite>::new(format!("INSERT INTO {table} (id, checkpoint, at_us, kind, body) "));
            qb.push_values(chunk, |mut b, _| {
                at_us += 1000;
                let id = match ids {
                    Ids::TimeOrderedBytes => uuid::Uuid::now_v7(),
                    _ => uuid::Uuid::new_v4(),
                };
                if ids == Ids::RandomText {
                    b.push_bind(id.to_string());
                } else {
                    b.push_bind(id);
                }
                b.push_bind("khorgos").push_bind(at_us).push_bind("queue_joined").push_bind(body);
            });
            qb.push(" ON CONFLICT (id) DO NOTHING");
            qb.build().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        done += n;
    }
    Ok(rows as f64 / started.elapsed().as_secs_f64())
}
