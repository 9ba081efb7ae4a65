//! The fewest lanes open per interval that keep travellers within the standard.
//!
//! 1. **First guess**, per lane group and interval: Erlang C for the group's
//!    own queue, raised by a fluid model of the backlog (the opening crowd and
//!    whatever the previous intervals left) so that backlog clears within the
//!    standard. Steady-state formulas alone miss those transients.
//! 2. **Verify** by simulating the day with the plan (replications, the real
//!    hall: triage, e-gate rejections, priorities, the crowd).
//! 3. **Repair** every (interval, queue) whose 95th-percentile wait of joiners
//!    breaks the standard, or whose longest wait breaks the hard cap, by
//!    opening one more lane of a group serving that queue over the interval
//!    and the next; repeat until it passes or nothing more can open.
//!
//! A lane, once opened, stays open at least an hour: plans that flap every
//! 15 minutes cannot be staffed.
//!
//! 4. **Beyond the hall**: when nothing more can open and the target still
//!    breaks, the same verify-and-repair search runs again on the hall with
//!    [`SPARE_LANES`] more lanes in every group, and the plan says how many
//!    more of which group it used, and when ([`Need`]).

use borderflow_core::{LaneKind, Scenario};
use borderflow_sim::erlang::required_servers;
use borderflow_sim::replicate::{IntervalEstimate, SummaryEstimate};
use borderflow_sim::{Model, aggregate, replicate};
use serde::{Deserialize, Serialize};

/// What "within the standard" means for the plan.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Target {
    /// Share of each interval's joiners who must wait no longer than the standard (0.95).
    pub share_within: f64,
    /// The standard, seconds (the scenario's).
    pub max_wait_s: f64,
    /// Nobody may wait longer than this, seconds.
    pub hard_cap_s: f64,
}

/// Settings.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The target.
    pub target: Target,
    /// Replications per verification.
    pub reps: u32,
    /// Most verify-and-repair rounds.
    pub max_rounds: u32,
    /// Seed.
    pub seed: u64,
}

/// A lane group's lanes open in each interval.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupPlan {
    /// The group's name in the scenario.
    pub group: String,
    /// Desk or gate.
    pub kind: LaneKind,
    /// Lanes the hall has in this group.
    pub lanes: u32,
    /// Lanes to open, per interval of the plan.
    pub open: Vec<u32>,
}

/// One queue in one interval, as verified.
#[derive(ts_rs::TS, Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct QueueCheck {
    /// Interval index within the plan.
    pub interval: u32,
    /// Queue index.
    pub queue: u16,
    /// Travellers joining (mean over replications).
    pub arrivals: f64,
    /// 95th-percentile wait of joiners, seconds (mean over replications; NaN: nobody).
    #[serde(deserialize_with = "borderflow_core::nan::null_as_nan")]
    #[ts(type = "number | null")]
    pub wait_p95: f64,
    /// Longest wait, seconds.
    #[serde(deserialize_with = "borderflow_core::nan::null_as_nan")]
    #[ts(type = "number | null")]
    pub wait_max: f64,
}

/// More lanes of a group than the hall has, over a stretch of the day.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Need {
    /// The group's name in the scenario.
    pub group: String,
    /// Desk or gate.
    pub kind: LaneKind,
    /// How many more at most over the stretch.
    pub more: u32,
    /// From, seconds from midnight.
    #[serde(alias = "from_s")]
    pub from_clock_s: f64,
    /// To.
    #[serde(alias = "to_s")]
    pub to_clock_s: f64,
}

/// How many more lanes per group the search beyond the hall may use.
pub const SPARE_LANES: u32 = 12;

/// A plan: lanes open per interval, verified by simulation. Read back (a
/// pushed [`crate::doc::PlanDoc`]), the schedule is required and the
/// verification's figures default to none.
#[derive(ts_rs::TS, Debug, Clone, Serialize, Deserialize)]
pub struct Plan {
    /// Interval length, seconds.
    pub interval_s: f64,
    /// Start of the first interval, seconds from midnight.
    #[serde(alias = "start_s")]
    pub start_clock_s: f64,
    /// Intervals.
    pub intervals: u32,
    /// Per lane group.
    pub groups: Vec<GroupPlan>,
    /// Per interval and queue, predicted by the verifying replications.
    #[serde(default)]
    pub checks: Vec<QueueCheck>,
    /// The day as predicted.
    #[serde(default)]
    pub summary: SummaryEstimate,
    /// Whether every interval meets the target.
    #[serde(default)]
    pub meets_target: bool,
    /// Intervals and queues that still break it (nothing more could open).
    #[serde(default)]
    pub failing: Vec<QueueCheck>,
    /// Verify-and-repair rounds used.
    #[serde(default)]
    pub rounds: u32,
    /// Officer-hours at desks (open manual lanes × time).
    #[serde(default)]
    pub desk_hours: f64,
    /// When the target cannot be met: the lanes beyond the hall's that would
    /// meet it (empty if it is met, or if even [`SPARE_LANES`] more per group would not).
    #[serde(default)]
    pub needs: Vec<Need>,
    /// Whether those lanes would meet the target (false: not even they would).
    #[serde(default)]
    pub needs_enough: bool,
    /// E-gate-hours.
    #[serde(default)]
    pub gate_hours: f64,
}

