//! What the picture shows of a checkpoint at an instant: its queues with the
//! estimated wait and the standard's verdict, its lanes, and today's totals.

use std::collections::{BTreeMap, VecDeque};

use borderflow_core::{Direction, Id, LaneKind, WaitLevel};
use borderflow_sim::report::quantile;
use jiff::Timestamp;
use serde::Serialize;

use super::{CheckpointState, secs};

/// One queue right now.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
pub struct QueueView {
    /// Queue id.
    pub id: Id,
    /// Direction.
    pub direction: Direction,
    /// E-gate queue?
    pub egate: bool,
    /// People in the queue now.
    pub length: u32,
    /// Joins in the last 5 / 15 minutes.
    pub arrivals_5m: u32,
    /// Joins in the last 15 minutes.
    pub arrivals_15m: u32,
    /// Service starts in the last 5 minutes.
    pub served_5m: u32,
    /// Service starts in the last 15 minutes.
    pub served_15m: u32,
    /// Open lanes serving it.
    pub open_lanes: u32,
    /// Median wait of travellers who started service in the last 15 minutes, seconds.
    pub observed_wait_p50_s: Option<f64>,
    /// 95th percentile of those waits.
    pub observed_wait_p95_s: Option<f64>,
    /// Estimated wait of a traveller joining now, seconds (None: no open lane serves it).
    pub estimated_wait_s: Option<f64>,
    /// The standard's verdict on the estimated wait ([`CheckpointState::verdict_wait`]):
    /// `ok`, `warning` (over the warning level) or `breach` (over the standard).
    pub status: WaitLevel,
}

/// One lane right now.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
pub struct LaneView {
    /// Lane id.
    pub id: Id,
    /// Desk or gate.
    pub kind: LaneKind,
    /// Open?
    pub open: bool,
    /// Officer on duty.
    pub officer: Option<Id>,
    /// Serving someone now?
    pub busy: bool,
    /// Services ended in the last hour.
    pub throughput_per_hour: u32,
    /// Mean of the last services' durations, seconds.
    pub mean_service_s: Option<f64>,
    /// Last event from the lane.
    pub last_seen: Option<Timestamp>,
}

/// Today's travellers by direction and category.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
pub struct Totals {
    /// Local date.
    pub date: String,
    /// Direction → category → count.
    pub by_direction: BTreeMap<Direction, BTreeMap<String, u64>>,
    /// Services ended in the last hour, all lanes.
    pub cleared_last_hour: u32,
    /// Waits ended today (service started).
    pub waits_ended: u64,
    /// Travellers waiting now.
    pub waiting: u32,
    /// Of those, how many will have waited longer than the standard by their
    /// estimate (waited so far, plus their place in line over the queue's pace).
    pub waiting_over: u32,
    /// Share of today's travellers within the standard: waits that have ended,
    /// and those still waiting counted by their estimated wait (None before anyone).
    pub within_standard: Option<f64>,
}

