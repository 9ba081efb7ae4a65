//! `borderflow twin-trial`: the twin scored against a world it does not
//! know, beside persistence (each queue's wait estimate held constant).
//! Figures, not a test: `docs/planner.md` quotes them.

use std::path::PathBuf;

use anyhow::Result;
use borderflow_core::Scenario;
use borderflow_core::scenario::clock;
use borderflow_live::track::TrackLine;
use borderflow_live::trial::{TrialOptions, trial};

use crate::world::WorldArgs;

#[derive(clap::Args)]
pub struct Args {
    /// The scenario the checkpoint (and its twin) knows.
    #[arg(default_value = "scenarios/khorgos.toml")]
    scenario: PathBuf,
    #[command(flatten)]
    world: WorldArgs,
    /// Seed of the simulated day.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<()> {
    let plan = Scenario::load(&args.scenario, &[])?;
    let (world, described) = args.world.apply(&plan)?;
    let t = trial(&plan, &world, args.seed, &TrialOptions::default());
    if args.json {
        println!("{}", serde_json::to_string_pretty(&t)?);
        return Ok(());
    }
    println!("{described}");
    println!("{} outlooks, one every 5 min; MAE of each queue's 95th-percentile wait, minutes", t.outlooks);
    let table = |title: &str, lines: &[TrackLine]| {
        println!("{title}");
        println!("  {:>8} {:>9} {:>8} {:>12} {:>14}", "ahead", "predicted", "twin", "persistence", "twin/persist.");
        for l in lines {
            let p = l.persistence_mae_min;
            let ratio = p.map_or("-".into(), |p| format!("{:.2}", l.mae_min / p));
            let p = p.map_or("-".into(), |p| format!("{p:.2}"));
            println!("  {:>5} min {:>9} {:>8.2} {:>12} {:>14}", l.horizon_min, l.scored, l.mae_min, p, ratio);
        }
    };
    table("the whole day:", &t.day);
    table(&format!("the busiest two hours ({}–{}):", clock(t.busiest_from_s), clock(t.busiest_from_s + 7200.0)), &t.busiest);
    Ok(())
}
