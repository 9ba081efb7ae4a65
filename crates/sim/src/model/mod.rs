//! The checkpoint model: triage, queues, lanes, rosters and service — the
//! rules of the hall, in one place, for the simulator, the planner and the twin.
//!
//! Rules:
//! - A traveller is triaged on arrival: to the e-gate queue of their direction
//!   if they use the gates and a gate is open, otherwise to the manual queue of
//!   their category.
//! - A free open lane takes the head of the first non-empty queue it serves,
//!   in the lane's priority order (FIFO within a queue). An arriving traveller
//!   is taken by the lowest-numbered free lane that serves their queue.
//! - An e-gate rejects a share of its travellers; they join the gate queue's
//!   fallback (a manual queue desks serve first). Desks refer or refuse a share.
//! - A lane opens and closes on its windows (for desks: the union of its
//!   officers' stretches). A lane closing mid-service finishes that traveller
//!   first; at its last close a `drain` lane keeps serving until its queues are
//!   empty, with its last officer on overtime, so nobody is stranded; a
//!   desk serving an e-gate queue's fallback keeps draining (open, idle if
//!   need be) while a gate that may still reject into it is open, busy or
//!   opens again, so a late rejection always finds a desk.
//! - At one instant: lane changes first (close, officer off, officer on,
//!   open), then service ends, then arrivals, each in their own order.

pub mod arrivals;

use std::collections::VecDeque;

use crate::SimRng;
use borderflow_core::{LaneKind, Outcome, Scenario};
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
    /// Each lane's service rules, resolved.
    rules: Vec<LaneRule>,
    /// Manual queue of each (stream, category).
    manual_queue: Vec<Vec<Option<u16>>>,
    /// E-gate queue of each stream.
    egate_queue: Vec<Option<u16>>,
    /// Lanes serving each queue, as a bitset (64 lanes a word).
    lanes_of_queue: Vec<Vec<u64>>,
    /// Each lane's changes in time order.
    timeline: Vec<(f64, u8, u16, Change)>,
    /// Per lane: the e-gates whose rejections join a queue it serves.
    feeders: Vec<Vec<u16>>,
    /// Per e-gate: the lanes serving the queue its rejections join.
    fed: Vec<Vec<u16>>,
}

/// A lane's service rules with lookups done once.
struct LaneRule {
    /// Queues served, highest priority first.
    serves: Vec<u16>,
    /// Service time sampler per category.
    samplers: Vec<Sampler>,
    /// Cumulative outcome thresholds for one uniform draw: below `cut[0]`
    /// rejected by the gate, below `cut[1]` referred, below `cut[2]` refused.
    cut: [f64; 3],
    /// Whether any outcome but `cleared` is possible (saves a draw when not).
    draws_outcome: bool,
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
    rng: SimRng,
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
        let rules: Vec<LaneRule> = s
            .lanes
            .iter()
            .map(|l| {
                let sv = s.service(l.kind);
                let reject = if l.kind == LaneKind::Egate { sv.reject_rate } else { 0.0 };
                let cut = [reject, reject + sv.referred_share, reject + sv.referred_share + sv.refused_share];
                LaneRule {
                    serves: l.serves.iter().map(|&q| q as u16).collect(),
                    samplers: sv.by_category.iter().map(|d| Sampler::new(&d.scaled(l.pace))).collect(),
                    cut,
                    draws_outcome: cut[2] > 0.0,
                }
            })
            .collect();
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
        let words = s.lanes.len().div_ceil(64);
        let lanes_of_queue = (0..s.queues.len())
            .map(|q| {
                let mut mask = vec![0u64; words];
                for (i, l) in s.lanes.iter().enumerate() {
                    if l.serves.contains(&q) {
                        mask[i / 64] |= 1 << (i % 64);
                    }
                }
                mask
            })
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
        let mut feeders = vec![Vec::new(); s.lanes.len()];
        let mut fed = vec![Vec::new(); s.lanes.len()];
        for (g, gate) in s.lanes.iter().enumerate() {
            let rejects = rules[g].cut[0] > 0.0;
            for fallback in gate.serves.iter().filter_map(|&q| s.queues[q].fallback).filter(|_| rejects) {
                for (l, _) in s.lanes.iter().enumerate().filter(|(_, lane)| lane.serves.contains(&fallback)) {
                    if !feeders[l].contains(&(g as u16)) {
                        feeders[l].push(g as u16);
                        fed[g].push(l as u16);
                    }
                }
            }
        }
        Model { scenario, rules, manual_queue, egate_queue, lanes_of_queue, timeline, feeders, fed }
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

