//! The twin's track record: what it predicted for each queue some minutes
//! ahead, scored against what the travellers who then joined actually waited.
//!
//! A prediction is about the travellers joining a queue in one step (five
//! minutes); it can be scored only once every one of them has been served,
//! so it waits here until then. The duty officer sees, beside the forecast,
//! how far off it has been over the last day at each horizon, which is the
//! plain answer to "can I believe this line?".

use std::collections::VecDeque;

use borderflow_sim::report::quantile;
use serde::Serialize;

use crate::twin::Outlook;

/// How far ahead the predictions scored were made, minutes.
pub const HORIZONS_MIN: [u32; 3] = [15, 30, 60];

/// Scores older than this are forgotten, seconds (a day).
const KEEP_S: f64 = 86_400.0;

/// A prediction not yet scorable is given up this long after its step ends
/// (its travellers' record is gone by then), seconds.
const GIVE_UP_S: f64 = 3.0 * 3600.0;

/// One prediction waiting for its travellers to be served.
#[derive(Debug, Clone, PartialEq)]
struct Pending {
    queue: String,
    horizon_min: u32,
    /// The step's joining times, Unix seconds.
    from_s: f64,
    to_s: f64,
    predicted_s: f64,
    /// The queue's current wait estimate when the prediction was made: the
    /// persistence baseline holds it for every horizon.
    persistence_s: Option<f64>,
}

/// One scored prediction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    /// Minutes ahead it was made.
    pub horizon_min: u32,
    /// End of the predicted step, Unix seconds.
    pub at_unix_s: f64,
    /// Actual minus predicted 95th-percentile wait, seconds.
    pub error_s: f64,
    /// Actual minus the persistence baseline's prediction, seconds (None: no
    /// estimate then, or a score kept from before the baseline was kept).
    pub persistence_error_s: Option<f64>,
}

/// How the twin did at one horizon over the last day.
#[derive(ts_rs::TS, Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TrackLine {
    /// Minutes ahead the predictions were made.
    pub horizon_min: u32,
    /// Predictions scored.
    pub scored: usize,
    /// Mean absolute error of the 95th-percentile wait, minutes.
    pub mae_min: f64,
    /// Median of actual minus predicted, minutes (positive: the twin ran low).
    pub median_error_min: f64,
    /// Mean absolute error of the persistence baseline (the queue's wait
    /// estimate at the time, held constant) over the same predictions where it
    /// had one, minutes: what the twin must beat to be worth its trouble.
    pub persistence_mae_min: Option<f64>,
}

/// How the twin did at one horizon in one interval of the last day: the
/// track record drawn as a line through the day.
#[derive(ts_rs::TS, Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TrackStep {
    /// End of the interval, Unix seconds.
    pub at_unix_s: f64,
    /// The scores of the predicted steps that ended in it.
    #[serde(flatten)]
    pub line: TrackLine,
}

/// The predictions of one checkpoint's twin, pending and scored.
#[derive(Debug, Clone, Default)]
pub struct TrackRecord {
    pending: Vec<Pending>,
    scored: VecDeque<Scored>,
}

impl TrackRecord {
    /// Keeps the outlook made at `now` (Unix seconds) for later scoring: per
    /// queue, the step nearest each horizon, beside `estimate(queue)`, the
    /// queue's wait estimate now, seconds (the persistence baseline).
    pub fn record(&mut self, now: f64, outlook: &Outlook, step_s: f64, estimate: impl Fn(&str) -> Option<f64>) {
        // The outlook's times are seconds from the local midnight.
        let midnight = now - outlook.now_clock_s;
        for q in &outlook.queues {
            for h in HORIZONS_MIN {
                let target = outlook.now_clock_s + f64::from(h) * 60.0;
                let nearest = q.points.iter().min_by(|a, b| (a.t_clock_s - target).abs().total_cmp(&(b.t_clock_s - target).abs()));
                if let Some(p) = nearest.filter(|p| (p.t_clock_s - target).abs() <= step_s) {
                    self.pending.push(Pending {
                        queue: q.queue.clone(),
                        horizon_min: h,
                        from_s: midnight + p.t_clock_s,
                        to_s: midnight + p.t_clock_s + step_s,
                        predicted_s: p.wait_p95_s,
                        persistence_s: estimate(&q.queue),
                    });
                }
            }
        }
    }

