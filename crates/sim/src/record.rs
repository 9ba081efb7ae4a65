//! A sink that turns a run's events into per-traveller records and
//! per-interval queue and lane figures. Records are derived from the events,
//! never kept beside them as a second truth.

use borderflow_core::{Outcome, Scenario};

use crate::output::{EventSink, SimEvent, SimKind};

/// One traveller's day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TravellerRecord {
    /// First joined a queue, seconds from midnight.
    pub arrived: f64,
    /// Category index.
    pub category: u16,
    /// First queue joined.
    pub first_queue: u16,
    /// Last queue joined (the fallback queue after an e-gate rejection).
    pub queue: u16,
    /// Total time queueing, summed over queue visits (NaN while still queued at the end).
    pub wait: f64,
    /// Last service start (NaN if never started).
    pub started: f64,
    /// Final service end (NaN if not ended).
    pub ended: f64,
    /// Lane of the last service.
    pub lane: u16,
    /// How the crossing ended (None: still inside).
    pub outcome: Option<Outcome>,
    /// Queue visits (2 after an e-gate rejection).
    pub visits: u8,
    joined_last: f64,
}

/// One visit to a queue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Visit {
    /// Queue index.
    pub queue: u16,
    /// Joined at.
    pub joined: f64,
    /// Service started at (NaN if never).
    pub started: f64,
}

/// Figures per (interval, queue) and (interval, lane) accumulated during a run.
#[derive(Debug, Clone)]
pub struct Recorder {
    /// Reporting interval, seconds.
    pub interval_s: f64,
    nq: usize,
    nl: usize,
    /// Per traveller.
    pub travellers: Vec<TravellerRecord>,
    /// Every queue visit, in join order.
    pub visits: Vec<Visit>,
    /// Open visit of each traveller (index into `visits`).
    open_visit: Vec<u32>,
    len: Vec<u32>,
    len_since: Vec<f64>,
    /// Queue-length × seconds, per interval × queue.
    pub len_area: Vec<f64>,
    /// Longest queue length, per interval × queue.
    pub len_max: Vec<u32>,
    /// Services ended, per interval × queue served from.
    pub ended: Vec<u32>,
    busy_since: Vec<f64>,
    open_since: Vec<f64>,
    /// Busy seconds per interval × lane.
    pub busy: Vec<f64>,
    /// Open seconds per interval × lane.
    pub open: Vec<f64>,
    /// Time of the last event.
    pub last_t: f64,
}

fn grow<T: Clone + Default>(v: &mut Vec<T>, len: usize) {
    if v.len() < len {
        v.resize(len, T::default());
    }
}

impl Recorder {
    /// An empty recorder for a scenario's queues and lanes.
    pub fn new(s: &Scenario) -> Recorder {
        let (nq, nl) = (s.queues.len(), s.lanes.len());
        Recorder {
            interval_s: s.standard.interval_s,
            nq,
            nl,
            travellers: Vec::new(),
            visits: Vec::new(),
            open_visit: Vec::new(),
            len: vec![0; nq],
            len_since: vec![0.0; nq],
            len_area: Vec::new(),
            len_max: Vec::new(),
            ended: Vec::new(),
            busy_since: vec![f64::NAN; nl],
            open_since: vec![f64::NAN; nl],
            busy: Vec::new(),
            open: Vec::new(),
            last_t: 0.0,
        }
    }

    /// Number of queues.
    pub fn queues(&self) -> usize {
        self.nq
    }

    /// Number of lanes.
    pub fn lanes(&self) -> usize {
        self.nl
    }

    /// Number of intervals with any figure.
    pub fn intervals(&self) -> usize {
        self.len_area.len() / self.nq.max(1)
    }

    #[inline]
    fn interval(&self, t: f64) -> usize {
        (t / self.interval_s) as usize
    }

    /// Adds `value × seconds` of the span [a, b) to `acc[interval × stride + col]`.
    fn spread(acc: &mut Vec<f64>, interval_s: f64, stride: usize, col: usize, a: f64, b: f64, value: f64) {
        if b <= a || value == 0.0 {
            return;
        }
        let last = (b / interval_s) as usize;
        grow(acc, (last + 1) * stride);
        let mut i = (a / interval_s) as usize;
        let mut t = a;
        while t < b {
            let edge = ((i + 1) as f64 * interval_s).min(b);
            acc[i * stride + col] += (edge - t) * value;
            t = edge;
            i += 1;
        }
    }

    fn queue_change(&mut self, t: f64, q: usize, delta: i32) {
        let (len, since) = (self.len[q], self.len_since[q]);
        Self::spread(&mut self.len_area, self.interval_s, self.nq, q, since, t, len as f64);
        let new = (len as i32 + delta) as u32;
        self.len[q] = new;
        self.len_since[q] = t;
        let i = self.interval(t);
        grow(&mut self.len_max, (i + 1) * self.nq);
        grow(&mut self.len_area, (i + 1) * self.nq);
        let m = &mut self.len_max[i * self.nq + q];
        *m = (*m).max(new);
    }

