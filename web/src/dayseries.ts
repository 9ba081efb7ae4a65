// A day's series as `GET /api/v1/history` gives it (`borderflow_live::history::DaySeries`),
// shaped for charts: pure, unit-tested.

import type { DaySeries } from "./api-types";
export type { DaySeries, QueueSeries } from "./api-types";

/** Each queue's estimated wait in minutes (one decimal) on the clock, from the day's first sample with anyone waiting. */
export function historyWaits(h: DaySeries): Map<string, [number, number | null][]> {
  const at = h.at.map((t) => Date.parse(t));
  const busy = h.at.findIndex((_, i) => h.queues.some((q) => q.length[i] > 0 || q.open_lanes[i] > 0));
  const from = Math.max(0, busy - 1);
  const out = new Map<string, [number, number | null][]>();
  for (const q of h.queues) {
    out.set(q.queue, at.slice(from).map((ms, k): [number, number | null] => {
      const w = q.estimated_wait_s[from + k];
      return [ms, w === null ? null : Math.round((w / 60) * 10) / 10];
    }));
  }
  return out;
}

/** Points up to `cursorMs` (a replay shows the day as it unfolded). */
export function upTo<T extends [number, ...unknown[]]>(data: T[], cursorMs: number): T[] {
  return data.filter((p) => p[0] <= cursorMs);
}

/** A replay's next instant: `speed` times real time, stopping at `endMs`. */
export function advance(cursorMs: number, realMs: number, speed: number, endMs: number): number {
  return Math.min(endMs, cursorMs + realMs * speed);
}

/** `YYYY-MM-DD` shifted by `days`. */
export function shiftDate(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
