//! `borderflow backtest`: the simulator against real airport waits (CBP files).

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Result, bail};
use borderflow_plan::backtest::{self, HybridOptions, Options};
use borderflow_plan::cbp;

/// Flags of `borderflow backtest`.
#[derive(clap::Args)]
pub struct Args {
    /// CBP wait-time CSV to score (e.g. data/cbp-awt/ORD-2017.csv).
    file: PathBuf,
    /// CSV files to fit the parameters on (repeatable, comma-separated, or a quoted glob such as
    /// 'data/ORD-201*.csv'; default: the first half of FILE's days, scoring the second half).
    #[arg(long, value_delimiter = ',')]
    train: Vec<String>,
    /// Replications per prediction.
    #[arg(long, default_value_t = 8)]
    reps: u32,
    /// Days of history before each scored month to refit the parameters on (0: fit once only).
    #[arg(long, default_value_t = 90)]
    recalibrate_days: u32,
    /// Days of the model's own errors before each scored day whose median it carries into the day (0: none).
    #[arg(long, default_value_t = 7)]
    level_days: u32,
    /// Most model evaluations of each fit (a safety net: the report says whether each fit converged).
    #[arg(long, default_value_t = 400)]
    max_evals: usize,
    /// Days of history before each scored month the hybrid's correction is learned on (0: no hybrid).
    #[arg(long, default_value_t = 365)]
    hybrid_days: u32,
    /// Seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Write each scored hour to this CSV with the prediction fitted once and its daily level.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print the report as JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// The training files named by `--train` (globs expanded, in the order given); None if none was given.
fn training_files(args: &[String]) -> Result<Option<Vec<PathBuf>>> {
    if args.is_empty() {
        return Ok(None);
    }
    let mut files = Vec::new();
    for arg in args {
        if arg.contains(['*', '?', '[']) {
            let mut matched: Vec<PathBuf> =
                glob::glob(arg).map_err(|e| anyhow::anyhow!("--train `{arg}`: {e}"))?.collect::<Result<_, _>>()?;
            if matched.is_empty() {
                bail!("--train `{arg}`: no file matches");
            }
            matched.sort();
            files.extend(matched);
        } else {
            files.push(PathBuf::from(arg));
        }
    }
    Ok(Some(files))
}

/// Runs the command.
pub fn run(a: Args) -> Result<()> {
    if a.reps == 0 {
        bail!("--reps must be at least 1");
    }
    if a.max_evals == 0 {
        bail!("--max-evals must be at least 1");
    }
    let scored = cbp::load(&a.file)?;
    let (train, test) = match training_files(&a.train)? {
        Some(files) => (cbp::load_all(&files)?, scored),
        None => {
            let mid = scored[scored.len() / 2].date;
            let split = scored.partition_point(|h| h.date < mid);
            if split == 0 {
                bail!("{}: one day only; give --train FILE to fit on", a.file.display());
            }
            (scored[..split].to_vec(), scored[split..].to_vec())
        }
    };
    if let (Some(l), Some(f)) = (train.last(), test.first())
        && l.date >= f.date
    {
        eprintln!("note: the training hours reach {}, on or after the first scored day {}: scores are not out of sample", l.date, f.date);
    }
    let hybrid = (a.hybrid_days > 0).then(|| HybridOptions { window_days: a.hybrid_days, ..HybridOptions::default() });
    let opt = Options {
        reps: a.reps,
        recalibrate_days: a.recalibrate_days,
        level_days: a.level_days,
        hybrid,
        seed: a.seed,
        max_evals: a.max_evals,
        ..Options::default()
    };
    // Two fits, the scoring, then a refit per scored month: a run takes minutes.
    let months: std::collections::BTreeSet<(i16, i8)> = test.iter().map(|h| (h.date.year(), h.date.month())).collect();
    let stages = 4 + (a.hybrid_days > 0) as usize + if a.recalibrate_days > 0 { months.len() } else { 0 };
    let bar = indicatif::ProgressBar::new(stages as u64).with_style(
        indicatif::ProgressStyle::with_template("[{elapsed_precise}] [{bar:30}] {pos}/{len} stages done, now {msg}").expect("valid"),
    );
    let started = std::time::Instant::now();
    let report = backtest::run(&train, &test, &opt, &|what| {
        if bar.is_hidden() {
            // Not a terminal (a log): one line per stage.
            eprintln!("[{:>5.1} s] {what}", started.elapsed().as_secs_f64());
        }
        if !bar.message().is_empty() {
            bar.inc(1);
        }
        bar.set_message(what.to_owned());
    });
    bar.finish_and_clear();
    if let Some(path) = &a.out {
        let mut w = csv::Writer::from_path(path)?;
        w.write_record([
            "date",
            "hour",
            "passengers",
            "flights",
            "booths",
            "avg_wait",
            "max_wait",
            "pred_avg_wait",
            "pred_max_wait",
            "level",
            "p_max_over_30",
            "p_max_over_60",
            "pred_share_0..15",
            "pred_share_16..30",
            "pred_share_31..45",
            "pred_share_46..60",
            "pred_share_61..90",
            "pred_share_91..120",
            "pred_share_120..",
            "hybrid_avg_wait",
            "hybrid_max_wait",
            "hybrid_p_over_60",
            "hybrid_over_60",
        ])?;
        for (i, ((h, p), level)) in test.iter().zip(&report.predictions).zip(&report.levels).enumerate() {
            let mut row = vec![
                h.date.to_string(),
                h.hour.to_string(),
                h.passengers.to_string(),
                h.flights.to_string(),
                h.booths.to_string(),
                h.avg_wait.to_string(),
                h.max_wait.to_string(),
                format!("{:.2}", p.avg_wait),
                format!("{:.2}", p.max_wait),
                format!("{level:.2}"),
                format!("{:.3}", p.p_max_over_30),
                format!("{:.3}", p.p_max_over_60),
            ];
            row.extend(p.buckets.iter().map(|b| format!("{b:.4}")));
            // Empty without the hybrid (--hybrid-days 0).
            let x = report.hybrid.get(i);
            row.push(x.map_or(String::new(), |x| format!("{:.2}", x.avg_wait)));
            row.push(x.map_or(String::new(), |x| format!("{:.2}", x.max_wait)));
            row.push(x.map_or(String::new(), |x| format!("{:.3}", x.p_over_60)));
            row.push(x.map_or(String::new(), |x| (x.call.over_60 as u8).to_string()));
            w.write_record(&row)?;
        }
        w.flush()?;
    }
    let mut out = std::io::stdout().lock();
    if a.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "fitted: {}; training MAE {:.2} min", describe(&report.fitted), report.train_mae)?;
    for (stage, f) in ["average waits", "longest waits"].iter().zip(&report.fits) {
        let state = if f.converged { "converged" } else { "stopped at its budget (--max-evals), not converged" };
        writeln!(out, "  fit on the {stage}: {state} after {} evaluations, MAE {:.2} min", f.evals, f.mae)?;
    }
    for i in &report.intervals {
        let verdict =
            if i.identified { "identified by the data" } else { "not identified (the error stays flat up to a bound or the scan's end)" };
        writeln!(
            out,
            "  {:<18} {:>6.2}, within two standard errors {:.2} to {:.2} (scanned in steps of {}): {verdict}",
            i.free.to_string(),
            i.value,
            i.low,
            i.high,
            i.step
        )?;
    }
    writeln!(
        out,
        "alarm: flag longest wait over 30 min when predicted over {:.0} min, over 60 when predicted over {:.0} (best F1 on the training hours)",
        report.alarm.over_30, report.alarm.over_60
    )?;
    for r in &report.recalibrations {
        writeln!(
            out,
            "  refit for {}: {}; alarm {:.0} / {:.0} min",
            r.month.strftime("%Y-%m"),
            describe(&r.params),
            r.alarm.over_30,
            r.alarm.over_60
        )?;
    }
    for m in &report.hybrid_months {
        writeln!(
            out,
            "  hybrid for {}: correction learned on {} hours before; alarm when P(longest > 30) > {:.2}, P(longest > 60) > {:.2}",
            m.month.strftime("%Y-%m"),
            m.window_hours,
            m.threshold_30,
            m.threshold_60
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{:<66} {:>6} {:>6}   {:>5} {:>5} {:>5}   {:>5} {:>5} {:>5}",
        "average wait (min) / longest wait over 30, 60 min", "MAE", "RMSE", "P30", "R30", "F1", "P60", "R60", "F1"
    )?;
    for s in &report.scores {
        let f = |x: f64| if x.is_nan() { "  -  ".to_string() } else { format!("{x:>5.2}") };
        writeln!(
            out,
            "{:<66} {:>6.2} {:>6.2}   {} {} {}   {} {} {}",
            s.name,
            s.mae,
            s.rmse,
            f(s.over_30.precision),
            f(s.over_30.recall),
            f(s.over_30.f1),
            f(s.over_60.precision),
            f(s.over_60.recall),
            f(s.over_60.f1)
        )?;
    }
    Ok(())
}

/// The model's parameters in words.
fn describe(p: &backtest::Params) -> String {
    format!(
        "service {:.1} s/passenger (cv {}), walk {:.1} min (cv {:.2}), deplaning {:.1} passengers/min, flight sizes gamma shape {}",
        p.service_s, p.service_cv, p.walk_min, p.walk_cv, p.deplane_per_min, p.flight_size_shape
    )
}
