//! The failed-delivery list, for admins: what did not reach a hook, why,
//! and sending it again.

use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;

use crate::auth::{Principal, Role};
use crate::error::ApiError;
use crate::state::AppState;

/// A message given up on.
#[derive(ts_rs::TS, Debug, Serialize, utoipa::ToSchema)]
#[ts(rename = "FailedMessage")]
pub struct Failed {
    /// Outbox id.
    pub id: i64,
    /// The hook's name.
    pub hook: String,
    /// `alert` or `instruction`.
    pub kind: String,
    /// Checkpoint.
    pub checkpoint: String,
    /// When it was queued (RFC 3339).
    pub created_at: String,
    /// Tries made.
    pub attempts: i64,
    /// When it was given up on (RFC 3339).
    pub failed_at: Option<String>,
    /// The last try's error.
    pub last_error: Option<String>,
    /// The body that was to be sent.
    #[schema(value_type = Object)]
    #[ts(type = "unknown")]
    pub body: serde_json::Value,
}

/// The last 200 messages no hook accepted, newest first (admins).
#[utoipa::path(get, path = "/api/v1/webhooks/failed", tag = "webhooks",
    responses((status = 200, description = "Failed deliveries", body = [Failed]), (status = 403, description = "Only admins")))]
pub async fn failed(State(state): State<AppState>, who: Principal) -> Result<Json<Vec<Failed>>, ApiError> {
    who.require(&[Role::Admin], "read failed webhook deliveries")?;
    let list = state.store.failed_messages(200).await?;
    Ok(Json(
        list.into_iter()
            .map(|m| Failed {
                id: m.id,
                body: serde_json::from_str(&m.new.body).unwrap_or(serde_json::Value::String(m.new.body.clone())),
                hook: m.new.hook,
                kind: m.new.kind,
                checkpoint: m.new.checkpoint,
                created_at: m.new.created_at,
                attempts: m.attempts,
                failed_at: m.failed_at,
                last_error: m.last_error,
            })
            .collect(),
    ))
}

/// Sends a failed message again, its tries counted afresh (admins).
#[utoipa::path(post, path = "/api/v1/webhooks/failed/{id}/retry", tag = "webhooks", params(("id" = i64, Path, description = "Outbox id")),
    responses((status = 200, description = "Queued again"), (status = 404, description = "No failed message with this id"), (status = 403, description = "Only admins")))]
pub async fn retry(State(state): State<AppState>, who: Principal, Path(id): Path<i64>) -> Result<Json<serde_json::Value>, ApiError> {
    who.require(&[Role::Admin], "retry webhook deliveries")?;
    if !state.store.requeue(id, state.clock.now().as_microsecond()).await? {
        return Err(ApiError::NotFound(format!("no failed webhook message {id}")));
    }
    state.webhook_wake.notify_one();
    tracing::info!(message = id, by = %who.by(), "failed webhook message queued again");
    Ok(Json(serde_json::json!({ "queued": id })))
}
