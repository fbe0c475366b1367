// The local user of a live session: a name (asked once and remembered in this
// browser, or given by the page) and a colour from a fixed palette.
import { t } from "../i18n";
import { promptDialog } from "../ui/prompt";
import type { LiveUser } from "./provider";

/**
 * Carets and name labels are drawn in these colours on every theme, so each has a
 * relative luminance between 0.18 and 0.29: at least 3:1 against the light and the
 * dark backgrounds (a caret is a user-interface component) and at least 4.5:1 for
 * the black text of the name label (tests/test_live_palette.py checks them).
 */
export const PALETTE = ["#d9480f", "#1c7ed6", "#2f9e44", "#be4bdb", "#0c8599", "#d6336c", "#c77700", "#845ef7"] as const;

const NAME_KEY = "ardoise:live:name";
const MAX_NAME = 40;

export function rememberedName(): string | null {
  try {
    return localStorage.getItem(NAME_KEY);
  } catch {
    return null;
  }
}

function remember(name: string): void {
  try {
    localStorage.setItem(NAME_KEY, name);
  } catch {
    // storage blocked: asked again on the next visit
  }
}

/** The remembered name, or the one the user gives now; null if they cancel. */
export async function userName(): Promise<string | null> {
  const known = rememberedName();
  if (known) return known;
  const name = await promptDialog({
    title: t("live.name.title"),
    label: t("live.name.label"),
    value: "",
    confirmLabel: t("live.name.confirm"),
    check: (value) => (!value.trim() ? t("live.name.empty") : value.trim().length > MAX_NAME ? t("live.name.long", { max: MAX_NAME }) : null),
  });
  if (name) remember(name);
  return name;
}

/**
 * The user's awareness record. The colour follows the Yjs client id unless
 * someone here has it already (`taken`): then the first free one of the palette.
 */
export function liveUser(name: string, clientID: number, taken: ReadonlySet<string> = new Set()): LiveUser {
  const preferred = PALETTE[clientID % PALETTE.length]!;
  const color = taken.has(preferred) ? (PALETTE.find((colour) => !taken.has(colour)) ?? preferred) : preferred;
  return { name: name.slice(0, MAX_NAME), color, colorLight: `${color}33` };
}

/**
 * The colour this user should change to, or null to keep theirs. Two people
 * who chose the same colour at once (neither saw the other yet) would both
 * change and perhaps meet again: only the one with the higher client id gives way.
 */
export function colourToAvoid(clientID: number, mine: string, others: ReadonlyMap<number, string>): string | null {
  let clash = false;
  for (const [id, colour] of others) if (colour === mine && id < clientID) clash = true;
  if (!clash) return null;
  const taken = new Set(others.values());
  return PALETTE.find((colour) => !taken.has(colour)) ?? null;
}
