// The app's entry point: both pages (the list of notebooks and the notebook)
// load this bundle; the page's data-page attribute says which to show.
import "./styles.css";
import "./notebook/notebook.css";
import "./files/files.css";
import "./forced-colours.css";
import { LANGUAGES, language, setLanguage, t, type Language } from "./i18n";
import { KernelClient } from "./kernel/client";
import { startOffline } from "./offline/register";
import { contentURL, loadSite, siteURL, type Site } from "./site";
import { runtimeContent } from "./kernel/runtime-content";
import type { FileOps } from "./kernel/protocol";
import { openCopyFileStore, openFileStore } from "./storage/overlay-store";
import { THEMES, chosenTheme, setTheme, startTheme, type Theme } from "./ui/theme";

// First of all, while the page shows only "Loading…": a flash of the other theme is hard on the eyes.
startTheme();

function languageSwitch(): HTMLElement {
  const label = document.createElement("label");
  label.className = "language-switch";
  const text = document.createElement("span");
  text.textContent = t("app.language");
  const select = document.createElement("select");
  for (const [code, name] of Object.entries(LANGUAGES)) {
    const option = new Option(name, code, false, code === language());
    option.lang = code;
    select.append(option);
  }
  select.addEventListener("change", () => {
    setLanguage(select.value as Language);
    location.reload();
  });
  label.append(text, select);
  return label;
}

function themeSwitch(): HTMLElement {
  const label = document.createElement("label");
  label.className = "theme-switch";
  const text = document.createElement("span");
  text.textContent = t("app.theme");
  const select = document.createElement("select");
  for (const [theme, name] of THEMES) select.append(new Option(t(name), theme, false, theme === chosenTheme()));
  select.addEventListener("change", () => setTheme(select.value as Theme));
  label.append(text, select);
  return label;
}

function chrome(site: Site | null): void {
  document.documentElement.lang = language();
  const skip = document.querySelector(".skip-link");
  if (skip) skip.textContent = t("app.skip");
  const loading = document.querySelector("#main > .loading");
  if (loading) loading.textContent = t("app.loading");
  const statement = document.getElementById("statement-link");
  if (statement) statement.textContent = t("app.statement");
  const title = document.getElementById("site-title");
  if (title && site?.manifest.title) title.textContent = site.manifest.title;
  document.getElementById("header-tools")?.replaceChildren(themeSwitch(), languageSwitch());
}

/** No user files: the boot's overlay before this browser's storage is read. */
const NO_FILES: FileOps = { write: [], mkdir: [], remove: [] };
/** How long the kernel stays idle after its start before the service worker may download the site. */
const QUIET_MS = 1500;

function startKernel(kernel: KernelClient, site: Site, notebookPath: string, overlay: FileOps): Promise<unknown> {
  const folder = notebookPath.includes("/") ? notebookPath.slice(0, notebookPath.lastIndexOf("/")) : "";
  const runtime = runtimeContent(site);
  const sizes = { ...runtime.sizes }; // the course's files count in the progress bar too
  const files = site.contents
    .filter((entry) => entry.type === "file")
    .map((entry) => {
      const url = contentURL(site, entry.path).href;
      if (entry.size) sizes[url] = entry.size;
      return { path: entry.path, url };
    });
  const onUse = Object.entries(site.manifest.runtime.onUse ?? {}).map(([name, url]) => [name, siteURL(site, url).href]);
  return kernel.start({
    ...runtime,
    onUse: Object.fromEntries(onUse),
    files,
    cwd: folder,
    overlay,
    sizes,
    language: language(),
  });
}

/** The accessibility statement needs neither the course's files nor Python. */
async function showStatementPage(main: HTMLElement): Promise<void> {
  const page = import("./pages/accessibility");
  let site: Site | null = null;
  try {
    site = await loadSite();
  } catch {
    site = null; // the statement is the app's: it is shown without the course's title
  }
  chrome(site);
  (await page).showStatement(main, site?.manifest.title ?? "");
}

