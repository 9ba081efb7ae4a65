// Reports → Day: a day's waits per queue and clearances per quarter-hour from
// the server's record (any past day, or today so far), the same weekday of the
// week before as a faint reference, and a replay at a chosen speed.
import { getHistory, getStats } from "./api";
import { chart, PALETTE } from "./charts";
import { advance, historyWaits, shiftDate, upTo, type DaySeries } from "./dayseries";
import { t } from "./i18n";
import type { Namer } from "./names";
import { clearanceSeries, localTime, type StatsRow } from "./shape";

const $ = (id: string) => document.getElementById(id)!;
const WEEK_MS = 7 * 86400e3;

interface Day { date: string; series: DaySeries; quarters: StatsRow[]; lastWeek: StatsRow[]; timeZone: string; maxWaitMin: number }
let shown: Day | null = null;
let cursor = Infinity;
let replay: ReturnType<typeof setInterval> | undefined;

/** Loads and draws `date` (a local day) of the checkpoint. */
export async function showDay(date: string, timeZone: string, maxWaitMin: number, names: Namer): Promise<void> {
  stopReplay();
  const next = shiftDate(date, 1);
  const before = shiftDate(date, -7);
  const [series, quarters, lastWeek] = await Promise.all([
    getHistory(date),
    getStats({ from: date, to: next, bucket: "15m", by: "direction,lane_kind" }),
    getStats({ from: before, to: shiftDate(before, 1), bucket: "15m", by: "direction,lane_kind" }),
  ]);
  shown = { date, series, quarters, lastWeek, timeZone, maxWaitMin };
  cursor = Infinity;
  draw(names);
}

/** Redraws (a language change, a replay step). */
export function draw(names: Namer): void {
  const d = shown;
  if (!d) return;
  const label = (s: string) => s.split(" / ").map((k) => (k === "unknown" ? t("unknownCategory") : t(k as never))).join(" / ");
  const time = { type: "time", axisLabel: { formatter: (v: number) => localTime(v, d.timeZone) } };
  const waits = [...historyWaits(d.series).entries()];
  chart("chart-day-wait").setOption({
    tooltip: { trigger: "axis" },
    legend: { type: "scroll", top: 0 },
    grid: { left: 40, right: 16, top: 44, bottom: 28 },
    xAxis: { ...time, min: waits[0]?.[1][0]?.[0], max: waits[0]?.[1][waits[0][1].length - 1]?.[0] },
    // The unit is in the panel's title: an axis name up here would sit under the legend.
    yAxis: { type: "value" },
    series: waits.map(([id, data], i) => ({
      name: names.queue(id),
      color: PALETTE[i % PALETTE.length],
      type: "line",
      showSymbol: false,
      data: upTo(data, cursor),
      markLine: i === 0 ? { symbol: "none", lineStyle: { color: "#c0392b" }, data: [{ yAxis: d.maxWaitMin, name: t("standard") }] } : undefined,
    })),
  }, { replaceMerge: ["series"] });
  const cleared = clearanceSeries(d.quarters);
  chart("chart-day-clearances").setOption({
    tooltip: { trigger: "axis" },
    legend: { top: 0, data: [...cleared.map((s) => label(s.name)), t("lastWeek")] },
    grid: { left: 40, right: 16, top: 32, bottom: 28 },
    xAxis: time,
    yAxis: { type: "value" },
    series: [
      ...cleared.map((s, i) => ({ name: label(s.name), type: "line", color: PALETTE[i % PALETTE.length], showSymbol: false, data: upTo(s.data, cursor) })),
      // The same weekday a week before, on this day's clock: a faint reference.
      ...clearanceSeries(d.lastWeek).map((s) => ({ name: t("lastWeek"), type: "line", showSymbol: false, color: "#7f8c8d", lineStyle: { opacity: 0.35, type: "dashed" }, itemStyle: { opacity: 0.35 }, data: s.data.map(([x, y]) => [x + WEEK_MS, y]) })),
    ],
  }, { replaceMerge: ["series"] });
  $("day-cursor").textContent = Number.isFinite(cursor) ? t("replayAt", { day: d.date, time: localTime(cursor, d.timeZone) }) : "";
}

/** Plays the shown day from its first busy sample at `speed` times real time. */
export function startReplay(speed: number, names: Namer): void {
  const d = shown;
  if (!d) return;
  stopReplay();
  const points = [...historyWaits(d.series).values()][0] ?? [];
  if (points.length === 0) return;
  const end = points[points.length - 1][0];
  cursor = points[0][0];
  const tickMs = 250;
  replay = setInterval(() => {
    cursor = advance(cursor, tickMs, speed, end);
    draw(names);
    if (cursor >= end) stopReplay();
  }, tickMs);
  draw(names);
}

export function stopReplay(): void {
  clearInterval(replay);
  replay = undefined;
}
