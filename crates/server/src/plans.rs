//! `PUT /api/v1/plan` and `GET /api/v1/plan`: the staffing plan of a day, as
//! `borderflow plan --push` sends it, kept in the store for plan vs actual.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::IntoResponse;
use borderflow_plan::doc::PlanDoc;
use serde::Deserialize;
use serde_json::Value;

use crate::auth::{Principal, READERS, Role};
use crate::error::{ApiError, ApiQuery};
use crate::state::AppState;

/// Which day's plan.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct PlanParams {
    /// Checkpoint (optional when the server carries one).
    pub checkpoint: Option<String>,
    /// Local day `YYYY-MM-DD` (default: today at the checkpoint).
    pub date: Option<String>,
}

/// Stores a day's plan (replacing an earlier push for that day).
#[utoipa::path(put, path = "/api/v1/plan", tag = "plan", request_body(content = Object, description = "The JSON `borderflow plan --out plan.json` writes"),
    responses((status = 200, description = "Stored"), (status = 400, description = "Not a plan of a configured checkpoint; the message says what is wrong"), (status = 403, description = "Only supervisors and admins")),
    security(("bearer" = [])))]
pub async fn put_plan(State(state): State<AppState>, who: Principal, body: Bytes) -> Result<Json<Value>, ApiError> {
    who.require(&[Role::Supervisor, Role::Admin], "push plans")?;
    let doc: PlanDoc = serde_json::from_slice(&body).map_err(|e| ApiError::BadRequest(format!("not a plan document: {e}")))?;
    who.require_checkpoint(&doc.checkpoint).map_err(ApiError::Forbidden)?;
    let Some(s) = state.scenario(&doc.checkpoint) else {
        return Err(ApiError::BadRequest(format!("`checkpoint`: `{}` is not configured on this server", doc.checkpoint)));
    };
    doc.check(s).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let body = String::from_utf8(body.to_vec()).map_err(|_| ApiError::BadRequest("not UTF-8".into()))?;
    let pushed_at = state.clock.now().to_string();
    state.store.put_plan(&doc.checkpoint, &doc.date.to_string(), &body, &pushed_at).await?;
    Ok(Json(serde_json::json!({"checkpoint": doc.checkpoint, "date": doc.date.to_string(), "pushed_at": pushed_at})))
}

/// The plan pushed for a day, with `pushed_at`.
#[utoipa::path(get, path = "/api/v1/plan", tag = "plan", params(PlanParams),
    responses((status = 200, description = "The plan document as pushed, with `pushed_at`", body = Object), (status = 204, description = "No plan pushed for that day")),
    security(("bearer" = [])))]
pub async fn get_plan(
    State(state): State<AppState>,
    who: Principal,
    ApiQuery(q): ApiQuery<PlanParams>,
) -> Result<axum::response::Response, ApiError> {
    who.require(READERS, "read plans")?;
    let checkpoint = crate::routes::checkpoint_param(&state, q.checkpoint.as_deref())?;
    who.require_checkpoint(&checkpoint).map_err(ApiError::Forbidden)?;
    let date = match q.date {
        Some(d) => d.parse::<jiff::civil::Date>().map_err(|_| ApiError::BadRequest(format!("`date`: `{d}` is not a date YYYY-MM-DD")))?,
        None => {
            let tz = state.scenario(&checkpoint).map(|s| s.time_zone.clone()).unwrap_or(jiff::tz::TimeZone::UTC);
            state.clock.now().to_zoned(tz).date()
        }
    };
    // No plan is an ordinary state of a day, not an error: 204, which a polling dashboard does not log as a failure.
    let Some((body, pushed_at)) = state.store.plan(&checkpoint, &date.to_string()).await? else {
        return Ok(axum::http::StatusCode::NO_CONTENT.into_response());
    };
    let mut v: Value = serde_json::from_str(&body).map_err(|e| ApiError::Internal(format!("stored plan unreadable: {e}")))?;
    v["pushed_at"] = Value::String(pushed_at);
    Ok(Json(v).into_response())
}
