// The command centre: KPIs, charts, queues, lanes with open/close, alerts,
// reports — live over the server-sent-events stream.
import "./style.css";
import { follow, setCheckpoint, getCheckpoints, getHistory, getInstructions, getOfficers, getLaneStats, getLive, getPlan, getStats, getTwin, laneCommand, sendInstruction, signOut, whoami } from "./api";
import { chart, PALETTE } from "./charts";
import { applyI18n, getLang, isKey, locale, setLang, t, type Lang, savedStaffLang } from "./i18n";
import { namer, type CheckpointInfo } from "./names";
import { Freshness } from "./stale";
import { applyDelta, categoryPie, clearanceSeries, kpis, laneKindPie, localDate, localTime, plannedOpen, planWaitSeries, shareWithin, toCsv, trend, LengthHistory, adviceCommands, adviceInstructions, hoursMinutes, say, trackLine, trackSeries, twinSeries, twinTrack, WaitHistory, type TrackLine, type Alert, type CheckpointView, type PushedPlan, type Snapshot, type StatsRow, type TwinAnswer } from "./shape";
import { draw as drawDay, showDay, startReplay } from "./dayview";
import { hallPlan, renderHallMap } from "./hallmap";
import { AlertsPanel } from "./alertsview";
import { renderOverview } from "./overview";
import { applyModes, askFullScreen, savedModes } from "./modes";
import { historyWaits, shiftDate } from "./dayseries";
import { workLevel, instructionText, timeToAnswerS, upsertInstruction, type Instruction } from "./command";
import { keyed, setText } from "./keyed";

const $ = (id: string) => document.getElementById(id)!;
const alertsPanel = new AlertsPanel();
// The checkpoint shown, on a server carrying several (?checkpoint=, else the last one chosen here, else the first).
let current: string | null = new URLSearchParams(location.search).get("checkpoint") ?? localStorage.getItem("borderflow.checkpoint");
const shown = (snap: Snapshot | null) => snap?.checkpoints.find((c) => c.id === current) ?? snap?.checkpoints[0];
let alertDays: { checkpoint: string; alerts: Alert[] }[] = [];
/** Shows another checkpoint: the page starts again on it (its history, plan and instructions). */
function pick(id: string) {
  if (id === shown(last)?.id) return;
  localStorage.setItem("borderflow.checkpoint", id);
  location.search = `?checkpoint=${encodeURIComponent(id)}`;
}
const renderAlerts = () => alertsPanel.render($("alerts"), shown(last), names());
// Each checkpoint as configured: the names screens show for ids.
let checkpoints: CheckpointInfo[] = [];
const names = () => namer(checkpoints.find((c) => c.id === shown(last)?.id));
const category = (id: string | null) => (!id || id === "unknown" ? t("unknownCategory") : names().category(id));
// When figures last arrived: old ones are said to be old.
const freshness = new Freshness();
const history = new WaitHistory();
let last: Snapshot | null = null;
// Queue lengths over the last five minutes: the trend arrow compares with then.
const lengths = new LengthHistory();
// Every checkpoint's outlook; `twin` is the shown one's.
let twins: TwinAnswer[] = [];
let twin: TwinAnswer | null = null;
const pickTwin = () => (twin = twins.find((a) => a.checkpoint === shown(last)?.id) ?? null);
let plan: PushedPlan | null = null;
// The plan's predicted wait, shaped once per fetched plan rather than on every live update.
let planWait: { of: PushedPlan; data: [number, number][] } | null = null;
function planWaitData(p: PushedPlan, timeZone: string): [number, number][] {
  if (planWait?.of !== p) planWait = { of: p, data: planWaitSeries(p, timeZone) };
  return planWait?.data ?? [];
}
let reportRows: StatsRow[] = [];
let connected = false;
function showConn() {
  $("conn").textContent = connected ? `● ${t("connected")}` : `○ ${t("reconnecting")}`;
  const old = freshness.staleSince();
  const cp = shown(last);
  $("stale").hidden = old === null || !cp;
  if (old && cp) $("stale").textContent = t("staleSince", { time: localTime(Date.parse(old), cp.time_zone) });
}

