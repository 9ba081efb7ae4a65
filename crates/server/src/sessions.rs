//! People in a browser: sign-in with a name and password, or with a one-time
//! link, into a session cookie.
//!
//! - The cookie (`bf_session`) is HttpOnly and SameSite=Strict, and Secure
//!   when the request came over TLS (a proxy's `X-Forwarded-Proto: https`).
//!   The store keeps only a SHA-256 of its secret.
//! - Every state-changing call made with the cookie must carry the session's
//!   anti-forgery token in `X-CSRF-Token` (the pages read it from the
//!   `bf_csrf` cookie, which a page of another site cannot read).
//! - Attempts are throttled per user name (each counts until it succeeds)
//!   and per client address (only wrong passwords count, so a station's
//!   staff behind one address can sign in together); argon2 runs on its own
//!   threads.
//! - A one-time link signs its user in once, before it expires, and is then
//!   dead: no lasting secret ever sits in a URL.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};
use borderflow_store::{EventStore, SessionRecord, StoreError, UserRecord};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::auth::{ClientAddr, Principal, Role, random_hex};
use crate::error::ApiError;
use crate::state::AppState;

/// The session cookie.
pub const SESSION_COOKIE: &str = "bf_session";
/// The cookie the pages read the anti-forgery token from.
pub const CSRF_COOKIE: &str = "bf_csrf";
/// The header that must carry it on state-changing calls.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// How long a one-time sign-in link lives by default.
pub const LINK_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// SHA-256 of a secret, hex: what the store keeps of session and link secrets.
pub fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A cookie's value from the request's `Cookie` headers.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|kv| kv.trim().strip_prefix(name)?.strip_prefix('='))
}

/// Equal strings, compared in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The signed-in user behind the request's session cookie.
pub async fn principal(parts: &Parts, state: &AppState) -> Result<Principal, ApiError> {
    let secret = cookie(&parts.headers, SESSION_COOKIE)
        .ok_or_else(|| ApiError::Unauthorized("sign in (at /signin), or send `Authorization: Bearer <token>`".into()))?;
    let now_us = state.clock.now().as_microsecond();
    let (session, user) = state.store.live_session(&digest(secret), now_us).await?.ok_or_else(|| {
        ApiError::Unauthorized("your session has ended (it expired, you signed out, or your user was disabled): sign in again".into())
    })?;
    if !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS) {
        let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
        if !same(sent, &session.csrf) {
            return Err(ApiError::Forbidden(format!(
                "a state-changing call with a session cookie needs the session's anti-forgery token in `{CSRF_HEADER}`"
            )));
        }
    }
    principal_of(&user)
}

fn principal_of(user: &UserRecord) -> Result<Principal, ApiError> {
    let role = Role::parse(&user.role).ok_or_else(|| ApiError::Internal(format!("user {}: unknown role {}", user.name, user.role)))?;
    Ok(Principal { token: None, user: Some(user.name.clone()), role, lane: None, checkpoint: user.checkpoint.clone() })
}

/// Creates a one-time sign-in link's secret for `user`, valid for `lifetime`.
pub async fn new_link(store: &dyn EventStore, user: &str, now: jiff::Timestamp, lifetime: Duration) -> Result<String, StoreError> {
    let secret = random_hex(24);
    let expires = now.as_microsecond().saturating_add(i64::try_from(lifetime.as_micros()).unwrap_or(i64::MAX));
    store.insert_link(&digest(&secret), user, &now.to_string(), expires).await?;
    Ok(secret)
}

/// Who is signed in.
#[derive(ts_rs::TS, Debug, Serialize, utoipa::ToSchema)]
pub struct SessionInfo {
    /// The user's name, or `token:<id>` for a token.
    pub by: String,
    /// `viewer`, `officer`, `supervisor` or `admin` (or `device` for a token).
    #[schema(value_type = String)]
    pub role: Role,
    /// The one checkpoint they are restricted to.
    pub checkpoint: Option<String>,
}

/// A sign-in.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SignIn {
    /// User name.
    pub name: String,
    /// Password.
    pub password: String,
}

/// A one-time link's secret (the part after `#link=`).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct LinkSignIn {
    /// The link's secret.
    pub link: String,
}

/// Starts a session for `user`: stores it and sets its cookies.
async fn start(state: &AppState, headers: &HeaderMap, user: &UserRecord) -> Result<Response, ApiError> {
    let principal = principal_of(user)?;
    let now = state.clock.now();
    let (secret, csrf) = (random_hex(32), random_hex(16));
    let lifetime = state.session_lifetime;
    let expires_us = now.as_microsecond().saturating_add(i64::try_from(lifetime.as_micros()).unwrap_or(i64::MAX));
    let record =
        SessionRecord { hash: digest(&secret), user_name: user.name.clone(), csrf: csrf.clone(), created_at: now.to_string(), expires_us };
    state.store.insert_session(&record).await?;
    tracing::info!(user = %user.name, "signed in");
    let secure = if over_tls(headers) { "; Secure" } else { "" };
    let age = lifetime.as_secs();
    let session = format!("{SESSION_COOKIE}={secret}; Path=/; Max-Age={age}; HttpOnly; SameSite=Strict{secure}");
    let csrf_cookie = format!("{CSRF_COOKIE}={csrf}; Path=/; Max-Age={age}; SameSite=Strict{secure}");
    let info = SessionInfo { by: principal.by(), role: principal.role, checkpoint: principal.checkpoint };
    let mut res = Json(info).into_response();
    for c in [session, csrf_cookie] {
        res.headers_mut().append(header::SET_COOKIE, HeaderValue::from_str(&c).map_err(|e| ApiError::Internal(e.to_string()))?);
    }
    Ok(res)
}

