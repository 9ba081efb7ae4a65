//! The daily recalibration a deployed system makes: each morning it measures
//! how far its own forecasts of the last few days were off, and carries that
//! level into today's.
//!
//! The level is the median error, not the mean: errors are skewed (a few
//! hours run far longer than any model of these inputs predicts), a mean
//! chases them and worsens the typical hour, and the median is what the
//! mean absolute error rewards. It is added to every wait of the day, as a
//! shift of the walk from the gate would be; it uses only days before the
//! one predicted.

use borderflow_sim::report::quantile;

use super::score::Point;
use crate::cbp::Hour;

/// Each hour's level, minutes: the median of (actual − predicted average wait)
/// over the hours of the `days` days before its own day; 0 where none came before.
/// `hours` are in time order, one prediction each.
pub fn daily_levels(hours: &[Hour], predicted: &[Point], days: u32) -> Vec<f64> {
    assert_eq!(hours.len(), predicted.len(), "one prediction per hour");
    let mut levels = Vec::with_capacity(hours.len());
    let mut from = 0;
    for day in hours.chunk_by(|a, b| a.date == b.date) {
        let today = day[0].date;
        let first = today.checked_sub(jiff::Span::new().days(days as i64)).unwrap_or(today);
        let upto = levels.len();
        while from < upto && hours[from].date < first {
            from += 1;
        }
        let mut errors: Vec<f64> = (from..upto).map(|i| hours[i].avg_wait - predicted[i].avg_wait).collect();
        errors.sort_by(f64::total_cmp);
        let level = if errors.is_empty() { 0.0 } else { quantile(&errors, 0.5) };
        levels.extend(std::iter::repeat_n(level, day.len()));
    }
    levels
}

/// Hours of evidence at which an hour of day's own median counts half
/// against the median of all hours (a shrinkage prior).
const HOUR_PRIOR: f64 = 10.0;

/// Each hour's level by hour of day, minutes: the trailing median of the
/// model's error (actual − predicted average wait) at the same hour of day
/// ([`trailing_by_hour`]). 0 where no day came before.
///
/// This is what a monthly-retrained learner gains by seeing what each hour
/// of the day is like this season (which flights the timetable brings then),
/// learned from the days before only.
pub fn hour_levels(hours: &[Hour], predicted: &[Point], days: u32) -> Vec<f64> {
    assert_eq!(hours.len(), predicted.len(), "one prediction per hour");
    trailing_by_hour(hours, days, |i| hours[i].avg_wait - predicted[i].avg_wait).into_iter().map(|x| x.unwrap_or(0.0)).collect()
}

/// For each hour, over the `days` days before its own day: the median of
/// `value` at the same hour of day, shrunk toward the median over all those
/// hours by `n / (n + 10)`, so that an hour of day seen a few times only does
/// not swing it. None where no day came before. `hours` are in time order;
/// `value(i)` is hour i's value.
pub fn trailing_by_hour(hours: &[Hour], days: u32, value: impl Fn(usize) -> f64) -> Vec<Option<f64>> {
    let mut out = Vec::with_capacity(hours.len());
    let mut from = 0;
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        (!v.is_empty()).then(|| quantile(&v, 0.5))
    };
    for day in hours.chunk_by(|a, b| a.date == b.date) {
        let today = day[0].date;
        let first = today.checked_sub(jiff::Span::new().days(days as i64)).unwrap_or(today);
        let upto = out.len();
        while from < upto && hours[from].date < first {
            from += 1;
        }
        let Some(all) = median((from..upto).map(&value).collect()) else {
            out.extend(std::iter::repeat_n(None, day.len()));
            continue;
        };
        for h in day {
            let same: Vec<f64> = (from..upto).filter(|&i| hours[i].hour == h.hour).map(&value).collect();
            let n = same.len() as f64;
            out.push(Some(median(same).map_or(all, |own| (n * own + HOUR_PRIOR * all) / (n + HOUR_PRIOR))));
        }
    }
    out
}

impl Point {
    /// The same hour with `level` minutes added to both waits.
    pub fn shifted(self, level: f64) -> Point {
        Point { avg_wait: self.avg_wait + level, max_wait: self.max_wait + level }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hour(day: i8, hour: u8, avg_wait: f64) -> Hour {
        Hour {
            date: jiff::civil::date(2017, 3, day),
            hour,
            avg_wait,
            max_wait: avg_wait,
            buckets: [0; 7],
            passengers: 1,
            flights: 1,
            booths: 1,
        }
    }

    #[test]
    fn the_level_is_the_median_error_of_the_days_before_only() {
        // Predictions are always 10 min; day 1 runs 2 min over (one wild hour),
        // day 2 runs 4 over, day 4 (after a day without rows) 6 over.
        let hours = vec![
            hour(1, 8, 12.0),
            hour(1, 9, 12.0),
            hour(1, 10, 70.0),
            hour(2, 8, 14.0),
            hour(2, 9, 14.0),
            hour(4, 8, 16.0),
            hour(5, 8, 10.0),
        ];
        let predicted = vec![Point { avg_wait: 10.0, max_wait: 20.0 }; hours.len()];
        let levels = daily_levels(&hours, &predicted, 2);
        // Day 1: nothing before. Day 2: day 1's median error, not its mean (20.7).
        // Day 4: days 2 and 3 (window of 2 days). Day 5: days 3 and 4.
        assert_eq!(levels, vec![0.0, 0.0, 0.0, 2.0, 2.0, 4.0, 6.0]);
        assert_eq!(daily_levels(&hours, &predicted, 3)[5], 4.0, "days 1-3: errors 2, 2, 4, 4, 60");
    }

    #[test]
    fn the_hour_level_is_shrunk_toward_the_whole_days_level() {
        // Days 1 and 2: 08:00 runs 12 over, 09:00 runs 2 over; day 3 is predicted.
        let hours = vec![
            hour(1, 8, 22.0),
            hour(1, 9, 12.0),
            hour(2, 8, 22.0),
            hour(2, 9, 12.0),
            hour(3, 8, 0.0),
            hour(3, 9, 0.0),
            hour(3, 10, 0.0),
        ];
        let predicted = vec![Point { avg_wait: 10.0, max_wait: 20.0 }; hours.len()];
        let levels = hour_levels(&hours, &predicted, 7);
        let shrunk = |n: f64, own: f64| (n * own + HOUR_PRIOR * 7.0) / (n + HOUR_PRIOR);
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert_eq!(&levels[..2], &[0.0, 0.0], "nothing before day 1");
        // Day 2: one day of evidence per hour of day (median of all errors: 7).
        assert!(close(levels[2], shrunk(1.0, 12.0)) && close(levels[3], shrunk(1.0, 2.0)), "{levels:?}");
        // Day 3: two days of evidence each.
        assert!(close(levels[4], shrunk(2.0, 12.0)) && close(levels[5], shrunk(2.0, 2.0)), "{levels:?}");
        assert_eq!(levels[6], 7.0, "an hour of day never seen takes the level of all hours");
        assert!(levels[4] > levels[5], "the late-running hour of day keeps its own lean");
    }

    #[test]
    fn a_shift_moves_both_waits() {
        assert_eq!(Point { avg_wait: 10.0, max_wait: 30.0 }.shifted(-2.5), Point { avg_wait: 7.5, max_wait: 27.5 });
    }
}