// A direction or lane kind by its label; "unknown" (a traveller whose join nobody reported) says so.
const label = (k: string) => (k === "unknown" ? t("unknownCategory") : isKey(k) ? t(k) : k);
const minutes = (s: number | null) => (s === null ? t("noLane") : `${Math.round(s / 60)} ${t("min")}`);

function renderKpis(cp: CheckpointView) {
  const k = kpis(cp);
  $("kpi-travellers").textContent = String(k.entryToday + k.exitToday);
  $("kpi-travellers-split").textContent = `${t("entry")} ${k.entryToday} · ${t("exit")} ${k.exitToday}`;
  $("kpi-cleared").textContent = String(k.clearedLastHour);
  $("kpi-worst").textContent = k.worstWaitMin === null ? "–" : k.worstWaitMin === Infinity ? t("noLane") : `${k.worstWaitMin} ${t("min")}`;
  $("kpi-worst-queue").textContent = `${k.worstQueue === null ? "" : names().queue(k.worstQueue)} · ${t("standard")} ${Math.round(cp.max_wait_s / 60)} ${t("min")}`;
  $("kpi-worst-box").classList.toggle("bad", k.overStandard);
  // Today's share within the standard, those still waiting counted by their estimated wait.
  const std = Math.round(cp.max_wait_s / 60);
  const within = cp.totals.within_standard;
  $("kpi-within-label").textContent = t("withinStandard", { min: std });
  $("kpi-within").textContent = within === null ? "–" : `${(within * 100).toFixed(1)}%`;
  const fmt = (n: number) => n.toLocaleString(locale());
  $("kpi-within-of").textContent = within === null ? "" : t("withinOf", { n: fmt(cp.totals.waits_ended), m: fmt(cp.totals.waiting) });
  $("kpi-lanes").textContent = `${k.manualOpen + k.egateOpen}`;
  // Plan vs actual: the lanes today's pushed plan has open now.
  const planned = plan && last ? plannedOpen(plan, Date.parse(last.at), cp.time_zone) : null;
  $("kpi-lanes-split").textContent =
    `${t("manual")} ${k.manualOpen}/${k.manualTotal} · ${t("egate")} ${k.egateOpen}/${k.egateTotal}` + (planned === null ? "" : ` · ${t("plan")} ${planned}`);
  $("kpi-lanes").parentElement!.classList.toggle("bad", planned !== null && k.manualOpen + k.egateOpen < planned);
}

function renderQueues(cp: CheckpointView) {
  const body = $("queues").querySelector("tbody")!;
  body.innerHTML = "";
  for (const q of cp.queues) {
    const tr = document.createElement("tr");
    tr.className = q.status;
    tr.dataset.queue = q.id;
    const waited = q.observed_wait_p95_s === null ? "–" : `${Math.round(q.observed_wait_p95_s / 60)} ${t("min")}`;
    tr.innerHTML = `<td></td><td>${q.length}</td><td>${minutes(q.estimated_wait_s)}</td><td>${waited}</td><td>${trend(lengths.before(q.id), q.length)}</td><td>${t(q.status)}</td>`;
    tr.firstElementChild!.textContent = names().queue(q.id);
    body.appendChild(tr);
  }
}

/** The lanes table, its rows kept across updates (see keyed.ts). */
function renderLanes(cp: CheckpointView) {
  keyed($("lanes").querySelector("tbody")!, cp.lanes, (l) => l.id, (l) => laneRow(l.id), (tr, l) => {
    tr.className = l.open ? "open" : "closed";
    const cells = [l.id, l.open ? t("isOpen") : t("isClosed"), l.officer ?? "", String(l.throughput_per_hour), l.mean_service_s === null ? "" : `${l.mean_service_s.toFixed(0)} ${t("sec")}`];
    cells.forEach((text, c) => setText(tr.children[c]!, text));
    const b = tr.querySelector("button")!;
    setText(b, l.open ? t("close") : t("open"));
    b.className = l.open ? "lane-close" : "lane-open";
  });
}

