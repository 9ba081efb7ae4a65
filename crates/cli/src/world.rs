//! `--world` and `--as-planned`: how the simulated day departs from the
//! scenario the checkpoint knows (`borderflow demo`, `borderflow twin-trial`).

use std::path::PathBuf;

use anyhow::{Context, Result};
use borderflow_core::Scenario;
use borderflow_core::scenario::World;

/// Flags choosing the world the simulated hall runs.
#[derive(clap::Args)]
pub struct WorldArgs {
    /// How the simulated day departs from the scenario: a world file (TOML keys `service_factor`,
    /// `crowd_factor`, `[[slow_lanes]]`, `[[groups]]`; see docs). Default: desks 20 % slower than
    /// planned, the fourth desk at half speed, an unannounced coach of 50 at 11:30, the opening
    /// crowd a third larger.
    #[arg(long, conflicts_with = "as_planned")]
    world: Option<PathBuf>,
    /// Run the day exactly as the scenario plans it (the twin then predicts a world it knows).
    #[arg(long)]
    as_planned: bool,
}

impl WorldArgs {
    /// The world of `s`, and a line saying what it is.
    pub fn apply(&self, s: &Scenario) -> Result<(Scenario, String)> {
        if self.as_planned {
            return Ok((s.clone(), "the day as the scenario plans it".into()));
        }
        let (world, name) = match &self.world {
            Some(path) => {
                let text = std::fs::read_to_string(path).with_context(|| format!("reading the world {}", path.display()))?;
                (World::parse(&text, &path.display().to_string())?, path.display().to_string())
            }
            None => (World::default_for(s), "default".to_string()),
        };
        let applied = world.apply(s, &name)?;
        Ok((applied, describe(&world, &name)))
    }
}

/// The world in words.
fn describe(w: &World, name: &str) -> String {
    let mut parts = vec![format!("desks take {:.0} % of their planned time", w.service_factor * 100.0)];
    parts.extend(w.slow_lanes.iter().map(|l| format!("{} takes {}× as long", l.lane, l.factor)));
    parts.push(format!("the opening crowd is {:.0} % of the plan's", w.crowd_factor * 100.0));
    parts.extend(w.groups.iter().map(|g| format!("a group of {} arrives unannounced at {}", g.size, g.at)));
    let which = if name == "default" { "the default world".to_string() } else { format!("the world in {name}") };
    format!("a day the server does not know ({which}): {}", parts.join("; "))
}
