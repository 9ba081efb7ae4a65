//! The moves a station really has, in the scenario's terms so the simulator
//! can check them: reopen a closed lane whose officer is on duty, call an
//! officer from the reserve, move an officer from a lane with slack, send a
//! category to another queue it may use.

use borderflow_core::{Id, LaneKind, Scenario};
use borderflow_sim::report::quantile;

use crate::twin::{Now, Steps};

/// One move.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Move {
    /// Reopen a closed lane whose officer is on duty (signed in or rostered now).
    Reopen { lane: usize, officer: Option<Id> },
    /// Open a closed lane with an officer called from the reserve, from their arrival until `until_s`.
    CallReserve { lane: usize, until_s: f64 },
    /// The officer of an open desk with slack goes to a closed desk until
    /// `until_s`, then back; the first desk is closed meanwhile.
    Transfer { from: usize, to: usize, officer: Option<Id>, until_s: f64 },
    /// Guides send a category, waiting and arriving, to another queue it may use.
    Retriage { category: usize, from: usize, to: usize },
}

/// Extra cost of a move beyond the officer-hours it staffs: asking a guide is
/// cheaper than reopening a desk, moving someone costs a walk and a desk
/// elsewhere, calling someone in costs most.
const RETRIAGE_COST: f64 = 0.25;
const MOVE_COST: f64 = 0.5;
const RESERVE_COST: f64 = 1.0;

impl Move {
    /// When the lane it opens starts serving, seconds from midnight.
    pub fn start_s(&self, now: &Now) -> f64 {
        match self {
            Move::Reopen { .. } | Move::Retriage { .. } => now.now_s,
            Move::CallReserve { .. } => now.now_s + now.s.reserve.arrive_s,
            Move::Transfer { .. } => now.now_s + now.s.reserve.move_s,
        }
    }

    /// Until when, seconds from midnight.
    pub fn until_s(&self, now: &Now) -> f64 {
        match self {
            Move::Reopen { .. } | Move::Retriage { .. } => now.end_s(),
            Move::CallReserve { until_s, .. } | Move::Transfer { until_s, .. } => *until_s,
        }
    }

    /// Hours of officer work at a desk it asks for (a guide's word: none).
    pub fn officer_hours(&self, now: &Now) -> f64 {
        match self {
            Move::Retriage { .. } => 0.0,
            _ => (self.until_s(now) - self.start_s(now)).max(0.0) / 3600.0,
        }
    }

    /// What the search minimises.
    pub fn cost(&self, now: &Now) -> f64 {
        self.officer_hours(now)
            + match self {
                Move::Reopen { .. } => 0.0,
                Move::Retriage { .. } => RETRIAGE_COST,
                Move::Transfer { .. } => MOVE_COST,
                Move::CallReserve { .. } => RESERVE_COST,
            }
    }

    /// The lanes it opens or closes.
    fn lanes(&self) -> Vec<usize> {
        match self {
            Move::Reopen { lane, .. } | Move::CallReserve { lane, .. } => vec![*lane],
            Move::Transfer { from, to, .. } => vec![*from, *to],
            Move::Retriage { .. } => vec![],
        }
    }

    /// The queues it takes from: those of the desk an officer leaves, the
    /// queue a category leaves and the one it joins.
    pub fn touched(&self, s: &Scenario) -> Vec<usize> {
        match self {
            Move::Transfer { from, .. } => s.lanes[*from].serves.clone(),
            Move::Retriage { from, to, .. } => vec![*from, *to],
            Move::Reopen { .. } | Move::CallReserve { .. } => vec![],
        }
    }

    /// Changes the scenario ahead ([`Now::ahead`]) as the move would.
    pub fn apply(&self, now: &Now, t: &mut Scenario) {
        let (start, until) = (self.start_s(now), self.until_s(now));
        match *self {
            Move::Reopen { lane, .. } => t.lanes[lane].windows = vec![(start, now.end_s())],
            Move::CallReserve { lane, .. } => add_window(&mut t.lanes[lane], start, until),
            Move::Transfer { from, to, .. } => {
                // Back at the first desk after the walk home, if the horizon lasts.
                let back = until + now.s.reserve.move_s;
                t.lanes[from].windows = if back < now.end_s() { vec![(back, now.end_s())] } else { vec![] };
                add_window(&mut t.lanes[to], start, until);
            }
            Move::Retriage { category, from, to } => {
                t.queues[from].categories.retain(|&c| c != category);
                t.queues[to].categories.push(category);
            }
        }
    }
}

