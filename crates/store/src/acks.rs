//! Acknowledgements of alerts, kept as rows: each server on a shared store
//! applies those made through the others (an alert's book is kept whole by
//! one server, so an acknowledgement must travel on its own). A part of
//! every store.

use async_trait::async_trait;
use sqlx::{QueryBuilder, Row};

use crate::{PostgresStore, SqliteStore, StoreError};

/// Acknowledgements of alerts.
#[async_trait]
pub trait AckStore: Send + Sync {
    /// Keeps one: the alert's id, when it was made (Unix microseconds), and the acknowledgement (JSON).
    async fn add_ack(&self, alert: &str, at_us: i64, body: &str) -> Result<(), StoreError>;
    /// Those made at or after `since_us`, oldest first: (alert id, JSON).
    async fn acks_since(&self, since_us: i64) -> Result<Vec<(String, String)>, StoreError>;
}

macro_rules! ack_store {
    ($store:ty, $db:ty) => {
        #[async_trait]
        impl AckStore for $store {
            async fn add_ack(&self, alert: &str, at_us: i64, body: &str) -> Result<(), StoreError> {
                let mut qb = QueryBuilder::<$db>::new("INSERT INTO alert_acks (alert, at_us, body) VALUES (");
                qb.separated(", ").push_bind(alert).push_bind(at_us).push_bind(body);
                qb.push(")");
                qb.build().execute(&self.pool).await?;
                Ok(())
            }

            async fn acks_since(&self, since_us: i64) -> Result<Vec<(String, String)>, StoreError> {
                let mut qb = QueryBuilder::<$db>::new("SELECT alert, body FROM alert_acks WHERE at_us >= ");
                qb.push_bind(since_us).push(" ORDER BY at_us, seq");
                qb.build().fetch_all(&self.pool).await?.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
            }
        }
    };
}

ack_store!(SqliteStore, sqlx::Sqlite);
ack_store!(PostgresStore, sqlx::Postgres);