    /// Starts a day with `seed` to be advanced step by step, obeying lane
    /// commands on the way (the demo's closed loop, the twin).
    pub fn start(&self, seed: u64) -> Simulation<'_, 's> {
        Simulation { run: Run::new(self, std::borrow::Cow::Owned(self.arrivals(seed)), seed) }
    }

    /// Simulates the day with `seed`, pushing every event into `sink`.
    pub fn run<S: EventSink>(&self, seed: u64, sink: &mut S) -> RunStats {
        let arrivals = self.arrivals(seed);
        self.run_arrivals(&arrivals, seed, sink)
    }

    /// Simulates the day for given arrivals (lanes draw from `seed`'s lane streams).
    pub fn run_arrivals<S: EventSink>(&self, arrivals: &[Arrival], seed: u64, sink: &mut S) -> RunStats {
        Run::new(self, std::borrow::Cow::Borrowed(arrivals), seed).go(sink)
    }
}

/// A day in progress: advanced in steps, lanes opened and closed on command.
pub struct Simulation<'m, 's> {
    run: Run<'m, 's>,
}

impl Simulation<'_, '_> {
    /// The simulated time reached, seconds from midnight.
    pub fn now(&self) -> f64 {
        self.run.sched.now()
    }

    /// Handles every event due at or before `t`.
    pub fn advance_to<S: EventSink>(&mut self, t: f64, sink: &mut S) {
        self.run.advance_to(t, sink);
    }

    /// Whether anything remains to happen.
    pub fn is_done(&self) -> bool {
        let r = &self.run;
        r.next_change >= r.m.timeline.len() && r.sched.is_empty() && r.next_arrival >= r.arrivals.len()
    }

    /// Whether a lane is open now.
    pub fn lane_open(&self, lane: usize) -> bool {
        self.run.lanes[lane].open
    }

    /// Opens or closes a lane at `t` (the day is first advanced to `t`), as a
    /// supervisor's command: an opened lane stays open until closed (by
    /// command or its schedule); a closed lane finishes its traveller first
    /// and does not drain.
    pub fn command<S: EventSink>(&mut self, t: f64, lane: usize, open: bool, sink: &mut S) {
        self.run.advance_to(t, sink);
        let t = t.max(self.now());
        let r = &mut self.run;
        r.sched.advance(t).expect("advanced to t: nothing pending before it");
        let lane16 = lane as u16;
        if open == r.lanes[lane].open {
            return;
        }
        if open {
            let later = r.m.timeline[r.next_change..].iter().any(|&(_, _, l, c)| l == lane16 && matches!(c, Change::Open { .. }));
            r.change(t, lane16, Change::Open { last: !later }, sink);
        } else {
            r.lanes[lane].last_window = false;
            r.change(t, lane16, Change::Close, sink);
        }
    }

    /// Runs to the end of the day.
    pub fn finish<S: EventSink>(mut self, sink: &mut S) -> RunStats {
        self.run.advance_to(f64::INFINITY, sink);
        self.run.stats()
    }
}

struct Run<'m, 's> {
    m: &'m Model<'s>,
    end_t: f64,
    arrivals: std::borrow::Cow<'m, [Arrival]>,
    next_arrival: usize,
    /// Pending service ends, by lane. Arrivals and lane changes are known in
    /// advance and merged in from their sorted lists.
    sched: Scheduler<u16>,
    next_change: usize,
    queues: Vec<VecDeque<u32>>,
    lanes: Vec<LaneState>,
    /// Lanes open and not busy, as a bitset.
    free: Vec<u64>,
    /// Lanes open, as a bitset.
    open: Vec<u64>,
}

