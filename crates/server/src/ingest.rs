//! `POST /api/v1/events`: a batch of events, stored durably before the answer,
//! each bad one refused by index, field and reason without losing the rest.

use std::sync::atomic::Ordering;
use std::time::Instant;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use borderflow_core::{Event, EventBody, EventError, Scenario};
use borderflow_store::Appended;
use serde::Serialize;
use serde_json::Value;

use crate::auth::{Principal, Role};
use crate::error::ApiError;
use crate::state::{AppState, LaneCommand};

/// Most events in one request.
pub const MAX_BATCH: usize = 10_000;

/// One refused event.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Refused {
    /// Position in the batch (0-based; for JSON lines, the line's index among non-empty lines).
    pub index: usize,
    /// The offending field (`""`: the event as a whole).
    pub field: String,
    /// What is wrong.
    pub reason: String,
}

/// The answer to a batch.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct IngestReport {
    /// Events in the request.
    pub received: usize,
    /// Newly stored (durable).
    pub stored: usize,
    /// Indices already stored before (by id): nothing written, safe to forget.
    pub duplicates: Vec<usize>,
    /// Indices refused, with why. Everything not listed here was stored or was a duplicate.
    pub rejected: Vec<Refused>,
}

fn refuse(index: usize, e: EventError) -> Refused {
    Refused { index, field: e.field, reason: e.reason }
}

/// Checks an event against its checkpoint's layout, the caller's rights and
/// the clock (`latest`: the latest time an event may carry).
fn check(ev: &Event, s: Option<&Scenario>, who: &Principal, latest: jiff::Timestamp, desk_passwords: bool) -> Result<(), (String, String)> {
    let bad = |f: &str, r: String| Err((f.to_owned(), r));
    if ev.at > latest {
        return bad("at", format!("{} is in the future: the server accepts events dated up to {latest}; check the device's clock", ev.at));
    }
    let Some(s) = s else {
        return bad("checkpoint", format!("checkpoint `{}` is not configured on this server", ev.checkpoint));
    };
    if let Err(r) = who.require_checkpoint(ev.checkpoint.as_str()) {
        return bad("checkpoint", r);
    }
    // A guide's handheld (an officer's token) reports head counts, nothing else.
    if who.role == Role::Officer && !matches!(ev.body, EventBody::QueueCount { .. }) {
        return bad("kind", format!("an officer's token may post only head counts (`queue_count`), not `{}`", ev.body.kind()));
    }
    if who.role == Role::Device {
        if desk_passwords && matches!(ev.body, EventBody::OfficerOn(_)) {
            return bad(
                "kind",
                "this station signs officers in at desks with their password (POST /api/v1/desk/officer), not by id alone".into(),
            );
        }
        match (ev.body.lane(), &who.lane) {
            (Some(lane), Some(mine)) if lane.as_str() != mine => {
                return bad("lane", format!("this device may post only for lane `{mine}`, not `{lane}`"));
            }
            (None, Some(mine)) => {
                return bad("kind", format!("the device of lane `{mine}` may post only lane events, not `{}`", ev.body.kind()));
            }
            (Some(lane), None) => return bad("lane", format!("this sensor token has no lane and may not post for lane `{lane}`")),
            _ => {}
        }
    }
    if let Some(lane) = ev.body.lane()
        && s.lane_index(lane.as_str()).is_none()
    {
        return bad("lane", format!("no lane `{lane}` at checkpoint `{}`", s.checkpoint));
    }
    match &ev.body {
        EventBody::QueueJoined { direction, category, queue, .. } => {
            let Some(q) = s.queue_index(queue.as_str()) else {
                return bad("queue", format!("no queue `{queue}` at checkpoint `{}`", s.checkpoint));
            };
            if s.queues[q].direction != *direction {
                return bad("direction", format!("queue `{queue}` is for `{}`, not `{direction}`", s.queues[q].direction));
            }
            if s.category_index(category.as_str()).is_none() {
                return bad("category", format!("no category `{category}` at checkpoint `{}`", s.checkpoint));
            }
        }
        EventBody::ServiceStarted { category: Some(category), .. } if s.category_index(category.as_str()).is_none() => {
            return bad("category", format!("no category `{category}` at checkpoint `{}`", s.checkpoint));
        }
        EventBody::QueueCount { queue, .. } if s.queue_index(queue.as_str()).is_none() => {
            return bad("queue", format!("no queue `{queue}` at checkpoint `{}`", s.checkpoint));
        }
        // Their steps must follow one another: only the instructions API records them.
        EventBody::Instruction(_) => return bad("kind", "instruction steps are recorded through /api/v1/instructions, not posted".into()),
        _ => {}
    }
    Ok(())
}

