//! Backtest on real airport data: the simulator predicts each hour's waits
//! from its passengers, flights and booths; its few physical parameters are
//! fitted on one year and scored on another, beside two baselines.
//!
//! The fit has two stages, each run until it converges: service time, walk
//! and deplaning rate match each hour's average wait; then the spread of
//! passengers' walks matches each hour's longest wait (the spread barely
//! moves the average). The alarm thresholds for "longest wait over 30 / 60
//! min" are fitted last, and [`intervals`] says how well the data pin each
//! parameter down.
//!
//! The [`hybrid`] keeps the simulator as its physical core and adds a
//! correction learned only from the days before each predicted day.
//!
//! A deployed system would also recalibrate as days go by, on data before the
//! day it predicts only: each day it carries the median error of its own
//! forecasts over the days before ([`level`]); and the "refitted" score
//! refits all parameters before each month of the scored year, on the
//! trailing window of hours before that month.

pub mod fit;
pub mod hybrid;
pub mod level;
pub mod model;
pub mod score;

use serde::Serialize;

pub use fit::{FitOptions, Fitted, Free, Interval, Target, fit, intervals};
pub use hybrid::{HybridHour, HybridMonth, HybridOptions};
pub use level::{daily_levels, hour_levels};
pub use model::{HourPrediction, Params, predict};
pub use score::{Alarm, Call, Point, Score, score};

use crate::cbp::Hour;

/// Backtest settings.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Replications per prediction.
    pub reps: u32,
    /// Replications per fitting evaluation.
    pub fit_reps: u32,
    /// Most evaluations of each fit (a safety net: fits stop when they converge).
    pub max_evals: usize,
    /// Days of history before each scored month to refit the parameters on (0: no monthly refit).
    pub recalibrate_days: u32,
    /// Days of the model's own errors before each scored day whose median is carried into it (0: none).
    pub level_days: u32,
    /// The hybrid's correction (None: the simulator and baselines only).
    pub hybrid: Option<HybridOptions>,
    /// Seed.
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            reps: 8,
            fit_reps: 2,
            max_evals: 400,
            recalibrate_days: 90,
            level_days: 7,
            hybrid: Some(HybridOptions::default()),
            seed: 1,
        }
    }
}

/// One month's recalibration.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Recalibration {
    /// First day of the month predicted.
    pub month: jiff::civil::Date,
    /// Parameters fitted on the window before it.
    pub params: Params,
    /// Alarm thresholds fitted on that window.
    pub alarm: Alarm,
}

/// What `borderflow backtest` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Parameters fitted on the training hours.
    pub fitted: Params,
    /// Their training MAE of the average wait, minutes.
    pub train_mae: f64,
    /// The two stages of the fit on the training hours: where each ended.
    pub fits: [Fitted; 2],
    /// How well the training hours pin each fitted parameter down.
    pub intervals: Vec<Interval>,
    /// Alarm thresholds fitted on the training hours.
    pub alarm: Alarm,
    /// Scores on the test hours: the model, the recalibrated model, the baselines.
    pub scores: Vec<Score>,
    /// Monthly refits (empty without recalibration).
    pub recalibrations: Vec<Recalibration>,
    /// The model's predictions for the test hours, fitted once.
    #[serde(skip)]
    pub predictions: Vec<HourPrediction>,
    /// The daily level added to each of them, minutes (all 0 without one).
    #[serde(skip)]
    pub levels: Vec<f64>,
    /// What the hybrid fitted before each scored month (empty without it).
    pub hybrid_months: Vec<HybridMonth>,
    /// The hybrid's prediction of each test hour (empty without it).
    #[serde(skip)]
    pub hybrid: Vec<HybridHour>,
}

/// The parameters the first stage fits on the average waits.
const AVERAGE: [Free; 3] = [Free::Service, Free::Walk, Free::Deplane];
/// … and the second on the longest waits.
const SPREAD: [Free; 1] = [Free::WalkCv];

/// Fits the parameters (both stages) from `start` and the alarm on `hours`.
fn calibrate(hours: &[Hour], start: Params, fo: FitOptions, progress: &dyn Fn(&str)) -> ([Fitted; 2], Alarm) {
    progress("fitting service time, walk and deplaning rate on the average waits");
    let average = fit(hours, start, &AVERAGE, Target::AvgWait, fo);
    progress("fitting the spread of walks on the longest waits");
    let spread = fit(hours, average.params, &SPREAD, Target::MaxWait, fo);
    let seen: Vec<Point> = predict(hours, &spread.params, fo.reps, fo.seed).iter().map(HourPrediction::point).collect();
    ([average, spread], Alarm::fit(hours, &seen))
}

