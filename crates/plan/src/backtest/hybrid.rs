//! The hybrid: the simulator's prediction (the physical core, the part that
//! answers what-ifs about booths and service time) with a learned correction
//! that makes it honest about what the core does not model.
//!
//! Everything the correction learns comes from hours dated before the day it
//! predicts (a forecast made the evening before):
//! - the level per hour of day ([`hour_levels`]): the core's recent error at
//!   that hour of day, over the days before;
//! - model-output statistics, refitted before each month on the window of
//!   hours before it: gradient-boosted trees (least absolute deviation, which
//!   the MAE rewards) regress the hour's actual average wait, and its longest
//!   wait, on what is known of the hour in advance ([`FEATURES`]: the core's
//!   predicted average and longest wait and its share of replications over
//!   60 min, the level, the calendar, the hour's and the two previous hours'
//!   passengers and booths, and the trailing medians of the actual average and
//!   longest wait at that hour of day). As in weather forecasting's MOS, the
//!   core's outputs are what the trees read, not an offset they must keep:
//!   learning the core's residual instead scored worse on 2017 trained on
//!   2016 (MAE 4.59, RMSE 6.65 against 4.59, 6.62);
//! - the alarm: the predicted longest wait, calibrated into the probability
//!   that it goes over 30 / 60 min by isotonic regression on the window's
//!   hours, each predicted by trees that did not learn from it (cross-fitted
//!   in thirds, as scikit-learn's `CalibratedClassifierCV` does), and flagged
//!   when that probability passes half the best F1 it reached there. For calibrated
//!   probabilities that is where F1 is highest (Lipton, Elkan and
//!   Narayanaswamy, "Thresholding classifiers to maximize F1 score", 2014), so
//!   the threshold follows from a principle and from earlier data, not from a
//!   search over the scored year. A classifier fitted to the outcome itself
//!   ranked the hours worse (best F1 on 2017 0.606 against 0.62): the longest
//!   wait carries more than whether it passed 60 min.
//!
//! The trees come from `borderflow-boost`, grown as the gradient boosting
//! the hybrid is compared with grows its own; nothing is sampled, so a run is
//! deterministic.

use serde::Serialize;

use super::level::{hour_levels, trailing_by_hour};
use super::model::HourPrediction;
use super::score::{Call, Classification, Point};
use crate::cbp::Hour;
use borderflow_boost::{Isotonic, Model, Params};

/// How the correction learns.
#[derive(Debug, Clone, Copy)]
pub struct HybridOptions {
    /// Days before each scored month its residual model and alarm are fitted on.
    pub window_days: u32,
    /// Days before each scored day its level per hour of day is taken from.
    pub level_days: u32,
}

impl Default for HybridOptions {
    fn default() -> HybridOptions {
        HybridOptions { window_days: 365, level_days: 21 }
    }
}

/// What the hybrid says about one hour.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HybridHour {
    /// The core's average wait plus its level per hour of day, minutes.
    pub leveled_avg_wait: f64,
    /// The corrected average wait, minutes.
    pub avg_wait: f64,
    /// The hour's longest wait, minutes (the median the trees predict).
    pub max_wait: f64,
    /// Probability that the longest wait goes over 30 min.
    pub p_over_30: f64,
    /// … over 60 min.
    pub p_over_60: f64,
    /// The call made from them.
    #[serde(skip)]
    pub call: Call,
}

/// One month's correction: what was fitted before it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HybridMonth {
    /// First day of the month predicted.
    pub month: jiff::civil::Date,
    /// Hours in the window it was fitted on.
    pub window_hours: usize,
    /// Flag "over 30 min" above this probability.
    pub threshold_30: f64,
    /// Flag "over 60 min" above this probability.
    pub threshold_60: f64,
}

