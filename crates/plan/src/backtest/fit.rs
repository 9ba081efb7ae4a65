//! Fitting the model's physical parameters to observed hours: a pattern
//! search on the mean absolute error of the hour's average (or longest) wait,
//! with common random numbers so that two parameter sets see the same flights.

use serde::Serialize;

use super::model::{HourPrediction, Params, predict};
use crate::cbp::Hour;

/// A parameter the fit may move, with its bounds and first step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Free {
    /// Mean inspection time, 10–180 s.
    Service,
    /// Gate-to-hall walk, 0–30 min.
    Walk,
    /// Deplaning rate, 5–200 passengers a minute.
    Deplane,
    /// Spread of one passenger's walk (coefficient of variation), 0–2.
    WalkCv,
}

/// What a fit matches: each hour's average wait, or its longest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// The hour's mean wait.
    AvgWait,
    /// The hour's longest wait.
    MaxWait,
}

impl std::fmt::Display for Free {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(match self {
            Free::Service => "service (s)",
            Free::Walk => "walk (min)",
            Free::Deplane => "deplaning (/min)",
            Free::WalkCv => "walk spread (cv)",
        })
    }
}

impl Free {
    fn get(self, p: &Params) -> f64 {
        match self {
            Free::Service => p.service_s,
            Free::Walk => p.walk_min,
            Free::Deplane => p.deplane_per_min,
            Free::WalkCv => p.walk_cv,
        }
    }

    fn set(self, p: &mut Params, v: f64) {
        let (lo, hi) = self.bounds();
        let v = v.clamp(lo, hi);
        match self {
            Free::Service => p.service_s = v,
            Free::Walk => p.walk_min = v,
            Free::Deplane => p.deplane_per_min = v,
            Free::WalkCv => p.walk_cv = v,
        }
    }

    fn bounds(self) -> (f64, f64) {
        match self {
            Free::Service => (10.0, 180.0),
            Free::Walk => (0.0, 30.0),
            Free::Deplane => (5.0, 200.0),
            Free::WalkCv => (0.0, 2.0),
        }
    }

    fn first_step(self) -> f64 {
        match self {
            Free::Service => 8.0,
            Free::Walk => 2.0,
            Free::Deplane => 5.0,
            Free::WalkCv => 0.2,
        }
    }
}

/// How hard to try.
#[derive(Debug, Clone, Copy)]
pub struct FitOptions {
    /// Replications per evaluation.
    pub reps: u32,
    /// Seed shared by all evaluations (common random numbers).
    pub seed: u64,
    /// Most model evaluations: a safety net; a fit stops when its steps have shrunk to
    /// a sixteenth of their first size, and says whether it got there.
    pub max_evals: usize,
}

/// Where a fit ended.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Fitted {
    /// The best parameters found.
    pub params: Params,
    /// Their mean absolute error, minutes.
    pub mae: f64,
    /// Model evaluations made.
    pub evals: usize,
    /// Whether the search converged (false: it ran out of evaluations first).
    pub converged: bool,
}

/// Each hour's absolute error of the `target` wait with `p`.
fn errors(hours: &[Hour], p: &Params, target: Target, reps: u32, seed: u64) -> Vec<f64> {
    let pred = predict(hours, p, reps, seed);
    let err = |h: &Hour, x: &HourPrediction| match target {
        Target::AvgWait => x.avg_wait - h.avg_wait,
        Target::MaxWait => x.max_wait - h.max_wait,
    };
    hours.iter().zip(&pred).map(|(h, x)| err(h, x).abs()).collect()
}

/// The mean absolute error of the `target` wait over `hours` with `p`.
pub fn mae(hours: &[Hour], p: &Params, target: Target, reps: u32, seed: u64) -> f64 {
    errors(hours, p, target, reps, seed).iter().sum::<f64>() / hours.len() as f64
}

/// Steps end at this fraction of their first size.
const FINAL_STEP: f64 = 1.0 / 16.0;

