//! Reads and commands: the live picture, statistics, lane open/close, health
//! and metrics.

use std::fmt::Write as _;
use std::sync::atomic::Ordering;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use borderflow_core::event::LaneChange;
use borderflow_core::{Event, EventBody, Id};
use borderflow_live::Snapshot;
use borderflow_store::{Bucket, Dim, StatsQuery, StatsRow};
use jiff::Timestamp;
use serde::Deserialize;

use crate::auth::{Principal, READERS, Role};
use crate::error::{ApiError, ApiQuery};
use crate::state::{AppState, BUCKETS, LATENCY_BUCKETS_MS, LaneCommand};
use crate::twin::TwinAnswer;

/// The live picture now.
#[utoipa::path(get, path = "/api/v1/live", tag = "live", responses((status = 200, description = "Queues, lanes, today's totals and active alerts per checkpoint", body = Object)), security(("bearer" = [])))]
pub async fn live(State(state): State<AppState>, who: Principal) -> Result<Json<Snapshot>, ApiError> {
    who.require(READERS, "read the live picture")?;
    let now = state.clock.now();
    Ok(Json(state.live.lock().expect("not poisoned").snapshot(now)))
}

/// Statistics query parameters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct StatsParams {
    /// Checkpoint (optional when the server carries one).
    pub checkpoint: Option<String>,
    /// Start: RFC 3339 instant, or a local date `YYYY-MM-DD`.
    pub from: String,
    /// End (exclusive): RFC 3339 instant, or a local date.
    pub to: String,
    /// `15m`, `hour` (default), `day`, `month` or `total`.
    pub bucket: Option<String>,
    /// Comma-separated breakdown: `direction`, `category`, `lane_kind`.
    pub by: Option<String>,
}

fn instant(state: &AppState, checkpoint: &str, param: &str, value: &str) -> Result<Timestamp, ApiError> {
    if let Ok(t) = value.parse::<Timestamp>() {
        return Ok(t);
    }
    let date: jiff::civil::Date = value
        .parse()
        .map_err(|_| ApiError::BadRequest(format!("`{param}`: `{value}` is neither an RFC 3339 instant nor a date YYYY-MM-DD")))?;
    date.to_zoned(state.layout.time_zone(checkpoint)).map(|z| z.timestamp()).map_err(|e| ApiError::BadRequest(format!("`{param}`: {e}")))
}

/// The one configured checkpoint, or the one asked for.
pub(crate) fn checkpoint_param(state: &AppState, asked: Option<&str>) -> Result<String, ApiError> {
    match asked {
        Some(c) if state.scenario(c).is_some() => Ok(c.to_owned()),
        Some(c) => Err(ApiError::NotFound(format!("`checkpoint`: `{c}` is not configured"))),
        None if state.scenarios.len() == 1 => Ok(state.scenarios[0].checkpoint.to_string()),
        None => Err(ApiError::BadRequest("`checkpoint` is required: this server carries several".into())),
    }
}

/// Counts and waits per bucket from the rollups.
#[utoipa::path(get, path = "/api/v1/stats", tag = "stats", params(StatsParams),
    responses((status = 200, description = "Rows per bucket (and breakdown)", body = Object), (status = 400, description = "A parameter is wrong; the message names it")),
    security(("bearer" = [])))]
pub async fn stats(
    State(state): State<AppState>,
    who: Principal,
    ApiQuery(p): ApiQuery<StatsParams>,
) -> Result<Json<Vec<StatsRow>>, ApiError> {
    who.require(READERS, "read statistics")?;
    let checkpoint = checkpoint_param(&state, p.checkpoint.as_deref())?;
    who.require_checkpoint(&checkpoint).map_err(ApiError::Forbidden)?;
    let bucket = match p.bucket.as_deref().unwrap_or("hour") {
        "15m" => Bucket::Quarter,
        "hour" => Bucket::Hour,
        "day" => Bucket::Day,
        "month" => Bucket::Month,
        "total" => Bucket::Total,
        other => return Err(ApiError::BadRequest(format!("`bucket`: `{other}` is not 15m, hour, day, month or total"))),
    };
    let mut by = Vec::new();
    for d in p.by.as_deref().unwrap_or("").split(',').map(str::trim).filter(|d| !d.is_empty()) {
        by.push(match d {
            "direction" => Dim::Direction,
            "category" => Dim::Category,
            "lane_kind" => Dim::LaneKind,
            other => return Err(ApiError::BadRequest(format!("`by`: `{other}` is not direction, category or lane_kind"))),
        });
    }
    let from = instant(&state, &checkpoint, "from", &p.from)?;
    let to = instant(&state, &checkpoint, "to", &p.to)?;
    Ok(Json(state.store.stats(&StatsQuery { checkpoint, from, to, bucket, by }).await?))
}

/// Lane statistics parameters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct LaneStatsParams {
    /// Checkpoint (optional when the server carries one).
    pub checkpoint: Option<String>,
    /// First local day, `YYYY-MM-DD`.
    pub from: String,
    /// Day after the last, `YYYY-MM-DD`.
    pub to: String,
}

