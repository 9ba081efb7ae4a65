// Generated from the server's Rust types by `crates/server/src/api_types.rs`: do not edit.
// Regenerate with `BORDERFLOW_BLESS=1 cargo test -p borderflow-server --test server web_unit`.
// Statistics.


/**
 * One row of statistics.
 */

export type StatsRow = { 
/**
 * Bucket: RFC 3339 start (15m, hour), `YYYY-MM-DD`, `YYYY-MM` or `all`.
 */
bucket: string, 
/**
 * Direction, if broken down by it.
 */
direction?: string, 
/**
 * Category, if broken down by it.
 */
category?: string, 
/**
 * Lane kind, if broken down by it.
 */
lane_kind?: string, 
/**
 * Travellers who arrived (first queue joined).
 */
arrivals: number, 
/**
 * Services ended `cleared`.
 */
cleared: number, 
/**
 * Services ended `referred` (not counting e-gate rejections, which queue again).
 */
referred: number, 
/**
 * Services ended `refused`.
 */
refused: number, 
/**
 * Waits measured (services started after a seen join).
 */
waits: number, 
/**
 * Their sum, seconds.
 */
wait_sum_s: number, 
/**
 * The longest, seconds.
 */
wait_max_s: number, 
/**
 * Waits per bin of [`WAIT_BINS_MIN`] (8 bins).
 */
hist: [number, number, number, number, number, number, number, number], };

/**
 * The figures of one bucket and group.
 */

export type Measures = { 
/**
 * Travellers who arrived (first queue joined).
 */
arrivals: number, 
/**
 * Services ended `cleared`.
 */
cleared: number, 
/**
 * Services ended `referred` (not counting e-gate rejections, which queue again).
 */
referred: number, 
/**
 * Services ended `refused`.
 */
refused: number, 
/**
 * Waits measured (services started after a seen join).
 */
waits: number, 
/**
 * Their sum, seconds.
 */
wait_sum_s: number, 
/**
 * The longest, seconds.
 */
wait_max_s: number, 
/**
 * Waits per bin of [`WAIT_BINS_MIN`] (8 bins).
 */
hist: [number, number, number, number, number, number, number, number], };

/**
 * One lane's (and officer's) day: services, outcomes, time spent serving.
 */

export type LaneRow = { 
/**
 * Checkpoint.
 */
checkpoint: string, 
/**
 * Local day.
 */
day: string, 
/**
 * Lane.
 */
lane: string, 
/**
 * Officer who started the services (`""` for e-gates and unstaffed lanes).
 */
officer: string, 
/**
 * Services ended (including e-gate rejections).
 */
services: number, 
/**
 * Ended `cleared`.
 */
cleared: number, 
/**
 * Ended `referred` (e-gate rejections included).
 */
referred: number, 
/**
 * Ended `refused`.
 */
refused: number, 
/**
 * Seconds spent serving (start to end).
 */
service_s_sum: number, };
