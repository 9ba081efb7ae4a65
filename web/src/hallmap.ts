// A 2D plan of the hall, drawn from the checkpoint's lane groups and queues
// (an automatic layout: each direction's hall a column, its queues as bars
// by length and coloured by their wait, its lane groups as rows of lanes
// coloured by state). The twin's advice outlines the lanes it names; a click
// on a lane gives its controls.
import { esc } from "./html";
import { t } from "./i18n";
import type { CheckpointInfo, Namer } from "./names";
import type { CheckpointView } from "./shape";

/** A box on the plan, in the SVG's units. */
export interface Box { x: number; y: number; w: number; h: number }
/** A queue: its name at (labelX, labelY), its bar from barX, at most barMax long. */
export type QueueBox = Box & { id: string; labelX: number; labelY: number; barX: number; barMax: number };
export interface HallPlan {
  width: number;
  height: number;
  halls: (Box & { direction: string })[];
  queues: QueueBox[];
  /** Where each lane group's name goes. */
  groups: { id: string; x: number; y: number }[];
  lanes: (Box & { id: string })[];
}

const W = 1400;
const ROW = 34;
const LANE = 30;
const LABEL = 270;
/** On a floor plan: lanes of a group stand this far apart, and a queue's bar is at most this long, metres. */
const LANE_PITCH_M = 2;
const BAR_M = 10;

const directionOf = (info: CheckpointInfo, queues: string[]) => info.queues.find((q) => queues.includes(q.id))?.direction ?? "entry";

/** Where everything goes: the scenario's floor plan if it gives one, else a hall per direction with a row per queue and lane group. */
export function hallPlan(info: CheckpointInfo): HallPlan {
  return info.queues.length > 0 && info.queues.every((q) => q.at) && info.lane_groups.every((g) => g.at) ? floorPlan(info) : autoPlan(info);
}

function autoPlan(info: CheckpointInfo): HallPlan {
  const dirs = ["entry", "exit"].filter((d) => info.queues.some((q) => q.direction === d));
  const served = (d: string) => info.lane_groups.filter((g) => directionOf(info, g.serves) === d);
  // Each hall as wide as its longest row of lanes needs, shared out over the width.
  const need = dirs.map((d) => Math.max(6, ...served(d).map((g) => g.lanes.length)) * (LANE + 4) + LABEL + 24);
  const scale = W / need.reduce((a, b) => a + b, 0);
  const plan: HallPlan = { width: W, height: 0, halls: [], queues: [], groups: [], lanes: [] };
  let x = 0;
  dirs.forEach((d, i) => {
    const w = need[i] * scale;
    let y = 30;
    for (const q of info.queues.filter((q) => q.direction === d)) {
      plan.queues.push({ id: q.id, x: x + 8, y, w: w - 16, h: ROW - 8, labelX: x + 8, labelY: y + 17, barX: x + 8 + LABEL, barMax: w - 16 - LABEL - 90 });
      y += ROW;
    }
    y += 8;
    for (const g of served(d)) {
      plan.groups.push({ id: g.id, x: x + 8, y: y + 22 });
      g.lanes.forEach((l, k) => plan.lanes.push({ id: l, x: x + 8 + LABEL + k * (LANE + 4), y: y + 3, w: LANE, h: LANE }));
      y += LANE + 12;
    }
    plan.halls.push({ direction: d, x, y: 0, w, h: y });
    plan.height = Math.max(plan.height, y + 6);
    x += w;
  });
  return plan;
}

function floorPlan(info: CheckpointInfo): HallPlan {
  const right = Math.max(...info.queues.map((q) => q.at!.x_m + BAR_M + 4), ...info.lane_groups.map((g) => g.at!.x_m + g.lanes.length * LANE_PITCH_M));
  const bottom = Math.max(...info.queues.map((q) => q.at!.y_m + 1), ...info.lane_groups.map((g) => g.at!.y_m + LANE_PITCH_M));
  const pad = 30;
  const s = (W - 2 * pad) / right;
  const at = (p: { x_m: number; y_m: number }) => ({ x: pad + p.x_m * s, y: pad + p.y_m * s });
  const plan: HallPlan = { width: W, height: pad * 2 + bottom * s, halls: [], queues: [], groups: [], lanes: [] };
  for (const q of info.queues) {
    const { x, y } = at(q.at!);
    plan.queues.push({ id: q.id, x, y, w: BAR_M * s, h: Math.max(12, 0.8 * s), labelX: x, labelY: y - 4, barX: x, barMax: BAR_M * s });
  }
  for (const g of info.lane_groups) {
    const { x, y } = at(g.at!);
    plan.groups.push({ id: g.id, x, y: y - 4 });
    g.lanes.forEach((l, k) => plan.lanes.push({ id: l, x: x + k * LANE_PITCH_M * s, y, w: Math.max(16, 1.5 * s), h: Math.max(16, 1.5 * s) }));
  }
  // Each direction's hall around what stands in it.
  for (const d of ["entry", "exit"]) {
    const boxes: Box[] = [
      ...plan.queues.filter((b) => info.queues.find((q) => q.id === b.id)?.direction === d),
      ...plan.lanes.filter((b) => info.lane_groups.some((g) => g.lanes.includes(b.id) && directionOf(info, g.serves) === d)),
    ];
    if (boxes.length === 0) continue;
    const x = Math.min(...boxes.map((b) => b.x)) - 16;
    const y = Math.min(...boxes.map((b) => b.y)) - 26;
    plan.halls.push({ direction: d, x, y, w: Math.max(...boxes.map((b) => b.x + b.w)) + 16 - x, h: Math.max(...boxes.map((b) => b.y + b.h)) + 10 - y });
  }
  return plan;
}


