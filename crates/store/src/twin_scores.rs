//! The twin's track record: each scored prediction, kept a day or so, so
//! the record survives a restart and every server shows the same one. A
//! part of every store.

use async_trait::async_trait;
use sqlx::{Postgres, QueryBuilder, Row, Sqlite};

use crate::StoreError;
use crate::sql::{CHUNK, PostgresStore, SqliteStore, discard_on_error};
use sqlx::Connection;

/// One scored prediction of the twin (its track record).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TwinScore {
    /// Minutes ahead it was made.
    pub horizon_min: u32,
    /// When the predicted step ended, Unix seconds.
    pub at_unix_s: f64,
    /// Actual minus predicted 95th-percentile wait, seconds.
    pub error_s: f64,
    /// Actual minus the persistence baseline's prediction, seconds (None: it had none).
    pub persistence_error_s: Option<f64>,
}

/// The twin's scored predictions.
#[async_trait]
pub trait TwinScoreStore: Send + Sync {
    /// Keeps a checkpoint's newly scored twin predictions and forgets its
    /// ones whose step ended before `forget_before_unix_s` (Unix seconds).
    async fn add_twin_scores(&self, checkpoint: &str, scores: &[TwinScore], forget_before_unix_s: f64) -> Result<(), StoreError>;
    /// A checkpoint's scored twin predictions whose step ended at or after `since_unix_s`, oldest first.
    async fn twin_scores(&self, checkpoint: &str, since_unix_s: f64) -> Result<Vec<TwinScore>, StoreError>;
}

macro_rules! twin_score_store {
    ($store:ty, $db:ty) => {
        #[async_trait]
        impl TwinScoreStore for $store {
            async fn add_twin_scores(&self, checkpoint: &str, scores: &[TwinScore], forget_before_unix_s: f64) -> Result<(), StoreError> {
                let mut conn = self.pool.acquire().await?;
                let written = async {
                    let mut tx = conn.begin().await?;
                    for chunk in scores.chunks(CHUNK) {
                        let mut qb = QueryBuilder::<$db>::new(
                            "INSERT INTO twin_scores (checkpoint, horizon_min, at_unix_s, error_s, persistence_error_s) ",
                        );
                        qb.push_values(chunk, |mut b, s| {
                            b.push_bind(checkpoint)
                                .push_bind(i64::from(s.horizon_min))
                                .push_bind(s.at_unix_s)
                                .push_bind(s.error_s)
                                .push_bind(s.persistence_error_s);
                        });
                        qb.build().execute(&mut *tx).await?;
                    }
                    let mut qb = QueryBuilder::<$db>::new("DELETE FROM twin_scores WHERE checkpoint = ");
                    qb.push_bind(checkpoint).push(" AND at_unix_s < ").push_bind(forget_before_unix_s);
                    qb.build().execute(&mut *tx).await?;
                    tx.commit().await?;
                    Ok::<_, StoreError>(())
                }
                .await;
                discard_on_error(conn, written).await
            }

            async fn twin_scores(&self, checkpoint: &str, since_unix_s: f64) -> Result<Vec<TwinScore>, StoreError> {
                let mut qb = QueryBuilder::<$db>::new(
                    "SELECT horizon_min, at_unix_s, error_s, persistence_error_s FROM twin_scores WHERE checkpoint = ",
                );
                qb.push_bind(checkpoint).push(" AND at_unix_s >= ").push_bind(since_unix_s).push(" ORDER BY at_unix_s");
                let rows = qb.build().fetch_all(&self.pool).await?;
                rows.iter()
                    .map(|r| {
                        let horizon: i64 = r.try_get(0)?;
                        let horizon_min =
                            u32::try_from(horizon).map_err(|_| StoreError::Corrupt(format!("twin score horizon {horizon}")))?;
                        Ok(TwinScore { horizon_min, at_unix_s: r.try_get(1)?, error_s: r.try_get(2)?, persistence_error_s: r.try_get(3)? })
                    })
                    .collect()
            }
        }
    };
}

twin_score_store!(SqliteStore, Sqlite);
twin_score_store!(PostgresStore, Postgres);
