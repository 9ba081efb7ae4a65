// Generated from the server's Rust types by `crates/server/src/api_types.rs`: do not edit.
// Regenerate with `BORDERFLOW_BLESS=1 cargo test -p borderflow-server --test server web_unit`.
// The checkpoints as configured, the public board.

import type { Direction, LaneKind, Names, Place, WaitLevel } from "./common";

/**
 * One checkpoint as configured.
 */

export type CheckpointInfo = { 
/**
 * Id.
 */
id: string, 
/**
 * Name.
 */
name: string, 
/**
 * What screens call it, per language.
 */
names: Names, 
/**
 * IANA time zone.
 */
time_zone: string, 
/**
 * The service standard, minutes.
 */
max_wait_minutes: number, 
/**
 * Traveller categories.
 */
categories: Array<Named>, 
/**
 * Queues.
 */
queues: Array<QueueInfo>, 
/**
 * Lane groups.
 */
lane_groups: Array<LaneGroupInfo>, };

/**
 * A category or a queue's id with its names.
 */

export type Named = { 
/**
 * Id.
 */
id: string, 
/**
 * Display names per language (`zh`, `en`, `ru`, `kk`); may lack some.
 */
names: Names, };

/**
 * A queue.
 */

export type QueueInfo = { 
/**
 * Where its line starts on the hall's floor plan, if the scenario gives one.
 */
at: Place | null, 
/**
 * `entry` or `exit`.
 */
direction: Direction, 
/**
 * The e-gate queue of its direction?
 */
egate: boolean, 
/**
 * Categories triaged into it.
 */
categories: Array<string>, 
/**
 * Id.
 */
id: string, 
/**
 * Display names per language (`zh`, `en`, `ru`, `kk`); may lack some.
 */
names: Names, };

/**
 * A group of lanes, as the scenario declares it.
 */

export type LaneGroupInfo = { 
/**
 * `manual` or `egate`.
 */
kind: LaneKind, 
/**
 * Where its first lane stands on the floor plan (the others follow 2 m apart), if the scenario gives one.
 */
at: Place | null, 
/**
 * Its lanes, in order (`D1`, `D2`).
 */
lanes: Array<string>, 
/**
 * The queues its lanes serve, highest priority first.
 */
serves: Array<string>, 
/**
 * Id.
 */
id: string, 
/**
 * Display names per language (`zh`, `en`, `ru`, `kk`); may lack some.
 */
names: Names, };

/**
 * The public board of one checkpoint.
 */

export type Board = { 
/**
 * Checkpoint.
 */
checkpoint: string, 
/**
 * Name.
 */
name: string, 
/**
 * What the board calls it, per language.
 */
names: Names, 
/**
 * The checkpoint's time zone (the board shows local time).
 */
time_zone: string, 
/**
 * When computed.
 */
at: string, 
/**
 * Queues.
 */
queues: Array<BoardQueue>, 
/**
 * Advice per direction and category.
 */
advice: Array<BoardAdvice>, 
/**
 * E-gates open / in all.
 */
egates_open: number, 
/**
 * E-gates configured.
 */
egates_total: number, };

/**
 * One queue on the public board.
 */

export type BoardQueue = { 
/**
 * Queue id.
 */
queue: string, 
/**
 * What the board calls it, per language (`zh`, `en`, `ru`, `kk`).
 */
names: Names, 
/**
 * `entry` or `exit`.
 */
direction: Direction, 
/**
 * Self-service e-gates?
 */
egate: boolean, 
/**
 * Estimated wait for someone joining now, whole minutes rounded up (null: closed).
 */
wait_minutes: number | null, 
/**
 * `ok`, `warning` or `breach`: the standard's verdict.
 */
status: WaitLevel, 
/**
 * Lanes open for it.
 */
open_lanes: number, };

/**
 * Where a traveller of a category should queue.
 */

export type BoardAdvice = { 
/**
 * Direction.
 */
direction: Direction, 
/**
 * Category.
 */
category: string, 
/**
 * What the board calls the category, per language.
 */
category_names: Names, 
/**
 * Their own queue.
 */
queue: string, 
/**
 * If the category may use e-gates and the gates are quicker now (by a minute or more, or its own queue is closed): the e-gate queue.
 */
egate_queue: string | null, };
