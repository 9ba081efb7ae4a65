// End-to-end: the screens travellers and the control room read, in every
// language and at hall, laptop and phone sizes, and what they say when the
// server stops. `borderflow demo` in Debian's Chromium (playwright-core).
// Usage: node e2e/board.mjs /path/to/borderflow [screenshot-dir]
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
const { demo, work, signinLink, token, base } = await startDemo(bin, "board", 200);
const info = (await (await fetch(`${base}/api/v1/checkpoints`, { headers: { authorization: `Bearer ${token}` } })).json())[0];
// Every id a screen might show instead of a name.
const ids = [...info.queues.map((q) => q.id), ...info.categories.map((c) => c.id), ...info.lane_groups.map((g) => g.id), info.id];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", headless: true, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic"] });
const errors = [];
const open = async (viewport, mobile = false) => {
  const ctx = await browser.newContext({ viewport, isMobile: mobile, hasTouch: mobile });
  const p = await ctx.newPage();
  p.on("pageerror", (e) => errors.push(`${p.url()}: ${e}`));
  p.on("console", (m) => m.type() === "error" && errors.push(`${p.url()}: ${m.text()}`));
  return p;
};
let current = null;
const check = async (name, f) => {
  try {
    await f();
    console.log(`ok - ${name}`);
  } catch (e) {
    await current?.screenshot({ path: join(shots, "failure-board.png") }).catch(() => {});
    fail(`${name}: ${e.message}`);
  }
};

// What a reader sees, outside the language buttons (those name each language in itself).
const visible = (p, root = "body") =>
  p.evaluate((root) => {
    const skip = [...document.querySelectorAll("#board-langs, #lang")];
    skip.forEach((e) => (e.style.display = "none"));
    const text = document.querySelector(root).innerText;
    skip.forEach((e) => (e.style.display = ""));
    return text;
  }, root);
// An id shows where a piece of text between separators (line, ·, :, →, |, brackets) is exactly an id.
const noIds = (text, where) => {
  const pieces = new Set(text.split(/[\n·:→|()（）,，]+/).map((s) => s.trim()));
  const shown = ids.filter((id) => pieces.has(id) || /_/.test(id) && text.includes(id));
  assert.deepEqual(shown, [], `${where} shows ids: ${shown.join(", ")}`);
};
// A language's text must not fall back to another: no Latin letters in Chinese, Russian or Kazakh; no Cyrillic or Chinese in English.
const noFallback = (text, lang, where) => {
  const re = lang === "en" ? /.{0,12}[\u0400-\u04FF\u4E00-\u9FFF]+.{0,12}/g : /.{0,12}[A-Za-z]+.{0,12}/g;
  const foreign = [...new Set(text.match(re) ?? [])];
  assert.deepEqual(foreign, [], `${where} in ${lang} shows another language`);
};
// Measured against the viewport asked for: a phone's browser widens its layout to fit content that overflows.
const overflow = (p) =>
  p.evaluate((w) => ({
    scroll: document.documentElement.scrollWidth,
    wide: [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > w + 1 && e.offsetParent !== null).map((e) => `${e.id || e.className || e.tagName}:${Math.round(e.getBoundingClientRect().right)}`).slice(0, 6),
  }), p.viewportSize().width);

// Words split across two lines (a narrow column breaking "саудагерлері" as "саудагерле|рі"): each word of
// the cards' names and waits must lie on one line. Not for Chinese, which breaks between characters.
const brokenWords = (p) =>
  p.evaluate(() => {
    const broken = [];
    for (const el of document.querySelectorAll(".board-queue .name, .board-queue .wait")) {
      const node = el.firstChild;
      if (!node || node.nodeType !== Node.TEXT_NODE) continue;
      for (const m of node.textContent.matchAll(/\S+/g)) {
        const r = document.createRange();
        r.setStart(node, m.index);
        r.setEnd(node, m.index + m[0].length);
        const lines = new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top)));
        if (lines.size > 1) broken.push(m[0]);
      }
    }
    return broken;
  });

