//! Users: who may sign in, with which role. The rules for names and
//! passwords live here, used by the admin API and by `borderflow user`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use borderflow_store::{EventStore, StoreError, UserRecord};
use serde::{Deserialize, Serialize};

use crate::auth::{Principal, Role, random_hex};
use crate::error::ApiError;
use crate::sessions::{LINK_LIFETIME, new_link};
use crate::state::AppState;

/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 10;
/// Longest password accepted (argon2 hashes any length; this bounds the work).
pub const MAX_PASSWORD: usize = 256;

/// A user name: 1 to 32 of `a-z 0-9 . _ -`, starting with a letter or digit.
pub fn check_name(name: &str) -> Result<(), String> {
    let ok_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c);
    if name.is_empty() || name.len() > 32 {
        return Err(format!("user name `{name}`: 1 to 32 characters"));
    }
    if let Some(c) = name.chars().find(|&c| !ok_char(c)) {
        return Err(format!("user name `{name}`: `{c}` is not allowed (use a-z, 0-9, `.`, `_`, `-`)"));
    }
    if !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Err(format!("user name `{name}`: must start with a letter or digit"));
    }
    Ok(())
}

/// A password: [`MIN_PASSWORD`] to [`MAX_PASSWORD`] characters.
pub fn check_password(password: &str) -> Result<(), String> {
    let n = password.chars().count();
    if !(MIN_PASSWORD..=MAX_PASSWORD).contains(&n) {
        return Err(format!("a password is {MIN_PASSWORD} to {MAX_PASSWORD} characters (this one has {n})"));
    }
    Ok(())
}

/// A person's role (devices are tokens, never users).
pub fn check_role(role: &str) -> Result<Role, String> {
    match Role::parse(role) {
        Some(Role::Device) | None => Err(format!("role `{role}`: use viewer, officer, supervisor or admin")),
        Some(r) => Ok(r),
    }
}

/// A password nobody knows, for a user who is to sign in by a one-time link first.
pub fn unguessable_password() -> String {
    random_hex(32)
}

/// The record of a new user.
pub fn new_user(name: &str, role: Role, checkpoint: Option<String>, password_hash: String, by: &str, now: jiff::Timestamp) -> UserRecord {
    UserRecord {
        name: name.to_owned(),
        password_hash,
        role: role.as_str().into(),
        checkpoint,
        created_at: now.to_string(),
        created_by: by.to_owned(),
        disabled_at: None,
        password_changed_at: now.to_string(),
    }
}

/// A user as listed (never the hash).
#[derive(ts_rs::TS, Debug, Serialize, utoipa::ToSchema)]
pub struct UserInfo {
    /// Sign-in name.
    pub name: String,
    /// Role.
    pub role: String,
    /// The one checkpoint they are restricted to.
    pub checkpoint: Option<String>,
    /// RFC 3339.
    pub created_at: String,
    /// Who added them.
    pub created_by: String,
    /// When they were disabled.
    pub disabled_at: Option<String>,
    /// When the password was last set.
    pub password_changed_at: String,
}

impl From<UserRecord> for UserInfo {
    fn from(u: UserRecord) -> UserInfo {
        UserInfo {
            name: u.name,
            role: u.role,
            checkpoint: u.checkpoint,
            created_at: u.created_at,
            created_by: u.created_by,
            disabled_at: u.disabled_at,
            password_changed_at: u.password_changed_at,
        }
    }
}

/// A new user. Without a password, they sign in first with the one-time link the answer carries.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewUser {
    /// Sign-in name.
    pub name: String,
    /// viewer, officer, supervisor or admin.
    pub role: String,
    /// Restrict to one checkpoint.
    #[serde(default)]
    pub checkpoint: Option<String>,
    /// A password ([`MIN_PASSWORD`] characters or more).
    #[serde(default)]
    pub password: Option<String>,
}

/// A user, and a one-time sign-in link when one was made.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Added {
    /// The user.
    pub user: UserInfo,
    /// `/signin#link=…`: signs them in once, within 24 hours.
    pub link: Option<String>,
}

/// A new password.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewPassword {
    /// The password.
    pub password: String,
}

async fn found(store: &dyn EventStore, name: &str) -> Result<UserRecord, ApiError> {
    store.user(name).await?.ok_or_else(|| ApiError::NotFound(format!("no user `{name}`")))
}

/// Every user, by name (admins).
#[utoipa::path(get, path = "/api/v1/users", tag = "people",
    responses((status = 200, description = "The users", body = [UserInfo]), (status = 403, description = "Only admins")))]
pub async fn list(State(state): State<AppState>, who: Principal) -> Result<Json<Vec<UserInfo>>, ApiError> {
    who.require(&[Role::Admin], "list users")?;
    Ok(Json(state.store.users().await?.into_iter().map(UserInfo::from).collect()))
}

/// Adds a user (admins).
#[utoipa::path(post, path = "/api/v1/users", tag = "people", request_body = NewUser,
    responses((status = 201, description = "Added", body = Added), (status = 400, description = "A bad name, role, checkpoint or password", body = crate::error::ErrorBody),
        (status = 409, description = "The name is taken"), (status = 403, description = "Only admins")))]
