// Generated from the server's Rust types by `crates/server/src/api_types.rs`: do not edit.
// Regenerate with `BORDERFLOW_BLESS=1 cargo test -p borderflow-server --test server web_unit`.
// The command network: instructions, desks, who is signed in.

import type { CheckpointInfo } from "./checkpoints";
import type { Direction, Id } from "./common";
import type { LaneView, OfficerView, QueueView } from "./live";

/**
 * Who an instruction is for.
 */

export type Target = { "kind": "lane", 
/**
 * The lane.
 */
lane: Id, } | { "kind": "officer", 
/**
 * The officer.
 */
officer: Id, } | { "kind": "guides" } | { "kind": "hall", 
/**
 * Entry or exit.
 */
direction: Direction, } | { "kind": "everyone" };

/**
 * What an instruction says.
 */

export type Order = { "kind": "open_lane", 
/**
 * The lane.
 */
lane: Id, } | { "kind": "close_lane", 
/**
 * The lane.
 */
lane: Id, } | { "kind": "move_officer", 
/**
 * The officer.
 */
officer: Id, 
/**
 * The lane.
 */
lane: Id, } | { "kind": "send_category", 
/**
 * The category.
 */
category: Id, 
/**
 * The queue.
 */
queue: Id, } | { "kind": "message", 
/**
 * The words.
 */
text: string, };

/**
 * One instruction as its events tell it.
 */

export type Instruction = { 
/**
 * Its id.
 */
id: Id, 
/**
 * The checkpoint.
 */
checkpoint: Id, 
/**
 * Who it is for.
 */
to: Target, 
/**
 * What it says.
 */
order: Order, 
/**
 * Where it stands.
 */
state: State, 
/**
 * Sent when, by whom.
 */
sent_at: string, 
/**
 * Who sent it.
 */
sent_by: Id | null, 
/**
 * When a terminal received it.
 */
delivered_at: string | null, 
/**
 * When it was acknowledged or declined, by whom, and why (declined).
 */
answered_at: string | null, 
/**
 * Who answered.
 */
answered_by: Id | null, 
/**
 * Why it was declined.
 */
reason: string | null, 
/**
 * How many times it was escalated (1: to the supervisor, 2: to everyone in the hall).
 */
escalations: number, 
/**
 * When it was done.
 */
done_at: string | null, };

/**
 * Where an instruction stands.
 */

export type State = "sent" | "delivered" | "acknowledged" | "declined" | "done";

/**
 * `POST /api/v1/instructions`.
 */

export type NewInstruction = { 
/**
 * Checkpoint (optional when the server carries one).
 */
checkpoint?: string, 
/**
 * Who it is for: `{"kind":"lane","lane":"D5"}`, `{"kind":"officer","officer":"D5-1"}`,
 * `{"kind":"guides"}`, `{"kind":"hall","direction":"entry"}`, `{"kind":"everyone"}`.
 */
to: Target, 
/**
 * What to do: `open_lane`, `close_lane` (`lane`), `move_officer` (`officer`, `lane`),
 * `send_category` (`category`, `queue`), `message` (`text`, at most 200 bytes).
 */
order: Order, };

/**
 * The instructions, and today's median time to acknowledge.
 */

export type InstructionList = { 
/**
 * Newest first.
 */
instructions: Array<Instruction>, 
/**
 * Median seconds from sent to acknowledged of the instructions sent in the last 24 hours (None: none acknowledged).
 */
median_time_to_ack_s: number | null, };

/**
 * A desk's view of the hall.
 */

export type DeskView = { 
/**
 * The server's clock: the desk dates its events by it (a terminal's own clock may be off).
 */
at: string, 
/**
 * Checkpoint.
 */
checkpoint: string, 
/**
 * Its time zone (the desk shows local time).
 */
time_zone: string, 
/**
 * The checkpoint as configured: the names the desk shows for queues and categories.
 */
info: CheckpointInfo, 
/**
 * The lane.
 */
lane: LaneView, 
/**
 * The queues it serves, in the order it serves them.
 */
queues: Array<QueueView>, 
/**
 * The officer at it: their count today and time without a break.
 */
officer: OfficerView | null, 
/**
 * The continuous-work rule, seconds, and how long before it the desk warns.
 */
max_continuous_work_s: number, 
/**
 * How long before the rule the officer is warned, seconds.
 */
notice_s: number, 
/**
 * Instructions for this lane, its officer, its hall or everyone: unanswered first, then the latest answered.
 */
instructions: Array<Instruction>, };

/**
 * Who is signed in.
 */

export type SessionInfo = { 
/**
 * The user's name, or `token:<id>` for a token.
 */
by: string, 
/**
 * `viewer`, `officer`, `supervisor` or `admin` (or `device` for a token).
 */
role: Role, 
/**
 * The one checkpoint they are restricted to.
 */
checkpoint: string | null, };

/**
 * What a token may do.
 */

export type Role = "device" | "viewer" | "officer" | "supervisor" | "admin";
