//! Backtest on real airport data: the simulator predicts each hour's waits
//! from its passengers, flights and booths; its few physical parameters are
//! fitted on one year and scored on another, beside two baselines.
//!
//! A deployed system would also recalibrate as days go by: the "recalibrated"
//! score refits the service time before each month of the scored year, on the
//! trailing window of hours before that month only.

pub mod fit;
pub mod model;
pub mod score;

use serde::Serialize;

pub use fit::{FitOptions, Free, fit};
pub use model::{HourPrediction, Params, predict};
pub use score::{Call, Score, score};

use crate::cbp::Hour;

/// Backtest settings.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Replications per prediction.
    pub reps: u32,
    /// Replications per fitting evaluation.
    pub fit_reps: u32,
    /// Most evaluations of the first (full) fit.
    pub max_evals: usize,
    /// Days of history before each scored month used to refit the service time (0: no recalibration).
    pub recalibrate_days: u32,
    /// Seed.
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options { reps: 8, fit_reps: 2, max_evals: 30, recalibrate_days: 90, seed: 1 }
    }
}

/// One month's recalibrated service time.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Recalibration {
    /// First day of the month predicted.
    pub month: jiff::civil::Date,
    /// Service time fitted on the window before it, seconds.
    pub service_s: f64,
}

/// What `borderflow backtest` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Parameters fitted on the training hours.
    pub fitted: Params,
    /// Their training MAE, minutes.
    pub train_mae: f64,
    /// Scores on the test hours: the model, the recalibrated model, the baselines.
    pub scores: Vec<Score>,
    /// Monthly refits (empty without recalibration).
    pub recalibrations: Vec<Recalibration>,
    /// The model's predictions for the test hours (recalibrated when enabled).
    #[serde(skip)]
    pub predictions: Vec<HourPrediction>,
}

/// The yes/no calls of predictions: over a threshold in at least half the replications.
pub fn calls(pred: &[HourPrediction]) -> Vec<Call> {
    pred.iter().map(|p| Call { avg_wait: p.avg_wait, over_30: p.p_max_over_30 >= 0.5, over_60: p.p_max_over_60 >= 0.5 }).collect()
}

/// Fits on `train`, scores on `test`.
pub fn run(train: &[Hour], test: &[Hour], opt: &Options, progress: &dyn Fn(&str)) -> Report {
    let all = [Free::Service, Free::Walk, Free::Deplane];
    progress("fitting service time, walk and deplaning rate on the training hours");
    let fo = FitOptions { reps: opt.fit_reps, seed: opt.seed, max_evals: opt.max_evals };
    let (fitted, train_mae) = fit(train, Params::default(), &all, fo);
    progress("scoring");
    let fixed = predict(test, &fitted, opt.reps, opt.seed ^ 0x7e57);
    let mut scores = vec![score("simulator, fitted once", test, &calls(&fixed))];
    let mut recalibrations = Vec::new();
    let mut predictions = fixed;
    if opt.recalibrate_days > 0 {
        let history: Vec<Hour> = train.iter().chain(test).cloned().collect();
        let mut recal = Vec::with_capacity(test.len());
        let mut p = fitted;
        for month in months(test) {
            let first = month[0].date.first_of_month();
            let from = first.checked_sub(jiff::Span::new().days(opt.recalibrate_days as i64)).unwrap_or(first);
            let window: Vec<Hour> = history.iter().filter(|h| h.date >= from && h.date < first).cloned().collect();
            if !window.is_empty() {
                progress(&format!("recalibrating for {}", first.strftime("%Y-%m")));
                let fo = FitOptions { max_evals: 10, ..fo };
                p = fit(&window, p, &[Free::Service], fo).0;
            }
            recalibrations.push(Recalibration { month: first, service_s: p.service_s });
            recal.extend(predict(month, &p, opt.reps, opt.seed ^ 0x7e57));
        }
        scores.push(score(
            &format!("simulator, service time refitted monthly on the {} days before", opt.recalibrate_days),
            test,
            &calls(&recal),
        ));
        predictions = recal;
    }
    scores.push(score("baseline: training mean", test, &score::training_mean(train, test)));
    scores.push(score("baseline: training mean by hour of day", test, &score::hour_of_day_mean(train, test)));
    Report { fitted, train_mae, scores, recalibrations, predictions }
}

/// Consecutive runs of hours in the same calendar month.
fn months(hours: &[Hour]) -> impl Iterator<Item = &[Hour]> {
    hours.chunk_by(|a, b| a.date.year() == b.date.year() && a.date.month() == b.date.month())
}
