//! `borderflow plan`: the fewest desks and e-gates per interval that keep
//! travellers within the standard, verified by simulation, with a roster.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use borderflow_core::Scenario;
use borderflow_core::scenario::clock;
use borderflow_plan::doc::PlanDoc;
use borderflow_plan::roster::{Roster, roster};
use borderflow_plan::staffing::{self, Options, Plan, Target};

/// Flags of `borderflow plan`.
#[derive(clap::Args)]
pub struct Args {
    /// Scenario file (its hall, service times and, without --date, its demand).
    scenario: PathBuf,
    /// What-if overrides, as for `simulate` (e.g. `entry_egates=12`).
    #[arg(long = "what-if", value_name = "NAME=VALUE")]
    what_if: Vec<String>,
    /// Plan this day from a forecast of the history (--history) instead of the scenario's own demand.
    #[arg(long)]
    date: Option<jiff::civil::Date>,
    /// Plan this many consecutive days from --date on, each from its own forecast (a week's rosters).
    #[arg(long, default_value_t = 1)]
    days: u32,
    #[command(flatten)]
    source: crate::forecast::Source,
    /// Share of each interval's travellers who must wait no longer than the standard.
    #[arg(long, default_value_t = 0.95)]
    share: f64,
    /// Nobody may wait longer than this, minutes.
    #[arg(long, default_value_t = 60.0)]
    hard_cap_minutes: f64,
    /// Replications per verification.
    #[arg(long, default_value_t = 16)]
    reps: u32,
    /// Seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Save the plan: .csv (one row per interval) or .json (plan, checks and roster).
    #[arg(long)]
    out: Vec<PathBuf>,
    /// Plot lanes open and predicted 95th-percentile wait (.svg or .png).
    #[arg(long)]
    plot: Option<PathBuf>,
    /// Push the plan to this server (`http://host:port`), so the dashboard shows plan vs actual.
    #[arg(long)]
    push: Option<String>,
    /// A supervisor's or admin's token for --push.
    #[arg(long, env = "BORDERFLOW_TOKEN", hide_env_values = true)]
    token: Option<String>,
}

/// The plan with its roster and the scenario as written, for comparison.
pub struct Planned {
    /// The plan.
    pub plan: Plan,
    /// Its officers.
    pub roster: Roster,
    /// The scenario's own staffing, simulated.
    pub as_written: borderflow_sim::replicate::SummaryEstimate,
}

/// Runs the command.
pub fn run(a: Args) -> Result<()> {
    if !(0.0..=1.0).contains(&a.share) || a.share == 0.0 {
        bail!("--share must be in (0, 1], got {}", a.share);
    }
    if a.reps < 2 {
        bail!("--reps must be at least 2 (the plan is verified over replications)");
    }
    let written = Scenario::load(&a.scenario, &a.what_if)?;
    let target = Target { share_within: a.share, max_wait_s: written.standard.max_wait_s, hard_cap_s: a.hard_cap_minutes * 60.0 };
    if target.hard_cap_s < target.max_wait_s {
        bail!("--hard-cap-minutes {} is below the standard ({} min)", a.hard_cap_minutes, written.standard.max_wait_s / 60.0);
    }
    let days: Vec<Option<jiff::civil::Date>> = match (a.date, a.days) {
        (_, 0) => bail!("--days must be at least 1"),
        (None, 1) => vec![None],
        (None, _) => bail!("--days needs --date (the first day) and a history to forecast each day from"),
        (Some(first), n) => (0..n as i64).map(|k| first.checked_add(jiff::Span::new().days(k)).map(Some)).collect::<Result<_, _>>()?,
    };
    if a.date.is_none() && (!a.source.history.is_empty() || a.source.db.is_some()) {
        bail!("--history and --db are used with --date (the day to plan)");
    }
    // The history is read and the forecast methods scored once, whatever the number of days.
    let forecaster = if a.date.is_some() { Some(crate::forecast::Forecaster::load(&a.source)?) } else { None };
    let mut out = std::io::stdout().lock();
    for day in days {
        let s = match day.zip(forecaster.as_ref()) {
            Some((date, forecaster)) => {
                let f = forecaster.day(Some(date))?;
                eprintln!("demand: forecast for {date} with {} from {} series", f.method.name(), f.hourly.len());
                borderflow_plan::forecast::scenario_for_day(&written, date, &f.hourly)?
            }
            None => written.clone(),
        };
        let started = std::time::Instant::now();
        let plan = staffing::plan(&s, &Options { target, reps: a.reps, max_rounds: 40, seed: a.seed });
        let elapsed = started.elapsed();
        let roster = roster(&s, &plan);
        let as_written = staffing::as_written(&s, a.reps, a.seed);
        let p = Planned { plan, roster, as_written };
        if a.days == 1 {
            print(&mut out, &s, &p)?;
            writeln!(out, "planned in {:.2} s ({} verification rounds of {} replications)", elapsed.as_secs_f64(), p.plan.rounds, a.reps)?;
        } else {
            day_line(&mut out, &s, &p)?;
        }
        for path in &a.out {
            // Several days: one file per day, the date before the extension.
            let path = if a.days == 1 { path.clone() } else { dated(path, s.date) };
            save(&path, &s, &p)?;
        }
        if let Some(path) = &a.plot {
            crate::plot::plan(&if a.days == 1 { path.clone() } else { dated(path, s.date) }, &s, &p.plan)?;
        }
        if let Some(server) = &a.push {
            push(server, a.token.as_deref(), &s, &p, &mut out)?;
        }
    }
    Ok(())
}

