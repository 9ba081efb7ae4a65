//! `borderflow forget-travellers`: forgets the travellers of a store's days
//! older than a number of days, now, as `serve --forget-travellers-after-days`
//! does every hour (`borderflow_store::retention`): for a store no server
//! runs on, or a first purge of years kept before a retention was set.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use borderflow_core::Scenario;
use borderflow_store::Layout;

use crate::serve::redact;

#[derive(clap::Args)]
pub struct ForgetArgs {
    /// The store (as for `serve`).
    #[arg(long, env = "BORDERFLOW_DB", default_value = "borderflow.db")]
    db: String,
    /// A checkpoint's scenario (repeatable): its time zone says where its days begin.
    #[arg(long = "checkpoint", value_name = "SCENARIO", required = true)]
    checkpoints: Vec<PathBuf>,
    /// Keep this many full days before today (1–3650); forget the travellers of every older day.
    #[arg(long, value_name = "DAYS")]
    after_days: i64,
}

pub fn run(args: ForgetArgs) -> Result<()> {
    if !(1..=3650).contains(&args.after_days) {
        bail!("--after-days {}: must be 1 to 3650 days", args.after_days);
    }
    if !args.db.contains("://") && !std::path::Path::new(&args.db).exists() {
        bail!("--db {}: no such store", args.db);
    }
    let scenarios = args.checkpoints.iter().map(|p| Scenario::load(p, &[])).collect::<Result<Vec<_>, _>>()?;
    let layout = Layout::from_scenarios(&scenarios);
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async {
        let store = borderflow_store::open(&args.db, &layout).await.with_context(|| format!("opening the store {}", redact(&args.db)))?;
        for s in &scenarios {
            let checkpoint = s.checkpoint.as_str();
            let f = borderflow_store::retention::forget_older_than(
                store.as_ref(),
                &layout,
                checkpoint,
                args.after_days as u32,
                jiff::Timestamp::now(),
            )
            .await
            .with_context(|| format!("forgetting the travellers of {checkpoint}"))?;
            println!("{checkpoint}: travellers forgotten in {} events over {} days (keeping {} days)", f.events, f.days, args.after_days);
        }
        anyhow::Ok(())
    })
}
