// A student's copy shown to the class (`notebook.html?copy=ID&join=view`): the
// teacher's projection, followed live through the copy's room in read-only
// `project` mode, which the server admits only while the student allows it.
// Large text, the student's caret, and nothing else about them: no name in
// the heading, no comments, no grade. Nothing is kept in this browser and no
// Python runs; the server drops anything this page would write. When the
// student stops allowing it, the room closes the socket (4403) and the page
// says so in place of the copy.
import type * as nbformat from "@jupyterlab/nbformat";
import type { YNotebook } from "@jupyter/ydoc";
import { EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { python } from "@codemirror/lang-python";
import { syntaxHighlighting } from "@codemirror/language";
import { yCollab } from "y-codemirror.next";
import type * as Y from "yjs";
import type { Awareness } from "y-protocols/awareness";
import { codeHighlightStyle } from "../editor/highlight-style";
import { t } from "../i18n";
import { createNotebook } from "../notebook/model";
import { renderMarkdown } from "../render/markdown";
import { renderOutputs } from "../render/outputs";
import { notice } from "../ui/notice";
import { CopyLoadError, fetchCopy, type ServerCopy } from "./server-copy";

/** A read-only editor bound to the cell's text: it follows every keystroke and shows the student's caret. */
function followingEditor(source: Y.Text, awareness: Awareness, code: boolean, label: string): HTMLElement {
  const host = document.createElement("div");
  host.className = "cell-editor";
  const view = new EditorView({
    doc: source.toString(),
    parent: host,
    extensions: [
      yCollab(source, awareness, { undoManager: false }),
      EditorState.readOnly.of(true),
      EditorView.editable.of(false),
      EditorView.lineWrapping,
      syntaxHighlighting(codeHighlightStyle, { fallback: true }),
      code ? python() : [],
    ],
  });
  view.contentDOM.setAttribute("aria-label", label);
  return host;
}

interface Shown {
  key: string;
  element: HTMLElement;
}

/** The cells, drawn again a moment after each change; editors and unchanged parts are kept. */
class ProjectedCells {
  readonly element = document.createElement("div");
  private readonly editors = new Map<Y.Text, HTMLElement>();
  private readonly parts = new Map<string, Shown>();
  private timer = 0;

  constructor(
    private readonly notebook: YNotebook,
    private readonly awareness: Awareness,
    private readonly baseURL: URL,
  ) {
    this.element.className = "projection-cells";
    notebook.ydoc.on("update", this.soon);
    this.draw();
  }

  private readonly soon = (): void => {
    if (!this.timer) this.timer = window.setTimeout(() => this.draw(), 150);
  };

  /** What `key` shows, made again only when `key` changed. */
  private part(id: string, key: string, make: () => HTMLElement): HTMLElement {
    const shown = this.parts.get(id);
    if (shown?.key === key) return shown.element;
    const element = make();
    this.parts.set(id, { key, element });
    return element;
  }

  draw(): void {
    this.timer = 0;
    const cells = this.notebook.cells;
    const total = cells.length;
    const present = new Set<Y.Text>();
    const items = cells.map((cell, index) => {
      const n = index + 1;
      const json = cell.toJSON() as nbformat.ICell;
      const item = document.createElement("div");
      item.className = `cell cell-${json.cell_type} cell-static`;
      item.dataset.cellId = cell.id;

      const kind = json.cell_type === "code" ? "cell.code" : json.cell_type === "markdown" ? "cell.markdown" : "cell.raw";
      item.setAttribute("role", "group");
      item.setAttribute("aria-label", t(kind, { n, total }));
      const label = document.createElement("h2");
      label.className = "cell-prompt";
      label.textContent = t(kind, { n, total });
      item.append(label);
      const source = Array.isArray(json.source) ? json.source.join("") : json.source;
      if (json.cell_type === "markdown") {
        const attachments = (json as nbformat.IMarkdownCell).attachments;
        item.append(
          this.part(`md:${cell.id}`, source + JSON.stringify(attachments ?? null), () => {
            const rendered = document.createElement("div");
            rendered.className = "markdown cell-rendered";
            if (source.trim()) renderMarkdown(rendered, source, this.baseURL, attachments);
            else rendered.textContent = t("cell.emptyMarkdown");
            return rendered;
          }),
        );
      } else {
        const text = cell.ysource;
        present.add(text);
        let editor = this.editors.get(text);
        if (!editor) {
          editor = followingEditor(text, this.awareness, json.cell_type === "code", t(kind, { n, total }));
          this.editors.set(text, editor);
        }
        item.append(editor);
      }
      if (json.cell_type === "code") {
        const outputs = (json as nbformat.ICodeCell).outputs;
        item.append(
          this.part(`out:${cell.id}`, JSON.stringify(outputs), () => {
            const area = document.createElement("div");
            area.className = "cell-outputs";
            area.setAttribute("role", "region");
            area.setAttribute("aria-label", t("cell.output", { n }));
            renderOutputs(area, outputs, this.baseURL);
            return area;
          }),
        );
      }
      return item;
    });
    for (const [text, editor] of this.editors) {
      if (present.has(text)) continue;
      EditorView.findFromDOM(editor.querySelector<HTMLElement>(".cm-editor") ?? editor)?.destroy();
      this.editors.delete(text);
    }
    this.element.replaceChildren(...items);
  }

  destroy(): void {
    this.notebook.ydoc.off("update", this.soon);
    clearTimeout(this.timer);
  }
}

export async function showProjection(main: HTMLElement, id: string): Promise<void> {
  const back = document.createElement("a");
  back.className = "back-link";
  back.href = `/teacher/copies/${encodeURIComponent(id)}`;
  back.textContent = t("copy.back");
  let copy: ServerCopy;
  try {
    copy = await fetchCopy(id);
  } catch (error) {
    main.replaceChildren(back, notice(t("copy.loadError", { detail: error instanceof CopyLoadError ? error.message : String(error) })));
    return;
  }
  const heading = document.createElement("h1");
  heading.className = "notebook-name";
  heading.textContent = copy.title || t("copy.untitled");
  document.title = `${heading.textContent} · Ardoise`;
  if (!copy.shown_to_class) {
    main.replaceChildren(back, heading, notice(t("projection.notAllowed"), "warning"));
    return;
  }
  main.classList.add("projection");
  const state = document.createElement("p");
  state.className = "projection-state";
  state.setAttribute("role", "status");
  state.textContent = t("projection.connecting");

  const notebook = createNotebook();
  const { websocketProvider } = await import("../collab/websocket");
  const room = websocketProvider(notebook.ydoc, id, { mode: "project" });
  // The projection is nobody in the room: it announces no name and no caret.
  room.awareness.setLocalState(null);
  const cells = new ProjectedCells(notebook, room.awareness, new URL("contents/", location.href));
  const showStatus = () => {
    state.textContent = room.status === "connected" ? t("projection.live") : t("projection.connecting");
  };
  room.onStatus(showStatus);
  room.onEnded(() => {
    cells.destroy();
    room.destroy();
    // The copy leaves the screen with the consent: only the note stays.
    main.replaceChildren(back, heading, notice(t("projection.ended"), "warning"));
  });
  main.replaceChildren(back, heading, state, cells.element);
}
