// Labels per language. The dashboard and the officers' pages speak Chinese and
// English; the public board also Russian and Kazakh (Cyrillic), the languages
// of most travellers at Khorgos. Keys are stable ids used by data-i18n attributes.
import { en, type Key } from "./lang/en";
import { zh } from "./lang/zh";
import { kk, ru } from "./lang/board";

export type { Key };
export type Lang = "en" | "zh" | "ru" | "kk";
/** Every language, in the order a hall screen rotates through them. */
export const LANGS: Lang[] = ["zh", "kk", "ru", "en"];
/** The languages of the staff's screens. */
export const STAFF_LANGS: Lang[] = ["en", "zh"];
/** The labels the public board shows: these exist in every language. */
export const BOARD_KEYS = [
  "boardTitle", "entry", "exit", "about", "noLane", "whereToQueue", "orEgates", "egatesAvailable",
  "staleSince", "onYourPhone", "ok", "warning", "breach", "min", "lanesOpenN", "noWait",
] as const satisfies readonly Key[];

const dicts: Record<Lang, Partial<Record<Key, string>>> = { en, zh, ru, kk };

let lang: Lang = "en";

export function getLang(): Lang {
  return lang;
}

export function setLang(l: Lang): void {
  lang = l;
}

/** `s` if it is a language borderflow speaks. */
export function asLang(s: string | null | undefined): Lang | null {
  return s && (s as Lang) in dicts ? (s as Lang) : null;
}

/** The language a staff page was last shown in on this browser (English at first). */
export function savedStaffLang(): Lang {
  const l = asLang(localStorage.getItem("borderflow.lang"));
  return l && STAFF_LANGS.includes(l) ? l : "en";
}

/** The BCP 47 locale for dates and numbers. */
export function locale(l: Lang = lang): string {
  return { en: "en-GB", zh: "zh-CN", ru: "ru-RU", kk: "kk-KZ" }[l];
}

/** The label for `key`, with `{name}` placeholders filled in (English where a language lacks it: tests forbid that on screen). */
export function t(key: Key, vars: Record<string, string | number> = {}, l: Lang = lang): string {
  let s = dicts[l][key] ?? en[key] ?? key;
  for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

/** Whether `key` exists in language `l` itself. */
export function has(key: Key, l: Lang): boolean {
  return dicts[l][key] !== undefined;
}

/** Whether `s` names a label. */
export function isKey(s: string): s is Key {
  return s in en;
}

/** Every key, for tests. */
export function keys(): Key[] {
  return Object.keys(en) as Key[];
}

/** A display name in `l` from a scenario's names, else English, else the id. */
export function nameIn(names: Partial<Record<string, string>> | undefined, id: string, l: Lang = lang): string {
  return names?.[l] ?? names?.en ?? id;
}

/** Relabels every element with a data-i18n attribute. */
export function applyI18n(root: ParentNode = document): void {
  root.querySelectorAll<HTMLElement>("[data-i18n]").forEach((el) => {
    const k = el.dataset.i18n!;
    if (isKey(k)) el.textContent = t(k);
  });
  document.documentElement.lang = locale().slice(0, 2) === "zh" ? "zh-CN" : lang;
}