    /// Scores every pending prediction whose travellers have all been served.
    /// `waits(queue, from, to)` gives the waits of the travellers who joined
    /// `queue` between `from` and `to` once all have started service (empty:
    /// nobody joined, nothing to score), None while any is still waiting.
    /// Returns the predictions scored now (to be kept beyond a restart).
    pub fn settle(&mut self, now: f64, waits: impl Fn(&str, f64, f64) -> Option<Vec<f64>>) -> Vec<Scored> {
        let mut keep = Vec::with_capacity(self.pending.len());
        let mut new = Vec::new();
        for p in self.pending.drain(..) {
            if p.to_s > now {
                keep.push(p);
                continue;
            }
            match waits(&p.queue, p.from_s, p.to_s) {
                Some(w) if w.is_empty() => {}
                Some(mut w) => {
                    w.sort_by(f64::total_cmp);
                    let actual = quantile(&w, 0.95);
                    new.push(Scored {
                        horizon_min: p.horizon_min,
                        at_unix_s: p.to_s,
                        error_s: actual - p.predicted_s,
                        persistence_error_s: p.persistence_s.map(|x| actual - x),
                    });
                }
                None if now - p.to_s > GIVE_UP_S => {}
                None => keep.push(p),
            }
        }
        self.pending = keep;
        self.scored.extend(new.iter().copied());
        while self.scored.front().is_some_and(|s| s.at_unix_s < now - KEEP_S) {
            self.scored.pop_front();
        }
        new
    }

    /// Takes back scores kept from before a restart (oldest first).
    pub fn restore(&mut self, scores: impl IntoIterator<Item = Scored>) {
        self.scored.extend(scores);
    }

    /// Scores older than this at `now` are forgotten (Unix seconds).
    pub fn forget_before(now: f64) -> f64 {
        now - KEEP_S
    }

    /// The last day's scores, one line per horizon with any.
    pub fn summary(&self) -> Vec<TrackLine> {
        self.summary_within(f64::NEG_INFINITY, f64::INFINITY)
    }

    /// The scores of the predicted steps ending after `from` and by `to`
    /// (Unix seconds), one line per horizon with any.
    pub fn summary_within(&self, from: f64, to: f64) -> Vec<TrackLine> {
        let within = |s: &&Scored| s.at_unix_s > from && s.at_unix_s <= to;
        HORIZONS_MIN.iter().filter_map(|&h| line(h, self.scored.iter().filter(|s| s.horizon_min == h).filter(within))).collect()
    }

    /// The last day's scores per horizon and interval of `interval_s` seconds
    /// (aligned on Unix time, which is local time too where the zone's
    /// offset is whole quarter-hours), in time order within each horizon.
    pub fn steps(&self, interval_s: f64) -> Vec<TrackStep> {
        let mut out = Vec::new();
        for h in HORIZONS_MIN {
            let mut scores: Vec<&Scored> = self.scored.iter().filter(|s| s.horizon_min == h).collect();
            scores.sort_by(|a, b| a.at_unix_s.total_cmp(&b.at_unix_s));
            // A step ending exactly on a boundary belongs to the interval it closes.
            let end = |s: &&Scored| (s.at_unix_s / interval_s).ceil() * interval_s;
            for bin in scores.chunk_by(|a, b| end(a) == end(b)) {
                out.extend(line(h, bin.iter().copied()).map(|line| TrackStep { at_unix_s: end(&bin[0]), line }));
            }
        }
        out
    }
}