impl Plan {
    /// The scenario with lanes open as planned (each group's first lanes first).
    pub fn apply(&self, s: &Scenario) -> Scenario {
        apply(s, self.start_clock_s, self.interval_s, &self.groups)
    }
}

/// Lane groups in scenario order, with their lane indices.
fn groups(s: &Scenario) -> Vec<(String, Vec<usize>)> {
    let mut out: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, l) in s.lanes.iter().enumerate() {
        match out.iter_mut().find(|(g, _)| *g == l.group) {
            Some((_, v)) => v.push(i),
            None => out.push((l.group.clone(), vec![i])),
        }
    }
    out
}

/// Sets lane windows from per-interval counts; each lane's last window drains.
fn apply(s: &Scenario, start_s: f64, iv: f64, plan: &[GroupPlan]) -> Scenario {
    let mut out = s.clone();
    for ((_, lanes), g) in groups(s).iter().zip(plan) {
        for (k, &li) in lanes.iter().enumerate() {
            let lane = &mut out.lanes[li];
            lane.windows = windows_of(&g.open, k as u32, start_s, iv);
            // The roster is planned afterwards; the verification needs only open lanes.
            lane.officers.clear();
            lane.drain = true;
        }
    }
    out
}

/// Open windows of lane `k` (0-based) of a group opened `counts[i]` lanes in
/// step `i` (from `start_s`, `step_s` long): merged steps with more than `k`.
pub(crate) fn windows_of(counts: &[u32], k: u32, start_s: f64, step_s: f64) -> Vec<(f64, f64)> {
    let mut windows: Vec<(f64, f64)> = Vec::new();
    for (i, _) in counts.iter().enumerate().filter(|(_, n)| **n > k) {
        let (a, b) = (start_s + i as f64 * step_s, start_s + (i + 1) as f64 * step_s);
        match windows.last_mut() {
            Some(w) if w.1 == a => w.1 = b,
            _ => windows.push((a, b)),
        }
    }
    windows
}

/// Mean service time of a queue's travellers, seconds.
fn queue_service_s(s: &Scenario, q: usize) -> f64 {
    let queue = &s.queues[q];
    let kind = if queue.egate { LaneKind::Egate } else { LaneKind::Manual };
    let sv = s.service(kind);
    let stream = s.streams.iter().find(|st| st.direction == queue.direction);
    let cats: Vec<usize> = if queue.categories.is_empty() { (0..s.categories.len()).collect() } else { queue.categories.clone() };
    let (mut w, mut sum) = (0.0, 0.0);
    for c in cats {
        let share = stream.map(|st| st.category_shares[c]).unwrap_or(1.0);
        let manual_share = if queue.egate { s.categories[c].egate_share } else { 1.0 - s.categories[c].egate_share };
        let weight = share * manual_share.max(1e-9);
        w += weight;
        sum += weight * sv.by_category[c].mean();
    }
    sum / w
}

