//! `borderflow bench-twin`: how long one twin refresh takes with its
//! whole-hall advice (every verifying replication included), in the hall
//! states the advice was built for, beside the outlook alone. Figures, not a test.

use std::time::Instant;

use anyhow::{Result, anyhow};
use borderflow_core::Scenario;
use borderflow_core::scenario::{clock, parse_clock};
use borderflow_live::simulated::picture_at;
use borderflow_live::twin::{TwinOptions, outlook};

use borderflow_sim::report::quantile;

#[derive(clap::Args)]
pub struct Args {
    /// The scenario (Khorgos: its lanes are named in the states below).
    #[arg(default_value = "scenarios/khorgos.toml")]
    scenario: std::path::PathBuf,
    /// Timed refreshes per state.
    #[arg(long, default_value_t = 15)]
    repeat: usize,
    /// Seed of the simulated day.
    #[arg(long, default_value_t = 7)]
    seed: u64,
}

/// A hall state: a name, the instant, and the supervisors' commands before it.
struct State {
    name: &'static str,
    at: &'static str,
    closed: &'static [&'static str],
}

const STATES: &[State] = &[
    State { name: "the demo's busiest minute (09:55, every lane open)", at: "09:55", closed: &[] },
    State { name: "D3-D5 closed at 09:55 in the surge (10:00)", at: "10:00", closed: &["D3", "D4", "D5"] },
    State { name: "D6-D8 and D1 closed at 10:30", at: "10:30", closed: &["D1", "D6", "D7", "D8"] },
    State { name: "an evening with short queues (19:00)", at: "19:00", closed: &[] },
];

pub fn run(args: Args) -> Result<()> {
    let s = Scenario::load(&args.scenario, &[])?;
    let repeat = args.repeat.max(1);
    println!("twin refresh on {} cores, {repeat} refreshes per state (median, p95):", rayon::current_num_threads());
    for st in STATES {
        let now_s = parse_clock(st.at).map_err(|e| anyhow!(e))?;
        let commands: Vec<_> = st.closed.iter().map(|&l| (now_s - 300.0, l, false)).collect();
        let (cp, _) = picture_at(&s, args.seed, &commands, now_s).map_err(|e| anyhow!(e))?;
        let time = |opt: &TwinOptions| {
            let mut ms = Vec::with_capacity(repeat);
            let mut last = None;
            for _ in 0..repeat {
                let t = Instant::now();
                last = Some(outlook(&s, now_s, &cp.queues, &cp.lanes, opt));
                ms.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            ms.sort_by(f64::total_cmp);
            (quantile(&ms, 0.5), quantile(&ms, 0.95), last.expect("at least one"))
        };
        let (alone50, alone95, _) = time(&TwinOptions { advise: false, ..TwinOptions::default() });
        let (with50, with95, o) = time(&TwinOptions::default());
        println!("  {} at {}:", st.name, clock(now_s));
        println!("    outlook alone      {alone50:>8.1} ms  {alone95:>8.1} ms");
        println!("    with the advice    {with50:>8.1} ms  {with95:>8.1} ms  ({:.1}× the outlook)", with50 / alone50.max(1e-9));
        match o.advice {
            Some(a) => {
                println!("    advice: {} ({} moves){}", a.summary.en, a.actions.len(), if a.prevents { "" } else { "; breaches remain" })
            }
            None => println!("    advice: none (no breach predicted)"),
        }
    }
    Ok(())
}
