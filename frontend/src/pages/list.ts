// The home page: the course's notebooks, grouped by folder.
import { formatDate, t } from "../i18n";
import type { ContentEntry, Site } from "../site";

function folderOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

export function notebookHref(path: string): string {
  return `notebook.html?path=${encodeURIComponent(path)}`;
}

function item(entry: ContentEntry): HTMLLIElement {
  const li = document.createElement("li");
  const link = document.createElement("a");
  link.href = notebookHref(entry.path);
  link.className = "notebook-link";
  const title = document.createElement("span");
  title.className = "notebook-title";
  title.textContent = entry.title || entry.name;
  const meta = document.createElement("span");
  meta.className = "notebook-meta";
  meta.textContent = `${entry.name} · ${t("list.updated", { date: formatDate(entry.last_modified) })}`;
  link.append(title, meta);
  li.append(link);
  return li;
}

export function showList(main: HTMLElement, site: Site): void {
  const heading = document.createElement("h1");
  heading.textContent = site.manifest.title || t("list.title");
  main.replaceChildren(heading);
  document.title = `${heading.textContent} · Ardoise`;

  const notebooks = site.contents.filter((entry) => entry.type === "notebook");
  if (notebooks.length === 0) {
    const empty = document.createElement("p");
    empty.textContent = t("list.empty");
    main.append(empty);
    return;
  }
  const folders = new Map<string, ContentEntry[]>();
  for (const entry of notebooks) {
    const folder = folderOf(entry.path);
    folders.set(folder, [...(folders.get(folder) ?? []), entry]);
  }
  for (const [folder, entries] of [...folders].sort(([a], [b]) => a.localeCompare(b))) {
    const section = document.createElement("section");
    section.className = "folder";
    const title = document.createElement("h2");
    title.textContent = folder || t("list.folder.root");
    section.setAttribute("aria-label", title.textContent);
    const list = document.createElement("ul");
    list.className = "notebook-list";
    list.append(...entries.map(item));
    section.append(title, list);
    main.append(section);
  }
}
