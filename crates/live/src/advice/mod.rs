//! Whole-hall advice: for every queue the twin predicts will break the
//! standard, the least-cost set of moves that prevents every breach, each
//! checked by the twin's replications before it is offered.
//!
//! The search is greedy on the hall's breach-minutes (how far each queue's
//! predicted p95 wait stands over the standard, summed over the horizon's
//! steps): each round runs every candidate move ([`moves::candidates`]) with
//! the moves chosen so far, in parallel and with common random numbers, and
//! takes the one that removes the most breach-minutes per unit of cost. Moves
//! interact (an officer taken from the exit hall leaves it a desk short), so
//! every round judges the whole hall. When no breach is left, moves the plan
//! can do without are dropped, dearest first. When none can prevent every
//! breach, the plan is the one that cut the most, and the advice says how many
//! more lanes each queue would need.

mod moves;
mod words;

use borderflow_core::{LaneKind, Scenario};
use rayon::prelude::*;
use serde::Serialize;

use crate::twin::{Now, QueueOutlook, Steps};
use moves::{Base, Judged, Move};
pub use words::Words;

/// At most this many moves in one piece of advice.
const MAX_MOVES: usize = 8;
/// At most this many extra lanes are tried when no move is enough.
const MAX_EXTRA_LANES: u32 = 16;

/// What the duty officer is advised to do.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
pub struct Advice {
    /// Every queue predicted to break the standard without the advice.
    pub breaches: Vec<Breach>,
    /// The moves, most effective first.
    pub actions: Vec<Action>,
    /// Whether the moves together prevent every predicted breach.
    pub prevents: bool,
    /// Per queue the moves change or that breaks the standard: its worst p95 wait before and after.
    pub effects: Vec<Effect>,
    /// The outlook with the moves applied, beside the outlook without them.
    pub with_advice: Vec<QueueOutlook>,
    /// Officer-hours the moves ask for.
    pub officer_hours: f64,
    /// Where a breach remains: how many more lanes would prevent it.
    pub shortfall: Vec<Shortfall>,
    /// The moves and their effect in words.
    pub summary: Words,
    /// Each breach that will still come with the moves made, and what more would prevent it, in words.
    pub still: Vec<Words>,
}

/// A queue predicted to break the standard.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
pub struct Breach {
    /// Queue id.
    pub queue: String,
    /// When it first breaks it, seconds from midnight.
    pub at_clock_s: f64,
    /// Its worst predicted p95 wait over the horizon, seconds.
    pub worst_p95_s: f64,
}

/// One move's kind.
#[derive(ts_rs::TS, Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// Reopen a closed lane whose officer is on duty.
    Reopen,
    /// Call an officer from the reserve to a closed desk.
    CallReserve,
    /// Move an officer from a desk with slack to a closed desk, and back later.
    MoveOfficer,
    /// Guides send a category to another queue.
    Retriage,
}

/// One move, as the people who carry it out need it.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
pub struct Action {
    /// What kind of move.
    pub kind: ActionKind,
    /// The lane it opens.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub lane: Option<String>,
    /// The lane it closes meanwhile (an officer moved from it).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub from_lane: Option<String>,
    /// The officer who acts, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub officer: Option<String>,
    /// Re-triage: the category sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub category: Option<String>,
    /// Re-triage: the queue it leaves.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub from_queue: Option<String>,
    /// Re-triage: the queue it joins.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub to_queue: Option<String>,
    /// When it takes effect, seconds from midnight.
    pub start_clock_s: f64,
    /// Until when, seconds from midnight (the horizon's end for moves that last).
    pub until_clock_s: f64,
    /// It lasts to the horizon's end: at least that long (a later outlook says when it may stop).
    pub open_ended: bool,
    /// Officer-hours at a desk it asks for.
    pub officer_hours: f64,
    /// Its own effect, added to the moves ranked above it.
    pub effects: Vec<Effect>,
    /// In words.
    pub words: Words,
}

/// A queue's worst predicted p95 wait before and after.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
pub struct Effect {
    /// Queue id.
    pub queue: String,
    /// Before, seconds.
    pub before_p95_s: f64,
    /// After, seconds.
    pub after_p95_s: f64,
    /// Whether it breaks the standard before.
    pub breach_before: bool,
    /// And after.
    pub breach_after: bool,
}