/// Throughput per lane and officer over local days (the station tracks 2,000+ per inspector per day).
#[utoipa::path(get, path = "/api/v1/stats/lanes", tag = "stats", params(LaneStatsParams),
    responses((status = 200, description = "Per lane and officer: services, outcomes, seconds serving", body = Object), (status = 400, description = "A parameter is wrong; the message names it")),
    security(("bearer" = [])))]
pub async fn lane_stats(
    State(state): State<AppState>,
    who: Principal,
    ApiQuery(p): ApiQuery<LaneStatsParams>,
) -> Result<Json<Vec<borderflow_store::LaneRow>>, ApiError> {
    who.require(READERS, "read statistics")?;
    let checkpoint = checkpoint_param(&state, p.checkpoint.as_deref())?;
    who.require_checkpoint(&checkpoint).map_err(ApiError::Forbidden)?;
    for (name, v) in [("from", &p.from), ("to", &p.to)] {
        v.parse::<jiff::civil::Date>().map_err(|_| ApiError::BadRequest(format!("`{name}`: `{v}` is not a date YYYY-MM-DD")))?;
    }
    Ok(Json(state.store.lane_stats(&checkpoint, &p.from, &p.to).await?))
}

/// Lane command parameters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct LaneParams {
    /// Checkpoint (optional when the lane id is unique).
    pub checkpoint: Option<String>,
}

/// Opens or closes a lane: records the event and tells whoever runs the lanes.
#[utoipa::path(post, path = "/api/v1/lanes/{id}/{action}", tag = "lanes",
    params(("id" = String, Path, description = "Lane id"), ("action" = String, Path, description = "`open` or `close`"), LaneParams),
    responses((status = 200, description = "The recorded event", body = Object), (status = 403, description = "Only supervisors and admins"), (status = 404, description = "No such lane")),
    security(("bearer" = [])))]
pub async fn lane_command(
    State(state): State<AppState>,
    who: Principal,
    Path((lane, action)): Path<(String, String)>,
    ApiQuery(p): ApiQuery<LaneParams>,
) -> Result<Json<Event>, ApiError> {
    who.require(&[Role::Supervisor, Role::Admin], "open or close lanes")?;
    let open = match action.as_str() {
        "open" => true,
        "close" => false,
        other => return Err(ApiError::NotFound(format!("`{other}`: use /open or /close"))),
    };
    let candidates: Vec<_> = state
        .scenarios
        .iter()
        .filter(|s| s.lane_index(&lane).is_some() && p.checkpoint.as_deref().is_none_or(|c| s.checkpoint == *c))
        .collect();
    let s = match candidates.as_slice() {
        [one] => *one,
        [] => {
            return Err(ApiError::NotFound(format!(
                "no lane `{lane}`{}",
                p.checkpoint.map(|c| format!(" at checkpoint `{c}`")).unwrap_or_default()
            )));
        }
        _ => return Err(ApiError::BadRequest(format!("lane `{lane}` exists at several checkpoints: add ?checkpoint="))),
    };
    who.require_checkpoint(s.checkpoint.as_str()).map_err(ApiError::Forbidden)?;
    let change = LaneChange {
        lane: Id::new(lane.clone()).map_err(|e| ApiError::BadRequest(format!("lane: {e}")))?,
        officer: None,
        by: Id::new(who.by()).ok(),
    };
    let body = if open { EventBody::LaneOpened(change) } else { EventBody::LaneClosed(change) };
    let ev = Event { id: uuid::Uuid::now_v7(), at: state.clock.now(), checkpoint: s.checkpoint.clone(), body };
    state.accept(std::slice::from_ref(&ev)).await?;
    let _ = state.commands.send(LaneCommand { checkpoint: s.checkpoint.to_string(), lane, open });
    Ok(Json(ev))
}

/// Liveness and store health (no token: for load balancers).
#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, description = "ok"),
    (status = 503, description = "Degraded: the store does not answer, or the last write failed (say a full disk) and none has succeeded since", body = crate::error::ErrorBody)))]
pub async fn healthz(State(state): State<AppState>) -> Result<&'static str, ApiError> {
    state.store.ping().await?;
    if let Some(e) = state.write_failure.lock().expect("not poisoned").clone() {
        return Err(ApiError::Degraded(format!("degraded: writes to the store are failing ({e})")));
    }
    Ok("ok\n")
}

fn histogram(
    out: &mut String,
    name: &str,
    help: &str,
    buckets: &[std::sync::atomic::AtomicU64; BUCKETS],
    sum_us: &std::sync::atomic::AtomicU64,
) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} histogram");
    let mut cum = 0;
    for (i, le) in LATENCY_BUCKETS_MS.iter().map(|ms| format!("{}", ms / 1e3)).chain(["+Inf".to_string()]).enumerate() {
        cum += buckets[i].load(Ordering::Relaxed);
        let _ = writeln!(out, "{name}_bucket{{le=\"{le}\"}} {cum}");
    }
    let _ = writeln!(out, "{name}_sum {}\n{name}_count {cum}", sum_us.load(Ordering::Relaxed) as f64 / 1e6);
}

