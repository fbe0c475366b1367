// A classroom copy opened read-only (`notebook.html?copy=ID&view=latest|submitted`):
// how the teacher opens a student's copy, with their comments next to the cells.
// Nothing here can change the copy: there is no editor (cells are highlighted
// text and rendered outputs), nothing is kept in this browser, nothing is sent,
// and no Python runs: the student's code would run with the teacher's session
// on the classroom's origin (docs/decisions.md). Outputs are shown as the app
// always shows them: HTML sanitised, scripts in an opaque-origin sandbox.
import type * as nbformat from "@jupyterlab/nbformat";
import { staticSource } from "../editor/static-source";
import { notice } from "../ui/notice";
import { t } from "../i18n";
import { normaliseNotebook } from "../notebook/model";
import { downloadBlob } from "../ui/download";
import { renderMarkdown } from "../render/markdown";
import { renderOutputs } from "../render/outputs";
import { attachComments, reviewBanner } from "../classroom/review";
import { CopyLoadError, fetchCopy, type CopyVersion, type ServerCopy } from "../classroom/server-copy";

function joined(source: nbformat.MultilineString): string {
  return Array.isArray(source) ? source.join("") : source;
}

/** One cell as text and outputs, in the app's cell layout. */
function staticCell(cell: nbformat.ICell, n: number, total: number, baseURL: URL): HTMLElement {
  const item = document.createElement("li");
  item.className = `cell cell-${cell.cell_type} cell-static`;
  const kind = cell.cell_type === "code" ? "cell.code" : cell.cell_type === "markdown" ? "cell.markdown" : "cell.raw";
  const label = document.createElement("h2");
  label.className = "cell-prompt";
  const count = cell.cell_type === "code" ? (cell as nbformat.ICodeCell).execution_count : null;
  label.textContent = count === null || count === undefined ? t(kind, { n, total }) : `${t(kind, { n, total })} [${count}]`;
  item.append(label);
  const source = joined(cell.source);
  if (cell.cell_type === "markdown") {
    const rendered = document.createElement("div");
    rendered.className = "markdown cell-rendered";
    if (source.trim()) renderMarkdown(rendered, source, baseURL, (cell as nbformat.IMarkdownCell).attachments);
    else rendered.textContent = t("cell.emptyMarkdown");
    item.append(rendered);
  } else {
    const host = document.createElement("div");
    host.className = "cell-editor";
    host.append(staticSource(source, cell.cell_type === "code" ? "python" : "text", true));
    item.append(host);
  }
  if (cell.cell_type === "code") {
    const outputs = document.createElement("div");
    outputs.className = "cell-outputs";
    outputs.setAttribute("role", "region");
    outputs.setAttribute("aria-label", t("cell.output", { n }));
    renderOutputs(outputs, (cell as nbformat.ICodeCell).outputs, baseURL);
    item.append(outputs);
  }
  return item;
}

/** The two versions, as links: the one shown is the current page. */
function versionSwitch(id: string, showing: CopyVersion): HTMLElement {
  const nav = document.createElement("nav");
  nav.className = "copy-versions";
  nav.setAttribute("aria-label", t("copyView.versions"));
  const list = document.createElement("ul");
  for (const version of ["submitted", "latest"] as const) {
    const link = document.createElement("a");
    link.href = `?copy=${encodeURIComponent(id)}&view=${version}`;
    link.textContent = t(version === "latest" ? "copyView.latest" : "copyView.submitted");
    if (version === showing) link.setAttribute("aria-current", "page");
    const item = document.createElement("li");
    item.append(link);
    list.append(item);
  }
  nav.append(list);
  return nav;
}

export async function showCopyView(main: HTMLElement, id: string, version: CopyVersion): Promise<void> {
  const back = document.createElement("a");
  back.className = "back-link";
  back.href = `/copies/${encodeURIComponent(id)}`;
  back.textContent = t("copy.back");
  let copy: ServerCopy;
  try {
    copy = await fetchCopy(id, version);
  } catch (error) {
    const problem = document.createElement("p");
    problem.className = "notice notice-warning";
    problem.setAttribute("role", "alert");
    problem.textContent = t("copy.loadError", { detail: error instanceof CopyLoadError ? error.message : String(error) });
    main.replaceChildren(back, problem);
    return;
  }
  const teacher = copy.viewer === "teacher";
  if (teacher) {
    back.href = `/teacher/copies/${encodeURIComponent(id)}${version === "latest" ? "?view=live" : ""}`;
    back.textContent = t("copyView.backTeacher");
  }
  const heading = document.createElement("h1");
  heading.className = "notebook-name";
  heading.textContent = teacher ? t("copyView.title", { title: copy.title, student: copy.student }) : copy.title;
  document.title = `${heading.textContent} · Ardoise`;

  const about = document.createElement("p");
  about.className = "copy-read-only";
  about.textContent = t(copy.showing === "submitted" ? "copyView.readOnly.submitted" : "copyView.readOnly.latest");

  const baseURL = new URL("contents/", location.href);
  const notebook = normaliseNotebook(copy.notebook);
  const list = document.createElement("ol");
  list.className = "cells cells-static";
  list.setAttribute("aria-label", t("nb.cells"));
  const items = notebook.cells.map((cell, i) => staticCell(cell, i + 1, notebook.cells.length, baseURL));
  list.append(...items);

  const top = document.createElement("div");
  top.className = "notebook-top";
  top.append(back);
  // To run the copy, the teacher downloads it and runs it elsewhere (not in their session).
  const download = document.createElement("button");
  download.type = "button";
  download.className = "copy-download";
  download.textContent = t("nb.download");
  download.title = t("nb.download.title");
  download.addEventListener("click", () =>
    downloadBlob(`${heading.textContent || "notebook"}.ipynb`, new Blob([JSON.stringify(copy.notebook, null, 1)], { type: "application/x-ipynb+json" })),
  );
  const bar = document.createElement("div");
  bar.className = "copy-bar";
  bar.append(about, download);
  const parts: HTMLElement[] = [top, heading, bar];
  // A teacher's "Join live" on a copy nobody may change lands here: said why.
  if (teacher && copy.locked && new URLSearchParams(location.search).get("join") === "live") {
    parts.push(notice(t(copy.locked === "closed" ? "copyView.locked.closed" : "copyView.locked.handedIn")));
  }
  if (copy.submitted_version !== null) parts.push(versionSwitch(id, copy.showing));
  if (copy.review) {
    const banner = reviewBanner(copy.review, teacher);
    // The ids as stored: normalising gives ids to cells that had none, and those go by position.
    const ids = copy.notebook.cells.map((cell) => (typeof cell.id === "string" ? cell.id : null));
    banner.update(attachComments(copy.review.comments, items.map((element, i) => ({ element, id: ids[i] }))));
    parts.push(banner.element);
  }
  parts.push(list);
  main.replaceChildren(...parts);
}
