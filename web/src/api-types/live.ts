// Generated from the server's Rust types by `crates/server/src/api_types.rs`: do not edit.
// Regenerate with `BORDERFLOW_BLESS=1 cargo test -p borderflow-server --test server web_unit`.
// The live picture (`/api/v1/snapshot`, the stream).

import type { Direction, Id, LaneKind, WaitLevel } from "./common";

/**
 * The picture at an instant.
 */

export type Snapshot = { 
/**
 * The instant.
 */
at: string, 
/**
 * One entry per checkpoint.
 */
checkpoints: Array<CheckpointView>, };

/**
 * What changed between two snapshots: per checkpoint only the queues and
 * lanes that differ, the totals if they differ, and the active alerts.
 */

export type SnapshotDelta = { 
/**
 * The instant of the newer snapshot.
 */
at: string, 
/**
 * Checkpoints with any change.
 */
checkpoints: Array<CheckpointDelta>, };

/**
 * One checkpoint at an instant.
 */

export type CheckpointView = { 
/**
 * Id.
 */
id: Id, 
/**
 * Name.
 */
name: string, 
/**
 * Time zone.
 */
time_zone: string, 
/**
 * The standard, seconds.
 */
max_wait_s: number, 
/**
 * The continuous-work rule: longest an officer may work without a break, seconds.
 */
max_continuous_work_s: number, 
/**
 * Queues.
 */
queues: Array<QueueView>, 
/**
 * Lanes.
 */
lanes: Array<LaneView>, 
/**
 * Today.
 */
totals: Totals, 
/**
 * Active alerts.
 */
alerts: Array<Alert>, };

/**
 * One checkpoint's changes.
 */

export type CheckpointDelta = { 
/**
 * Id.
 */
id: Id, 
/**
 * Queues that changed (whole).
 */
queues: Array<QueueView>, 
/**
 * Lanes that changed (whole).
 */
lanes: Array<LaneView>, 
/**
 * Totals, if they changed.
 */
totals?: Totals, 
/**
 * All active alerts (a short list).
 */
alerts: Array<Alert>, };

/**
 * One queue right now.
 */

export type QueueView = { 
/**
 * Queue id.
 */
id: Id, 
/**
 * Direction.
 */
direction: Direction, 
/**
 * E-gate queue?
 */
egate: boolean, 
/**
 * People in the queue now.
 */
length: number, 
/**
 * Joins in the last 5 / 15 minutes.
 */
arrivals_5m: number, 
/**
 * Joins in the last 15 minutes.
 */
arrivals_15m: number, 
/**
 * Service starts in the last 5 minutes.
 */
served_5m: number, 
/**
 * Service starts in the last 15 minutes.
 */
served_15m: number, 
/**
 * Open lanes serving it.
 */
open_lanes: number, 
/**
 * Median wait of travellers who started service in the last 15 minutes, seconds.
 */
observed_wait_p50_s: number | null, 
/**
 * 95th percentile of those waits.
 */
observed_wait_p95_s: number | null, 
/**
 * Estimated wait of a traveller joining now, seconds (None: no open lane serves it).
 */
estimated_wait_s: number | null, 
/**
 * The standard's verdict on the estimated wait ([`CheckpointState::verdict_wait`]):
 * `ok`, `warning` (over the warning level) or `breach` (over the standard).
 */
status: WaitLevel, };

/**
 * One lane right now.
 */

export type LaneView = { 
/**
 * Lane id.
 */
id: Id, 
/**
 * Desk or gate.
 */
kind: LaneKind, 
/**
 * Open?
 */
open: boolean, 
/**
 * Officer on duty.
 */
officer: Id | null, 
/**
 * Serving someone now?
 */
busy: boolean, 
/**
 * Services ended in the last hour.
 */
throughput_per_hour: number, 
/**
 * Mean of the last services' durations, seconds.
 */
mean_service_s: number | null, 
/**
 * Last event from the lane.
 */
last_seen: string | null, };

/**
 * Today's travellers by direction and category.
 */

export type Totals = { 
/**
 * Local date.
 */
date: string, 
/**
 * Direction → category → count.
 */
by_direction: { [key in Direction]?: { [key in string]: number } }, 
/**
 * Services ended in the last hour, all lanes.
 */
cleared_last_hour: number, 
/**
 * Waits ended today (service started).
 */
waits_ended: number, 
/**
 * Travellers waiting now.
 */
waiting: number, 
/**
 * Of those, how many will have waited longer than the standard by their
 * estimate (waited so far, plus their place in line over the queue's pace).
 */
waiting_over: number, 
/**
 * Share of today's travellers within the standard: waits that have ended,
 * and those still waiting counted by their estimated wait (None before anyone).
 */
within_standard: number | null, };

/**
 * One officer now.
 */

export type OfficerView = { 
/**
 * The officer.
 */
officer: Id, 
/**
 * The lane they work at (the last they were seen at).
 */
lane: Id | null, 
/**
 * Travellers they started serving today (the case: 2,000+ a day per inspector).
 */
served_today: number, 
/**
 * Seconds worked without a break, while on duty.
 */
continuous_s: number | null, };

/**
 * An alert.
 */

export type Alert = { 
/**
 * Stable id: `checkpoint/kind/subject`.
 */
id: string, 
/**
 * Checkpoint.
 */
checkpoint: Id, 
/**
 * Kind.
 */
kind: AlertKind, 
/**
 * The queue or lane concerned.
 */
subject: Id, 
/**
 * Level.
 */
level: Level, 
/**
 * The figure that raised it (seconds of wait, idle or silence); JSON
 * `null` when infinite (people waiting and no lane open).
 */
value_s: number | null, 
/**
 * For people.
 */
message: string, 
/**
 * When raised.
 */
raised_at: string, 
/**
 * Last change.
 */
updated_at: string, 
/**
 * A supervisor's acknowledgement of it at its present level (a change of level asks again).
 */
acknowledged?: AlertAck | null, 
/**
 * When it cleared (alerts of the day's history).
 */
cleared_at?: string | null, };

/**
 * Who acknowledged an alert, when, and what they noted.
 */

export type AlertAck = { 
/**
 * Who (a user's name, or `token:<id>`).
 */
by: string, 
/**
 * When.
 */
at: string, 
/**
 * What they noted ("D4 and D5 reopening").
 */
note?: string | null, };

/**
 * What an alert is about.
 */

export type AlertKind = "wait" | "lane_idle" | "lane_silent" | "long_shift";

/**
 * How serious.
 */

export type Level = "warning" | "critical";
