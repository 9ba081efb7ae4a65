import { describe, expect, it } from "vitest";
import { BOARD_KEYS, has, keys, nameIn, t, type Lang } from "./i18n";
import { adviceWorthShowing, pick, queueName, type Board } from "./boards";
import { asIds, namer, type CheckpointInfo } from "./names";
import { Freshness, STALE_AFTER_MS } from "./stale";

const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("the dictionary", () => {
  it("has every label in Chinese, and the board's in Russian and Kazakh", () => {
    const missing = (l: Lang, ks: readonly string[]) => ks.filter((k) => !has(k as never, l));
    expect(missing("zh", keys())).toEqual([]);
    expect(missing("ru", BOARD_KEYS)).toEqual([]);
    expect(missing("kk", BOARD_KEYS)).toEqual([]);
  });

  it("never leaves a label in English under another language, and keeps every placeholder", () => {
    for (const k of keys()) {
      expect(vars(t(k, {}, "zh")), k).toEqual(vars(t(k, {}, "en")));
      // A label with words must be translated (one of only punctuation and placeholders may be the same).
      if (/[A-Za-z]/.test(t(k, {}, "en").replace(/\{\w+\}/g, ""))) expect(t(k, {}, "zh"), k).not.toBe(t(k, {}, "en"));
    }
    for (const l of ["ru", "kk"] as const) {
      for (const k of BOARD_KEYS) {
        expect(vars(t(k, {}, l)), `${l}.${k}`).toEqual(vars(t(k, {}, "en")));
        expect(t(k, {}, l), `${l}.${k}`).not.toBe(t(k, {}, "en"));
        // Written in Cyrillic, not Latin letters.
        expect(t(k, {}, l).replace(/\{\w+\}/g, ""), `${l}.${k}`).not.toMatch(/[A-Za-z]/);
      }
    }
  });

  it("Kazakh keeps its own letters apart from Russian", () => {
    expect(t("boardTitle", {}, "kk")).toBe("Күту уақыты");
    expect(t("boardTitle", {}, "ru")).toBe("Время ожидания");
    expect(t("about", { n: 7 }, "kk")).toBe("шамамен 7 мин");
  });

  it("takes a scenario's name in the language asked for, else English, else the id", () => {
    expect(nameIn({ en: "Exit desks", ru: "Выезд" }, "exit_general", "ru")).toBe("Выезд");
    expect(nameIn({ en: "Exit desks" }, "exit_general", "kk")).toBe("Exit desks");
    expect(nameIn(undefined, "exit_general", "zh")).toBe("exit_general");
  });
});

const board: Board = {
  checkpoint: "k",
  name: "Khorgos",
  names: { en: "Khorgos" },
  time_zone: "Asia/Shanghai",
  at: "2026-07-12T02:00:00Z",
  queues: [
    { queue: "in_a", names: { en: "Entry A", kk: "Кіру A" }, direction: "entry", egate: false, wait_minutes: 12, status: "ok", open_lanes: 2 },
    { queue: "in_b", names: { en: "Entry B" }, direction: "entry", egate: false, wait_minutes: 40, status: "breach", open_lanes: 1 },
    { queue: "in_gates", names: {}, direction: "entry", egate: true, wait_minutes: 3, status: "ok", open_lanes: 6 },
    { queue: "out", names: { en: "Exit" }, direction: "exit", egate: false, wait_minutes: 5, status: "ok", open_lanes: 4 },
  ],
  advice: [
    { direction: "entry", category: "m", category_names: { en: "Merchants" }, queue: "in_a", egate_queue: null },
    { direction: "entry", category: "f", category_names: { en: "First-time" }, queue: "in_b", egate_queue: null },
    { direction: "exit", category: "m", category_names: { en: "Merchants" }, queue: "out", egate_queue: null },
    { direction: "exit", category: "f", category_names: { en: "First-time" }, queue: "out", egate_queue: null },
  ],
  egates_open: 6,
  egates_total: 6,
};

describe("the board's shaping", () => {
  it("names queues in the language asked for, the id only where nothing names it", () => {
    expect(queueName(board, "in_a", "kk")).toBe("Кіру A");
    expect(queueName(board, "in_b", "ru")).toBe("Entry B");
    expect(queueName(board, "in_gates", "en")).toBe("in_gates");
  });

  it("gives advice only where a traveller has a choice: several queues, or quicker gates", () => {
    expect(adviceWorthShowing(board).map((a) => `${a.direction}/${a.category}`)).toEqual(["entry/m", "entry/f"]);
    const quicker = { ...board, advice: board.advice.map((a) => (a.direction === "exit" && a.category === "m" ? { ...a, egate_queue: "out_gates" } : a)) };
    expect(adviceWorthShowing(quicker)).toHaveLength(4);
  });

  it("picks the checkpoint asked for, else the first", () => {
    const other = { ...board, checkpoint: "b" };
    expect(pick([board, other], "b")).toBe(other);
    expect(pick([board, other], "nowhere")).toBe(board);
    expect(pick([], null)).toBeNull();
  });
});