const hall = await open({ width: 1920, height: 1080 });
current = hall;
for (const lang of ["zh", "kk", "ru", "en"]) {
  await check(`the hall board in ${lang}: names, not ids, nothing in another language, filling 1920×1080 with a QR code`, async () => {
    await hall.goto(`${base}/board?lang=${lang}`);
    await hall.waitForFunction(() => document.querySelectorAll(".board-queue").length === 7 && document.querySelector("#board-advice li"), null, { timeout: 20_000 });
    const text = await visible(hall);
    noIds(text, "the board");
    noFallback(text, lang, "the board");
    const fit = await overflow(hall);
    assert.ok(fit.scroll <= 1920 && fit.wide.length === 0, JSON.stringify(fit));
    // The dark background reaches the bottom of the screen; the QR code shows.
    const page = await hall.evaluate(() => ({ body: document.body.getBoundingClientRect().height, bg: getComputedStyle(document.documentElement).backgroundColor, qr: document.querySelector("#qr svg")?.getBoundingClientRect().width ?? 0 }));
    assert.ok(page.body >= 1080 && page.bg === "rgb(16, 22, 28)", JSON.stringify(page));
    assert.ok(page.qr >= 80, `QR code ${page.qr} px`);
    await hall.screenshot({ path: join(shots, `board-${lang}.png`) });
  });
}
await check("a hall screen rotates through the four languages", async () => {
  await hall.goto(`${base}/board?rotate=3`);
  const seen = new Set();
  for (let i = 0; i < 28 && seen.size < 4; i++) {
    seen.add(await hall.evaluate(() => document.documentElement.lang));
    await hall.waitForTimeout(500);
  }
  assert.equal(seen.size, 4, [...seen].join(","));
});

const phone = await open({ width: 390, height: 844 }, true);
current = phone;
for (const lang of ["zh", "kk", "ru", "en"]) {
  await check(`the phone board in ${lang} fits 390 px without sideways overflow`, async () => {
    await phone.goto(`${base}/board?lang=${lang}`);
    await phone.waitForFunction(() => document.querySelectorAll(".board-queue").length === 7, null, { timeout: 20_000 });
    const fit = await overflow(phone);
    assert.ok(fit.scroll <= 390 && fit.wide.length === 0, JSON.stringify(fit));
    if (lang !== "zh") assert.deepEqual(await brokenWords(phone), [], "words split across lines on the phone board");
    noFallback(await visible(phone), lang, "the phone board");
    assert.equal(await phone.isVisible("#qr"), false, "no QR code on the phone");
    if (lang === "ru" || lang === "kk") await phone.screenshot({ path: join(shots, `board-phone-${lang}.png`), fullPage: true });
  });
}

// The dashboard, signed in, in English and Chinese.
const room = await open({ width: 1920, height: 1080 });
current = room;
await room.clock.install();
await room.goto(signinLink);
await room.waitForURL(`${base}/`, { timeout: 15_000 });
await check("the dashboard shows names, not ids, in its tables, legends and pies (en)", async () => {
  await room.waitForFunction(() => Number(document.getElementById("kpi-travellers")?.textContent) > 0 && document.querySelectorAll("#queues tbody tr").length === 7, null, { timeout: 30_000 });
  await room.waitForFunction(() => ["chart-wait", "chart-categories"].every((id) => (window.__charts?.[id]?.getOption()?.series ?? []).length > 0), null, { timeout: 20_000 });
  noIds(await visible(room, "#live"), "the dashboard");
  const names = await room.evaluate(() => ["chart-wait", "chart-categories", "chart-clearances", "chart-kind"].flatMap((id) => (window.__charts?.[id]?.getOption()?.series ?? []).flatMap((s) => [s.name, ...(s.type === "pie" ? s.data.map((d) => d.name) : [])])));
  noIds(names.join(" | "), "the charts");
});
await check("the dashboard in Chinese leaves nothing in English: labels, queue names, legends, pies, the reports' KPIs", async () => {
  await room.click("#lang");
  await room.waitForFunction(() => document.documentElement.lang === "zh-CN", null, { timeout: 5_000 });
  await room.waitForTimeout(1500);
  // Lane and officer ids (D1, XE3, D1-1) are what people call them; "p95" is a statistic's name.
  const strip = (s) => s.replace(/(X?[DE]\d+(-\d+)?|p95|P95|CSV|borderflow|duty)/g, "");
  noFallback(strip(await visible(room, "#live")), "zh", "the dashboard");
  const legends = await room.evaluate(() => ["chart-wait", "chart-categories", "chart-clearances", "chart-kind"].flatMap((id) => (window.__charts?.[id]?.getOption()?.series ?? []).flatMap((s) => [s.name, ...(s.type === "pie" ? s.data.map((d) => d.name) : [])])));
  noFallback(strip(legends.join(" ")), "zh", "the charts");
  await room.screenshot({ path: join(shots, "dashboard-zh.png") });
  await room.click("#tab-reports");
  await room.waitForFunction(() => document.querySelectorAll("#report-totals .kpi").length > 0, null, { timeout: 20_000 });
  await room.waitForTimeout(500);
  noFallback(strip(await visible(room, "#reports")), "zh", "the reports");
  const pie = await room.evaluate(() => (window.__charts?.["chart-report-categories"]?.getOption()?.series ?? []).flatMap((s) => s.data.map((d) => d.name)));
  noFallback(strip(pie.join(" ")), "zh", "the reports' pie");
  await room.click("#tab-live");
  await room.click("#lang");
});

