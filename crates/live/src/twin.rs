//! The digital twin: the simulator started from the live state, run ahead.
//!
//! From the queues as they stand, the lanes open now, the service times
//! measured today and the scenario's demand for the coming hours, quick
//! replications predict each queue's wait over the horizon with a band, the
//! first time the standard will be broken, and (through [`crate::advice`])
//! the least-cost set of moves that prevents every breach.

use borderflow_core::{LaneKind, Scenario};
use borderflow_sim::model::Arrival;
use borderflow_sim::record::Recorder;
use borderflow_sim::replicate::replication_seed;
use borderflow_sim::report::quantile;
use borderflow_sim::{DayReport, Model};
use serde::Serialize;

use crate::advice::{self, Advice};
use crate::checkpoint::{LaneView, QueueView};

/// How far and how hard the twin looks.
#[derive(Debug, Clone, Copy)]
pub struct TwinOptions {
    /// Horizon, seconds (7,200).
    pub horizon_s: f64,
    /// Width of a prediction step, seconds (300).
    pub step_s: f64,
    /// Replications.
    pub reps: u32,
    /// Seed.
    pub seed: u64,
    /// Search for advice when a breach is predicted (off: the outlook alone, for comparison).
    pub advise: bool,
}

impl Default for TwinOptions {
    fn default() -> TwinOptions {
        TwinOptions { horizon_s: 7200.0, step_s: 300.0, reps: 8, seed: 1, advise: true }
    }
}

/// A queue's predicted wait at one step.
#[derive(ts_rs::TS, Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WaitPoint {
    /// Start of the step, seconds from the local midnight.
    pub t_clock_s: f64,
    /// 95th-percentile wait of travellers joining in the step, seconds: median over replications.
    pub wait_p95_s: f64,
    /// Band: 10th percentile over replications.
    pub low_s: f64,
    /// Band: 90th percentile over replications.
    pub high_s: f64,
}

/// One queue's outlook.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
pub struct QueueOutlook {
    /// Queue id.
    pub queue: String,
    /// Predicted waits, step by step.
    pub points: Vec<WaitPoint>,
    /// When the standard will first be broken (joiners' predicted p95 over it), seconds from midnight.
    pub breach_at_clock_s: Option<f64>,
}

/// The twin's prediction at one moment.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
pub struct Outlook {
    /// When it was made, seconds from midnight.
    pub now_clock_s: f64,
    /// Per queue.
    pub queues: Vec<QueueOutlook>,
    /// What to do about every predicted breach, checked by the same replications; None if none is predicted.
    pub advice: Option<Advice>,
}

/// The live state the twin starts from, and how it looks ahead.
pub(crate) struct Now<'a> {
    /// The checkpoint's scenario (the day's demand).
    pub s: &'a Scenario,
    /// Seconds from the local midnight.
    pub now_s: f64,
    /// Travellers queued now, per queue.
    pub lengths: Vec<u32>,
    /// Whether each lane is open now.
    pub open: Vec<bool>,
    /// Today's manual pace against the scenario's (1: as planned).
    pub scale: f64,
    /// How far and how hard.
    pub opt: TwinOptions,
    /// The lanes as the live picture has them (who is signed in).
    pub lanes: &'a [LaneView],
}

/// Per queue, per step: the p95 wait of each replication, sorted.
pub(crate) type Steps = Vec<Vec<Vec<f64>>>;