describe("names on the dashboard", () => {
  const info: CheckpointInfo = {
    id: "k", name: "K", names: {}, time_zone: "UTC", max_wait_minutes: 30,
    categories: [{ id: "m", names: { en: "Merchants", zh: "商户" } }],
    queues: [{ id: "q", names: { en: "Queue", zh: "队列" }, direction: "entry", egate: false, categories: ["m"], at: null }],
    lane_groups: [{ id: "g", names: { en: "Desks" }, kind: "manual", lanes: ["D1"], serves: ["q"], at: null }],
  };
  it("turns ids into names, and leaves unknown ids as they are", () => {
    const n = namer(info, "zh");
    expect([n.queue("q"), n.category("m"), n.group("g"), n.direction("entry"), n.queue("other")]).toEqual(["队列", "商户", "Desks", "入境", "other"]);
    expect(asIds.queue("q")).toBe("q");
  });
});

describe("old figures", () => {
  it("are said to be old a minute after the last arrived, and fresh again when new ones come", () => {
    const f = new Freshness();
    expect(f.staleSince(0)).toBeNull();
    f.fresh("2026-07-12T02:42:00Z", 1_000);
    expect(f.staleSince(1_000 + STALE_AFTER_MS)).toBeNull();
    expect(f.staleSince(1_001 + STALE_AFTER_MS)).toBe("2026-07-12T02:42:00Z");
    f.fresh("2026-07-12T02:44:00Z", 200_000);
    expect(f.staleSince(200_000)).toBeNull();
  });
});

import { advance, historyWaits, shiftDate, upTo, type DaySeries } from "./dayseries";
import { WaitHistory } from "./shape";

describe("a day's history", () => {
  const h: DaySeries = {
    checkpoint: "k", day: "2026-07-12", step_s: 300,
    at: ["2026-07-12T01:40:00Z", "2026-07-12T01:45:00Z", "2026-07-12T01:50:00Z", "2026-07-12T01:55:00Z"],
    queues: [{ queue: "q", length: [0, 0, 60, 50], estimated_wait_s: [null, 0, 1800, 1500], observed_wait_p95_s: [null, null, null, 300], open_lanes: [0, 0, 2, 2] }],
    lanes_open: [0, 0, 2, 2],
  };
  it("draws each queue's estimated wait in minutes from just before the hall got busy", () => {
    expect(historyWaits(h).get("q")).toEqual([[Date.parse("2026-07-12T01:45:00Z"), 0], [Date.parse("2026-07-12T01:50:00Z"), 30], [Date.parse("2026-07-12T01:55:00Z"), 25]]);
  });
  it("keeps the morning when live points follow, a point every 30 s at most", () => {
    const w = new WaitHistory();
    w.seed(historyWaits(h));
    const snap = (at: string) => ({ at, checkpoints: [{ id: "k", name: "k", time_zone: "UTC", max_wait_s: 1800, max_continuous_work_s: 14400, queues: [{ id: "q", direction: "entry" as const, egate: false, length: 40, arrivals_5m: 0, arrivals_15m: 0, served_5m: 0, served_15m: 0, open_lanes: 2, observed_wait_p50_s: null, observed_wait_p95_s: null, estimated_wait_s: 1200, status: "warning" as const }], lanes: [], totals: { date: "", by_direction: {}, cleared_last_hour: 0, waits_ended: 0, waiting: 0, waiting_over: 0, within_standard: null }, alerts: [] }] });
    for (const at of ["2026-07-12T01:58:00Z", "2026-07-12T01:58:10Z", "2026-07-12T01:58:20Z", "2026-07-12T01:59:00Z"]) w.push(snap(at));
    const pts = w.series.get("q")!;
    expect(pts[0]).toEqual([Date.parse("2026-07-12T01:45:00Z"), 0]);
    expect(pts.map(([t]) => new Date(t).toISOString().slice(11, 19))).toEqual(["01:45:00", "01:50:00", "01:55:00", "01:58:00", "01:58:20", "01:59:00"]);
  });
  it("replays up to a cursor moving at the chosen speed, and shifts dates by days", () => {
    const d = historyWaits(h).get("q")!;
    expect(upTo(d, Date.parse("2026-07-12T01:50:00Z"))).toHaveLength(2);
    expect(advance(0, 250, 300, 1e9)).toBe(75_000);
    expect(advance(0, 250, 300, 1000)).toBe(1000);
    expect(shiftDate("2026-03-01", -7)).toBe("2026-02-22");
  });
});
