// The notebook page: the model from this browser's copy (or the course's file on
// a first visit), the cell list, the toolbar and the kernel's status.
import type * as nbformat from "@jupyterlab/nbformat";
import { language, t } from "../i18n";
import type { MessageKey } from "../i18n/en";
import type { KernelClient } from "../kernel/client";
import { createNotebook, exportNotebook, isEmpty, loadInto } from "../notebook/model";
import { notebookBars, pageActions } from "../notebook/page-actions";
import { NotebookView } from "../notebook/view";
import { confirmDialog } from "../ui/dialog";
import { storageNotice } from "../ui/storage-notice";
import { contentURL, type ContentEntry, type Site } from "../site";
import { takeEarlyNotebook } from "../early";
import type { YNotebook } from "@jupyter/ydoc";
import { differsFrom, dismissVersion, dismissedVersion, originOf, setOrigin } from "../notebook/origin";
import { openLocalCopy, storageKey } from "../storage/local";
import type { FileStore } from "../storage/files";
import { downloadBlob } from "../ui/download";
import { sidePanel } from "../files/side-panel";
import { syncFilesWithKernel } from "../files/sync";
import { problemText } from "../files/problems";
import { basename, dirname, notebookHref } from "../paths";
import { hostedKey, liveLinkOf, type LiveLink } from "../collab/link";
import { liveControl } from "./live-control";
import { notice } from "../ui/notice";

function download(name: string, text: string): void {
  downloadBlob(name, new Blob([text], { type: "application/x-ipynb+json" }));
}

async function fetchNotebook(site: Site, path: string): Promise<nbformat.INotebookContent> {
  const url = contentURL(site, path);
  const response = await (takeEarlyNotebook(url.href) ?? fetch(url, { cache: "no-cache" }));
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as nbformat.INotebookContent;
}

/**
 * The notice about the course's version of this notebook: "changed from the
 * course's version" with a revert, and "a new version was published" with a
 * choice. Neither replaces the student's copy without asking.
 */
function courseVersion(
  notebook: YNotebook,
  entry: ContentEntry,
  fetchOriginal: () => Promise<nbformat.INotebookContent>,
  announce: (text: string) => void,
): HTMLElement {
  const box = document.createElement("div");
  box.className = "course-version";
  let original: Promise<nbformat.INotebookContent> | null = null;
  const getOriginal = () => (original ??= fetchOriginal());

  const revert = async () => {
    if (!(await confirmDialog(t("origin.revertTitle"), t("origin.revertMessage"), t("origin.revert")))) return;
    loadInto(notebook, await getOriginal(), { undoable: true });
    if (entry.sha256) setOrigin(notebook, entry.sha256);
    announce(t("origin.reverted"));
  };
  const action = (label: MessageKey, run: () => void) => {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = t(label);
    button.addEventListener("click", run);
    return button;
  };

  const update = async () => {
    const origin = originOf(notebook);
    const published = entry.sha256;
    if (published && origin && origin !== published && dismissedVersion(notebook) !== published) {
      const text = document.createElement("span");
      text.textContent = t("origin.newVersion");
      box.replaceChildren(
        text,
        action("origin.useNew", () => void revert()),
        action("origin.keepMine", () => {
          dismissVersion(notebook, published);
          void update();
        }),
      );
      box.hidden = false;
      return;
    }
    let changed = false;
    try {
      changed = differsFrom(notebook, await getOriginal());
    } catch {
      changed = false; // offline and never fetched: nothing to compare with
    }
    const text = document.createElement("span");
    text.textContent = t("origin.changed");
    box.replaceChildren(text, action("origin.revert", () => void revert()));
    box.hidden = !changed;
  };
  let timer = 0;
  notebook.ydoc.on("update", () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => void update(), 500);
  });
  box.hidden = true;
  void update();
  return box;
}

