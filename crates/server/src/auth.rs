//! Bearer tokens with roles. A token is `bf_<id>_<secret>`; the store keeps
//! only an argon2 hash of the secret. A verified token is remembered in
//! memory so that argon2's deliberate slowness is paid once per token, not
//! once per request.
//!
//! argon2 is made to be slow and to take memory (~45 ms and 19 MB a check),
//! so a flood of wrong secrets must not reach it freely: checks run on
//! [`HASHING_AT_ONCE`] threads of their own (never the request threads), and wrong
//! secrets are throttled per token id and per client address
//! ([`crate::throttle`]): after a few, that id or address gets 429 with
//! `Retry-After`, for a time that doubles with each further failure. A good
//! client whose token is remembered never waits for any of this.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, SaltString};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use borderflow_store::{EventStore, StoreError, TokenRecord};
use serde::Serialize;

use crate::error::ApiError;
use crate::state::AppState;
use crate::throttle::Throttle;

/// What a token may do.
#[derive(ts_rs::TS, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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

/// The authenticated caller: a token's holder, or a signed-in user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The token's public id, when a token was presented.
    pub token: Option<String>,
    /// The user's name, when a session cookie was presented.
    pub user: Option<String>,
    /// Role.
    pub role: Role,
    /// For devices: the lane it speaks for (None: a lane-less sensor).
    pub lane: Option<String>,
    /// Restricts to one checkpoint.
    pub checkpoint: Option<String>,
}

impl Principal {
    /// Who did it, as audit records say it: the user's name, or `token:<id>`.
    pub fn by(&self) -> String {
        match (&self.user, &self.token) {
            (Some(u), _) => u.clone(),
            (None, Some(t)) => format!("token:{t}"),
            (None, None) => "unknown".into(),
        }
    }

