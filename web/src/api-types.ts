// Generated from the server's Rust types by `crates/server/src/api_types.rs`: do not edit.
// Regenerate with `BORDERFLOW_BLESS=1 cargo test -p borderflow-server --test server web_unit`.

/**
 * A short identifier: 1–64 bytes of ASCII letters, digits and `_ - . : / @`.
 *
 * Kept narrow on purpose: ids end up in URLs, metric labels, CSV columns and
 * SQL, and none of those should need escaping.
 */

export type Id = string;

/**
 * A thing's name per language (`{ zh = "首次过境", en = "First-time travellers" }`).
 */

export type Names = { [key in string]: string };

/**
 * Which way a traveller crosses.
 */

export type Direction = "entry" | "exit";

/**
 * Manual desk or self-service e-gate.
 */

export type LaneKind = "manual" | "egate";

/**
 * Where a wait stands against the standard. The one rule the queue table,
 * the alerts, the KPIs and the dashboard all follow ([`Standard::level`]).
 */

export type WaitLevel = "ok" | "warning" | "breach";

/**
 * A point on a hall's floor plan, metres from its corner (for the dashboard's map).
 */

export type Place = { 
/**
 * Metres along the hall.
 */
x_m: number, 
/**
 * Metres across it.
 */
y_m: number, };

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

/**
 * A user as listed (never the hash).
 */

export type UserInfo = { 
/**
 * Sign-in name.
 */
name: string, 
/**
 * Role.
 */
role: string, 
/**
 * The one checkpoint they are restricted to.
 */
checkpoint: string | null, 
/**
 * RFC 3339.
 */
created_at: string, 
/**
 * Who added them.
 */
created_by: string, 
/**
 * When they were disabled.
 */
disabled_at: string | null, 
/**
 * When the password was last set.
 */
password_changed_at: string, };

/**
 * A message given up on.
 */

export type FailedMessage = { 
/**
 * Outbox id.
 */
id: number, 
/**
 * The hook's name.
 */
hook: string, 
/**
 * `alert` or `instruction`.
 */
kind: string, 
/**
 * Checkpoint.
 */
checkpoint: string, 
/**
 * When it was queued (RFC 3339).
 */
created_at: string, 
/**
 * Tries made.
 */
attempts: number, 
/**
 * When it was given up on (RFC 3339).
 */
failed_at: string | null, 
/**
 * The last try's error.
 */
last_error: string | null, 
/**
 * The body that was to be sent.
 */
body: unknown, };

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
