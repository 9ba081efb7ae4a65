// The public board: big, calm numbers, auto-refreshing, no login, no personal
// data. Chinese, Kazakh, Russian and English: `?lang=ru` fixes one, `?rotate=8`
// (a hall screen) cycles through all four every 8 s, otherwise the browser's
// language. `?checkpoint=` picks a checkpoint on a server carrying several.
// A QR code on the hall screen opens the same board on a phone.
import "./style.css";
import "./board.css";
import QRCode from "qrcode";
import { adviceWorthShowing, getBoards, pick, queueName, type Board } from "./boards";
import { applyI18n, asLang, getLang, LANGS, locale, nameIn, setLang, t, type Lang } from "./i18n";
import { esc } from "./html";
import { Freshness } from "./stale";

const $ = (id: string) => document.getElementById(id)!;
const params = new URLSearchParams(location.search);
const checkpoint = params.get("checkpoint");
const ENDONYMS: Record<Lang, string> = { zh: "中文", kk: "Қазақша", ru: "Русский", en: "English" };
let board: Board | null = null;
const freshness = new Freshness();

const clock = (iso: string, tz: string) => new Intl.DateTimeFormat(locale(), { timeZone: tz, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso));

function render() {
  const old = freshness.staleSince();
  $("board-stale").hidden = old === null || board === null;
  if (old && board) $("board-stale").textContent = t("staleSince", { time: clock(old, board.time_zone) });
  const b = board;
  if (!b) return;
  $("board-name").textContent = nameIn(b.names, b.name);
  $("board-clock").textContent = clock(b.at, b.time_zone);
  $("board-dirs").innerHTML = ["entry", "exit"]
    .map((d) => [d, b.queues.filter((q) => q.direction === d)] as const)
    .filter(([, qs]) => qs.length > 0)
    .map(([d, qs]) => {
      const cards = qs
        .map((q) => {
          // A number stays with its unit ("58 min") when the wait wraps on a phone.
          const wait = (q.wait_minutes === null ? t("noLane") : q.wait_minutes === 0 ? t("noWait") : t("about", { n: q.wait_minutes })).replace(/(\d) /g, "$1\u00a0");
          const cls = q.wait_minutes === null ? "closed" : q.status;
          return `<div class="board-queue ${cls}" data-queue="${esc(q.queue)}"><span class="name">${esc(queueName(b, q.queue))}</span><span class="wait">${esc(wait)}</span><span class="lanes">${esc(t("lanesOpenN", { n: q.open_lanes }))}</span></div>`;
        })
        .join("");
      return `<div class="board-dir" data-direction="${d}"><h2>${esc(t(d === "entry" ? "entry" : "exit"))}</h2><div class="board-queues">${cards}</div></div>`;
    })
    .join("");
  $("board-advice").querySelector("ul")!.innerHTML = adviceWorthShowing(b)
    .map((a) => {
      const gates = a.egate_queue ? `<span class="gates">${esc(t("orEgates"))}</span>` : "";
      return `<li data-category="${esc(a.category)}">${esc(nameIn(a.category_names, a.category))} → <span class="to">${esc(queueName(b, a.queue))}</span>${gates}</li>`;
    })
    .join("");
  $("board-egates").textContent = b.egates_total ? t("egatesAvailable", { open: b.egates_open, total: b.egates_total }) : "";
}

async function refresh() {
  const boards = await getBoards();
  const b = boards && pick(boards, checkpoint);
  if (b) {
    board = b;
    freshness.fresh(b.at);
  }
  render();
}

function relabel(lang: Lang) {
  setLang(lang);
  applyI18n();
  for (const btn of $("board-langs").querySelectorAll("button")) btn.classList.toggle("active", btn.dataset.lang === lang);
  render();
}

/** The language asked for, else the browser's first one the board speaks, else English. */
function firstLang(): Lang {
  const asked = asLang(params.get("lang"));
  if (asked) return asked;
  for (const l of navigator.languages ?? []) {
    const m = asLang(l.slice(0, 2).toLowerCase());
    if (m) return m;
  }
  return "en";
}

function main() {
  let rotation: ReturnType<typeof setInterval> | undefined;
  for (const l of LANGS) {
    const btn = document.createElement("button");
    btn.dataset.lang = l;
    btn.lang = l;
    btn.textContent = ENDONYMS[l];
    // A choice stops the rotation: someone is reading.
    btn.onclick = () => {
      clearInterval(rotation);
      relabel(l);
    };
    $("board-langs").appendChild(btn);
  }
  relabel(firstLang());
  if (params.has("rotate")) {
    const s = Math.min(120, Math.max(3, Number(params.get("rotate")) || 8));
    rotation = setInterval(() => relabel(LANGS[(LANGS.indexOf(getLang()) + 1) % LANGS.length]), s * 1000);
  }
  // The phone page: this board, without the hall screen's rotation.
  const phone = `${location.origin}/board${checkpoint ? `?checkpoint=${encodeURIComponent(checkpoint)}` : ""}`;
  QRCode.toString(phone, { type: "svg", margin: 1, errorCorrectionLevel: "M" })
    .then((svg) => {
      $("qr").innerHTML = svg;
      $("qr").title = phone;
    })
    .catch(() => ($("board-qr").hidden = true));
  refresh();
  setInterval(refresh, 5000);
  // A server that hangs answers nothing: the notice comes from the clock, not from an answer.
  setInterval(render, 5000);
}

main();
