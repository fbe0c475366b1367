// What a page showing a notebook does on Stop, Restart, Ctrl+S and the rest,
// and the bars above its cells: the same for a course's notebook and a
// classroom copy, which differ only in how they download and save.
import { t } from "../i18n";
import type { KernelClient } from "../kernel/client";
import { confirmDialog } from "../ui/dialog";
import { kernelDeathNotice } from "./kernel-death";
import { kernelStatus } from "./kernel-status";
import { installCommandKeys, type CommandActions } from "./keyboard";
import { showShortcuts } from "./shortcuts";
import { TableOfContents } from "./toc";
import { createToolbar, type ToolbarActions } from "./toolbar";
import type { NotebookView } from "./view";

export type PageActions = CommandActions & ToolbarActions;

function confirmRestart(): Promise<boolean> {
  return confirmDialog(t("restart.title"), t("restart.message"), t("restart.confirm"));
}

/**
 * The page's actions, bound to the command-mode keys, with Ctrl/Cmd+S saving
 * from anywhere on the page (never the browser's "save page").
 */
export function pageActions(
  kernel: KernelClient,
  view: NotebookView,
  announce: (text: string) => void,
  own: { download(): void; save(): void },
): PageActions {
  const actions: PageActions = {
    interrupt: () =>
      void kernel.interrupt().then((how) => announce(t(how === "interrupted" ? "notice.interrupted" : "notice.stopRestarted"))),
    restart: () =>
      void confirmRestart().then(async (ok) => {
        if (!ok) return;
        await kernel.restart();
        announce(t("notice.restarted"));
      }),
    restartAndRunAll: () =>
      void confirmRestart().then((ok) => {
        if (ok) void view.restartAndRunAll();
      }),
    download: own.download,
    help: () => void showShortcuts(),
    save: own.save,
  };
  installCommandKeys(view, actions);
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && (event.key === "s" || event.key === "S")) {
      event.preventDefault();
      actions.save();
    }
  });
  return actions;
}

/** The toolbar (with the table of contents' toggle), the contents panel, and the notice shown if Python dies. */
export function notebookBars(
  kernel: KernelClient,
  view: NotebookView,
  actions: PageActions,
  announce: (text: string) => void,
): { toc: TableOfContents; toolbar: HTMLElement; death: HTMLElement } {
  const toc = new TableOfContents(view);
  const toolbar = createToolbar(view, actions, kernelStatus(kernel), [toc.toggle]);
  const death = kernelDeathNotice(kernel, async () => {
    await kernel.restart();
    announce(t("notice.restarted"));
    view.select(view.activeIndex);
  });
  // Headings scrolled to stop below the sticky toolbar, whose height changes as it wraps.
  new ResizeObserver(() => document.documentElement.style.setProperty("--toolbar-height", `${toolbar.offsetHeight}px`)).observe(toolbar);
  return { toc, toolbar, death };
}
