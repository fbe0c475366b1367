// The student's side of showing a copy to the class: their consent (a checkbox,
// saved on the server at once, which they can untick at any time: the open
// projections close before the server answers) and, while the teacher shows
// the copy, a visible indicator that screen readers announce.
import { t } from "../i18n";
import type { RoomProvider } from "../collab/websocket";
import { copyURL } from "./server-copy";

export function projectionConsent(id: string, allowed: boolean, announce: (text: string) => void): { element: HTMLElement; follow(room: RoomProvider): void } {
  const element = document.createElement("div");
  element.className = "copy-projection";
  const box = document.createElement("input");
  box.type = "checkbox";
  box.id = "copy-projection-allow";
  box.checked = allowed;
  const label = document.createElement("label");
  label.htmlFor = box.id;
  label.textContent = t("projection.allow");
  const help = document.createElement("p");
  help.className = "help";
  help.id = "copy-projection-help";
  help.textContent = t("projection.allowHelp");
  box.setAttribute("aria-describedby", help.id);
  const shown = document.createElement("p");
  shown.className = "copy-projected";
  shown.setAttribute("role", "status");
  const field = document.createElement("div");
  field.className = "copy-projection-field";
  field.append(box, label);
  element.append(field, help, shown);

  box.addEventListener("change", () => void save(box.checked));
  const save = async (wanted: boolean) => {
    box.disabled = true;
    try {
      const response = await fetch(`${copyURL(id)}/projection`, {
        method: "PUT",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ allowed: wanted }),
      });
      const body = (await response.json().catch(() => ({}))) as { shown_to_class?: boolean; detail?: string };
      if (!response.ok || body.shown_to_class !== wanted) throw new Error(body.detail ?? `HTTP ${response.status}`);
      announce(t(wanted ? "projection.allowed" : "projection.revoked"));
    } catch (error) {
      box.checked = !wanted;
      announce(t("projection.saveFailed", { detail: error instanceof Error ? error.message : String(error) }));
    } finally {
      box.disabled = false;
    }
  };

  let showing = false;
  const follow = (room: RoomProvider) => {
    room.onProjected((count) => {
      if (count > 0 === showing) return;
      showing = count > 0;
      // The status region says it when it starts; its end is said through the page's announcer.
      shown.textContent = showing ? t("projection.shown") : "";
      shown.classList.toggle("copy-projected-on", showing);
      if (!showing) announce(t("projection.notShown"));
    });
  };
  return { element, follow };
}
