// Every checkpoint a server carries, side by side: its worst wait now, the
// waits over the standard alerted today, lanes open, active alerts and how
// long since its newest lane event (at a national centre: the lag of that
// station's feed). A click shows that checkpoint. Hidden when the server
// carries only one.
import { nameIn, t } from "./i18n";
import type { CheckpointInfo } from "./names";
import { kpis, type Alert, type CheckpointView, type Snapshot } from "./shape";

/** Seconds from a checkpoint's newest lane event to `now` (null: none yet). */
export function feedLagS(cp: CheckpointView, now: string): number | null {
  const seen = cp.lanes.map((l) => (l.last_seen ? Date.parse(l.last_seen) : NaN)).filter((x) => !Number.isNaN(x));
  if (seen.length === 0) return null;
  return Math.max(0, Math.round((Date.parse(now) - Math.max(...seen)) / 1000));
}

/** A feed lag as people say it. */
export function lagText(s: number | null): string {
  if (s === null) return t("noEventsYet");
  return s < 120 ? t("secondsAgo", { n: s }) : t("ageOf", { m: Math.floor(s / 60) });
}

/** Today's wait alerts that reached the standard (critical), per checkpoint. */
export function breachesToday(day: { checkpoint: string; alerts: Alert[] }[], checkpoint: string): number {
  return (day.find((d) => d.checkpoint === checkpoint)?.alerts ?? []).filter((a) => a.kind === "wait" && a.level === "critical").length;
}

export function renderOverview(el: HTMLElement, snap: Snapshot, infos: CheckpointInfo[], day: { checkpoint: string; alerts: Alert[] }[], current: string, pick: (id: string) => void): void {
  el.hidden = snap.checkpoints.length < 2;
  if (el.hidden) return;
  el.innerHTML = "";
  for (const cp of snap.checkpoints) {
    const k = kpis(cp);
    const b = document.createElement("button");
    b.className = `checkpoint-card${cp.id === current ? " active" : ""}${k.overStandard ? " bad" : ""}`;
    b.dataset.checkpoint = cp.id;
    const worst = k.worstWaitMin === null ? "–" : k.worstWaitMin === Infinity ? t("noLane") : `${k.worstWaitMin} ${t("min")}`;
    const lines = [
      [t("worstWait"), worst],
      [t("breachesToday"), String(breachesToday(day, cp.id))],
      [t("lanesOpen"), `${k.manualOpen + k.egateOpen}/${k.manualTotal + k.egateTotal}`],
      [t("alerts"), String(cp.alerts.length)],
      [t("lastEvent"), lagText(feedLagS(cp, snap.at))],
    ];
    const strong = document.createElement("strong");
    strong.textContent = nameIn(infos.find((i) => i.id === cp.id)?.names, cp.name);
    b.append(strong);
    for (const [label, value] of lines) {
      const span = document.createElement("span");
      span.textContent = `${label}: ${value}`;
      b.append(span);
    }
    b.onclick = () => pick(cp.id);
    el.appendChild(b);
  }
}
