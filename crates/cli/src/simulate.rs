//! `borderflow simulate`: one day (or N replications) of a scenario, with
//! optional what-ifs compared side by side against the scenario as written.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use borderflow_core::Scenario;
use borderflow_sim::replicate::{IntervalEstimate, SummaryEstimate, replication_seed};
use borderflow_sim::{JsonLines, Model, Recorder, aggregate, replicate};
use indicatif::{ProgressBar, ProgressStyle};

use crate::{output, plot};

#[derive(clap::Args)]
pub struct Args {
    /// Scenario file (TOML).
    #[arg(default_value = "scenarios/khorgos.toml")]
    scenario: PathBuf,
    /// Independent replications (run in parallel on all cores); results get 95 % confidence intervals.
    #[arg(short = 'n', long, default_value_t = 1)]
    replications: u64,
    /// Random seed (replication 0 uses it as is).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// What-if override NAME=VALUE, repeatable: `desks=10` (a lane group's count),
    /// `entry.scale=1.3`, `service.egate.reject_rate=0.1`. Compared side by side with the scenario as written.
    #[arg(long = "what-if", value_name = "NAME=VALUE")]
    what_if: Vec<String>,
    /// A second scenario to compare against the first, side by side.
    #[arg(long, value_name = "FILE")]
    compare: Option<PathBuf>,
    /// Write the per-interval table: .csv or .json.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Write one row per traveller (first replication) as CSV.
    #[arg(long, value_name = "FILE")]
    travellers: Option<PathBuf>,
    /// Plot queue length and wait over the day: .svg or .png.
    #[arg(long, value_name = "FILE")]
    plot: Option<PathBuf>,
    /// Write the first replication's events as JSON lines (the production schema).
    #[arg(long, value_name = "FILE")]
    events: Option<PathBuf>,
    /// Print only the summary, not the per-interval table.
    #[arg(long)]
    summary_only: bool,
}

/// A configuration run with its results.
pub struct Outcome {
    pub label: String,
    pub scenario: Scenario,
    pub rows: Vec<IntervalEstimate>,
    pub summary: SummaryEstimate,
}

pub fn run(args: Args) -> Result<()> {
    if args.replications == 0 {
        bail!("--replications must be at least 1");
    }
    if !args.what_if.is_empty() && args.compare.is_some() {
        bail!("give either --what-if or --compare, not both");
    }
    for (flag, path, exts) in [
        ("--out", &args.out, &["csv", "json"][..]),
        ("--plot", &args.plot, &["svg", "png"][..]),
        ("--travellers", &args.travellers, &["csv"][..]),
        ("--events", &args.events, &["jsonl", "json", "ndjson"][..]),
    ] {
        if let Some(p) = path {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            if !exts.contains(&ext) {
                bail!("{flag} {}: the file must end in .{}", p.display(), exts.join(" or ."));
            }
        }
    }
    let base = Scenario::load(&args.scenario, &[])?;
    let variant = match (&args.compare, args.what_if.is_empty()) {
        (Some(other), _) => Some((other.display().to_string(), Scenario::load(other, &[])?)),
        (None, false) => Some((args.what_if.join(", "), Scenario::load(&args.scenario, &args.what_if)?)),
        (None, true) => None,
    };
    // Outputs describe the variant when there is one (the configuration being tried).
    let focus = variant.as_ref().map(|(_, s)| s).unwrap_or(&base);
    let a = run_config(args.scenario.display().to_string(), &base, &args)?;
    let b = match &variant {
        Some((label, s)) => Some(run_config(label.clone(), s, &args)?),
        None => None,
    };
    let shown = b.as_ref().unwrap_or(&a);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if !args.summary_only {
        output::print_intervals(&mut out, shown)?;
    }
    match &b {
        Some(b) => output::print_comparison(&mut out, &a, b)?,
        None => output::print_summary(&mut out, &a)?,
    }
    drop(out);
    if let Some(path) = &args.out {
        output::write_table(path, shown, args.seed).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    if let Some(path) = &args.plot {
        plot::day(path, shown).with_context(|| format!("plotting {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    if args.events.is_some() || args.travellers.is_some() {
        first_replication_files(focus, args.seed, args.events.as_deref(), args.travellers.as_deref())?;
    }
    Ok(())
}

fn run_config(label: String, s: &Scenario, args: &Args) -> Result<Outcome> {
    let model = Model::new(s);
    let bar = if args.replications > 1 {
        let bar = ProgressBar::new(args.replications);
        bar.set_style(ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} days, {per_sec}, eta {eta}").expect("valid template"));
        bar.set_message(label.clone());
        bar
    } else {
        ProgressBar::hidden()
    };
    let days = replicate(&model, args.seed, args.replications, &|| bar.inc(1));
    bar.finish_and_clear();
    let (rows, summary) = aggregate(&days);
    Ok(Outcome { label, scenario: s.clone(), rows, summary })
}

/// Reruns replication 0 writing its events and/or per-traveller rows.
fn first_replication_files(s: &Scenario, seed: u64, events: Option<&Path>, travellers: Option<&Path>) -> Result<()> {
    let model = Model::new(s);
    let seed = replication_seed(seed, 0);
    let mut rec = Recorder::new(s);
    match events {
        Some(path) => {
            let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
            let mut sink = (&mut rec, JsonLines::new(s, seed, BufWriter::new(file)));
            model.run(seed, &mut sink);
            let lines = sink.1.finish().with_context(|| format!("writing {}", path.display()))?;
            eprintln!("wrote {} events to {}", lines, path.display());
        }
        None => {
            model.run(seed, &mut rec);
        }
    }
    if let Some(path) = travellers {
        output::write_travellers(path, s, &rec, seed).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}
