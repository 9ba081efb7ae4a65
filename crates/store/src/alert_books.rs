//! Each checkpoint's alert book (open alerts and the day's history), saved
//! whole as JSON by the server that keeps it, so a restart or another server
//! taking over carries on from it. A part of every store.

use async_trait::async_trait;
use sqlx::{Postgres, QueryBuilder, Row, Sqlite};

use crate::StoreError;
use crate::sql::{PostgresStore, SqliteStore};

/// Saved alert books.
#[async_trait]
pub trait AlertBookStore: Send + Sync {
    /// Replaces a checkpoint's saved alerts (JSON).
    async fn put_alerts(&self, checkpoint: &str, body: &str, saved_at: &str) -> Result<(), StoreError>;
    /// A checkpoint's saved alerts (JSON), if any were saved.
    async fn alerts(&self, checkpoint: &str) -> Result<Option<String>, StoreError>;
}

macro_rules! alert_book_store {
    ($store:ty, $db:ty) => {
        #[async_trait]
        impl AlertBookStore for $store {
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
        }
    };
}

alert_book_store!(SqliteStore, Sqlite);
alert_book_store!(PostgresStore, Postgres);