await check("a reload keeps the day so far: the surge stays on the wait chart", async () => {
  await room.reload();
  await room.waitForFunction(() => (window.__charts?.["chart-wait"]?.getOption()?.series ?? []).some((s) => (s.data?.length ?? 0) > 5), null, { timeout: 20_000 });
  const span = await room.evaluate(() => {
    const xs = (window.__charts["chart-wait"].getOption().series ?? []).filter((s) => !/ · /.test(s.name)).flatMap((s) => s.data.map((p) => p[0]));
    const local = (ms) => new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit" }).format(ms);
    return { first: local(Math.min(...xs)), last: local(Math.max(...xs)) };
  });
  // Reloaded well after the 09:50 opening, the chart still begins before it: the morning is drawn, not only the minutes since the reload.
  assert.ok(span.first <= "09:50" && span.last >= "10:00", `after a reload the wait chart runs from ${span.first} to ${span.last}`);
});
await check("Reports, a day: waits through the day, clearances beside last week's, and a replay", async () => {
  await room.click("#tab-reports");
  await room.waitForFunction(() => (window.__charts?.["chart-day-wait"]?.getOption()?.series ?? []).filter((s) => (s.data?.length ?? 0) > 5).length === 7, null, { timeout: 20_000 });
  noIds((await room.evaluate(() => window.__charts["chart-day-wait"].getOption().series.map((s) => s.name))).join(" | "), "the day's chart");
  await room.selectOption("#replay-speed", "900");
  await room.click("#replay");
  await room.waitForFunction(() => /^replay of \d{4}-\d\d-\d\d: \d\d:\d\d$/.test(document.getElementById("day-cursor")?.textContent ?? ""), null, { timeout: 10_000 });
  const first = await room.textContent("#day-cursor");
  await room.waitForFunction((f) => document.getElementById("day-cursor")?.textContent !== f, first, { timeout: 10_000 });
  // Three seconds at 900× draw the day's first 45 minutes.
  await room.waitForTimeout(3000);
  await room.screenshot({ path: join(shots, "reports-day.png") });
  await room.click("#tab-live");
});

