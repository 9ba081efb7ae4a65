//! A station's feed to a national centre. The station's own event log is the
//! outbox (nothing is copied, so nothing accepted can miss the feed), read in
//! acceptance order ([`crate::EventLog::log_after`]); how far the centre has
//! taken it is a cursor per centre, moved only once the centre has answered.
//! Stations keep SQLite (they must work with the wide-area link down), whose
//! `seq` is commit order.

use sqlx::Row;

use crate::{SqliteStore, StoreError};

impl SqliteStore {
    /// The last event (by `seq`) the centre `target` has taken; 0 before any.
    pub async fn forwarded(&self, target: &str) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT seq FROM forward_cursors WHERE target = ?").bind(target).fetch_optional(&self.pool).await?;
        Ok(row.map(|r| r.try_get(0)).transpose()?.unwrap_or(0))
    }

    /// Notes that the centre `target` has taken every event through `seq` (never moves back).
    pub async fn set_forwarded(&self, target: &str, seq: i64) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO forward_cursors (target, seq) VALUES (?, ?) \
             ON CONFLICT (target) DO UPDATE SET seq = MAX(forward_cursors.seq, excluded.seq)",
        )
        .bind(target)
        .bind(seq)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Events the centre `target` has not taken yet.
    pub async fn unforwarded(&self, target: &str) -> Result<i64, StoreError> {
        let after = self.forwarded(target).await?;
        Ok(sqlx::query("SELECT COUNT(*) FROM events WHERE seq > ?").bind(after).fetch_one(&self.pool).await?.try_get(0)?)
    }
}
