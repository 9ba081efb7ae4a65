//! A day's picture through the day, from the store: each queue's estimated
//! and observed wait, length and lanes open, sampled every few minutes, for
//! today so far (a reload after the surge still shows the surge) or any past
//! day (the date picker, last week's reference, replay). A day that has
//! ended is kept a while ([`PAST_DAY_KEPT`]): it changes only with late
//! events, and replaying a whole day takes seconds.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::State;
use borderflow_live::Hall;
use borderflow_live::history::{DaySeries, day_series};
use jiff::SignedDuration;
use serde::Deserialize;

use crate::auth::{Principal, READERS};
use crate::error::{ApiError, ApiQuery};
use crate::routes::checkpoint_param;
use crate::state::AppState;

/// How long a past day's series is served from memory before it is replayed again (late events show by then).
pub const PAST_DAY_KEPT: Duration = Duration::from_secs(600);
/// How many past days are kept.
const DAYS_KEPT: usize = 32;

/// A day's series is asked for by (checkpoint, day, step in minutes).
type DayKey = (String, String, i64);

/// Past days' series by [`DayKey`], with when each was computed.
#[derive(Debug, Default)]
pub struct HistoryCache(Mutex<HashMap<DayKey, (Instant, Arc<DaySeries>)>>);

impl HistoryCache {
    fn get(&self, key: &DayKey) -> Option<Arc<DaySeries>> {
        let days = self.0.lock().expect("not poisoned");
        days.get(key).filter(|(at, _)| at.elapsed() < PAST_DAY_KEPT).map(|(_, s)| s.clone())
    }

    fn put(&self, key: DayKey, series: Arc<DaySeries>) {
        let mut days = self.0.lock().expect("not poisoned");
        days.retain(|_, (at, _)| at.elapsed() < PAST_DAY_KEPT);
        if days.len() >= DAYS_KEPT
            && let Some(oldest) = days.iter().min_by_key(|(_, (at, _))| *at).map(|(k, _)| k.clone())
        {
            days.remove(&oldest);
        }
        days.insert(key, (Instant::now(), series));
    }
}

/// `GET /api/v1/history` parameters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct HistoryParams {
    /// Checkpoint (optional when the server carries one).
    pub checkpoint: Option<String>,
    /// Local day `YYYY-MM-DD` (default: today at the checkpoint).
    pub date: Option<String>,
    /// Minutes between samples, 1 to 60 (default 5).
    pub step_min: Option<i64>,
}

/// The day's series per queue, from the record.
#[utoipa::path(get, path = "/api/v1/history", tag = "stats", params(HistoryParams),
    responses((status = 200, description = "Sample instants; per queue its length, estimated wait, observed p95 wait and lanes open; lanes open in the hall", body = Object),
        (status = 400, description = "A parameter is wrong, or the day has not begun; the message names it")),
    security(("bearer" = [])))]
pub async fn history(
    State(state): State<AppState>,
    who: Principal,
    ApiQuery(p): ApiQuery<HistoryParams>,
) -> Result<Json<DaySeries>, ApiError> {
    who.require(READERS, "read the history")?;
    let checkpoint = checkpoint_param(&state, p.checkpoint.as_deref())?;
    who.require_checkpoint(&checkpoint).map_err(ApiError::Forbidden)?;
    let step_min = p.step_min.unwrap_or(5);
    if !(1..=60).contains(&step_min) {
        return Err(ApiError::BadRequest(format!("`step_min`: {step_min} is not 1 to 60 minutes")));
    }
    let step = SignedDuration::from_mins(step_min);
    let s = state.scenario(&checkpoint).expect("checked above").clone();
    let now = state.clock.now();
    let day = match p.date {
        Some(d) => {
            d.parse::<jiff::civil::Date>().map_err(|e| ApiError::BadRequest(format!("`date`: `{d}` is not a date YYYY-MM-DD ({e})")))?
        }
        None => now.to_zoned(s.time_zone.clone()).date(),
    };
    let (from, end) = borderflow_store::rollup::day_bounds(&state.layout, &checkpoint, &day.to_string())
        .map_err(|e| ApiError::BadRequest(format!("`date`: {e}")))?;
    if from > now {
        return Err(ApiError::BadRequest(format!("`date`: {day} has not begun at {checkpoint}")));
    }
    let ended = end <= now;
    let key = (checkpoint.clone(), day.to_string(), step_min);
    if let Some(kept) = ended.then(|| state.history.get(&key)).flatten() {
        return Ok(Json((*kept).clone()));
    }
    // Up to the day's last sample, or now.
    let to = (end - SignedDuration::from_secs(1)).min(now);
    let mut events = state.store.lane_history(&checkpoint, from).await?;
    events.extend(state.store.events_between(&checkpoint, from, to + SignedDuration::from_secs(1)).await?);
    let series = tokio::task::spawn_blocking(move || day_series(Hall::from_scenario(&s), &events, from, to, step))
        .await
        .map_err(|e| ApiError::Internal(format!("history: {e}")))?;
    if ended {
        state.history.put(key, Arc::new(series.clone()));
    }
    Ok(Json(series))
}
