//! API tokens (devices, terminals, scripts): kept with the secret only as
//! an argon2 hash, revoked by marking, never deleted. A part of every store.

use async_trait::async_trait;
use sqlx::{Postgres, QueryBuilder, Row, Sqlite};

use crate::StoreError;
use crate::sql::{PostgresStore, SqliteStore};

/// A stored API token (the secret only as a hash).
#[derive(Clone, PartialEq, Eq)]
pub struct TokenRecord {
    /// Public id (the part before the secret).
    pub id: String,
    /// argon2 PHC string of the secret.
    pub secret_hash: String,
    /// `device`, `officer`, `supervisor`, `viewer` or `admin`.
    pub role: String,
    /// For devices: the lane they may post for.
    pub lane: Option<String>,
    /// Restricts the token to one checkpoint.
    pub checkpoint: Option<String>,
    /// Free text (who holds it).
    pub label: Option<String>,
    /// RFC 3339.
    pub created_at: String,
    /// When it was revoked (RFC 3339); a revoked token is refused.
    pub revoked_at: Option<String>,
}

impl std::fmt::Debug for TokenRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenRecord").field("id", &self.id).field("role", &self.role).field("lane", &self.lane).finish_non_exhaustive()
    }
}

/// API tokens.
#[async_trait]
pub trait TokenStore: Send + Sync {
    /// Stores a new token.
    async fn insert_token(&self, t: &TokenRecord) -> Result<(), StoreError>;
    /// A token by id.
    async fn token(&self, id: &str) -> Result<Option<TokenRecord>, StoreError>;
    /// Every token, oldest first.
    async fn tokens(&self) -> Result<Vec<TokenRecord>, StoreError>;
    /// Marks a token revoked at `at`; false if there is no such token or it was revoked already.
    async fn revoke_token(&self, id: &str, at: &str) -> Result<bool, StoreError>;
}

const TOKEN_COLUMNS: &str = "SELECT id, secret_hash, role, lane, checkpoint, label, created_at, revoked_at FROM tokens";

fn token_of<R: Row>(r: &R) -> Result<TokenRecord, StoreError>
where
    usize: sqlx::ColumnIndex<R>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    Ok(TokenRecord {
        id: r.try_get(0)?,
        secret_hash: r.try_get(1)?,
        role: r.try_get(2)?,
        lane: r.try_get(3)?,
        checkpoint: r.try_get(4)?,
        label: r.try_get(5)?,
        created_at: r.try_get(6)?,
        revoked_at: r.try_get(7)?,
    })
}

macro_rules! token_store {
    ($store:ty, $db:ty) => {
        #[async_trait]
        impl TokenStore for $store {
            async fn insert_token(&self, t: &TokenRecord) -> Result<(), StoreError> {
                let mut qb = QueryBuilder::<$db>::new(
                    "INSERT INTO tokens (id, secret_hash, role, lane, checkpoint, label, created_at, revoked_at) VALUES (",
                );
                let mut sep = qb.separated(", ");
                sep.push_bind(&t.id)
                    .push_bind(&t.secret_hash)
                    .push_bind(&t.role)
                    .push_bind(&t.lane)
                    .push_bind(&t.checkpoint)
                    .push_bind(&t.label)
                    .push_bind(&t.created_at)
                    .push_bind(&t.revoked_at);
                qb.push(")");
                qb.build().execute(&self.pool).await?;
                Ok(())
            }

            async fn token(&self, id: &str) -> Result<Option<TokenRecord>, StoreError> {
                let mut qb = QueryBuilder::<$db>::new(TOKEN_COLUMNS);
                qb.push(" WHERE id = ").push_bind(id);
                qb.build().fetch_optional(&self.pool).await?.map(|r| token_of(&r)).transpose()
            }

            async fn tokens(&self) -> Result<Vec<TokenRecord>, StoreError> {
                let mut qb = QueryBuilder::<$db>::new(TOKEN_COLUMNS);
                qb.push(" ORDER BY created_at, id");
                qb.build().fetch_all(&self.pool).await?.iter().map(token_of).collect()
            }

            async fn revoke_token(&self, id: &str, at: &str) -> Result<bool, StoreError> {
                let mut qb = QueryBuilder::<$db>::new("UPDATE tokens SET revoked_at = ");
                qb.push_bind(at).push(" WHERE revoked_at IS NULL AND id = ").push_bind(id);
                Ok(qb.build().execute(&self.pool).await?.rows_affected() == 1)
            }
        }
    };
}

token_store!(SqliteStore, Sqlite);
token_store!(PostgresStore, Postgres);
