// What both browser tests start from: `borderflow demo` on a free port in a
// scratch directory, the duty officer's one-time sign-in link and a token for
// the scripts' own API calls, and a failure that exits with a message.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const repo = resolve(new URL("../..", import.meta.url).pathname);

/** Exits non-zero with `m` (the first failed check ends the run). */
export function fail(m) {
  console.error(`FAIL: ${m}`);
  process.exit(1);
}

/** Starts the demo at 120× with a time limit of `limitS` for the whole run; removes its directory at exit.
 * The hall runs the day as planned (`--as-planned`): these tests check what the screens do with a
 * day whose course they know (a queue that recovers once its desks reopen); `twin-trial` and the
 * twin's tests try the twin against a day it does not know. */
export async function startDemo(bin, name, limitS) {
  const work = mkdtempSync(join(tmpdir(), `bf-e2e-${name}-`));
  const demo = spawn(bin, ["demo", "--port", "0", "--speed", "120", "--db", join(work, "demo.db"), "--scenario", join(repo, "scenarios/khorgos.toml"), "--as-planned"], { stdio: ["ignore", "pipe", "inherit"] });
  process.on("exit", () => {
    demo.kill("SIGKILL");
    rmSync(work, { recursive: true, force: true });
  });
  setTimeout(() => fail(`timed out after ${limitS} s`), limitS * 1000).unref();
  // The demo prints a one-time sign-in link for its duty officer and a token for scripts.
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
  console.log(`demo at ${base}`);
  return { demo, work, signinLink, token, base };
}
