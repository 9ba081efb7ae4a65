// A 2D plan of the hall, drawn from the checkpoint's lane groups and queues
// (an automatic layout: each direction's hall a column, its queues as bars
// by length and coloured by their wait, its lane groups as rows of lanes
// coloured by state). The twin's advice outlines the lanes it names; a click
// on a lane gives its controls.
import { t } from "./i18n";
import type { CheckpointInfo, Namer } from "./names";
import type { CheckpointView } from "./shape";

/** A box on the plan, in the SVG's units. */
export interface Box { x: number; y: number; w: number; h: number }
export interface HallPlan {
  width: number;
  height: number;
  halls: (Box & { direction: string })[];
  queues: (Box & { id: string })[];
  groups: (Box & { id: string })[];
  lanes: (Box & { id: string })[];
}

const W = 1400;
const ROW = 34;
const LANE = 30;
const LABEL = 270;

/** Where everything goes: pure, from the configuration alone. */
export function hallPlan(info: CheckpointInfo): HallPlan {
  const dirs = ["entry", "exit"].filter((d) => info.queues.some((q) => q.direction === d));
  const served = (d: string) => info.lane_groups.filter((g) => g.serves.some((q) => info.queues.find((x) => x.id === q)?.direction === d));
  // Each hall as wide as its longest row of lanes needs, shared out over the width.
  const need = dirs.map((d) => Math.max(6, ...served(d).map((g) => g.lanes.length)) * (LANE + 4) + LABEL + 24);
  const scale = W / need.reduce((a, b) => a + b, 0);
  const plan: HallPlan = { width: W, height: 0, halls: [], queues: [], groups: [], lanes: [] };
  let x = 0;
  dirs.forEach((d, i) => {
    const w = need[i] * scale;
    let y = 30;
    for (const q of info.queues.filter((q) => q.direction === d)) {
      plan.queues.push({ id: q.id, x: x + 8, y, w: w - 16, h: ROW - 8 });
      y += ROW;
    }
    y += 8;
    for (const g of served(d)) {
      plan.groups.push({ id: g.id, x: x + 8, y, w: w - 16, h: LANE + 6 });
      g.lanes.forEach((l, k) => plan.lanes.push({ id: l, x: x + 8 + LABEL + k * (LANE + 4), y: y + 3, w: LANE, h: LANE }));
      y += LANE + 12;
    }
    plan.halls.push({ direction: d, x, y: 0, w, h: y });
    plan.height = Math.max(plan.height, y + 6);
    x += w;
  });
  return plan;
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot" }[c]};`);

/** The plan with the live picture on it, as SVG. */
export function hallSvg(plan: HallPlan, cp: CheckpointView, names: Namer, advised: Set<string>): string {
  const longest = Math.max(1, ...cp.queues.map((q) => q.length));
  const parts: string[] = [];
  for (const h of plan.halls) {
    parts.push(`<rect class="hall" x="${h.x + 2}" y="2" width="${h.w - 4}" height="${plan.height - 4}" rx="6"/><text class="hall-name" x="${h.x + 12}" y="20">${esc(names.direction(h.direction))}</text>`);
  }
  for (const b of plan.queues) {
    const q = cp.queues.find((x) => x.id === b.id);
    if (!q) continue;
    const barW = Math.max(2, ((b.w - LABEL - 90) * q.length) / longest);
    const wait = q.estimated_wait_s === null ? t("noLane") : `${Math.round(q.estimated_wait_s / 60)} ${t("min")}`;
    parts.push(
      `<g class="queue ${q.status}" data-queue="${esc(q.id)}"><text x="${b.x}" y="${b.y + 17}" class="label">${esc(names.queue(q.id))}</text>` +
        `<rect x="${b.x + LABEL}" y="${b.y + 4}" width="${barW}" height="${b.h - 8}" rx="3"/>` +
        `<text x="${b.x + LABEL + barW + 6}" y="${b.y + 17}" class="figure">${q.length} · ${esc(wait)}</text></g>`,
    );
  }
  for (const g of plan.groups) parts.push(`<text x="${g.x}" y="${g.y + 22}" class="label">${esc(names.group(g.id))}</text>`);
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
