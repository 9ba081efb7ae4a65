// The command network's shapes: instructions, desks and officers' days, as
// the API gives them (`borderflow-command`, `/api/v1/desk`, `/api/v1/officers`),
// and the pure helpers the dashboard and the desk terminal share.
import { uuidv7 } from "./ids";
import type { DeskView, Instruction, OfficerView, Order, Target } from "./api-types";
import { asIds, type Namer } from "./names";

export type { Instruction, InstructionList, NewInstruction, Order, Target } from "./api-types";

/** An instruction's target and order as label keys and values, for a row of the table. */
type Worded<K> = { key: K; vars: Record<string, string> };
export function instructionText(i: { to: Target; order: Order }, names: Namer = asIds): { to: Worded<"toLane" | "toOfficer" | "toGuides" | "toHall" | "toEveryone">; order: Worded<"doOpen" | "doClose" | "doMove" | "doSend" | "doSay"> } {
  const to = ((): Worded<"toLane" | "toOfficer" | "toGuides" | "toHall" | "toEveryone"> => {
    switch (i.to.kind) {
      case "lane": return { key: "toLane", vars: { lane: i.to.lane } };
      case "officer": return { key: "toOfficer", vars: { officer: i.to.officer } };
      case "guides": return { key: "toGuides", vars: {} };
      case "hall": return { key: "toHall", vars: { direction: names.direction(i.to.direction) } };
      default: return { key: "toEveryone", vars: {} };
    }
  })();
  const order = ((): Worded<"doOpen" | "doClose" | "doMove" | "doSend" | "doSay"> => {
    switch (i.order.kind) {
      case "open_lane": return { key: "doOpen", vars: { lane: i.order.lane } };
      case "close_lane": return { key: "doClose", vars: { lane: i.order.lane } };
      case "move_officer": return { key: "doMove", vars: { officer: i.order.officer, lane: i.order.lane } };
      case "send_category": return { key: "doSend", vars: { category: names.category(i.order.category), queue: names.queue(i.order.queue) } };
      default: return { key: "doSay", vars: { text: i.order.text } };
    }
  })();
  return { to, order };
}

/** Seconds from sent to answered (acknowledged or declined), or null while unanswered. */
export function timeToAnswerS(i: Instruction): number | null {
  return i.answered_at === null ? null : Math.round((Date.parse(i.answered_at) - Date.parse(i.sent_at)) / 1000);
}

/** The instructions after one changed: replaced by id (or added), newest first. */
export function upsertInstruction(list: Instruction[], i: Instruction): Instruction[] {
  return [i, ...list.filter((x) => x.id !== i.id)].sort((a, b) => b.sent_at.localeCompare(a.sent_at));
}

/** One officer's day (`borderflow_live::OfficerView`). */
export type OfficerDay = OfficerView;

/** Where an officer stands against the continuous-work rule: "soon" from `noticeS` before it, "over" at it. */
export function workLevel(continuousS: number | null, ruleS: number, noticeS = 900): "ok" | "soon" | "over" {
  if (continuousS === null) return "ok";
  if (continuousS >= ruleS) return "over";
  return continuousS >= ruleS - noticeS ? "soon" : "ok";
}

export type { DeskView } from "./api-types";

/** Where the officer at a desk stands against the continuous-work rule: "soon" from the notice before it, "over" at it. */
export function shiftLevel(v: DeskView): "ok" | "soon" | "over" {
  return workLevel(v.officer?.continuous_s ?? null, v.max_continuous_work_s, v.notice_s);
}

/** One event of the desk's lane, dated `at` (the server's clock), with a fresh id; undefined fields are left out. */
export function deskEvent(v: DeskView, kind: string, at: Date, extra: Record<string, string | undefined>): Record<string, string> {
  const ev: Record<string, string> = { id: uuidv7(), at: at.toISOString(), checkpoint: v.checkpoint, kind, lane: v.lane.id };
  for (const [k, x] of Object.entries(extra)) if (x !== undefined) ev[k] = x;
  return ev;
}
