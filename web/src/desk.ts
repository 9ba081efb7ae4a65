// The desk terminal: a manual desk's PC or tablet, bound to its lane by the
// lane's device token. It shows the lane and the queues it serves, takes the
// officer's sign-in, feeds the hall's events with big buttons and keyboard
// keys, and rings for instructions, which the officer acknowledges or declines.
import "./style.css";
import { answerInstruction, bindDevice, deskSignIn, getDesk, postEvents } from "./api";
import { renderInbox } from "./inbox";
import { esc } from "./html";
import { namer } from "./names";
import { applyI18n, getLang, setLang, t, type Lang, savedStaffLang } from "./i18n";
import { localTime } from "./shape";
import { deskEvent, shiftLevel, type DeskView } from "./command";

const $ = (id: string) => document.getElementById(id)!;
let view: DeskView | null = null;
// The server's clock minus this one's: events are dated by the server's clock.
let skewMs = 0;
let serving: string | null = null;
let served = 0;
const rung = new Set<string>();

const serverNow = () => new Date(Date.now() + skewMs);
const status = (s: string) => ($("desk-status").textContent = s);

/** Posts one event of this lane; says what was refused, and why. */
async function send(kind: string, extra: Record<string, string | undefined> = {}) {
  if (!view) return;
  const ev = deskEvent(view, kind, serverNow(), extra);
  try {
    const r = await postEvents([ev]);
    if (r.rejected.length > 0) status(`${kind}: ${r.rejected[0].field}: ${r.rejected[0].reason}`);
    else status("");
  } catch (e) {
    status(String(e));
  }
  await refresh();
}

/** A short tone for a new instruction (the terminal must be heard across a desk). */
function ring() {
  try {
    const ctx = new AudioContext();
    const o = ctx.createOscillator();
    o.frequency.value = 880;
    o.connect(ctx.destination);
    o.start();
    o.stop(ctx.currentTime + 0.25);
  } catch {
    // No audio device: the inbox still shows it.
  }
}

function render() {
  if (!view) return;
  const v = view;
  $("desk-title").textContent = `${t("desk")} ${v.lane.id}`;
  $("desk-state").textContent = v.lane.open ? t("isOpen") : t("isClosed");
  $("desk-state").className = `desk-state ${v.lane.open ? "open" : "closed"}`;
  $("desk-clock").textContent = localTime(Date.parse(v.at), v.time_zone);
  const o = v.officer;
  const level = shiftLevel(v);
  $("desk-officer").className = `desk-officer-line ${level}`;
  $("desk-officer").textContent = o
    ? t("officerLine", { officer: o.officer, n: o.served_today, h: o.continuous_s === null ? "–" : `${Math.floor(o.continuous_s / 3600)}:${String(Math.floor((o.continuous_s % 3600) / 60)).padStart(2, "0")}` }) +
      (level === "ok" ? "" : ` — ${t(level === "over" ? "shiftOver" : "shiftSoon")}`)
    : t("noOfficer");
  $("desk-signin").hidden = o !== undefined && o !== null;
  $("desk-signout").hidden = !o;
  $("desk-lane").textContent = v.lane.open ? t("closeLane") : t("openLane");
  ($("desk-next") as HTMLButtonElement).disabled = !v.lane.open || serving !== null;
  for (const b of ["desk-cleared", "desk-referred", "desk-refused"]) ($(b) as HTMLButtonElement).disabled = serving === null;
  const body = $("desk-queues").querySelector("tbody")!;
  body.innerHTML = `<tr><th>${t("queue")}</th><th>${t("length")}</th><th>${t("estWait")}</th></tr>` + v.queues
    .map((q) => `<tr class="${q.status}"><td>${esc(namer(v.info).queue(q.id))}</td><td>${q.length}</td><td>${q.estimated_wait_s === null ? t("noLane") : `${Math.round(q.estimated_wait_s / 60)} ${t("min")}`}</td></tr>`)
    .join("");
  renderInbox($("desk-instructions"), v.instructions, { decline: true, after: refresh, say: status, names: namer(v.info) });
}

async function refresh() {
  try {
    view = await getDesk();
    skewMs = Date.parse(view.at) - Date.now();
    // A new instruction rings once and is marked delivered: the supervisor sees it reached the desk.
    for (const i of view.instructions.filter((x) => x.state === "sent" && !rung.has(x.id))) {
      rung.add(i.id);
      ring();
      await answerInstruction(i.id, "delivered").catch(() => {});
    }
    render();
  } catch (e) {
    status(String(e));
  }
}

function relabel(lang: Lang) {
  setLang(lang);
  localStorage.setItem("borderflow.lang", lang);
  applyI18n();
  ($("desk-officer-id") as HTMLInputElement).placeholder = t("officerId");
  ($("desk-officer-password") as HTMLInputElement).placeholder = t("deskPassword");
  render();
}

async function main() {
  relabel(savedStaffLang());
  $("lang").onclick = () => relabel(getLang() === "en" ? "zh" : "en");
  if (!bindDevice()) {
    $("need-token").hidden = false;
    $("desk-main").hidden = true;
    return;
  }
  $("desk-signin").onsubmit = (e) => {
    e.preventDefault();
    const officer = ($("desk-officer-id") as HTMLInputElement).value.trim();
    const password = ($("desk-officer-password") as HTMLInputElement).value;
    ($("desk-officer-password") as HTMLInputElement).value = "";
    if (!officer) return;
    // With a password, the officer signs in with their user account (checked by the server); without, by roster id.
    if (password) deskSignIn(officer, password).then(() => status(""), (err) => status(String(err)));
    else send("officer_on", { officer });
  };
  $("desk-signout").onclick = () => view?.officer && send("officer_off", { officer: view.officer.officer });
  $("desk-lane").onclick = () => view && send(view.lane.open ? "lane_closed" : "lane_opened", { officer: view.officer?.officer });
  const next = () => {
    if (!view?.lane.open || serving) return;
    served += 1;
    serving = `${view.lane.id}-${Date.now().toString(36)}-${served}`;
    send("service_started", { traveller: serving, officer: view.officer?.officer });
  };
  const end = (kind: "cleared" | "referred" | "refused") => {
    if (!serving) return;
    const traveller = serving;
    serving = null;
    send(kind, { traveller, officer: view?.officer?.officer });
  };
  $("desk-next").onclick = next;
  $("desk-cleared").onclick = () => end("cleared");
  $("desk-referred").onclick = () => end("referred");
  $("desk-refused").onclick = () => end("refused");
  document.addEventListener("keydown", (e) => {
    if (e.target instanceof HTMLInputElement) return;
    const k = e.key.toLowerCase();
    if (k === "n") next();
    else if (k === "c") end("cleared");
    else if (k === "r") end("referred");
    else if (k === "x") end("refused");
    else if (k === "o") $("desk-lane").click();
  });
  await refresh();
  setInterval(refresh, 1000);
}

main();
