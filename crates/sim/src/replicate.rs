//! Independent replications in parallel, and their 95 % confidence intervals.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::{Model, stream_seed};
use crate::record::Recorder;
use crate::report::{DayReport, QueueInterval, Summary};

/// Seed of replication `r` of a run started with `seed` (replication 0 uses `seed` itself).
pub fn replication_seed(seed: u64, r: u64) -> u64 {
    if r == 0 { seed } else { stream_seed(seed, 3, r) }
}

/// Simulates one day and reports it.
pub fn simulate_day(model: &Model, seed: u64) -> DayReport {
    let mut rec = Recorder::new(model.scenario());
    let stats = model.run(seed, &mut rec);
    DayReport::new(model.scenario(), &mut rec, &stats)
}

/// Runs `n` replications on all cores; `progress` is called once per finished one.
/// Results are in replication order whatever the thread timing.
pub fn replicate(model: &Model, seed: u64, n: u64, progress: &(dyn Fn() + Sync)) -> Vec<DayReport> {
    (0..n)
        .into_par_iter()
        .map(|r| {
            let day = simulate_day(model, replication_seed(seed, r));
            progress();
            day
        })
        .collect()
}

/// A mean with the half-width of its 95 % confidence interval (Student t).
#[derive(ts_rs::TS, Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// Sample mean (NaN if no values).
    #[serde(deserialize_with = "borderflow_core::nan::null_as_nan")]
    #[ts(type = "number | null")]
    pub mean: f64,
    /// Half-width of the 95 % CI (0 for one value, NaN for none).
    #[serde(deserialize_with = "borderflow_core::nan::null_as_nan")]
    #[ts(type = "number | null")]
    pub ci95: f64,
    /// Number of values it is based on.
    pub n: u32,
}

/// 97.5 % quantile of Student's t with `df` degrees of freedom.
pub fn t975(df: u32) -> f64 {
    const T: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101,
        2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];
    match df {
        0 => f64::NAN,
        1..=30 => T[df as usize - 1],
        // Cornish–Fisher expansion about the normal quantile.
        _ => {
            let z: f64 = 1.959964;
            let d = df as f64;
            z + (z.powi(3) + z) / (4.0 * d) + (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / (96.0 * d * d)
        }
    }
}

impl Estimate {
    /// Mean and CI of the non-NaN values.
    pub fn of(values: impl IntoIterator<Item = f64>) -> Estimate {
        let v: Vec<f64> = values.into_iter().filter(|x| !x.is_nan()).collect();
        let n = v.len();
        if n == 0 {
            return Estimate { mean: f64::NAN, ci95: f64::NAN, n: 0 };
        }
        let mean = v.iter().sum::<f64>() / n as f64;
        if n == 1 {
            return Estimate { mean, ci95: 0.0, n: 1 };
        }
        let var = v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1) as f64;
        Estimate { mean, ci95: t975(n as u32 - 1) * (var / n as f64).sqrt(), n: n as u32 }
    }

    /// Whether `x` lies inside the interval.
    pub fn contains(&self, x: f64) -> bool {
        (x - self.mean).abs() <= self.ci95
    }
}

/// One (interval, queue) row over replications.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct IntervalEstimate {
    /// Interval number.
    pub interval: u32,
    /// Queue index (in JSON `queue_index`: documents that carry this row give the queue's id as `queue`).
    #[serde(rename = "queue_index")]
    pub queue: u16,
    /// Arrivals.
    pub arrivals: Estimate,
    /// Services ended.
    pub cleared: Estimate,
    /// Mean queue length.
    pub len_mean: Estimate,
    /// Longest queue.
    pub len_max: Estimate,
    /// Mean wait, seconds.
    pub wait_mean: Estimate,
    /// Median wait.
    pub wait_p50: Estimate,
    /// 95th percentile wait.
    pub wait_p95: Estimate,
    /// Longest wait.
    pub wait_max: Estimate,
    /// Share within the standard.
    pub within_standard: Estimate,
    /// Lane utilisation.
    pub utilisation: Estimate,
    /// Lanes open.
    pub lanes_open: Estimate,
}

