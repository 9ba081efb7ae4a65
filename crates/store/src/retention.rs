//! Retention of what identifies a traveller: after a set number of days the
//! pseudonyms in a checkpoint's events are replaced by new ones that nothing
//! links to a document any more. A part of every store.
//!
//! The events stay (they are the record: counts, times, lanes, officers), and
//! so do the rollups. Each local day is forgotten under a key of its own,
//! made for it and dropped at once: within the day a traveller's events still
//! belong together (joined, started, cleared), so the day's figures come out
//! the same if it is ever rolled up again; across days, and to the
//! checkpoint's pseudonym key, nothing links them.

use async_trait::async_trait;
use borderflow_core::Id;
use hmac::{Hmac, Mac};
use jiff::Timestamp;
use sha2::Sha256;
use sqlx::{Connection, QueryBuilder, Row};

use crate::layout::Layout;
use crate::rollup::day_bounds;
use crate::sql::decode;
use crate::{EventStore, PostgresStore, SqliteStore, StoreError};

/// How a forgotten pseudonym begins (never a pseudonym a gate or desk makes).
pub const FORGOTTEN: &str = "gone:";

/// The kinds that may carry a traveller.
const KINDS: [&str; 6] = ["queue_joined", "service_started", "cleared", "referred", "refused", "gate_step"];

/// How far a checkpoint's travellers are forgotten: every event dated
/// before `until` and accepted at or before `seq`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PurgeMark {
    /// Events dated before this are forgotten…
    pub until: Timestamp,
    /// …if they were accepted by this acceptance number (later ones arrived late).
    pub seq: i64,
}

/// Which events one call forgets, each call under a key of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Those dated `from ≤ at < to` (a local day).
    Dated {
        /// Start.
        from: Timestamp,
        /// End.
        to: Timestamp,
    },
    /// Those dated before `before` but accepted after `after_seq`: late arrivals into forgotten days.
    Late {
        /// The mark's date.
        before: Timestamp,
        /// The mark's acceptance number.
        after_seq: i64,
    },
}

/// The stores' part.
#[async_trait]
pub trait RetentionStore: Send + Sync {
    /// Replaces every traveller pseudonym not yet forgotten in the
    /// checkpoint's events of `scope` by [`forget`] under a key made for this
    /// call and dropped after it, in one transaction. Returns how many events were rewritten.
    async fn forget_travellers(&self, checkpoint: &str, scope: Scope) -> Result<u64, StoreError>;
    /// The checkpoint's mark, if it was ever purged.
    async fn purge_mark(&self, checkpoint: &str) -> Result<Option<PurgeMark>, StoreError>;
    /// Records the checkpoint's mark.
    async fn set_purge_mark(&self, checkpoint: &str, mark: PurgeMark) -> Result<(), StoreError>;
    /// The date of the checkpoint's first event at or after `from`, and the newest acceptance number of any.
    async fn first_event(&self, checkpoint: &str, from: Timestamp) -> Result<(Option<Timestamp>, i64), StoreError>;
}

/// A pseudonym's replacement under `key`: the same within one key, unlinkable without it.
pub fn forget(key: &[u8], pseudonym: &Id) -> Id {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(pseudonym.as_str().as_bytes());
    Id::new(format!("{FORGOTTEN}{}", hex::encode(&mac.finalize().into_bytes()[..8]))).expect("a valid id")
}

/// A key used once: 32 random bytes.
fn fresh_key() -> Vec<u8> {
    [uuid::Uuid::new_v4(), uuid::Uuid::new_v4()].iter().flat_map(|u| u.into_bytes()).collect()
}

/// What [`forget_older_than`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Forgotten {
    /// Local days forgotten.
    pub days: u32,
    /// Events rewritten.
    pub events: u64,
}

/// Forgets the travellers of every local day of `checkpoint` older than
/// `keep_days` full days before `now`'s local date, day by day, each under a
/// key of its own, and any that arrived late into days forgotten before.
/// Days already forgotten are not read again; empty days are skipped.
pub async fn forget_older_than(
    store: &dyn EventStore,
    layout: &Layout,
    checkpoint: &str,
    keep_days: u32,
    now: Timestamp,
) -> Result<Forgotten, StoreError> {
    let tz = layout.time_zone(checkpoint);
    let today = now.to_zoned(tz.clone()).date();
    let keep_from = today.checked_sub(jiff::Span::new().days(i64::from(keep_days))).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let (cutoff, _) = day_bounds(layout, checkpoint, &keep_from.to_string())?;
    let mark = store.purge_mark(checkpoint).await?;
    let mut done = Forgotten::default();
    let (mut next, newest) = store.first_event(checkpoint, mark.map_or(Timestamp::MIN, |m| m.until)).await?;
    if let Some(m) = mark {
        done.events += store.forget_travellers(checkpoint, Scope::Late { before: m.until, after_seq: m.seq }).await?;
    }
    while let Some(from) = next.filter(|&f| f < cutoff) {
        let (_, end) = day_bounds(layout, checkpoint, &from.to_zoned(tz.clone()).date().to_string())?;
        let to = end.min(cutoff);
        done.events += store.forget_travellers(checkpoint, Scope::Dated { from, to }).await?;
        done.days += 1;
        next = store.first_event(checkpoint, to).await?.0;
    }
    let until = mark.map_or(cutoff, |m| m.until.max(cutoff));
    store.set_purge_mark(checkpoint, PurgeMark { until, seq: newest }).await?;
    Ok(done)
}