impl Now<'_> {
    /// The end of the horizon, seconds from midnight.
    pub fn end_s(&self) -> f64 {
        self.now_s + self.opt.horizon_s
    }

    /// The scenario from now on: demand clipped to the horizon, lanes open as
    /// they are now (and staying so) or as their schedule next opens them,
    /// manual service scaled to today's measured pace.
    pub fn ahead(&self) -> Scenario {
        let (s, now_s, end) = (self.s, self.now_s, self.end_s());
        let mut t = s.clone();
        t.standard.interval_s = self.opt.step_s;
        for st in &mut t.streams {
            st.rates = st
                .rates
                .iter()
                .filter(|r| r.to_s > now_s && r.from_s < end)
                .map(|r| borderflow_core::scenario::RatePiece { from_s: r.from_s.max(now_s), to_s: r.to_s.min(end), per_s: r.per_s })
                .collect();
            // The opening crowd still to be let in: all of it before the opening,
            // the rest of its release during it (those let in already are in the
            // queues), none after.
            if now_s > st.open_s {
                let left_s = (st.open_s + st.crowd_release_s - now_s).max(0.0);
                st.crowd_at_open = if left_s > 0.0 { (st.crowd_at_open * left_s / st.crowd_release_s).round() } else { 0.0 };
                st.crowd_release_s = left_s;
                st.open_s = now_s;
            }
            st.groups.retain(|g| g.at_s >= now_s && g.at_s < end);
            st.replay.retain(|(a, _)| *a >= now_s && *a < end);
        }
        for (l, &open) in t.lanes.iter_mut().zip(&self.open) {
            // Open lanes stay open; a closed one opens when its schedule next
            // opens it (the hall's opening, a shift), not before: before 09:50
            // every lane is closed, and "nothing ever opens" is no forecast.
            l.windows = if open {
                vec![(now_s, end)]
            } else {
                l.windows.iter().filter(|w| w.0 >= now_s && w.0 < end).map(|&(from, to)| (from, to.min(end))).collect()
            };
            l.officers.clear();
            l.drain = true;
        }
        t.manual.by_category = t.manual.by_category.iter().map(|d| d.scaled(self.scale)).collect();
        t
    }

    /// Runs a scenario made by [`Now::ahead`] (perhaps changed by advice) from
    /// the queues as they stand: per queue, per step, each replication's p95 wait, sorted.
    pub fn run(&self, t: &Scenario) -> Steps {
        let (now_s, opt) = (self.now_s, &self.opt);
        let model = Model::new(t);
        // Those queued now keep their categories; a re-triage may send them elsewhere.
        let queued = backlog(self.s, now_s, &self.lengths);
        let steps = (opt.horizon_s / opt.step_s).ceil() as usize;
        let first = (now_s / opt.step_s).floor() as usize;
        let mut out = vec![vec![Vec::with_capacity(opt.reps as usize); steps]; t.queues.len()];
        for r in 0..opt.reps as u64 {
            let seed = replication_seed(opt.seed, r);
            let mut arrivals = queued.clone();
            arrivals.extend(model.arrivals(seed));
            arrivals.sort_by(|a, b| a.t.total_cmp(&b.t));
            let mut rec = Recorder::new(t);
            let stats = model.run_arrivals(&arrivals, seed, &mut rec);
            let day = DayReport::new(t, &mut rec, &stats);
            for row in &day.intervals {
                let i = row.interval as usize;
                if i >= first && i < first + steps && row.wait_p95.is_finite() {
                    out[row.queue as usize][i - first].push(row.wait_p95);
                }
            }
        }
        // Sorted once here: quantiles are read from them below.
        out.iter_mut().flatten().for_each(|v| v.sort_by(f64::total_cmp));
        out
    }

    /// Start of step `i` of the horizon, seconds from midnight.
    pub fn step_at(&self, i: usize) -> f64 {
        ((self.now_s / self.opt.step_s).floor() + i as f64) * self.opt.step_s
    }

    /// The first step whose median (over replications) p95 wait breaks the standard.
    pub fn first_breach(&self, per_step: &[Vec<f64>]) -> Option<f64> {
        self.first_breach_by(per_step, |_, v| quantile(v, 0.5))
    }

    /// Step `i`'s median p95 wait seen up to the horizon's end. In a run with
    /// moves, what follows the horizon is the moves ending, not the day: a
    /// traveller still queued then counts as waiting until it. The advice is
    /// judged by this, and so is its outlook's breach ([`Now::outlooks_advised`]).
    pub fn median_to_horizon(&self, i: usize, v: &[f64]) -> f64 {
        quantile(v, 0.5).min(self.end_s() - self.step_at(i))
    }

    fn first_breach_by(&self, per_step: &[Vec<f64>], median: impl Fn(usize, &[f64]) -> f64) -> Option<f64> {
        let std_s = self.s.standard.max_wait_s;
        per_step.iter().enumerate().find_map(|(i, v)| (!v.is_empty() && median(i, v) > std_s).then(|| self.step_at(i)))
    }

    /// Each queue's outlook from a run.
    pub fn outlooks(&self, steps: &Steps) -> Vec<QueueOutlook> {
        self.outlooks_by(steps, |per_step| self.first_breach(per_step))
    }

    /// Each queue's outlook from a run with moves, its breaches judged as the
    /// advice judges them ([`Now::median_to_horizon`]): "prevents every breach"
    /// and the outlook it shows never disagree.
    pub fn outlooks_advised(&self, steps: &Steps) -> Vec<QueueOutlook> {
        self.outlooks_by(steps, |per_step| self.first_breach_by(per_step, |i, v| self.median_to_horizon(i, v)))
    }

    fn outlooks_by(&self, steps: &Steps, breach: impl Fn(&[Vec<f64>]) -> Option<f64>) -> Vec<QueueOutlook> {
        self.s
            .queues
            .iter()
            .zip(steps)
            .map(|(q, steps)| QueueOutlook {
                queue: q.id.to_string(),
                points: steps
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(i, v)| WaitPoint {
                        t_clock_s: self.step_at(i),
                        wait_p95_s: quantile(v, 0.5),
                        low_s: quantile(v, 0.1),
                        high_s: quantile(v, 0.9),
                    })
                    .collect(),
                breach_at_clock_s: breach(steps),
            })
            .collect()
    }
}

