// End-to-end: the screens travellers and the control room read, in every
// language and at hall, laptop and phone sizes, and what they say when the
// server stops. `borderflow demo` in Debian's Chromium (playwright-core).
// Usage: node e2e/board.mjs /path/to/borderflow [screenshot-dir]
// Exits non-zero with a message on the first failed check.
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const bin = process.argv[2];
const shots = resolve(process.argv[3] ?? "e2e/screenshots");
mkdirSync(shots, { recursive: true });
const work = mkdtempSync(join(tmpdir(), "bf-e2e-board-"));
const repo = resolve(new URL("../..", import.meta.url).pathname);

const demo = spawn(bin, ["demo", "--port", "0", "--speed", "120", "--db", join(work, "demo.db"), "--scenario", join(repo, "scenarios/khorgos.toml")], { stdio: ["ignore", "pipe", "inherit"] });
process.on("exit", () => {
  demo.kill("SIGKILL");
  rmSync(work, { recursive: true, force: true });
});
const fail = (m) => {
  console.error(`FAIL: ${m}`);
  process.exit(1);
};
setTimeout(() => fail("timed out after 200 s"), 200_000).unref();

const [signinLink, token] = await new Promise((res, rej) => {
  let out = "";
  demo.stdout.on("data", (d) => {
    out += d;
    const link = out.match(/sign in \(one-time link[^)]*\):\s+(\S+)/);
    const tok = out.match(/API token for scripts \(supervisor\):\s+(\S+)/);
    if (link && tok) res([link[1], tok[1]]);
  });
  demo.on("exit", (c) => rej(new Error(`demo exited ${c}: ${out}`)));
});
const base = new URL(signinLink).origin;
const info = (await (await fetch(`${base}/api/v1/checkpoints`, { headers: { authorization: `Bearer ${token}` } })).json())[0];
// Every id a screen might show instead of a name.
const ids = [...info.queues.map((q) => q.id), ...info.categories.map((c) => c.id), ...info.lane_groups.map((g) => g.id), info.id];
console.log(`demo at ${base}`);

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
await browser.close();
console.log(`screenshots in ${shots}`);
process.exit(0);
