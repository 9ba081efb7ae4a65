//! Backups of a SQLite store, taken while a server writes to it, and their
//! restore. `VACUUM INTO` writes a consistent copy of the database as of one
//! read transaction (every event acknowledged before it began is in it, and no
//! half of a batch), compacted, without stopping the server. A PostgreSQL
//! store is backed up with PostgreSQL's own tools (`pg_dump`, `pg_restore`).

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::Connection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};

use crate::StoreError;

/// What a backup or restore holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Copied {
    /// Events in the copy.
    pub events: i64,
    /// Its size, bytes.
    pub bytes: u64,
}

async fn connect(path: &Path, read_only: bool) -> Result<SqliteConnection, StoreError> {
    let opts = SqliteConnectOptions::from_str("sqlite://")
        .map_err(|e| StoreError::Invalid(e.to_string()))?
        .filename(path)
        .read_only(read_only)
        .create_if_missing(false)
        .busy_timeout(Duration::from_secs(10));
    SqliteConnection::connect_with(&opts).await.map_err(|e| StoreError::Unavailable(format!("{}: {e}", path.display())))
}

/// Checks that `path` is a sound borderflow store; counts its events.
async fn check(path: &Path) -> Result<Copied, StoreError> {
    let mut c = connect(path, true).await?;
    let ok: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&mut c).await?;
    if ok != "ok" {
        return Err(StoreError::Invalid(format!("{}: the integrity check says `{ok}`", path.display())));
    }
    let events: i64 = sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&mut c)
        .await
        .map_err(|e| StoreError::Invalid(format!("{}: not a borderflow store ({e})", path.display())))?;
    c.close().await?;
    let bytes = std::fs::metadata(path).map_err(|e| StoreError::Unavailable(format!("{}: {e}", path.display())))?.len();
    Ok(Copied { events, bytes })
}

/// Copies the store `db` (a server may be writing to it) to the new file `out`, and checks the copy.
pub async fn backup(db: &Path, out: &Path) -> Result<Copied, StoreError> {
    if out.exists() {
        return Err(StoreError::Invalid(format!("{} exists already: a backup never overwrites a file", out.display())));
    }
    let mut c = connect(db, true).await?;
    sqlx::query("VACUUM INTO ?").bind(out.to_string_lossy().into_owned()).execute(&mut c).await?;
    c.close().await?;
    check(out).await
}

/// Puts the backup `from` in place as the store `db`, which must not exist (stop the server and
/// move the old file aside first: a restore never overwrites a store). The copy lands under a
/// temporary name and is renamed, so `db` is never half-written.
pub async fn restore(from: &Path, db: &Path) -> Result<Copied, StoreError> {
    if db.exists() {
        return Err(StoreError::Invalid(format!(
            "{} exists: stop the server and move it aside first (a restore never overwrites a store)",
            db.display()
        )));
    }
    let copied = check(from).await?;
    let part = db.with_extension("restoring");
    let io = |e: std::io::Error| StoreError::Unavailable(format!("{}: {e}", db.display()));
    std::fs::copy(from, &part).map_err(io)?;
    std::fs::rename(&part, db).map_err(io)?;
    Ok(copied)
}
