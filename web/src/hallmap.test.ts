import { describe, expect, it } from "vitest";
import { hallPlan, hallSvg } from "./hallmap";
import { namer, type CheckpointInfo } from "./names";
import type { CheckpointView } from "./shape";

const info: CheckpointInfo = {
  id: "k", name: "K", names: {}, time_zone: "UTC", max_wait_minutes: 30,
  categories: [],
  queues: [
    { id: "in", names: { en: "Entry desks" }, direction: "entry", egate: false, categories: [], at: null },
    { id: "in_gates", names: { en: "Entry gates" }, direction: "entry", egate: true, categories: [], at: null },
    { id: "out", names: { en: "Exit desks" }, direction: "exit", egate: false, categories: [], at: null },
  ],
  lane_groups: [
    { id: "desks", names: { en: "Desks" }, kind: "manual", lanes: ["D1", "D2", "D3"], serves: ["in"], at: null },
    { id: "gates", names: { en: "Gates" }, kind: "egate", lanes: ["E1", "E2"], serves: ["in_gates"], at: null },
    { id: "out_desks", names: { en: "Exit desks" }, kind: "manual", lanes: ["X1"], serves: ["out"], at: null },
  ],
};

describe("the hall map", () => {
  it("places every lane once inside its direction's hall, and the halls side by side", () => {
    const p = hallPlan(info);
    expect(p.lanes.map((l) => l.id).sort()).toEqual(["D1", "D2", "D3", "E1", "E2", "X1"]);
    expect(p.halls.map((h) => h.direction)).toEqual(["entry", "exit"]);
    const [entry, exit] = p.halls;
    expect(entry.x + entry.w).toBeLessThanOrEqual(exit.x + 0.001);
    for (const l of p.lanes) {
      const h = l.id.startsWith("X") ? exit : entry;
      expect(l.x >= h.x && l.x + l.w <= h.x + h.w && l.y + l.h <= p.height).toBe(true);
    }
    // No two lanes overlap.
    for (const a of p.lanes) for (const b of p.lanes) if (a !== b) expect(a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y).toBe(true);
  });

  it("follows the scenario's floor plan when it places every queue and lane group, in metres", () => {
    const placed: CheckpointInfo = {
      ...info,
      queues: info.queues.map((q, i) => ({ ...q, at: { x_m: q.direction === "exit" ? 40 : 2, y_m: 2 + 3 * i } })),
      lane_groups: info.lane_groups.map((g, i) => ({ ...g, at: { x_m: g.id === "out_desks" ? 40 : 2 + 10 * i, y_m: 20 } })),
    };
    const p = hallPlan(placed);
    const lane = (id: string) => p.lanes.find((l) => l.id === id)!;
    // D1 and D2 stand 2 m apart; the gates' group 10 m to the right of the desks'.
    const metre = (lane("D2").x - lane("D1").x) / 2;
    expect(metre).toBeGreaterThan(0);
    expect(lane("E1").x - lane("D1").x).toBeCloseTo(10 * metre);
    expect(lane("D1").y).toBe(lane("X1").y);
    // Each direction's hall surrounds its own lanes only.
    const [entry, exit] = ["entry", "exit"].map((d) => p.halls.find((h) => h.direction === d)!);
    expect(lane("X1").x).toBeGreaterThanOrEqual(exit.x);
    expect(entry.x + entry.w).toBeLessThan(exit.x);
    // A plan that leaves anything out is not used.
    expect(hallPlan({ ...placed, lane_groups: info.lane_groups }).lanes[0].y).not.toBe(lane("D1").y);
  });

  it("colours lanes by state and outlines the advised ones; queues carry their names, never ids", () => {
    const lane = (id: string, open: boolean, busy: boolean) => ({ id, kind: "manual" as const, open, officer: null, busy, throughput_per_hour: 0, mean_service_s: null, last_seen: null });
    const queue = (id: string, length: number, status: "ok" | "breach") => ({ id, direction: "entry" as const, egate: false, length, arrivals_5m: 0, arrivals_15m: 0, served_5m: 0, served_15m: 0, open_lanes: 1, observed_wait_p50_s: null, observed_wait_p95_s: null, estimated_wait_s: 60 * length, status });
    const cp = { id: "k", name: "K", time_zone: "UTC", max_wait_s: 1800, max_continuous_work_s: 14400, queues: [queue("in", 40, "breach"), queue("in_gates", 2, "ok"), queue("out", 0, "ok")], lanes: [lane("D1", true, true), lane("D2", true, false), lane("D3", false, false), lane("E1", true, false), lane("E2", true, false), lane("X1", true, false)], totals: { date: "", by_direction: {}, cleared_last_hour: 0, waits_ended: 0, waiting: 0, waiting_over: 0, within_standard: null }, alerts: [] } satisfies CheckpointView;
    const svg = hallSvg(hallPlan(info), cp, namer(info, "en"), new Set(["D3"]));
    expect(svg).toContain('class="lane busy" data-lane="D1"');
    expect(svg).toContain('class="lane idle" data-lane="D2"');
    expect(svg).toContain('class="lane closed advised" data-lane="D3"');
    expect(svg).toContain('class="queue breach" data-queue="in"');
    expect(svg).toContain(">Entry desks<");
    expect(svg).not.toMatch(/>in_gates</);
    // A name is text, never markup.
    const odd = namer({ ...info, queues: info.queues.map((q) => ({ ...q, names: { en: `<img src=x onerror="alert('${q.id}')">` } })) }, "en");
    expect(hallSvg(hallPlan(info), cp, odd, new Set())).not.toContain("<img");
  });
});
