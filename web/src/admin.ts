// The admin page: people (add, disable, a one-time sign-in link) and the
// webhook messages no hook accepted (sent again with one click). The API
// does the checking; this page says what it answered.
import "./style.css";
import { adminCall, whoami } from "./api";
import { applyI18n, getLang, setLang, t, type Lang, savedStaffLang } from "./i18n";

import type { FailedMessage as Failed, UserInfo as User } from "./api-types";

const $ = (id: string) => document.getElementById(id)!;
const say = (s: string) => ($("admin-status").textContent = s);

function cell(tr: HTMLElement, text: string) {
  const td = document.createElement("td");
  td.textContent = text;
  tr.append(td);
}

function button(label: string, onclick: () => Promise<void>): HTMLTableCellElement {
  const td = document.createElement("td");
  const b = document.createElement("button");
  b.textContent = label;
  b.onclick = () => onclick().catch((e) => say(String(e)));
  td.append(b);
  return td;
}

async function showLink(name: string, path: string) {
  say(t("linkFor", { name, link: `${location.origin}${path}` }));
}

let myName = "";

async function load() {
  const users = await adminCall<User[]>("GET", "/api/v1/users");
  const tbody = $("users");
  tbody.innerHTML = "";
  for (const u of users) {
    const tr = document.createElement("tr");
    tr.dataset.user = u.name;
    cell(tr, u.name);
    cell(tr, u.role);
    cell(tr, u.checkpoint ?? t("all"));
    cell(tr, u.created_by);
    cell(tr, u.disabled_at ? t("disabledAt", { at: new Date(u.disabled_at).toLocaleString() }) : t("active"));
    // Nobody disables themself (the server refuses it too): another admin must.
    if (u.disabled_at || u.name === myName) tr.append(document.createElement("td"));
    else {
      const actions = button(t("disable"), async () => {
        await adminCall("POST", `/api/v1/users/${encodeURIComponent(u.name)}/disable`);
        say(t("userDisabled", { name: u.name }));
        await load();
      });
      actions.append(
        button(t("newLink"), async () => {
          const r = await adminCall<{ link: string }>("POST", `/api/v1/users/${encodeURIComponent(u.name)}/link`);
          await showLink(u.name, r.link);
        }).firstChild!,
      );
      tr.append(actions);
    }
    tbody.append(tr);
  }
  const failed = await adminCall<Failed[]>("GET", "/api/v1/webhooks/failed");
  const fb = $("failed");
  fb.innerHTML = "";
  if (!failed.length) {
    const tr = document.createElement("tr");
    cell(tr, t("noneFailed"));
    (tr.firstChild as HTMLTableCellElement).colSpan = 6;
    fb.append(tr);
  }
  for (const f of failed) {
    const tr = document.createElement("tr");
    cell(tr, f.hook);
    cell(tr, f.kind);
    cell(tr, new Date(f.created_at).toLocaleString());
    cell(tr, String(f.attempts));
    cell(tr, f.last_error ?? "");
    tr.append(
      button(t("sendAgain"), async () => {
        await adminCall("POST", `/api/v1/webhooks/failed/${f.id}/retry`);
        await load();
      }),
    );
    fb.append(tr);
  }
}

function relabel(lang: Lang) {
  setLang(lang);
  localStorage.setItem("borderflow.lang", lang);
  applyI18n();
  document.querySelectorAll<HTMLInputElement>("[data-i18n-placeholder]").forEach((el) => (el.placeholder = t(el.dataset.i18nPlaceholder as never)));
  load().catch((e) => say(String(e)));
}

async function main() {
  const me = await whoami();
  if (!me) return;
  $("me").textContent = me.by;
  myName = me.by;
  if (me.role !== "admin") {
    say(t("adminsOnly"));
    return;
  }
  $("lang").onclick = () => relabel(getLang() === "en" ? "zh" : "en");
  $("user-add").onsubmit = async (e) => {
    e.preventDefault();
    const name = ($("new-name") as HTMLInputElement).value.trim();
    const role = ($("new-role") as HTMLSelectElement).value;
    const password = ($("new-password") as HTMLInputElement).value;
    try {
      const r = await adminCall<{ link: string | null }>("POST", "/api/v1/users", { name, role, password: password || undefined });
      ($("new-password") as HTMLInputElement).value = "";
      ($("new-name") as HTMLInputElement).value = "";
      if (r.link) await showLink(name, r.link);
      else say(t("userAdded", { name }));
      await load();
    } catch (err) {
      say(String(err));
    }
  };
  relabel(savedStaffLang());
}

main();
