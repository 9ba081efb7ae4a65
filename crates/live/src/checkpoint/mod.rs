//! One checkpoint's live state, advanced event by event; what it shows is in [`views`].

use std::collections::{BTreeMap, HashMap, VecDeque};

use borderflow_core::{Direction, Event, EventBody, Id};
use jiff::Timestamp;
use jiff::civil::Date;

use crate::hall::Hall;

mod officers;
mod views;
pub use officers::OfficerView;
pub use views::{LaneView, QueueView, Totals};

/// Seconds since the Unix epoch.
pub(crate) fn secs(t: Timestamp) -> f64 {
    t.as_millisecond() as f64 / 1000.0
}

const WINDOW_S: f64 = 3600.0;
/// Service starts are kept this long, seconds: long enough to score a
/// prediction whose travellers wait up to the track record's give-up time
/// (3 h after their step), as they do in a bad surge.
const STARTS_KEPT_S: f64 = 4.0 * 3600.0;
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
    /// Counted in today's totals already (by the category its lane reported).
    counted: bool,
}

/// Counts an ended wait on its local day, against the standard.
fn count_wait(waits: &mut BTreeMap<Date, (u64, u64)>, hall: &Hall, at: Timestamp, wait_s: f64) {
    let day = waits.entry(hall.local_day(at)).or_default();
    day.0 += 1;
    if hall.scenario.standard.level(wait_s) != borderflow_core::WaitLevel::Breach {
        day.1 += 1;
    }
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
    /// Waits ended (service started) per local day: how many, and how many within the standard.
    waits: BTreeMap<Date, (u64, u64)>,
    /// Each officer's stretch of work and count today.
    officers: officers::Officers,
    latest: f64,
    applied: u64,
}

impl CheckpointState {
    /// An empty picture of a hall.
    pub fn new(hall: Hall) -> Self {
        let (nq, nl) = (hall.scenario.queues.len(), hall.scenario.lanes.len());
        CheckpointState {
            hall,
            queues: vec![QueueState::default(); nq],
            lanes: vec![LaneState::default(); nl],
            travellers: HashMap::new(),
            totals: BTreeMap::new(),
            waits: BTreeMap::new(),
            officers: officers::Officers::default(),
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
            while q.starts.front().is_some_and(|&(t, _)| t < self.latest - STARTS_KEPT_S) {
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
        let q = self.hall.scenario.queue_index(queue)?;
        // Every joiner of the step started at or after `from`: all are still kept.
        if from < self.latest - STARTS_KEPT_S {
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
                let Some(q) = self.hall.scenario.queue_index(queue.as_str()) else { return };
                let entry = self.travellers.entry(traveller.clone()).or_insert(Traveller {
                    queue: None,
                    joined: None,
                    early_start: None,
                    done_at: None,
                    counted: false,
                });
                let first_visit = entry.joined.is_none() && !entry.counted;
                match entry.early_start.take() {
                    // Its start came first: undo the guess made then; it is not waiting.
                    Some((guess, started)) => {
                        self.queues[guess].tracked += 1;
                        self.queues[q].starts.push_back((started, (started - t).max(0.0)));
                        count_wait(&mut self.waits, &self.hall, ev.at, (started - t).max(0.0));
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
                    let date = ev.at.to_zoned(self.hall.scenario.time_zone.clone()).date();
                    *self.totals.entry((date, *direction, category.clone())).or_insert(0) += 1;
                }
            }
            EventBody::ServiceStarted { traveller, lane, officer, category } => {
                let Some(l) = self.hall.scenario.lane_index(lane.as_str()) else { return };
                let from = match self.travellers.get_mut(traveller) {
                    Some(tr) if tr.queue.is_some() => {
                        let q = tr.queue.take().expect("checked");
                        let wait = (t - tr.joined.unwrap_or(t)).max(0.0);
                        self.queues[q].starts.push_back((t, wait));
                        count_wait(&mut self.waits, &self.hall, ev.at, wait);
                        q
                    }
                    _ => {
                        // Started without a join seen (yet): take it from the lane's
                        // first queue that has anyone in it.
                        let serves = &self.hall.scenario.lanes[l].serves;
                        let guess = serves.iter().copied().find(|&q| self.length(q) > 0).unwrap_or(serves[0]);
                        // A lane that reports its own travellers (an e-gate) tells their category: they count today.
                        if let Some(c) = category {
                            *self
                                .totals
                                .entry((self.hall.local_day(ev.at), self.hall.scenario.queues[guess].direction, c.clone()))
                                .or_insert(0) += 1;
                        }
                        self.travellers.insert(
                            traveller.clone(),
                            Traveller {
                                queue: None,
                                joined: None,
                                early_start: Some((guess, t)),
                                done_at: None,
                                counted: category.is_some(),
                            },
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
                if let Some(o) = ls.officer.clone() {
                    self.officers.served(&o, l, self.hall.local_day(ev.at), t);
                }
            }
            EventBody::Cleared(e) | EventBody::Referred(e) | EventBody::Refused(e) => {
                let Some(l) = self.hall.scenario.lane_index(e.lane.as_str()) else { return };
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
                let Some(l) = self.hall.scenario.lane_index(c.lane.as_str()) else { return };
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
                let lane = o.lane.as_ref().and_then(|id| self.hall.scenario.lane_index(id.as_str()));
                if matches!(ev.body, EventBody::OfficerOn(_)) {
                    self.officers.on(&o.officer, lane, t);
                    if let Some(l) = lane {
                        self.lanes[l].officer = Some(o.officer.clone());
                    }
                } else {
                    self.officers.off(&o.officer, t);
                    if let Some(l) = lane.filter(|&l| self.lanes[l].officer.as_ref() == Some(&o.officer)) {
                        self.lanes[l].officer = None;
                    }
                }
            }
            EventBody::QueueCount { queue, count } => {
                let Some(q) = self.hall.scenario.queue_index(queue.as_str()) else { return };
                let qs = &mut self.queues[q];
                // Only a newer reading replaces the correction.
                if qs.sensor_at.is_none_or(|s| s <= t) {
                    qs.sensor_offset = *count as i64 - qs.tracked;
                    qs.sensor_at = Some(t);
                }
            }
            // A gate's inner steps; its outcome arrives as `cleared` or `referred`.
            EventBody::GateStep(_) => {}
            // The command network's own record (borderflow-command): not the hall's state.
            EventBody::Instruction(_) => {}
        }
    }

    /// People in queue `q` now (individual reports, corrected by the latest head count).
    fn length(&self, q: usize) -> u32 {
        (self.queues[q].tracked + self.queues[q].sensor_offset).max(0) as u32
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