export async function showNotebook(
  main: HTMLElement,
  site: Site,
  path: string,
  kernel: KernelClient,
  store: FileStore,
): Promise<void> {
  const file = (await store.list()).find((e) => e.path === path && e.kind === "notebook");
  const back = document.createElement("a");
  back.href = "index.html";
  back.className = "back-link";
  back.textContent = t("nb.back");
  const link = liveLinkOf(new URL(location.href));
  const usable = link?.room && link.secret ? (link as LiveLink & { secret: string }) : null;
  const key = storageKey(site.base, path);
  // Someone joining a session starts from an empty document that the others fill:
  // loading the course's file too would give every cell twice. It is kept apart.
  const joining = usable !== null && hostedKey(usable.room) !== key;
  if (!file && !joining) {
    main.replaceChildren(back, notice(t("nb.notFound", { path }), "warning"));
    return;
  }
  // Only the course's own notebook is compared with (and offered) the course's versions.
  const entry = file?.origin === "course" && !joining ? site.contents.find((e) => e.path === path) : undefined;

  const notebook = createNotebook();
  const local = await openLocalCopy(joining ? `${key}:live:${usable.room}` : key, notebook.ydoc);
  // The course's version, once fetched: what a first visit loads is also what it compares with.
  let courseCopy: nbformat.INotebookContent | null = null;
  if (file && !joining && (!local.existed || isEmpty(notebook))) {
    try {
      const content = entry
        ? (courseCopy = await fetchNotebook(site, path))
        : (JSON.parse(new TextDecoder().decode(await store.read(path))) as nbformat.INotebookContent);
      loadInto(notebook, content);
      if (entry?.sha256) setOrigin(notebook, entry.sha256);
    } catch (error) {
      main.replaceChildren(back, notice(t("nb.loadError", { path, detail: String(error) }), "warning"));
      return;
    }
  }

  const heading = document.createElement("h1");
  heading.className = "notebook-name";
  heading.textContent = file?.title || file?.name || basename(path);
  document.title = `${heading.textContent} · Ardoise`;

  const folder = path.includes("/") ? path.slice(0, path.lastIndexOf("/") + 1) : "";
  const view = new NotebookView(notebook, kernel, contentURL(site, folder));
  const announcer = document.createElement("p");
  announcer.className = "announcer";
  announcer.setAttribute("role", "status");
  const announce = (text: string) => {
    announcer.textContent = text;
  };
  view.announce = announce;

  const actions = pageActions(kernel, view, announce, {
    download: () => download(file?.name ?? basename(path), exportNotebook(notebook)),
    save: () => announce(t("notice.saved", { time: new Date().toLocaleTimeString(language()) })),
  });
  const { toc, toolbar, death } = notebookBars(kernel, view, actions, announce);

  const status = storageNotice(local, actions.download);
  const fetchOriginal = () => (courseCopy ? Promise.resolve(courseCopy) : fetchNotebook(site, path));
  const versions = entry ? [courseVersion(notebook, entry, fetchOriginal, announce)] : [];
  const problems = document.createElement("div");
  const files = sidePanel(main, {
    store,
    base: site.base,
    open: {
      path,
      release: () => local.destroy(),
      renamed: (to) => location.replace(notebookHref(to)),
      deleted: () => location.assign("index.html"),
    },
    folder: dirname(path),
    rootName: site.manifest.title || t("list.folder.root"),
  });
  store.onChange((change) => {
    // This notebook's file was replaced (an upload, a revert, Python): show the new one.
    if (change.written.includes(path)) void local.destroy().then(() => location.reload());
  });
  syncFilesWithKernel(store, kernel, (error, ops) => {
    const what = ops.write[0]?.path ?? ops.remove[0] ?? ops.mkdir[0] ?? "";
    problems.append(notice(t("files.pythonNotKept", { problem: problemText(error, what) }), "warning"));
  });
  const top = document.createElement("div");
  top.className = "notebook-top";
  const live = liveControl({ site, path, key, notebook, view, announce, link, joining });
  top.append(back, files.toggle, live.button);
  const body = document.createElement("div");
  body.className = "notebook-body";
  body.append(toc.element, view.element);
  main.replaceChildren(top, heading, toolbar, death, status, problems, ...versions, live.element, announcer, body);
  skipToNotebook(view);
  view.select(0);
}

/** The page's skip link leads to the notebook's current cell, in command mode. */
function skipToNotebook(view: NotebookView): void {
  const skip = document.querySelector<HTMLAnchorElement>(".skip-link");
  if (!skip) return;
  skip.textContent = t("nb.skip");
  skip.addEventListener("click", (event) => {
    event.preventDefault();
    view.select(view.activeIndex);
  });
}
