//! The day's alerts and their acknowledgement by a supervisor (who, when, a note).

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use borderflow_live::{Alert, AlertAck};
use serde::{Deserialize, Serialize};

use crate::auth::{Principal, Role};
use crate::error::ApiError;
use crate::state::{AppState, Update};

/// One checkpoint's alerts of the day.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DayAlerts {
    /// Checkpoint.
    pub checkpoint: String,
    /// Those that cleared in the last 24 hours, then the active ones; each with its acknowledgement, if any.
    #[schema(value_type = Vec<Object>)]
    pub alerts: Vec<Alert>,
}

/// The day's alerts, acknowledged or not.
#[utoipa::path(get, path = "/api/v1/alerts", tag = "live",
    responses((status = 200, description = "Per checkpoint, the alerts of the last 24 hours: cleared, then active", body = Vec<DayAlerts>)), security(("bearer" = [])))]
pub async fn list(State(state): State<AppState>, who: Principal) -> Result<Json<Vec<DayAlerts>>, ApiError> {
    who.require(&[Role::Viewer, Role::Officer, Role::Supervisor, Role::Admin], "read alerts")?;
    let live = state.live.lock().expect("not poisoned");
    Ok(Json(
        live.alert_history()
            .into_iter()
            .filter(|(c, _)| who.checkpoint.as_deref().is_none_or(|mine| *c == *mine))
            .map(|(c, alerts)| DayAlerts { checkpoint: c.to_string(), alerts })
            .collect(),
    ))
}

/// `POST /api/v1/alerts/ack`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AckAlert {
    /// The alert's id (`khorgos/wait/entry_first_time`).
    pub id: String,
    /// What the supervisor notes (at most 200 bytes).
    #[serde(default)]
    pub note: Option<String>,
}

/// A supervisor acknowledges an active alert; the acknowledgement goes out on the live stream.
#[utoipa::path(post, path = "/api/v1/alerts/ack", tag = "live", request_body = AckAlert,
    responses((status = 200, description = "The alert, acknowledged", body = Object), (status = 403, description = "Only supervisors and admins"),
        (status = 404, description = "No such alert is active", body = crate::error::ErrorBody)), security(("bearer" = [])))]
pub async fn ack(State(state): State<AppState>, who: Principal, Json(a): Json<AckAlert>) -> Result<Json<Alert>, ApiError> {
    who.require(&[Role::Supervisor, Role::Admin], "acknowledge alerts")?;
    let note = a.note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    if note.as_ref().is_some_and(|n| n.len() > 200) {
        return Err(ApiError::BadRequest("`note`: at most 200 bytes".into()));
    }
    if let Some(c) = a.id.split('/').next()
        && let Err(r) = who.require_checkpoint(c)
    {
        return Err(ApiError::Forbidden(r));
    }
    let ack = AlertAck { by: who.by(), at: state.clock.now(), note };
    let change = state.live.lock().expect("not poisoned").acknowledge_alert(&a.id, ack.clone());
    let change = change.ok_or_else(|| ApiError::NotFound(format!("no active alert `{}`", a.id)))?;
    // For the other servers on a shared store (see `apply_acks`).
    let body = serde_json::to_string(&ack).expect("acknowledgements serialise");
    if let Err(e) = state.store.add_ack(&a.id, ack.at.as_microsecond(), &body).await {
        tracing::warn!(error = %e, alert = %a.id, "the acknowledgement could not be kept for the other servers");
    }
    tracing::info!(alert = %change.alert.id, by = %who.by(), "alert acknowledged");
    let json = serde_json::to_string(&change).expect("alerts serialise");
    crate::webhooks::enqueue(&state, crate::webhooks::Kind::Alert, change.alert.checkpoint.as_str(), &json).await;
    save(&state, change.alert.checkpoint.as_str()).await;
    let _ = state.updates.send(Update { kind: "alert", json: Arc::new(json) });
    Ok(Json(change.alert))
}

/// Applies the acknowledgements made through other servers on a shared store
/// (those of the last day; each alert takes only one newer than its raise and
/// its own). Returns how many changed an alert.
pub async fn apply_acks(state: &AppState) -> Result<usize, borderflow_store::StoreError> {
    let since = state.clock.now() - jiff::SignedDuration::from_hours(crate::tasks::REBUILD_HOURS);
    let acks = state.store.acks_since(since.as_microsecond()).await?;
    let mut changes = Vec::new();
    {
        let mut live = state.live.lock().expect("not poisoned");
        for (id, body) in acks {
            let Ok(ack) = serde_json::from_str::<AlertAck>(&body) else {
                tracing::warn!(alert = %id, "a kept acknowledgement does not decode; skipped");
                continue;
            };
            changes.extend(live.acknowledge_alert(&id, ack));
        }
    }
    let once = state.once.load(std::sync::atomic::Ordering::Relaxed);
    for change in &changes {
        let _ = state.updates.send(Update { kind: "alert", json: Arc::new(serde_json::to_string(change).expect("alerts serialise")) });
        if once {
            save(state, change.alert.checkpoint.as_str()).await;
        }
    }
    Ok(changes.len())
}

/// Keeps a checkpoint's alerts in the store (after each change), so that a
/// restart keeps the day's history and its acknowledgements. A failed write
/// is logged: the next change writes the whole book again.
pub async fn save(state: &AppState, checkpoint: &str) {
    let Some(saved) = state.live.lock().expect("not poisoned").saved_alerts(checkpoint) else { return };
    let body = serde_json::to_string(&saved).expect("alerts serialise");
    if let Err(e) = state.store.put_alerts(checkpoint, &body, &state.clock.now().to_string()).await {
        tracing::warn!(error = %e, checkpoint, "the alerts could not be saved; the next change tries again");
    }
}

/// Puts back every checkpoint's alerts kept by the store (at start).
pub async fn restore(state: &AppState) -> Result<(), borderflow_store::StoreError> {
    for s in state.scenarios.iter() {
        let Some(body) = state.store.alerts(s.checkpoint.as_str()).await? else { continue };
        match serde_json::from_str::<borderflow_live::SavedAlerts>(&body) {
            Ok(saved) => state.live.lock().expect("not poisoned").restore_alerts(s.checkpoint.as_str(), saved),
            Err(e) => {
                tracing::warn!(error = %e, checkpoint = %s.checkpoint, "saved alerts do not decode: the day's alert history starts again")
            }
        }
    }
    Ok(())
}
