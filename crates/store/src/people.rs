//! People who sign in: users, their sessions and one-time sign-in links.
//! Secrets never reach the store: passwords as argon2 hashes, session and
//! link secrets as SHA-256 digests (made by the server). Expiry is compared
//! in the database, so several servers sharing a store agree on it, and a
//! link is taken with one conditional UPDATE, so it signs in once even when
//! two servers are asked at the same moment.

use async_trait::async_trait;
use sqlx::{Postgres, QueryBuilder, Row, Sqlite};

use crate::StoreError;
use crate::sql::{PostgresStore, SqliteStore};

/// A stored user.
#[derive(Clone, PartialEq, Eq)]
pub struct UserRecord {
    /// Sign-in name.
    pub name: String,
    /// argon2 PHC string of the password.
    pub password_hash: String,
    /// `viewer`, `officer`, `supervisor` or `admin`.
    pub role: String,
    /// Restricts the user to one checkpoint.
    pub checkpoint: Option<String>,
    /// RFC 3339.
    pub created_at: String,
    /// Who added them (a user name or `token:<id>`, or `cli`).
    pub created_by: String,
    /// When they were disabled (RFC 3339): they can no longer sign in.
    pub disabled_at: Option<String>,
    /// When the password was last set (RFC 3339).
    pub password_changed_at: String,
}

impl std::fmt::Debug for UserRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserRecord")
            .field("name", &self.name)
            .field("role", &self.role)
            .field("disabled_at", &self.disabled_at)
            .finish_non_exhaustive()
    }
}

/// A stored session (by the digest of its secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    /// SHA-256 of the cookie's secret, hex.
    pub hash: String,
    /// Whose.
    pub user_name: String,
    /// The anti-forgery token the pages send back.
    pub csrf: String,
    /// RFC 3339.
    pub created_at: String,
    /// Unix microseconds after which it is refused.
    pub expires_us: i64,
}

/// Users, sessions and sign-in links.
#[async_trait]
pub trait PeopleStore: Send + Sync {
    /// Adds a user; [`StoreError::Conflict`] if the name is taken.
    async fn insert_user(&self, u: &UserRecord) -> Result<(), StoreError>;
    /// A user by name.
    async fn user(&self, name: &str) -> Result<Option<UserRecord>, StoreError>;
    /// Every user, by name.
    async fn users(&self) -> Result<Vec<UserRecord>, StoreError>;
    /// Sets a user's password hash and ends their sessions; false if no such user.
    async fn set_password(&self, name: &str, hash: &str, at: &str) -> Result<bool, StoreError>;
    /// Disables a user and ends their sessions; false if no such user or disabled already.
    async fn disable_user(&self, name: &str, at: &str) -> Result<bool, StoreError>;
    /// Stores a new session.
    async fn insert_session(&self, s: &SessionRecord) -> Result<(), StoreError>;
    /// A live session (not ended, not expired at `now_us`) of an enabled user, with the user.
    async fn live_session(&self, hash: &str, now_us: i64) -> Result<Option<(SessionRecord, UserRecord)>, StoreError>;
    /// Ends a session (signing out); false if it was not live.
    async fn end_session(&self, hash: &str, at: &str) -> Result<bool, StoreError>;
    /// Stores a one-time sign-in link for a user.
    async fn insert_link(&self, hash: &str, user: &str, created_at: &str, expires_us: i64) -> Result<(), StoreError>;
    /// Uses a link: the user's name if it was unused and unexpired at `now_us`
    /// (and is now dead), None otherwise.
    async fn take_link(&self, hash: &str, now_us: i64, at: &str) -> Result<Option<String>, StoreError>;
}

const USER_COLUMNS: &str =
    "SELECT name, password_hash, role, checkpoint, created_at, created_by, disabled_at, password_changed_at FROM users";

fn user_of<R: Row>(r: &R, at: usize) -> Result<UserRecord, StoreError>
where
    usize: sqlx::ColumnIndex<R>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    Ok(UserRecord {
        name: r.try_get(at)?,
        password_hash: r.try_get(at + 1)?,
        role: r.try_get(at + 2)?,
        checkpoint: r.try_get(at + 3)?,
        created_at: r.try_get(at + 4)?,
        created_by: r.try_get(at + 5)?,
        disabled_at: r.try_get(at + 6)?,
        password_changed_at: r.try_get(at + 7)?,
    })
}