/** One lane's row; its button asks for the opposite of what the row shows when clicked. */
function laneRow(id: string): HTMLTableRowElement {
  const tr = document.createElement("tr");
  tr.dataset.lane = id;
  tr.innerHTML = `<td></td><td class="lane-state"></td><td></td><td></td><td></td><td><button></button></td>`;
  const b = tr.querySelector("button")!;
  b.onclick = async () => {
    b.disabled = true;
    try {
      await laneCommand(id, tr.classList.contains("closed"));
      b.title = "";
      render(await getLive());
    } catch (e) {
      b.title = String(e);
    } finally {
      b.disabled = false;
    }
  };
  return tr;
}

/** The twin's advice for the whole hall: what it says, move by move, and one click to carry out its lane commands.
 * Redrawn only when a new outlook arrives or the language changes, so the button stays put under the pointer. */
// What the last click on "apply" did, for the advice it applied (cleared when the advice changes).
let adviceStatus: { for: string; key: "adviceApplied" | "adviceForbidden"; n: number; m: number } | null = null;
function renderAdvice() {
  const a = twin?.advice ?? null;
  if (adviceStatus && adviceStatus.for !== a?.summary.en) adviceStatus = null;
  $("advice-status").textContent = adviceStatus ? t(adviceStatus.key, { n: adviceStatus.n, m: adviceStatus.m }) : "";
  $("advice-panel").hidden = a === null;
  if (!a || !twin) return;
  const lang = getLang();
  $("advice-summary").textContent = `${t("twin")}${say(a.summary, lang)}`;
  // Breaches the moves cannot prevent, said plainly, one per line.
  $("advice-still").innerHTML = "";
  for (const w of a.still) {
    const li = document.createElement("li");
    li.textContent = say(w, lang);
    $("advice-still").appendChild(li);
  }
  // Where the prediction's demand came from and how far off the twin has been lately: how much to trust it.
  $("advice-summary").title = [twin.demand, ...twinTrack(twin).map((x) => t(x.key, x.vars))].join("\n");
  const ol = $("advice-actions");
  ol.innerHTML = "";
  for (const x of a.actions) {
    const li = document.createElement("li");
    li.className = x.kind;
    li.textContent = say(x.words, lang);
    ol.appendChild(li);
  }
  const commands = adviceCommands(a);
  const told = adviceInstructions(a);
  const apply = $("advice-apply") as HTMLButtonElement;
  apply.hidden = commands.length + told.length === 0;
  apply.disabled = false;
  apply.textContent = t("applyAdvice", { n: commands.length, m: told.length });
  apply.onclick = async () => {
    apply.disabled = true;
    try {
      // Lanes now; people by instruction (an officer moved, the guides, the reserve), each to be acknowledged.
      for (const c of commands) await laneCommand(c.lane, c.open);
      for (const i of told) instructions = upsertInstruction(instructions, await sendInstruction(i));
      renderInstructions();
      adviceStatus = { for: a.summary.en, key: "adviceApplied", n: commands.length, m: told.length };
      $("advice-status").textContent = t("adviceApplied", { n: commands.length, m: told.length });
    } catch (e) {
      // A viewer's token may not command lanes: say so rather than fail silently.
      if (/: 403 /.test(String(e))) adviceStatus = { for: a.summary.en, key: "adviceForbidden", n: 0, m: 0 };
      $("advice-status").textContent = adviceStatus?.key === "adviceForbidden" ? t("adviceForbidden") : String(e);
      apply.disabled = false;
    }
  };
}

