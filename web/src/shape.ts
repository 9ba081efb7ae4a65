// Pure data shaping for the dashboard and the board: API JSON in, chart and
// panel figures out. No DOM here, so it is unit-tested directly.
import type { Action, Advice, Alert, CheckpointView, GroupPlan, NewInstruction, Plan, PlanDoc, QueueCheck, Snapshot, SnapshotDelta, StatsRow, TrackLine, TwinAnswer, Words } from "./api-types";
export type { Advice, Alert, CheckpointView, Effect, LaneView, QueueOutlook, QueueView, Snapshot, SnapshotDelta, StatsRow, TrackLine, TwinAnswer, Words } from "./api-types";
/** One move of the twin's advice (`crates/live/src/advice`). */
export type AdviceAction = Action;
import { asIds, type Namer } from "./names";

/** The snapshot after a delta: queues and lanes replaced by id, totals and alerts whole. */
export function applyDelta(snap: Snapshot, d: SnapshotDelta): Snapshot {
  const checkpoints = snap.checkpoints.map((cp) => {
    const c = d.checkpoints.find((x) => x.id === cp.id);
    if (!c) return cp;
    const replace = <T extends { id: string }>(old: T[], changed: T[]) => old.map((o) => changed.find((n) => n.id === o.id) ?? o);
    return { ...cp, queues: replace(cp.queues, c.queues), lanes: replace(cp.lanes, c.lanes), totals: c.totals ?? cp.totals, alerts: c.alerts };
  });
  return { at: d.at, checkpoints };
}

export interface Kpis {
  entryToday: number;
  exitToday: number;
  clearedLastHour: number;
  worstWaitMin: number | null;
  worstQueue: string | null;
  overStandard: boolean;
  manualOpen: number;
  manualTotal: number;
  egateOpen: number;
  egateTotal: number;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export function kpis(cp: CheckpointView): Kpis {
  const dir = (d: "entry" | "exit") => sum(Object.values(cp.totals.by_direction[d] ?? {}));
  let worst: number | null = null;
  let worstQueue: string | null = null;
  for (const q of cp.queues) {
    const w = q.estimated_wait_s ?? (q.length > 0 ? Infinity : 0);
    if (worst === null || w > worst) {
      worst = w;
      worstQueue = q.id;
    }
  }
  const lanes = (k: "manual" | "egate") => cp.lanes.filter((l) => l.kind === k);
  return {
    entryToday: dir("entry"),
    exitToday: dir("exit"),
    clearedLastHour: cp.totals.cleared_last_hour,
    worstWaitMin: worst === null ? null : worst === Infinity ? Infinity : Math.round(worst / 60),
    worstQueue,
    // The server's verdict on that queue (Standard::level), not a copy of the rule here.
    overStandard: cp.queues.some((q) => q.id === worstQueue && q.status === "breach"),
    manualOpen: lanes("manual").filter((l) => l.open).length,
    manualTotal: lanes("manual").length,
    egateOpen: lanes("egate").filter((l) => l.open).length,
    egateTotal: lanes("egate").length,
  };
}

/** Upper edges (min) of the stats' wait histogram bins (`WAIT_BINS_MIN` in the store); the last bin is open. */
export const WAIT_BINS_MIN = [5, 10, 15, 20, 30, 45, 60];

/** Share of ended waits within the standard from histogram rows: the bins whose upper edge is at most the standard. */
export function shareWithin(rows: StatsRow[], maxWaitS: number): number | null {
  const waits = sum(rows.map((r) => r.waits));
  if (waits === 0) return null;
  const bins = WAIT_BINS_MIN.filter((edge) => edge * 60 <= maxWaitS).length;
  return sum(rows.map((r) => sum(r.hist.slice(0, bins)))) / waits;
}

/** Line series of cleared per 15-minute bucket, one per (direction, lane kind); with `nowMs`, the
 * quarter-hour still under way is taken out of `data` and given as `partial`, so it is not drawn as a drop. */
export function clearanceSeries(rows: StatsRow[], nowMs = Infinity): { name: string; data: [number, number][]; partial: [number, number] | null }[] {
  const series = new Map<string, [number, number][]>();
  for (const r of rows) {
    const name = [r.direction, r.lane_kind].filter(Boolean).join(" / ") || "all";
    if (!series.has(name)) series.set(name, []);
    series.get(name)!.push([Date.parse(r.bucket), r.cleared]);
  }
  return [...series.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, all]) => {
      const data = all.filter(([x]) => x + 15 * 60_000 <= nowMs);
      return { name, data, partial: all.find(([x]) => x + 15 * 60_000 > nowMs) ?? null };
    });
}