/// More lanes a queue needs beyond every move the hall has.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
pub struct Shortfall {
    /// Queue id.
    pub queue: String,
    /// Desk or gate.
    pub kind: LaneKind,
    /// How many more, opened now (None: more than [`MAX_EXTRA_LANES`]).
    pub lanes: Option<u32>,
    /// From, seconds from midnight.
    pub from_clock_s: f64,
    /// Until (the end of the predicted surge).
    pub until_clock_s: f64,
}

/// Searches the moves for the hall whose plan-free run is `base_steps`.
pub(crate) fn advise(now: &Now, base_steps: &Steps, outlooks: &[QueueOutlook]) -> Advice {
    let ahead = now.ahead();
    let base = Base::new(now, base_steps);
    let run = |plan: &[Move]| {
        let mut t = ahead.clone();
        plan.iter().for_each(|m| m.apply(now, &mut t));
        now.run(&t)
    };
    let base_judged = Judged::new(now, base_steps);

    // Greedy: the move that removes the most breach-minutes per unit of cost.
    let mut plan: Vec<Move> = Vec::new();
    let mut judged = Judged::new(now, base_steps);
    while judged.total() > 0.0 && plan.len() < MAX_MOVES {
        let cands = moves::candidates(now, &base, &plan, &judged);
        let tried: Vec<(Vec<Move>, Judged)> = cands
            .into_par_iter()
            .map(|bundle| {
                let p: Vec<Move> = plan.iter().chain(&bundle).cloned().collect();
                let j = Judged::new(now, &run(&p));
                (bundle, j)
            })
            .collect();
        let cost = |b: &[Move]| b.iter().map(|m| m.cost(now)).sum::<f64>();
        let gain = |(b, j): &(Vec<Move>, Judged)| (judged.total() - j.total()) / (cost(b) + 1.0);
        let Some(best) = tried.into_iter().filter(|t| t.1.total() < judged.total() * 0.999).max_by(|a, b| gain(a).total_cmp(&gain(b)))
        else {
            break;
        };
        plan.extend(best.0);
        judged = best.1;
    }
    // Least cost: drop what the plan can do without, dearest first.
    let mut order: Vec<Move> = plan.clone();
    order.sort_by(|a, b| b.cost(now).total_cmp(&a.cost(now)));
    for m in order {
        let without: Vec<Move> = plan.iter().filter(|&x| *x != m).cloned().collect();
        let j = Judged::new(now, &run(&without));
        if j.total() <= judged.total() {
            plan = without;
            judged = j;
        }
    }

    // Verified: each prefix of the ranked plan run again, the last one the advice as a whole.
    let prefixes: Vec<Steps> = (1..=plan.len()).into_par_iter().map(|k| run(&plan[..k])).collect();
    let last = prefixes.last().unwrap_or(base_steps);
    let after = Judged::new(now, last);
    let prevents = after.total() == 0.0;
    let mut before = &base_judged;
    let judged_prefixes: Vec<Judged> = prefixes.iter().map(|p| Judged::new(now, p)).collect();
    let mut actions = Vec::new();
    for (m, j) in plan.iter().zip(&judged_prefixes) {
        let effects = effects(now.s, before, j, &m.touched(now.s));
        actions.push(action(now, m, effects));
        before = j;
    }
    let shortfall = if prevents { Vec::new() } else { shortfall(now, &base, &ahead, &plan, &after) };
    let breaches: Vec<Breach> = outlooks
        .iter()
        .enumerate()
        .filter_map(|(q, o)| {
            o.breach_at_clock_s.map(|at_s| Breach { queue: o.queue.clone(), at_clock_s: at_s, worst_p95_s: base_judged.worst_s[q] })
        })
        .collect();
    let touched: Vec<usize> = plan.iter().flat_map(|m| m.touched(now.s)).collect();
    let effects = effects(now.s, &base_judged, &after, &touched);
    let advice = Advice {
        summary: Words::default(),
        still: Vec::new(),
        breaches,
        officer_hours: plan.iter().map(|m| m.officer_hours(now)).sum(),
        actions,
        prevents,
        effects,
        with_advice: now.outlooks_advised(last),
        shortfall,
    };
    Advice { summary: words::summary(now.s, &advice), still: words::still(now.s, &advice), ..advice }
}

