//! The checkpoint model: triage, queues, lanes, rosters and service — the
//! rules of the hall, in one place, for the simulator, the planner and the twin.
//!
//! Rules:
//! - A traveller is triaged on arrival: to the e-gate queue of their direction
//!   if they use the gates, otherwise to the manual queue of their category.
//! - A free open lane takes the head of the first non-empty queue it serves,
//!   in the lane's priority order (FIFO within a queue). An arriving traveller
//!   is taken by the lowest-numbered free lane that serves their queue.
//! - An e-gate rejects a share of its travellers; they join the gate queue's
//!   fallback (a manual queue desks serve first). Desks refer or refuse a share.
//! - A lane opens and closes on its windows (for desks: the union of its
//!   officers' stretches). A lane closing mid-service finishes that traveller
//!   first; at its last close a `drain` lane keeps serving until its queues are
//!   empty, with its last officer on overtime, so nobody is stranded.
//! - At one instant, lane changes go: close, officer off, officer on, open.

pub mod arrivals;

use std::collections::VecDeque;

use borderflow_core::{LaneKind, Outcome, Scenario};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use crate::dist::{Dist, Sampler};
use crate::output::{EventSink, SimEvent, SimKind};
use crate::scheduler::Scheduler;
pub use arrivals::Arrival;

