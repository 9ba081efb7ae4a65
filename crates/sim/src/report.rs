//! A simulated day in figures: per interval and queue, and the day's summary.

use borderflow_core::{Outcome, Scenario};
use serde::Serialize;

use crate::model::RunStats;
use crate::record::Recorder;

/// Figures of one queue in one reporting interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct QueueInterval {
    /// Interval number (start = number × interval length, from midnight).
    pub interval: u32,
    /// Queue index.
    pub queue: u16,
    /// Travellers who joined the queue.
    pub arrivals: u32,
    /// Services ended for travellers taken from this queue.
    pub cleared: u32,
    /// Time-average queue length.
    pub len_mean: f64,
    /// Longest queue length.
    pub len_max: u32,
    /// Wait of the travellers who joined in this interval: mean, seconds (NaN: nobody joined).
    pub wait_mean: f64,
    /// Median wait.
    pub wait_p50: f64,
    /// 95th percentile wait.
    pub wait_p95: f64,
    /// Longest wait.
    pub wait_max: f64,
    /// Share of those travellers who waited no longer than the standard.
    pub within_standard: f64,
    /// Busy time / open time of the lanes serving this queue (NaN: none open).
    pub utilisation: f64,
    /// Average number of those lanes open.
    pub lanes_open: f64,
}

/// The day in one row.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    /// Travellers who arrived.
    pub travellers: u32,
    /// Cleared.
    pub cleared: u32,
    /// Referred to secondary inspection.
    pub referred: u32,
    /// Refused.
    pub refused: u32,
    /// Still queued when nothing more could happen (left stranded).
    pub stranded: u32,
    /// Share of travellers whose total wait was within the standard.
    pub within_standard: f64,
    /// Mean total wait, seconds.
    pub wait_mean: f64,
    /// 95th percentile of total wait.
    pub wait_p95: f64,
    /// Worst total wait.
    pub wait_max: f64,
    /// Arrival time of the first traveller whose wait broke the standard (None: never broken).
    pub first_breach: Option<f64>,
    /// Arrival time of the last such traveller.
    pub last_breach: Option<f64>,
    /// Minutes of reporting intervals in which some arriving traveller's wait broke the standard.
    pub breach_minutes: f64,
    /// When the last traveller's service ended.
    pub last_clearance: f64,
}

/// A day's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayReport {
    /// Interval length, seconds.
    pub interval_s: f64,
    /// Rows for every interval and queue, interval-major.
    pub intervals: Vec<QueueInterval>,
    /// The day.
    pub summary: Summary,
}

/// The `p`-quantile (0–1) of sorted values, by linear interpolation (NaN if empty).
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = p * (sorted.len() - 1) as f64;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

fn nan_max(a: f64, b: f64) -> f64 {
    if a.is_nan() { b } else { a.max(b) }
}

impl DayReport {
    /// Builds the report from a finished recorder.
    pub fn new(s: &Scenario, rec: &mut Recorder, stats: &RunStats) -> DayReport {
        rec.finish();
        let (nq, nl, n) = (rec.queues(), rec.lanes(), rec.intervals());
        let iv = rec.interval_s;
        let end = rec.last_t;
        let std = s.standard.max_wait_s;

        // Visit waits grouped by (interval joined, queue).
        let mut waits: Vec<Vec<f64>> = vec![Vec::new(); n * nq];
        for v in &rec.visits {
            let w = if v.started.is_nan() { end - v.joined } else { v.started - v.joined };
            waits[(v.joined / iv) as usize * nq + v.queue as usize].push(w);
        }
        let mut intervals = Vec::with_capacity(n * nq);
        for i in 0..n {
            for q in 0..nq {
                let w = &mut waits[i * nq + q];
                w.sort_by(f64::total_cmp);
                let lanes = s.lanes.iter().enumerate().filter(|(_, l)| l.serves.contains(&q)).map(|(li, _)| li);
                let (busy, open) = lanes.fold((0.0, 0.0), |(b, o), li| (b + rec.busy[i * nl + li], o + rec.open[i * nl + li]));
                intervals.push(QueueInterval {
                    interval: i as u32,
                    queue: q as u16,
                    arrivals: w.len() as u32,
                    cleared: rec.ended[i * nq + q],
                    len_mean: rec.len_area[i * nq + q] / iv,
                    len_max: rec.len_max[i * nq + q],
                    wait_mean: if w.is_empty() { f64::NAN } else { w.iter().sum::<f64>() / w.len() as f64 },
                    wait_p50: quantile(w, 0.5),
                    wait_p95: quantile(w, 0.95),
                    wait_max: w.last().copied().unwrap_or(f64::NAN),
                    within_standard: if w.is_empty() { f64::NAN } else { w.iter().filter(|&&x| x <= std).count() as f64 / w.len() as f64 },
                    utilisation: if open > 0.0 { busy / open } else { f64::NAN },
                    lanes_open: open / iv,
                });
            }
        }

        let mut totals: Vec<f64> = Vec::with_capacity(rec.travellers.len());
        let (mut cleared, mut referred, mut refused, mut stranded) = (0, 0, 0, 0);
        let (mut first_breach, mut last_breach) = (None, None);
        let mut breach_intervals = vec![false; n];
        let mut last_clearance = f64::NAN;
        for r in &rec.travellers {
            let wait = match r.outcome {
                Some(o) => {
                    match o {
                        Outcome::Cleared => cleared += 1,
                        Outcome::Referred => referred += 1,
                        Outcome::Refused => refused += 1,
                    }
                    last_clearance = nan_max(last_clearance, r.ended);
                    r.wait
                }
                None => {
                    stranded += 1;
                    // Still queued (or in service) at the end: waited at least this long.
                    if r.started.is_nan() || r.started < r.arrived { r.wait + (end - r.arrived).max(0.0) } else { r.wait }
                }
            };
            if wait > std {
                first_breach.get_or_insert(r.arrived);
                last_breach = Some(r.arrived);
                breach_intervals[(r.arrived / iv) as usize] = true;
            }
            totals.push(wait);
        }
        debug_assert_eq!(stranded, stats.stranded, "recorded and simulated strandings agree");
        totals.sort_by(f64::total_cmp);
        let travellers = totals.len() as u32;
        let summary = Summary {
            travellers,
            cleared,
            referred,
            refused,
            stranded,
            within_standard: if totals.is_empty() {
                f64::NAN
            } else {
                totals.iter().filter(|&&w| w <= std).count() as f64 / totals.len() as f64
            },
            wait_mean: if totals.is_empty() { f64::NAN } else { totals.iter().sum::<f64>() / totals.len() as f64 },
            wait_p95: quantile(&totals, 0.95),
            wait_max: totals.last().copied().unwrap_or(f64::NAN),
            first_breach,
            last_breach,
            breach_minutes: breach_intervals.iter().filter(|&&b| b).count() as f64 * iv / 60.0,
            last_clearance,
        };
        DayReport { interval_s: iv, intervals, summary }
    }

    /// Rows of one queue.
    pub fn queue_rows(&self, queue: u16) -> impl Iterator<Item = &QueueInterval> {
        self.intervals.iter().filter(move |r| r.queue == queue)
    }
}
