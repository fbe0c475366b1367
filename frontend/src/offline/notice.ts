// "A new version of this course is available": a polite status under the
// header. It takes no focus and blocks nothing; the student reloads when ready.
import { t } from "../i18n";

let box: HTMLElement | null = null;
let status: HTMLElement | null = null;

/** Puts the (empty) live region in the page early, so that screen readers announce what it later says. */
export function prepareUpdateNotice(): void {
  if (box) return;
  box = document.createElement("div");
  box.className = "update-notice";
  status = document.createElement("p");
  status.setAttribute("role", "status");
  box.append(status);
  box.hidden = true;
  document.querySelector(".site-header")?.after(box);
}

/** Shows the notice (once); `reload` switches the course's open pages to the new version. */
export function showUpdateNotice(reload: () => void): void {
  prepareUpdateNotice();
  if (!box || !status || !box.hidden) return;
  const button = (label: string, run: () => void) => {
    const element = document.createElement("button");
    element.type = "button";
    element.textContent = label;
    element.addEventListener("click", run);
    return element;
  };
  const container = box;
  container.append(
    button(t("offline.reload"), reload),
    button(t("offline.later"), () => container.remove()),
  );
  container.hidden = false;
  status.textContent = t("offline.updated");
}