/// Opens a lane for a stretch; the lane stops at its end (the officer leaves)
/// rather than draining, since the desks that remain serve its queue.
fn add_window(lane: &mut borderflow_core::scenario::Lane, from: f64, to: f64) {
    if to <= from {
        return;
    }
    lane.windows.retain(|w| w.1 <= from || w.0 >= to);
    lane.windows.push((from, to));
    lane.windows.sort_by(|a, b| a.0.total_cmp(&b.0));
    lane.drain = false;
}

/// What a run says about each queue: its worst median p95 over the horizon
/// and its breach-minutes (how far over the standard, summed over steps).
pub(crate) struct Judged {
    /// Per queue, seconds.
    pub worst_s: Vec<f64>,
    /// Per queue, seconds over the standard summed over steps.
    pub excess: Vec<f64>,
}

impl Judged {
    pub fn new(now: &Now, steps: &Steps) -> Judged {
        let std_s = now.s.standard.max_wait_s;
        // Seen up to the horizon's end, so runs whose lanes drain past it
        // compare fairly with runs whose do not.
        let medians = |q: &Vec<Vec<f64>>| {
            q.iter().enumerate().filter(|(_, v)| !v.is_empty()).map(|(i, v)| now.median_to_horizon(i, v)).collect::<Vec<f64>>()
        };
        Judged {
            worst_s: steps.iter().map(|q| medians(q).into_iter().fold(0.0, f64::max)).collect(),
            excess: steps.iter().map(|q| medians(q).into_iter().map(|m| (m - std_s).max(0.0)).sum()).collect(),
        }
    }

    /// The hall's breach-minutes.
    pub fn total(&self) -> f64 {
        self.excess.iter().sum()
    }

    /// Queues predicted to break the standard.
    pub fn breaching(&self) -> impl Iterator<Item = usize> + '_ {
        self.excess.iter().enumerate().filter(|(_, e)| **e > 0.0).map(|(q, _)| q)
    }
}

/// The officer on duty at a lane now: signed in, else rostered.
pub(crate) fn officer_now(now: &Now, lane: usize) -> Option<Id> {
    let l = &now.s.lanes[lane];
    now.lanes.iter().find(|v| v.id == l.id).and_then(|v| v.officer.clone()).or_else(|| l.officer_at(now.now_s).cloned())
}

/// When the officer now at a lane must stop (the end of their rostered
/// stretch, by the continuous-work rule); a signed-in officer the roster does
/// not know may work the rule's length from now at most.
fn stretch_end(now: &Now, lane: usize) -> f64 {
    let l = &now.s.lanes[lane];
    let rule = now.now_s + now.s.standard.max_continuous_work_s;
    l.officers
        .iter()
        .flat_map(|sh| sh.stretches.iter())
        .find(|&&(a, b)| a <= now.now_s && now.now_s < b)
        .map(|&(_, b)| b.min(rule))
        .unwrap_or(rule)
}