/// Prometheus text format.
#[utoipa::path(get, path = "/metrics", tag = "operations", responses((status = 200, description = "Prometheus text exposition", content_type = "text/plain")), security(("bearer" = [])))]
pub async fn metrics(State(state): State<AppState>, who: Principal) -> Result<impl IntoResponse, ApiError> {
    who.require(READERS, "read metrics")?;
    let m = &state.metrics;
    let mut out = String::new();
    let counter = |out: &mut String, name: &str, help: &str, v: u64| {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter\n{name} {v}");
    };
    counter(&mut out, "borderflow_ingest_requests_total", "Ingest requests.", m.requests.load(Ordering::Relaxed));
    counter(&mut out, "borderflow_events_received_total", "Events received.", m.received.load(Ordering::Relaxed));
    counter(&mut out, "borderflow_events_stored_total", "Events newly stored.", m.stored.load(Ordering::Relaxed));
    counter(&mut out, "borderflow_events_duplicate_total", "Events already stored (retries).", m.duplicates.load(Ordering::Relaxed));
    counter(&mut out, "borderflow_events_rejected_total", "Events refused as invalid.", m.rejected.load(Ordering::Relaxed));
    counter(&mut out, "borderflow_rollup_days_rebuilt_total", "Rollup days rebuilt.", m.rollups.load(Ordering::Relaxed));
    counter(
        &mut out,
        "borderflow_webhook_messages_lost_total",
        "Webhook messages the store refused to queue.",
        m.webhooks_lost.load(Ordering::Relaxed),
    );
    histogram(&mut out, "borderflow_ingest_seconds", "Ingest request latency (durable acknowledgement).", &m.latency, &m.latency_sum_us);
    histogram(
        &mut out,
        "borderflow_event_to_stream_seconds",
        "From an event's acknowledgement to the live-stream message carrying it.",
        &m.to_stream,
        &m.to_stream_sum_us,
    );
    histogram(
        &mut out,
        "borderflow_twin_seconds",
        "One twin refresh: every checkpoint's outlook, its whole-hall advice search and track record.",
        &m.twin,
        &m.twin_sum_us,
    );
    let _ = writeln!(
        out,
        "# HELP borderflow_live_streams Open live streams.\n# TYPE borderflow_live_streams gauge\nborderflow_live_streams {}",
        m.streams.load(Ordering::Relaxed)
    );
    counter(
        &mut out,
        "borderflow_log_followed_total",
        "Events read from the shared log (several servers on one store).",
        m.followed.load(Ordering::Relaxed),
    );
    let _ = writeln!(
        out,
        "# HELP borderflow_once_work Whether this server does the once-only work (1: alone, or the lease holder).\n# TYPE borderflow_once_work gauge\nborderflow_once_work {}",
        u8::from(state.once.load(Ordering::Relaxed))
    );
    let snap = state.live.lock().expect("not poisoned").snapshot(state.clock.now());
    let _ = writeln!(out, "# HELP borderflow_queue_length People in each queue.\n# TYPE borderflow_queue_length gauge");
    for cp in &snap.checkpoints {
        for q in &cp.queues {
            let _ = writeln!(out, "borderflow_queue_length{{checkpoint=\"{}\",queue=\"{}\"}} {}", cp.id, q.id, q.length);
        }
    }
    let _ = writeln!(
        out,
        "# HELP borderflow_queue_estimated_wait_seconds Estimated wait of a traveller joining now.\n# TYPE borderflow_queue_estimated_wait_seconds gauge"
    );
    for cp in &snap.checkpoints {
        for q in &cp.queues {
            let v = q.estimated_wait_s.map_or("+Inf".to_string(), |w| format!("{w:.1}"));
            let _ = writeln!(out, "borderflow_queue_estimated_wait_seconds{{checkpoint=\"{}\",queue=\"{}\"}} {v}", cp.id, q.id);
        }
    }
    let _ = writeln!(out, "# HELP borderflow_alerts_active Active alerts.\n# TYPE borderflow_alerts_active gauge");
    for cp in &snap.checkpoints {
        let _ = writeln!(out, "borderflow_alerts_active{{checkpoint=\"{}\"}} {}", cp.id, cp.alerts.len());
    }
    Ok(([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], out))
}

/// The digital twin: the simulator run 2 hours ahead from the live picture.
/// The server refreshes it in the background (every minute by default); the
/// first call before that computes it.
#[utoipa::path(get, path = "/api/v1/twin", tag = "live", responses((status = 200, description = "Per checkpoint: predicted waits per queue over 2 hours with a band, first breach of the standard, whole-hall advice (ranked actions, their effects, the outlook with them applied, any shortfall), and the track record (last 24 h per horizon, and per quarter-hour)", body = Object)), security(("bearer" = [])))]
pub async fn twin(State(state): State<AppState>, who: Principal) -> Result<Json<Vec<TwinAnswer>>, ApiError> {
    who.require(READERS, "read the twin's outlook")?;
    let cached = state.twin.lock().expect("not poisoned").clone();
    if !cached.is_empty() {
        return Ok(Json(cached));
    }
    Ok(Json(crate::twin::refresh(&state).await.map_err(|e| ApiError::Internal(format!("twin: {e}")))?))
}