fn ts(x: f64) -> Timestamp {
    Timestamp::from_millisecond((x * 1000.0).round() as i64).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn count_since<T>(v: &VecDeque<T>, key: impl Fn(&T) -> f64, from: f64, to: f64) -> u32 {
    v.iter()
        .filter(|x| {
            let t = key(x);
            t > from && t <= to
        })
        .count() as u32
}

impl CheckpointState {
    fn mean_service(&self, l: usize) -> Option<f64> {
        let d = &self.lanes[l].durations;
        (!d.is_empty()).then(|| d.iter().sum::<f64>() / d.len() as f64)
    }

    /// Estimated wait of a traveller joining queue `q` now, seconds; None if
    /// no open lane serves it. Position in the queue over the service rate
    /// the open lanes give this queue: a lane's measured rate (planned until
    /// it has served), in full if no higher-priority queue of it has anyone,
    /// else in the share of its recent starts that came from `q`.
    pub fn estimate_wait(&self, q: usize) -> Option<f64> {
        let mut rate = 0.0;
        let mut free = 0i64;
        let mut any_open = false;
        for (l, lane) in self.hall.scenario.lanes.iter().enumerate() {
            let Some(pos) = lane.serves.iter().position(|&x| x == q) else { continue };
            let ls = &self.lanes[l];
            if !ls.open {
                continue;
            }
            any_open = true;
            if ls.serving.is_none() {
                free += 1;
            }
            let capacity = 1.0 / self.mean_service(l).unwrap_or(self.hall.planned_service_s[l]).max(0.1);
            let higher_busy = lane.serves[..pos].iter().any(|&h| self.length(h) > 0);
            let share = if !higher_busy {
                1.0
            } else if ls.started_from.is_empty() {
                0.0
            } else {
                ls.started_from.iter().filter(|&&x| x == q).count() as f64 / ls.started_from.len() as f64
            };
            rate += capacity * share;
        }
        if !any_open {
            return None;
        }
        let ahead = (self.length(q) as i64 + 1 - free).max(0) as f64;
        if ahead == 0.0 {
            return Some(0.0);
        }
        if rate <= 0.0 {
            return None;
        }
        Some(ahead / rate)
    }

    /// The wait the standard's verdict on queue `q` is about: the estimated
    /// wait of a traveller joining now, infinite when people wait and no open
    /// lane serves them. Waits that have ended (the observed p95) lag behind
    /// a queue that has just recovered or just broken down: they are shown
    /// beside it, not judged.
    pub fn verdict_wait(&self, q: usize) -> f64 {
        self.estimate_wait(q).unwrap_or(if self.length(q) > 0 { f64::INFINITY } else { 0.0 })
    }

    /// Queues as of `now`.
    pub fn queues(&self, now: Timestamp) -> Vec<QueueView> {
        let n = secs(now);
        self.hall
            .scenario
            .queues
            .iter()
            .enumerate()
            .map(|(q, hq)| {
                let qs = &self.queues[q];
                let mut waits: Vec<f64> = qs.starts.iter().filter(|(t, _)| *t > n - 900.0 && *t <= n).map(|&(_, w)| w).collect();
                waits.sort_by(f64::total_cmp);
                let observed = |p: f64| (!waits.is_empty()).then(|| quantile(&waits, p));
                let est = self.estimate_wait(q);
                QueueView {
                    id: hq.id.clone(),
                    direction: hq.direction,
                    egate: hq.egate,
                    length: self.length(q),
                    arrivals_5m: count_since(&qs.joins, |&t| t, n - 300.0, n),
                    arrivals_15m: count_since(&qs.joins, |&t| t, n - 900.0, n),
                    served_5m: count_since(&qs.starts, |x| x.0, n - 300.0, n),
                    served_15m: count_since(&qs.starts, |x| x.0, n - 900.0, n),
                    open_lanes: self
                        .hall
                        .scenario
                        .lanes
                        .iter()
                        .enumerate()
                        .filter(|(l, lane)| lane.serves.contains(&q) && self.lanes[*l].open)
                        .count() as u32,
                    observed_wait_p50_s: observed(0.5),
                    observed_wait_p95_s: observed(0.95),
                    estimated_wait_s: est,
                    status: self.hall.scenario.standard.level(self.verdict_wait(q)),
                }
            })
            .collect()
    }

    /// Lanes as of `now`.
    pub fn lanes(&self, now: Timestamp) -> Vec<LaneView> {
        let n = secs(now);
        self.hall
            .scenario
            .lanes
            .iter()
            .enumerate()
            .map(|(l, hl)| {
                let ls = &self.lanes[l];
                LaneView {
                    id: hl.id.clone(),
                    kind: hl.kind,
                    open: ls.open,
                    officer: ls.officer.clone(),
                    busy: ls.serving.is_some(),
                    throughput_per_hour: count_since(&ls.ends, |&t| t, n - 3600.0, n),
                    mean_service_s: self.mean_service(l),
                    last_seen: ls.last_seen.map(ts),
                }
            })
            .collect()
    }

    /// Today's totals (the local day of `now`).
    pub fn totals(&self, now: Timestamp) -> Totals {
        let date = now.to_zoned(self.hall.scenario.time_zone.clone()).date();
        let mut by_direction: BTreeMap<Direction, BTreeMap<String, u64>> = BTreeMap::new();
        for ((d, dir, cat), n) in &self.totals {
            if *d == date {
                *by_direction.entry(*dir).or_default().entry(cat.to_string()).or_insert(0) += n;
            }
        }
        let t = secs(now);
        let (ended, ended_within) = self.waits.get(&date).copied().unwrap_or((0, 0));
        let (waiting, waiting_over) = self.waiting_verdicts(t);
        let all = ended + u64::from(waiting);
        Totals {
            date: date.to_string(),
            by_direction,
            cleared_last_hour: self.lanes.iter().map(|l| count_since(&l.ends, |&x| x, t - 3600.0, t)).sum(),
            waits_ended: ended,
            waiting,
            waiting_over,
            within_standard: (all > 0).then(|| (ended_within + u64::from(waiting - waiting_over)) as f64 / all as f64),
        }
    }

    /// Travellers waiting now, and how many of them will break the standard:
    /// the k-th in a line of n has waited since they joined and has about
    /// (k+1)/(n+1) of the queue's estimated wait still to go (all of it, and
    /// more, where no open lane serves the queue).
    fn waiting_verdicts(&self, now: f64) -> (u32, u32) {
        let mut joined: Vec<Vec<f64>> = vec![Vec::new(); self.queues.len()];
        for t in self.travellers.values() {
            if let (Some(q), Some(j)) = (t.queue, t.joined) {
                joined[q].push(j);
            }
        }
        let (mut waiting, mut over) = (0, 0);
        for (q, mut js) in joined.into_iter().enumerate() {
            js.sort_by(f64::total_cmp);
            let est = self.verdict_wait(q);
            let n = js.len() as f64;
            for (k, j) in js.iter().enumerate() {
                let projected = (now - j).max(0.0) + est * (k as f64 + 1.0) / (n + 1.0);
                waiting += 1;
                if self.hall.scenario.standard.level(projected) == WaitLevel::Breach {
                    over += 1;
                }
            }
        }
        (waiting, over)
    }
}