macro_rules! retention_store {
    ($store:ty, $db:ty) => {
        #[async_trait]
        impl RetentionStore for $store {
            async fn forget_travellers(&self, checkpoint: &str, scope: Scope) -> Result<u64, StoreError> {
                let key = fresh_key();
                let mut conn = self.pool.acquire().await?;
                let mut tx = conn.begin().await?;
                let mut qb = QueryBuilder::<$db>::new("SELECT seq, body FROM events WHERE checkpoint = ");
                qb.push_bind(checkpoint);
                match scope {
                    Scope::Dated { from, to } => {
                        qb.push(" AND at_us >= ").push_bind(from.as_microsecond()).push(" AND at_us < ").push_bind(to.as_microsecond())
                    }
                    Scope::Late { before, after_seq } => {
                        qb.push(" AND at_us < ").push_bind(before.as_microsecond()).push(" AND seq > ").push_bind(after_seq)
                    }
                };
                qb.push(" AND kind IN (");
                let mut kinds = qb.separated(", ");
                for k in KINDS {
                    kinds.push_bind(k);
                }
                qb.push(")");
                let rows = qb.build().fetch_all(&mut *tx).await?;
                let mut n = 0;
                for row in rows {
                    let (seq, body): (i64, String) = (row.try_get(0)?, row.try_get(1)?);
                    let mut event = decode(&body)?;
                    let Some(t) = event.body.traveller_mut() else { continue };
                    if t.as_str().starts_with(FORGOTTEN) {
                        continue;
                    }
                    *t = forget(&key, t);
                    let mut qb = QueryBuilder::<$db>::new("UPDATE events SET body = ");
                    qb.push_bind(event.to_json_line()).push(" WHERE seq = ").push_bind(seq);
                    qb.build().execute(&mut *tx).await?;
                    n += 1;
                }
                tx.commit().await?;
                Ok(n)
            }

            async fn purge_mark(&self, checkpoint: &str) -> Result<Option<PurgeMark>, StoreError> {
                let mut qb = QueryBuilder::<$db>::new("SELECT until_us, through_seq FROM traveller_purges WHERE checkpoint = ");
                qb.push_bind(checkpoint);
                let Some(row) = qb.build().fetch_optional(&self.pool).await? else { return Ok(None) };
                let until =
                    Timestamp::from_microsecond(row.try_get(0)?).map_err(|e| StoreError::Corrupt(format!("traveller_purges: {e}")))?;
                Ok(Some(PurgeMark { until, seq: row.try_get(1)? }))
            }

            async fn set_purge_mark(&self, checkpoint: &str, mark: PurgeMark) -> Result<(), StoreError> {
                let mut qb = QueryBuilder::<$db>::new("INSERT INTO traveller_purges (checkpoint, until_us, through_seq) VALUES (");
                qb.separated(", ").push_bind(checkpoint).push_bind(mark.until.as_microsecond()).push_bind(mark.seq);
                qb.push(") ON CONFLICT (checkpoint) DO UPDATE SET until_us = excluded.until_us, through_seq = excluded.through_seq");
                qb.build().execute(&self.pool).await?;
                Ok(())
            }

            async fn first_event(&self, checkpoint: &str, from: Timestamp) -> Result<(Option<Timestamp>, i64), StoreError> {
                let mut qb = QueryBuilder::<$db>::new("SELECT (SELECT MIN(at_us) FROM events WHERE checkpoint = ");
                qb.push_bind(checkpoint).push(" AND at_us >= ").push_bind(from.as_microsecond());
                qb.push("), (SELECT COALESCE(MAX(seq), 0) FROM events)");
                let row = qb.build().fetch_one(&self.pool).await?;
                let first: Option<i64> = row.try_get(0)?;
                let first = first
                    .map(|us| Timestamp::from_microsecond(us).map_err(|e| StoreError::Corrupt(format!("events.at_us: {e}"))))
                    .transpose()?;
                Ok((first, row.try_get(1)?))
            }
        }
    };
}

retention_store!(SqliteStore, sqlx::Sqlite);
retention_store!(PostgresStore, sqlx::Postgres);
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_key_one_mapping_another_key_another() {
        let t = Id::new("50f375355ed30ba6733ef539").unwrap();
        let (k1, k2) = (fresh_key(), fresh_key());
        assert_eq!(forget(&k1, &t), forget(&k1, &t));
        assert_ne!(forget(&k1, &t), forget(&k2, &t));
        assert!(forget(&k1, &t).as_str().starts_with(FORGOTTEN) && !forget(&k1, &t).as_str().contains("50f3753"));
    }
}
