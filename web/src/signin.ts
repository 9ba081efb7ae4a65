// The sign-in page: a name and password, or a one-time link
// (`/signin#link=…`, which signs in once and is then dead). On success it
// goes back to the page that sent the person here (`?next=`, a path on this
// server only) or to the command centre.
import "./style.css";
import { applyI18n, getLang, setLang, t, type Lang, savedStaffLang } from "./i18n";

const $ = (id: string) => document.getElementById(id)!;

function next(): string {
  const n = new URLSearchParams(location.search).get("next") ?? "/";
  // Only a path on this server: never send a person elsewhere after signing in.
  return n.startsWith("/") && !n.startsWith("//") ? n : "/";
}

function say(text: string) {
  const p = $("signin-status");
  p.textContent = text;
  p.hidden = false;
}

async function signIn(path: string, body: unknown) {
  say(t("signingIn"));
  const res = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (res.ok) return location.replace(next());
  if (res.status === 429) return say(t("signinWait", { s: res.headers.get("retry-after") ?? "?" }));
  if (res.status === 403) return say(t("signinDisabled"));
  say(path.endsWith("/link") ? t("signinLinkDead") : t("signinWrong"));
}

function relabel(lang: Lang) {
  setLang(lang);
  localStorage.setItem("borderflow.lang", lang);
  applyI18n();
}

relabel(savedStaffLang());
$("lang").onclick = () => relabel(getLang() === "en" ? "zh" : "en");
$("signin-form").onsubmit = (e) => {
  e.preventDefault();
  const name = ($("signin-name") as HTMLInputElement).value.trim();
  const password = ($("signin-password") as HTMLInputElement).value;
  signIn("/api/v1/session", { name, password }).catch((err) => say(String(err)));
};
const link = location.hash.match(/link=([0-9a-f]+)/)?.[1];
if (link) {
  // Out of the address bar and history before anything else.
  history.replaceState(null, "", location.pathname + location.search);
  signIn("/api/v1/session/link", { link }).catch((err) => say(String(err)));
}