/// The candidate moves for the hall as `judged` (the plan so far applied),
/// in bundles: for every queue still breaking the standard, each kind of move
/// that could help it, once for one lane of a group and once for every lane of
/// it that can take it (a backlog may need three desks at once where one
/// alone changes nothing within the horizon).
pub(crate) fn candidates(now: &Now, base: &Base, plan: &[Move], judged: &Judged) -> Vec<Vec<Move>> {
    let s = now.s;
    let used: Vec<usize> = plan.iter().flat_map(Move::lanes).collect();
    let reserve_left = s.reserve.officers as usize - plan.iter().filter(|m| matches!(m, Move::CallReserve { .. })).count();
    let free = |l: usize| !used.contains(&l);
    let slack = |q: usize| judged.worst_s[q] <= s.standard.max_wait_s / 3.0;
    // Desks whose queues have slack for the whole horizon: where an officer can come from.
    let sources: Vec<usize> = (0..s.lanes.len())
        .filter(|&l| now.open[l] && free(l) && s.lanes[l].kind == LaneKind::Manual && s.lanes[l].serves.iter().all(|&q| slack(q)))
        .collect();
    let mut out: Vec<Vec<Move>> = Vec::new();
    let mut offer = |bundle: Vec<Move>| {
        if !bundle.is_empty() && !out.contains(&bundle) {
            out.push(bundle);
        }
    };
    for q in judged.breaching() {
        let breach_at = base.breach_at[q].unwrap_or(now.now_s);
        let until = base.surge_end[q].min(now.end_s());
        // Closed lanes serving q that its schedule does not open by the breach (those are in the outlook already).
        let closed: Vec<usize> = (0..s.lanes.len())
            .filter(|&l| !now.open[l] && free(l) && s.lanes[l].serves.contains(&q))
            .filter(|&l| !s.lanes[l].windows.iter().any(|w| w.0 >= now.now_s && w.0 <= breach_at))
            .collect();
        for group in groups(s, &closed) {
            let reopen: Vec<Move> =
                group.iter().filter_map(|&l| officer_now(now, l).map(|o| Move::Reopen { lane: l, officer: Some(o) })).collect();
            let empty: Vec<usize> =
                group.iter().copied().filter(|&l| s.lanes[l].kind == LaneKind::Manual && officer_now(now, l).is_none()).collect();
            let arrive = now.now_s + s.reserve.arrive_s;
            let reserve: Vec<Move> = empty
                .iter()
                .take(reserve_left)
                .map(|&l| Move::CallReserve { lane: l, until_s: until.min(arrive + s.standard.max_continuous_work_s) })
                .collect();
            for from in groups(s, &sources) {
                let transfer: Vec<Move> = from
                    .iter()
                    .zip(&empty)
                    .map(|(&f, &to)| Move::Transfer { from: f, to, officer: officer_now(now, f), until_s: until.min(stretch_end(now, f)) })
                    .filter(|m| m.until_s(now) > m.start_s(now))
                    .collect();
                offer(transfer.iter().take(1).cloned().collect());
                offer(transfer);
            }
            for bundle in [reopen, reserve] {
                offer(bundle.iter().take(1).cloned().collect());
                offer(bundle);
            }
        }
        for (c, cat) in s.categories.iter().enumerate() {
            let sent = plan.iter().any(|m| matches!(m, Move::Retriage { category, .. } if *category == c));
            if !s.queues[q].categories.contains(&c) || sent {
                continue;
            }
            for &to in cat.alternatives.iter().filter(|&&to| s.queues[to].direction == s.queues[q].direction) {
                if judged.worst_s[to] <= s.standard.warning_s {
                    offer(vec![Move::Retriage { category: c, from: q, to }]);
                }
            }
        }
    }
    out
}

/// Lanes split by their group (interchangeable lanes), in order.
fn groups(s: &Scenario, lanes: &[usize]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    for &l in lanes {
        match out.iter_mut().find(|g| s.lanes[g[0]].group == s.lanes[l].group) {
            Some(g) => g.push(l),
            None => out.push(vec![l]),
        }
    }
    out
}

/// What the plan-free run says, that every candidate is measured against.
pub(crate) struct Base {
    /// Per queue, when it first breaks the standard.
    pub breach_at: Vec<Option<f64>>,
    /// Per queue, the end of the last step over the warning level: when help can go home.
    pub surge_end: Vec<f64>,
}

impl Base {
    pub fn new(now: &Now, steps: &Steps) -> Base {
        let warning_s = now.s.standard.warning_s;
        Base {
            breach_at: steps.iter().map(|q| now.first_breach(q)).collect(),
            surge_end: steps
                .iter()
                .map(|q| {
                    let last = q.iter().rposition(|v| !v.is_empty() && quantile(v, 0.5) > warning_s);
                    last.map_or(now.now_s, |i| now.step_at(i) + now.opt.step_s)
                })
                .collect(),
        }
    }
}
