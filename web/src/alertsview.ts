// The alerts panel: active alerts newest first, each acknowledged by a
// supervisor (who and when stay with it), and the day's cleared ones greyed.
import { ackAlert, getAlertDay } from "./api";
import { t } from "./i18n";
import type { Namer } from "./names";
import { alertText, localTime, type Alert, type CheckpointView } from "./shape";

export class AlertsPanel {
  private readonly alerts = new Map<string, Alert>();
  // The day's alerts that have cleared (from `GET /api/v1/alerts`).
  private cleared: Alert[] = [];

  /** The active alerts as a snapshot gives them. */
  active(list: Alert[]): void {
    for (const a of list) this.alerts.set(a.id, a);
    for (const id of [...this.alerts.keys()]) if (!list.some((a) => a.id === id)) this.alerts.delete(id);
  }

  /** One alert raised, updated or cleared (the stream). */
  change(kind: string, a: Alert): void {
    if (kind === "cleared") this.alerts.delete(a.id);
    else this.alerts.set(a.id, a);
  }

  /** The day's alerts of every checkpoint (for the overview), keeping `checkpoint`'s cleared ones for the panel. */
  async loadDay(checkpoint: string | undefined): Promise<{ checkpoint: string; alerts: Alert[] }[]> {
    const day = await getAlertDay();
    this.cleared = ((day.find((d) => d.checkpoint === checkpoint) ?? day[0])?.alerts ?? []).filter((a) => a.cleared_at);
    return day;
  }

  render(ul: HTMLElement, cp: CheckpointView | undefined, names: Namer): void {
    ul.innerHTML = "";
    const when = (iso: string) => (cp ? localTime(Date.parse(iso), cp.time_zone) : "");
    const line = (a: Alert) => {
      const { key, vars } = alertText(a, cp?.max_wait_s ?? 1800, cp?.max_continuous_work_s, names);
      return `${when(a.updated_at)} ${t(key, vars)}`;
    };
    if (this.alerts.size === 0 && this.cleared.length === 0) {
      ul.innerHTML = `<li class="none">${t("noAlerts")}</li>`;
      return;
    }
    for (const a of [...this.alerts.values()].sort((x, y) => y.updated_at.localeCompare(x.updated_at))) {
      const li = document.createElement("li");
      li.className = a.level;
      li.dataset.alert = a.id;
      li.textContent = line(a);
      li.title = a.message;
      if (a.acknowledged) {
        const note = a.acknowledged.note ? ` — ${a.acknowledged.note}` : "";
        li.append(` ✓ ${t("ackedBy", { by: a.acknowledged.by, at: when(a.acknowledged.at) })}${note}`);
      } else {
        // A supervisor takes it on: who and when are kept with the alert for the day.
        const b = document.createElement("button");
        b.className = "alert-ack";
        b.textContent = t("acknowledge");
        b.onclick = async () => {
          b.disabled = true;
          await ackAlert(a.id).then((x) => this.alerts.set(x.id, x)).catch((e) => (li.title = String(e)));
          this.render(ul, cp, names);
        };
        li.append(" ", b);
      }
      ul.appendChild(li);
    }
    for (const a of this.cleared.slice(-8).reverse()) {
      const li = document.createElement("li");
      li.className = "cleared";
      li.textContent = `${line(a)} · ${t("clearedAt", { at: when(a.cleared_at ?? a.updated_at) })}${a.acknowledged ? ` ✓ ${a.acknowledged.by}` : ""}`;
      ul.appendChild(li);
    }
  }
}
