// An instructions inbox, as the desk terminal and the guide handheld show it:
// each instruction in words with its state, and for an unanswered one the
// buttons to acknowledge it (and, where `decline` is allowed, to decline it with a reason).
import { answerInstruction } from "./api";
import { instructionText, type Instruction } from "./command";
import type { Namer } from "./names";
import { t } from "./i18n";
import { keyed, setText } from "./keyed";

type Opts = { decline: boolean; after: () => Promise<void>; say: (s: string) => void; names?: Namer };

/** Fills `ul` with `list`; `after` runs once an answer is recorded, `say` shows what went wrong.
 * The lines are kept across refreshes (see keyed.ts): a reason half typed stays. */
export function renderInbox(ul: HTMLElement, list: Instruction[], opts: Opts) {
  keyed(ul, list, (i) => i.id, (i) => item(i.id, opts), (li, i) => {
    li.className = i.state;
    li.dataset.instruction = i.id;
    const { order } = instructionText(i, opts.names);
    setText(li.firstElementChild!, `${t(order.key, order.vars)} · ${t(`st_${i.state}`)}`);
    const answers = li.querySelector<HTMLElement>(".answers");
    if (!answers) return;
    // Once answered, an instruction is not answered again: its controls go.
    if (i.state !== "sent" && i.state !== "delivered") answers.remove();
    else
      for (const el of answers.children as HTMLCollectionOf<HTMLElement>) {
        if (el instanceof HTMLInputElement) el.placeholder = t("declineReason");
        else setText(el, t(el.className === "ack" ? "acknowledge" : "decline"));
      }
  });
}

/** One instruction's line: its words, then the controls to answer it. */
function item(id: string, opts: Opts): HTMLLIElement {
  const li = document.createElement("li");
  const answers = document.createElement("span");
  answers.className = "answers";
  li.append(document.createElement("span"), answers);
  const answer = async (step: "ack" | "decline", reason?: string) => {
    await answerInstruction(id, step, reason).catch((e) => opts.say(String(e)));
    await opts.after();
  };
  const ack = document.createElement("button");
  ack.className = "ack";
  ack.onclick = () => answer("ack");
  answers.appendChild(ack);
  if (opts.decline) {
    const reason = document.createElement("input");
    const decline = document.createElement("button");
    decline.className = "decline";
    decline.onclick = () => (reason.value.trim() ? answer("decline", reason.value.trim()) : opts.say(t("declineReason")));
    answers.append(reason, decline);
  }
  return li;
}
