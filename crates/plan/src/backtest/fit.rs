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
    /// Most model evaluations.
    pub max_evals: usize,
}

/// The mean absolute error of the `target` wait over `hours` with `p`.
pub fn mae(hours: &[Hour], p: &Params, target: Target, reps: u32, seed: u64) -> f64 {
    let pred = predict(hours, p, reps, seed);
    let err = |h: &Hour, x: &HourPrediction| match target {
        Target::AvgWait => x.avg_wait - h.avg_wait,
        Target::MaxWait => x.max_wait - h.max_wait,
    };
    hours.iter().zip(&pred).map(|(h, x)| err(h, x).abs()).sum::<f64>() / hours.len() as f64
}

/// Moves the `free` parameters of `start` to lower the training MAE of
/// `target`; returns the best parameters and their MAE.
pub fn fit(hours: &[Hour], start: Params, free: &[Free], target: Target, opt: FitOptions) -> (Params, f64) {
    let eval = |p: &Params| mae(hours, p, target, opt.reps, opt.seed);
    let mut best = start;
    let mut best_err = eval(&best);
    let mut evals = 1;
    let mut steps: Vec<f64> = free.iter().map(|f| f.first_step()).collect();
    // Stop when every step is an eighth of its first size.
    while evals < opt.max_evals && free.iter().zip(&steps).any(|(f, s)| *s > f.first_step() / 8.0) {
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
                    break;
                }
            }
        }
        if !improved {
            steps.iter_mut().for_each(|s| *s /= 2.0);
        }
    }
    (best, best_err)
}
