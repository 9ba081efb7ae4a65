//! Tables on the terminal and in files.

use std::io::{self, Write};
use std::path::Path;

use anyhow::Result;
use borderflow_core::Scenario;
use borderflow_core::scenario::{clock, clock_s};
use borderflow_sim::replicate::{IntervalEstimate, SummaryEstimate};
use borderflow_sim::{Estimate, Exporter, Recorder};
use serde::Serialize;

use crate::simulate::Outcome;

fn min(e: &Estimate) -> String {
    if e.mean.is_nan() { "-".into() } else { format!("{:.1}", e.mean / 60.0) }
}

fn pm_min(e: &Estimate) -> String {
    if e.mean.is_nan() {
        "-".into()
    } else if e.n > 1 {
        format!("{:.1}±{:.1}", e.mean / 60.0, e.ci95 / 60.0)
    } else {
        format!("{:.1}", e.mean / 60.0)
    }
}

fn pct(e: &Estimate) -> String {
    if e.mean.is_nan() { "-".into() } else { format!("{:.0}%", e.mean * 100.0) }
}

fn active(r: &IntervalEstimate) -> bool {
    r.arrivals.mean > 0.0 || r.cleared.mean > 0.0 || r.len_max.mean > 0.0
}

/// Per interval and queue, the intervals where anything happened.
pub fn print_intervals(out: &mut dyn Write, o: &Outcome) -> io::Result<()> {
    let s = &o.scenario;
    let iv = s.standard.interval_s;
    let qw = s.queues.iter().map(|q| q.id.as_str().len()).max().unwrap_or(5).max(5);
    writeln!(
        out,
        "{:<5}  {:<qw$}  {:>6} {:>6}  {:>7} {:>6}  {:>6} {:>6} {:>11} {:>6}  {:>5} {:>5}",
        "time", "queue", "arr", "ended", "len", "max", "wait", "p50", "p95", "max", "util", "≤std"
    )?;
    writeln!(
        out,
        "{:<5}  {:<qw$}  {:>6} {:>6}  {:>7} {:>6}  {:>6} {:>6} {:>11} {:>6}  {:>5} {:>5}",
        "", "", "", "", "mean", "", "min", "min", "min", "min", "", ""
    )?;
    for r in o.rows.iter().filter(|r| active(r)) {
        writeln!(
            out,
            "{:<5}  {:<qw$}  {:>6.0} {:>6.0}  {:>7.1} {:>6.0}  {:>6} {:>6} {:>11} {:>6}  {:>5} {:>5}",
            clock(r.interval as f64 * iv),
            s.queues[r.queue as usize].id.as_str(),
            r.arrivals.mean,
            r.cleared.mean,
            r.len_mean.mean,
            r.len_max.mean,
            min(&r.wait_mean),
            min(&r.wait_p50),
            pm_min(&r.wait_p95),
            min(&r.wait_max),
            pct(&r.utilisation),
            pct(&r.within_standard),
        )?;
    }
    writeln!(out)?;
    Ok(())
}

fn num(e: &Estimate) -> String {
    if e.n > 1 { format!("{:.0} ± {:.0}", e.mean, e.ci95) } else { format!("{:.0}", e.mean) }
}

fn share(e: &Estimate) -> String {
    if e.mean.is_nan() {
        "-".into()
    } else if e.n > 1 {
        format!("{:.1} % ± {:.1}", e.mean * 100.0, e.ci95 * 100.0)
    } else {
        format!("{:.1} %", e.mean * 100.0)
    }
}

fn at(e: &Estimate) -> String {
    if e.mean.is_nan() {
        "-".into()
    } else if e.n > 1 {
        format!("{} ± {:.0} min", clock(e.mean), e.ci95 / 60.0)
    } else {
        clock(e.mean)
    }
}

/// One day's count; over replications, on how many days anyone was (a
/// mean of 0.02 would print as 0 and hide a stranded traveller).
fn stranded(s: &SummaryEstimate) -> String {
    match (s.replications, s.stranded_in) {
        (0 | 1, _) => s.stranded_max.to_string(),
        (n, 0) => format!("nobody, on all {n} days"),
        (n, k) => format!("someone on {k} of {n} days (at most {} on one day)", s.stranded_max),
    }
}

/// The summary's lines as (label, value) pairs.
fn summary_lines(s: &SummaryEstimate, std_min: f64) -> Vec<(String, String)> {
    vec![
        ("travellers".into(), num(&s.travellers)),
        ("cleared".into(), num(&s.cleared)),
        ("referred (secondary)".into(), num(&s.referred)),
        ("refused".into(), num(&s.refused)),
        ("left stranded".into(), stranded(s)),
        (format!("waited ≤ {std_min:.0} min"), share(&s.within_standard)),
        ("mean wait".into(), format!("{} min", pm_min(&s.wait_mean))),
        ("95th percentile wait".into(), format!("{} min", pm_min(&s.wait_p95))),
        ("worst wait".into(), format!("{} min", pm_min(&s.wait_max))),
        ("standard broken in".into(), format!("{} of {} days", s.breached_in, s.replications)),
        ("first broken (arrival)".into(), at(&s.first_breach)),
        ("last broken (arrival)".into(), at(&s.last_breach)),
        ("time broken".into(), format!("{} min", num(&s.breach_minutes))),
        ("last traveller cleared".into(), at(&s.last_clearance)),
    ]
}

pub fn print_summary(out: &mut dyn Write, o: &Outcome) -> io::Result<()> {
    let s = &o.scenario;
    writeln!(out, "{} — {} ({}), {} replication(s)", s.name, s.date, s.time_zone_name, o.summary.replications)?;
    for (k, v) in summary_lines(&o.summary, s.standard.max_wait_s / 60.0) {
        writeln!(out, "  {k:<24} {v}")?;
    }
    Ok(())
}

