//! One checkpoint's live state, advanced event by event.

use std::collections::{BTreeMap, HashMap, VecDeque};

use borderflow_core::{Direction, Event, EventBody, Id, LaneKind};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use crate::hall::Hall;

/// Seconds since the Unix epoch.
pub(crate) fn secs(t: Timestamp) -> f64 {
    t.as_millisecond() as f64 / 1000.0
}

const WINDOW_S: f64 = 3600.0;
const RECENT_SERVICES: usize = 20;

#[derive(Debug, Clone, Default)]
struct QueueState {
    /// Joins minus starts seen individually.
    tracked: i64,
    /// Correction from the latest sensor head count.
    sensor_offset: i64,
    sensor_at: Option<f64>,
    /// Recent join times.
    joins: VecDeque<f64>,
    /// Recent (service start time, observed wait).
    starts: VecDeque<(f64, f64)>,
}

#[derive(Debug, Clone, Default)]
struct LaneState {
    open: bool,
    /// When `open` was last set: an older open/close arriving late does not override it.
    changed_at: Option<f64>,
    officer: Option<Id>,
    last_seen: Option<f64>,
    serving: Option<(Id, f64)>,
    /// Recent service end times.
    ends: VecDeque<f64>,
    /// Durations of the last services.
    durations: VecDeque<f64>,
    /// Queue index of the last starts.
    started_from: VecDeque<usize>,
    last_start: Option<f64>,
}

#[derive(Debug, Clone)]
struct Traveller {
    queue: Option<usize>,
    joined: Option<f64>,
    /// A start seen before its join: the queue it was (guessed) taken from.
    early_start: Option<(usize, f64)>,
    done_at: Option<f64>,
}

/// The live state of one checkpoint.
#[derive(Debug, Clone)]
pub struct CheckpointState {
    pub(crate) hall: Hall,
    queues: Vec<QueueState>,
    lanes: Vec<LaneState>,
    travellers: HashMap<Id, Traveller>,
    /// First joins per local day, direction and category.
    totals: BTreeMap<(Date, Direction, Id), u64>,
    latest: f64,
    applied: u64,
}

/// One queue right now.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    /// `ok`, `warning` (over the warning level) or `breach` (over the standard).
    pub status: &'static str,
}

/// One lane right now.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Totals {
    /// Local date.
    pub date: String,
    /// Direction → category → count.
    pub by_direction: BTreeMap<Direction, BTreeMap<String, u64>>,
    /// Services ended in the last hour, all lanes.
    pub cleared_last_hour: u32,
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

fn quantile(mut v: Vec<f64>, p: f64) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let h = p * (v.len() - 1) as f64;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    Some(v[lo] + (h - lo as f64) * (v[hi] - v[lo]))
}

impl CheckpointState {
    /// An empty picture of a hall.
    pub fn new(hall: Hall) -> Self {
        let (nq, nl) = (hall.queues.len(), hall.lanes.len());
        CheckpointState {
            hall,
            queues: vec![QueueState::default(); nq],
            lanes: vec![LaneState::default(); nl],
            travellers: HashMap::new(),
            totals: BTreeMap::new(),
            latest: f64::NEG_INFINITY,
            applied: 0,
        }
    }

    /// Events applied so far.
    pub fn applied(&self) -> u64 {
        self.applied
    }

    fn trim(&mut self) {
        let horizon = self.latest - WINDOW_S;
        for q in &mut self.queues {
            while q.joins.front().is_some_and(|&t| t < horizon) {
                q.joins.pop_front();
            }
            while q.starts.front().is_some_and(|&(t, _)| t < horizon) {
                q.starts.pop_front();
            }
        }
        for l in &mut self.lanes {
            while l.ends.front().is_some_and(|&t| t < horizon) {
                l.ends.pop_front();
            }
        }
        // Finished travellers are kept two hours for late events, then forgotten.
        let forget = self.latest - 2.0 * WINDOW_S;
        self.travellers.retain(|_, t| t.done_at.is_none_or(|d| d >= forget));
    }

    /// The waits, seconds, of the travellers who joined `queue` between `from`
    /// and `to` (Unix seconds), once every one of them has started service:
    /// empty if nobody joined; None while any is still waiting, for an
    /// unknown queue, or when the step is older than the record kept.
    pub fn joiners_waits(&self, queue: &str, from: f64, to: f64) -> Option<Vec<f64>> {
        let q = self.hall.queue(queue)?;
        if from < self.latest - WINDOW_S {
            return None;
        }
        let waiting = self.travellers.values().any(|t| t.queue == Some(q) && t.joined.is_some_and(|j| (from..to).contains(&j)));
        if waiting {
            return None;
        }
        Some(self.queues[q].starts.iter().filter(|&&(start, wait)| (from..to).contains(&(start - wait))).map(|&(_, wait)| wait).collect())
    }