/// `plan.csv` → `plan-2026-07-12.csv`.
fn dated(path: &std::path::Path, date: jiff::civil::Date) -> PathBuf {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let ext = path.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
    path.with_file_name(format!("{stem}-{date}{ext}"))
}

/// One day of a several-day plan in a line.
fn day_line(out: &mut dyn Write, s: &Scenario, p: &Planned) -> Result<()> {
    let sm = &p.plan.summary;
    writeln!(
        out,
        "{} {}  {:>6.1} desk-h {:>6.1} e-gate-h  {:>3} officers  within 30 min {:>5.1} %  p95 {:>5.1} min  worst {:>5.1} min  {}",
        s.date,
        s.date.strftime("%a"),
        p.plan.desk_hours,
        p.plan.gate_hours,
        p.roster.officers.len(),
        100.0 * sm.within_standard.mean,
        sm.wait_p95.mean / 60.0,
        sm.wait_max.mean / 60.0,
        if p.plan.meets_target { "meets the target" } else { "CANNOT meet the target" }
    )?;
    Ok(())
}

/// Sends the plan to a server's `PUT /api/v1/plan`.
fn push(server: &str, token: Option<&str>, s: &Scenario, p: &Planned, out: &mut dyn Write) -> Result<()> {
    let token = token.context("--push needs --token (or BORDERFLOW_TOKEN): a supervisor's or admin's")?;
    let url = format!("{}/api/v1/plan", server.trim_end_matches('/'));
    let resp = reqwest::blocking::Client::new()
        .put(&url)
        .bearer_auth(token)
        .json(&document(s, p))
        .send()
        .with_context(|| format!("pushing the plan to {url}"))?;
    if !resp.status().is_success() {
        bail!("{url} answered {}: {}", resp.status(), resp.text().unwrap_or_default());
    }
    writeln!(out, "pushed to {url} for {} on {}", s.checkpoint, s.date)?;
    Ok(())
}

/// The plan as one document: what `--out plan.json` writes and `--push` sends.
fn document(s: &Scenario, p: &Planned) -> PlanDoc {
    PlanDoc::new(s, p.plan.clone(), p.roster.clone(), p.as_written)
}