/// Predicts `hours` and makes the calls.
fn forecast(hours: &[Hour], p: &Params, alarm: &Alarm, opt: &Options) -> (Vec<HourPrediction>, Vec<Call>) {
    let pred = predict(hours, p, opt.reps, opt.seed ^ 0x7e57);
    let calls = pred.iter().map(|x| alarm.call(x.point())).collect();
    (pred, calls)
}

/// Fits on `train`, scores on `test`.
pub fn run(train: &[Hour], test: &[Hour], opt: &Options, progress: &dyn Fn(&str)) -> Report {
    let fo = FitOptions { reps: opt.fit_reps, seed: opt.seed, max_evals: opt.max_evals };
    let (fits, alarm) = calibrate(train, Params::default(), fo, progress);
    let (fitted, train_mae) = (fits[1].params, fits[0].mae);
    progress("measuring how well the training hours pin each parameter down");
    let mut intervals = fit::intervals(train, &fitted, &AVERAGE, Target::AvgWait, fo);
    intervals.extend(fit::intervals(train, &fitted, &SPREAD, Target::MaxWait, fo));
    progress("scoring");
    let (predictions, calls) = forecast(test, &fitted, &alarm, opt);
    let mut scores = vec![score("simulator, fitted once", test, &calls)];
    let mut levels = vec![0.0; test.len()];
    if opt.level_days > 0 {
        let points: Vec<Point> = predictions.iter().map(HourPrediction::point).collect();
        levels = daily_levels(test, &points, opt.level_days);
        let leveled: Vec<Point> = points.iter().zip(&levels).map(|(p, &l)| p.shifted(l)).collect();
        scores.push(score(
            &format!("simulator, fitted once, daily level of the {} days before", opt.level_days),
            test,
            &alarm.calls(&leveled),
        ));
    }
    let (mut hybrid, mut hybrid_months) = (Vec::new(), Vec::new());
    if let Some(h) = &opt.hybrid {
        progress("learning the hybrid's correction month by month");
        // The core's predictions of the training hours too: the correction's first windows lie there.
        let history: Vec<Hour> = train.iter().chain(test).cloned().collect();
        let mut core = predict(train, &fitted, opt.reps, opt.seed ^ 0x7e57);
        core.extend_from_slice(&predictions);
        (hybrid, hybrid_months) = hybrid::correct(&history, &core, train.len(), h);
        let leveled: Vec<Point> =
            predictions.iter().zip(&hybrid).map(|(p, x)| p.point().shifted(x.leveled_avg_wait - p.avg_wait)).collect();
        scores.push(score(
            &format!("simulator, fitted once, level per hour of day, {} days before", h.level_days),
            test,
            &alarm.calls(&leveled),
        ));
        let calls: Vec<Call> = hybrid.iter().map(|x| x.call).collect();
        scores.push(score(&format!("hybrid: simulator + correction learned on the {} days before", h.window_days), test, &calls));
    }
    let mut recalibrations = Vec::new();
    if opt.recalibrate_days > 0 {
        let history: Vec<Hour> = train.iter().chain(test).cloned().collect();
        let mut recal_calls = Vec::with_capacity(test.len());
        let (mut p, mut a) = (fitted, alarm);
        for month in months(test) {
            let first = month[0].date.first_of_month();
            let from = first.checked_sub(jiff::Span::new().days(opt.recalibrate_days as i64)).unwrap_or(first);
            let window: Vec<Hour> = history.iter().filter(|h| h.date >= from && h.date < first).cloned().collect();
            if !window.is_empty() {
                progress(&format!("recalibrating for {}", first.strftime("%Y-%m")));
                let (f, alarm) = calibrate(&window, p, fo, &|_| {});
                (p, a) = (f[1].params, alarm);
            }
            recalibrations.push(Recalibration { month: first, params: p, alarm: a });
            recal_calls.extend(forecast(month, &p, &a, opt).1);
        }
        scores.push(score(&format!("simulator, refitted monthly on the {} days before", opt.recalibrate_days), test, &recal_calls));
    }
    for (name, baseline) in [
        ("baseline: training mean", score::training_mean as fn(&[Hour], &[Hour]) -> Vec<Point>),
        ("baseline: training mean by hour of day", score::hour_of_day_mean),
    ] {
        // The baselines get alarm thresholds fitted on the training hours too.
        let alarm = Alarm::fit(train, &baseline(train, train));
        scores.push(score(name, test, &alarm.calls(&baseline(train, test))));
    }
    Report { fitted, train_mae, fits, intervals, alarm, scores, recalibrations, predictions, levels, hybrid_months, hybrid }
}

/// Consecutive runs of hours in the same calendar month.
fn months(hours: &[Hour]) -> impl Iterator<Item = &[Hour]> {
    hours.chunk_by(|a, b| a.date.year() == b.date.year() && a.date.month() == b.date.month())
}
