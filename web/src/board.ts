// The public board: big, calm numbers, auto-refreshing, no login, no personal data.
import "./style.css";
import { applyI18n, getLang, isKey, setLang, t, type Lang } from "./i18n";

interface BoardQueue { queue: string; direction: string; egate: boolean; wait_minutes: number | null; status: string; open_lanes: number }
interface Advice { direction: string; category: string; queue: string; egate_queue: string | null }
interface Board { checkpoint: string; name: string; time_zone: string; at: string; queues: BoardQueue[]; advice: Advice[]; egates_open: number; egates_total: number }

const $ = (id: string) => document.getElementById(id)!;
let last: Board[] = [];

function render() {
  const b = last[0];
  if (!b) return;
  $("board-queues").innerHTML = b.queues
    .map((q) => `<div class="board-queue ${q.status}" data-queue="${q.queue}"><span class="name">${q.queue}</span><span class="wait">${q.wait_minutes === null ? t("noLane") : t("about", { n: q.wait_minutes })}</span></div>`)
    .join("");
  $("board-advice").innerHTML = b.advice
    .filter((a) => a.direction === "entry")
    .map((a) => `<div>${t("joinQueue", { cat: isKey(a.category) ? t(a.category) : a.category, queue: a.queue })}${a.egate_queue ? ` ${t("orEgate", { queue: a.egate_queue })}` : ""}</div>`)
    .join("");
  $("board-egates").textContent = t("egatesAvailable", { open: b.egates_open, total: b.egates_total });
  $("board-clock").textContent = new Intl.DateTimeFormat(getLang() === "zh" ? "zh-CN" : "en-GB", { timeZone: b.time_zone, hour: "2-digit", minute: "2-digit" }).format(new Date(b.at));
}

async function refresh() {
  const res = await fetch("/api/v1/board");
  if (res.ok) {
    last = await res.json();
    render();
  }
}

function relabel(lang: Lang) {
  setLang(lang);
  applyI18n();
  render();
}

relabel((new URLSearchParams(location.search).get("lang") as Lang) ?? "en");
$("lang").onclick = () => relabel(getLang() === "en" ? "zh" : "en");
refresh();
setInterval(refresh, 5000);