pub async fn add(State(state): State<AppState>, who: Principal, Json(n): Json<NewUser>) -> Result<(StatusCode, Json<Added>), ApiError> {
    who.require(&[Role::Admin], "add users")?;
    check_name(&n.name).map_err(ApiError::BadRequest)?;
    let role = check_role(&n.role).map_err(ApiError::BadRequest)?;
    if let Some(c) = &n.checkpoint
        && state.scenario(c).is_none()
    {
        return Err(ApiError::BadRequest(format!("checkpoint `{c}`: not served here")));
    }
    if let Some(p) = &n.password {
        check_password(p).map_err(ApiError::BadRequest)?;
    }
    let hash = state.tokens.hash(n.password.clone().unwrap_or_else(unguessable_password)).await?;
    let now = state.clock.now();
    let user = new_user(&n.name, role, n.checkpoint, hash, &who.by(), now);
    state.store.insert_user(&user).await.map_err(|e| match e {
        StoreError::Conflict(_) => ApiError::Conflict(format!("user `{}` exists already", n.name)),
        other => other.into(),
    })?;
    let link = match n.password {
        Some(_) => None,
        None => Some(format!("/signin#link={}", new_link(state.store.as_ref(), &n.name, now, LINK_LIFETIME).await?)),
    };
    tracing::info!(user = %n.name, role = role.as_str(), by = %who.by(), "user added");
    Ok((StatusCode::CREATED, Json(Added { user: user.into(), link })))
}

/// Disables a user: their sessions end and they can no longer sign in (admins).
#[utoipa::path(post, path = "/api/v1/users/{name}/disable", tag = "people", params(("name" = String, Path, description = "User name")),
    responses((status = 200, description = "Disabled", body = UserInfo), (status = 404, description = "No such user"), (status = 409, description = "Disabled already")))]
pub async fn disable(State(state): State<AppState>, who: Principal, Path(name): Path<String>) -> Result<Json<UserInfo>, ApiError> {
    who.require(&[Role::Admin], "disable users")?;
    let user = found(state.store.as_ref(), &name).await?;
    if who.user.as_deref() == Some(name.as_str()) {
        return Err(ApiError::BadRequest("you cannot disable yourself: ask another admin".into()));
    }
    if !state.store.disable_user(&name, &state.clock.now().to_string()).await? {
        return Err(ApiError::Conflict(format!("user `{name}` was disabled already, at {}", user.disabled_at.unwrap_or_default())));
    }
    tracing::info!(user = %name, by = %who.by(), "user disabled");
    Ok(Json(found(state.store.as_ref(), &name).await?.into()))
}

/// Sets a user's password; their sessions end (admins, or the user themself).
#[utoipa::path(post, path = "/api/v1/users/{name}/password", tag = "people", params(("name" = String, Path, description = "User name")), request_body = NewPassword,
    responses((status = 200, description = "Set", body = UserInfo), (status = 400, description = "Too short or too long"), (status = 404, description = "No such user")))]
pub async fn password(
    State(state): State<AppState>,
    who: Principal,
    Path(name): Path<String>,
    Json(p): Json<NewPassword>,
) -> Result<Json<UserInfo>, ApiError> {
    if who.user.as_deref() != Some(name.as_str()) {
        who.require(&[Role::Admin], "set another user's password")?;
    }
    found(state.store.as_ref(), &name).await?;
    check_password(&p.password).map_err(ApiError::BadRequest)?;
    let hash = state.tokens.hash(p.password).await?;
    state.store.set_password(&name, &hash, &state.clock.now().to_string()).await?;
    tracing::info!(user = %name, by = %who.by(), "password set");
    Ok(Json(found(state.store.as_ref(), &name).await?.into()))
}

/// A one-time sign-in link for a user (admins): `/signin#link=…`, valid 24 hours.
#[utoipa::path(post, path = "/api/v1/users/{name}/link", tag = "people", params(("name" = String, Path, description = "User name")),
    responses((status = 200, description = "The link", body = Object), (status = 404, description = "No such user"), (status = 409, description = "The user is disabled")))]
pub async fn link(State(state): State<AppState>, who: Principal, Path(name): Path<String>) -> Result<Json<serde_json::Value>, ApiError> {
    who.require(&[Role::Admin], "make sign-in links")?;
    let user = found(state.store.as_ref(), &name).await?;
    if let Some(at) = user.disabled_at {
        return Err(ApiError::Conflict(format!("user `{name}` was disabled at {at}")));
    }
    let secret = new_link(state.store.as_ref(), &name, state.clock.now(), LINK_LIFETIME).await?;
    tracing::info!(user = %name, by = %who.by(), "sign-in link made");
    Ok(Json(serde_json::json!({ "link": format!("/signin#link={secret}") })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_passwords_and_roles_are_checked() {
        assert!(check_name("ana.li-2").is_ok());
        for bad in ["", "Ana", "ana li", "-ana", &"a".repeat(33), "ана"] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
        assert!(check_password("0123456789").is_ok());
        assert!(check_password("short").unwrap_err().contains("has 5"));
        assert!(check_password(&"x".repeat(257)).is_err());
        assert_eq!(check_role("supervisor"), Ok(Role::Supervisor));
        assert!(check_role("device").is_err(), "devices are tokens");
        assert!(check_role("boss").is_err());
    }
}