/// The hybrid's predictions for `hours[first..]`: `hours` are history and
/// scored hours in time order, `predicted` the core's prediction of each.
pub fn correct(hours: &[Hour], predicted: &[HourPrediction], first: usize, opt: &HybridOptions) -> (Vec<HybridHour>, Vec<HybridMonth>) {
    assert_eq!(hours.len(), predicted.len(), "one prediction per hour");
    let points: Vec<Point> = predicted.iter().map(HourPrediction::point).collect();
    let levels = hour_levels(hours, &points, opt.level_days);
    let rows = features(hours, predicted, &levels, opt.level_days);
    let mut out = Vec::with_capacity(hours.len() - first);
    let mut months = Vec::new();
    let mut start = first;
    while start < hours.len() {
        let month = hours[start].date.first_of_month();
        let end = start + hours[start..].partition_point(|h| h.date.first_of_month() == month);
        let from = month.checked_sub(jiff::Span::new().days(opt.window_days as i64)).unwrap_or(month);
        let window = hours[..start].partition_point(|h| h.date < from)..start;
        let fit = MonthModels::fit(hours, &rows, window.clone());
        months.push(HybridMonth {
            month,
            window_hours: window.len(),
            threshold_30: fit.over_30.threshold,
            threshold_60: fit.over_60.threshold,
        });
        for i in start..end {
            let leveled = predicted[i].avg_wait + levels[i];
            let avg_wait = fit.avg.as_ref().map_or(leveled, |m| m.predict(&rows[i]));
            let max_wait = fit.longest.as_ref().map_or(predicted[i].max_wait + levels[i], |m| m.predict(&rows[i]));
            let (p_over_30, p_over_60) = (fit.over_30.probability(max_wait), fit.over_60.probability(max_wait));
            let call = Call { avg_wait, over_30: p_over_30 > fit.over_30.threshold, over_60: p_over_60 > fit.over_60.threshold };
            out.push(HybridHour { leveled_avg_wait: leveled, avg_wait, max_wait, p_over_30, p_over_60, call });
        }
        start = end;
    }
    (out, months)
}

/// What each feature of an hour is, in order: all known the day before.
pub const FEATURES: [&str; 17] = [
    "core's average wait",
    "core's longest wait",
    "core's share of replications over 60 min",
    "level per hour of day",
    "hour of day",
    "weekday",
    "month",
    "passengers",
    "flights",
    "booths",
    "passengers per booth",
    "passengers an hour before",
    "booths an hour before",
    "passengers two hours before",
    "booths two hours before",
    "trailing median average wait at this hour of day",
    "trailing median longest wait at this hour of day",
];

/// Each hour's [`FEATURES`].
fn features(hours: &[Hour], predicted: &[HourPrediction], levels: &[f64], days: u32) -> Vec<Vec<f32>> {
    let avg = trailing_by_hour(hours, days, |i| hours[i].avg_wait);
    let max = trailing_by_hour(hours, days, |i| hours[i].max_wait);
    // The load k hours before, 0 after a gap in the rows (the hall was shut).
    let before = |i: usize, k: usize| (i >= k && hours[i - k].index() + k as i64 == hours[i].index()).then(|| &hours[i - k]);
    (0..hours.len())
        .map(|i| {
            let (h, x) = (&hours[i], &predicted[i]);
            let booths = h.booths.max(1) as f64;
            let lag = |k: usize, f: fn(&Hour) -> u32| before(i, k).map_or(0.0, |b| f(b) as f64);
            [
                x.avg_wait,
                x.max_wait,
                x.p_max_over_60,
                levels[i],
                h.hour as f64,
                h.weekday() as f64,
                h.date.month() as f64,
                h.passengers as f64,
                h.flights as f64,
                h.booths as f64,
                h.passengers as f64 / booths,
                lag(1, |b| b.passengers),
                lag(1, |b| b.booths),
                lag(2, |b| b.passengers),
                lag(2, |b| b.booths),
                // Before any day: the core's own prediction stands in.
                avg[i].unwrap_or(x.avg_wait),
                max[i].unwrap_or(x.max_wait),
            ]
            .map(|v| v as f32)
            .to_vec()
        })
        .collect()
}

/// Fewer window hours than this: no model, the level alone.
const MIN_WINDOW: usize = 200;

