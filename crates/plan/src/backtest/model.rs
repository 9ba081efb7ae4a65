//! The arrivals hall of an airport, hour by hour, run through the same
//! simulator as the planner and the twin.
//!
//! Given each hour's passengers, flights and booths, flights land at random
//! moments within the hour (the data gives no times), passengers are split
//! among them unevenly, leave the aircraft at a deplaning rate, walk to the
//! hall and queue for the booths open in that hour; booths keep their hour's
//! count until the next row, so backlog carries over. A passenger's wait runs
//! from the aircraft's arrival at the gate (as CBP measures it) to the start
//! of inspection.

use borderflow_core::scenario::{DistSpec, Lane};
use borderflow_core::{Id, LaneKind, Scenario};
use borderflow_sim::SimRng;
use borderflow_sim::model::Arrival;
use borderflow_sim::replicate::replication_seed;
use borderflow_sim::textbook::single_queue;
use borderflow_sim::{EventSink, Model, SimEvent, SimKind};
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, Gamma, LogNormal};
use serde::Serialize;

use super::score::Point;
use crate::cbp::{BUCKETS_MIN, Hour};
use crate::staffing::windows_of;

/// The model's physical parameters: the ones fitted are service time, walk
/// and deplaning rate; the rest are fixed shape assumptions.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Params {
    /// Mean inspection time per passenger at a booth, seconds (fitted).
    pub service_s: f64,
    /// Coefficient of variation of inspection time (fixed).
    pub service_cv: f64,
    /// Mean minutes from the aircraft at the gate to the hall, on top of deplaning (fitted).
    pub walk_min: f64,
    /// Coefficient of variation of one passenger's walk (lognormal; fitted on the longest
    /// waits): stops, slow walkers and wheelchairs make the tail that sets an hour's maximum.
    pub walk_cv: f64,
    /// Passengers leaving one aircraft per minute (fitted).
    pub deplane_per_min: f64,
    /// Shape of the gamma weights that split an hour's passengers among its flights
    /// (fixed; 4 gives flight sizes with a CV of 0.5).
    pub flight_size_shape: f64,
}

/// Where a fit starts: physically plausible values (a minute per passenger at a
/// booth, a few minutes' walk, a dozen passengers a minute off an aircraft).
impl Default for Params {
    fn default() -> Params {
        Params { service_s: 60.0, service_cv: 0.7, walk_min: 5.0, walk_cv: 0.8, deplane_per_min: 12.0, flight_size_shape: 4.0 }
    }
}

/// What the model predicts for one hour.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HourPrediction {
    /// Mean wait, minutes (mean over replications).
    pub avg_wait: f64,
    /// Longest wait, minutes (mean over replications).
    pub max_wait: f64,
    /// Share of replications in which the longest wait exceeded 30 minutes.
    pub p_max_over_30: f64,
    /// … 60 minutes.
    pub p_max_over_60: f64,
    /// Share of passengers per CBP wait bucket.
    pub buckets: [f64; 7],
}

impl HourPrediction {
    /// The point prediction: mean average wait and mean longest wait.
    pub fn point(&self) -> Point {
        Point { avg_wait: self.avg_wait, max_wait: self.max_wait }
    }
}

const TAIL_HOURS: i64 = 6;

/// Hours from the first row to the last, with each row's booths carried
/// forward over hours without a row.
struct Timeline {
    start: i64,
    booths: Vec<u32>,
}

impl Timeline {
    fn new(hours: &[Hour]) -> Timeline {
        let start = hours[0].index();
        // A few hours past the last row, so its late passengers still find booths.
        let len = (hours[hours.len() - 1].index() - start + 1 + TAIL_HOURS) as usize;
        let mut booths = vec![0u32; len];
        let mut rows = hours.iter().peekable();
        let mut current = hours[0].booths.max(1);
        for (h, b) in booths.iter_mut().enumerate() {
            if let Some(r) = rows.next_if(|r| (r.index() - start) as usize == h) {
                // A row with passengers but no booth recorded still gets one (nobody stranded).
                current = r.booths.max(1);
            }
            *b = current;
        }
        Timeline { start, booths }
    }

    /// The scenario: one queue, as many booths as the busiest hour, booth k open
    /// in the hours with more than k booths.
    fn scenario(&self, p: &Params) -> Scenario {
        let max = self.booths.iter().copied().max().unwrap_or(1);
        let horizon = self.booths.len() as f64 * 3600.0;
        let service = DistSpec::LogNormal { mean: p.service_s, cv: p.service_cv };
        // The textbook single queue, its always-open servers replaced by the hours' booths.
        let mut s = single_queue(0.0, service, 0, horizon);
        s.name = "CBP arrivals hall".into();
        s.standard.interval_s = 3600.0;
        s.lanes = (0..max)
            .map(|k| Lane {
                id: Id::new(format!("B{}", k + 1)).expect("valid id"),
                group: "booths".into(),
                kind: LaneKind::Manual,
                serves: vec![0],
                windows: windows_of(&self.booths, k, 0.0, 3600.0),
                officers: vec![],
                drain: true,
                pace: 1.0,
            })
            .filter(|l| !l.windows.is_empty())
            .collect();
        s
    }
}

/// A passenger: when their aircraft reached the gate and which row they belong to.
#[derive(Clone, Copy)]
struct Passenger {
    hall_s: f64,
    gate_s: f64,
    row: u32,
}

