//! The rollups in the database and the statistics read from them: which
//! local days are out of date, writing a day's rollups whole, and the
//! dashboard's and reports' queries. (What a day's rollup holds is worked
//! out, without I/O, in [`crate::rollup`].) A part of every store.

use async_trait::async_trait;
use jiff::Timestamp;
use serde::Serialize;
use sqlx::{Connection, Postgres, QueryBuilder, Row, Sqlite};

use crate::StoreError;
use crate::rollup::{BUCKET_US, DayRollup, LaneRow, Measures};
use crate::sql::{CHUNK, PostgresStore, SqliteStore, discard_on_error, micros, rfc3339};

/// A local day whose rollups are out of date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirtyDay {
    /// Checkpoint.
    pub checkpoint: String,
    /// Local day, `YYYY-MM-DD`.
    pub day: String,
    /// Bumped by every append to the day.
    pub generation: i64,
}

/// Time buckets for statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    /// 15 minutes.
    #[serde(rename = "15m")]
    Quarter,
    /// An hour.
    Hour,
    /// A local day.
    Day,
    /// A local month.
    Month,
    /// The whole range.
    Total,
}

/// Dimensions to break statistics down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dim {
    /// Entry or exit.
    Direction,
    /// Traveller category.
    Category,
    /// Manual desk or e-gate.
    LaneKind,
}

/// A statistics query.
#[derive(Debug, Clone, PartialEq)]
pub struct StatsQuery {
    /// Checkpoint.
    pub checkpoint: String,
    /// From (inclusive). For day, month and total buckets, its local day.
    pub from: Timestamp,
    /// To (exclusive). For day, month and total buckets, its local day (exclusive).
    pub to: Timestamp,
    /// Bucket size.
    pub bucket: Bucket,
    /// Breakdown.
    pub by: Vec<Dim>,
}

/// One row of statistics.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
pub struct StatsRow {
    /// Bucket: RFC 3339 start (15m, hour), `YYYY-MM-DD`, `YYYY-MM` or `all`.
    pub bucket: String,
    /// Direction, if broken down by it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub direction: Option<String>,
    /// Category, if broken down by it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub category: Option<String>,
    /// Lane kind, if broken down by it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub lane_kind: Option<String>,
    /// The figures.
    #[serde(flatten)]
    pub m: Measures,
}

/// Rollups and the statistics read from them.
#[async_trait]
pub trait RollupStore: Send + Sync {
    /// Days whose rollups are out of date.
    async fn dirty_days(&self) -> Result<Vec<DirtyDay>, StoreError>;
    /// Replaces a day's rollups; clears its dirty mark unless appended to since.
    async fn write_rollups(&self, day: &DirtyDay, rollup: &DayRollup) -> Result<(), StoreError>;
    /// Statistics from the rollups.
    async fn stats(&self, q: &StatsQuery) -> Result<Vec<StatsRow>, StoreError>;
    /// Per lane and officer over local days `from_day ≤ day < to_day` (`YYYY-MM-DD`).
    async fn lane_stats(&self, checkpoint: &str, from_day: &str, to_day: &str) -> Result<Vec<LaneRow>, StoreError>;
}

const MEASURES: &str = "arrivals, cleared, referred, refused, waits, wait_sum_s, wait_max_s, h0, h1, h2, h3, h4, h5, h6, h7";

fn sum_measures() -> String {
    let ints = ["arrivals", "cleared", "referred", "refused", "waits", "h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7"];
    let mut s: Vec<String> = ints.iter().map(|c| format!("CAST(SUM({c}) AS BIGINT) AS {c}")).collect();
    s.insert(5, "SUM(wait_sum_s) AS wait_sum_s".into());
    s.insert(6, "MAX(wait_max_s) AS wait_max_s".into());
    s.join(", ")
}

fn measures_from<R: Row>(r: &R, at: usize) -> Result<Measures, sqlx::Error>
where
    usize: sqlx::ColumnIndex<R>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> f64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    let mut hist = [0i64; 8];
    for (k, h) in hist.iter_mut().enumerate() {
        *h = r.try_get(at + 7 + k)?;
    }
    Ok(Measures {
        arrivals: r.try_get(at)?,
        cleared: r.try_get(at + 1)?,
        referred: r.try_get(at + 2)?,
        refused: r.try_get(at + 3)?,
        waits: r.try_get(at + 4)?,
        wait_sum_s: r.try_get(at + 5)?,
        wait_max_s: r.try_get(at + 6)?,
        hist,
    })
}