/** The plan with the live picture on it, as SVG. */
export function hallSvg(plan: HallPlan, cp: CheckpointView, names: Namer, advised: Set<string>): string {
  const longest = Math.max(1, ...cp.queues.map((q) => q.length));
  const parts: string[] = [];
  for (const h of plan.halls) {
    parts.push(`<rect class="hall" x="${h.x + 2}" y="${h.y + 2}" width="${h.w - 4}" height="${h.h - 4}" rx="6"/><text class="hall-name" x="${h.x + 12}" y="${h.y + 20}">${esc(names.direction(h.direction))}</text>`);
  }
  for (const b of plan.queues) {
    const q = cp.queues.find((x) => x.id === b.id);
    if (!q) continue;
    const barW = Math.max(2, (b.barMax * q.length) / longest);
    const wait = q.estimated_wait_s === null ? t("noLane") : `${Math.round(q.estimated_wait_s / 60)} ${t("min")}`;
    parts.push(
      `<g class="queue ${q.status}" data-queue="${esc(q.id)}"><text x="${b.labelX}" y="${b.labelY}" class="label">${esc(names.queue(q.id))}</text>` +
        `<rect x="${b.barX}" y="${b.y + 4}" width="${barW}" height="${b.h - 8}" rx="3"/>` +
        `<text x="${b.barX + barW + 6}" y="${b.y + b.h / 2 + 4}" class="figure">${q.length} · ${esc(wait)}</text></g>`,
    );
  }
  for (const g of plan.groups) parts.push(`<text x="${g.x}" y="${g.y}" class="label">${esc(names.group(g.id))}</text>`);
  for (const b of plan.lanes) {
    const l = cp.lanes.find((x) => x.id === b.id);
    if (!l) continue;
    const state = !l.open ? "closed" : l.busy ? "busy" : "idle";
    parts.push(
      `<g class="lane ${state}${advised.has(l.id) ? " advised" : ""}" data-lane="${esc(l.id)}" tabindex="0" role="button"><title>${esc(`${l.id} · ${l.open ? t("isOpen") : t("isClosed")}${l.officer ? ` · ${l.officer}` : ""}`)}</title>` +
        `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="4"/><text x="${b.x + b.w / 2}" y="${b.y + b.h / 2 + 4}" text-anchor="middle">${esc(l.id)}</text></g>`,
    );
  }
  return `<svg viewBox="0 0 ${plan.width} ${plan.height}" class="hall-map" role="img">${parts.join("")}</svg>`;
}

/** Draws the plan into `el`; a click (or Enter) on a lane opens its controls, which call `command(lane, open)`.
 * The controls stand apart from the drawing, redrawn only when their lane changes, so a button stays put under the pointer. */
export function renderHallMap(el: HTMLElement, plan: HallPlan, cp: CheckpointView, names: Namer, advised: Set<string>, command: (lane: string, open: boolean) => Promise<void>): void {
  if (!el.querySelector(".hall-svg")) el.innerHTML = `<div class="hall-svg"></div><div class="lane-pop" hidden></div>`;
  el.querySelector(".hall-svg")!.innerHTML = hallSvg(plan, cp, names, advised);
  const pop = el.querySelector<HTMLElement>(".lane-pop")!;
  const show = (id: string) => {
    const l = cp.lanes.find((x) => x.id === id);
    if (!l) return;
    const state = `${id}:${l.open}:${l.officer ?? ""}:${t("close")}`;
    pop.hidden = false;
    if (pop.dataset.state === state) return;
    pop.dataset.lane = id;
    pop.dataset.state = state;
    pop.innerHTML = `<strong>${esc(id)}</strong> · ${esc(l.open ? t("isOpen") : t("isClosed"))}${l.officer ? ` · ${esc(l.officer)}` : ""} <button class="${l.open ? "lane-close" : "lane-open"}">${esc(l.open ? t("close") : t("open"))}</button> <button class="pop-done">×</button>`;
    const b = pop.querySelector<HTMLButtonElement>("button.lane-close, button.lane-open")!;
    b.onclick = async () => {
      b.disabled = true;
      await command(id, !l.open).catch((e) => ((b.title = String(e)), (b.disabled = false)));
    };
    pop.querySelector<HTMLButtonElement>(".pop-done")!.onclick = () => {
      pop.hidden = true;
      delete pop.dataset.lane;
      delete pop.dataset.state;
    };
  };
  el.querySelectorAll<SVGGElement>("g.lane").forEach((g) => {
    const id = g.dataset.lane!;
    g.onclick = () => show(id);
    g.onkeydown = (e) => e.key === "Enter" && show(id);
  });
  // The controls of the lane being looked at follow its state.
  if (pop.dataset.lane) show(pop.dataset.lane);
}