/// Draws the passengers of every row: flights at uniform moments in the hour,
/// gamma-weighted flight sizes, deplaning at a steady rate after the walk.
fn passengers(hours: &[Hour], start: i64, p: &Params, rng: &mut SimRng) -> Vec<Passenger> {
    let gamma = Gamma::new(p.flight_size_shape, 1.0).expect("positive shape");
    let walk = lognormal(p.walk_min * 60.0, p.walk_cv);
    let total: u32 = hours.iter().map(|h| h.passengers).sum();
    let mut out = Vec::with_capacity(total as usize);
    let mut weights = Vec::new();
    for (row, h) in hours.iter().enumerate() {
        let flights = h.flights.max(1);
        weights.clear();
        weights.extend((0..flights).map(|_| gamma.sample(rng)));
        let sum: f64 = weights.iter().sum();
        let base = (h.index() - start) as f64 * 3600.0;
        // Largest-remainder rounding so sizes add up to the hour's passengers.
        let mut given = 0u32;
        let mut cum = 0.0;
        for w in &weights {
            cum += w / sum;
            let upto = (cum * h.passengers as f64).round() as u32;
            let n = upto.min(h.passengers) - given;
            given += n;
            let gate = base + 3600.0 * rng.random::<f64>();
            for k in 0..n {
                let door = gate + 60.0 * (k as f64 + rng.random::<f64>()) / p.deplane_per_min;
                let hall = door + walk.as_ref().map_or(p.walk_min * 60.0, |d| d.sample(rng));
                out.push(Passenger { hall_s: hall, gate_s: gate, row: row as u32 });
            }
        }
    }
    out.sort_by(|a, b| a.hall_s.total_cmp(&b.hall_s));
    out
}

/// A lognormal with this mean and coefficient of variation (None: no spread, or no mean).
fn lognormal(mean: f64, cv: f64) -> Option<LogNormal<f64>> {
    (mean > 0.0 && cv > 0.0).then(|| {
        let sigma2 = (1.0 + cv * cv).ln();
        LogNormal::new(mean.ln() - sigma2 / 2.0, sigma2.sqrt()).expect("finite parameters")
    })
}

/// Start of inspection of each traveller, by traveller number.
struct Starts(Vec<f64>);

impl EventSink for Starts {
    #[inline]
    fn emit(&mut self, ev: SimEvent) {
        if let SimKind::Started { traveller, .. } = ev.kind {
            self.0[traveller as usize] = ev.t;
        }
    }
}

/// One replication: every passenger's wait in minutes, with their row.
fn replicate_once(hours: &[Hour], timeline: &Timeline, model: &Model, p: &Params, seed: u64) -> Vec<(u32, f64)> {
    let mut rng = SimRng::seed_from_u64(seed);
    let pax = passengers(hours, timeline.start, p, &mut rng);
    let arrivals: Vec<Arrival> = pax.iter().map(|x| Arrival { t: x.hall_s, stream: 0, category: 0, egate: false }).collect();
    let mut starts = Starts(vec![f64::NAN; pax.len()]);
    let stats = model.run_arrivals(&arrivals, seed, &mut starts);
    debug_assert_eq!(stats.stranded, 0, "booths drain: nobody stranded");
    pax.iter().zip(&starts.0).map(|(x, &s)| (x.row, (s - x.gate_s) / 60.0)).collect()
}

/// Predicts every row of `hours` (consecutive, in order) over `reps` replications.
pub fn predict(hours: &[Hour], p: &Params, reps: u32, seed: u64) -> Vec<HourPrediction> {
    use rayon::prelude::*;
    let timeline = Timeline::new(hours);
    let scenario = timeline.scenario(p);
    let model = Model::new(&scenario);
    let runs: Vec<Vec<(u32, f64)>> =
        (0..reps as u64).into_par_iter().map(|r| replicate_once(hours, &timeline, &model, p, replication_seed(seed, r))).collect();
    let mut out =
        vec![HourPrediction { avg_wait: 0.0, max_wait: 0.0, p_max_over_30: 0.0, p_max_over_60: 0.0, buckets: [0.0; 7] }; hours.len()];
    let mut sum = vec![0.0; hours.len()];
    let mut n = vec![0u32; hours.len()];
    let mut max = vec![0.0f64; hours.len()];
    let mut buckets = vec![[0u32; 7]; hours.len()];
    let k = 1.0 / reps as f64;
    for run in &runs {
        sum.fill(0.0);
        n.fill(0);
        max.fill(0.0);
        for &(row, w) in run {
            let r = row as usize;
            sum[r] += w;
            n[r] += 1;
            max[r] = max[r].max(w);
            buckets[r][BUCKETS_MIN.iter().position(|&b| w <= b).unwrap_or(6)] += 1;
        }
        for (r, o) in out.iter_mut().enumerate() {
            if n[r] > 0 {
                o.avg_wait += k * sum[r] / n[r] as f64;
                o.max_wait += k * max[r];
                o.p_max_over_30 += k * (max[r] > 30.0) as u8 as f64;
                o.p_max_over_60 += k * (max[r] > 60.0) as u8 as f64;
            }
        }
    }
    for (o, b) in out.iter_mut().zip(&buckets) {
        let total: u32 = b.iter().sum();
        if total > 0 {
            for (x, &c) in o.buckets.iter_mut().zip(b) {
                *x = c as f64 / total as f64;
            }
        }
    }
    out
}
