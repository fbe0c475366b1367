// The keyboard shortcuts panel (H in command mode, or the toolbar's ? button).
import { t } from "../i18n";
import type { MessageKey } from "../i18n/en";
import { showDialog } from "../ui/dialog";
import { SHORTCUTS } from "./keyboard";

function table(mode: "command" | "edit"): HTMLElement {
  const section = document.createElement("section");
  const heading = document.createElement("h3");
  heading.textContent = t(mode === "command" ? "keys.commandMode" : "keys.editMode");
  const list = document.createElement("dl");
  list.className = "shortcuts";
  for (const shortcut of SHORTCUTS.filter((s) => s.mode === mode)) {
    const keys = document.createElement("dt");
    for (const [i, part] of shortcut.keys.split(", ").entries()) {
      if (i) keys.append(", ");
      const kbd = document.createElement("kbd");
      kbd.textContent = part;
      keys.append(kbd);
    }
    const help = document.createElement("dd");
    help.textContent = t(shortcut.help as MessageKey);
    list.append(keys, help);
  }
  section.append(heading, list);
  return section;
}

export function showShortcuts(): Promise<void> {
  const body = document.createElement("div");
  const intro = document.createElement("p");
  intro.textContent = t("keys.intro");
  body.append(intro, table("command"), table("edit"));
  return showDialog(t("keys.title"), body, [{ label: t("dialog.close"), value: undefined, primary: true }], undefined);
}
