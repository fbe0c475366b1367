// When Python dies (a fatal error of the interpreter, a failed worker, or a
// start that failed), the page says so in plain words, says that the notebook
// is safe, and offers a restart; the cells and their outputs are untouched.
import { t } from "../i18n";
import type { KernelClient } from "../kernel/client";

export function kernelDeathNotice(kernel: KernelClient, restart: () => Promise<void>): HTMLElement {
  const box = document.createElement("div");
  box.className = "notice notice-warning kernel-death";
  box.setAttribute("role", "group");
  box.setAttribute("aria-label", t("death.title"));
  box.hidden = true;
  kernel.onStatus((status, detail, reason) => {
    if (status !== "dead" || !reason) {
      box.hidden = true;
      box.replaceChildren();
      return;
    }
    const text = document.createElement("p");
    // An alert is read out once when it appears; the button stays after it.
    text.setAttribute("role", "alert");
    text.textContent = `${t(`death.${reason}`, { detail: detail || "?" })} ${t("death.safe")}`;
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = t("death.restart");
    button.addEventListener("click", () => {
      button.disabled = true;
      void restart();
    });
    box.replaceChildren(text, button);
    box.hidden = false;
  });
  return box;
}