await check("the hall map draws every lane and queue by name; a click on D8 gives its controls, and closing it shows it closed", async () => {
  await room.waitForFunction(() => document.querySelectorAll("#hall-map g.lane").length === 26 && document.querySelectorAll("#hall-map g.queue").length === 7, null, { timeout: 20_000 });
  noIds(await visible(room, "#hall-map"), "the hall map");
  await room.click('#hall-map g.lane[data-lane="D8"]');
  await room.click("#hall-map .lane-pop button.lane-close", { timeout: 5_000 });
  await room.waitForSelector('#hall-map g.lane.closed[data-lane="D8"]', { timeout: 20_000 });
  await room.locator(".hall-panel").screenshot({ path: join(shots, "hall-map.png") });
  await room.click("#hall-map .lane-pop button.lane-open", { timeout: 5_000 });
  await room.waitForSelector('#hall-map g.lane:not(.closed)[data-lane="D8"]', { timeout: 20_000 });
});
await check("the wallboard (no controls, large type) and the dark theme are remembered after a reload", async () => {
  await room.click("#theme");
  await room.click("#wall");
  await room.reload();
  await room.waitForFunction(() => document.body.classList.contains("wall") && document.body.classList.contains("dark") && document.querySelectorAll("#lanes tbody tr").length > 0, null, { timeout: 20_000 });
  await room.waitForFunction(() => ["chart-wait", "chart-clearances"].every((id) => (window.__charts?.[id]?.getOption()?.series ?? []).length > 0), null, { timeout: 20_000 });
  for (const hidden of ["#lanes button.lane-close", "#instruction-form", "#sign-out", "#tab-reports"]) assert.equal(await room.locator(hidden).first().isVisible(), false, `${hidden} shows on the wallboard`);
  const big = await room.evaluate(() => parseFloat(getComputedStyle(document.querySelector(".kpi strong")).fontSize));
  assert.ok(big >= 40, `KPI type ${big} px`);
  const fit = await overflow(room);
  assert.ok(fit.scroll <= 1920, JSON.stringify(fit));
  await room.screenshot({ path: join(shots, "wallboard-dark.png") });
  await room.click("#wall");
  await room.click("#theme");
  await room.waitForFunction(() => !document.body.classList.contains("wall") && !document.body.classList.contains("dark"), null, { timeout: 5_000 });
});

// The hall screen again, in the surge (and for the README).
current = hall;
for (const lang of ["kk", "ru"]) await check(`in the surge the hall board in ${lang} fits 1920×1080 with its advice`, async () => {
  await hall.goto(`${base}/board?lang=${lang}`);
  await hall.waitForFunction(() => document.querySelectorAll(".board-queue").length === 7, null, { timeout: 20_000 });
  // A hall screen cannot scroll: in the surge, with its advice, everything fits 1920×1080.
  const tall = await hall.evaluate(() => document.documentElement.scrollHeight);
  assert.ok(tall <= 1080, `the hall board in ${lang} is ${tall} px tall`);
  await hall.screenshot({ path: join(shots, `board-${lang}.png`) });
});

