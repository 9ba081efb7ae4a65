import { describe, expect, it } from "vitest";
import { alertText, applyDelta, categoryPie, clearanceSeries, kpis, laneKindPie, localDate, localInstant, localTime, plannedOpen, planWaitSeries, shareWithin, toCsv, trend, LengthHistory, adviceCommands, adviceInstructions, say, trackLine, trackSeries, twinSeries, twinTrack, WaitHistory, type CheckpointView, type PlanView, type StatsRow, type TwinAnswer } from "./shape";
import { deskEvent, shiftLevel, type DeskView, instructionText, timeToAnswerS, upsertInstruction, type Instruction } from "./command";
import { keys, t } from "./i18n";

const cp: CheckpointView = {
  id: "khorgos",
  name: "Khorgos",
  time_zone: "Asia/Shanghai",
  max_wait_s: 1800,
  max_continuous_work_s: 14400,
  queues: [
    { id: "entry_egate", direction: "entry", egate: true, length: 10, arrivals_5m: 0, arrivals_15m: 0, served_5m: 0, served_15m: 0, open_lanes: 6, observed_wait_p50_s: null, observed_wait_p95_s: null, estimated_wait_s: 120, status: "ok" },
    { id: "entry_first_time", direction: "entry", egate: false, length: 300, arrivals_5m: 0, arrivals_15m: 0, served_5m: 0, served_15m: 0, open_lanes: 3, observed_wait_p50_s: null, observed_wait_p95_s: null, estimated_wait_s: 3600, status: "breach" },
  ],
  lanes: [
    { id: "D1", kind: "manual", open: true, officer: "O1", busy: true, throughput_per_hour: 150, mean_service_s: 20, last_seen: null },
    { id: "D2", kind: "manual", open: false, officer: null, busy: false, throughput_per_hour: 0, mean_service_s: null, last_seen: null },
    { id: "E1", kind: "egate", open: true, officer: null, busy: false, throughput_per_hour: 300, mean_service_s: 10, last_seen: null },
  ],
  totals: { date: "2026-07-12", by_direction: { entry: { merchant: 5, first_time: 3 }, exit: { merchant: 2 } }, cleared_last_hour: 42, waits_ended: 10, waiting: 310, waiting_over: 300, within_standard: 20 / 320 },
  alerts: [],
};

const row = (over: Partial<StatsRow>): StatsRow => ({ bucket: "2026-07-12T01:45:00Z", arrivals: 0, cleared: 0, referred: 0, refused: 0, waits: 0, wait_sum_s: 0, wait_max_s: 0, hist: [0, 0, 0, 0, 0, 0, 0, 0], ...over });

