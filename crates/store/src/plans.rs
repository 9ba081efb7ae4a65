//! Staffing plans pushed for a checkpoint's local day, kept as the
//! document the planner wrote (the last push wins). A part of every store.

use async_trait::async_trait;
use sqlx::{Postgres, QueryBuilder, Row, Sqlite};

use crate::StoreError;
use crate::sql::{PostgresStore, SqliteStore};

/// Pushed plans.
#[async_trait]
pub trait PlanStore: Send + Sync {
    /// Stores a checkpoint's plan for a local day (`YYYY-MM-DD`), replacing any earlier one.
    async fn put_plan(&self, checkpoint: &str, day: &str, body: &str, pushed_at: &str) -> Result<(), StoreError>;
    /// The plan for a checkpoint's local day, with when it was pushed.
    async fn plan(&self, checkpoint: &str, day: &str) -> Result<Option<(String, String)>, StoreError>;
}

macro_rules! plan_store {
    ($store:ty, $db:ty) => {
        #[async_trait]
        impl PlanStore for $store {
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
        }
    };
}

plan_store!(SqliteStore, Sqlite);
plan_store!(PostgresStore, Postgres);