const board = await open({ width: 1920, height: 1080 });
current = board;
await board.clock.install();
await board.goto(`${base}/board?lang=en`);
await board.waitForFunction(() => document.querySelectorAll(".board-queue").length === 7, null, { timeout: 20_000 });
await check("when the server stops, the board and the dashboard say the figures are old within a minute; they clear when it returns", async () => {
  assert.equal(await board.isVisible("#board-stale"), false);
  assert.equal(await room.isVisible("#stale"), false);
  demo.kill("SIGSTOP");
  for (const p of [board, room]) await p.clock.fastForward("01:10");
  await board.waitForFunction(() => /^Figures not updated since \d\d:\d\d$/.test(document.getElementById("board-stale")?.textContent ?? "") && !document.getElementById("board-stale").hidden, null, { timeout: 15_000 });
  await room.waitForFunction(() => /^Figures not updated since \d\d:\d\d$/.test(document.getElementById("stale")?.textContent ?? "") && !document.getElementById("stale").hidden, null, { timeout: 15_000 });
  await board.screenshot({ path: join(shots, "board-stale.png") });
  demo.kill("SIGCONT");
  for (const p of [board, room]) await p.clock.fastForward("00:06");
  await board.waitForFunction(() => document.getElementById("board-stale").hidden, null, { timeout: 20_000 });
  await room.waitForFunction(() => document.getElementById("stale").hidden, null, { timeout: 20_000 });
});
await check("with the server gone, the screens keep their last figures, say so, and raise no errors", async () => {
  demo.kill("SIGKILL");
  await new Promise((r) => demo.once("exit", r));
  for (const p of [board, room]) await p.clock.fastForward("01:10");
  await board.waitForFunction(() => !document.getElementById("board-stale").hidden, null, { timeout: 20_000 });
  await room.waitForFunction(() => !document.getElementById("stale").hidden, null, { timeout: 20_000 });
  assert.equal(await board.locator(".board-queue").count(), 7);
  // The browser's own line for a refused connection is not the page's error.
  assert.deepEqual(errors.filter((e) => !/Failed to load resource|ERR_CONNECTION_REFUSED/.test(e)), []);
});
await check("a server carrying two checkpoints shows both side by side; the second can be chosen on the dashboard and the board", async () => {
  // A second checkpoint: Khorgos' hall under another id and name.
  const { readFileSync, writeFileSync } = await import("node:fs");
  const second = readFileSync(join(repo, "scenarios/khorgos.toml"), "utf8")
    .replace('id = "khorgos"', 'id = "alashankou"')
    .replace(/^name = \{ zh = "霍尔果斯[^\n]*$/m, 'name = { zh = "阿拉山口边检站", en = "Alashankou inspection station", ru = "Алашанькоу: пограничный контроль", kk = "Алашанькоу: шекаралық бақылау" }');
  writeFileSync(join(work, "alashankou.toml"), second);
  const db = join(work, "two.db");
  await new Promise((res, rej) => {
    const p = spawn(bin, ["user", "add", "chief", "--role", "supervisor", "--password-stdin", "--db", db], { stdio: ["pipe", "ignore", "inherit"] });
    p.stdin.end("two checkpoints 1\n");
    p.on("exit", (c) => (c === 0 ? res() : rej(new Error(`user add exited ${c}`))));
  });
  const serve = spawn(bin, ["serve", "--port", "0", "--db", db, "--checkpoint", join(repo, "scenarios/khorgos.toml"), "--checkpoint", join(work, "alashankou.toml")], { stdio: ["ignore", "pipe", "ignore"] });
  process.on("exit", () => serve.kill("SIGKILL"));
  const url = await new Promise((res, rej) => {
    let out = "";
    serve.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) res(m[1]);
    });
    serve.on("exit", (c) => rej(new Error(`serve exited ${c}: ${out}`)));
  });
  const two = await open({ width: 1366, height: 768 });
  current = two;
  await two.goto(`${url}/signin`);
  await two.fill("#signin-name", "chief");
  await two.fill("#signin-password", "two checkpoints 1");
  await two.click("#signin-form button[type=submit]");
  await two.waitForURL(`${url}/`, { timeout: 10_000 });
  await two.waitForFunction(() => document.querySelectorAll("#overview .checkpoint-card").length === 2, null, { timeout: 15_000 });
  assert.match(await two.textContent('#overview .checkpoint-card.active'), /^Khorgos ICBC inspection station/);
  // The lag of each checkpoint's feed: nothing has come yet.
  for (const card of await two.$$eval("#overview .checkpoint-card", (cs) => cs.map((c) => c.textContent))) assert.match(card, /Newest event: none yet/);
  await two.click('#overview .checkpoint-card[data-checkpoint="alashankou"]');
  await two.waitForURL(/\?checkpoint=alashankou$/, { timeout: 10_000 });
  await two.waitForFunction(() => document.querySelector("#overview .checkpoint-card.active")?.dataset.checkpoint === "alashankou" && document.querySelectorAll("#queues tbody tr").length === 7, null, { timeout: 15_000 });
  // Its statistics and history answer for it (a call without the checkpoint would be refused on this server).
  await two.waitForFunction(() => (window.__charts?.["chart-clearances"]?.getOption()?.series ?? []).length >= 0 && document.getElementById("kpi-travellers")?.textContent === "0", null, { timeout: 15_000 });
  await two.screenshot({ path: join(shots, "two-checkpoints.png") });
  await two.goto(`${url}/board?checkpoint=alashankou&lang=ru`);
  await two.waitForFunction(() => document.getElementById("board-name")?.textContent === "Алашанькоу: пограничный контроль" && document.querySelectorAll(".board-queue").length === 7, null, { timeout: 15_000 });
  serve.kill("SIGTERM");
  assert.deepEqual(errors.filter((e) => !/Failed to load resource|ERR_CONNECTION_REFUSED/.test(e)), []);
});
await browser.close();
console.log(`screenshots in ${shots}`);
process.exit(0);
