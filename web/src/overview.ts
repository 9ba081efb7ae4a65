// Every checkpoint a server carries, side by side: its worst wait now, the
// waits over the standard alerted today, lanes open, active alerts and how
// long since its newest lane event (at a national centre: the lag of that
// station's feed). A click shows that checkpoint. Hidden when the server
// carries only one.
import { nameIn, t } from "./i18n";
import { keyed, setText } from "./keyed";
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

/** The checkpoint cards, kept across updates (see keyed.ts) so a click on one is not lost to a redraw. */
export function renderOverview(el: HTMLElement, snap: Snapshot, infos: CheckpointInfo[], day: { checkpoint: string; alerts: Alert[] }[], current: string, pick: (id: string) => void): void {
  el.hidden = snap.checkpoints.length < 2;
  if (el.hidden) return;
  const card = (id: string) => {
    const b = document.createElement("button");
    b.dataset.checkpoint = id;
    b.onclick = () => pick(id);
    return b;
  };
  keyed(el, snap.checkpoints, (cp) => cp.id, (cp) => card(cp.id), (b, cp) => {
    const k = kpis(cp);
    b.className = `checkpoint-card${cp.id === current ? " active" : ""}${k.overStandard ? " bad" : ""}`;
    const worst = k.worstWaitMin === null ? "–" : k.worstWaitMin === Infinity ? t("noLane") : `${k.worstWaitMin} ${t("min")}`;
    const lines = [
      nameIn(infos.find((i) => i.id === cp.id)?.names, cp.name),
      `${t("worstWait")}: ${worst}`,
      `${t("breachesToday")}: ${breachesToday(day, cp.id)}`,
      `${t("lanesOpen")}: ${k.manualOpen + k.egateOpen}/${k.manualTotal + k.egateTotal}`,
      `${t("alerts")}: ${cp.alerts.length}`,
      `${t("lastEvent")}: ${lagText(feedLagS(cp, snap.at))}`,
    ];
    if (b.children.length !== lines.length) b.replaceChildren(document.createElement("strong"), ...lines.slice(1).map(() => document.createElement("span")));
    lines.forEach((text, i) => setText(b.children[i]!, text));
  });
}