    /// Applies one event. Unknown queues and lanes are ignored here: the
    /// server refuses them before they are stored.
    pub fn apply(&mut self, ev: &Event) {
        let t = secs(ev.at);
        self.applied += 1;
        if t > self.latest {
            self.latest = t;
            if self.applied.is_multiple_of(1024) {
                self.trim();
            }
        }
        match &ev.body {
            EventBody::QueueJoined { traveller, direction, category, queue } => {
                let Some(q) = self.hall.queue(queue.as_str()) else { return };
                let entry = self.travellers.entry(traveller.clone()).or_insert(Traveller {
                    queue: None,
                    joined: None,
                    early_start: None,
                    done_at: None,
                });
                let first_visit = entry.joined.is_none();
                match entry.early_start.take() {
                    // Its start came first: undo the guess made then; it is not waiting.
                    Some((guess, started)) => {
                        self.queues[guess].tracked += 1;
                        self.queues[q].starts.push_back((started, (started - t).max(0.0)));
                        entry.joined = Some(t);
                        entry.queue = None;
                    }
                    None => {
                        entry.joined = Some(t);
                        entry.queue = Some(q);
                        entry.done_at = None;
                        self.queues[q].tracked += 1;
                    }
                }
                self.queues[q].joins.push_back(t);
                if first_visit {
                    let date = ev.at.to_zoned(self.hall.time_zone.clone()).date();
                    *self.totals.entry((date, *direction, category.clone())).or_insert(0) += 1;
                }
            }
            EventBody::ServiceStarted { traveller, lane, officer } => {
                let Some(l) = self.hall.lane(lane.as_str()) else { return };
                let from = match self.travellers.get_mut(traveller) {
                    Some(tr) if tr.queue.is_some() => {
                        let q = tr.queue.take().expect("checked");
                        let wait = (t - tr.joined.unwrap_or(t)).max(0.0);
                        self.queues[q].starts.push_back((t, wait));
                        q
                    }
                    _ => {
                        // Started without a join seen (yet): take it from the lane's
                        // first queue that has anyone in it.
                        let serves = &self.hall.lanes[l].serves;
                        let guess = serves.iter().copied().find(|&q| self.length(q) > 0).unwrap_or(serves[0]);
                        self.travellers.insert(
                            traveller.clone(),
                            Traveller { queue: None, joined: None, early_start: Some((guess, t)), done_at: None },
                        );
                        guess
                    }
                };
                self.queues[from].tracked -= 1;
                let ls = &mut self.lanes[l];
                ls.serving = Some((traveller.clone(), t));
                ls.last_start = Some(t);
                ls.started_from.push_back(from);
                if ls.started_from.len() > RECENT_SERVICES {
                    ls.started_from.pop_front();
                }
                if officer.is_some() {
                    ls.officer = officer.clone();
                }
                ls.last_seen = Some(ls.last_seen.map_or(t, |s: f64| s.max(t)));
            }
            EventBody::Cleared(e) | EventBody::Referred(e) | EventBody::Refused(e) => {
                let Some(l) = self.hall.lane(e.lane.as_str()) else { return };
                let ls = &mut self.lanes[l];
                if let Some((who, started)) = &ls.serving
                    && *who == e.traveller
                {
                    ls.durations.push_back((t - started).max(0.0));
                    if ls.durations.len() > RECENT_SERVICES {
                        ls.durations.pop_front();
                    }
                    ls.serving = None;
                }
                ls.ends.push_back(t);
                ls.last_seen = Some(ls.last_seen.map_or(t, |s: f64| s.max(t)));
                if let Some(tr) = self.travellers.get_mut(&e.traveller) {
                    tr.done_at = Some(t);
                }
            }
            EventBody::LaneOpened(c) | EventBody::LaneClosed(c) => {
                let Some(l) = self.hall.lane(c.lane.as_str()) else { return };
                let ls = &mut self.lanes[l];
                // The latest change wins, whatever order they arrive in, so a
                // picture rebuilt in time order is the one built live.
                if ls.changed_at.is_some_and(|c| t < c) {
                    return;
                }
                ls.changed_at = Some(t);
                ls.open = matches!(ev.body, EventBody::LaneOpened(_));
                if c.officer.is_some() {
                    ls.officer = c.officer.clone();
                }
                ls.last_seen = Some(ls.last_seen.map_or(t, |s: f64| s.max(t)));
            }
            EventBody::OfficerOn(o) | EventBody::OfficerOff(o) => {
                let Some(l) = o.lane.as_ref().and_then(|id| self.hall.lane(id.as_str())) else { return };
                let ls = &mut self.lanes[l];
                if matches!(ev.body, EventBody::OfficerOn(_)) {
                    ls.officer = Some(o.officer.clone());
                } else if ls.officer.as_ref() == Some(&o.officer) {
                    ls.officer = None;
                }
            }
            EventBody::QueueCount { queue, count } => {
                let Some(q) = self.hall.queue(queue.as_str()) else { return };
                let qs = &mut self.queues[q];
                // Only a newer reading replaces the correction.
                if qs.sensor_at.is_none_or(|s| s <= t) {
                    qs.sensor_offset = *count as i64 - qs.tracked;
                    qs.sensor_at = Some(t);
                }
            }
            // A gate's inner steps; its outcome arrives as `cleared` or `referred`.
            EventBody::GateStep(_) => {}
        }
    }

