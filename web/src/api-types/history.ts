// Generated from the server's Rust types by `crates/server/src/api_types.rs`: do not edit.
// Regenerate with `BORDERFLOW_BLESS=1 cargo test -p borderflow-server --test server web_unit`.
// The day's history.

import type { Id } from "./common";

/**
 * A checkpoint's day, sampled every `step_s`.
 */

export type DaySeries = { 
/**
 * Checkpoint.
 */
checkpoint: Id, 
/**
 * Local day, `YYYY-MM-DD`.
 */
day: string, 
/**
 * Seconds between samples.
 */
step_s: number, 
/**
 * The sample instants.
 */
at: Array<string>, 
/**
 * Per queue, in the hall's order.
 */
queues: Array<QueueSeries>, 
/**
 * Lanes open in the whole hall.
 */
lanes_open: Array<number>, };

/**
 * One queue through the day: a value per sample.
 */

export type QueueSeries = { 
/**
 * Queue id.
 */
queue: Id, 
/**
 * Travellers waiting.
 */
length: Array<number>, 
/**
 * Estimated wait of a traveller joining then, seconds (null: no open lane served it).
 */
estimated_wait_s: Array<number | null>, 
/**
 * 95th percentile of the waits that ended in the 15 minutes before, seconds.
 */
observed_wait_p95_s: Array<number | null>, 
/**
 * Lanes open for it.
 */
open_lanes: Array<number>, };