fn print(out: &mut dyn Write, s: &Scenario, p: &Planned) -> Result<()> {
    let plan = &p.plan;
    write!(out, "{:<6}", "time")?;
    for g in &plan.groups {
        write!(out, " {:>w$}", g.group, w = g.group.len().max(4))?;
    }
    writeln!(out, "  worst p95 wait (queue)")?;
    let nq = s.queues.len();
    for i in 0..plan.intervals as usize {
        write!(out, "{:<6}", clock(plan.start_clock_s + i as f64 * plan.interval_s))?;
        for g in &plan.groups {
            write!(out, " {:>w$}", g.open[i], w = g.group.len().max(4))?;
        }
        let worst =
            plan.checks[i * nq..(i + 1) * nq].iter().filter(|c| c.wait_p95.is_finite()).max_by(|x, y| x.wait_p95.total_cmp(&y.wait_p95));
        match worst {
            Some(c) => writeln!(out, "  {:>5.1} min ({})", c.wait_p95 / 60.0, s.queues[c.queue as usize].id)?,
            None => writeln!(out, "      -")?,
        }
    }
    let sm = &plan.summary;
    writeln!(out)?;
    writeln!(
        out,
        "plan:        {:.1} desk-hours, {:.1} e-gate-hours; {} officers ({:.1} h at desks, {:.1} h on shift with breaks)",
        plan.desk_hours,
        plan.gate_hours,
        p.roster.officers.len(),
        p.roster.work_hours,
        p.roster.shift_hours
    )?;
    let line = |label: &str, x: &borderflow_sim::replicate::SummaryEstimate| {
        format!(
            "{label} within 30 min {:.1} %, mean wait {:.1} min, p95 {:.1} min, worst {:.1} min, standard broken {:.0} min of the day (in {} of {} runs)",
            100.0 * x.within_standard.mean,
            x.wait_mean.mean / 60.0,
            x.wait_p95.mean / 60.0,
            x.wait_max.mean / 60.0,
            x.breach_minutes.mean,
            x.breached_in,
            x.replications
        )
    };
    writeln!(out, "{}", line("planned:    ", sm))?;
    writeln!(out, "{}", line("as written: ", &p.as_written))?;
    if plan.meets_target {
        writeln!(out, "the plan meets the target in every interval and queue")?;
    } else {
        writeln!(out, "the plan CANNOT meet the target with the lanes this hall has; still breaking it:")?;
        for c in plan.failing.iter().take(12) {
            writeln!(
                out,
                "  {} {:<18} p95 {:.1} min, worst {:.1} min",
                clock(plan.start_clock_s + c.interval as f64 * plan.interval_s),
                s.queues[c.queue as usize].id,
                c.wait_p95 / 60.0,
                c.wait_max / 60.0
            )?;
        }
        if plan.failing.len() > 12 {
            writeln!(out, "  … and {} more", plan.failing.len() - 12)?;
        }
        if plan.needs.is_empty() {
            writeln!(out, "even {} more lanes in every group would not meet it", borderflow_plan::staffing::SPARE_LANES)?;
        } else {
            let enough = if plan.needs_enough { "to meet it" } else { "to come closer (even these would not meet it)" };
            writeln!(out, "{enough}, the hall would need beyond its lanes:")?;
            for n in &plan.needs {
                let what = match (n.kind, n.more) {
                    (borderflow_core::LaneKind::Manual, 1) => "desk",
                    (borderflow_core::LaneKind::Manual, _) => "desks",
                    (borderflow_core::LaneKind::Egate, 1) => "e-gate",
                    (borderflow_core::LaneKind::Egate, _) => "e-gates",
                };
                writeln!(out, "  {} more {what} (group {}) {}–{}", n.more, n.group, clock(n.from_clock_s), clock(n.to_clock_s))?;
            }
        }
    }
    Ok(())
}

fn save(path: &std::path::Path, s: &Scenario, p: &Planned) -> Result<()> {
    let plan = &p.plan;
    match path.extension().and_then(|e| e.to_str()) {
        Some("json") => {
            std::fs::write(path, serde_json::to_vec_pretty(&document(s, p))?)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        Some("csv") => {
            let mut w = csv::Writer::from_path(path).with_context(|| format!("cannot write {}", path.display()))?;
            let mut head = vec!["start".to_string()];
            head.extend(plan.groups.iter().map(|g| format!("open_{}", g.group)));
            head.extend(s.queues.iter().map(|q| format!("p95_wait_min_{}", q.id)));
            w.write_record(&head)?;
            let nq = s.queues.len();
            for i in 0..plan.intervals as usize {
                let mut row = vec![clock(plan.start_clock_s + i as f64 * plan.interval_s)];
                row.extend(plan.groups.iter().map(|g| g.open[i].to_string()));
                row.extend(
                    plan.checks[i * nq..(i + 1) * nq]
                        .iter()
                        .map(|c| if c.wait_p95.is_finite() { format!("{:.2}", c.wait_p95 / 60.0) } else { String::new() }),
                );
                w.write_record(&row)?;
            }
            w.flush()?;
        }
        _ => bail!("--out {}: use .csv or .json", path.display()),
    }
    Ok(())
}
