// The open notebook is a Yjs document in the @jupyter/ydoc schema: the one model
// the editors bind to, that IndexedDB persists, and that exports to .ipynb.
import type * as nbformat from "@jupyterlab/nbformat";
import { YNotebook } from "@jupyter/ydoc";

type MultilineString = string | string[];

function joinLines(value: MultilineString | undefined): string {
  return Array.isArray(value) ? value.join("") : (value ?? "");
}

function joinBundle(data: Record<string, unknown> | undefined): Record<string, unknown> {
  const joined: Record<string, unknown> = {};
  for (const [mime, value] of Object.entries(data ?? {})) {
    // JSON payloads are structured data, not lines of text.
    const isJSON = mime === "application/json" || mime.endsWith("+json");
    joined[mime] = !isJSON && Array.isArray(value) ? value.join("") : value;
  }
  return joined;
}

function normaliseOutput(output: nbformat.IOutput): nbformat.IOutput {
  switch (output.output_type) {
    case "stream":
      return { ...output, text: joinLines(output.text as MultilineString) };
    case "display_data":
    case "execute_result":
      return { ...output, data: joinBundle(output.data as Record<string, unknown>) } as nbformat.IOutput;
    default:
      return output;
  }
}

function newCellId(): string {
  return crypto.randomUUID().slice(0, 8);
}

/**
 * Brings a notebook read from .ipynb to the shape the model stores: nbformat 4.5
 * (every cell has an id) with multi-line strings joined.
 */
export function normaliseNotebook(content: nbformat.INotebookContent): nbformat.INotebookContent {
  if (content.nbformat !== 4 || !Array.isArray(content.cells)) {
    throw new Error(`unsupported notebook format ${String(content.nbformat)}`);
  }
  const seen = new Set<string>();
  const cells = content.cells.map((cell) => {
    let id = typeof cell.id === "string" && cell.id && !seen.has(cell.id) ? cell.id : newCellId();
    while (seen.has(id)) id = newCellId();
    seen.add(id);
    const copy = { ...cell, id, source: joinLines(cell.source as MultilineString) } as nbformat.ICell;
    if (copy.cell_type === "code") {
      const code = copy as nbformat.ICodeCell;
      code.outputs = (code.outputs ?? []).map(normaliseOutput);
    }
    return copy;
  });
  return { ...content, nbformat: 4, nbformat_minor: Math.max(5, content.nbformat_minor ?? 5), cells };
}

/** An empty model; each cell keeps its own undo history, as in JupyterLab. */
export function createNotebook(): YNotebook {
  return new YNotebook({ disableDocumentWideUndoRedo: true });
}

export function isEmpty(notebook: YNotebook): boolean {
  return notebook.cells.length === 0;
}

/**
 * Replaces the model's content with an .ipynb document. A first load starts a
 * fresh undo history; a revert stays undoable.
 */
export function loadInto(notebook: YNotebook, content: nbformat.INotebookContent, { undoable = false } = {}): void {
  notebook.undoManager.stopCapturing();
  notebook.fromJSON(normaliseNotebook(content));
  if (!undoable) notebook.undoManager.clear();
}

/** The notebook as nbformat 4.5 JSON text, as Jupyter writes it (one-space indent). */
export function exportNotebook(notebook: YNotebook): string {
  const json = notebook.toJSON();
  json.nbformat = 4;
  json.nbformat_minor = Math.max(5, json.nbformat_minor);
  return JSON.stringify(json, null, 1) + "\n";
}
