//! `borderflow bench`: the simulator's speed, printed as figures (not a test).

use std::time::Instant;

use crate::measure::median;
use anyhow::Result;
use borderflow_core::Scenario;
use borderflow_core::scenario::DistSpec;
use borderflow_sim::erlang::Mmc;
use borderflow_sim::record::Waits;
use borderflow_sim::{Model, simulate_day, textbook};

#[derive(clap::Args)]
pub struct Args {
    /// Scenario for the whole-day figures.
    #[arg(default_value = "scenarios/khorgos.toml")]
    scenario: std::path::PathBuf,
    /// Timed repetitions of each single-core measurement (the median is reported).
    #[arg(long, default_value_t = 7)]
    repeat: usize,
    /// Replications for the all-cores figure.
    #[arg(long, default_value_t = 1000)]
    replications: u64,
    /// Only the M/M/c figure.
    #[arg(long)]
    mmc_only: bool,
}

pub fn run(args: Args) -> Result<()> {
    let repeat = args.repeat.max(1);
    // M/M/c: λ = 1/s, μ = 0.08/s (12.5 s), c = 14, ρ ≈ 0.89; 220,000 customers, the first 20,000 warm-up.
    let (lambda, service_s, c) = (1.0, 12.5, 14);
    let s = textbook::single_queue(lambda, DistSpec::Exponential(service_s), c, 220_000.0 / lambda);
    let model = Model::new(&s);
    let mut rates = Vec::new();
    let mut last = (0, 0.0);
    for r in 0..repeat {
        let mut sink = Waits::after(20_000);
        let t = Instant::now();
        let stats = model.run(r as u64 + 1, &mut sink);
        let secs = t.elapsed().as_secs_f64();
        rates.push(stats.travellers as f64 / secs);
        last = (stats.travellers, sink.mean());
    }
    let theory = Mmc { lambda, service_s, servers: c }.mean_wait();
    println!("M/M/c (λ=1/s, μ=0.08/s, c=14, ρ=0.89), {} customers incl. 20,000 warm-up, one core:", last.0);
    println!(
        "  {:.2} M customers per second (median of {repeat}; min {:.2}, max {:.2})",
        median(rates.clone()) / 1e6,
        rates.iter().cloned().fold(f64::INFINITY, f64::min) / 1e6,
        rates.iter().cloned().fold(0.0, f64::max) / 1e6
    );
    println!("  mean wait after warm-up {:.2} s (Erlang C: {theory:.2} s; one run, so sampling error applies)", last.1);
    println!(
        "  for comparison on this machine (issue #2): SimPy 4.1 0.116 M/s, Ciw 3.2 0.053 M/s, salabim 26 0.183 M/s, bare Python heap 1.6 M/s"
    );

    if args.mmc_only {
        return Ok(());
    }
    let k = Scenario::load(&args.scenario, &[])?;
    let model = Model::new(&k);
    let mut times = Vec::new();
    let mut travellers = 0;
    for r in 0..repeat.max(11) {
        let t = Instant::now();
        let day = simulate_day(&model, r as u64 + 1);
        times.push(t.elapsed().as_secs_f64());
        travellers = day.summary.travellers;
    }
    println!("{} day ({} travellers), with per-interval figures, one core:", k.name, travellers);
    println!("  {:.2} ms per day (median of {})", median(times.clone()) * 1e3, times.len());

    let t = Instant::now();
    let days = borderflow_sim::replicate(&model, 1, args.replications, &|| {});
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{} replications of that day on {} threads: {:.2} s ({:.0} days/s)",
        days.len(),
        rayon::current_num_threads(),
        secs,
        days.len() as f64 / secs
    );
    Ok(())
}
