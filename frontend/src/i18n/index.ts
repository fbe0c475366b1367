// Every UI string goes through t(); the language follows the browser unless the
// user chose one, and the choice is remembered.
import { en, type MessageKey } from "./en";
import { fr } from "./fr";

export type Language = "en" | "fr";
export const LANGUAGES: Record<Language, string> = { en: "English", fr: "Français" };

const catalogs: Record<Language, Record<MessageKey, string>> = { en, fr };
const STORAGE_KEY = "ardoise:language";

function chosenLanguage(): Language | null {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return stored === "en" || stored === "fr" ? stored : null;
  } catch {
    return null; // storage blocked: follow the browser
  }
}

function browserLanguage(): Language {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split("-")[0];
    if (base === "fr" || base === "en") return base;
  }
  return "en";
}

let current: Language = chosenLanguage() ?? browserLanguage();

export function language(): Language {
  return current;
}

export function setLanguage(lang: Language): void {
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembered when storage is blocked; the choice still applies to this page.
  }
  document.documentElement.lang = lang;
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template: string = catalogs[current][key] ?? en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? formatParam(params[name]!) : match,
  );
}

// One formatter per language: toLocaleString builds a new one at every call,
// which shows when a long notebook labels its hundreds of cells.
const numberFormats = new Map<Language, Intl.NumberFormat>();

function formatParam(value: string | number): string {
  if (typeof value !== "number") return value;
  let format = numberFormats.get(current);
  if (!format) numberFormats.set(current, (format = new Intl.NumberFormat(current)));
  return format.format(value);
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString(current, { year: "numeric", month: "long", day: "numeric" });
}
