// End-to-end: `borderflow demo` in a real Chromium (Debian's, driven by
// playwright-core; no browser download). Usage:
//   node e2e/dashboard.mjs /path/to/borderflow [screenshot-dir]
// Exits non-zero with a message on the first failed check.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { fail, repo, startDemo } from "./demo.mjs";

const bin = process.argv[2];
const shots = resolve(process.argv[3] ?? "e2e/screenshots");
mkdirSync(shots, { recursive: true });
const { work, signinLink, token, base } = await startDemo(bin, "dashboard", 150);

const ctx = await chromium.launchPersistentContext(join(work, "profile"), {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1920, height: 1080 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const errors = [];
const page = await ctx.newPage();
page.on("pageerror", (e) => errors.push(String(e)));
page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
const check = async (name, f) => {
  try {
    await f();
    console.log(`ok - ${name}`);
  } catch (e) {
    await page.screenshot({ path: join(shots, "failure.png") }).catch(() => {});
    fail(`${name}: ${e.message}`);
  }
};

await page.goto(signinLink);
await check("the one-time link signs the duty officer in and leaves no secret in the address bar", async () => {
  await page.waitForURL(`${base}/`, { timeout: 15_000 });
  await page.waitForFunction(() => document.getElementById("me")?.textContent === "duty", null, { timeout: 15_000 });
  const cookies = await ctx.cookies(base);
  const session = cookies.find((c) => c.name === "bf_session");
  assert.ok(session?.httpOnly && session.sameSite === "Strict", JSON.stringify(cookies));
  assert.equal(new URL(page.url()).hash, "", "the link's secret is gone from the address bar");
});
await check("the dashboard gets data", async () => {
  await page.waitForFunction(() => Number(document.getElementById("kpi-travellers")?.textContent) > 0, null, { timeout: 60_000 });
});
await check("closing the first-time desks in the surge: the twin's advice names them, one click reopens them, the queue recovers", async () => {
  const api = async (method, path) => {
    const r = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
    assert.ok(r.ok, `${method} ${path}: ${r.status}`);
    return r.json();
  };
  for (const lane of ["D3", "D4", "D5"]) await api("POST", `/api/v1/lanes/${lane}/close`);
  // Within the next twin refresh (every 2 s here): advice that reopens all three, in words.
  await page.waitForFunction(
    () => ["D3", "D4", "D5"].every((d) => [...document.querySelectorAll("#advice-actions li.reopen")].some((li) => li.textContent.startsWith(`Reopen ${d} now`))),
    null,
    { timeout: 30_000 },
  );
  assert.match(await page.textContent("#advice-summary"), /^Twin: Reopen D3, D4, D5 now \(Entry: first-time travellers \d+ → \d+ min/);
  // Where the prediction's demand came from and how far off the twin has been: how much to trust it.
  assert.match(await page.getAttribute("#advice-summary", "title"), /^scenario demand \(\d+ days of history.*\nTwin's record/s);
  // The forecast with the advice applied stands beside the forecast without it.
  await page.waitForFunction(
    () => (window.__charts?.["chart-wait"]?.getOption()?.series ?? []).some((s) => s.name === "Entry: first-time travellers · with advice" && (s.data?.length ?? 0) > 1),
    null,
    { timeout: 20_000 },
  );
  await page.screenshot({ path: join(shots, "advice.png") });
  const firstTime = async () => (await api("GET", "/api/v1/live")).checkpoints[0].queues.find((q) => q.id === "entry_first_time").length;
  await page.click("#advice-apply");
  await page.waitForFunction(() => /^Sent \d+ lane commands/.test(document.getElementById("advice-status")?.textContent ?? ""), null, { timeout: 10_000 });
  // The simulated hall obeys: the three desks open, and the first-time queue shortens from its peak.
  let peak = await firstTime();
  let lanesOpen = false;
  for (let i = 0; i < 120; i++) {
    await new Promise((r) => setTimeout(r, 250));
    const live = await api("GET", "/api/v1/live");
    lanesOpen = ["D3", "D4", "D5"].every((d) => live.checkpoints[0].lanes.find((l) => l.id === d).open);
    const now = live.checkpoints[0].queues.find((q) => q.id === "entry_first_time").length;
    peak = Math.max(peak, now);
    if (lanesOpen && now <= 0.8 * peak) return;
  }
  assert.fail(`after 30 s: D3-D5 open ${lanesOpen}, first-time queue ${await firstTime()} (peak ${peak})`);
});
await check("a KPI changes as events arrive", async () => {
  const first = Number(await page.textContent("#kpi-travellers"));
  await page.waitForFunction((f) => Number(document.getElementById("kpi-travellers")?.textContent) > f, first, { timeout: 30_000 });
});
await check("the share within the standard counts those still waiting, and says so", async () => {
  await page.waitForFunction(() => /^of [\d,]+ served and [\d,]+ still waiting \(counted by their estimated wait\)$/.test(document.getElementById("kpi-within-of")?.textContent ?? ""), null, { timeout: 30_000 });
  assert.equal(await page.textContent("#kpi-within-label"), "Within 30 min today");
});
await check("charts render with non-empty series", async () => {
  await page.waitForFunction(
    () => {
      const c = window.__charts;
      const len = (id) => (c?.[id]?.getOption()?.series ?? []).reduce((n, s) => n + (s.data?.length ?? 0), 0);
      return ["chart-clearances", "chart-wait", "chart-categories", "chart-kind"].every((id) => len(id) > 0);
    },
    null,
    { timeout: 30_000 },
  );
  // The quarter-hour under way is drawn apart (hollow), not as the line's last point.
  // (Waited for: just after a quarter-hour turns, the new one has no clearances yet.)
  await page.waitForFunction(() => (window.__charts?.["chart-clearances"]?.getOption()?.series ?? []).some((s) => / · quarter-hour in progress$/.test(s.name)), null, { timeout: 20_000 });
});
await check("switching language changes labels", async () => {
  const en = await page.textContent("[data-i18n=travellersToday]");
  await page.click("#lang");
  const zh = await page.textContent("[data-i18n=travellersToday]");
  assert.equal(en, "Travellers today");
  assert.equal(zh, "今日旅客");
  await page.click("#lang");
});
await check("the lanes table keeps its buttons as figures arrive, so a click is not lost to a redraw", async () => {
  // A button replaced between press and release gets no click: the supervisor's command would silently not happen.
  const before = await page.evaluate(() => {
    window.__laneButton = document.querySelector('tr[data-lane="D8"] button');
    return document.getElementById("kpi-travellers").textContent;
  });
  await page.waitForFunction((b) => document.getElementById("kpi-travellers").textContent !== b, before, { timeout: 20_000 });
  assert.equal(await page.evaluate(() => window.__laneButton.isConnected), true, "the lane's button was replaced by a redraw");
});
await check("a supervisor's open-lane click reaches the server and the lane shows open", async () => {
  // Close D8 first (so there is a closed lane to open), then open it from the UI.
  await page.click('tr[data-lane="D8"] button.lane-close', { timeout: 20_000 });
  await page.waitForSelector('tr[data-lane="D8"].closed', { timeout: 20_000 });
  await page.click('tr[data-lane="D8"] button.lane-open');
  await page.waitForSelector('tr[data-lane="D8"].open', { timeout: 20_000 });
  // The simulation answers the commands with its own lane events (a lane busy
  // when closed reports the close when its traveller leaves), so the server's
  // picture converges on "open" rather than showing it at one instant.
  const d8Open = async () => {
    const live = await (await fetch(`${base}/api/v1/live`, { headers: { authorization: `Bearer ${token}` } })).json();
    return live.checkpoints[0].lanes.find((l) => l.id === "D8").open;
  };
  let open = await d8Open();
  for (let i = 0; i < 40 && !open; i++) {
    await new Promise((r) => setTimeout(r, 250));
    open = await d8Open();
  }
  assert.equal(open, true, "the server's live picture still shows D8 closed 10 s after the open command");
});
await check("an instruction from the dashboard reaches desk D5, whose officer acknowledges and opens it", async () => {
  const api = async (method, path) => (await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}` } })).json();
  await api("POST", "/api/v1/lanes/D5/close");
  await page.selectOption("#ins-lane", "D5");
  await page.selectOption("#ins-order", "open_lane");
  await page.click("#ins-send");
  // Sent at once; the demo's officer at D5 acknowledges after 45 simulated seconds and opens the lane, which proves it done.
  await page.waitForFunction(() => [...document.querySelectorAll("#instructions tr")].some((tr) => /^desk D5open D5/.test(tr.textContent)), null, { timeout: 10_000 });
  await page.waitForFunction(
    () => [...document.querySelectorAll("#instructions tr.done")].some((tr) => tr.textContent.includes("open D5") && /acknowledged in \d+ s/.test(tr.textContent)),
    null,
    { timeout: 30_000 },
  );
  await page.waitForFunction(() => /^median time to acknowledge today: \d+ s$/.test(document.getElementById("ins-median")?.textContent ?? ""), null, { timeout: 20_000 });
  const list = await api("GET", "/api/v1/instructions");
  const i = list.instructions.find((x) => x.order.kind === "open_lane" && x.order.lane === "D5");
  assert.equal(i.state, "done");
  assert.ok(i.answered_by, "who acknowledged is recorded");
  const live = await api("GET", "/api/v1/live");
  assert.equal(live.checkpoints[0].lanes.find((l) => l.id === "D5").open, true);
});
// A desk terminal in a browser of its own, bound to lane D6 by its device token.
const deskToken = await new Promise((res, rej) => {
  const p = spawn(bin, ["token", "create", "--role", "device", "--lane", "D6", "--db", join(work, "demo.db")], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  p.stdout.on("data", (d) => (out += d));
  p.on("exit", (c) => (c === 0 ? res(out.trim()) : rej(new Error(`token create exited ${c}`))));
});
const deskBrowser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", headless: true, args: ["--headless", "--no-sandbox", "--disable-gpu"] });
const desk = await (await deskBrowser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
desk.on("pageerror", (e) => errors.push(`desk: ${e}`));
desk.on("console", (m) => m.type() === "error" && errors.push(`desk: ${m.text()}`));
await desk.goto(`${base}/desk#token=${deskToken}`);
await check("the supervisor sends 'open D6' to desk D6; the desk rings, its officer acknowledges and opens the lane; the dashboard shows it", async () => {
  await desk.waitForFunction(() => /^Desk D6$/.test(document.getElementById("desk-title")?.textContent ?? ""), null, { timeout: 10_000 });
  await fetch(`${base}/api/v1/lanes/D6/close`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
  await desk.waitForFunction(() => document.getElementById("desk-state")?.textContent === "closed", null, { timeout: 10_000 });
  await page.selectOption("#ins-lane", "D6");
  await page.selectOption("#ins-order", "open_lane");
  await page.click("#ins-send");
  // The desk shows it (and marks it delivered); the officer acknowledges, then opens the lane.
  const item = desk.locator("#desk-instructions li", { hasText: "open D6" });
  // A reason being typed outlives the terminal's refreshes (every second).
  await item.locator("input").fill("on my way", { timeout: 10_000 });
  await desk.waitForTimeout(2_500);
  assert.equal(await item.locator("input").inputValue(), "on my way", "the desk's refresh wiped the reason being typed");
  await item.locator("input").fill("");
  await item.locator("button.ack").click({ timeout: 10_000 });
  await desk.waitForFunction(() => [...document.querySelectorAll("#desk-instructions li")].some((li) => /open D6 · acknowledged/.test(li.textContent)), null, { timeout: 10_000 });
  await desk.click("#desk-lane");
  await desk.waitForFunction(() => document.getElementById("desk-state")?.textContent === "open", null, { timeout: 10_000 });
  await page.waitForFunction(
    () => [...document.querySelectorAll("#instructions tr.done")].some((tr) => tr.textContent.includes("open D6") && /acknowledged in \d+ s/.test(tr.textContent)),
    null,
    { timeout: 20_000 },
  );
  const list = await (await fetch(`${base}/api/v1/instructions`, { headers: { authorization: `Bearer ${token}` } })).json();
  const i = list.instructions.find((x) => x.order.kind === "open_lane" && x.order.lane === "D6");
  assert.ok(i.delivered_at, "the desk marked it delivered");
  assert.equal(i.state, "done");
  // The desk counts its officer's travellers: one served through its buttons.
  await desk.click("#desk-next");
  await desk.click("#desk-cleared");
  await desk.waitForFunction(() => /^D6-\d · \d+ today · \d+:\d\d without a break/.test(document.getElementById("desk-officer")?.textContent ?? ""), null, { timeout: 10_000 });
  // The dashboard's officers table counts the same officer's day.
  await page.waitForFunction(() => /^D6-\d/.test(document.querySelector('#officers tr[data-officer^="D6-"] td')?.textContent ?? ""), null, { timeout: 15_000 });
  const wide = await desk.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 1280, `the desk page is ${wide} px wide`);
  // The terminal's refreshes after the answer raise nothing (its status line shows what they throw).
  await desk.waitForTimeout(2_500);
  assert.doesNotMatch(await desk.textContent("#desk-status"), /Error/);
  await desk.screenshot({ path: join(shots, "desk.png") });
});
// The guide handheld on a phone (390×844): a guide, added with `borderflow user add`, signs in with a password.
await new Promise((res, rej) => {
  const p = spawn(bin, ["user", "add", "guide1", "--role", "officer", "--password-stdin", "--db", join(work, "demo.db")], { stdio: ["pipe", "inherit", "inherit"] });
  p.stdin.end("guide password 1\n");
  p.on("exit", (c) => (c === 0 ? res() : rej(new Error(`user add exited ${c}`))));
});
const guide = await (await deskBrowser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
guide.on("pageerror", (e) => errors.push(`guide: ${e}`));
guide.on("console", (m) => m.type() === "error" && !/401/.test(m.text()) && errors.push(`guide: ${m.text()}`));
await check("the used sign-in link is dead in another browser", async () => {
  const other = await (await deskBrowser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
  await other.goto(signinLink);
  await other.waitForFunction(() => /used already or has expired/.test(document.getElementById("signin-status")?.textContent ?? ""), null, { timeout: 10_000 });
  assert.equal(new URL(other.url()).hash, "", "the link's secret is gone from the address bar");
  await other.screenshot({ path: join(shots, "signin.png") });
  await other.context().close();
});
await check("the guide's phone sends her to sign in, refuses a wrong password, and brings her back to /guide", async () => {
  await guide.goto(`${base}/guide`);
  await guide.waitForURL(/\/signin\?next=%2Fguide$/, { timeout: 10_000 });
  await guide.fill("#signin-name", "guide1");
  await guide.fill("#signin-password", "not her password");
  await guide.click("#signin-form button[type=submit]");
  await guide.waitForFunction(() => document.getElementById("signin-status")?.textContent === "Wrong user name or password.", null, { timeout: 10_000 });
  await guide.fill("#signin-password", "guide password 1");
  await guide.click("#signin-form button[type=submit]");
  await guide.waitForURL(`${base}/guide`, { timeout: 10_000 });
});
await check("the guide's phone shows where each category goes, takes a head count and answers the guides' instructions, without sideways overflow", async () => {
  await guide.waitForFunction(() => document.querySelectorAll("#guide-advice li").length >= 4, null, { timeout: 15_000 });
  const advice = await guide.$$eval("#guide-advice li", (lis) => lis.map((li) => li.textContent));
  assert.ok(advice.some((a) => /^Entry · Park merchants: queue Entry: park merchants/.test(a)), advice.join(" | "));
  await guide.selectOption("#guide-queue", "entry_merchant");
  await guide.fill("#guide-n", "120");
  await guide.click(".guide-count button");
  await guide.waitForFunction(() => document.getElementById("guide-status")?.textContent === "Entry: park merchants: 120 counted", null, { timeout: 10_000 });
  const sent = await fetch(`${base}/api/v1/instructions`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ to: { kind: "guides" }, order: { kind: "send_category", category: "repeat", queue: "entry_merchant" } }),
  });
  assert.equal(sent.status, 201);
  const id = (await sent.json()).id;
  await guide.locator("#guide-instructions li", { hasText: "send Repeat travellers to Entry: park merchants" }).locator("button.ack").click({ timeout: 10_000 });
  await guide.waitForFunction(() => [...document.querySelectorAll("#guide-instructions li")].some((li) => /send Repeat travellers to Entry: park merchants · acknowledged/.test(li.textContent)), null, { timeout: 10_000 });
  const list = await (await fetch(`${base}/api/v1/instructions`, { headers: { authorization: `Bearer ${token}` } })).json();
  assert.equal(list.instructions.find((x) => x.id === id).state, "acknowledged");
  const fit = await guide.evaluate(() => ({ scroll: document.documentElement.scrollWidth, wide: [...document.querySelectorAll("li, form, section")].filter((e) => e.getBoundingClientRect().right > 391).length }));
  assert.ok(fit.scroll <= 390 && fit.wide === 0, JSON.stringify(fit));
  await guide.waitForTimeout(4_500);
  assert.doesNotMatch(await guide.textContent("#guide-status"), /Error/, "the handheld's refreshes after the answer raise nothing");
  await guide.screenshot({ path: join(shots, "guide.png"), fullPage: true });
});
await check("the admin page lists the people, adds one with a one-time link and disables her", async () => {
  const admin = await ctx.newPage();
  await admin.goto(`${base}/admin`);
  await admin.waitForSelector('#users tr[data-user="guide1"]', { timeout: 10_000 });
  assert.equal(await admin.textContent('#users tr[data-user="duty"] td:nth-child(2)'), "admin");
  await admin.fill("#new-name", "night.sup");
  await admin.selectOption("#new-role", "supervisor");
  await admin.click("#user-add button[type=submit]");
  await admin.waitForFunction(() => /^One-time sign-in link for night\.sup \(24 h; dead once used\): http:\/\/.*\/signin#link=[0-9a-f]+$/.test(document.getElementById("admin-status")?.textContent ?? ""), null, { timeout: 10_000 });
  await admin.click('#users tr[data-user="night.sup"] button:text("Disable")');
  await admin.waitForFunction(() => /^disabled /.test(document.querySelector('#users tr[data-user="night.sup"] td:nth-child(5)')?.textContent ?? ""), null, { timeout: 10_000 });
  assert.match(await admin.textContent("#failed"), /None: every message was delivered\./);
  const wide = await admin.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 1920, `the admin page is ${wide} px wide`);
  await admin.setViewportSize({ width: 1366, height: 768 });
  await admin.screenshot({ path: join(shots, "admin.png") });
  await admin.close();
});
await deskBrowser.close();
await check("a plan pushed by `borderflow plan --push` shows beside the lanes open", async () => {
  // The demo runs today's date at Khorgos; plan that day.
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
  const args = ["plan", join(repo, "scenarios/khorgos.toml"), "--what-if", `checkpoint.date="${today}"`, "--reps", "4", "--push", base, "--token", token];
  const push = spawn(bin, args, { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  push.stdout.on("data", (d) => (out += d));
  const code = await new Promise((res) => push.on("exit", res));
  assert.equal(code, 0, out);
  assert.match(out, /pushed to /);
  await page.waitForFunction(() => /plan \d+/.test(document.getElementById("kpi-lanes-split")?.textContent ?? ""), null, { timeout: 20_000 });
  // The plan's predicted wait is drawn on the wait chart, quarter-hour by quarter-hour up to two hours ahead.
  await page.waitForFunction(
    () => (window.__charts?.["chart-wait"]?.getOption()?.series ?? []).some((s) => /^plan: predicted p95/.test(s.name) && (s.data?.length ?? 0) > 4),
    null,
    { timeout: 20_000 },
  );
});
await check("alerts fire during the opening surge", async () => {
  await page.waitForSelector("#alerts li.critical, #alerts li.warning", { timeout: 60_000 });
});
await check("a supervisor acknowledges an alert: who and when stay with it", async () => {
  await page.locator("#alerts button.alert-ack").first().click({ timeout: 20_000 });
  await page.waitForFunction(() => [...document.querySelectorAll("#alerts li")].some((li) => / ✓ acknowledged by duty at \d\d:\d\d/.test(li.textContent)), null, { timeout: 10_000 });
  const day = await (await fetch(`${base}/api/v1/alerts`, { headers: { authorization: `Bearer ${token}` } })).json();
  assert.ok(day[0].alerts.some((a) => a.acknowledged?.by), JSON.stringify(day[0].alerts.map((a) => a.id)));
});
await check("the twin's forecast is drawn beside the actual waits, with its record", async () => {
  await page.waitForFunction(
    () => (window.__charts?.["chart-wait"]?.getOption()?.series ?? []).some((s) => / · twin forecast$/.test(s.name) && (s.data?.length ?? 0) > 1),
    null,
    { timeout: 60_000 },
  );
  // The same record stands under the wait chart.
  assert.match(await page.textContent("#twin-track"), /^Twin's record(: no prediction scored yet|, last 24 h)/);
  // At 120× its 15-minute predictions are scored within seconds: the record is drawn through the day, quarter-hour by quarter-hour.
  await page.waitForFunction(
    () => (window.__charts?.["chart-track"]?.getOption()?.series ?? []).some((s) => s.name === "15 min ahead" && (s.data?.length ?? 0) > 0),
    null,
    { timeout: 60_000 },
  );
  assert.match(await page.textContent("#twin-track"), /^Twin's record, last 24 h .*15 min ahead: median [−+]?\d/);
});
await page.evaluate(() => window.scrollTo(0, 0));
await page.screenshot({ path: join(shots, "dashboard.png") });
await check("the reports view shows totals and throughput per lane and officer", async () => {
  await page.click("#tab-reports");
  await page.waitForFunction(() => document.querySelectorAll("#report-lanes tbody tr").length > 0, null, { timeout: 30_000 });
  const officers = await page.$$eval("#report-lanes tbody tr td:nth-child(2)", (tds) => tds.map((t) => t.textContent));
  assert.ok(officers.includes("D1-1"), officers.join(","));
  await page.screenshot({ path: join(shots, "reports.png") });
  await page.click("#tab-live");
});

await check("on a 1366×768 laptop nothing overflows sideways and every chart is drawn", async () => {
  await page.setViewportSize({ width: 1366, height: 768 });
  // ECharts resizes on the window's resize event; give it a frame or two.
  await page.waitForTimeout(500);
  const fit = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    wide: [...document.querySelectorAll(".kpi, .chart, table")].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1).map((e) => e.id || e.className),
    charts: [...document.querySelectorAll("#live .chart canvas")].map((c) => c.getBoundingClientRect().width),
  }));
  assert.ok(fit.scroll <= 1366, `page is ${fit.scroll} px wide`);
  assert.deepEqual(fit.wide, []);
  assert.ok(fit.charts.length === 5 && fit.charts.every((w) => w > 200), fit.charts.join(", "));
  await page.screenshot({ path: join(shots, "dashboard-1366.png") });
  await page.setViewportSize({ width: 1920, height: 1080 });
});

const board = await ctx.newPage();
board.on("pageerror", (e) => errors.push(String(e)));
await board.goto(`${base}/board`);
await check("the public board shows a wait per queue", async () => {
  await board.waitForFunction(() => document.querySelectorAll(".board-queue").length === 7, null, { timeout: 20_000 });
  const waits = await board.$$eval(".board-queue .wait", (els) => els.map((e) => e.textContent));
  assert.ok(waits.every((w) => /^(about \d+\u00a0min|no wait|closed)$/.test(w)), waits.join(", "));
});
await board.screenshot({ path: join(shots, "board.png") });
await check("no errors in the browser console", async () => {
  assert.deepEqual(errors, []);
});
await ctx.close();
console.log(`screenshots in ${shots}`);
process.exit(0);
