// Every checkpoint a server carries, side by side: its worst wait now, the
// waits over the standard alerted today, lanes open and active alerts. A
// click shows that checkpoint. Hidden when the server carries only one.
import { nameIn, t } from "./i18n";
import type { CheckpointInfo } from "./names";
import { kpis, type Alert, type Snapshot } from "./shape";

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