/** Pie of today's travellers by category (both directions). */
export function categoryPie(cp: CheckpointView): { name: string; value: number }[] {
  const by = new Map<string, number>();
  for (const d of ["entry", "exit"] as const) {
    for (const [cat, n] of Object.entries(cp.totals.by_direction[d] ?? {})) by.set(cat, (by.get(cat) ?? 0) + n);
  }
  return [...by.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, value]) => ({ name, value }));
}

/** Pie of cleared travellers by lane kind. */
export function laneKindPie(rows: StatsRow[]): { name: string; value: number }[] {
  const by = new Map<string, number>();
  for (const r of rows) by.set(r.lane_kind ?? "all", (by.get(r.lane_kind ?? "all") ?? 0) + r.cleared);
  return [...by.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, value]) => ({ name, value }));
}

/** Keeps a bounded history of each queue's estimated wait (minutes) over time. */
/** Queue lengths over the last minutes (by the snapshots' own clock), so a trend compares with minutes ago, not the last update. */
export class LengthHistory {
  private samples: { at: number; lengths: Map<string, number> }[] = [];
  constructor(readonly spanMs = 5 * 60_000) {}
  push(snap: Snapshot, checkpoint?: string): void {
    const cp = snap.checkpoints.find((c) => c.id === checkpoint) ?? snap.checkpoints[0];
    if (!cp) return;
    const at = Date.parse(snap.at);
    this.samples.push({ at, lengths: new Map(cp.queues.map((q) => [q.id, q.length])) });
    // Keep one sample older than the span, to compare with.
    while (this.samples.length > 2 && this.samples[1].at <= at - this.spanMs) this.samples.shift();
  }
  /** The length `spanMs` or more before the latest sample (undefined until the history is that long). */
  before(queue: string): number | undefined {
    const latest = this.samples[this.samples.length - 1];
    const old = this.samples[0];
    if (!latest || latest.at - old.at < this.spanMs) return undefined;
    return old.lengths.get(queue);
  }
}

export class WaitHistory {
  readonly series = new Map<string, [number, number | null][]>();
  constructor(readonly max = 4000) {}
  /** Starts from the day so far as the server keeps it (a reload keeps the morning), then live points follow. */
  seed(day: Map<string, [number, number | null][]>): void {
    for (const [q, points] of day) {
      const live = (this.series.get(q) ?? []).filter(([t]) => t > (points[points.length - 1]?.[0] ?? -Infinity));
      this.series.set(q, [...points, ...live].slice(-this.max));
    }
  }
  push(snap: Snapshot, checkpoint?: string): void {
    const cp = snap.checkpoints.find((c) => c.id === checkpoint) ?? snap.checkpoints[0];
    if (!cp) return;
    for (const q of cp.queues) {
      if (!this.series.has(q.id)) this.series.set(q.id, []);
      const s = this.series.get(q.id)!;
      const v = q.estimated_wait_s === null ? null : Math.round((q.estimated_wait_s / 60) * 10) / 10;
      // A point every 30 s at most (the newest replaces one closer than that), so a whole day fits.
      const t = Date.parse(snap.at);
      if (s.length >= 2 && t - s[s.length - 2][0] < 30_000) s[s.length - 1] = [t, v];
      else s.push([t, v]);
      if (s.length > this.max) s.splice(0, s.length - this.max);
    }
  }
}

/** An alert as a label key and its values, so it reads in the chosen language. */
export function alertText(a: Alert, maxWaitS: number, ruleS = 4 * 3600, names: Namer = asIds): { key: "alertWait" | "alertIdle" | "alertSilent" | "alertShift"; vars: Record<string, string | number> } {
  // `null`: an infinite wait (people waiting and no lane open), as JSON carries it.
  const v = a.value_s;
  const min = v !== null && Number.isFinite(v) ? Math.round(v / 60) : "∞";
  switch (a.kind) {
    case "wait":
      return { key: "alertWait", vars: { queue: names.queue(a.subject), min, std: Math.round(maxWaitS / 60) } };
    case "lane_idle":
      return { key: "alertIdle", vars: { lane: a.subject, min } };
    case "long_shift":
      return { key: "alertShift", vars: { officer: a.subject, h: v === null ? "∞" : hoursMinutes(v), rule: hoursMinutes(ruleS) } };
    default:
      return { key: "alertSilent", vars: { lane: a.subject, min } };
  }
}

