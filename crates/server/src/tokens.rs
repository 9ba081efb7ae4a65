//! Token administration: who holds which token, and revoking one (a lost
//! tablet, an officer who left). Admins only. Revoked tokens stay listed.

use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;

use crate::auth::{Principal, Role};
use crate::error::ApiError;
use crate::state::AppState;

/// A token as listed (never its secret or hash).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TokenInfo {
    /// Public id (the part of the token before its secret).
    pub id: String,
    /// `device`, `viewer`, `officer`, `supervisor` or `admin`.
    pub role: String,
    /// For devices: the lane they may post for.
    pub lane: Option<String>,
    /// The one checkpoint it is restricted to.
    pub checkpoint: Option<String>,
    /// Who holds it.
    pub label: Option<String>,
    /// RFC 3339.
    pub created_at: String,
    /// When it was revoked (RFC 3339), if it was.
    pub revoked_at: Option<String>,
}

impl From<borderflow_store::TokenRecord> for TokenInfo {
    fn from(t: borderflow_store::TokenRecord) -> TokenInfo {
        TokenInfo {
            id: t.id,
            role: t.role,
            lane: t.lane,
            checkpoint: t.checkpoint,
            label: t.label,
            created_at: t.created_at,
            revoked_at: t.revoked_at,
        }
    }
}

/// Every token, oldest first.
#[utoipa::path(get, path = "/api/v1/tokens", tag = "tokens",
    responses((status = 200, description = "The tokens", body = [TokenInfo]), (status = 403, description = "Only admins")),
    security(("bearer" = [])))]
pub async fn list(State(state): State<AppState>, who: Principal) -> Result<Json<Vec<TokenInfo>>, ApiError> {
    who.require(&[Role::Admin], "list tokens")?;
    Ok(Json(state.store.tokens().await?.into_iter().map(TokenInfo::from).collect()))
}

/// Revokes a token: it is refused from now on (by this server at once, by others within 30 s).
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "tokens", params(("id" = String, Path, description = "The token's public id")),
    responses((status = 200, description = "Revoked", body = TokenInfo), (status = 404, description = "No such token, or revoked already"), (status = 403, description = "Only admins")),
    security(("bearer" = [])))]
pub async fn revoke(State(state): State<AppState>, who: Principal, Path(id): Path<String>) -> Result<Json<TokenInfo>, ApiError> {
    who.require(&[Role::Admin], "revoke tokens")?;
    let at = state.clock.now().to_string();
    if !state.store.revoke_token(&id, &at).await? {
        let why = if state.store.token(&id).await?.is_some() { "was revoked already" } else { "does not exist" };
        return Err(ApiError::NotFound(format!("token `{id}` {why}")));
    }
    state.tokens.forget(&id);
    tracing::info!(token = %id, by = %who.by(), "token revoked");
    let record = state.store.token(&id).await?.ok_or_else(|| ApiError::Internal(format!("token {id} vanished after revoking")))?;
    Ok(Json(record.into()))
}
