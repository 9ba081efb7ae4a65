// The guide handheld: a phone page for the guides who triage the crowd —
// where to send each category now (the board's advice, live), a head count
// per queue (`queue_count` events), and the guides' instructions to acknowledge.
import { uuidv7 } from "./ids";
import "./style.css";
import { getInstructions, postEvents, whoami } from "./api";
import { renderInbox } from "./inbox";
import { type Instruction } from "./command";
import { boardNamer, getBoards, queueName, type Board } from "./boards";
import { applyI18n, getLang, nameIn, setLang, t, type Lang, savedStaffLang } from "./i18n";
import { localTime } from "./shape";

const $ = (id: string) => document.getElementById(id)!;
let board: Board | null = null;
let skewMs = 0;
let inbox: Instruction[] = [];
const status = (s: string) => ($("guide-status").textContent = s);

/** Instructions a guide answers: to the guides, a hall, or everyone; unanswered first. */
function forGuides(all: Instruction[]): Instruction[] {
  const mine = all.filter((i) => i.to.kind === "guides" || i.to.kind === "hall" || i.to.kind === "everyone");
  const open = mine.filter((i) => i.state === "sent" || i.state === "delivered").reverse();
  return [...open, ...mine.filter((i) => !open.includes(i)).slice(0, 3)];
}

function render() {
  if (board) {
    const b = board;
    $("guide-clock").textContent = localTime(Date.parse(b.at), b.time_zone);
    const wait = (q: string) => b.queues.find((x) => x.queue === q)?.wait_minutes ?? null;
    $("guide-advice").innerHTML = "";
    for (const a of b.advice) {
      const li = document.createElement("li");
      const cat = nameIn(a.category_names, a.category);
      // Their own queue and its wait; the e-gates too when they are quicker (for those enrolled), as the board says.
      const w = wait(a.queue);
      const gates = a.egate_queue ? ` ${t("orEgate", { queue: queueName(b, a.egate_queue) })}` : "";
      li.textContent = `${t(a.direction === "entry" ? "entry" : "exit")} · ${t("joinQueue", { cat, queue: queueName(b, a.queue) })}${w === null ? "" : ` · ${t("about", { n: w })}`}${gates}`;
      $("guide-advice").appendChild(li);
    }
    const sel = $("guide-queue") as HTMLSelectElement;
    if (sel.options.length === 0) for (const q of b.queues) sel.add(new Option(queueName(b, q.queue), q.queue));
    for (const o of sel.options) o.text = queueName(b, o.value);
  }
  renderInbox($("guide-instructions"), inbox, { decline: false, after: refresh, say: status, names: board ? boardNamer(board) : undefined });
}

async function refresh() {
  try {
    const boards = await getBoards();
    if (boards) {
      board = boards[0] ?? null;
      if (board) skewMs = Date.parse(board.at) - Date.now();
    }
    inbox = forGuides((await getInstructions()).instructions);
    render();
  } catch (e) {
    status(String(e));
  }
}

function relabel(lang: Lang) {
  setLang(lang);
  localStorage.setItem("borderflow.lang", lang);
  applyI18n();
  render();
}

async function main() {
  relabel(savedStaffLang());
  $("lang").onclick = () => relabel(getLang() === "en" ? "zh" : "en");
  if (!(await whoami())) return;
  $("guide-count").onsubmit = async (e) => {
    e.preventDefault();
    const n = Number(($("guide-n") as HTMLInputElement).value);
    if (!board || !Number.isInteger(n) || n < 0) return status(t("countWhole"));
    const queue = ($("guide-queue") as HTMLSelectElement).value;
    const ev = { id: uuidv7(), at: new Date(Date.now() + skewMs).toISOString(), checkpoint: board.checkpoint, kind: "queue_count", queue, count: n };
    try {
      const r = await postEvents([ev]);
      status(r.rejected.length ? `${r.rejected[0].field}: ${r.rejected[0].reason}` : t("countSent", { queue: queueName(board, queue), n }));
    } catch (err) {
      status(String(err));
    }
  };
  await refresh();
  setInterval(refresh, 2000);
}

main();
