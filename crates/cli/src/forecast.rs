//! `borderflow forecast`: arrivals per 15 minutes for a day, from hourly
//! history, with each method's error on held-out days.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use borderflow_plan::forecast::{self, Calendar, History, Key, Method};
use jiff::civil::Date;

/// Where the history comes from and how to forecast (shared with `plan --date`).
#[derive(clap::Args, Clone)]
pub struct Source {
    /// Hourly counts: CSV `date,hour,direction,category,count`, or CBP airport files (repeatable).
    #[arg(long = "history", value_name = "FILE")]
    pub history: Vec<PathBuf>,
    /// Read the history from a checkpoint's store instead (SQLite path or postgres:// URL): arrivals per hour.
    #[arg(long)]
    pub db: Option<String>,
    /// With --db: the checkpoint's scenario (its id, lanes and time zone).
    #[arg(long, value_name = "SCENARIO", default_value = "scenarios/khorgos.toml")]
    pub checkpoint: PathBuf,
    /// Holidays and events (TOML `[[day]] date = "…" factor = 1.5 note = "…"`).
    #[arg(long)]
    pub calendar: Option<PathBuf>,
    /// Method (default: the best on held-out history).
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(forecast::Method::ALL.map(forecast::Method::name)))]
    pub method: Option<String>,
    /// Days at the end of the history held out to score the methods.
    #[arg(long, default_value_t = 56)]
    pub holdout_days: usize,
}

/// Flags of `borderflow forecast`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    source: Source,
    /// The day to forecast (default: the day after the history).
    #[arg(long)]
    date: Option<Date>,
    /// Write the forecast per 15 minutes to this CSV.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// A day's forecast and how it was chosen.
pub struct DayForecast {
    /// The day.
    pub date: Date,
    /// The method used.
    pub method: Method,
    /// Every method's held-out error.
    pub evaluations: Vec<forecast::Evaluation>,
    /// Per series, per hour.
    pub hourly: Vec<(Key, [f64; 24])>,
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))
}

/// Arrivals per local hour, direction and category from a checkpoint's store (the same reading the server's twin forecasts from).
fn from_store(db: &str, scenario: &Path) -> Result<Vec<forecast::Count>> {
    let s = borderflow_core::Scenario::load(scenario, &[])?;
    let layout = borderflow_store::Layout::from_scenarios(std::slice::from_ref(&s));
    tokio::runtime::Runtime::new()?.block_on(async {
        let store = borderflow_store::open(db, &layout).await?;
        let to = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(48);
        anyhow::Ok(borderflow_server::demand::hourly_counts(store.as_ref(), &layout, &s, to).await?)
    })
}

/// The history loaded and the method chosen: forecasts for any number of days.
pub struct Forecaster {
    history: History,
    calendar: Calendar,
    method: Method,
    evaluations: Vec<forecast::Evaluation>,
}

/// Loads the history and forecasts `date` (or the day after the history).
pub fn day(src: &Source, date: Option<Date>) -> Result<DayForecast> {
    Forecaster::load(src)?.day(date)
}

impl Forecaster {
    /// Reads the history (files or store) and the calendar, and scores the methods on it once.
    pub fn load(src: &Source) -> Result<Forecaster> {
        let mut counts = Vec::new();
        match (&src.db, src.history.is_empty()) {
            (Some(db), true) => counts = from_store(db, &src.checkpoint)?,
            (Some(_), false) => bail!("give the history either as --history files or from --db, not both"),
            (None, true) => bail!("give the history to forecast from: --history FILE (hourly counts or CBP files) or --db STORE"),
            (None, false) => {
                for p in &src.history {
                    counts.extend(forecast::read_counts(&read(p)?, &p.display().to_string())?);
                }
            }
        }
        if counts.is_empty() {
            bail!("the history holds no arrivals");
        }
        let calendar = match &src.calendar {
            Some(p) => Calendar::parse(&read(p)?, &p.display().to_string())?,
            None => Calendar::default(),
        };
        let history = History::new(&counts);
        let (best, evaluations) = forecast::choose(&history, src.holdout_days, &calendar);
        let method = match src.method.as_deref() {
            Some(name) => *Method::ALL.iter().find(|m| m.name() == name).expect("clap checked the name"),
            None => best,
        };
        Ok(Forecaster { history, calendar, method, evaluations })
    }

    /// The forecast for `date` (or the day after the history); refused when
    /// the history holds no day to forecast it from (it would be all zeros).
    pub fn day(&self, date: Option<Date>) -> Result<DayForecast> {
        let h = &self.history;
        let (first, last) = (h.days().next().expect("non-empty history"), h.days().last().expect("non-empty history"));
        let date = date.unwrap_or_else(|| last.tomorrow().expect("a representable date"));
        if !h.can_forecast(date, self.method, &self.calendar) {
            bail!(
                "cannot forecast {date} (a {:?}) from history of {first} to {last}: {} looks back to the same weekday up to {} weeks before it; \
                 give history that reaches within that of {date}",
                date.weekday(),
                self.method.name(),
                forecast::reach_weeks(self.method)
            );
        }
        let hourly = h.keys().map(|k| (k.clone(), h.forecast_day(k, date, self.method, &self.calendar))).collect();
        Ok(DayForecast { date, method: self.method, evaluations: self.evaluations.clone(), hourly })
    }
}

/// Runs the command.
pub fn run(a: Args) -> Result<()> {
    let f = day(&a.source, a.date)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "methods scored on the last {} days of history (each day forecast from the days before it):", a.source.holdout_days)?;
    writeln!(out, "  {:<20} {:>12} {:>10}", "method", "MAE/hour", "MAPE")?;
    for e in &f.evaluations {
        writeln!(out, "  {:<20} {:>12.1} {:>9.1} %", e.method.name(), e.mae, e.mape)?;
    }
    writeln!(out, "forecast for {} with {}:", f.date, f.method.name())?;
    write!(out, "{:<6}", "time")?;
    for ((d, c), _) in &f.hourly {
        write!(out, " {:>16}", format!("{d}/{c}"))?;
    }
    writeln!(out)?;
    let mut rows = Vec::new();
    for q in 0..96 {
        let vals: Vec<f64> = f.hourly.iter().map(|(_, v)| v[q / 4] / 4.0).collect();
        if vals.iter().all(|&x| x == 0.0) {
            continue;
        }
        let t = format!("{:02}:{:02}", q / 4, (q % 4) * 15);
        write!(out, "{t:<6}")?;
        for x in &vals {
            write!(out, " {x:>16.1}")?;
        }
        writeln!(out)?;
        rows.push((t, vals));
    }
    let total: f64 = f.hourly.iter().map(|(_, v)| v.iter().sum::<f64>()).sum();
    writeln!(out, "day total {total:.0}")?;
    if let Some(p) = &a.out {
        let mut w = csv::Writer::from_path(p)?;
        w.write_record(["date", "start", "direction", "category", "travellers"])?;
        for (t, vals) in &rows {
            for (((d, c), _), x) in f.hourly.iter().zip(vals) {
                w.write_record([f.date.to_string(), t.clone(), d.clone(), c.clone(), format!("{x:.2}")])?;
            }
        }
        w.flush()?;
    }
    Ok(())
}
