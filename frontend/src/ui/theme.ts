// The colour theme: the system's light or dark scheme and its contrast setting
// by default, or the one chosen with the switch, remembered in this browser.
// styles.css reads data-theme (the scheme, through color-scheme and
// light-dark()) and data-contrast ("more": the high-contrast colours).
import type { MessageKey } from "../i18n/en";

export type Theme = "system" | "light" | "dark" | "contrast-light" | "contrast-dark";
export const THEMES: [Theme, MessageKey][] = [
  ["system", "theme.system"],
  ["light", "theme.light"],
  ["dark", "theme.dark"],
  ["contrast-light", "theme.contrastLight"],
  ["contrast-dark", "theme.contrastDark"],
];
const STORAGE_KEY = "ardoise:theme";
const moreContrast = matchMedia("(prefers-contrast: more)");

export function chosenTheme(): Theme {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return THEMES.some(([theme]) => theme === stored) ? (stored as Theme) : "system";
  } catch {
    return "system"; // storage blocked: follow the system
  }
}

function apply(theme: Theme): void {
  const root = document.documentElement;
  if (theme === "system") delete root.dataset.theme;
  else root.dataset.theme = theme.endsWith("dark") ? "dark" : "light";
  const more = theme.startsWith("contrast") || (theme === "system" && moreContrast.matches);
  if (more) root.dataset.contrast = "more";
  else delete root.dataset.contrast;
}

export function setTheme(theme: Theme): void {
  try {
    if (theme === "system") localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // Not remembered when storage is blocked; the choice still applies to this page.
  }
  apply(theme);
}

/** Applies the remembered theme, and follows the system's contrast setting as it changes. */
export function startTheme(): void {
  apply(chosenTheme());
  moreContrast.addEventListener("change", () => apply(chosenTheme()));
}