describe("shaping", () => {
  it("computes the header figures", () => {
    const k = kpis(cp);
    expect(k).toMatchObject({ entryToday: 8, exitToday: 2, clearedLastHour: 42, worstWaitMin: 60, worstQueue: "entry_first_time", overStandard: true, manualOpen: 1, manualTotal: 2, egateOpen: 1, egateTotal: 1 });
  });

  it("shares within the standard from the histogram, whatever the standard", () => {
    const rows = [row({ waits: 10, hist: [5, 2, 1, 0, 0, 2, 0, 0] })];
    expect(shareWithin(rows, 1800)).toBeCloseTo(0.8);
    expect(shareWithin(rows, 900)).toBeCloseTo(0.8);
    expect(shareWithin(rows, 600)).toBeCloseTo(0.7);
    expect(shareWithin(rows, 2700)).toBeCloseTo(1.0);
    expect(shareWithin([], 1800)).toBeNull();
  });

  it("splits clearances by direction and lane kind", () => {
    const s = clearanceSeries([
      row({ direction: "entry", lane_kind: "manual", cleared: 3 }),
      row({ direction: "entry", lane_kind: "egate", cleared: 7 }),
      row({ bucket: "2026-07-12T02:00:00Z", direction: "entry", lane_kind: "manual", cleared: 4 }),
    ]);
    expect(s.map((x) => x.name)).toEqual(["entry / egate", "entry / manual"]);
    expect(s[1].data).toEqual([[Date.parse("2026-07-12T01:45:00Z"), 3], [Date.parse("2026-07-12T02:00:00Z"), 4]]);
    // At 02:07 the 02:00 quarter-hour is under way: it is not part of the line, it is marked apart.
    const now = clearanceSeries([row({ direction: "entry", lane_kind: "manual", cleared: 3 }), row({ bucket: "2026-07-12T02:00:00Z", direction: "entry", lane_kind: "manual", cleared: 1 })], Date.parse("2026-07-12T02:07:00Z"));
    expect(now[0].data).toEqual([[Date.parse("2026-07-12T01:45:00Z"), 3]]);
    expect(now[0].partial).toEqual([Date.parse("2026-07-12T02:00:00Z"), 1]);
  });

  it("makes pies", () => {
    expect(categoryPie(cp)).toEqual([{ name: "first_time", value: 3 }, { name: "merchant", value: 7 }]);
    expect(laneKindPie([row({ lane_kind: "egate", cleared: 5 }), row({ lane_kind: "manual", cleared: 4 }), row({ lane_kind: "manual", cleared: 1 })])).toEqual([{ name: "egate", value: 5 }, { name: "manual", value: 5 }]);
  });

  it("keeps a bounded wait history", () => {
    const h = new WaitHistory(2);
    for (const at of ["2026-07-12T02:00:00Z", "2026-07-12T02:01:00Z", "2026-07-12T02:02:00Z"]) h.push({ at, checkpoints: [cp] });
    expect(h.series.get("entry_first_time")).toEqual([[Date.parse("2026-07-12T02:01:00Z"), 60], [Date.parse("2026-07-12T02:02:00Z"), 60]]);
  });

  it("writes CSV with a header and quoting", () => {
    const csv = toCsv([row({ category: 'a,"b"', waits: 2, wait_sum_s: 100, hist: [2, 0, 0, 0, 0, 0, 0, 0] })]);
    expect(csv.split("\n")[0]).toBe("bucket,direction,category,lane_kind,arrivals,cleared,referred,refused,waits,mean_wait_s,wait_max_s,within_30min");
    expect(csv).toContain('"a,""b"""');
    expect(csv).toContain(",50.0,");
  });

  it("applies a delta", () => {
    const snap = { at: "a", checkpoints: [cp] };
    const q = { ...cp.queues[1], length: 301 };
    const next = applyDelta(snap, { at: "b", checkpoints: [{ id: "khorgos", queues: [q], lanes: [], alerts: [] }] });
    expect(next.at).toBe("b");
    expect(next.checkpoints[0].queues.map((x) => x.length)).toEqual([10, 301]);
    expect(next.checkpoints[0].lanes).toEqual(cp.lanes);
    expect(next.checkpoints[0].totals).toBe(cp.totals);
    expect(snap.checkpoints[0].queues[1].length).toBe(300);
  });

  it("words alerts in either language", () => {
    const a = { id: "k/wait/q", checkpoint: "k", kind: "wait" as const, value_s: 2400, subject: "entry_first_time", level: "critical" as const, message: "", raised_at: "", updated_at: "" };
    const { key, vars } = alertText(a, 1800);
    expect(t(key, vars, "en")).toBe("queue entry_first_time: wait about 40 min (standard 30)");
    expect(t(key, vars, "zh")).toBe("entry_first_time队列：预计等候约40分钟（标准30分钟）");
    const shift = { ...a, kind: "long_shift" as const, subject: "D5-1", value_s: 13_800 };
    expect(t(alertText(shift, 1800, 14_400).key, alertText(shift, 1800, 14_400).vars, "en")).toBe("officer D5-1 has worked 3:50 without a break (rule: 4:00)");
    expect(t(alertText(shift, 1800, 14_400).key, alertText(shift, 1800, 14_400).vars, "zh")).toBe("民警D5-1已连续工作3:50（规定不超过4:00）");
    // The scenario's standard, not 30 written in.
    expect(t(alertText(a, 2700).key, alertText(a, 2700).vars, "en")).toBe("queue entry_first_time: wait about 40 min (standard 45)");
    // An infinite wait (people waiting, no lane open) comes as JSON null.
    const stuck = { ...a, value_s: null };
    expect(t(alertText(stuck, 1800).key, alertText(stuck, 1800).vars, "en")).toBe("queue entry_first_time: wait about ∞ min (standard 30)");
  });

  it("shows trends and local dates", () => {
    expect(trend(undefined, 5)).toBe("→");
    expect(trend(10, 20)).toBe("↑");
    expect(trend(20, 10)).toBe("↓");
    expect(trend(100, 105)).toBe("→");
    // Compared with five minutes ago by the snapshots' clock, not with the update 200 ms before.
    const h = new LengthHistory();
    const at = (m: number, n: number) => ({ at: new Date(Date.parse("2026-07-12T02:00:00Z") + m * 60_000).toISOString(), checkpoints: [{ ...cp, queues: [{ ...cp.queues[0], length: n }] }] });
    h.push(at(0, 10));
    h.push(at(4.9, 30));
    expect(h.before(cp.queues[0].id)).toBeUndefined();
    h.push(at(5, 31));
    expect(h.before(cp.queues[0].id)).toBe(10);
    expect(trend(h.before(cp.queues[0].id), 31)).toBe("↑");
    h.push(at(10.1, 31));
    expect(h.before(cp.queues[0].id)).toBe(31);
    expect(localDate("2026-07-12T17:00:00Z", "Asia/Shanghai")).toBe("2026-07-13");
    expect(localTime(Date.parse("2026-07-12T01:50:00Z"), "Asia/Shanghai")).toBe("09:50");
  });

  it("has every label in both languages", () => {
    for (const k of keys()) {
      expect(t(k, {}, "en")).not.toBe("");
      expect(t(k, {}, "zh")).not.toBe("");
    }
    expect(t("about", { n: 12 }, "en")).toBe("about 12 min");
    expect(t("about", { n: 12 }, "zh")).toBe("约12分钟");
  });

  it("puts the twin's forecast on the clock, beside it the forecast with its advice, and turns the advice into lane commands", () => {
    // 10:00 in Khorgos (UTC+8) is 02:00Z; points at 10:00 and 10:05 local.
    const points = (a: number, b: number) => [{ t_clock_s: 36000, wait_p95_s: a, low_s: a, high_s: a }, { t_clock_s: 36300, wait_p95_s: b, low_s: b, high_s: b }];
    const w = (en: string) => ({ en, zh: `中文 ${en}` });
    const effect = { queue: "entry_first_time", before_p95_s: 1950, after_p95_s: 900, breach_before: true, breach_after: false };
    const a: TwinAnswer = {
      checkpoint: "khorgos",
      at: "2026-07-12T02:00:00Z",
      demand: "forecast for 2026-07-12 (weekday-mean, 21 days of history)",
      track: [],
      track_steps: [],
      now_clock_s: 36000,
      queues: [{ queue: "entry_first_time", points: points(600, 1950), breach_at_clock_s: 36300 }, { queue: "exit_general", points: points(60, 60), breach_at_clock_s: null }],
      advice: {
        breaches: [{ queue: "entry_first_time", at_clock_s: 36300, worst_p95_s: 1950 }],
        actions: [
          { kind: "reopen", lane: "D4", officer: "D4-1", start_clock_s: 36000, until_clock_s: 43200, open_ended: false, officer_hours: 2, effects: [effect], words: w("Reopen D4 now") },
          { kind: "move_officer", lane: "D9", from_lane: "XD4", officer: "XD4-1", start_clock_s: 36300, until_clock_s: 41400, open_ended: false, officer_hours: 1.4, effects: [], words: w("Move officer XD4-1") },
          { kind: "call_reserve", lane: "D10", start_clock_s: 37200, until_clock_s: 43200, open_ended: false, officer_hours: 1.7, effects: [], words: w("Call a reserve officer") },
          { kind: "retriage", category: "repeat", from_queue: "entry_repeat", to_queue: "entry_merchant", start_clock_s: 36000, until_clock_s: 43200, open_ended: false, officer_hours: 0, effects: [], words: w("Guides: send") },
        ],
        prevents: true,
        effects: [effect, { queue: "exit_general", before_p95_s: 60, after_p95_s: 70, breach_before: false, breach_after: false }],
        with_advice: [{ queue: "entry_first_time", points: points(600, 900), breach_at_clock_s: null }, { queue: "exit_general", points: points(60, 70), breach_at_clock_s: null }],
        officer_hours: 5.1,
        shortfall: [],
        summary: w("Reopen D4 now; …"),
        still: [],
      },
    };
    expect(twinSeries(a)).toEqual([
      { name: "entry_first_time", data: [[Date.parse("2026-07-12T02:00:00Z"), 10], [Date.parse("2026-07-12T02:05:00Z"), 32.5]] },
      { name: "exit_general", data: [[Date.parse("2026-07-12T02:00:00Z"), 1], [Date.parse("2026-07-12T02:05:00Z"), 1]] },
    ]);
    // With the advice: only the queues whose worst wait it changes by a minute or more.
    expect(twinSeries(a, true)).toEqual([{ name: "entry_first_time", data: [[Date.parse("2026-07-12T02:00:00Z"), 10], [Date.parse("2026-07-12T02:05:00Z"), 15]] }]);
    expect(twinSeries({ ...a, advice: null }, true)).toEqual([]);
    expect(say(a.advice!.summary, "zh")).toBe("中文 Reopen D4 now; …");
    expect(say(a.advice!.summary, "en")).toBe("Reopen D4 now; …");
    // Reopen: open; an officer moved: close the desk left, open the one joined; a reserve call and re-triage are for people.
    expect(adviceCommands(a.advice!)).toEqual([{ lane: "D4", open: true }, { lane: "XD4", open: false }, { lane: "D9", open: true }]);
    // People are told by instruction: the officer moved, the guides, everyone for a reserve call.
    expect(adviceInstructions(a.advice!)).toEqual([
      { to: { kind: "officer", officer: "XD4-1" }, order: { kind: "move_officer", officer: "XD4-1", lane: "D9" } },
      { to: { kind: "everyone" }, order: { kind: "message", text: "Call a reserve officer" } },
      { to: { kind: "guides" }, order: { kind: "send_category", category: "repeat", queue: "entry_merchant" } },
    ]);
    // Its track record, in words.
    const words = (b: TwinAnswer, l: "en" | "zh") => twinTrack(b).map((x) => t(x.key, x.vars, l));
    expect(words(a, "en")).toEqual(["Twin's record: no prediction scored yet"]);
    const scored = { ...a, track: [{ horizon_min: 15, scored: 40, mae_min: 2.14, median_error_min: -0.83, persistence_mae_min: 4.04 }, { horizon_min: 60, scored: 12, mae_min: 5, median_error_min: 3.26, persistence_mae_min: null }] };
    expect(words(scored, "en")).toEqual([
      "Twin's record, last 24 h (actual − predicted p95 wait):",
      "15 min ahead: median −0.8 min, mean absolute 2.1 min (holding the estimate: 4.0 min), 40 predictions",
      "60 min ahead: median +3.3 min, mean absolute 5.0 min, 12 predictions",
    ]);
    expect(words(scored, "zh")[1]).toBe("提前15分钟：中位数−0.8分钟，平均绝对误差2.1分钟（沿用当前估计：4.0分钟），共40次");
    // … and through the day: per horizon in order, each quarter-hour's mean absolute error at its end, rounded to 0.1 min.
    const q = (at_unix_s: number, horizon_min: number, mae_min: number) => ({ at_unix_s, horizon_min, scored: 3, mae_min, median_error_min: -1, persistence_mae_min: null });
    const steps = trackSeries({ ...a, track_steps: [q(1800, 30, 2.04), q(900, 60, 1), q(900, 30, 0.26), q(900, 15, 0)] });
    expect(steps.map((s) => s.horizon)).toEqual([15, 30, 60]);
    expect(steps[1].data.map((d) => d.value)).toEqual([[900_000, 0.3], [1_800_000, 2]]);
    expect(t("trackLine", trackLine(steps[1].data[1].line).vars)).toBe("30 min ahead: median −1.0 min, mean absolute 2.0 min, 3 predictions");
    expect(trackSeries(a)).toEqual([]);
  });

  it("reads the lanes a pushed plan has open at an instant", () => {
    const p: PlanView = { date: "2026-07-12", plan: { start_clock_s: 34200, interval_s: 900, intervals: 2, groups: [{ group: "egates", kind: "egate", open: [6, 4] }, { group: "desks", kind: "manual", open: [8, 8] }] } };
    // The plan's intervals are 09:30–09:45 and 09:45–10:00 in Khorgos (UTC+8).
    expect(plannedOpen(p, Date.parse("2026-07-12T01:40:00Z"), "Asia/Shanghai")).toBe(14);
    expect(plannedOpen(p, Date.parse("2026-07-12T01:50:00Z"), "Asia/Shanghai")).toBe(12);
    expect(plannedOpen(p, Date.parse("2026-07-12T02:05:00Z"), "Asia/Shanghai")).toBeNull();
    expect(plannedOpen(p, Date.parse("2026-07-12T01:20:00Z"), "Asia/Shanghai")).toBeNull();
  });

  it("draws the plan's predicted wait: the worst queue per interval, at the interval's middle", () => {
    const checks = [
      { interval: 0, queue: 0, wait_p95: 300 },
      { interval: 0, queue: 1, wait_p95: 1260 },
      { interval: 1, queue: 0, wait_p95: null },
      { interval: 1, queue: 1, wait_p95: 600 },
    ];
    const p: PlanView = { date: "2026-07-12", plan: { start_clock_s: 34200, interval_s: 900, intervals: 2, groups: [], checks } };
    // 09:37:30 and 09:52:30 in Khorgos (UTC+8).
    expect(planWaitSeries(p, "Asia/Shanghai")).toEqual([[Date.parse("2026-07-12T01:37:30Z"), 21], [Date.parse("2026-07-12T01:52:30Z"), 10]]);
    // A zone west of UTC, and a plan pushed without checks.
    expect(localInstant("2026-07-12", 3600, "America/Chicago")).toBe(Date.parse("2026-07-12T06:00:00Z"));
    expect(planWaitSeries({ ...p, plan: { ...p.plan, checks: undefined } }, "Asia/Shanghai")).toEqual([]);
  });

  it("words instructions and their answers, newest first", () => {
    const i: Instruction = {
      id: "in-1", checkpoint: "khorgos", to: { kind: "lane", lane: "D5" }, order: { kind: "open_lane", lane: "D5" }, state: "acknowledged",
      sent_at: "2026-07-12T02:00:00Z", sent_by: "tok1", delivered_at: null, answered_at: "2026-07-12T02:00:40Z", answered_by: "tok2", reason: null, escalations: 0, done_at: null,
    };
    const { to, order } = instructionText(i);
    expect([t(to.key, to.vars, "en"), t(order.key, order.vars, "en")]).toEqual(["desk D5", "open D5"]);
    expect([t(to.key, to.vars, "zh"), t(order.key, order.vars, "zh")]).toEqual(["D5 号台", "开启 D5"]);
    const say = instructionText({ to: { kind: "guides" }, order: { kind: "message", text: "ready, open the hall" } });
    expect(t(say.order.key, say.order.vars, "en")).toBe("“ready, open the hall”");
    expect(timeToAnswerS(i)).toBe(40);
    expect(timeToAnswerS({ ...i, answered_at: null })).toBeNull();
    const older = { ...i, id: "in-0", sent_at: "2026-07-12T01:00:00Z" };
    const list = upsertInstruction(upsertInstruction([], older), i);
    expect(list.map((x) => x.id)).toEqual(["in-1", "in-0"]);
    expect(upsertInstruction(list, { ...i, state: "done" }).map((x) => [x.id, x.state])).toEqual([["in-1", "done"], ["in-0", "acknowledged"]]);
  });

  it("tells a desk's officer when a break is due, and dates the desk's events by the server's clock", () => {
    const v: DeskView = {
      at: "2026-07-12T05:00:00Z", checkpoint: "khorgos", time_zone: "Asia/Shanghai", lane: cp.lanes[0], queues: [], instructions: [],
      info: { id: "khorgos", name: "Khorgos", names: {}, time_zone: "Asia/Shanghai", max_wait_minutes: 30, categories: [], queues: [], lane_groups: [] },
      officer: { officer: "D1-1", lane: "D1", served_today: 120, continuous_s: 3 * 3600 }, max_continuous_work_s: 4 * 3600, notice_s: 900,
    };
    expect(shiftLevel(v)).toBe("ok");
    expect(shiftLevel({ ...v, officer: { ...v.officer!, continuous_s: 3.75 * 3600 } })).toBe("soon");
    expect(shiftLevel({ ...v, officer: { ...v.officer!, continuous_s: 4 * 3600 } })).toBe("over");
    expect(shiftLevel({ ...v, officer: null })).toBe("ok");
    const ev = deskEvent(v, "service_started", new Date("2026-07-12T05:00:10Z"), { traveller: "D1-x-1", officer: undefined });
    expect(ev).toMatchObject({ at: "2026-07-12T05:00:10.000Z", checkpoint: "khorgos", kind: "service_started", lane: cp.lanes[0].id, traveller: "D1-x-1" });
    expect("officer" in ev).toBe(false);
    expect(ev.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
