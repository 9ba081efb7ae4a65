// An instructions inbox, as the desk terminal and the guide handheld show it:
// each instruction in words with its state, and for an unanswered one the
// buttons to acknowledge it (and, where `decline` is allowed, to decline it with a reason).
import { answerInstruction } from "./api";
import { instructionText, type Instruction } from "./command";
import type { Namer } from "./names";
import { t } from "./i18n";

/** Fills `ul` with `list`; `after` runs once an answer is recorded, `say` shows what went wrong. */
export function renderInbox(ul: HTMLElement, list: Instruction[], opts: { decline: boolean; after: () => Promise<void>; say: (s: string) => void; names?: Namer }) {
  ul.innerHTML = "";
  for (const i of list) {
    const li = document.createElement("li");
    li.className = i.state;
    li.dataset.instruction = i.id;
    const { order } = instructionText(i, opts.names);
    const text = document.createElement("span");
    text.textContent = `${t(order.key, order.vars)} · ${t(`st_${i.state}`)}`;
    li.appendChild(text);
    if (i.state === "sent" || i.state === "delivered") {
      const answer = async (step: "ack" | "decline", reason?: string) => {
        await answerInstruction(i.id, step, reason).catch((e) => opts.say(String(e)));
        await opts.after();
      };
      const ack = document.createElement("button");
      ack.className = "ack";
      ack.textContent = t("acknowledge");
      ack.onclick = () => answer("ack");
      li.appendChild(ack);
      if (opts.decline) {
        const reason = document.createElement("input");
        reason.placeholder = t("declineReason");
        const decline = document.createElement("button");
        decline.className = "decline";
        decline.textContent = t("decline");
        decline.onclick = () => (reason.value.trim() ? answer("decline", reason.value.trim()) : opts.say(t("declineReason")));
        li.append(reason, decline);
      }
    }
    ul.appendChild(li);
  }
}