/** The site's manifest, shown in the page's header; or null, having said in the page why not. */
async function siteOrSayWhy(main: HTMLElement): Promise<Site | null> {
  try {
    const site = await loadSite();
    chrome(site);
    return site;
  } catch (error) {
    main.replaceChildren(Object.assign(document.createElement("p"), { className: "notice notice-warning", role: "alert", textContent: t("app.error.site", { detail: String(error) }) }));
    return null;
  }
}

async function showCopyPage(main: HTMLElement, id: string): Promise<void> {
  // `&view=latest|submitted`: the copy read-only (how its teacher opens it), without Python.
  const view = new URLSearchParams(location.search).get("view");
  if (view === "latest" || view === "submitted") {
    const readOnly = import("./pages/copy-view");
    if (await siteOrSayWhy(main)) await (await readOnly).showCopyView(main, id, view);
    return;
  }
  const page = import("./pages/copy");
  const kernel = new KernelClient();
  kernel.prepare();
  const site = await siteOrSayWhy(main);
  if (!site) return kernel.unprepare();
  // The copy's own files (uploaded, or written by its Python), kept in this browser per copy.
  const store = await openCopyFileStore(site, id);
  void startKernel(kernel, site, "", await store.overlay());
  await (await page).showCopy(main, site, id, kernel, store);
}

async function main(): Promise<void> {
  const main = document.getElementById("main")!;
  chrome(null);
  const pageName = document.documentElement.dataset.page;
  // A classroom copy (`notebook.html?copy=ID`) is served by the classroom server, without the service worker.
  const copy = pageName === "notebook" ? new URLSearchParams(location.search).get("copy") : null;
  const isNotebook = pageName === "notebook";
  // On a notebook's first visit, the service worker's downloads wait for Python to
  // start and run its first cells: they would compete with the kernel's own for
  // the network and the CPU.
  let kernelSettled: () => void = () => undefined;
  const afterKernel = isNotebook ? new Promise<void>((resolve) => (kernelSettled = resolve)) : Promise.resolve();
  if (copy === null) startOffline(afterKernel);
  // The page's code loads while the manifest arrives; the kernel starts as soon as it has.
  if (pageName === "accessibility") return showStatementPage(main);
  if (copy !== null) return showCopyPage(main, copy);
  const page = isNotebook ? import("./pages/notebook") : import("./pages/list");
  // The kernel's worker loads while the manifest and the storage are read.
  const kernel = new KernelClient();
  if (isNotebook) kernel.prepare();
  const site = await siteOrSayWhy(main);
  if (!site) {
    kernelSettled();
    return kernel.unprepare();
  }
  if (isNotebook) {
    const path = new URLSearchParams(location.search).get("path") ?? "";
    // Python starts at once, while this browser's storage is read and the notebook
    // drawn: the user's own files follow in the kernel's queue, ahead of any cell.
    const started = startKernel(kernel, site, path, NO_FILES);
    const store = await openFileStore(site);
    const [entries, overlay] = await Promise.all([store.list(), store.overlay()]);
    // Someone joining a live session may not have the notebook yet: the others send it.
    const live = new URLSearchParams(location.search).has("live");
    if (entries.some((e) => e.path === path && e.kind === "notebook") || live) {
      kernel.setBootOverlay(overlay);
      if (overlay.write.length || overlay.mkdir.length || overlay.remove.length) void kernel.writeFiles(overlay);
      void started.then(() => kernel.whenQuiet(QUIET_MS)).finally(kernelSettled);
    } else {
      kernelSettled();
      kernel.dispose();
    }
    const { showNotebook } = (await page) as typeof import("./pages/notebook");
    await showNotebook(main, site, path, kernel, store);
  } else {
    const { showList } = (await page) as typeof import("./pages/list");
    await showList(main, site, await openFileStore(site));
  }
}

void main();
