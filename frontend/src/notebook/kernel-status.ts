// The kernel's state in the toolbar: a status line that screen readers hear
// when it changes, and while Python downloads, a progress bar with the bytes.
// The bar is outside the live region: announcing every tenth of a second
// would drown everything else.
import { language, t } from "../i18n";
import type { MessageKey } from "../i18n/en";
import type { KernelClient } from "../kernel/client";
import type { KernelStatus, ProgressContent } from "../kernel/protocol";

function megabytes(bytes: number): string {
  return (bytes / 1e6).toLocaleString(language(), { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

function progressBar(kernel: KernelClient): HTMLElement {
  const box = document.createElement("span");
  box.className = "kernel-progress";
  box.hidden = true;
  const bar = document.createElement("progress");
  bar.setAttribute("aria-label", t("kernel.progressLabel"));
  const bytes = document.createElement("span");
  bytes.className = "kernel-progress-bytes";
  box.append(bar, bytes);
  kernel.onProgress(({ loaded, total }: ProgressContent) => {
    if (kernel.status !== "starting" || total <= 0) return;
    const text = t("kernel.progress", { loaded: megabytes(loaded), total: megabytes(total) });
    bar.max = total;
    bar.value = loaded;
    bar.setAttribute("aria-valuetext", text);
    bytes.textContent = text;
    box.hidden = false;
  });
  kernel.onStatus((status) => {
    if (status !== "starting") box.hidden = true;
  });
  return box;
}

/** The status line and, while Python downloads, its progress. */
export function kernelStatus(kernel: KernelClient): HTMLElement {
  const wrapper = document.createElement("span");
  wrapper.className = "kernel-state";
  const element = document.createElement("span");
  element.className = "kernel-status";
  element.setAttribute("role", "status");
  kernel.onStatus((status: KernelStatus, detail?: string) => {
    element.dataset.status = status;
    // How this Python started (from this browser's snapshot, or afresh): shown on hover, read by tests.
    if (status === "idle" && kernel.startedFrom) {
      element.dataset.start = kernel.startedFrom;
      const titles = { snapshot: "kernel.fromSnapshot", served: "kernel.fromServed", fresh: "kernel.fresh" } as const;
      element.title = t(titles[kernel.startedFrom]);
    }
    let text = t(`kernel.${status}` as MessageKey);
    if (status === "starting" && detail) text = t(`kernel.starting.${detail}` as MessageKey) ?? text;
    if (status === "dead" && detail) text = t("kernel.deadDetail", { detail });
    element.textContent = t("kernel.status", { state: text });
  });
  wrapper.append(element, progressBar(kernel));
  return wrapper;
}