// The command network: every instruction, newest first, and today's median time to acknowledge.
let instructions: Instruction[] = [];
let medianAck: number | null = null;
function renderInstructions() {
  $("ins-median").textContent = medianAck === null ? t("medianAckNone") : t("medianAck", { s: Math.round(medianAck) });
  const now = last ? Date.parse(last.at) : Date.now();
  const body = $("instructions").querySelector("tbody")!;
  body.innerHTML = "";
  for (const i of instructions.slice(0, 12)) {
    const tr = document.createElement("tr");
    tr.className = i.state;
    tr.dataset.instruction = i.id;
    const { to, order } = instructionText(i, names());
    const answered = timeToAnswerS(i);
    const when =
      answered === null
        ? t("ageOf", { m: Math.max(0, Math.floor((now - Date.parse(i.sent_at)) / 60_000)) })
        : i.state === "declined"
          ? t("declinedIn", { s: answered, reason: i.reason ?? "" })
          : t("ackIn", { s: answered });
    const escalated = i.escalations > 0 ? ` · ${t("escalated", { n: i.escalations })}` : "";
    for (const text of [t(to.key, to.vars), t(order.key, order.vars), t(`st_${i.state}`) + escalated, when]) {
      const td = document.createElement("td");
      td.textContent = text;
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
}

/** Every officer's count today and time without a break, the rule's breakers first. */
async function loadOfficers() {
  const cp = shown(last);
  if (!cp) return;
  const all = (await getOfficers()).find((o) => o.checkpoint === cp.id)?.officers ?? [];
  const rank = { over: 0, soon: 1, ok: 2 };
  const rows = all.map((o) => ({ o, level: workLevel(o.continuous_s, cp.max_continuous_work_s) })).sort((a, b) => rank[a.level] - rank[b.level] || a.o.officer.localeCompare(b.o.officer));
  const body = $("officers").querySelector("tbody")!;
  body.innerHTML = "";
  for (const { o, level } of rows) {
    const tr = document.createElement("tr");
    tr.className = level;
    tr.dataset.officer = o.officer;
    for (const text of [o.officer, o.lane ?? "", String(o.served_today), o.continuous_s === null ? "–" : hoursMinutes(o.continuous_s)]) {
      const td = document.createElement("td");
      td.textContent = text;
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
}

async function loadInstructions() {
  const l = await getInstructions();
  // The shown checkpoint's instructions.
  instructions = l.instructions.filter((i) => i.checkpoint === shown(last)?.id);
  medianAck = l.median_time_to_ack_s;
  renderInstructions();
}

/** The send form: a lane's desk, open or close it, or a message to it. */
function setUpInstructionForm(cp: CheckpointView) {
  const lanes = $("ins-lane") as HTMLSelectElement;
  if (lanes.options.length > 0) return;
  for (const l of cp.lanes) lanes.add(new Option(l.id, l.id));
  ($("ins-text") as HTMLInputElement).placeholder = t("messagePlaceholder");
  $("instruction-form").onsubmit = async (e) => {
    e.preventDefault();
    const lane = lanes.value;
    const kind = ($("ins-order") as HTMLSelectElement).value;
    const text = ($("ins-text") as HTMLInputElement).value.trim();
    const order = kind === "message" ? { kind: "message" as const, text } : { kind: kind as "open_lane" | "close_lane", lane };
    try {
      const i = await sendInstruction({ to: { kind: "lane", lane }, order });
      instructions = upsertInstruction(instructions, i);
      renderInstructions();
    } catch (err) {
      $("ins-median").textContent = /: 403 /.test(String(err)) ? t("adviceForbidden") : String(err);
    }
  };
}

/** Under the wait chart: how far off the twin's forecast line has been over the last day, in words and through the day. */
function renderTrack() {
  $("twin-track").textContent = twin ? twinTrack(twin).map((x) => t(x.key, x.vars)).join(" · ") : "";
  const tz = shown(last)?.time_zone ?? "UTC";
  const series = twin ? trackSeries(twin) : [];
  // From the record's first quarter-hour (at least the last two hours) to now or the end of the quarter-hour under way:
  // a lone point would otherwise get a two-day axis.
  const now = Date.parse(twin?.at ?? last?.at ?? new Date().toISOString());
  const first = Math.min(now - 2 * 3600_000, ...series.map((s) => s.data[0].value[0] - 900_000));
  const end = Math.max(now, ...series.map((s) => s.data[s.data.length - 1].value[0]));
  chart("chart-track").setOption({
    tooltip: {
      trigger: "item",
      formatter: (p: unknown) => {
        const d = (p as { data: { value: [number, number]; line: TrackLine } }).data;
        const { key, vars } = trackLine(d.line);
        return `${localTime(d.value[0], tz)} · ${t(key, vars)}`;
      },
    },
    legend: { top: 0, right: 0 },
    grid: { left: 40, right: 16, top: 30, bottom: 24 },
    xAxis: { type: "time", min: first, max: end, axisLabel: { formatter: (v: number) => localTime(v, tz) } },
    yAxis: { type: "value", name: t("trackAxis"), nameTextStyle: { align: "left" } },
    // How far off, per quarter-hour; the tooltip adds which way (the median) and how many predictions.
    series: series.map((s, i) => ({
      name: t("trackAhead", { h: s.horizon }),
      color: PALETTE[(i + 4) % PALETTE.length],
      type: "line",
      symbolSize: 4,
      data: s.data,
    })),
  }, { replaceMerge: ["series"] });
}

function renderWaitChart(cp: CheckpointView) {
  chart("chart-wait").setOption({
    tooltip: { trigger: "axis" },
    legend: { type: "scroll", top: 0 },
    grid: { left: 40, right: 16, top: 44, bottom: 28 },
    xAxis: { type: "time", axisLabel: { formatter: (v: number) => localTime(v, cp.time_zone) } },
    // The unit is in the panel's title: an axis name up here would sit under the legend.
    yAxis: { type: "value" },
    series: [
      ...[...history.series.entries()].map(([id, data], i) => ({
        name: names().queue(id),
        color: PALETTE[i % PALETTE.length],
        type: "line",
        showSymbol: false,
        data,
        markLine: i === 0 ? { symbol: "none", lineStyle: { color: "#c0392b" }, data: [{ yAxis: cp.max_wait_s / 60, name: t("standard") }] } : undefined,
      })),
      // The twin's forecast beside the actual lines: dashed, from now to two hours ahead.
      ...(twin ? twinSeries(twin) : []).map((f) => ({
        name: `${names().queue(f.name)} · ${t("forecast")}`,
        // The same colour as the queue's actual line.
        color: PALETTE[Math.max(0, [...history.series.keys()].indexOf(f.name)) % PALETTE.length],
        type: "line",
        showSymbol: false,
        lineStyle: { type: "dashed" },
        data: f.data,
      })),
      // With the twin's advice applied: dotted, for the queues it changes.
      ...(twin ? twinSeries(twin, true) : []).map((f) => ({
        name: `${names().queue(f.name)} · ${t("withAdvice")}`,
        color: PALETTE[Math.max(0, [...history.series.keys()].indexOf(f.name)) % PALETTE.length],
        type: "line",
        showSymbol: false,
        lineStyle: { type: "dotted", width: 2 },
        data: f.data,
      })),
      // Plan vs actual: what the pushed plan predicted for the day's worst queue, up to the twin's horizon (the whole day would squeeze the rest).
      ...(plan && last
        ? [{
            name: t("planWait"),
            color: "#7f8c8d",
            type: "line",
            step: "middle",
            showSymbol: false,
            lineStyle: { type: "dotted", width: 2 },
            data: planWaitData(plan, cp.time_zone).filter(([ms]) => ms <= Date.parse(last!.at) + 2 * 3600_000),
          }]
        : []),
    ],
  }, { replaceMerge: ["series"] });
  chart("chart-categories").setOption({
    tooltip: { trigger: "item" },
    legend: { bottom: 0 },
    series: [{ type: "pie", radius: ["35%", "65%"], label: { show: false }, data: categoryPie(cp).map((d) => ({ ...d, name: category(d.name) })) }],
  });
}

async function refreshStats(cp: CheckpointView) {
  const today = localDate(last!.at, cp.time_zone);
  const tomorrow = new Date(Date.parse(today) + 86400e3).toISOString().slice(0, 10);
  const lastWeek = shiftDate(today, -7);
  const [quarters, totals, before] = await Promise.all([
    getStats({ from: today, to: tomorrow, bucket: "15m", by: "direction,lane_kind" }),
    getStats({ from: today, to: tomorrow, bucket: "total", by: "lane_kind" }),
    getStats({ from: lastWeek, to: shiftDate(lastWeek, 1), bucket: "15m" }),
  ]);
  const cleared = clearanceSeries(quarters, Date.parse(last!.at));
  chart("chart-clearances").setOption({
    tooltip: { trigger: "axis" },
    // The hollow points of quarter-hours under way are explained under the chart, not listed here.
    legend: { top: 0, data: [...cleared.map((s) => s.name.split(" / ").map(label).join(" / ")), t("lastWeek")] },
    grid: { left: 40, right: 16, top: 32, bottom: 28 },
    // An hour either side of the data: a single point must not stretch the axis over days.
    xAxis: { type: "time", min: (v: { min: number }) => v.min - 3600e3, max: (v: { max: number }) => v.max + 3600e3, axisLabel: { formatter: (v: number) => localTime(v, cp.time_zone) } },
    yAxis: { type: "value" },
    series: [
      ...cleared.flatMap((s, i) => {
        const name = s.name.split(" / ").map(label).join(" / ");
        const color = PALETTE[i % PALETTE.length];
        // The quarter-hour under way, hollow and apart: it is not a drop.
        const partial = s.partial ? [{ name: `${name} · ${t("inProgress")}`, type: "line", color, showSymbol: true, symbol: "emptyCircle", symbolSize: 9, data: [s.partial] }] : [];
        return [{ name, type: "line", color, showSymbol: true, data: s.data }, ...partial];
      }),
      // The same weekday last week, shifted onto today's clock: a faint reference line.
      ...clearanceSeries(before).map((s) => ({ name: t("lastWeek"), type: "line", showSymbol: false, lineStyle: { opacity: 0.35, type: "dashed" }, itemStyle: { opacity: 0.35 }, data: s.data.map(([x, y]) => [x + 7 * 86400e3, y]) })),
    ],
   // Replace, not merge by index: a quarter-hour that ends takes its hollow point's series away.
  }, { replaceMerge: ["series"] });
  chart("chart-kind").setOption({
    tooltip: { trigger: "item" },
    legend: { bottom: 0 },
    series: [{ type: "pie", radius: ["35%", "65%"], label: { show: false }, data: laneKindPie(totals).map((d) => ({ ...d, name: label(d.name) })) }],
  });
}

/** A new picture from the server. */
function receive(snap: Snapshot) {
  history.push(snap, shown(snap)?.id);
  lengths.push(snap, shown(snap)?.id);
  freshness.fresh(snap.at);
  render(snap);
  showConn();
}

function render(snap: Snapshot) {
  last = snap;
  const cp = shown(snap);
  if (!cp) return;
  renderOverview($("overview"), snap, checkpoints, alertDays, cp.id, pick);
  alertsPanel.active(cp.alerts);
  $("clock").textContent = new Intl.DateTimeFormat(locale(), { timeZone: cp.time_zone, hour: "2-digit", minute: "2-digit" }).format(new Date(snap.at));
  renderKpis(cp);
  renderQueues(cp);
  renderLanes(cp);
  // The hall: lanes by state, queues by wait, the twin's advice outlined; a lane's click gives its controls.
  const info = checkpoints.find((c) => c.id === cp.id);
  if (info) {
    const advised = new Set((twin?.advice ? adviceCommands(twin.advice) : []).map((c) => c.lane));
    renderHallMap($("hall-map"), hallPlan(info), cp, names(), advised, async (lane, open) => {
      await laneCommand(lane, open);
      render(await getLive());
    });
  }
  renderAlerts();
  setUpInstructionForm(cp);
  renderWaitChart(cp);
  renderTrack();
}

async function showReport() {
  const cp = shown(last);
  const kind = ($("report-kind") as HTMLSelectElement).value;
  const date = ($("report-date") as HTMLInputElement).value || (cp && last ? localDate(last.at, cp.time_zone) : new Date().toISOString().slice(0, 10));
  const from = kind === "day" ? date : kind === "month" ? `${date.slice(0, 7)}-01` : `${date.slice(0, 4)}-01-01`;
  const end = new Date(Date.parse(from));
  if (kind === "day") end.setUTCDate(end.getUTCDate() + 1);
  else if (kind === "month") end.setUTCMonth(end.getUTCMonth() + 1);
  else end.setUTCFullYear(end.getUTCFullYear() + 1);
  const to = end.toISOString().slice(0, 10);
  const [rows, lanes] = await Promise.all([getStats({ from, to, bucket: "total", by: "direction,category,lane_kind" }), getLaneStats({ from, to })]);
  // A day is also drawn through the day (waits, clearances, last week's), and can be replayed.
  document.querySelectorAll<HTMLElement>("#chart-day-wait, #chart-day-clearances, .replay").forEach((e) => ((e.closest<HTMLElement>(".panel") ?? e).hidden = kind !== "day"));
  if (kind === "day" && cp) await showDay(date, cp.time_zone, cp.max_wait_s / 60, names()).catch((e) => ($("day-cursor").textContent = String(e)));
  reportRows = rows;
  $("report-lanes").querySelector("tbody")!.innerHTML = lanes
    .map((l) => `<tr><td>${l.lane}</td><td>${l.officer}</td><td>${l.services}</td><td>${l.cleared}</td><td>${l.referred}</td><td>${l.refused}</td><td>${l.services ? `${(l.service_s_sum / l.services).toFixed(1)} ${t("sec")}` : ""}</td></tr>`)
    .join("");
  const sum = (f: (r: StatsRow) => number) => reportRows.reduce((a, r) => a + f(r), 0);
  const within = shareWithin(reportRows, cp?.max_wait_s ?? 1800);
  const waits = sum((r) => r.waits);
  $("report-totals").innerHTML = [
    [t("arrivals"), sum((r) => r.arrivals)],
    [t("cleared"), sum((r) => r.cleared)],
    [t("referred"), sum((r) => r.referred)],
    [t("refused"), sum((r) => r.refused)],
    [t("meanWait"), waits ? `${(sum((r) => r.wait_sum_s) / waits / 60).toFixed(1)} ${t("min")}` : "–"],
    [t("withinStandard", { min: Math.round((cp?.max_wait_s ?? 1800) / 60) }), within === null ? "–" : `${(within * 100).toFixed(1)}%`],
  ]
    .map(([k, v]) => `<div class="kpi"><span>${k}</span><strong>${v}</strong></div>`)
    .join("");
  const byCat = new Map<string, number>();
  for (const r of reportRows) byCat.set(r.category ?? "", (byCat.get(r.category ?? "") ?? 0) + r.arrivals);
  chart("chart-report-categories").setOption({ tooltip: { trigger: "item" }, legend: { bottom: 0 }, series: [{ type: "pie", radius: ["35%", "65%"], label: { show: false }, data: [...byCat.entries()].map(([name, value]) => ({ name: category(name), value })) }] });
}

function switchTab(reports: boolean) {
  $("live").hidden = reports;
  $("reports").hidden = !reports;
  $("tab-live").classList.toggle("active", !reports);
  $("tab-reports").classList.toggle("active", reports);
  if (reports) showReport();
}

let modes = savedModes();
function relabel(lang: Lang) {
  setLang(lang);
  localStorage.setItem("borderflow.lang", lang);
  applyI18n();
  applyModes(modes);
  $("theme").textContent = t(modes.dark ? "lightTheme" : "darkTheme");
  $("wall").textContent = t(modes.wall ? "leaveWallboard" : "wallboard");
  renderAdvice();
  renderInstructions();
  drawDay(names());
  if (last) {
    showConn();
    render(last);
    refreshStats(shown(last)!).catch((e) => console.warn(e));
  }
}

async function main() {
  relabel(savedStaffLang());
  $("lang").onclick = () => relabel(getLang() === "en" ? "zh" : "en");
  $("theme").onclick = () => ((modes = { ...modes, dark: !modes.dark }), relabel(getLang()));
  $("wall").onclick = () => {
    modes = { ...modes, wall: !modes.wall };
    if (modes.wall) askFullScreen();
    relabel(getLang());
  };
  $("tab-live").onclick = () => switchTab(false);
  $("tab-reports").onclick = () => switchTab(true);
  $("report-show").onclick = () => showReport();
  $("replay").onclick = () => startReplay(Number(($("replay-speed") as HTMLSelectElement).value), names());
  $("report-csv").onclick = () => {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([toCsv(reportRows)], { type: "text/csv" }));
    a.download = "borderflow-report.csv";
    a.click();
  };
  const me = await whoami();
  if (!me) return;
  $("me").textContent = me.by;
  $("admin-link").hidden = me.role !== "admin";
  $("sign-out").hidden = false;
  $("sign-out").onclick = () => signOut();
  checkpoints = await getCheckpoints();
  // A checkpoint this server does not carry (remembered from another) falls back to the first.
  if (!checkpoints.some((c) => c.id === current)) current = checkpoints[0]?.id ?? null;
  setCheckpoint(checkpoints.length > 1 ? current : null);
  const first = await getLive();
  twins = await getTwin().catch(() => []);
  last = first;
  pickTwin();
  // The day so far from the server: a reload after the surge still shows the surge.
  const cp0 = shown(first);
  if (cp0) history.seed(historyWaits(await getHistory(localDate(first.at, cp0.time_zone)).catch(() => ({ checkpoint: cp0.id, day: "", step_s: 300, at: [], queues: [], lanes_open: [] }))));
  receive(first);
  renderAdvice();
  follow(
    receive,
    (delta) => {
      if (last) receive(applyDelta(last, delta));
    },
    (change) => {
      const c = change as { change: string; alert: Alert };
      alertsPanel.change(c.change, c.alert);
      renderAlerts();
    },
    (answers) => {
      twins = answers;
      pickTwin();
      renderAdvice();
      renderTrack();
      if (last) renderWaitChart(shown(last)!);
    },
    (i) => {
      instructions = upsertInstruction(instructions, i);
      renderInstructions();
    },
    (ok) => {
      connected = ok;
      showConn();
    },
  );
  const tick = async () => {
    const cp = shown(last);
    if (cp) await refreshStats(cp).catch((e) => console.warn(e));
    plan = await getPlan().catch((e) => (console.warn(e), plan));
    await loadInstructions().catch((e) => console.warn(e));
    await loadOfficers().catch((e) => console.warn(e));
    await alertsPanel
      .loadDay(shown(last)?.id)
      .then((d) => ((alertDays = d), renderAlerts()))
      .catch((e) => console.warn(e));
  };
  await tick();
  setInterval(tick, 5000);
  // The stream says nothing while the server is away: the notice comes from the clock.
  setInterval(showConn, 5000);
}

main().catch((e) => {
  // The server was away at start: say so, and try again shortly.
  $("conn").textContent = `○ ${t("reconnecting")}`;
  console.warn(e);
  setTimeout(() => location.reload(), 10_000);
});