/** Seconds as h:mm ("3:50"). */
export function hoursMinutes(s: number): string {
  const m = Math.floor(s / 60);
  return `${Math.floor(m / 60)}:${String(m % 60).padStart(2, "0")}`;
}

/** The twin's forecast per queue: predicted 95th-percentile wait (min) at instants, for the wait chart;
 * `withAdvice`: the forecast with the advice applied (only the queues the advice changes). */
export function twinSeries(a: TwinAnswer, withAdvice = false): { name: string; data: [number, number][] }[] {
  const at = Date.parse(a.at);
  const changed = new Set((a.advice?.effects ?? []).filter((e) => Math.round(e.before_p95_s / 60) !== Math.round(e.after_p95_s / 60)).map((e) => e.queue));
  const queues = withAdvice ? (a.advice?.with_advice ?? []).filter((q) => changed.has(q.queue)) : a.queues;
  return queues.map((q) => ({ name: q.queue, data: q.points.map((p): [number, number] => [at + (p.t_clock_s - a.now_clock_s) * 1000, Math.round(p.wait_p95_s / 6) / 10]) }));
}

/** Words in the page's language (English where the server has none in it). */
export function say(w: Words, lang: string): string {
  return lang === "zh" ? w.zh : w.en;
}

/** The instructions that carry out the advice's moves for people: an officer
 * moved is told where to go (done when they sign in there), guides are told
 * where to send a category, and a reserve call goes to everyone (the duty desk calls the officer in). */
export function adviceInstructions(a: Advice): NewInstruction[] {
  return a.actions.flatMap((x): NewInstruction[] => {
    if (x.kind === "move_officer" && x.officer && x.lane) return [{ to: { kind: "officer", officer: x.officer }, order: { kind: "move_officer", officer: x.officer, lane: x.lane } }];
    if (x.kind === "retriage" && x.category && x.to_queue) return [{ to: { kind: "guides" }, order: { kind: "send_category", category: x.category, queue: x.to_queue } }];
    if (x.kind === "call_reserve" && x.lane) return [{ to: { kind: "everyone" }, order: { kind: "message", text: x.words.en.slice(0, 200) } }];
    return [];
  });
}

/** The lane commands that carry out the advice now: open the lanes it reopens,
 * and for an officer moved, close the desk they leave and open the one they go to.
 * Reserve calls and re-triage are words for people (the desk opens when the officer arrives). */
export function adviceCommands(a: Advice): { lane: string; open: boolean }[] {
  return a.actions.flatMap((x) => {
    if (x.kind === "reopen" && x.lane) return [{ lane: x.lane, open: true }];
    if (x.kind === "move_officer" && x.lane && x.from_lane) return [{ lane: x.from_lane, open: false }, { lane: x.lane, open: true }];
    return [];
  });
}

/** One horizon's track record as a label key and its values, beside persistence's where it was kept. */
export function trackLine(r: TrackLine): { key: "trackLine" | "trackLineVs"; vars: Record<string, string | number> } {
  const signed = (x: number) => `${x > 0 ? "+" : x < 0 ? "−" : ""}${Math.abs(x).toFixed(1)}`;
  const vars = { h: r.horizon_min, bias: signed(r.median_error_min), mae: r.mae_min.toFixed(1), n: r.scored };
  if (r.persistence_mae_min == null) return { key: "trackLine", vars };
  return { key: "trackLineVs", vars: { ...vars, persist: r.persistence_mae_min.toFixed(1) } };
}

/** The twin's track record as label keys and values, one line per horizon after a heading. */
export function twinTrack(a: TwinAnswer): { key: "trackNone" | "trackHead" | "trackLine" | "trackLineVs"; vars: Record<string, string | number> }[] {
  if (a.track.length === 0) return [{ key: "trackNone", vars: {} }];
  return [{ key: "trackHead", vars: {} }, ...a.track.map(trackLine)];
}