    /// People in queue `q` now (individual reports, corrected by the latest head count).
    fn length(&self, q: usize) -> u32 {
        (self.queues[q].tracked + self.queues[q].sensor_offset).max(0) as u32
    }

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
        for (l, lane) in self.hall.lanes.iter().enumerate() {
            let Some(pos) = lane.serves.iter().position(|&x| x == q) else { continue };
            let ls = &self.lanes[l];
            if !ls.open {
                continue;
            }
            any_open = true;
            if ls.serving.is_none() {
                free += 1;
            }
            let capacity = 1.0 / self.mean_service(l).unwrap_or(lane.planned_service_s).max(0.1);
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

    /// Queues as of `now`.
    pub fn queues(&self, now: Timestamp) -> Vec<QueueView> {
        let n = secs(now);
        self.hall
            .queues
            .iter()
            .enumerate()
            .map(|(q, hq)| {
                let qs = &self.queues[q];
                let waits: Vec<f64> = qs.starts.iter().filter(|(t, _)| *t > n - 900.0 && *t <= n).map(|&(_, w)| w).collect();
                let est = self.estimate_wait(q);
                let p95 = quantile(waits.clone(), 0.95);
                let worst = est.unwrap_or(if self.length(q) > 0 { f64::INFINITY } else { 0.0 }).max(p95.unwrap_or(0.0));
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
                        .lanes
                        .iter()
                        .enumerate()
                        .filter(|(l, lane)| lane.serves.contains(&q) && self.lanes[*l].open)
                        .count() as u32,
                    observed_wait_p50_s: quantile(waits, 0.5),
                    observed_wait_p95_s: p95,
                    estimated_wait_s: est,
                    status: if worst > self.hall.max_wait_s {
                        "breach"
                    } else if worst > self.hall.warning_s {
                        "warning"
                    } else {
                        "ok"
                    },
                }
            })
            .collect()
    }

    /// Lanes as of `now`.
    pub fn lanes(&self, now: Timestamp) -> Vec<LaneView> {
        let n = secs(now);
        self.hall
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
        let date = now.to_zoned(self.hall.time_zone.clone()).date();
        let mut by_direction: BTreeMap<Direction, BTreeMap<String, u64>> = BTreeMap::new();
        for ((d, dir, cat), n) in &self.totals {
            if *d == date {
                *by_direction.entry(*dir).or_default().entry(cat.to_string()).or_insert(0) += n;
            }
        }
        let t = secs(now);
        Totals {
            date: date.to_string(),
            by_direction,
            cleared_last_hour: self.lanes.iter().map(|l| count_since(&l.ends, |&x| x, t - 3600.0, t)).sum(),
        }
    }

    /// Seconds since the lane's last event (None if never heard from).
    pub(crate) fn silent_for(&self, l: usize, now: f64) -> Option<f64> {
        self.lanes[l].last_seen.map(|s| now - s)
    }

    pub(crate) fn lane_open(&self, l: usize) -> bool {
        self.lanes[l].open
    }

    pub(crate) fn lane_idle_for(&self, l: usize, now: f64) -> Option<f64> {
        let ls = &self.lanes[l];
        if ls.serving.is_some() {
            return None;
        }
        Some(now - ls.last_start.or(ls.last_seen).unwrap_or(f64::NEG_INFINITY))
    }

    pub(crate) fn queue_length(&self, q: usize) -> u32 {
        self.length(q)
    }
}
