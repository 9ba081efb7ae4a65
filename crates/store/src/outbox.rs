//! The webhook outbox: messages written durably before delivery is tried,
//! claimed one server at a time, settled as delivered, retried later, or
//! failed (listed for admins, who may send a failed one again).

use async_trait::async_trait;
use sqlx::{Postgres, QueryBuilder, Row, Sqlite};

use crate::StoreError;
use crate::sql::{PostgresStore, SqliteStore};

/// A message to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    /// The configured hook's name.
    pub hook: String,
    /// `alert` or `instruction`.
    pub kind: String,
    /// Checkpoint.
    pub checkpoint: String,
    /// The JSON body, exactly as it will be signed and sent.
    pub body: String,
    /// RFC 3339.
    pub created_at: String,
    /// First try not before (Unix microseconds).
    pub next_us: i64,
}

/// A stored message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Outbox id (also the receiver's idempotency key).
    pub id: i64,
    /// What was queued.
    pub new: NewMessage,
    /// Tries claimed so far.
    pub attempts: i64,
    /// When it was delivered (RFC 3339).
    pub delivered_at: Option<String>,
    /// When it was given up on (RFC 3339).
    pub failed_at: Option<String>,
    /// The last try's error.
    pub last_error: Option<String>,
}

/// How a claimed try ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    /// The receiver answered 2xx.
    Delivered {
        /// RFC 3339.
        at: String,
    },
    /// Try again at `next_us`.
    Retry {
        /// Unix microseconds.
        next_us: i64,
        /// What went wrong.
        error: String,
    },
    /// Given up: on the failed list.
    Failed {
        /// RFC 3339.
        at: String,
        /// What went wrong last.
        error: String,
    },
}

/// The outbox.
#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Queues messages, durably, in one transaction.
    async fn enqueue(&self, messages: &[NewMessage]) -> Result<(), StoreError>;
    /// Up to `limit` messages due at `now_us` (neither delivered nor failed), oldest first.
    async fn due(&self, now_us: i64, limit: i64) -> Result<Vec<Message>, StoreError>;
    /// Claims a due message for one try: counts the try and holds it until
    /// `lease_until_us`. False if another server claimed it first.
    async fn claim(&self, id: i64, attempts_seen: i64, lease_until_us: i64) -> Result<bool, StoreError>;
    /// Records how a claimed try ended.
    async fn settle(&self, id: i64, how: &Settled) -> Result<(), StoreError>;
    /// The failed messages, newest first, at most `limit`.
    async fn failed_messages(&self, limit: i64) -> Result<Vec<Message>, StoreError>;
    /// Puts a failed message back in the queue (tries counted afresh); false if it was not failed.
    async fn requeue(&self, id: i64, next_us: i64) -> Result<bool, StoreError>;
}

const COLUMNS: &str =
    "SELECT id, hook, kind, checkpoint, body, created_at, next_us, attempts, delivered_at, failed_at, last_error FROM outbox";

fn message_of<R: Row>(r: &R) -> Result<Message, StoreError>
where
    usize: sqlx::ColumnIndex<R>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    Ok(Message {
        id: r.try_get(0)?,
        new: NewMessage {
            hook: r.try_get(1)?,
            kind: r.try_get(2)?,
            checkpoint: r.try_get(3)?,
            body: r.try_get(4)?,
            created_at: r.try_get(5)?,
            next_us: r.try_get(6)?,
        },
        attempts: r.try_get(7)?,
        delivered_at: r.try_get(8)?,
        failed_at: r.try_get(9)?,
        last_error: r.try_get(10)?,
    })
}

macro_rules! outbox_store {
    ($store:ty, $db:ty) => {
        #[async_trait]
        impl OutboxStore for $store {
            async fn enqueue(&self, messages: &[NewMessage]) -> Result<(), StoreError> {
                if messages.is_empty() {
                    return Ok(());
                }
                let mut qb = QueryBuilder::<$db>::new("INSERT INTO outbox (hook, kind, checkpoint, body, created_at, attempts, next_us) ");
                qb.push_values(messages, |mut b, m| {
                    b.push_bind(&m.hook)
                        .push_bind(&m.kind)
                        .push_bind(&m.checkpoint)
                        .push_bind(&m.body)
                        .push_bind(&m.created_at)
                        .push_bind(0i64)
                        .push_bind(m.next_us);
                });
                qb.build().execute(&self.pool).await?;
                Ok(())
            }

            async fn due(&self, now_us: i64, limit: i64) -> Result<Vec<Message>, StoreError> {
                let mut qb = QueryBuilder::<$db>::new(COLUMNS);
                qb.push(" WHERE delivered_at IS NULL AND failed_at IS NULL AND next_us <= ").push_bind(now_us);
                qb.push(" ORDER BY id LIMIT ").push_bind(limit);
                qb.build().fetch_all(&self.pool).await?.iter().map(message_of).collect()
            }

            async fn claim(&self, id: i64, attempts_seen: i64, lease_until_us: i64) -> Result<bool, StoreError> {
                let mut qb = QueryBuilder::<$db>::new("UPDATE outbox SET attempts = attempts + 1, next_us = ");
                qb.push_bind(lease_until_us).push(" WHERE delivered_at IS NULL AND failed_at IS NULL AND id = ").push_bind(id);
                qb.push(" AND attempts = ").push_bind(attempts_seen);
                Ok(qb.build().execute(&self.pool).await?.rows_affected() == 1)
            }

            async fn settle(&self, id: i64, how: &Settled) -> Result<(), StoreError> {
                let mut qb = QueryBuilder::<$db>::new("UPDATE outbox SET ");
                match how {
                    Settled::Delivered { at } => qb.push("delivered_at = ").push_bind(at),
                    Settled::Retry { next_us, error } => qb.push("next_us = ").push_bind(*next_us).push(", last_error = ").push_bind(error),
                    Settled::Failed { at, error } => qb.push("failed_at = ").push_bind(at).push(", last_error = ").push_bind(error),
                };
                qb.push(" WHERE id = ").push_bind(id);
                qb.build().execute(&self.pool).await?;
                Ok(())
            }

            async fn failed_messages(&self, limit: i64) -> Result<Vec<Message>, StoreError> {
                let mut qb = QueryBuilder::<$db>::new(COLUMNS);
                qb.push(" WHERE failed_at IS NOT NULL ORDER BY id DESC LIMIT ").push_bind(limit);
                qb.build().fetch_all(&self.pool).await?.iter().map(message_of).collect()
            }

            async fn requeue(&self, id: i64, next_us: i64) -> Result<bool, StoreError> {
                let mut qb = QueryBuilder::<$db>::new("UPDATE outbox SET failed_at = NULL, attempts = 0, next_us = ");
                qb.push_bind(next_us).push(" WHERE failed_at IS NOT NULL AND id = ").push_bind(id);
                Ok(qb.build().execute(&self.pool).await?.rows_affected() == 1)
            }
        }
    };
}

outbox_store!(SqliteStore, Sqlite);
outbox_store!(PostgresStore, Postgres);