macro_rules! people_store {
    ($store:ty, $db:ty) => {
        #[async_trait]
        impl PeopleStore for $store {
            async fn insert_user(&self, u: &UserRecord) -> Result<(), StoreError> {
                let mut qb = QueryBuilder::<$db>::new(
                    "INSERT INTO users (name, password_hash, role, checkpoint, created_at, created_by, disabled_at, password_changed_at) VALUES (",
                );
                qb.separated(", ")
                    .push_bind(&u.name)
                    .push_bind(&u.password_hash)
                    .push_bind(&u.role)
                    .push_bind(&u.checkpoint)
                    .push_bind(&u.created_at)
                    .push_bind(&u.created_by)
                    .push_bind(&u.disabled_at)
                    .push_bind(&u.password_changed_at);
                qb.push(")");
                qb.build().execute(&self.pool).await?;
                Ok(())
            }

            async fn user(&self, name: &str) -> Result<Option<UserRecord>, StoreError> {
                let mut qb = QueryBuilder::<$db>::new(USER_COLUMNS);
                qb.push(" WHERE name = ").push_bind(name);
                qb.build().fetch_optional(&self.pool).await?.map(|r| user_of(&r, 0)).transpose()
            }

            async fn users(&self) -> Result<Vec<UserRecord>, StoreError> {
                let mut qb = QueryBuilder::<$db>::new(USER_COLUMNS);
                qb.push(" ORDER BY name");
                qb.build().fetch_all(&self.pool).await?.iter().map(|r| user_of(r, 0)).collect()
            }

            async fn set_password(&self, name: &str, hash: &str, at: &str) -> Result<bool, StoreError> {
                let mut tx = self.pool.begin().await?;
                let mut qb = QueryBuilder::<$db>::new("UPDATE users SET password_hash = ");
                qb.push_bind(hash).push(", password_changed_at = ").push_bind(at).push(" WHERE name = ").push_bind(name);
                let changed = qb.build().execute(&mut *tx).await?.rows_affected() == 1;
                let mut qb = QueryBuilder::<$db>::new("UPDATE sessions SET ended_at = ");
                qb.push_bind(at).push(" WHERE ended_at IS NULL AND user_name = ").push_bind(name);
                qb.build().execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(changed)
            }

            async fn disable_user(&self, name: &str, at: &str) -> Result<bool, StoreError> {
                let mut tx = self.pool.begin().await?;
                let mut qb = QueryBuilder::<$db>::new("UPDATE users SET disabled_at = ");
                qb.push_bind(at).push(" WHERE disabled_at IS NULL AND name = ").push_bind(name);
                let changed = qb.build().execute(&mut *tx).await?.rows_affected() == 1;
                let mut qb = QueryBuilder::<$db>::new("UPDATE sessions SET ended_at = ");
                qb.push_bind(at).push(" WHERE ended_at IS NULL AND user_name = ").push_bind(name);
                qb.build().execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(changed)
            }

            async fn insert_session(&self, s: &SessionRecord) -> Result<(), StoreError> {
                let mut qb = QueryBuilder::<$db>::new("INSERT INTO sessions (hash, user_name, csrf, created_at, expires_us) VALUES (");
                qb.separated(", ").push_bind(&s.hash).push_bind(&s.user_name).push_bind(&s.csrf).push_bind(&s.created_at).push_bind(s.expires_us);
                qb.push(")");
                qb.build().execute(&self.pool).await?;
                Ok(())
            }

            async fn live_session(&self, hash: &str, now_us: i64) -> Result<Option<(SessionRecord, UserRecord)>, StoreError> {
                let mut qb = QueryBuilder::<$db>::new(
                    "SELECT s.hash, s.user_name, s.csrf, s.created_at, s.expires_us, \
                     u.name, u.password_hash, u.role, u.checkpoint, u.created_at, u.created_by, u.disabled_at, u.password_changed_at \
                     FROM sessions s JOIN users u ON u.name = s.user_name WHERE s.ended_at IS NULL AND u.disabled_at IS NULL AND s.hash = ",
                );
                qb.push_bind(hash).push(" AND s.expires_us > ").push_bind(now_us);
                let Some(r) = qb.build().fetch_optional(&self.pool).await? else { return Ok(None) };
                let session = SessionRecord {
                    hash: r.try_get(0)?,
                    user_name: r.try_get(1)?,
                    csrf: r.try_get(2)?,
                    created_at: r.try_get(3)?,
                    expires_us: r.try_get(4)?,
                };
                Ok(Some((session, user_of(&r, 5)?)))
            }

            async fn end_session(&self, hash: &str, at: &str) -> Result<bool, StoreError> {
                let mut qb = QueryBuilder::<$db>::new("UPDATE sessions SET ended_at = ");
                qb.push_bind(at).push(" WHERE ended_at IS NULL AND hash = ").push_bind(hash);
                Ok(qb.build().execute(&self.pool).await?.rows_affected() == 1)
            }

            async fn insert_link(&self, hash: &str, user: &str, created_at: &str, expires_us: i64) -> Result<(), StoreError> {
                let mut qb = QueryBuilder::<$db>::new("INSERT INTO signin_links (hash, user_name, created_at, expires_us) VALUES (");
                qb.separated(", ").push_bind(hash).push_bind(user).push_bind(created_at).push_bind(expires_us);
                qb.push(")");
                qb.build().execute(&self.pool).await?;
                Ok(())
            }

            async fn take_link(&self, hash: &str, now_us: i64, at: &str) -> Result<Option<String>, StoreError> {
                let mut qb = QueryBuilder::<$db>::new("UPDATE signin_links SET used_at = ");
                qb.push_bind(at).push(" WHERE used_at IS NULL AND hash = ").push_bind(hash);
                qb.push(" AND expires_us > ").push_bind(now_us).push(" RETURNING user_name");
                Ok(qb.build().fetch_optional(&self.pool).await?.map(|r| r.try_get(0)).transpose()?)
            }
        }
    };
}

people_store!(SqliteStore, Sqlite);
people_store!(PostgresStore, Postgres);