/// The day's summary over replications.
#[derive(ts_rs::TS, Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct SummaryEstimate {
    /// Replications.
    pub replications: u32,
    /// Travellers.
    pub travellers: Estimate,
    /// Cleared.
    pub cleared: Estimate,
    /// Referred.
    pub referred: Estimate,
    /// Refused.
    pub refused: Estimate,
    /// Stranded.
    pub stranded: Estimate,
    /// Replications in which anyone was left stranded (a mean would round a
    /// rare stranding away).
    pub stranded_in: u32,
    /// The most left stranded on one day.
    pub stranded_max: u32,
    /// Share within standard.
    pub within_standard: Estimate,
    /// Mean wait, seconds.
    pub wait_mean: Estimate,
    /// 95th percentile wait.
    pub wait_p95: Estimate,
    /// Worst wait.
    pub wait_max: Estimate,
    /// Replications in which the standard was broken.
    pub breached_in: u32,
    /// First breach (over the replications with one).
    pub first_breach: Estimate,
    /// Last breach.
    pub last_breach: Estimate,
    /// Breach minutes.
    pub breach_minutes: Estimate,
    /// Last clearance.
    pub last_clearance: Estimate,
}

/// Aggregates replications: per row and for the summary.
pub fn aggregate(days: &[DayReport]) -> (Vec<IntervalEstimate>, SummaryEstimate) {
    let rows = days.iter().map(|d| d.intervals.len()).max().unwrap_or(0);
    let mut out = Vec::with_capacity(rows);
    for i in 0..rows {
        // Replications that ended earlier have no row: nobody there, nothing waiting.
        let template = days.iter().find_map(|d| d.intervals.get(i)).expect("some day has the row");
        let get = |f: &dyn Fn(&QueueInterval) -> f64, empty: f64| -> Estimate {
            Estimate::of(days.iter().map(|d| d.intervals.get(i).map(f).unwrap_or(empty)))
        };
        out.push(IntervalEstimate {
            interval: template.interval,
            queue: template.queue,
            arrivals: get(&|r| r.arrivals as f64, 0.0),
            cleared: get(&|r| r.cleared as f64, 0.0),
            len_mean: get(&|r| r.len_mean, 0.0),
            len_max: get(&|r| r.len_max as f64, 0.0),
            wait_mean: get(&|r| r.wait_mean, f64::NAN),
            wait_p50: get(&|r| r.wait_p50, f64::NAN),
            wait_p95: get(&|r| r.wait_p95, f64::NAN),
            wait_max: get(&|r| r.wait_max, f64::NAN),
            within_standard: get(&|r| r.within_standard, f64::NAN),
            utilisation: get(&|r| r.utilisation, f64::NAN),
            lanes_open: get(&|r| r.lanes_open, 0.0),
        });
    }
    let s = |f: &dyn Fn(&Summary) -> f64| Estimate::of(days.iter().map(|d| f(&d.summary)));
    let summary = SummaryEstimate {
        replications: days.len() as u32,
        travellers: s(&|x| x.travellers as f64),
        cleared: s(&|x| x.cleared as f64),
        referred: s(&|x| x.referred as f64),
        refused: s(&|x| x.refused as f64),
        stranded: s(&|x| x.stranded as f64),
        stranded_in: days.iter().filter(|d| d.summary.stranded > 0).count() as u32,
        stranded_max: days.iter().map(|d| d.summary.stranded).max().unwrap_or(0),
        within_standard: s(&|x| x.within_standard),
        wait_mean: s(&|x| x.wait_mean),
        wait_p95: s(&|x| x.wait_p95),
        wait_max: s(&|x| x.wait_max),
        breached_in: days.iter().filter(|d| d.summary.first_breach.is_some()).count() as u32,
        first_breach: s(&|x| x.first_breach.unwrap_or(f64::NAN)),
        last_breach: s(&|x| x.last_breach.unwrap_or(f64::NAN)),
        breach_minutes: s(&|x| x.breach_minutes),
        last_clearance: s(&|x| x.last_clearance),
    };
    (out, summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimate_of_known_values() {
        let e = Estimate::of([1.0, 2.0, 3.0, f64::NAN]);
        assert_eq!(e.n, 3);
        assert!((e.mean - 2.0).abs() < 1e-12);
        assert!((e.ci95 - 4.303 * (1.0f64 / 3.0).sqrt()).abs() < 1e-9);
        assert!((t975(1000) - 1.9623).abs() < 1e-3);
    }
}