    /// Closes open spans at the end of the run (lanes still open, queues still long).
    /// Calling it again adds nothing.
    pub fn finish(&mut self) {
        let t = self.last_t;
        for q in 0..self.nq {
            self.queue_change(t, q, 0);
        }
        for l in 0..self.nl {
            if !self.open_since[l].is_nan() {
                Self::spread(&mut self.open, self.interval_s, self.nl, l, self.open_since[l], t, 1.0);
                self.open_since[l] = t;
            }
        }
        let n = self.intervals();
        grow(&mut self.ended, n * self.nq);
        grow(&mut self.busy, n * self.nl);
        grow(&mut self.open, n * self.nl);
    }
}

impl EventSink for Recorder {
    fn emit(&mut self, ev: SimEvent) {
        let t = ev.t;
        self.last_t = t;
        match ev.kind {
            SimKind::Joined { traveller, queue, category } => {
                let i = traveller as usize;
                if i == self.travellers.len() {
                    self.travellers.push(TravellerRecord {
                        arrived: t,
                        category,
                        first_queue: queue,
                        queue,
                        wait: 0.0,
                        started: f64::NAN,
                        ended: f64::NAN,
                        lane: 0,
                        outcome: None,
                        visits: 0,
                        joined_last: t,
                    });
                    self.open_visit.push(0);
                }
                let r = &mut self.travellers[i];
                r.queue = queue;
                r.joined_last = t;
                r.visits += 1;
                r.outcome = None;
                self.open_visit[i] = self.visits.len() as u32;
                self.visits.push(Visit { queue, joined: t, started: f64::NAN });
                self.queue_change(t, queue as usize, 1);
            }
            SimKind::Started { traveller, lane } => {
                let r = &mut self.travellers[traveller as usize];
                r.wait += t - r.joined_last;
                r.started = t;
                r.lane = lane;
                let q = r.queue as usize;
                self.visits[self.open_visit[traveller as usize] as usize].started = t;
                self.queue_change(t, q, -1);
                self.busy_since[lane as usize] = t;
            }
            SimKind::Ended { traveller, lane, outcome, rejected } => {
                let r = &mut self.travellers[traveller as usize];
                let q = r.queue as usize;
                if !rejected {
                    r.ended = t;
                    r.outcome = Some(outcome);
                }
                let i = self.interval(t);
                grow(&mut self.ended, (i + 1) * self.nq);
                self.ended[i * self.nq + q] += 1;
                let since = std::mem::replace(&mut self.busy_since[lane as usize], f64::NAN);
                Self::spread(&mut self.busy, self.interval_s, self.nl, lane as usize, since, t, 1.0);
            }
            SimKind::LaneOpened { lane } => self.open_since[lane as usize] = t,
            SimKind::LaneClosed { lane } => {
                let since = std::mem::replace(&mut self.open_since[lane as usize], f64::NAN);
                Self::spread(&mut self.open, self.interval_s, self.nl, lane as usize, since, t, 1.0);
            }
            SimKind::OfficerOn { .. } | SimKind::OfficerOff { .. } => {}
        }
    }
}

/// A light sink for queueing studies: the mean wait and the share who waited
/// at all, over travellers numbered `warmup` and later (the first are warm-up).
#[derive(Debug, Clone, Default)]
pub struct Waits {
    /// Travellers to skip.
    pub warmup: u32,
    joined: Vec<f64>,
    /// Sum of waits counted, seconds.
    pub sum: f64,
    /// Travellers counted.
    pub n: u64,
    /// Of those, how many waited more than zero.
    pub waited: u64,
}

impl Waits {
    /// A sink skipping the first `warmup` travellers.
    pub fn after(warmup: u32) -> Waits {
        Waits { warmup, ..Waits::default() }
    }

    /// Mean wait, seconds.
    pub fn mean(&self) -> f64 {
        self.sum / self.n as f64
    }

    /// Share who waited at all.
    pub fn prob_wait(&self) -> f64 {
        self.waited as f64 / self.n as f64
    }
}

impl EventSink for Waits {
    #[inline]
    fn emit(&mut self, ev: SimEvent) {
        match ev.kind {
            SimKind::Joined { .. } => self.joined.push(ev.t),
            SimKind::Started { traveller, .. } if traveller >= self.warmup => {
                let w = ev.t - self.joined[traveller as usize];
                self.sum += w;
                self.n += 1;
                self.waited += (w > 0.0) as u64;
            }
            _ => {}
        }
    }
}