/** The track record through the day, per horizon in order: at each quarter-hour's end, the mean absolute error (min), with its line for the tooltip. */
export function trackSeries(a: TwinAnswer): { horizon: number; data: { value: [number, number]; line: TrackLine }[] }[] {
  const byHorizon = new Map<number, { value: [number, number]; line: TrackLine }[]>();
  for (const s of [...a.track_steps].sort((x, y) => x.horizon_min - y.horizon_min || x.at_unix_s - y.at_unix_s)) {
    const points = byHorizon.get(s.horizon_min) ?? [];
    points.push({ value: [s.at_unix_s * 1000, Math.round(s.mae_min * 10) / 10], line: s });
    byHorizon.set(s.horizon_min, points);
  }
  return [...byHorizon].map(([horizon, data]) => ({ horizon, data }));
}

/** ↑ ↓ → from two lengths: a change of 3 people and a tenth of the queue, or more. */
export function trend(before: number | undefined, now: number): "↑" | "↓" | "→" {
  if (before === undefined || Math.abs(now - before) < Math.max(3, 0.1 * before)) return "→";
  return now > before ? "↑" : "↓";
}

/** Rows as CSV, with a header; fields quoted when needed. */
export function toCsv(rows: StatsRow[]): string {
  const cols = ["bucket", "direction", "category", "lane_kind", "arrivals", "cleared", "referred", "refused", "waits", "mean_wait_s", "wait_max_s", "within_30min"];
  const q = (v: unknown) => {
    const s = v === undefined || v === null ? "" : String(v);
    return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const lines = [cols.join(",")];
  for (const r of rows) {
    const within = r.waits ? sum(r.hist.slice(0, 5)) / r.waits : "";
    const mean = r.waits ? (r.wait_sum_s / r.waits).toFixed(1) : "";
    lines.push([r.bucket, r.direction, r.category, r.lane_kind, r.arrivals, r.cleared, r.referred, r.refused, r.waits, mean, r.wait_max_s.toFixed(1), within === "" ? "" : (within as number).toFixed(4)].map(q).join(","));
  }
  return lines.join("\n") + "\n";
}

/** HH:MM of an instant (ms) in a time zone: axis labels in the checkpoint's own time. */
export function localTime(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit" }).format(new Date(ms));
}

/** A pushed plan as `GET /api/v1/plan` gives it: the planner's document and when it was pushed. */
export type PushedPlan = PlanDoc & { pushed_at: string };

/** The parts of a plan the charts read (a [`PlanDoc`] has them all). */
export type PlanView = {
  date: string;
  plan: Pick<Plan, "start_clock_s" | "interval_s" | "intervals"> & { groups: Pick<GroupPlan, "group" | "kind" | "open">[]; checks?: Pick<QueueCheck, "interval" | "queue" | "wait_p95">[] };
};

/** The instant (ms) of `seconds` after local midnight of `date` in a time zone (one offset, taken at that moment). */
export function localInstant(date: string, seconds: number, timeZone: string): number {
  const guess = Date.parse(`${date}T00:00:00Z`) + seconds * 1000;
  const wall = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })
    .formatToParts(new Date(guess))
    .reduce((o, part) => ({ ...o, [part.type]: part.value }), {} as Record<string, string>);
  const asUtc = Date.parse(`${wall.year}-${wall.month}-${wall.day}T${wall.hour}:${wall.minute}:${wall.second}Z`);
  return guess - (asUtc - guess);
}

/** The plan's predicted wait over the day: per interval, the worst queue's p95 (min), at the interval's middle. */
export function planWaitSeries(p: PlanView, timeZone: string): [number, number][] {
  const worst = new Map<number, number>();
  for (const c of p.plan.checks ?? []) {
    if (c.wait_p95 !== null) worst.set(c.interval, Math.max(worst.get(c.interval) ?? 0, c.wait_p95));
  }
  return [...worst.entries()]
    .sort(([a], [b]) => a - b)
    .map(([i, w]): [number, number] => [localInstant(p.date, p.plan.start_clock_s + (i + 0.5) * p.plan.interval_s, timeZone), Math.round(w / 6) / 10]);
}

/** Lanes the plan has open at an instant (`null` outside the plan's hours). */
export function plannedOpen(p: PlanView, ms: number, timeZone: string): number | null {
  const [h, m, sec] = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })
    .format(new Date(ms))
    .split(":")
    .map(Number);
  const i = Math.floor((h * 3600 + m * 60 + sec - p.plan.start_clock_s) / p.plan.interval_s);
  if (i < 0 || i >= p.plan.intervals) return null;
  return p.plan.groups.reduce((n, g) => n + (g.open[i] ?? 0), 0);
}

/** Local date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(iso));
}