impl<'m, 's> Run<'m, 's> {
    fn new(m: &'m Model<'s>, arrivals: std::borrow::Cow<'m, [Arrival]>, seed: u64) -> Self {
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
                rng: SimRng::seed_from_u64(stream_seed(seed, 2, i as u64)),
            })
            .collect();
        Run {
            m,
            end_t: 0.0,
            arrivals,
            next_arrival: 0,
            sched: Scheduler::new(),
            next_change: 0,
            queues: vec![VecDeque::new(); s.queues.len()],
            free: vec![0; s.lanes.len().div_ceil(64)],
            open: vec![0; s.lanes.len().div_ceil(64)],
            lanes,
        }
    }

    fn go<S: EventSink>(mut self, sink: &mut S) -> RunStats {
        self.advance_to(f64::INFINITY, sink);
        self.stats()
    }

    /// Handles every event due at or before `limit`, in order.
    fn advance_to<S: EventSink>(&mut self, limit: f64, sink: &mut S) {
        loop {
            let change = self.m.timeline.get(self.next_change).map_or(f64::INFINITY, |c| c.0);
            let finish = self.sched.peek_time().unwrap_or(f64::INFINITY);
            let arrival = self.arrivals.get(self.next_arrival).map_or(f64::INFINITY, |a| a.t);
            let next = change.min(finish).min(arrival);
            if next == f64::INFINITY || next > limit {
                break;
            }
            if change <= finish && change <= arrival {
                let (t, _, lane, c) = self.m.timeline[self.next_change];
                self.next_change += 1;
                self.sched.advance(t).expect("lane changes are sorted");
                self.change(t, lane, c, sink);
            } else if finish <= arrival {
                let (t, lane) = self.sched.pop().expect("peeked");
                self.finish(t, lane, sink);
            } else {
                self.sched.advance(arrival).expect("arrivals are sorted");
                self.arrive(arrival, sink);
            }
            self.end_t = next;
        }
    }

    fn stats(&self) -> RunStats {
        let queued: usize = self.queues.iter().map(VecDeque::len).sum();
        RunStats { travellers: self.next_arrival as u32, end_t: self.end_t, stranded: queued as u32 }
    }

    fn arrive<S: EventSink>(&mut self, t: f64, sink: &mut S) {
        let a = self.arrivals[self.next_arrival];
        let traveller = self.next_arrival as u32;
        self.next_arrival += 1;
        let gate = if a.egate { self.m.egate_queue[a.stream as usize].filter(|&q| self.any_open(q)) } else { None };
        let queue = gate.or(self.m.manual_queue[a.stream as usize][a.category as usize]).expect("validated: every category has a queue");
        self.join(t, traveller, queue, sink);
    }

    fn join<S: EventSink>(&mut self, t: f64, traveller: u32, queue: u16, sink: &mut S) {
        sink.emit(SimEvent { t, kind: SimKind::Joined { traveller, queue, category: self.arrivals[traveller as usize].category } });
        self.queues[queue as usize].push_back(traveller);
        let mask = &self.m.lanes_of_queue[queue as usize];
        if let Some(lane) = self.free.iter().zip(mask).enumerate().find_map(|(w, (f, m))| {
            let both = f & m;
            (both != 0).then(|| (w * 64 + both.trailing_zeros() as usize) as u16)
        }) {
            self.start(t, lane, sink);
        }
    }

    /// Starts the next traveller on a free open lane; false if its queues are empty.
    fn start<S: EventSink>(&mut self, t: f64, lane: u16, sink: &mut S) -> bool {
        let rule = &self.m.rules[lane as usize];
        let Some(traveller) = rule.serves.iter().find_map(|&q| self.queues[q as usize].pop_front()) else {
            return false;
        };
        let category = self.arrivals[traveller as usize].category as usize;
        let l = &mut self.lanes[lane as usize];
        let duration = rule.samplers[category].sample(&mut l.rng);
        let u: f64 = if rule.draws_outcome { l.rng.random() } else { 1.0 };
        (l.outcome, l.rejected) = if u < rule.cut[0] {
            (Outcome::Referred, true)
        } else if u < rule.cut[1] {
            (Outcome::Referred, false)
        } else if u < rule.cut[2] {
            (Outcome::Refused, false)
        } else {
            (Outcome::Cleared, false)
        };
        l.busy = true;
        l.traveller = traveller;
        self.refresh(lane);
        sink.emit(SimEvent { t, kind: SimKind::Started { traveller, lane } });
        self.sched.schedule(t + duration, lane).expect("durations are ≥ 0");
        true
    }

    fn finish<S: EventSink>(&mut self, t: f64, lane: u16, sink: &mut S) {
        let l = &mut self.lanes[lane as usize];
        l.busy = false;
        let (traveller, outcome, rejected) = (l.traveller, l.outcome, l.rejected);
        self.refresh(lane);
        sink.emit(SimEvent { t, kind: SimKind::Ended { traveller, lane, outcome, rejected } });
        if rejected {
            let stream = self.arrivals[traveller as usize].stream as usize;
            let gate_queue = self.m.egate_queue[stream].expect("rejected at an e-gate");
            let fallback = self.m.scenario.queues[gate_queue as usize].fallback.expect("validated: e-gate queues have a fallback");
            self.join(t, traveller, fallback as u16, sink);
        }
        let l = &self.lanes[lane as usize];
        let (open, draining) = (l.open, l.draining);
        if !open {
            self.close(t, lane, sink); // it closed while serving
        } else if !self.start(t, lane, sink) && draining && !self.may_receive(lane) {
            self.lanes[lane as usize].open = false;
            self.refresh(lane);
            self.close(t, lane, sink);
        }
    }

    /// Whether a gate may still reject someone into a queue `lane` serves:
    /// it is open, mid-service, or opens again later today.
    fn may_receive(&self, lane: u16) -> bool {
        self.m.feeders[lane as usize].iter().any(|&g| {
            let gate = &self.lanes[g as usize];
            gate.open
                || gate.busy
                || self.m.timeline[self.next_change..].iter().any(|&(_, _, l, c)| l == g && matches!(c, Change::Open { .. }))
        })
    }

    /// After gate `g` closed: the draining lanes that waited only for its
    /// rejections, idle and with nobody left to come, close.
    fn release_waiting<S: EventSink>(&mut self, t: f64, g: u16, sink: &mut S) {
        for i in 0..self.m.fed[g as usize].len() {
            let lane = self.m.fed[g as usize][i];
            let l = &self.lanes[lane as usize];
            let idle = l.open && l.draining && !l.busy;
            let empty = self.m.rules[lane as usize].serves.iter().all(|&q| self.queues[q as usize].is_empty());
            if idle && empty && !self.may_receive(lane) {
                self.lanes[lane as usize].open = false;
                self.refresh(lane);
                self.close(t, lane, sink);
            }
        }
    }

    /// Keeps the lane bitsets in step with a lane's open and busy flags.
    #[inline]
    fn refresh(&mut self, lane: u16) {
        let l = &self.lanes[lane as usize];
        let (w, bit) = (lane as usize / 64, 1u64 << (lane % 64));
        if l.open && !l.busy {
            self.free[w] |= bit
        } else {
            self.free[w] &= !bit
        }
        if l.open { self.open[w] |= bit } else { self.open[w] &= !bit }
    }

    /// Whether any lane serving `queue` is open.
    fn any_open(&self, queue: u16) -> bool {
        self.open.iter().zip(&self.m.lanes_of_queue[queue as usize]).any(|(o, m)| o & m != 0)
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
        if !self.m.fed[lane as usize].is_empty() {
            self.release_waiting(t, lane, sink);
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
                self.refresh(lane);
                if !close_pending {
                    sink.emit(SimEvent { t, kind: SimKind::LaneOpened { lane } });
                    self.start(t, lane, sink);
                }
            }
            Change::Close => {
                let backlog = spec.serves.iter().any(|&q| !self.queues[q].is_empty()) || self.may_receive(lane);
                let l = &mut self.lanes[lane as usize];
                if l.last_window && spec.drain && (backlog || l.busy) {
                    l.draining = true; // stays open until its queues are empty
                } else {
                    l.open = false;
                    let busy = l.busy;
                    self.refresh(lane);
                    if !busy {
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