/// Plans the scenario's day.
pub fn plan(s: &Scenario, opt: &Options) -> Plan {
    let iv = s.standard.interval_s;
    let open_s = s.streams.iter().map(|st| st.open_s).fold(f64::INFINITY, f64::min);
    let close_s = s.streams.iter().map(|st| st.close_s).fold(0.0, f64::max);
    // Desks open one interval before the hall, so officers are in place.
    let start_s = ((open_s / iv).floor() - 1.0).max(0.0) * iv;
    let intervals = ((close_s - start_s) / iv).ceil() as usize;
    let groups_of = groups(s);

    // Demand per queue and interval: joiners in a few runs with every lane open
    // (joining hardly depends on staffing; e-gate rejections are included).
    let all_open: Vec<GroupPlan> = groups_of
        .iter()
        .map(|(g, lanes)| GroupPlan {
            group: g.clone(),
            kind: s.lanes[lanes[0]].kind,
            lanes: lanes.len() as u32,
            open: vec![lanes.len() as u32; intervals],
        })
        .collect();
    let (rows, _) = verify(s, start_s, iv, &all_open, 4, opt.seed ^ 0xde);
    let nq = s.queues.len();
    let first_row = (start_s / iv) as usize;
    let joiners = |i: usize, q: usize| rows.get((first_row + i) * nq + q).map(|r| r.arrivals.mean).unwrap_or(0.0);

    // Each queue's load goes to the groups it belongs to (shared equally).
    let owners: Vec<Vec<usize>> = (0..nq)
        .map(|q| {
            let own: Vec<usize> = groups_of.iter().enumerate().filter(|(_, (_, l))| s.own_queue(l[0]) == q).map(|(g, _)| g).collect();
            if own.is_empty() {
                groups_of.iter().enumerate().filter(|(_, (_, l))| s.lanes[l[0]].serves.contains(&q)).map(|(g, _)| g).collect()
            } else {
                own
            }
        })
        .collect();
    let mut groups: Vec<GroupPlan> = all_open.clone();
    for (gi, (_, lanes)) in groups_of.iter().enumerate() {
        let max = lanes.len() as u32;
        let service = queue_service_s(s, s.own_queue(lanes[0]));
        let mut backlog = 0.0;
        for i in 0..intervals {
            let lambda: f64 =
                (0..nq).filter(|q| owners[*q].contains(&gi)).map(|q| joiners(i, q) / owners[q].len() as f64).sum::<f64>() / iv;
            let erlang = if lambda > 0.0 { required_servers(lambda, service, opt.target.max_wait_s, opt.target.share_within) } else { 0 };
            // Enough to serve the arrivals and clear the backlog within the standard.
            let fluid = (service * (lambda + backlog / opt.target.max_wait_s)).ceil() as u32;
            let n = erlang.max(fluid).min(max);
            backlog = (backlog + (lambda - n as f64 / service) * iv).max(0.0);
            groups[gi].open[i] = n;
        }
    }
    let an_hour = (3600.0 / iv).round() as usize;
    hold_open(&mut groups, an_hour);

    let checked = verify_and_repair(s, &groups_of, &mut groups, start_s, iv, opt);
    let (needs, needs_enough) = if checked.failing.is_empty() { (Vec::new(), true) } else { beyond_the_hall(s, &groups, start_s, iv, opt) };
    let hours = |kind: LaneKind| groups.iter().filter(|g| g.kind == kind).map(|g| g.open.iter().sum::<u32>() as f64 * iv / 3600.0).sum();
    Plan {
        interval_s: iv,
        start_clock_s: start_s,
        intervals: intervals as u32,
        desk_hours: hours(LaneKind::Manual),
        gate_hours: hours(LaneKind::Egate),
        meets_target: checked.failing.is_empty(),
        groups,
        checks: checked.checks,
        summary: checked.summary,
        failing: checked.failing,
        rounds: checked.rounds,
        needs,
        needs_enough,
    }
}

/// What the verification of a plan found.
struct Checked {
    checks: Vec<QueueCheck>,
    summary: SummaryEstimate,
    failing: Vec<QueueCheck>,
    rounds: u32,
}

/// Verifies the plan by simulation and repairs it where it breaks the
/// target, until it passes, nothing more can open, or the rounds run out.
fn verify_and_repair(
    s: &Scenario,
    groups_of: &[(String, Vec<usize>)],
    groups: &mut [GroupPlan],
    start_s: f64,
    iv: f64,
    opt: &Options,
) -> Checked {
    let (nq, first_row, intervals) = (s.queues.len(), (start_s / iv) as usize, groups[0].open.len());
    let an_hour = (3600.0 / iv).round() as usize;
    let mut rounds = 0;
    loop {
        rounds += 1;
        let (rows, summary) = verify(s, start_s, iv, groups, opt.reps, opt.seed);
        let checks: Vec<QueueCheck> = (0..intervals)
            .flat_map(|i| (0..nq).map(move |q| (i, q)))
            .filter_map(|(i, q)| {
                rows.get((first_row + i) * nq + q).map(|r| QueueCheck {
                    interval: i as u32,
                    queue: q as u16,
                    arrivals: r.arrivals.mean,
                    wait_p95: r.wait_p95.mean,
                    wait_max: r.wait_max.mean,
                })
            })
            .collect();
        let breaks = |c: &&QueueCheck| c.wait_p95 > opt.target.max_wait_s || c.wait_max > opt.target.hard_cap_s;
        let failing: Vec<QueueCheck> = checks.iter().filter(breaks).copied().collect();
        let mut changed = false;
        if !failing.is_empty() && rounds < opt.max_rounds {
            for c in &failing {
                changed |= repair(s, groups_of, groups, c.interval as usize, c.queue as usize);
            }
            hold_open(groups, an_hour);
        }
        if failing.is_empty() || !changed || rounds >= opt.max_rounds {
            return Checked { checks, summary, failing, rounds };
        }
    }
}