    /// Refuses unless the role is one of `allowed`.
    pub fn require(&self, allowed: &[Role], what: &str) -> Result<(), ApiError> {
        if allowed.contains(&self.role) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!(
                "a {} {} may not {what} (needs {})",
                self.role.as_str(),
                if self.user.is_some() { "user" } else { "token" },
                allowed.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(" or ")
            )))
        }
    }

    /// Refuses if the token is restricted to another checkpoint.
    pub fn require_checkpoint(&self, checkpoint: &str) -> Result<(), String> {
        match &self.checkpoint {
            Some(c) if c != checkpoint => Err(format!("{} is for checkpoint `{c}`, not `{checkpoint}`", self.by())),
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
    /// Places for argon2 checks: at most [`HASHING_AT_ONCE`] run at a time.
    hashing: Arc<tokio::sync::Semaphore>,
    /// The threads that run them, each with argon2's working memory (~19 MB)
    /// allocated once and reused: allocating it per check left ~19 MB more
    /// with the allocator after each of the first few checks (~100 MB seen).
    hashers: Arc<rayon::ThreadPool>,
    /// Wrong secrets per token id and per client address.
    pub throttle: Throttle,
}

/// At most this many argon2 checks run at once (each takes ~19 MB).
pub const HASHING_AT_ONCE: usize = 2;

/// How long a check may wait for a place before the caller is told to retry.
const HASHING_WAIT: Duration = Duration::from_secs(2);

impl Default for Tokens {
    fn default() -> Tokens {
        Tokens {
            verified: RwLock::default(),
            recheck: Duration::from_secs(30),
            hashing: Arc::new(tokio::sync::Semaphore::new(HASHING_AT_ONCE)),
            hashers: Arc::new(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(HASHING_AT_ONCE)
                    .thread_name(|i| format!("argon2-{i}"))
                    .build()
                    .expect("two threads can be started"),
            ),
            throttle: Throttle::default(),
        }
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
    /// The principal for a presented token, from the client at `client` (if known).
    pub async fn verify(&self, store: &Arc<dyn EventStore>, token: &str, client: Option<IpAddr>) -> Result<Principal, ApiError> {
        let remembered = self.verified.read().expect("not poisoned").get(token).cloned();
        if let Some((p, at)) = &remembered
            && at.elapsed() < self.recheck
        {
            return Ok(p.clone());
        }
        // Never echo the id: error messages reach whoever sent the token.
        let bad = || ApiError::Unauthorized("invalid token".into());
        let (id, secret) = split(token).ok_or_else(bad)?;
        if remembered.is_none() {
            self.throttle.admit(id, client).map_err(ApiError::TooManyRequests)?;
        }
        let Some(record) = store.token(id).await? else {
            self.forget(id);
            return Err(bad());
        };
        if let Some(at) = &record.revoked_at {
            self.forget(id);
            return Err(ApiError::Unauthorized(format!("this token was revoked at {at}")));
        }
        if let Some((p, _)) = remembered {
            // Verified before and still valid: no need to hash again.
            self.verified.write().expect("not poisoned").insert(token.to_owned(), (p.clone(), Instant::now()));
            return Ok(p);
        }
        if !self.matches(record.secret_hash.clone(), secret.to_owned(), format!("token {id}")).await? {
            return Err(bad());
        }
        self.throttle.succeeded(id, client);
        let role = Role::parse(&record.role).ok_or_else(|| ApiError::Internal(format!("token {id}: unknown role {}", record.role)))?;
        let p = Principal { token: Some(record.id), user: None, role, lane: record.lane, checkpoint: record.checkpoint };
        self.verified.write().expect("not poisoned").insert(token.to_owned(), (p.clone(), Instant::now()));
        Ok(p)
    }

    /// Whether `secret` matches the argon2 hash `phc` (of `what`, for errors),
    /// checked on one of the hashing threads once a place is free.
    pub async fn matches(&self, phc: String, secret: String, what: String) -> Result<bool, ApiError> {
        self.on_hasher(move || {
            secret_matches_hash(&phc, secret.as_bytes()).map_err(|e| ApiError::Internal(format!("{what}: stored hash: {e}")))
        })
        .await
    }

    /// An argon2 hash (PHC string) of `secret`, made on one of the hashing threads.
    pub async fn hash(&self, secret: String) -> Result<String, ApiError> {
        self.on_hasher(move || hash_secret(&secret).map_err(|e| ApiError::Internal(format!("hashing: {e}")))).await
    }

    /// Runs argon2 work on a hashing thread, never a request thread; past
    /// [`HASHING_WAIT`] without a place, the caller is told to retry.
    async fn on_hasher<T: Send + 'static>(&self, work: impl FnOnce() -> Result<T, ApiError> + Send + 'static) -> Result<T, ApiError> {
        let permit = tokio::time::timeout(HASHING_WAIT, self.hashing.clone().acquire_owned())
            .await
            .map_err(|_| ApiError::TooManyRequests(Duration::from_secs(1)))?
            .map_err(|_| ApiError::Internal("secret checks have stopped".into()))?;
        let (answer, answered) = tokio::sync::oneshot::channel();
        self.hashers.spawn(move || {
            let _permit = permit;
            let _ = answer.send(work());
        });
        answered.await.map_err(|_| ApiError::Internal("secret check: the hashing thread stopped".into()))?
    }

    /// Tokens trusted for `recheck` before their record is read again.
    pub fn with_recheck(recheck: Duration) -> Tokens {
        Tokens { recheck, ..Tokens::default() }
    }

    /// Forgets every remembered token with this id (after it was revoked).
    pub fn forget(&self, id: &str) {
        self.verified.write().expect("not poisoned").retain(|_, (p, _)| p.token.as_deref() != Some(id));
    }
}

thread_local! {
    /// argon2's working memory on this hashing thread, reused check after check.
    static ARGON2_MEMORY: std::cell::RefCell<Vec<argon2::Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Whether `secret` hashes to the stored PHC string `phc` (argon2, with the
/// parameters, salt and version it names), computed in this thread's reused
/// memory and compared in constant time.
fn secret_matches_hash(phc: &str, secret: &[u8]) -> Result<bool, argon2::password_hash::Error> {
    use argon2::password_hash::{Error, Output};
    let hash = PasswordHash::new(phc)?;
    let params = argon2::Params::try_from(&hash)?;
    let algorithm = argon2::Algorithm::try_from(hash.algorithm)?;
    let version = hash.version.map(argon2::Version::try_from).transpose()?.unwrap_or_default();
    let expected = hash.hash.ok_or(Error::Crypto)?;
    let mut salt = [0u8; 64];
    let salt = hash.salt.ok_or(Error::Crypto)?.decode_b64(&mut salt)?;
    let mut out = vec![0u8; expected.len()];
    ARGON2_MEMORY.with_borrow_mut(|blocks| {
        blocks.resize(params.block_count(), argon2::Block::default());
        Argon2::new(algorithm, version, params).hash_password_into_with_memory(secret, salt, &mut out, &mut blocks[..])
    })?;
    Ok(Output::new(&out)? == expected)
}

/// An argon2id hash (PHC string, default parameters, random salt) of `secret`.
pub fn hash_secret(secret: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default().hash_password(secret.as_bytes(), &salt)?.to_string())
}

/// `bytes` random bytes from the OS, as lowercase hex.
pub fn random_hex(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    OsRng.fill_bytes(&mut b);
    hex::encode(b)
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
    let secret = random_hex(24);
    let id = random_hex(6);
    let hash = hash_secret(&secret).map_err(|e| StoreError::Invalid(e.to_string()))?;
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

/// The client's address, when the server knows it (not in tests without a network).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip())))
    }
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = ApiError;

    /// A bearer token (devices, scripts), else the session cookie (people in
    /// a browser, with the anti-forgery header on state-changing calls). No
    /// secret is taken from the URL: it would end up in logs and histories.
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let ClientAddr(client) = ClientAddr::from_request_parts(parts, state).await.unwrap_or(ClientAddr(None));
        match parts.headers.get(axum::http::header::AUTHORIZATION) {
            Some(header) => {
                let value = header.to_str().map_err(|_| ApiError::Unauthorized("the Authorization header is not text".into()))?;
                let token = value
                    .strip_prefix("Bearer ")
                    .ok_or_else(|| ApiError::Unauthorized("expected `Authorization: Bearer <token>`".into()))?
                    .trim();
                state.tokens.verify(&state.store, token, client).await
            }
            None => crate::sessions::principal(parts, state).await,
        }
    }
}
