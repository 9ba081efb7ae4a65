//! `GET /api/v1/live/stream`: server-sent events. A full `snapshot` on
//! connect and after a lag, then `delta`s (only the queues and lanes that
//! changed, at most five a second, only when something changed), `alert`
//! changes and `instruction` steps as they happen. A stream that falls
//! behind gets a fresh snapshot and every unanswered instruction again.
//! Streams end on shutdown.

use std::convert::Infallible;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event as Sse, KeepAlive, Sse as SseResponse};
use futures_util::StreamExt;
use tokio_stream::Stream;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;

use crate::auth::{Principal, READERS};
use crate::error::ApiError;
use crate::state::AppState;

fn snapshot_event(state: &AppState) -> Sse {
    let snap = state.live.lock().expect("not poisoned").snapshot(state.clock.now());
    Sse::default().event("snapshot").data(serde_json::to_string(&snap).expect("snapshots serialise"))
}

fn unanswered_instructions(state: &AppState) -> Vec<Sse> {
    let book = state.instructions.lock().expect("not poisoned");
    book.list(None)
        .into_iter()
        .filter(|i| i.state.unanswered())
        .map(|i| Sse::default().event("instruction").data(serde_json::to_string(i).expect("instructions serialise")))
        .collect()
}

struct Gauge(std::sync::Arc<crate::state::Metrics>);

impl Drop for Gauge {
    fn drop(&mut self) {
        self.0.streams.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The live stream.
#[utoipa::path(get, path = "/api/v1/live/stream", tag = "live", responses((status = 200, description = "text/event-stream of `snapshot`, `delta` and `alert` events", content_type = "text/event-stream")), security(("bearer" = [])))]
pub async fn stream(
    State(state): State<AppState>,
    who: Principal,
) -> Result<SseResponse<impl Stream<Item = Result<Sse, Infallible>>>, ApiError> {
    who.require(READERS, "read the live stream")?;
    state.metrics.streams.fetch_add(1, Ordering::Relaxed);
    let gauge = Gauge(state.metrics.clone());
    let first = snapshot_event(&state);
    let lag_state = state.clone();
    let updates = BroadcastStream::new(state.updates.subscribe()).flat_map(move |m| {
        let _ = &gauge;
        let events = match m {
            Ok(u) => vec![Sse::default().event(u.kind).data(u.json.as_str())],
            // Fell behind: start again from a full picture, and every
            // instruction still awaiting an answer (the ones it may have
            // missed: a terminal must not lose an order).
            Err(BroadcastStreamRecvError::Lagged(_)) => {
                let mut v = vec![snapshot_event(&lag_state)];
                v.extend(unanswered_instructions(&lag_state));
                v
            }
        };
        futures_util::stream::iter(events.into_iter().map(Ok))
    });
    let mut shutdown = state.shutdown.clone();
    let ended = async move {
        let _ = shutdown.wait_for(|&s| s).await;
    };
    let s = futures_util::stream::once(async { Ok(first) }).chain(updates).take_until(ended);
    Ok(SseResponse::new(s).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}
