// Generated from the server's Rust types by `crates/server/src/api_types.rs`: do not edit.
// Regenerate with `BORDERFLOW_BLESS=1 cargo test -p borderflow-server --test server web_unit`.
// The staffing plan document.

import type { Direction, LaneKind } from "./common";

/**
 * A day's staffing plan for one checkpoint.
 */

export type PlanDoc = { 
/**
 * The checkpoint's id.
 */
checkpoint: string, 
/**
 * The local day planned.
 */
date: string, 
/**
 * Lanes open per interval, and the verification's figures.
 */
plan: Plan, 
/**
 * The scenario's queue ids, in the order [`crate::staffing::QueueCheck::queue`] counts them.
 */
queues: Array<string>, 
/**
 * The officers on the plan's desks.
 */
roster: Roster, 
/**
 * The scenario's own staffing, simulated, for comparison.
 */
as_written: SummaryEstimate, };

/**
 * A plan: lanes open per interval, verified by simulation. Read back (a
 * pushed [`crate::doc::PlanDoc`]), the schedule is required and the
 * verification's figures default to none.
 */

export type Plan = { 
/**
 * Interval length, seconds.
 */
interval_s: number, 
/**
 * Start of the first interval, seconds from midnight.
 */
start_clock_s: number, 
/**
 * Intervals.
 */
intervals: number, 
/**
 * Per lane group.
 */
groups: Array<GroupPlan>, 
/**
 * Per interval and queue, predicted by the verifying replications.
 */
checks: Array<QueueCheck>, 
/**
 * The day as predicted.
 */
summary: SummaryEstimate, 
/**
 * Whether every interval meets the target.
 */
meets_target: boolean, 
/**
 * Intervals and queues that still break it (nothing more could open).
 */
failing: Array<QueueCheck>, 
/**
 * Verify-and-repair rounds used.
 */
rounds: number, 
/**
 * Officer-hours at desks (open manual lanes × time).
 */
desk_hours: number, 
/**
 * When the target cannot be met: the lanes beyond the hall's that would
 * meet it (empty if it is met, or if even [`SPARE_LANES`] more per group would not).
 */
needs: Array<Need>, 
/**
 * Whether those lanes would meet the target (false: not even they would).
 */
needs_enough: boolean, 
/**
 * E-gate-hours.
 */
gate_hours: number, };

/**
 * A lane group's lanes open in each interval.
 */

export type GroupPlan = { 
/**
 * The group's name in the scenario.
 */
group: string, 
/**
 * Desk or gate.
 */
kind: LaneKind, 
/**
 * Lanes the hall has in this group.
 */
lanes: number, 
/**
 * Lanes to open, per interval of the plan.
 */
open: Array<number>, };

/**
 * More lanes of a group than the hall has, over a stretch of the day.
 */

export type Need = { 
/**
 * The group's name in the scenario.
 */
group: string, 
/**
 * Desk or gate.
 */
kind: LaneKind, 
/**
 * How many more at most over the stretch.
 */
more: number, 
/**
 * From, seconds from midnight.
 */
from_clock_s: number, 
/**
 * To.
 */
to_clock_s: number, };

/**
 * One queue in one interval, as verified.
 */

export type QueueCheck = { 
/**
 * Interval index within the plan.
 */
interval: number, 
/**
 * Queue index.
 */
queue: number, 
/**
 * Travellers joining (mean over replications).
 */
arrivals: number, 
/**
 * 95th-percentile wait of joiners, seconds (mean over replications; NaN: nobody).
 */
wait_p95: number | null, 
/**
 * Longest wait, seconds.
 */
wait_max: number | null, };

/**
 * The day's officers.
 */

export type Roster = { 
/**
 * Every officer.
 */
officers: Array<Officer>, 
/**
 * Hours at a desk.
 */
work_hours: number, 
/**
 * Hours on shift, breaks included.
 */
shift_hours: number, };

/**
 * One officer's day.
 */

export type Officer = { 
/**
 * Name in the roster (`entry-07`).
 */
id: string, 
/**
 * The hall (desks of this direction).
 */
hall: Direction, 
/**
 * Stretches of work, seconds from midnight.
 */
stretches: Array<[number, number]>, };

/**
 * The day's summary over replications.
 */

export type SummaryEstimate = { 
/**
 * Replications.
 */
replications: number, 
/**
 * Travellers.
 */
travellers: Estimate, 
/**
 * Cleared.
 */
cleared: Estimate, 
/**
 * Referred.
 */
referred: Estimate, 
/**
 * Refused.
 */
refused: Estimate, 
/**
 * Stranded.
 */
stranded: Estimate, 
/**
 * Replications in which anyone was left stranded (a mean would round a
 * rare stranding away).
 */
stranded_in: number, 
/**
 * The most left stranded on one day.
 */
stranded_max: number, 
/**
 * Share within standard.
 */
within_standard: Estimate, 
/**
 * Mean wait, seconds.
 */
wait_mean: Estimate, 
/**
 * 95th percentile wait.
 */
wait_p95: Estimate, 
/**
 * Worst wait.
 */
wait_max: Estimate, 
/**
 * Replications in which the standard was broken.
 */
breached_in: number, 
/**
 * First breach (over the replications with one).
 */
first_breach: Estimate, 
/**
 * Last breach.
 */
last_breach: Estimate, 
/**
 * Breach minutes.
 */
breach_minutes: Estimate, 
/**
 * Last clearance.
 */
last_clearance: Estimate, };

/**
 * A mean with the half-width of its 95 % confidence interval (Student t).
 */

export type Estimate = { 
/**
 * Sample mean (NaN if no values).
 */
mean: number | null, 
/**
 * Half-width of the 95 % CI (0 for one value, NaN for none).
 */
ci95: number | null, 
/**
 * Number of values it is based on.
 */
n: number, };
