// What the page says about this browser's copy of the notebook: a quiet line
// while every change is saved, and an alert in plain words, with the download
// of the notebook at hand, when the browser refuses, runs out of space or
// deletes the copy. Getting better is announced too (politely).
import { t } from "../i18n";
import type { MessageKey } from "../i18n/en";
import type { LocalCopy, StorageProblem } from "../storage/local";

const MESSAGES: Record<StorageProblem, MessageKey> = {
  blocked: "storage.blocked",
  full: "storage.full",
  failed: "storage.failed",
  cleared: "storage.cleared",
  evicted: "storage.evicted",
};

function button(label: MessageKey, onClick: () => void): HTMLButtonElement {
  const element = document.createElement("button");
  element.type = "button";
  element.textContent = t(label);
  element.addEventListener("click", onClick);
  return element;
}

export function storageNotice(copy: LocalCopy, download: () => void): HTMLElement {
  const box = document.createElement("div");
  box.className = "storage-notice";
  // Both live regions exist from the start, so that what is put in them is announced.
  const status = document.createElement("p");
  status.className = "notice notice-info";
  status.setAttribute("role", "status");
  const alert = document.createElement("div");
  alert.className = "notice notice-warning storage-alert";
  alert.setAttribute("role", "alert");
  alert.hidden = true;
  box.append(alert, status);

  const show = (problem: StorageProblem | null, detail?: string) => {
    if (problem === null) {
      const recovered = !alert.hidden;
      alert.hidden = true;
      alert.replaceChildren();
      status.textContent = t(recovered ? "storage.recovered" : "nb.savedLocally");
      return;
    }
    const text = document.createElement("p");
    text.textContent = t(MESSAGES[problem], { detail: detail ?? "" });
    const actions = document.createElement("div");
    actions.className = "storage-actions";
    actions.append(button("storage.download", download));
    // Informational problems (saving works again) can be put away; the others stay until they are over.
    if (problem === "cleared" || problem === "evicted") {
      actions.append(
        button("storage.dismiss", () => {
          alert.hidden = true;
          alert.replaceChildren();
          status.textContent = t("nb.savedLocally");
        }),
      );
    }
    alert.replaceChildren(text, actions);
    alert.hidden = false;
    status.textContent = "";
  };
  copy.onChange(show);
  show(copy.state);
  return box;
}
