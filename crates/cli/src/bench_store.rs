//! `borderflow bench-store`: a year of simulated traffic into a store, then
//! the dashboard's and reports' statistics queries timed on it.

use std::path::PathBuf;
use std::time::Instant;

use crate::measure::median;
use anyhow::{Context, Result};
use borderflow_core::Scenario;
use borderflow_sim::{Exporter, Model};
use borderflow_store::{Bucket, Dim, Layout, StatsQuery, rollup};
use indicatif::{ProgressBar, ProgressStyle};

#[derive(clap::Args)]
pub struct Args {
    /// The store to fill (a SQLite path or postgres:// URL). Reused if it already holds the year.
    #[arg(long)]
    db: String,
    /// Days of traffic, one simulated day each (seeded by its number).
    #[arg(long, default_value_t = 365)]
    days: u32,
    /// First day.
    #[arg(long, default_value = "2025-01-01")]
    from_date: String,
    /// Scenario simulated each day.
    #[arg(long, default_value = "scenarios/khorgos.toml")]
    scenario: PathBuf,
    /// Timed runs of each query (the median is reported).
    #[arg(long, default_value_t = 9)]
    repeat: usize,
}

pub fn run(args: Args) -> Result<()> {
    let from: jiff::civil::Date = args.from_date.parse().with_context(|| format!("--from-date `{}`", args.from_date))?;
    let base = Scenario::load(&args.scenario, &[])?;
    let layout = Layout::from_scenarios(std::slice::from_ref(&base));
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async move {
        let store = borderflow_store::open(&args.db, &layout).await?;
        if store.count().await? == 0 {
            let bar = ProgressBar::new(args.days as u64);
            bar.set_style(
                ProgressStyle::with_template("simulating and storing [{bar:30}] {pos}/{len} days, {msg}, eta {eta}").expect("valid"),
            );
            let t = Instant::now();
            let mut total = 0u64;
            let mut date = from;
            for day in 0..args.days {
                let s = Scenario::load(&args.scenario, &[format!("checkpoint.date=\"{date}\"")])?;
                let mut sim = Vec::new();
                Model::new(&s).run(day as u64 + 1, &mut sim);
                let mut ex = Exporter::new(&s, day as u64 + 1);
                let events: Vec<_> = sim.iter().map(|e| ex.convert(e)).collect();
                for chunk in events.chunks(20_000) {
                    store.append(chunk).await?;
                }
                total += events.len() as u64;
                bar.set_message(format!("{:.1} M events, {:.0} events/s", total as f64 / 1e6, total as f64 / t.elapsed().as_secs_f64()));
                bar.inc(1);
                date = date.tomorrow()?;
            }
            bar.finish_and_clear();
            println!(
                "stored {total} events ({} days) in {:.0} s: {:.0} events/s (bulk appends of 20,000)",
                args.days,
                t.elapsed().as_secs_f64(),
                total as f64 / t.elapsed().as_secs_f64()
            );
            let t = Instant::now();
            let days = rollup::refresh(store.as_ref(), &layout).await?;
            println!("rolled up {days} days in {:.0} s", t.elapsed().as_secs_f64());
        } else {
            println!("the store already holds {} events: timing queries only", store.count().await?);
        }
        let tz = layout.time_zone(base.checkpoint.as_str());
        let at = |d: jiff::civil::Date| d.to_zoned(tz.clone()).map(|z| z.timestamp());
        let mid = from.checked_add(jiff::Span::new().days(args.days as i64 / 2))?;
        let month_start = mid.first_of_month();
        let cases = [
            (
                "a day, per 15 min × direction × category × lane kind",
                at(mid)?,
                at(mid.tomorrow()?)?,
                Bucket::Quarter,
                vec![Dim::Direction, Dim::Category, Dim::LaneKind],
            ),
            ("a day, per hour × lane kind", at(mid)?, at(mid.tomorrow()?)?, Bucket::Hour, vec![Dim::LaneKind]),
            (
                "a month, per day × category",
                at(month_start)?,
                at(month_start.checked_add(jiff::Span::new().months(1))?)?,
                Bucket::Day,
                vec![Dim::Category],
            ),
            (
                "the year, per month × direction",
                at(from)?,
                at(from.checked_add(jiff::Span::new().days(args.days as i64))?)?,
                Bucket::Month,
                vec![Dim::Direction],
            ),
            ("the year, per day", at(from)?, at(from.checked_add(jiff::Span::new().days(args.days as i64))?)?, Bucket::Day, vec![]),
            (
                "the year, total × category × lane kind",
                at(from)?,
                at(from.checked_add(jiff::Span::new().days(args.days as i64))?)?,
                Bucket::Total,
                vec![Dim::Category, Dim::LaneKind],
            ),
        ];
        println!("statistics queries on {} events (median of {}):", store.count().await?, args.repeat);
        for (label, from, to, bucket, by) in cases {
            let q = StatsQuery { checkpoint: base.checkpoint.to_string(), from, to, bucket, by };
            let mut times = Vec::new();
            let mut rows = 0;
            for _ in 0..args.repeat.max(1) {
                let t = Instant::now();
                rows = store.stats(&q).await?.len();
                times.push(t.elapsed().as_secs_f64());
            }
            println!("  {label:<55} {:>7.2} ms  ({rows} rows)", median(times) * 1e3);
        }
        Ok(())
    })
}
