// The home page: the notebooks (the course's and the user's), grouped by
// folder, and the file panel.
import { FilePanel } from "../files/panel";
import { formatDate, t } from "../i18n";
import { notebookHref } from "../paths";
import type { Site } from "../site";
import type { FileEntry, FileStore } from "../storage/files";

function folderOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

function item(entry: FileEntry): HTMLLIElement {
  const li = document.createElement("li");
  const link = document.createElement("a");
  link.href = notebookHref(entry.path);
  link.className = "notebook-link";
  const title = document.createElement("span");
  title.className = "notebook-title";
  title.textContent = entry.title || entry.name;
  const meta = document.createElement("span");
  meta.className = "notebook-meta";
  meta.textContent = `${entry.name} · ${t("list.updated", { date: formatDate(entry.lastModified) })}`;
  link.append(title, meta);
  li.append(link);
  return li;
}

function notebookSections(entries: FileEntry[]): HTMLElement[] {
  const notebooks = entries.filter((entry) => entry.kind === "notebook");
  if (notebooks.length === 0) return [Object.assign(document.createElement("p"), { textContent: t("list.empty") })];
  const folders = new Map<string, FileEntry[]>();
  for (const entry of notebooks) {
    const folder = folderOf(entry.path);
    folders.set(folder, [...(folders.get(folder) ?? []), entry]);
  }
  return [...folders]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([folder, entries]) => {
      const section = document.createElement("section");
      section.className = "folder";
      const title = document.createElement("h2");
      title.textContent = folder || t("list.folder.root");
      section.setAttribute("aria-label", title.textContent);
      const list = document.createElement("ul");
      list.className = "notebook-list";
      list.append(...entries.map(item));
      section.append(title, list);
      return section;
    });
}

export async function showList(main: HTMLElement, site: Site, store: FileStore): Promise<void> {
  const heading = document.createElement("h1");
  heading.textContent = site.manifest.title || t("list.title");
  document.title = `${heading.textContent} · Ardoise`;
  const notebooks = document.createElement("div");
  notebooks.className = "notebooks";
  const update = async () => notebooks.replaceChildren(...notebookSections(await store.list()));
  await update();
  store.onChange(() => void update());
  const panel = new FilePanel({ store, base: site.base, folder: "", rootName: t("list.folder.root") });
  main.replaceChildren(heading, notebooks, panel.element);
}
