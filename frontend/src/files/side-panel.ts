// The file panel beside a notebook, shown and hidden by a Files button (a
// disclosure: aria-expanded, aria-controls). Opening it moves the focus to its
// heading; its Close button and the Files button hide it again. Whether it
// is open is remembered in this browser.
import { t } from "../i18n";
import { FilePanel, type PanelOptions } from "./panel";

const REMEMBER = "ardoise:files-panel";

function remembered(): boolean {
  try {
    return localStorage.getItem(REMEMBER) === "open";
  } catch {
    return false;
  }
}

function remember(open: boolean): void {
  try {
    localStorage.setItem(REMEMBER, open ? "open" : "closed");
  } catch {
    // Not remembered when storage is blocked.
  }
}

export interface SidePanel {
  toggle: HTMLButtonElement;
  panel: FilePanel;
}

/** Puts the panel beside `main` (hidden unless it was left open) and returns its toggle. */
export function sidePanel(main: HTMLElement, options: PanelOptions): SidePanel {
  const panel = new FilePanel(options);
  const aside = document.createElement("aside");
  aside.className = "file-aside";
  aside.id = "file-aside";
  aside.setAttribute("aria-label", t("files.title"));
  const toggle = Object.assign(document.createElement("button"), { type: "button", className: "files-toggle", textContent: t("files.toggle") });
  toggle.setAttribute("aria-controls", aside.id);
  const close = Object.assign(document.createElement("button"), { type: "button", className: "file-aside-close", textContent: "×" });
  close.setAttribute("aria-label", t("files.close"));
  close.title = t("files.close");
  const show = (visible: boolean, focus: boolean) => {
    aside.hidden = !visible;
    document.body.classList.toggle("files-open", visible);
    toggle.setAttribute("aria-expanded", String(visible));
    remember(visible);
    if (focus) (visible ? panel.focus() : toggle.focus());
  };
  toggle.addEventListener("click", () => show(aside.hidden, true));
  close.addEventListener("click", () => show(false, true));
  aside.append(close, panel.element);
  main.before(aside);
  show(remembered(), false);
  return { toggle, panel };
}