/// One horizon's scores summed up (None: there are none).
fn line<'a>(horizon_min: u32, scores: impl Iterator<Item = &'a Scored> + Clone) -> Option<TrackLine> {
    let mut errors: Vec<f64> = scores.clone().map(|s| s.error_s / 60.0).collect();
    if errors.is_empty() {
        return None;
    }
    let mae = |e: &[f64]| (!e.is_empty()).then(|| e.iter().map(|e| e.abs()).sum::<f64>() / e.len() as f64);
    let persistence: Vec<f64> = scores.filter_map(|s| s.persistence_error_s).map(|e| e / 60.0).collect();
    let mae_min = mae(&errors).expect("not empty");
    errors.sort_by(f64::total_cmp);
    Some(TrackLine {
        horizon_min,
        scored: errors.len(),
        mae_min,
        median_error_min: quantile(&errors, 0.5),
        persistence_mae_min: mae(&persistence),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::twin::{QueueOutlook, WaitPoint};

    /// An outlook made at 10:00 local predicting `p95_min` for every 5-minute step of two hours.
    fn outlook(p95_min: f64) -> Outlook {
        let now_s = 36_000.0;
        let points = (0..24)
            .map(|i| WaitPoint { t_clock_s: now_s + i as f64 * 300.0, wait_p95_s: p95_min * 60.0, low_s: 0.0, high_s: 0.0 })
            .collect();
        Outlook { now_clock_s: now_s, queues: vec![QueueOutlook { queue: "Q".into(), points, breach_at_clock_s: None }], advice: None }
    }

    #[test]
    fn predictions_are_scored_once_their_travellers_are_served() {
        let now = 1_000_000.0; // Unix seconds at 10:00 local
        let mut t = TrackRecord::default();
        // The queue's estimate at 10:00 was 5 min.
        t.record(now, &outlook(10.0), 300.0, |_| Some(300.0));
        // 15 minutes ahead is the step 10:15-10:20: nothing to score before it ends.
        let asked = std::cell::RefCell::new(Vec::new());
        assert!(t.settle(now + 600.0, |_, _, _| unreachable!("no step has ended")).is_empty());
        // It has ended but travellers are still waiting: kept.
        t.settle(now + 1500.0, |q, a, b| {
            asked.borrow_mut().push((q.to_owned(), a - now, b - now));
            None
        });
        assert_eq!(asked.borrow().as_slice(), &[("Q".to_owned(), 900.0, 1200.0)]);
        assert!(t.summary().is_empty());
        // All served: the joiners' p95 was 14 min against 10 predicted.
        let new =
            t.settle(now + 2400.0, |_, a, _| (a - now == 900.0).then(|| vec![6.0 * 60.0; 19].into_iter().chain([14.0 * 60.0]).collect()));
        assert_eq!(new.len(), 1);
        assert_eq!((new[0].horizon_min, new[0].at_unix_s), (15, now + 1200.0));
        let s = t.summary();
        assert_eq!(s.len(), 1);
        assert_eq!((s[0].horizon_min, s[0].scored), (15, 1));
        assert!((s[0].median_error_min - (quantile(&[6.0; 19].into_iter().chain([14.0]).collect::<Vec<_>>(), 0.95) - 10.0)).abs() < 1e-9);
        assert_eq!(s[0].mae_min, s[0].median_error_min.abs());
        // Persistence held 5 min: off by the p95 less 5.
        assert!((s[0].persistence_mae_min.unwrap() - (s[0].median_error_min + 5.0).abs()).abs() < 1e-9, "{s:?}");
        assert!(t.summary_within(now + 1200.0, now + 9999.0).is_empty(), "the step ended at 10:20, not after");
        assert_eq!(t.summary_within(now, now + 1200.0), s);
    }

    #[test]
    fn steps_nobody_joined_and_stale_ones_are_dropped_unscored() {
        let now = 1_000_000.0;
        let mut t = TrackRecord::default();
        t.record(now, &outlook(10.0), 300.0, |_| None);
        assert_eq!(t.pending.len(), 3);
        // 15 min: nobody joined. 30 and 60 min: still waiting, then given up.
        t.settle(now + 4000.0, |_, a, _| if a - now == 900.0 { Some(vec![]) } else { None });
        assert_eq!(t.pending.len(), 2);
        t.settle(now + 4200.0 + GIVE_UP_S, |_, _, _| None);
        assert!(t.pending.is_empty());
        assert!(t.summary().is_empty());
    }

    #[test]
    fn scores_older_than_a_day_are_forgotten() {
        let now = 1_000_000.0;
        let mut t = TrackRecord::default();
        t.record(now, &outlook(10.0), 300.0, |_| None);
        t.settle(now + 7200.0, |_, _, _| Some(vec![600.0]));
        assert_eq!(t.summary().iter().map(|l| l.scored).sum::<usize>(), 3);
        assert!(t.summary().iter().all(|l| l.mae_min == 0.0));
        t.settle(now + 7200.0 + KEEP_S, |_, _, _| None);
        assert!(t.summary().is_empty());
    }

    #[test]
    fn restored_scores_count_like_new_ones() {
        let mut t = TrackRecord::default();
        t.restore([
            Scored { horizon_min: 30, at_unix_s: 1.0, error_s: 120.0, persistence_error_s: None },
            Scored { horizon_min: 30, at_unix_s: 2.0, error_s: -60.0, persistence_error_s: Some(240.0) },
        ]);
        let line = TrackLine { horizon_min: 30, scored: 2, mae_min: 1.5, median_error_min: 0.5, persistence_mae_min: Some(4.0) };
        assert_eq!(t.summary(), vec![line]);
        assert_eq!(TrackRecord::forget_before(KEEP_S + 5.0), 5.0);
    }

    #[test]
    fn steps_draw_the_record_through_the_day_per_horizon() {
        let mut t = TrackRecord::default();
        let at = |h: u32, at_unix_s: f64, error_min: f64| Scored {
            horizon_min: h,
            at_unix_s,
            error_s: error_min * 60.0,
            persistence_error_s: None,
        };
        // Restored out of order: 30 min ahead in two quarter-hours, 15 min ahead in one.
        t.restore([at(30, 1800.0, 2.0), at(30, 900.0, -1.0), at(15, 600.0, 4.0), at(30, 1200.0, 3.0), at(30, 1700.0, 6.0)]);
        let steps: Vec<(u32, f64, usize, f64)> =
            t.steps(900.0).iter().map(|s| (s.line.horizon_min, s.at_unix_s, s.line.scored, s.line.median_error_min)).collect();
        // 900 closes the first quarter-hour; 1200, 1700 and 1800 the second.
        assert_eq!(steps, vec![(15, 900.0, 1, 4.0), (30, 900.0, 1, -1.0), (30, 1800.0, 3, 3.0)]);
        assert_eq!(t.steps(900.0)[2].line.mae_min, 11.0 / 3.0);
        let json = serde_json::to_value(t.steps(900.0)[0]).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"at_unix_s": 900.0, "horizon_min": 15, "scored": 1, "mae_min": 4.0, "median_error_min": 4.0, "persistence_mae_min": null})
        );
    }
}
