//! `borderflow backup` and `borderflow restore`: a consistent copy of a SQLite
//! store while its server runs, and putting one back (`borderflow_store::backup`).

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Args;

/// A PostgreSQL store is backed up with PostgreSQL's own tools.
const POSTGRES: &str = "a PostgreSQL store is backed up with PostgreSQL's tools, consistent while servers run: \
    `pg_dump --format=custom --file=borderflow.dump URL`, restored into an empty database with \
    `pg_restore --dbname=URL borderflow.dump`";

#[derive(Args)]
pub struct BackupArgs {
    /// The store to copy: a SQLite file (a server may be writing to it).
    #[arg(long, env = "BORDERFLOW_DB", default_value = "borderflow.db")]
    db: String,
    /// The backup file to write (it must not exist).
    #[arg(long)]
    out: PathBuf,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// The backup to put back.
    #[arg(long)]
    from: PathBuf,
    /// Where the store goes (it must not exist: stop the server and move the old file aside first).
    #[arg(long, env = "BORDERFLOW_DB", default_value = "borderflow.db")]
    db: String,
}

fn sqlite(db: &str) -> Result<PathBuf> {
    if db.contains("://") {
        bail!("{POSTGRES}");
    }
    Ok(PathBuf::from(db))
}

pub fn backup(args: BackupArgs) -> Result<()> {
    let db = sqlite(&args.db)?;
    if !db.exists() {
        bail!("--db {}: no such store", db.display());
    }
    let rt = tokio::runtime::Runtime::new()?;
    let copied = rt
        .block_on(borderflow_store::backup::backup(&db, &args.out))
        .with_context(|| format!("backing up {} to {}", db.display(), args.out.display()))?;
    println!("backed up {} to {}: {} events, {} bytes, integrity ok", db.display(), args.out.display(), copied.events, copied.bytes);
    Ok(())
}

pub fn restore(args: RestoreArgs) -> Result<()> {
    let db = sqlite(&args.db)?;
    let rt = tokio::runtime::Runtime::new()?;
    let copied = rt
        .block_on(borderflow_store::backup::restore(&args.from, &db))
        .with_context(|| format!("restoring {} to {}", args.from.display(), db.display()))?;
    println!("restored {} to {}: {} events, integrity ok", args.from.display(), db.display(), copied.events);
    Ok(())
}