/// The same search on the hall with [`SPARE_LANES`] more lanes in every
/// group (copies of its first): how many more of each it opens, and when,
/// beyond what the hall has; and whether that meets the target.
fn beyond_the_hall(s: &Scenario, plan: &[GroupPlan], start_s: f64, iv: f64, opt: &Options) -> (Vec<Need>, bool) {
    let mut bigger = s.clone();
    for (g, lanes) in groups(s) {
        for k in 1..=SPARE_LANES {
            let mut spare = s.lanes[lanes[0]].clone();
            spare.id = borderflow_core::Id::new(format!("{}x{k}", spare.id)).expect("a lane id with a suffix is an id");
            debug_assert_eq!(spare.group, g);
            bigger.lanes.push(spare);
        }
    }
    let mut wider: Vec<GroupPlan> = plan.iter().map(|g| GroupPlan { lanes: g.lanes + SPARE_LANES, ..g.clone() }).collect();
    let checked = verify_and_repair(&bigger, &groups(&bigger), &mut wider, start_s, iv, opt);
    let mut needs = Vec::new();
    for (g, w) in plan.iter().zip(&wider) {
        let extra: Vec<u32> = w.open.iter().map(|&n| n.saturating_sub(g.lanes)).collect();
        let mut i = 0;
        while i < extra.len() {
            if extra[i] == 0 {
                i += 1;
                continue;
            }
            let from = i;
            while i < extra.len() && extra[i] > 0 {
                i += 1;
            }
            let more = extra[from..i].iter().copied().max().unwrap_or(0);
            needs.push(Need {
                group: g.group.clone(),
                kind: g.kind,
                more,
                from_clock_s: start_s + from as f64 * iv,
                to_clock_s: start_s + i as f64 * iv,
            });
        }
    }
    (needs, checked.failing.is_empty())
}

/// Opens one more lane for `queue` over interval `i` and the next: in the
/// group it belongs to if it has a lane left, else in any group serving it,
/// else one interval earlier (to clear the backlog before). Whether it could.
fn repair(s: &Scenario, groups_of: &[(String, Vec<usize>)], plan: &mut [GroupPlan], i: usize, queue: usize) -> bool {
    let serving = |own: bool| {
        groups_of
            .iter()
            .enumerate()
            .filter(move |(_, (_, l))| if own { s.own_queue(l[0]) == queue } else { s.lanes[l[0]].serves.contains(&queue) })
            .map(|(g, _)| g)
            .collect::<Vec<_>>()
    };
    for from in [i, i.saturating_sub(1), i.saturating_sub(2)] {
        for own in [true, false] {
            for g in serving(own) {
                let gp = &mut plan[g];
                let span = from..(i + 2).min(gp.open.len());
                if gp.open[span.clone()].iter().any(|&n| n < gp.lanes) {
                    for n in &mut gp.open[span] {
                        *n = (*n + 1).min(gp.lanes);
                    }
                    return true;
                }
            }
        }
    }
    false
}

/// A lane opened stays open for at least `min` intervals.
fn hold_open(groups: &mut [GroupPlan], min: usize) {
    for g in groups {
        let orig = g.open.clone();
        for (i, n) in g.open.iter_mut().enumerate() {
            *n = orig[i.saturating_sub(min - 1)..=i].iter().copied().max().unwrap_or(0);
        }
    }
}

/// Simulates the day with the plan: per (interval, queue) rows from midnight, and the day.
fn verify(s: &Scenario, start_s: f64, iv: f64, plan: &[GroupPlan], reps: u32, seed: u64) -> (Vec<IntervalEstimate>, SummaryEstimate) {
    simulate(&apply(s, start_s, iv, plan), reps, seed)
}

/// Replications of a scenario, aggregated.
fn simulate(s: &Scenario, reps: u32, seed: u64) -> (Vec<IntervalEstimate>, SummaryEstimate) {
    aggregate(&replicate(&Model::new(s), seed, reps as u64, &|| {}))
}

/// Simulates the scenario as written (its own lanes and rosters) for comparison.
pub fn as_written(s: &Scenario, reps: u32, seed: u64) -> SummaryEstimate {
    simulate(s, reps, seed).1
}
