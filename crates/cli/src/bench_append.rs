//! `borderflow bench-append`: how fast the store appends durably, beside the
//! physical limit of the same SQLite settings (a bare insert loop), with
//! random and time-ordered ids. No HTTP: `bench/ingest.sh` measures the
//! server end to end.

use std::path::PathBuf;

use anyhow::{Context, Result};
use borderflow_core::{Event, Scenario};
use borderflow_sim::{Exporter, Model};
use borderflow_store::Layout;
use borderflow_store::bench::{Ids, bare_inserts};

#[derive(clap::Args)]
pub struct Args {
    /// Rows (events) per measurement.
    #[arg(long, default_value_t = 300_000)]
    rows: usize,
    /// Rows per transaction (one append call).
    #[arg(long, default_value_t = 1000)]
    per_tx: usize,
    /// Where the scratch stores go (deleted after; put it on the disk to measure).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Scenario whose simulated days are appended.
    #[arg(long, default_value = "scenarios/khorgos.toml")]
    scenario: PathBuf,
}

/// Simulated days from 2025-01-01 until `rows` events.
fn simulated(scenario: &std::path::Path, rows: usize) -> Result<Vec<Event>> {
    let mut events = Vec::with_capacity(rows);
    let mut date: jiff::civil::Date = "2025-01-01".parse()?;
    for seed in 1.. {
        let s = Scenario::load(scenario, &[format!("checkpoint.date=\"{date}\"")])?;
        let mut sim = Vec::new();
        Model::new(&s).run(seed, &mut sim);
        let mut ex = Exporter::new(&s, seed);
        events.extend(sim.iter().map(|e| ex.convert(e)).take(rows - events.len()));
        if events.len() >= rows {
            break;
        }
        date = date.tomorrow()?;
    }
    Ok(events)
}

pub fn run(args: Args) -> Result<()> {
    let scratch = match &args.dir {
        Some(d) => tempfile::tempdir_in(d),
        None => tempfile::tempdir(),
    }
    .context("a scratch directory")?;
    let base = Scenario::load(&args.scenario, &[])?;
    let layout = Layout::from_scenarios(std::slice::from_ref(&base));
    let timed = simulated(&args.scenario, args.rows)?;
    let mut random = timed.clone();
    for e in &mut random {
        e.id = uuid::Uuid::new_v4();
    }
    let body = timed[timed.len() / 2].to_json_line();
    let rt = tokio::runtime::Runtime::new()?;
    println!("{} rows each, {} a transaction, SQLite WAL synchronous=FULL, in {}", args.rows, args.per_tx, scratch.path().display());
    rt.block_on(async {
        for (what, ids) in [
            ("bare insert loop, random ids as text", Ids::RandomText),
            ("bare insert loop, random ids as 16 bytes", Ids::RandomBytes),
            ("bare insert loop, time-ordered ids as 16 bytes", Ids::TimeOrderedBytes),
        ] {
            let path = scratch.path().join(format!("bare-{ids:?}.db"));
            let rate = bare_inserts(&path, ids, args.rows, args.per_tx, &body).await?;
            println!("{what:<55} {rate:>10.0} rows/s");
        }
        for (what, events) in [("the store's append, random ids", &random), ("the store's append, time-ordered ids", &timed)] {
            let path = scratch.path().join(format!("append-{}.db", what.len()));
            let store = borderflow_store::open(path.to_str().context("a UTF-8 path")?, &layout).await?;
            let started = std::time::Instant::now();
            for chunk in events.chunks(args.per_tx) {
                store.append(chunk).await?;
            }
            let rate = events.len() as f64 / started.elapsed().as_secs_f64();
            let wal = std::path::PathBuf::from(format!("{}-wal", path.display()));
            let bytes: u64 = [&path, &wal].iter().filter_map(|p| std::fs::metadata(p).ok()).map(|m| m.len()).sum();
            println!("{what:<55} {rate:>10.0} events/s ({} bytes an event on disk, with indexes)", bytes / events.len() as u64);
        }
        anyhow::Ok(())
    })
}