/// Splits a body into values: a JSON array, or JSON lines. A line that is not
/// JSON becomes an error for its index, not for the batch.
fn parse_body(body: &[u8]) -> Result<Vec<Result<Value, String>>, ApiError> {
    let text = std::str::from_utf8(body).map_err(|e| ApiError::BadRequest(format!("the body is not UTF-8 (byte {})", e.valid_up_to())))?;
    // Some editors and Windows tools start UTF-8 with a byte-order mark: it is not part of the JSON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') {
        let values: Vec<Value> = serde_json::from_str(trimmed)
            .map_err(|e| ApiError::BadRequest(format!("the JSON array does not parse at line {}, column {}: {e}", e.line(), e.column())))?;
        return Ok(values.into_iter().map(Ok).collect());
    }
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_str::<Value>(l).map_err(|e| format!("not JSON (column {}): {e}", e.column())))
        .collect())
}

/// Ingests a batch of events.
#[utoipa::path(post, path = "/api/v1/events", tag = "events",
    request_body(content = Vec<Object>, description = "A JSON array of events, or JSON lines (one event per line), at most 10,000", content_type = "application/json"),
    responses(
        (status = 200, description = "Per-event outcome; stored events are durable", body = IngestReport),
        (status = 400, description = "The body is not a JSON array or JSON lines", body = crate::error::ErrorBody),
        (status = 401, description = "No valid token"), (status = 403, description = "Role may not post events"),
        (status = 413, description = "More than 10,000 events, or a body over 32 MiB", body = crate::error::ErrorBody),
        (status = 422, description = "Every event refused", body = IngestReport),
        (status = 503, description = "Store unavailable: nothing acknowledged", body = crate::error::ErrorBody),
        (status = 507, description = "The disk is full: nothing acknowledged; retry once space is freed", body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn post_events(State(state): State<AppState>, who: Principal, body: Bytes) -> Result<(StatusCode, Json<IngestReport>), ApiError> {
    who.require(&[Role::Device, Role::Officer, Role::Admin], "post events")?;
    let started = Instant::now();
    let values = parse_body(&body)?;
    if values.len() > MAX_BATCH {
        return Err(ApiError::TooLarge(format!("{} events in one request; at most {MAX_BATCH}", values.len())));
    }
    let latest = state.clock.now() + state.future_margin;
    let mut rejected = Vec::new();
    let mut good: Vec<Event> = Vec::with_capacity(values.len());
    let mut good_index = Vec::with_capacity(values.len());
    for (i, v) in values.iter().enumerate() {
        let ev = match v {
            Err(reason) => {
                rejected.push(Refused { index: i, field: String::new(), reason: reason.clone() });
                continue;
            }
            Ok(v) => match Event::from_json(v) {
                Ok(ev) => ev,
                Err(e) => {
                    rejected.push(refuse(i, e));
                    continue;
                }
            },
        };
        match check(&ev, state.scenario(ev.checkpoint.as_str()), &who, latest, state.desk_passwords) {
            Ok(()) => {
                good.push(ev);
                good_index.push(i);
            }
            Err((field, reason)) => rejected.push(Refused { index: i, field, reason }),
        }
    }
    let answers = state.accept(&good).await?;
    if who.role == Role::Device {
        // A desk terminal opening or closing its lane is a command to whoever runs the lanes (the demo's hall), as a supervisor's is.
        for (ev, _) in good.iter().zip(&answers).filter(|(_, a)| **a == Appended::Stored) {
            let (EventBody::LaneOpened(c) | EventBody::LaneClosed(c)) = &ev.body else { continue };
            let open = matches!(ev.body, EventBody::LaneOpened(_));
            let _ = state.commands.send(LaneCommand { checkpoint: ev.checkpoint.to_string(), lane: c.lane.to_string(), open });
        }
    }
    let duplicates: Vec<usize> = answers.iter().zip(&good_index).filter(|(a, _)| **a == Appended::Duplicate).map(|(_, &i)| i).collect();
    let stored = good.len() - duplicates.len();
    let m = &state.metrics;
    m.requests.fetch_add(1, Ordering::Relaxed);
    m.received.fetch_add(values.len() as u64, Ordering::Relaxed);
    m.stored.fetch_add(stored as u64, Ordering::Relaxed);
    m.duplicates.fetch_add(duplicates.len() as u64, Ordering::Relaxed);
    m.rejected.fetch_add(rejected.len() as u64, Ordering::Relaxed);
    m.observe(started.elapsed().as_secs_f64());
    let status = if good.is_empty() && !values.is_empty() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, Json(IngestReport { received: values.len(), stored, duplicates, rejected })))
}