pub fn print_comparison(out: &mut dyn Write, a: &Outcome, b: &Outcome) -> io::Result<()> {
    let std_min = a.scenario.standard.max_wait_s / 60.0;
    let la = summary_lines(&a.summary, std_min);
    let lb = summary_lines(&b.summary, b.scenario.standard.max_wait_s / 60.0);
    let w = la.iter().chain(&lb).map(|(_, v)| v.chars().count()).max().unwrap_or(10).max(12);
    writeln!(out, "{} — {}, {} replication(s) each, same seeds", a.scenario.name, a.scenario.date, a.summary.replications)?;
    writeln!(out, "  {:<24} {:>w$}   {:>w$}", "", "A", "B")?;
    for ((k, va), (_, vb)) in la.iter().zip(&lb) {
        writeln!(out, "  {k:<24} {va:>w$}   {vb:>w$}")?;
    }
    writeln!(out, "  A: {}\n  B: {}", a.label, b.label)?;
    let (ma, mb) = (a.summary.wait_p95.mean / 60.0, b.summary.wait_p95.mean / 60.0);
    writeln!(out, "  95th percentile wait: {ma:.1} → {mb:.1} min ({:+.1})", mb - ma)?;
    Ok(())
}

#[derive(Serialize)]
struct Row<'a> {
    time: String,
    queue: &'a str,
    direction: &'a str,
    #[serde(flatten)]
    figures: &'a IntervalEstimate,
}

#[derive(Serialize)]
struct TableJson<'a> {
    scenario: &'a str,
    checkpoint: &'a str,
    date: String,
    time_zone: &'a str,
    seed: u64,
    interval_minutes: f64,
    note: &'static str,
    rows: Vec<Row<'a>>,
    summary: &'a SummaryEstimate,
}

/// The per-interval table as CSV (one column per figure and its 95 % CI) or JSON.
pub fn write_table(path: &Path, o: &Outcome, seed: u64) -> Result<()> {
    let s = &o.scenario;
    let iv = s.standard.interval_s;
    let row = |r: &'_ IntervalEstimate| {
        let q = &s.queues[r.queue as usize];
        (clock(r.interval as f64 * iv), q.id.as_str(), q.direction.as_str())
    };
    if path.extension().and_then(|e| e.to_str()) == Some("json") {
        let rows = o.rows.iter().map(|r| {
            let (time, queue, direction) = row(r);
            Row { time, queue, direction, figures: r }
        });
        let doc = TableJson {
            scenario: &s.name,
            checkpoint: s.checkpoint.as_str(),
            date: s.date.to_string(),
            time_zone: &s.time_zone_name,
            seed,
            interval_minutes: iv / 60.0,
            note: "times are local; waits in seconds; each figure is {mean, ci95, n} over replications",
            rows: rows.collect(),
            summary: &o.summary,
        };
        let f = std::io::BufWriter::new(std::fs::File::create(path)?);
        serde_json::to_writer_pretty(f, &doc)?;
        return Ok(());
    }
    let mut w = csv::Writer::from_path(path)?;
    let names = [
        "arrivals",
        "cleared",
        "len_mean",
        "len_max",
        "wait_mean_s",
        "wait_p50_s",
        "wait_p95_s",
        "wait_max_s",
        "within_standard",
        "utilisation",
        "lanes_open",
    ];
    let mut header = vec!["time".to_string(), "queue".into(), "direction".into()];
    for n in names {
        header.push(n.into());
        header.push(format!("{n}_ci95"));
    }
    w.write_record(&header)?;
    for r in &o.rows {
        let (time, queue, direction) = row(r);
        let mut rec = vec![time, queue.to_string(), direction.to_string()];
        for e in [
            &r.arrivals,
            &r.cleared,
            &r.len_mean,
            &r.len_max,
            &r.wait_mean,
            &r.wait_p50,
            &r.wait_p95,
            &r.wait_max,
            &r.within_standard,
            &r.utilisation,
            &r.lanes_open,
        ] {
            let f = |x: f64| if x.is_nan() { String::new() } else { format!("{x:.4}") };
            rec.push(f(e.mean));
            rec.push(f(e.ci95));
        }
        w.write_record(&rec)?;
    }
    w.flush()?;
    Ok(())
}

/// One row per traveller of a recorded run.
pub fn write_travellers(path: &Path, s: &Scenario, rec: &Recorder, seed: u64) -> Result<()> {
    let ex = Exporter::new(s, seed);
    let mut w = csv::Writer::from_path(path)?;
    w.write_record([
        "traveller",
        "direction",
        "category",
        "arrived",
        "first_queue",
        "queue",
        "wait_s",
        "started",
        "ended",
        "outcome",
        "lane",
    ])?;
    for (n, r) in rec.travellers.iter().enumerate() {
        let t = |x: f64| if x.is_nan() { String::new() } else { clock_s(x) };
        let q = &s.queues[r.queue as usize];
        let done = r.outcome.is_some();
        w.write_record([
            ex.traveller(n as u32).to_string(),
            q.direction.to_string(),
            s.categories[r.category as usize].id.to_string(),
            t(r.arrived),
            s.queues[r.first_queue as usize].id.to_string(),
            q.id.to_string(),
            if done { format!("{:.1}", r.wait) } else { String::new() },
            t(r.started),
            t(r.ended),
            r.outcome.map(|o| format!("{o:?}").to_lowercase()).unwrap_or_else(|| "stranded".into()),
            if r.started.is_nan() { String::new() } else { s.lanes[r.lane as usize].id.to_string() },
        ])?;
    }
    w.flush()?;
    Ok(())
}