/// Boosted trees as `bench/backtest/compare.py` builds its gradient boosting
/// (scikit-learn's defaults: 255 bins, 31 leaves of at least 20 hours, 300
/// trees at learning rate 0.05, least absolute deviation), so the two differ in what they are told, not in how they learn.
fn trees(rows: &[&[f32]], y: &[f64]) -> Model {
    Model::fit(rows, y, &Params::default()).expect("the window's rows are of one length and its targets finite")
}

/// The probability that the longest wait goes over a limit, calibrated from
/// the predicted longest wait, and the threshold to flag at.
struct Alarm {
    calibration: Option<Isotonic>,
    threshold: f64,
}

impl Alarm {
    const NEVER: Alarm = Alarm { calibration: None, threshold: 1.0 };

    /// Calibrated on (predicted, actual longest wait) pairs the trees did not learn from.
    fn calibrate(holdout: &[(f64, f64)], limit: f64) -> Alarm {
        let pairs: Vec<(f64, f64)> = holdout.iter().map(|&(p, actual)| (p, f64::from(u8::from(actual > limit)))).collect();
        // A probability needs both outcomes among the hours it learns from.
        if !pairs.iter().any(|p| p.1 == 1.0) || !pairs.iter().any(|p| p.1 == 0.0) {
            return Alarm::NEVER;
        }
        let Some(calibration) = Isotonic::fit(&pairs) else { return Alarm::NEVER };
        let calibrated: Vec<(f64, bool)> = pairs.iter().map(|&(p, over)| (calibration.predict(p), over == 1.0)).collect();
        match best_f1(&calibrated) {
            best if best > 0.0 => Alarm { calibration: Some(calibration), threshold: best / 2.0 },
            _ => Alarm::NEVER,
        }
    }

    /// The probability for a predicted longest wait (0 without a calibration).
    fn probability(&self, max_wait: f64) -> f64 {
        self.calibration.as_ref().map_or(0.0, |c| c.predict(max_wait))
    }
}

/// The best F1 over every threshold on (probability, actual) pairs.
fn best_f1(pairs: &[(f64, bool)]) -> f64 {
    let mut ps: Vec<f64> = pairs.iter().map(|p| p.0).collect();
    ps.sort_by(f64::total_cmp);
    ps.dedup();
    ps.iter().map(|&t| Classification::of(pairs.iter().map(|&(p, a)| (p >= t, a))).f1).fold(0.0, f64::max)
}

/// Parts of the window the alarm's calibration is cross-fitted in.
const FOLDS: usize = 3;

/// The models fitted before one month.
struct MonthModels {
    avg: Option<Model>,
    longest: Option<Model>,
    over_30: Alarm,
    over_60: Alarm,
}

impl MonthModels {
    fn fit(hours: &[Hour], rows: &[Vec<f32>], window: std::ops::Range<usize>) -> MonthModels {
        if window.len() < MIN_WINDOW {
            return MonthModels { avg: None, longest: None, over_30: Alarm::NEVER, over_60: Alarm::NEVER };
        }
        let learn = |at: &[usize], wait: fn(&Hour) -> f64| {
            let (x, y): (Vec<&[f32]>, Vec<f64>) = at.iter().map(|&i| (rows[i].as_slice(), wait(&hours[i]))).unzip();
            trees(&x, &y)
        };
        // The calibration learns from predictions the trees made without the hours:
        // each third of the window predicted by trees fitted on the other two.
        let all: Vec<usize> = window.clone().collect();
        let mut holdout = Vec::with_capacity(all.len());
        for k in 0..FOLDS {
            let fold = all.len() * k / FOLDS..all.len() * (k + 1) / FOLDS;
            let others: Vec<usize> = all[..fold.start].iter().chain(&all[fold.end..]).copied().collect();
            let without = learn(&others, |h| h.max_wait);
            holdout.extend(all[fold].iter().map(|&i| (without.predict(&rows[i]), hours[i].max_wait)));
        }
        MonthModels {
            avg: Some(learn(&all, |h| h.avg_wait)),
            longest: Some(learn(&all, |h| h.max_wait)),
            over_30: Alarm::calibrate(&holdout, 30.0),
            over_60: Alarm::calibrate(&holdout, 60.0),
        }
    }
}