fn over_tls(headers: &HeaderMap) -> bool {
    headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()).is_some_and(|p| p.eq_ignore_ascii_case("https"))
}

/// The enabled user whose name and password these are: throttled, hashed
/// off the request threads, refused alike for a wrong name or password,
/// with the reason for a disabled user.
pub(crate) async fn verify_person(
    state: &AppState,
    name: &str,
    password: String,
    client: Option<std::net::IpAddr>,
) -> Result<UserRecord, ApiError> {
    let key = format!("user:{name}");
    let throttle = &state.tokens.throttle;
    throttle.admit_person(&key, client).map_err(ApiError::TooManyRequests)?;
    let wrong = || {
        throttle.wrong_password(client);
        ApiError::Unauthorized("wrong user name or password".into())
    };
    let Some(user) = state.store.user(name).await? else { return Err(wrong()) };
    if !state.tokens.matches(user.password_hash.clone(), password, format!("user {}", user.name)).await? {
        return Err(wrong());
    }
    throttle.succeeded(&key, client);
    if let Some(at) = &user.disabled_at {
        return Err(ApiError::Forbidden(format!("user `{}` was disabled at {at}", user.name)));
    }
    Ok(user)
}

/// Signs in with a name and password.
#[utoipa::path(post, path = "/api/v1/session", tag = "people", request_body = SignIn,
    responses((status = 200, description = "Signed in: the session cookie is set", body = SessionInfo),
        (status = 401, description = "Wrong name or password", body = crate::error::ErrorBody),
        (status = 403, description = "The user is disabled", body = crate::error::ErrorBody),
        (status = 429, description = "Too many wrong passwords for this name or from this address: retry after Retry-After")))]
pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    Json(s): Json<SignIn>,
) -> Result<Response, ApiError> {
    let user = verify_person(&state, &s.name, s.password, client).await?;
    start(&state, &headers, &user).await
}

/// Signs in with a one-time link, which is dead afterwards.
#[utoipa::path(post, path = "/api/v1/session/link", tag = "people", request_body = LinkSignIn,
    responses((status = 200, description = "Signed in: the session cookie is set", body = SessionInfo),
        (status = 401, description = "The link was used already, has expired, or never existed", body = crate::error::ErrorBody)))]
pub async fn sign_in_with_link(State(state): State<AppState>, headers: HeaderMap, Json(l): Json<LinkSignIn>) -> Result<Response, ApiError> {
    let now = state.clock.now();
    let name =
        state.store.take_link(&digest(l.link.trim()), now.as_microsecond(), &now.to_string()).await?.ok_or_else(|| {
            ApiError::Unauthorized("this sign-in link was used already or has expired: ask an admin for a new one".into())
        })?;
    let user = state.store.user(&name).await?.ok_or_else(|| ApiError::Internal(format!("link for a missing user `{name}`")))?;
    if let Some(at) = &user.disabled_at {
        return Err(ApiError::Forbidden(format!("user `{name}` was disabled at {at}")));
    }
    start(&state, &headers, &user).await
}

/// Who is signed in (a session or a token).
#[utoipa::path(get, path = "/api/v1/session", tag = "people",
    responses((status = 200, description = "Who", body = SessionInfo), (status = 401, description = "Nobody")))]
pub async fn whoami(who: Principal) -> Json<SessionInfo> {
    Json(SessionInfo { by: who.by(), role: who.role, checkpoint: who.checkpoint.clone() })
}

/// Signs out: the session is ended and its cookies cleared.
#[utoipa::path(delete, path = "/api/v1/session", tag = "people",
    responses((status = 200, description = "Signed out"), (status = 401, description = "No session")))]
pub async fn sign_out(State(state): State<AppState>, who: Principal, headers: HeaderMap) -> Result<Response, ApiError> {
    if let Some(secret) = cookie(&headers, SESSION_COOKIE) {
        state.store.end_session(&digest(secret), &state.clock.now().to_string()).await?;
        tracing::info!(user = %who.by(), "signed out");
    }
    let mut res = Json(serde_json::json!({ "signed_out": who.by() })).into_response();
    for c in [SESSION_COOKIE, CSRF_COOKIE] {
        let gone = format!("{c}=; Path=/; Max-Age=0; SameSite=Strict");
        res.headers_mut().append(header::SET_COOKIE, HeaderValue::from_str(&gone).map_err(|e| ApiError::Internal(e.to_string()))?);
    }
    Ok(res)
}
