//! The live picture of a simulated day: the simulator run to an instant,
//! supervisors' lane commands obeyed on the way, its events applied as a
//! server fed by `borderflow demo` would apply them. For the twin's tests and
//! its benchmark, which need the hall as the command centre would see it.

use borderflow_core::Scenario;
use borderflow_sim::Model;
use borderflow_sim::export::Exporter;
use borderflow_sim::output::SimEvent;

use crate::{CheckpointView, Live};

/// A supervisor's command: at this second from midnight, open (true) or close this lane.
pub type Command<'a> = (f64, &'a str, bool);

/// The checkpoint's picture at `now_s` (seconds from the scenario day's
/// midnight) of the day simulated with `seed`, `commands` obeyed in time
/// order, and the simulator's events up to then. Lanes the scenario does not
/// have are refused by name.
pub fn picture_at(s: &Scenario, seed: u64, commands: &[Command], now_s: f64) -> Result<(CheckpointView, Vec<SimEvent>), String> {
    let model = Model::new(s);
    let mut sim = model.start(seed);
    let mut events = Vec::new();
    let mut commands = commands.to_vec();
    commands.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (at, lane, open) in commands.into_iter().filter(|c| c.0 <= now_s) {
        let l = s.lane_index(lane).ok_or_else(|| format!("no lane `{lane}` in {}", s.checkpoint))?;
        sim.advance_to(at, &mut events);
        sim.command(at, l, open, &mut events);
    }
    sim.advance_to(now_s, &mut events);
    let mut live = Live::new(std::slice::from_ref(s));
    let mut export = Exporter::new(s, seed);
    for e in &events {
        live.apply(&export.convert(e));
    }
    let cp = live.snapshot(s.instant(now_s)).checkpoints.remove(0);
    Ok((cp, events))
}