macro_rules! rollup_store {
    ($store:ty, $db:ty) => {
        #[async_trait]
        impl RollupStore for $store {
            async fn dirty_days(&self) -> Result<Vec<DirtyDay>, StoreError> {
                let rows = sqlx::query("SELECT checkpoint, day, generation FROM dirty_days ORDER BY checkpoint, day")
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(|r| Ok(DirtyDay { checkpoint: r.try_get(0)?, day: r.try_get(1)?, generation: r.try_get(2)? })).collect()
            }

            async fn write_rollups(&self, d: &DirtyDay, rollup: &DayRollup) -> Result<(), StoreError> {
                let mut conn = self.pool.acquire().await?;
                let written = async {
                let mut tx = conn.begin().await?;
                let mut qb = QueryBuilder::<$db>::new("DELETE FROM rollup_lane_day WHERE checkpoint = ");
                qb.push_bind(&d.checkpoint).push(" AND day = ").push_bind(&d.day);
                qb.build().execute(&mut *tx).await?;
                for chunk in rollup.lanes.chunks(CHUNK / 4) {
                    let mut qb = QueryBuilder::<$db>::new("INSERT INTO rollup_lane_day (checkpoint, day, lane, officer, services, cleared, referred, refused, service_s_sum) ");
                    qb.push_values(chunk, |mut b, r| {
                        b.push_bind(r.checkpoint.clone())
                            .push_bind(r.day.clone())
                            .push_bind(r.lane.clone())
                            .push_bind(r.officer.clone())
                            .push_bind(r.services)
                            .push_bind(r.cleared)
                            .push_bind(r.referred)
                            .push_bind(r.refused)
                            .push_bind(r.service_s_sum);
                    });
                    qb.build().execute(&mut *tx).await?;
                }
                for (table, rows) in [("rollup_15m", &rollup.quarters), ("rollup_day", &rollup.days)] {
                    let mut qb = QueryBuilder::<$db>::new(format!("DELETE FROM {table} WHERE checkpoint = "));
                    qb.push_bind(&d.checkpoint).push(" AND day = ").push_bind(&d.day);
                    qb.build().execute(&mut *tx).await?;
                    for chunk in rows.chunks(CHUNK / 4) {
                        let mut qb = QueryBuilder::<$db>::new(format!(
                            "INSERT INTO {table} (checkpoint, day, bucket_us, direction, category, lane_kind, {MEASURES}) "
                        ));
                        qb.push_values(chunk, |mut b, r| {
                            b.push_bind(r.checkpoint.clone())
                                .push_bind(r.day.clone())
                                .push_bind(r.bucket_us)
                                .push_bind(r.direction.clone())
                                .push_bind(r.category.clone())
                                .push_bind(r.lane_kind.clone())
                                .push_bind(r.m.arrivals)
                                .push_bind(r.m.cleared)
                                .push_bind(r.m.referred)
                                .push_bind(r.m.refused)
                                .push_bind(r.m.waits)
                                .push_bind(r.m.wait_sum_s)
                                .push_bind(r.m.wait_max_s);
                            for h in r.m.hist {
                                b.push_bind(h);
                            }
                        });
                        qb.build().execute(&mut *tx).await?;
                    }
                }
                let mut qb = QueryBuilder::<$db>::new("DELETE FROM dirty_days WHERE checkpoint = ");
                qb.push_bind(&d.checkpoint).push(" AND day = ").push_bind(&d.day).push(" AND generation = ").push_bind(d.generation);
                qb.build().execute(&mut *tx).await?;
                tx.commit().await?;
                Ok::<_, StoreError>(())
                }
                .await;
                discard_on_error(conn, written).await
            }

            async fn stats(&self, q: &StatsQuery) -> Result<Vec<StatsRow>, StoreError> {
                if q.from >= q.to {
                    return Err(StoreError::Invalid(format!("`from` ({}) must be before `to` ({})", q.from, q.to)));
                }
                let daily = matches!(q.bucket, Bucket::Day | Bucket::Month | Bucket::Total);
                let key = match q.bucket {
                    Bucket::Quarter => format!("CAST(bucket_us / {BUCKET_US} * {BUCKET_US} AS BIGINT)"),
                    Bucket::Hour => "CAST(bucket_us / 3600000000 * 3600000000 AS BIGINT)".to_string(),
                    Bucket::Day => "day".to_string(),
                    Bucket::Month => "substr(day, 1, 7)".to_string(),
                    Bucket::Total => "'all'".to_string(),
                };
                let dims: Vec<&str> = [Dim::Direction, Dim::Category, Dim::LaneKind]
                    .iter()
                    .map(|d| {
                        let col = match d {
                            Dim::Direction => "direction",
                            Dim::Category => "category",
                            Dim::LaneKind => "lane_kind",
                        };
                        if q.by.contains(d) { col } else { "''" }
                    })
                    .collect();
                let mut qb = QueryBuilder::<$db>::new(format!(
                    "SELECT {key} AS b, {} AS d1, {} AS d2, {} AS d3, {} FROM {} WHERE checkpoint = ",
                    dims[0],
                    dims[1],
                    dims[2],
                    sum_measures(),
                    if daily { "rollup_day" } else { "rollup_15m" }
                ));
                qb.push_bind(&q.checkpoint);
                if daily {
                    let from = self.layout.day(&q.checkpoint, q.from);
                    let to = self.layout.day(&q.checkpoint, q.to);
                    qb.push(" AND day >= ").push_bind(from).push(" AND day < ").push_bind(to);
                } else {
                    qb.push(" AND bucket_us >= ").push_bind(micros(q.from)).push(" AND bucket_us < ").push_bind(micros(q.to));
                }
                qb.push(" GROUP BY b, d1, d2, d3 ORDER BY b, d1, d2, d3");
                let rows = qb.build().fetch_all(&self.pool).await?;
                let opt = |s: String, d: Dim| q.by.contains(&d).then_some(s);
                rows.iter()
                    .map(|r| {
                        let bucket = if daily { r.try_get::<String, _>(0)? } else { rfc3339(r.try_get::<i64, _>(0)?) };
                        Ok(StatsRow {
                            bucket,
                            direction: opt(r.try_get(1)?, Dim::Direction),
                            category: opt(r.try_get(2)?, Dim::Category),
                            lane_kind: opt(r.try_get(3)?, Dim::LaneKind),
                            m: measures_from(r, 4)?,
                        })
                    })
                    .collect()
            }

            async fn lane_stats(&self, checkpoint: &str, from_day: &str, to_day: &str) -> Result<Vec<LaneRow>, StoreError> {
                let mut qb = QueryBuilder::<$db>::new(
                    "SELECT lane, officer, CAST(SUM(services) AS BIGINT), CAST(SUM(cleared) AS BIGINT), CAST(SUM(referred) AS BIGINT), \
                     CAST(SUM(refused) AS BIGINT), SUM(service_s_sum) FROM rollup_lane_day WHERE checkpoint = ",
                );
                qb.push_bind(checkpoint).push(" AND day >= ").push_bind(from_day).push(" AND day < ").push_bind(to_day);
                qb.push(" GROUP BY lane, officer ORDER BY lane, officer");
                qb.build()
                    .fetch_all(&self.pool)
                    .await?
                    .iter()
                    .map(|r| {
                        Ok(LaneRow {
                            checkpoint: checkpoint.to_owned(),
                            day: format!("{from_day}..{to_day}"),
                            lane: r.try_get(0)?,
                            officer: r.try_get(1)?,
                            services: r.try_get(2)?,
                            cleared: r.try_get(3)?,
                            referred: r.try_get(4)?,
                            refused: r.try_get(5)?,
                            service_s_sum: r.try_get(6)?,
                        })
                    })
                    .collect()
            }
        }
    };
}

rollup_store!(SqliteStore, Sqlite);
rollup_store!(PostgresStore, Postgres);
