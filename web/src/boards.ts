// The public board's data (`GET /api/v1/board`, no token): the board page and
// the guide handheld read it. Its shapes are the server's `board.rs` types (`api-types/`).
import { nameIn, t, type Lang } from "./i18n";
import type { Namer } from "./names";

import type { Board, BoardAdvice } from "./api-types";
export type { Board, BoardAdvice, BoardQueue, Names } from "./api-types";

/** Every checkpoint's board, or `null` when the server cannot be reached or answers with an error (never throws: a hall screen keeps its last figures and says they are old). */
export async function getBoards(): Promise<Board[] | null> {
  try {
    const res = await fetch("/api/v1/board", { cache: "no-store", signal: AbortSignal.timeout(10_000) });
    return res.ok ? ((await res.json()) as Board[]) : null;
  } catch {
    return null;
  }
}

/** The board of `checkpoint`, else the first. */
export function pick(boards: Board[], checkpoint: string | null): Board | null {
  return boards.find((b) => b.checkpoint === checkpoint) ?? boards[0] ?? null;
}

/** A queue's name in `l` (its id only when the scenario names it nowhere). */
export function queueName(b: Board, id: string, l?: Lang): string {
  return nameIn(b.queues.find((q) => q.queue === id)?.names, id, l);
}

/** Which directions' advice a traveller needs: those with a choice to make (several queues, or quicker e-gates). */
export function adviceWorthShowing(b: Board): BoardAdvice[] {
  const dirs = new Set(b.advice.map((a) => a.direction));
  return [...dirs].flatMap((d) => {
    const mine = b.advice.filter((a) => a.direction === d);
    return new Set(mine.map((a) => a.queue)).size > 1 || mine.some((a) => a.egate_queue) ? mine : [];
  });
}

/** Names from a board alone (pages without a reader's access to `/api/v1/checkpoints`, like the guide's phone). */
export function boardNamer(b: Board): Namer {
  return {
    queue: (id) => queueName(b, id),
    category: (id) => nameIn(b.advice.find((a) => a.category === id)?.category_names, id),
    group: (id) => id,
    direction: (d) => (d === "entry" || d === "exit" ? t(d) : d),
  };
}
