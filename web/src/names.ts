// What screens call things: each checkpoint's queues, categories and lane
// groups by their display names (`GET /api/v1/checkpoints`), in the language
// shown. Ids stay the keys; a name is only shown.
import type { Names } from "./api-types";
import { nameIn, t, type Lang } from "./i18n";

import type { CheckpointInfo } from "./api-types";
export type { CheckpointInfo, LaneGroupInfo, Place, QueueInfo } from "./api-types";

/** Turns ids into what a screen shows. */
export interface Namer {
  queue(id: string): string;
  category(id: string): string;
  group(id: string): string;
  direction(d: string): string;
}

/** Names from a checkpoint's description in language `l` (the current one by default); an id only where nothing names it. */
export function namer(info: CheckpointInfo | null | undefined, l?: Lang): Namer {
  const find = (list: { id: string; names: Names }[] | undefined, id: string) => nameIn(list?.find((x) => x.id === id)?.names, id, l);
  return {
    queue: (id) => find(info?.queues, id),
    category: (id) => find(info?.categories, id),
    group: (id) => find(info?.lane_groups, id),
    direction: (d) => (d === "entry" || d === "exit" ? t(d, {}, l) : d),
  };
}

/** Ids as they are (for tests and for data with no checkpoint description). */
export const asIds: Namer = { queue: (id) => id, category: (id) => id, group: (id) => id, direction: (d) => d };
