// Generated from the server's Rust types by `crates/server/src/api_types.rs`: do not edit.
// Regenerate with `BORDERFLOW_BLESS=1 cargo test -p borderflow-server --test server web_unit`.
// The twin and its advice.

import type { LaneKind } from "./common";

/**
 * One checkpoint's twin outlook.
 */

export type TwinAnswer = { 
/**
 * Checkpoint id.
 */
checkpoint: string, 
/**
 * When, as an instant.
 */
at: string, 
/**
 * The demand it ran ahead on: the day's forecast from the store's history, or the scenario's.
 */
demand: string, 
/**
 * How far off the twin has been over the last day, 15, 30 and 60 minutes
 * ahead: its predicted 95th-percentile wait against what the travellers
 * who then joined waited (empty until a prediction has been scored; the
 * scores are kept in the store, so a restart keeps them).
 */
track: Array<TrackLine>, 
/**
 * The same record through the day: per horizon and quarter-hour (by the
 * end of the predicted steps), for the dashboard's track-record chart.
 */
track_steps: Array<TrackStep>, 
/**
 * When it was made, seconds from midnight.
 */
now_clock_s: number, 
/**
 * Per queue.
 */
queues: Array<QueueOutlook>, 
/**
 * What to do about every predicted breach, checked by the same replications; None if none is predicted.
 */
advice: Advice | null, };

/**
 * How the twin did at one horizon over the last day.
 */

export type TrackLine = { 
/**
 * Minutes ahead the predictions were made.
 */
horizon_min: number, 
/**
 * Predictions scored.
 */
scored: number, 
/**
 * Mean absolute error of the 95th-percentile wait, minutes.
 */
mae_min: number, 
/**
 * Median of actual minus predicted, minutes (positive: the twin ran low).
 */
median_error_min: number, 
/**
 * Mean absolute error of the persistence baseline (the queue's wait
 * estimate at the time, held constant) over the same predictions where it
 * had one, minutes: what the twin must beat to be worth its trouble.
 */
persistence_mae_min: number | null, };

/**
 * How the twin did at one horizon in one interval of the last day: the
 * track record drawn as a line through the day.
 */

export type TrackStep = { 
/**
 * End of the interval, Unix seconds.
 */
at_unix_s: number, 
/**
 * Minutes ahead the predictions were made.
 */
horizon_min: number, 
/**
 * Predictions scored.
 */
scored: number, 
/**
 * Mean absolute error of the 95th-percentile wait, minutes.
 */
mae_min: number, 
/**
 * Median of actual minus predicted, minutes (positive: the twin ran low).
 */
median_error_min: number, 
/**
 * Mean absolute error of the persistence baseline (the queue's wait
 * estimate at the time, held constant) over the same predictions where it
 * had one, minutes: what the twin must beat to be worth its trouble.
 */
persistence_mae_min: number | null, };

/**
 * The twin's prediction at one moment.
 */

export type Outlook = { 
/**
 * When it was made, seconds from midnight.
 */
now_clock_s: number, 
/**
 * Per queue.
 */
queues: Array<QueueOutlook>, 
/**
 * What to do about every predicted breach, checked by the same replications; None if none is predicted.
 */
advice: Advice | null, };

/**
 * One queue's outlook.
 */

export type QueueOutlook = { 
/**
 * Queue id.
 */
queue: string, 
/**
 * Predicted waits, step by step.
 */
points: Array<WaitPoint>, 
/**
 * When the standard will first be broken (joiners' predicted p95 over it), seconds from midnight.
 */
breach_at_clock_s: number | null, };

/**
 * A queue's predicted wait at one step.
 */

export type WaitPoint = { 
/**
 * Start of the step, seconds from the local midnight.
 */
t_clock_s: number, 
/**
 * 95th-percentile wait of travellers joining in the step, seconds: median over replications.
 */
wait_p95_s: number, 
/**
 * Band: 10th percentile over replications.
 */
low_s: number, 
/**
 * Band: 90th percentile over replications.
 */
high_s: number, };

/**
 * What the duty officer is advised to do.
 */

export type Advice = { 
/**
 * Every queue predicted to break the standard without the advice.
 */
breaches: Array<Breach>, 
/**
 * The moves, most effective first.
 */
actions: Array<Action>, 
/**
 * Whether the moves together prevent every predicted breach.
 */
prevents: boolean, 
/**
 * Per queue the moves change or that breaks the standard: its worst p95 wait before and after.
 */
effects: Array<Effect>, 
/**
 * The outlook with the moves applied, beside the outlook without them.
 */
with_advice: Array<QueueOutlook>, 
/**
 * Officer-hours the moves ask for.
 */
officer_hours: number, 
/**
 * Where a breach remains: how many more lanes would prevent it.
 */
shortfall: Array<Shortfall>, 
/**
 * The moves and their effect in words.
 */
summary: Words, 
/**
 * Each breach that will still come with the moves made, and what more would prevent it, in words.
 */
still: Array<Words>, };

/**
 * One move, as the people who carry it out need it.
 */

export type Action = { 
/**
 * What kind of move.
 */
kind: ActionKind, 
/**
 * The lane it opens.
 */
lane?: string, 
/**
 * The lane it closes meanwhile (an officer moved from it).
 */
from_lane?: string, 
/**
 * The officer who acts, when known.
 */
officer?: string, 
/**
 * Re-triage: the category sent.
 */
category?: string, 
/**
 * Re-triage: the queue it leaves.
 */
from_queue?: string, 
/**
 * Re-triage: the queue it joins.
 */
to_queue?: string, 
/**
 * When it takes effect, seconds from midnight.
 */
start_clock_s: number, 
/**
 * Until when, seconds from midnight (the horizon's end for moves that last).
 */
until_clock_s: number, 
/**
 * It lasts to the horizon's end: at least that long (a later outlook says when it may stop).
 */
open_ended: boolean, 
/**
 * Officer-hours at a desk it asks for.
 */
officer_hours: number, 
/**
 * Its own effect, added to the moves ranked above it.
 */
effects: Array<Effect>, 
/**
 * In words.
 */
words: Words, };

/**
 * One move's kind.
 */

export type ActionKind = "reopen" | "call_reserve" | "move_officer" | "retriage";

/**
 * A queue predicted to break the standard.
 */

export type Breach = { 
/**
 * Queue id.
 */
queue: string, 
/**
 * When it first breaks it, seconds from midnight.
 */
at_clock_s: number, 
/**
 * Its worst predicted p95 wait over the horizon, seconds.
 */
worst_p95_s: number, };

/**
 * A queue's worst predicted p95 wait before and after.
 */

export type Effect = { 
/**
 * Queue id.
 */
queue: string, 
/**
 * Before, seconds.
 */
before_p95_s: number, 
/**
 * After, seconds.
 */
after_p95_s: number, 
/**
 * Whether it breaks the standard before.
 */
breach_before: boolean, 
/**
 * And after.
 */
breach_after: boolean, };

/**
 * More lanes a queue needs beyond every move the hall has.
 */

export type Shortfall = { 
/**
 * Queue id.
 */
queue: string, 
/**
 * Desk or gate.
 */
kind: LaneKind, 
/**
 * How many more, opened now (None: more than [`MAX_EXTRA_LANES`]).
 */
lanes: number | null, 
/**
 * From, seconds from midnight.
 */
from_clock_s: number, 
/**
 * Until (the end of the predicted surge).
 */
until_clock_s: number, };

/**
 * A sentence in each language the command centre reads.
 */

export type Words = { 
/**
 * English.
 */
en: string, 
/**
 * Chinese.
 */
zh: string, };
