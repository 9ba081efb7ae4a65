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
    pub(crate) fn of(pairs: impl Iterator<Item = (bool, bool)>) -> Classification {
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

/// A point prediction for one hour: its average and its longest wait, minutes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Point {
    /// Average wait.
    pub avg_wait: f64,
    /// Longest wait.
    pub max_wait: f64,
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

/// When to call an hour "over 30 / 60 min": the predicted longest wait above
/// which to flag it. A predicted mean of the maximum sits below the threshold
/// at which real hours go over (the maximum is noisy), so each threshold is
/// fitted on the training hours, the one with the best F1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Alarm {
    /// Flag "over 30 min" when the predicted longest wait exceeds this, minutes.
    pub over_30: f64,
    /// Flag "over 60 min" when it exceeds this.
    pub over_60: f64,
}

impl Alarm {
    /// The thresholds (whole minutes, 0–240) with the best F1 of `predicted` against `actual`.
    pub fn fit(actual: &[Hour], predicted: &[Point]) -> Alarm {
        let best = |limit: f64| {
            let f1 = |t: f64| Classification::of(actual.iter().zip(predicted).map(|(a, p)| (p.max_wait > t, a.max_wait > limit))).f1;
            // Ties go to the threshold nearest the limit itself.
            (0..=240).map(f64::from).fold((limit, f1(limit)), |(bt, bf), t| {
                let f = f1(t);
                if f > bf || (f == bf && (t - limit).abs() < (bt - limit).abs()) { (t, f) } else { (bt, bf) }
            })
        };
        Alarm { over_30: best(30.0).0, over_60: best(60.0).0 }
    }

    /// The call for one predicted hour.
    pub fn call(&self, p: Point) -> Call {
        Call { avg_wait: p.avg_wait, over_30: p.max_wait > self.over_30, over_60: p.max_wait > self.over_60 }
    }

    /// The calls for predicted hours.
    pub fn calls(&self, predicted: &[Point]) -> Vec<Call> {
        predicted.iter().map(|&p| self.call(p)).collect()
    }
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

/// Mean average wait and mean longest wait of some hours.
fn means<'a>(hours: impl Iterator<Item = &'a Hour>) -> Option<Point> {
    let (a, m, n) = hours.fold((0.0, 0.0, 0.0), |(a, m, n), h| (a + h.avg_wait, m + h.max_wait, n + 1.0));
    (n > 0.0).then(|| Point { avg_wait: a / n, max_wait: m / n })
}

/// The mean of all training hours (NaN without any).
fn overall_mean(train: &[Hour]) -> Point {
    means(train.iter()).unwrap_or(Point { avg_wait: f64::NAN, max_wait: f64::NAN })
}

/// Baseline: the training mean of the average and of the longest wait, every hour.
pub fn training_mean(train: &[Hour], hours: &[Hour]) -> Vec<Point> {
    vec![overall_mean(train); hours.len()]
}

/// Baseline: the training mean by hour of day (the overall mean for an hour never seen).
pub fn hour_of_day_mean(train: &[Hour], hours: &[Hour]) -> Vec<Point> {
    let overall = overall_mean(train);
    let by_hour: Vec<Point> = (0..24u8).map(|hr| means(train.iter().filter(|h| h.hour == hr)).unwrap_or(overall)).collect();
    hours.iter().map(|h| by_hour[h.hour as usize]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hour(max_wait: f64) -> Hour {
        Hour {
            date: jiff::civil::date(2017, 3, 1),
            hour: 8,
            avg_wait: 0.0,
            max_wait,
            buckets: [0; 7],
            passengers: 1,
            flights: 1,
            booths: 1,
        }
    }

    #[test]
    fn the_alarm_threshold_separates_what_the_prediction_can() {
        // Predictions run 20 min low: the fitted thresholds move down with them.
        let actual: Vec<Hour> = [10.0, 25.0, 40.0, 55.0, 70.0, 90.0].map(hour).to_vec();
        let predicted: Vec<Point> = actual.iter().map(|h| Point { avg_wait: 0.0, max_wait: h.max_wait - 20.0 }).collect();
        let alarm = Alarm::fit(&actual, &predicted);
        assert_eq!(alarm.calls(&predicted).iter().filter(|c| c.over_60).count(), 2);
        assert_eq!(alarm.calls(&predicted).iter().filter(|c| c.over_30).count(), 4);
        assert!((5.0..=20.0).contains(&alarm.over_30) && (35.0..=50.0).contains(&alarm.over_60), "{alarm:?}");
        // Predictions that are right need no shift.
        let exact: Vec<Point> = actual.iter().map(|h| Point { avg_wait: 0.0, max_wait: h.max_wait }).collect();
        assert_eq!(Alarm::fit(&actual, &exact), Alarm { over_30: 30.0, over_60: 60.0 });
    }

    #[test]
    fn classification_counts() {
        let c = Classification::of([(true, true), (true, false), (false, true), (false, false)].into_iter());
        assert_eq!((c.precision, c.recall, c.f1), (0.5, 0.5, 0.5));
    }
}