/// Travellers already queued at `now_s`, as arrivals into their queues.
fn backlog(s: &Scenario, now_s: f64, lengths: &[u32]) -> Vec<Arrival> {
    let mut out = Vec::new();
    for (q, &n) in lengths.iter().enumerate() {
        let queue = &s.queues[q];
        let Some(stream) = s.streams.iter().position(|st| st.direction == queue.direction) else { continue };
        // A category triaged into this queue (for the priority queue: any manual one of its hall).
        let category = if queue.egate {
            s.categories.iter().position(|c| c.egate_share > 0.0)
        } else {
            queue.categories.first().copied().or_else(|| {
                s.queues
                    .iter()
                    .find(|o| o.direction == queue.direction && !o.egate && !o.categories.is_empty())
                    .and_then(|o| o.categories.first().copied())
            })
        };
        let Some(category) = category else { continue };
        for k in 0..n {
            out.push(Arrival { t: now_s + k as f64 * 1e-3, stream: stream as u16, category: category as u16, egate: queue.egate });
        }
    }
    out
}

/// Predicts the coming hours from the live state at `now_s` (seconds from
/// the local midnight of the scenario's day), and advises on every breach.
pub fn outlook(s: &Scenario, now_s: f64, queues: &[QueueView], lanes: &[LaneView], opt: &TwinOptions) -> Outlook {
    let lengths: Vec<u32> = s.queues.iter().map(|q| queues.iter().find(|v| v.id == q.id).map(|v| v.length).unwrap_or(0)).collect();
    let open: Vec<bool> = s.lanes.iter().map(|l| lanes.iter().find(|v| v.id == l.id).is_some_and(|v| v.open)).collect();
    // Today's pace at the desks against the scenario's assumption.
    let measured: Vec<f64> = lanes.iter().filter(|l| l.kind == LaneKind::Manual).filter_map(|l| l.mean_service_s).collect();
    let assumed = s.manual.by_category.iter().map(|d| d.mean()).sum::<f64>() / s.manual.by_category.len().max(1) as f64;
    let scale = if measured.len() >= 2 && assumed > 0.0 {
        (measured.iter().sum::<f64>() / measured.len() as f64 / assumed).clamp(0.5, 2.0)
    } else {
        1.0
    };
    let now = Now { s, now_s, lengths, open, scale, opt: *opt, lanes };
    let base = now.run(&now.ahead());
    let queues = now.outlooks(&base);
    let advice = (opt.advise && queues.iter().any(|q| q.breach_at_clock_s.is_some())).then(|| advice::advise(&now, &base, &queues));
    Outlook { now_clock_s: now_s, queues, advice }
}
