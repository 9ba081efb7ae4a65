//! Bearer tokens with roles. A token is `bf_<id>_<secret>`; the store keeps
//! only an argon2 hash of the secret. A verified token is remembered in
//! memory so that argon2's deliberate slowness is paid once per token, not
//! once per request.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use borderflow_store::{EventStore, StoreError, TokenRecord};
use serde::Serialize;

use crate::error::ApiError;
use crate::state::AppState;

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A lane device or sensor: posts events (for its own lane only).
    Device,
    /// Reads the live picture, statistics and metrics.
    Viewer,
    /// An officer: reads.
    Officer,
    /// A supervisor: reads, opens and closes lanes.
    Supervisor,
    /// Everything.
    Admin,
}

impl Role {
    /// Parses a role name.
    pub fn parse(s: &str) -> Option<Role> {
        Some(match s {
            "device" => Role::Device,
            "viewer" => Role::Viewer,
            "officer" => Role::Officer,
            "supervisor" => Role::Supervisor,
            "admin" => Role::Admin,
            _ => return None,
        })
    }

    /// The role's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Device => "device",
            Role::Viewer => "viewer",
            Role::Officer => "officer",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }
}

/// The authenticated caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// Token id.
    pub token: String,
    /// Role.
    pub role: Role,
    /// For devices: the lane it speaks for (None: a lane-less sensor).
    pub lane: Option<String>,
    /// Restricts to one checkpoint.
    pub checkpoint: Option<String>,
}

impl Principal {
    /// Refuses unless the role is one of `allowed`.
    pub fn require(&self, allowed: &[Role], what: &str) -> Result<(), ApiError> {
        if allowed.contains(&self.role) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!(
                "a {} token may not {what} (needs {})",
                self.role.as_str(),
                allowed.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(" or ")
            )))
        }
    }

    /// Refuses if the token is restricted to another checkpoint.
    pub fn require_checkpoint(&self, checkpoint: &str) -> Result<(), String> {
        match &self.checkpoint {
            Some(c) if c != checkpoint => Err(format!("this token is for checkpoint `{c}`, not `{checkpoint}`")),
            _ => Ok(()),
        }
    }
}

/// Roles that read the live picture, statistics and metrics.
pub const READERS: &[Role] = &[Role::Viewer, Role::Officer, Role::Supervisor, Role::Admin];

/// Verifies tokens against the store, remembering good ones. A remembered
/// token is looked up again (by id, no hashing) once [`Tokens::recheck`] has
/// passed, so a token revoked from another process (`borderflow token revoke`)
/// stops working within that time; revoking through the API forgets it at once.
pub struct Tokens {
    verified: RwLock<HashMap<String, (Principal, Instant)>>,
    /// How long a verified token is trusted before its record is read again.
    pub recheck: Duration,
}

impl Default for Tokens {
    fn default() -> Tokens {
        Tokens { verified: RwLock::default(), recheck: Duration::from_secs(30) }
    }
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tokens { .. }")
    }
}

fn split(token: &str) -> Option<(&str, &str)> {
    let rest = token.strip_prefix("bf_")?;
    let (id, secret) = rest.split_once('_')?;
    (!id.is_empty() && !secret.is_empty()).then_some((id, secret))
}

impl Tokens {
    /// The principal for a presented token.
    pub async fn verify(&self, store: &Arc<dyn EventStore>, token: &str) -> Result<Principal, ApiError> {
        let remembered = self.verified.read().expect("not poisoned").get(token).cloned();
        if let Some((p, at)) = &remembered
            && at.elapsed() < self.recheck
        {
            return Ok(p.clone());
        }
        let bad = || ApiError::Unauthorized("invalid token".into());
        let (id, secret) = split(token).ok_or_else(bad)?;
        let Some(record) = store.token(id).await? else {
            self.forget(id);
            return Err(bad());
        };
        if let Some(at) = &record.revoked_at {
            self.forget(id);
            return Err(ApiError::Unauthorized(format!("token {id} was revoked at {at}")));
        }
        if let Some((p, _)) = remembered {
            // Verified before and still valid: no need to hash again.
            self.verified.write().expect("not poisoned").insert(token.to_owned(), (p.clone(), Instant::now()));
            return Ok(p);
        }
        let hash = PasswordHash::new(&record.secret_hash).map_err(|e| ApiError::Internal(format!("token {id}: stored hash: {e}")))?;
        Argon2::default().verify_password(secret.as_bytes(), &hash).map_err(|_| bad())?;
        let role = Role::parse(&record.role).ok_or_else(|| ApiError::Internal(format!("token {id}: unknown role {}", record.role)))?;
        let p = Principal { token: record.id, role, lane: record.lane, checkpoint: record.checkpoint };
        self.verified.write().expect("not poisoned").insert(token.to_owned(), (p.clone(), Instant::now()));
        Ok(p)
    }

    /// Tokens trusted for `recheck` before their record is read again.
    pub fn with_recheck(recheck: Duration) -> Tokens {
        Tokens { recheck, ..Tokens::default() }
    }

    /// Forgets every remembered token with this id (after it was revoked).
    pub fn forget(&self, id: &str) {
        self.verified.write().expect("not poisoned").retain(|_, (p, _)| p.token != id);
    }
}

/// Creates a token, stores its hash, and returns the token (shown once).
pub async fn create_token(
    store: &dyn EventStore,
    role: Role,
    lane: Option<String>,
    checkpoint: Option<String>,
    label: Option<String>,
    now: jiff::Timestamp,
) -> Result<String, StoreError> {
    let mut bytes = [0u8; 24];
    OsRng.fill_bytes(&mut bytes);
    let secret: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let mut idb = [0u8; 6];
    OsRng.fill_bytes(&mut idb);
    let id: String = idb.iter().map(|b| format!("{b:02x}")).collect();
    let salt = SaltString::generate(&mut OsRng);
    let hash = Argon2::default().hash_password(secret.as_bytes(), &salt).map_err(|e| StoreError::Invalid(e.to_string()))?.to_string();
    store
        .insert_token(&TokenRecord {
            id: id.clone(),
            secret_hash: hash,
            role: role.as_str().into(),
            lane,
            checkpoint,
            label,
            created_at: now.to_string(),
            revoked_at: None,
        })
        .await?;
    Ok(format!("bf_{id}_{secret}"))
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = match parts.headers.get(axum::http::header::AUTHORIZATION) {
            Some(header) => {
                let value = header.to_str().map_err(|_| ApiError::Unauthorized("the Authorization header is not text".into()))?;
                value
                    .strip_prefix("Bearer ")
                    .ok_or_else(|| ApiError::Unauthorized("expected `Authorization: Bearer <token>`".into()))?
                    .trim()
                    .to_owned()
            }
            // Browsers' EventSource cannot set headers: the stream also takes `?access_token=`.
            None => parts
                .uri
                .query()
                .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("access_token=")))
                .map(str::to_owned)
                .ok_or_else(|| ApiError::Unauthorized("missing `Authorization: Bearer <token>`".into()))?,
        };
        state.tokens.verify(&state.store, &token).await
    }
}