/// The queues whose worst wait moved by more than a minute, that break the
/// standard, or that a move takes from (`touched`: they keep their wait).
fn effects(s: &Scenario, before: &Judged, after: &Judged, touched: &[usize]) -> Vec<Effect> {
    (0..s.queues.len())
        .filter(|&q| {
            (before.worst_s[q] - after.worst_s[q]).abs() > 60.0 || before.excess[q] > 0.0 || after.excess[q] > 0.0 || touched.contains(&q)
        })
        .map(|q| Effect {
            queue: s.queues[q].id.to_string(),
            before_p95_s: before.worst_s[q],
            after_p95_s: after.worst_s[q],
            breach_before: before.excess[q] > 0.0,
            breach_after: after.excess[q] > 0.0,
        })
        .collect()
}

fn action(now: &Now, m: &Move, effects: Vec<Effect>) -> Action {
    let s = now.s;
    let lane = |l: usize| Some(s.lanes[l].id.to_string());
    let queue = |q: usize| Some(s.queues[q].id.to_string());
    let mut a = Action {
        kind: ActionKind::Reopen,
        lane: None,
        from_lane: None,
        officer: None,
        category: None,
        from_queue: None,
        to_queue: None,
        start_clock_s: m.start_s(now),
        until_clock_s: m.until_s(now),
        open_ended: m.until_s(now) >= now.end_s() - 1.0,
        officer_hours: m.officer_hours(now),
        effects,
        words: Words::default(),
    };
    match m {
        Move::Reopen { lane: l, officer } => {
            a.lane = lane(*l);
            a.officer = officer.as_ref().map(|o| o.to_string());
        }
        Move::CallReserve { lane: l, .. } => {
            a.kind = ActionKind::CallReserve;
            a.lane = lane(*l);
        }
        Move::Transfer { from, to, officer, .. } => {
            a.kind = ActionKind::MoveOfficer;
            a.lane = lane(*to);
            a.from_lane = lane(*from);
            a.officer = officer.as_ref().map(|o| o.to_string());
        }
        Move::Retriage { category, from, to } => {
            a.kind = ActionKind::Retriage;
            a.category = Some(s.categories[*category].id.to_string());
            a.from_queue = queue(*from);
            a.to_queue = queue(*to);
        }
    }
    a.words = words::action(s, &a);
    a
}

/// For each queue still breaking the standard with the plan applied: the
/// fewest extra lanes like its own, open from now to the surge's end, that
/// prevent its breach (a binary search, each step checked by the twin).
fn shortfall(now: &Now, base: &Base, ahead: &Scenario, plan: &[Move], after: &Judged) -> Vec<Shortfall> {
    let s = now.s;
    let queues: Vec<usize> = after.breaching().collect();
    queues
        .into_par_iter()
        .filter_map(|q| {
            let own = (0..s.lanes.len())
                .find(|&l| s.own_queue(l) == q)
                .or_else(|| (0..s.lanes.len()).find(|&l| s.lanes[l].serves.contains(&q)))?;
            let until_s = base.surge_end[q].min(now.end_s()).max(now.now_s + now.opt.step_s);
            let prevented = |n: u32| {
                let mut t = ahead.clone();
                plan.iter().for_each(|m| m.apply(now, &mut t));
                for k in 1..=n {
                    let mut extra = t.lanes[own].clone();
                    extra.id = borderflow_core::Id::new(format!("{}x{k}", extra.id)).expect("a lane id with a suffix is an id");
                    extra.windows = vec![(now.now_s, until_s)];
                    t.lanes.push(extra);
                }
                Judged::new(now, &now.run(&t)).excess[q] == 0.0
            };
            let lanes = if prevented(MAX_EXTRA_LANES) {
                let (mut lo, mut hi) = (1, MAX_EXTRA_LANES);
                while lo < hi {
                    let mid = (lo + hi) / 2;
                    if prevented(mid) { hi = mid } else { lo = mid + 1 }
                }
                Some(lo)
            } else {
                None
            };
            Some(Shortfall {
                queue: s.queues[q].id.to_string(),
                kind: s.lanes[own].kind,
                lanes,
                from_clock_s: now.now_s,
                until_clock_s: until_s,
            })
        })
        .collect()
}
