//! Scores of predicted hours against what happened: error of the mean wait,
//! and precision/recall of "the longest wait went over the threshold".

use serde::Serialize;

use crate::cbp::Hour;

/// How well one predictor did on a set of hours.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    /// The predictor's name.
    pub name: String,
    /// Hours scored.
    pub hours: usize,
    /// Mean absolute error of the hour's average wait, minutes.
    pub mae: f64,
    /// Root mean squared error, minutes.
    pub rmse: f64,
    /// "Longest wait over 30 min": precision, recall, F1.
    pub over_30: Classification,
    /// "Longest wait over 60 min".
    pub over_60: Classification,
}

/// Precision/recall of a yes/no prediction.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Classification {
    /// Of the hours flagged, the share that did go over (NaN: none flagged).
    pub precision: f64,
    /// Of the hours that went over, the share flagged.
    pub recall: f64,
    /// Harmonic mean of the two.
    pub f1: f64,
}

impl Classification {
    fn of(pairs: impl Iterator<Item = (bool, bool)>) -> Classification {
        let (mut tp, mut fp, mut fneg) = (0.0, 0.0, 0.0);
        for (predicted, actual) in pairs {
            match (predicted, actual) {
                (true, true) => tp += 1.0,
                (true, false) => fp += 1.0,
                (false, true) => fneg += 1.0,
                _ => {}
            }
        }
        let precision = tp / (tp + fp);
        let recall = tp / (tp + fneg);
        let f1 = if tp == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
        Classification { precision, recall, f1 }
    }
}

/// A prediction for one hour: average wait and whether the longest wait goes over 30 / 60 minutes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Call {
    /// Average wait, minutes.
    pub avg_wait: f64,
    /// Longest wait over 30 min?
    pub over_30: bool,
    /// Longest wait over 60 min?
    pub over_60: bool,
}

/// Scores `calls` (one per hour) against `actual`.
pub fn score(name: &str, actual: &[Hour], calls: &[Call]) -> Score {
    assert_eq!(actual.len(), calls.len(), "one call per hour");
    let n = actual.len() as f64;
    let err = || actual.iter().zip(calls).map(|(a, c)| c.avg_wait - a.avg_wait);
    Score {
        name: name.to_owned(),
        hours: actual.len(),
        mae: err().map(f64::abs).sum::<f64>() / n,
        rmse: (err().map(|e| e * e).sum::<f64>() / n).sqrt(),
        over_30: Classification::of(actual.iter().zip(calls).map(|(a, c)| (c.over_30, a.max_wait > 30.0))),
        over_60: Classification::of(actual.iter().zip(calls).map(|(a, c)| (c.over_60, a.max_wait > 60.0))),
    }
}

/// The call of a mean average wait and a mean longest wait.
fn call(avg_wait: f64, max_wait: f64) -> Call {
    Call { avg_wait, over_30: max_wait > 30.0, over_60: max_wait > 60.0 }
}

/// Mean average wait and mean longest wait of some hours.
fn means<'a>(hours: impl Iterator<Item = &'a Hour>) -> Option<(f64, f64)> {
    let (a, m, n) = hours.fold((0.0, 0.0, 0.0), |(a, m, n), h| (a + h.avg_wait, m + h.max_wait, n + 1.0));
    (n > 0.0).then(|| (a / n, m / n))
}

/// Baseline: the training mean of the average and of the longest wait, every hour.
pub fn training_mean(train: &[Hour], test: &[Hour]) -> Vec<Call> {
    let (avg, max) = means(train.iter()).unwrap_or((f64::NAN, f64::NAN));
    vec![call(avg, max); test.len()]
}

/// Baseline: the training mean by hour of day (the overall mean for an hour never seen).
pub fn hour_of_day_mean(train: &[Hour], test: &[Hour]) -> Vec<Call> {
    let overall = means(train.iter()).unwrap_or((f64::NAN, f64::NAN));
    let by_hour: Vec<(f64, f64)> = (0..24u8).map(|hr| means(train.iter().filter(|h| h.hour == hr)).unwrap_or(overall)).collect();
    test.iter().map(|h| call(by_hour[h.hour as usize].0, by_hour[h.hour as usize].1)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_counts() {
        let c = Classification::of([(true, true), (true, false), (false, true), (false, false)].into_iter());
        assert_eq!((c.precision, c.recall, c.f1), (0.5, 0.5, 0.5));
    }
}