/// Moves the `free` parameters of `start` to lower the training MAE of
/// `target` (a compass search: each parameter up and down by its step, steps
/// halved when no move helps) until the steps are small.
pub fn fit(hours: &[Hour], start: Params, free: &[Free], target: Target, opt: FitOptions) -> Fitted {
    let eval = |p: &Params| mae(hours, p, target, opt.reps, opt.seed);
    let mut best = start;
    let mut best_err = eval(&best);
    let mut evals = 1;
    let mut steps: Vec<f64> = free.iter().map(|f| f.first_step()).collect();
    let small = |steps: &[f64]| free.iter().zip(steps).all(|(f, s)| *s <= f.first_step() * FINAL_STEP);
    while evals < opt.max_evals && !small(&steps) {
        let mut improved = false;
        for (i, f) in free.iter().enumerate() {
            for dir in [1.0, -1.0] {
                if evals >= opt.max_evals {
                    break;
                }
                let mut p = best;
                f.set(&mut p, f.get(&best) + dir * steps[i]);
                if p == best {
                    continue;
                }
                let err = eval(&p);
                evals += 1;
                if err < best_err {
                    (best, best_err, improved) = (p, err, true);
                    // A step that helps is worth lengthening (the start may be far off).
                    steps[i] *= 2.0;
                    break;
                }
            }
        }
        if !improved {
            steps.iter_mut().for_each(|s| *s /= 2.0);
        }
    }
    Fitted { params: best, mae: best_err, evals, converged: small(&steps) }
}

/// How well the data pin one fitted parameter down.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    /// The parameter.
    pub free: Free,
    /// Its fitted value.
    pub value: f64,
    /// The lowest value whose error is not clearly worse than the fit's.
    pub low: f64,
    /// The highest such value.
    pub high: f64,
    /// The scan's step: the range is known to this resolution.
    pub step: f64,
    /// Whether the error rises clearly on both sides before the parameter's bounds
    /// and within the scan: the data identify it.
    pub identified: bool,
}

/// For each of the `free` parameters of a fit, the range of values (the
/// others held) whose training error is within two standard errors of the
/// fit's, the standard error taken over days of the paired difference in
/// hourly errors (hours of one day are not independent). Scans up to eight
/// quarter-steps each way.
pub fn intervals(hours: &[Hour], fitted: &Params, free: &[Free], target: Target, opt: FitOptions) -> Vec<Interval> {
    let base = errors(hours, fitted, target, opt.reps, opt.seed);
    let clearly_worse = |p: &Params| {
        let diff: Vec<f64> = errors(hours, p, target, opt.reps, opt.seed).iter().zip(&base).map(|(a, b)| a - b).collect();
        let n = diff.len() as f64;
        let mean = diff.iter().sum::<f64>() / n;
        let mut spread = 0.0;
        let mut at = 0;
        for day in hours.chunk_by(|a, b| a.date == b.date) {
            let d: f64 = diff[at..at + day.len()].iter().sum();
            spread += (d - mean * day.len() as f64).powi(2);
            at += day.len();
        }
        mean > 2.0 * spread.sqrt() / n
    };
    free.iter()
        .map(|&f| {
            let value = f.get(fitted);
            let (lo_bound, hi_bound) = f.bounds();
            let mut ends = [value; 2];
            let mut closed = [false; 2];
            for (k, dir) in [-1.0, 1.0].into_iter().enumerate() {
                for n in 1..=8 {
                    let mut p = *fitted;
                    f.set(&mut p, value + dir * n as f64 * f.first_step() / 4.0);
                    if f.get(&p) == ends[k] {
                        break; // at the bound
                    }
                    if clearly_worse(&p) {
                        closed[k] = true;
                        break;
                    }
                    ends[k] = f.get(&p);
                }
            }
            let identified = closed[0] && closed[1] && ends[0] > lo_bound && ends[1] < hi_bound;
            Interval { free: f, value, low: ends[0], high: ends[1], step: f.first_step() / 4.0, identified }
        })
        .collect()
}
