// Data that has stopped arriving must say so: a board showing old waits as if
// they were now sends travellers to the wrong queue.

/** After this long without fresh figures, a screen says they are old. */
export const STALE_AFTER_MS = 60_000;

/** Remembers when figures last arrived (this browser's clock) and the server's time they carried. */
export class Freshness {
  private gotAt: number | null = null;
  private dataAt: string | null = null;

  /** Figures stamped `at` by the server arrived now. */
  fresh(at: string, nowMs: number = Date.now()): void {
    this.gotAt = nowMs;
    this.dataAt = at;
  }

  /** The server time of the last figures, if they are older than the limit; `null` while they are fresh (or none came yet). */
  staleSince(nowMs: number = Date.now(), limitMs: number = STALE_AFTER_MS): string | null {
    return this.gotAt !== null && nowMs - this.gotAt > limitMs ? this.dataAt : null;
  }
}
