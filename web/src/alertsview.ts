// The alerts panel: active alerts newest first, each acknowledged by a
// supervisor (who and when stay with it), and the day's cleared ones greyed.
import { ackAlert, getAlertDay } from "./api";
import { t } from "./i18n";
import type { Namer } from "./names";
import { keyed, setText } from "./keyed";
import { alertText, localTime, type Alert, type CheckpointView } from "./shape";

export class AlertsPanel {
  private readonly alerts = new Map<string, Alert>();
  // The day's alerts that have cleared (from `GET /api/v1/alerts`).
  private cleared: Alert[] = [];
  // What the panel was last drawn with, so an acknowledgement redraws with the view of now, not of when its line was made.
  private last?: { ul: HTMLElement; cp: CheckpointView | undefined; names: Namer };

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

  /** Fills the panel; its lines are kept across updates (see keyed.ts), so an acknowledge button stays under the pointer. */
  render(ul: HTMLElement, cp: CheckpointView | undefined, names: Namer): void {
    this.last = { ul, cp, names };
    const when = (iso: string) => (cp ? localTime(Date.parse(iso), cp.time_zone) : "");
    const line = (a: Alert) => {
      const { key, vars } = alertText(a, cp?.max_wait_s ?? 1800, cp?.max_continuous_work_s, names);
      return `${when(a.updated_at)} ${t(key, vars)}`;
    };
    type Line = { kind: "active" | "cleared"; a: Alert } | { kind: "none" };
    const lines: Line[] = [
      ...[...this.alerts.values()].sort((x, y) => y.updated_at.localeCompare(x.updated_at)).map((a) => ({ kind: "active" as const, a })),
      ...this.cleared.slice(-8).reverse().map((a) => ({ kind: "cleared" as const, a })),
    ];
    if (lines.length === 0) lines.push({ kind: "none" });
    const keyOf = (l: Line) => (l.kind === "none" ? "none" : `${l.kind}:${l.a.id}`);
    keyed(ul, lines, keyOf, (l) => this.item(l.kind === "active" ? l.a.id : null), (li, l) => {
      const text = li.firstElementChild!;
      if (l.kind === "none") {
        li.className = "none";
        setText(text, t("noAlerts"));
        return;
      }
      const a = l.a;
      if (l.kind === "cleared") {
        li.className = "cleared";
        setText(text, `${line(a)} · ${t("clearedAt", { at: when(a.cleared_at ?? a.updated_at) })}${a.acknowledged ? ` ✓ ${a.acknowledged.by}` : ""}`);
        return;
      }
      li.className = a.level;
      li.dataset.alert = a.id;
      li.title = a.message;
      const ack = a.acknowledged;
      setText(text, ack ? `${line(a)} ✓ ${t("ackedBy", { by: ack.by, at: when(ack.at) })}${ack.note ? ` — ${ack.note}` : ""}` : line(a));
      // Once taken on, an alert stays so: its button goes.
      const b = li.querySelector<HTMLButtonElement>("button.alert-ack");
      if (ack) b?.remove();
      else if (b) setText(b, t("acknowledge"));
    });
  }

  /** One line: its text, and for an active alert the button by which a supervisor takes it on (who and when are kept with the alert for the day). */
  private item(id: string | null): HTMLLIElement {
    const li = document.createElement("li");
    li.append(document.createElement("span"));
    if (id === null) return li;
    const b = document.createElement("button");
    b.className = "alert-ack";
    b.onclick = async () => {
      b.disabled = true;
      await ackAlert(id)
        .then((x) => this.alerts.set(x.id, x))
        .catch((e) => (li.title = String(e)));
      b.disabled = false;
      if (this.last) this.render(this.last.ul, this.last.cp, this.last.names);
    };
    li.append(b);
    return li;
  }
}
