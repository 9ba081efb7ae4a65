//! The twin tried against a world it does not know: the day runs as the
//! [`World`](borderflow_core::scenario::World) has it (slower desks, a
//! larger crowd, a coach nobody announced), the live picture is built from
//! its events as the server would build it, and the twin, which knows only
//! the scenario, predicts from that picture every few minutes. Each
//! prediction is scored by the [`TrackRecord`] the server keeps, beside the
//! persistence baseline (each queue's wait estimate at the time, held).
//!
//! This is what `borderflow twin-trial` prints and what the demo's hall
//! does by default; a twin that only matches the scenario it was given
//! would score well against itself and badly here.

use borderflow_core::Scenario;
use borderflow_sim::Model;
use borderflow_sim::export::Exporter;
use borderflow_sim::output::{SimEvent, SimKind};
use serde::Serialize;

use crate::Live;
use crate::track::{TrackLine, TrackRecord};
use crate::twin::{TwinOptions, outlook};

/// How the trial runs.
#[derive(Debug, Clone, Copy)]
pub struct TrialOptions {
    /// Seconds between the twin's predictions (300).
    pub every_s: f64,
    /// The twin's own options (advice off: only the outlook is scored).
    pub twin: TwinOptions,
    /// First and last prediction, seconds from the local midnight (None: the
    /// scenario's opening hours).
    pub hours: Option<(f64, f64)>,
    /// Length of the busiest stretch scored apart, seconds (7,200).
    pub busiest_s: f64,
}

impl Default for TrialOptions {
    fn default() -> TrialOptions {
        TrialOptions { every_s: 300.0, twin: TwinOptions { advise: false, ..TwinOptions::default() }, hours: None, busiest_s: 7200.0 }
    }
}

/// How the twin and persistence did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trial {
    /// Predictions made (one outlook each).
    pub outlooks: usize,
    /// Scores over the whole day, per horizon.
    pub day: Vec<TrackLine>,
    /// The busiest stretch (most travellers joining a queue): its start,
    /// seconds from the local midnight.
    pub busiest_from_s: f64,
    /// Scores of the predicted steps ending in it, per horizon.
    pub busiest: Vec<TrackLine>,
}

/// Runs `world` (the scenario as the day really goes) with `seed`, and the
/// twin of `plan` (the scenario the checkpoint knows) against it.
pub fn trial(plan: &Scenario, world: &Scenario, seed: u64, opt: &TrialOptions) -> Trial {
    let (first, last) = opt.hours.unwrap_or_else(|| {
        let open = plan.streams.iter().map(|s| s.open_s).fold(f64::INFINITY, f64::min);
        (open, plan.streams.iter().map(|s| s.close_s).fold(0.0, f64::max))
    });
    let model = Model::new(world);
    let mut sim = model.start(seed);
    let mut export = Exporter::new(world, seed);
    let mut live = Live::new(std::slice::from_ref(plan));
    let mut record = TrackRecord::default();
    let unix = |t: f64| plan.instant(t).as_millisecond() as f64 / 1000.0;
    // Travellers joining a queue in each interval of `every_s` from `first`.
    let mut joined: Vec<u32> = Vec::new();
    let mut events: Vec<SimEvent> = Vec::new();
    let mut outlooks = 0;
    // Past the last prediction by its longest horizon and the time to serve its travellers.
    let end = last + opt.twin.horizon_s + 3600.0;
    let mut t = first;
    while t <= end {
        events.clear();
        sim.advance_to(t, &mut events);
        for e in &events {
            if matches!(e.kind, SimKind::Joined { .. }) && e.t >= first {
                let k = ((e.t - first) / opt.every_s) as usize;
                joined.resize(joined.len().max(k + 1), 0);
                joined[k] += 1;
            }
            live.apply(&export.convert(e));
        }
        let cp = live.checkpoint(plan.checkpoint.as_str()).expect("the plan's own checkpoint");
        record.settle(unix(t), |q, a, b| cp.joiners_waits(q, a, b));
        if t <= last {
            let view = live.snapshot(plan.instant(t)).checkpoints.remove(0);
            let o = outlook(plan, t, &view.queues, &view.lanes, &opt.twin);
            record
                .record(unix(t), &o, opt.twin.step_s, |q| view.queues.iter().find(|v| v.id.as_str() == q).and_then(|v| v.estimated_wait_s));
            outlooks += 1;
        }
        t += opt.every_s;
    }
    if joined.is_empty() {
        joined.push(0);
    }
    let width = ((opt.busiest_s / opt.every_s).round() as usize).clamp(1, joined.len().max(1));
    let busiest = (0..=joined.len().saturating_sub(width))
        .max_by_key(|&k| (joined[k..k + width].iter().sum::<u32>(), std::cmp::Reverse(k)))
        .unwrap_or(0);
    let busiest_from_s = first + busiest as f64 * opt.every_s;
    Trial {
        outlooks,
        day: record.summary(),
        busiest_from_s,
        busiest: record.summary_within(unix(busiest_from_s), unix(busiest_from_s + opt.busiest_s)),
    }
}