/// Seed of a named random stream: `tag` says what it drives (1 arrivals,
/// 2 lanes), `index` which one. SplitMix64 finalisation of the mix.
pub(crate) fn stream_seed(seed: u64, tag: u64, index: u64) -> u64 {
    let mut z = seed ^ tag.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A scenario compiled for running: samplers built, routes resolved. Build once,
/// run many seeds.
pub struct Model<'s> {
    scenario: &'s Scenario,
    /// Service samplers per lane kind (manual, egate) and category.
    samplers: [Vec<Sampler>; 2],
    /// Manual queue of each (stream, category).
    manual_queue: Vec<Vec<Option<u16>>>,
    /// E-gate queue of each stream.
    egate_queue: Vec<Option<u16>>,
    /// Lanes serving each queue, lowest index first.
    lanes_of_queue: Vec<Vec<u16>>,
    /// Each lane's changes in time order.
    timeline: Vec<(f64, u8, u16, Change)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Change {
    Close,
    OfficerOff(u16),
    OfficerOn(u16),
    Open { last: bool },
}

impl Change {
    fn rank(self) -> u8 {
        match self {
            Change::Close => 0,
            Change::OfficerOff(_) => 1,
            Change::OfficerOn(_) => 2,
            Change::Open { .. } => 3,
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Ev {
    Arrival,
    Finish(u16),
    Lane(u16, Change),
}

struct LaneState {
    open: bool,
    last_window: bool,
    draining: bool,
    busy: bool,
    officer: Option<u16>,
    officer_off_pending: bool,
    traveller: u32,
    outcome: Outcome,
    rejected: bool,
    rng: SmallRng,
}

/// What a run did, beyond its events.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunStats {
    /// Travellers who arrived.
    pub travellers: u32,
    /// Time of the last event, seconds from midnight.
    pub end_t: f64,
    /// Travellers still queued or in service when nothing more could happen.
    pub stranded: u32,
}

impl<'s> Model<'s> {
    /// Compiles a validated scenario.
    pub fn new(scenario: &'s Scenario) -> Model<'s> {
        let s = scenario;
        let samplers = [
            s.manual.by_category.iter().map(Sampler::new).collect(),
            s.service(LaneKind::Egate).by_category.iter().map(Sampler::new).collect(),
        ];
        let manual_queue = s
            .streams
            .iter()
            .map(|st| {
                (0..s.categories.len())
                    .map(|c| {
                        s.queues.iter().position(|q| !q.egate && q.direction == st.direction && q.categories.contains(&c)).map(|i| i as u16)
                    })
                    .collect()
            })
            .collect();
        let egate_queue =
            s.streams.iter().map(|st| s.queues.iter().position(|q| q.egate && q.direction == st.direction).map(|i| i as u16)).collect();
        let lanes_of_queue = (0..s.queues.len())
            .map(|q| s.lanes.iter().enumerate().filter(|(_, l)| l.serves.contains(&q)).map(|(i, _)| i as u16).collect())
            .collect();
        let mut timeline = Vec::new();
        for (li, lane) in s.lanes.iter().enumerate() {
            let n = lane.windows.len();
            for (w, &(a, b)) in lane.windows.iter().enumerate() {
                let open = Change::Open { last: w + 1 == n };
                timeline.push((a, open.rank(), li as u16, open));
                timeline.push((b, Change::Close.rank(), li as u16, Change::Close));
            }
            for (k, shift) in lane.officers.iter().enumerate() {
                for &(a, b) in &shift.stretches {
                    timeline.push((a, 2, li as u16, Change::OfficerOn(k as u16)));
                    timeline.push((b, 1, li as u16, Change::OfficerOff(k as u16)));
                }
            }
        }
        timeline.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
        Model { scenario, samplers, manual_queue, egate_queue, lanes_of_queue, timeline }
    }

    /// The scenario this model runs.
    pub fn scenario(&self) -> &'s Scenario {
        self.scenario
    }

    /// Draws the day's arrivals for `seed`.
    pub fn arrivals(&self, seed: u64) -> Vec<Arrival> {
        let has_egate: Vec<bool> = self.egate_queue.iter().map(Option::is_some).collect();
        arrivals::generate(self.scenario, &has_egate, seed)
    }

    /// Simulates the day with `seed`, pushing every event into `sink`.
    pub fn run<S: EventSink>(&self, seed: u64, sink: &mut S) -> RunStats {
        let arrivals = self.arrivals(seed);
        self.run_arrivals(&arrivals, seed, sink)
    }

    /// Simulates the day for given arrivals (lanes draw from `seed`'s lane streams).
    pub fn run_arrivals<S: EventSink>(&self, arrivals: &[Arrival], seed: u64, sink: &mut S) -> RunStats {
        Run::new(self, arrivals, seed).go(sink)
    }
}

struct Run<'m, 's> {
    m: &'m Model<'s>,
    arrivals: &'m [Arrival],
    next_arrival: usize,
    sched: Scheduler<Ev>,
    queues: Vec<VecDeque<u32>>,
    lanes: Vec<LaneState>,
    /// Category of each traveller (by number).
    category: Vec<u16>,
    /// Stream of each traveller.
    stream: Vec<u16>,
}

impl<'m, 's> Run<'m, 's> {
    fn new(m: &'m Model<'s>, arrivals: &'m [Arrival], seed: u64) -> Self {
        let s = m.scenario;
        let lanes = (0..s.lanes.len())
            .map(|i| LaneState {
                open: false,
                last_window: false,
                draining: false,
                busy: false,
                officer: None,
                officer_off_pending: false,
                traveller: 0,
                outcome: Outcome::Cleared,
                rejected: false,
                rng: SmallRng::seed_from_u64(stream_seed(seed, 2, i as u64)),
            })
            .collect();
        let mut sched = Scheduler::new();
        for &(t, _, lane, change) in &m.timeline {
            sched.schedule(t, Ev::Lane(lane, change)).expect("timeline times are ≥ 0");
        }
        if let Some(a) = arrivals.first() {
            sched.schedule(a.t, Ev::Arrival).expect("arrival times are ≥ 0");
        }
        Run {
            m,
            arrivals,
            next_arrival: 0,
            sched,
            queues: vec![VecDeque::new(); s.queues.len()],
            lanes,
            category: Vec::with_capacity(arrivals.len()),
            stream: Vec::with_capacity(arrivals.len()),
        }
    }

    fn go<S: EventSink>(mut self, sink: &mut S) -> RunStats {
        let mut end_t = 0.0;
        while let Some((t, ev)) = self.sched.pop() {
            end_t = t;
            match ev {
                Ev::Arrival => self.arrive(t, sink),
                Ev::Finish(lane) => self.finish(t, lane, sink),
                Ev::Lane(lane, change) => self.change(t, lane, change, sink),
            }
        }
        let queued: usize = self.queues.iter().map(VecDeque::len).sum();
        RunStats { travellers: self.next_arrival as u32, end_t, stranded: queued as u32 }
    }

    fn arrive<S: EventSink>(&mut self, t: f64, sink: &mut S) {
        let a = self.arrivals[self.next_arrival];
        let traveller = self.next_arrival as u32;
        self.next_arrival += 1;
        if let Some(n) = self.arrivals.get(self.next_arrival) {
            self.sched.schedule(n.t, Ev::Arrival).expect("arrivals are sorted");
        }
        self.category.push(a.category);
        self.stream.push(a.stream);
        let gate = if a.egate { self.m.egate_queue[a.stream as usize] } else { None };
        let queue = gate.or(self.m.manual_queue[a.stream as usize][a.category as usize]).expect("validated: every category has a queue");
        self.join(t, traveller, queue, sink);
    }

    fn join<S: EventSink>(&mut self, t: f64, traveller: u32, queue: u16, sink: &mut S) {
        sink.emit(SimEvent { t, kind: SimKind::Joined { traveller, queue, category: self.category[traveller as usize] } });
        self.queues[queue as usize].push_back(traveller);
        for &lane in &self.m.lanes_of_queue[queue as usize] {
            let l = &self.lanes[lane as usize];
            if l.open && !l.busy {
                self.start(t, lane, sink);
                break;
            }
        }
    }

    /// Starts the next traveller on a free open lane; false if its queues are empty.
    fn start<S: EventSink>(&mut self, t: f64, lane: u16, sink: &mut S) -> bool {
        let spec = &self.m.scenario.lanes[lane as usize];
        let Some(traveller) = spec.serves.iter().find_map(|&q| self.queues[q].pop_front()) else {
            return false;
        };
        let kind = spec.kind;
        let category = self.category[traveller as usize] as usize;
        let service = self.m.scenario.service(kind);
        let l = &mut self.lanes[lane as usize];
        let duration = self.m.samplers[kind as usize][category].sample(&mut l.rng);
        let u: f64 = l.rng.random();
        (l.outcome, l.rejected) = if kind == LaneKind::Egate && u < service.reject_rate {
            (Outcome::Referred, true)
        } else if u < service.reject_rate + service.referred_share {
            (Outcome::Referred, false)
        } else if u < service.reject_rate + service.referred_share + service.refused_share {
            (Outcome::Refused, false)
        } else {
            (Outcome::Cleared, false)
        };
        l.busy = true;
        l.traveller = traveller;
        sink.emit(SimEvent { t, kind: SimKind::Started { traveller, lane } });
        self.sched.schedule(t + duration, Ev::Finish(lane)).expect("durations are ≥ 0");
        true
    }

    fn finish<S: EventSink>(&mut self, t: f64, lane: u16, sink: &mut S) {
        let l = &mut self.lanes[lane as usize];
        l.busy = false;
        let (traveller, outcome, rejected) = (l.traveller, l.outcome, l.rejected);
        sink.emit(SimEvent { t, kind: SimKind::Ended { traveller, lane, outcome, rejected } });
        if rejected {
            let stream = self.stream[traveller as usize] as usize;
            let gate_queue = self.m.egate_queue[stream].expect("rejected at an e-gate");
            let fallback = self.m.scenario.queues[gate_queue as usize].fallback.expect("validated: e-gate queues have a fallback");
            self.join(t, traveller, fallback as u16, sink);
        }
        let l = &self.lanes[lane as usize];
        let (open, draining) = (l.open, l.draining);
        if !open {
            self.close(t, lane, sink); // it closed while serving
        } else if !self.start(t, lane, sink) && draining {
            self.lanes[lane as usize].open = false;
            self.close(t, lane, sink);
        }
    }

    fn close<S: EventSink>(&mut self, t: f64, lane: u16, sink: &mut S) {
        sink.emit(SimEvent { t, kind: SimKind::LaneClosed { lane } });
        let l = &mut self.lanes[lane as usize];
        l.draining = false;
        if l.officer_off_pending {
            l.officer_off_pending = false;
            if let Some(officer) = l.officer.take() {
                sink.emit(SimEvent { t, kind: SimKind::OfficerOff { lane, officer } });
            }
        }
    }

    fn change<S: EventSink>(&mut self, t: f64, lane: u16, change: Change, sink: &mut S) {
        let spec = &self.m.scenario.lanes[lane as usize];
        match change {
            Change::Open { last } => {
                let l = &mut self.lanes[lane as usize];
                // Reopened before the service it closed during has ended: it never visibly closed.
                let close_pending = l.busy && !l.open;
                l.open = true;
                l.last_window = last;
                if !close_pending {
                    sink.emit(SimEvent { t, kind: SimKind::LaneOpened { lane } });
                    self.start(t, lane, sink);
                }
            }
            Change::Close => {
                let backlog = spec.serves.iter().any(|&q| !self.queues[q].is_empty());
                let l = &mut self.lanes[lane as usize];
                if l.last_window && spec.drain && (backlog || l.busy) {
                    l.draining = true; // stays open until its queues are empty
                } else {
                    l.open = false;
                    if !l.busy {
                        self.close(t, lane, sink);
                    }
                }
            }
            Change::OfficerOn(officer) => {
                self.lanes[lane as usize].officer = Some(officer);
                sink.emit(SimEvent { t, kind: SimKind::OfficerOn { lane, officer } });
            }
            Change::OfficerOff(officer) => {
                let l = &mut self.lanes[lane as usize];
                if l.draining && l.officer == Some(officer) {
                    l.officer_off_pending = true; // overtime until the lane closes
                } else {
                    if l.officer == Some(officer) {
                        l.officer = None;
                    }
                    sink.emit(SimEvent { t, kind: SimKind::OfficerOff { lane, officer } });
                }
            }
        }
    }
}
