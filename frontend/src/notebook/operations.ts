// Cell operations on the model. Each is one undoable step of the notebook's
// undo history (Z / Shift+Z), separate from each cell's own text undo.
import type * as nbformat from "@jupyterlab/nbformat";
import type { YCellType, YMarkdownCell, YNotebook } from "@jupyter/ydoc";

export type CellKind = "code" | "markdown" | "raw";

/** Copied cells live in localStorage, so they paste into another notebook or tab. */
const CLIPBOARD_KEY = "ardoise:clipboard";
let memoryClipboard: nbformat.ICell[] = [];

function step(notebook: YNotebook, change: () => void): void {
  notebook.undoManager.stopCapturing();
  notebook.transact(change);
  notebook.undoManager.stopCapturing();
}

function freshId(): string {
  return crypto.randomUUID().slice(0, 8);
}

function withoutOutputs(cell: nbformat.ICell, kind: CellKind): nbformat.ICell {
  const base = { id: freshId(), cell_type: kind, source: cell.source, metadata: cell.metadata ?? {} };
  if (kind === "code") return { ...base, outputs: [], execution_count: null } as nbformat.ICodeCell;
  // Markdown and raw cells both carry attachments (nbformat); code cells cannot.
  if (cell.attachments) return { ...base, attachments: cell.attachments } as nbformat.ICell;
  return base as nbformat.ICell;
}

export function insertCell(notebook: YNotebook, index: number, kind: CellKind = "code", source = ""): void {
  const cell = kind === "code" ? { cell_type: kind, source, metadata: {}, outputs: [], execution_count: null } : { cell_type: kind, source, metadata: {} };
  step(notebook, () => notebook.insertCell(index, cell));
}

export function deleteCells(notebook: YNotebook, indices: number[]): void {
  step(notebook, () => {
    for (const index of [...indices].sort((a, b) => b - a)) notebook.deleteCell(index);
  });
}

/** Moves the contiguous block [from, from + count) by `delta` (±1). */
export function moveCells(notebook: YNotebook, from: number, count: number, delta: -1 | 1): boolean {
  const target = from + delta;
  if (target < 0 || target + count > notebook.cells.length) return false;
  step(notebook, () => notebook.moveCells(from, delta < 0 ? target : from + count, count));
  return true;
}

export function copyCells(cells: YCellType[]): void {
  memoryClipboard = cells.map((cell) => cell.toJSON() as nbformat.ICell);
  try {
    localStorage.setItem(CLIPBOARD_KEY, JSON.stringify(memoryClipboard));
  } catch {
    // Storage blocked or full: the copy still pastes within this page.
  }
}

export function clipboardCells(): nbformat.ICell[] {
  try {
    const stored = localStorage.getItem(CLIPBOARD_KEY);
    if (stored) return JSON.parse(stored) as nbformat.ICell[];
  } catch {
    // fall back to this page's copy
  }
  return memoryClipboard;
}

export function pasteCells(notebook: YNotebook, index: number): number {
  const cells = clipboardCells().map((cell) => ({ ...cell, id: freshId() }));
  if (cells.length) step(notebook, () => notebook.insertCells(index, cells));
  return cells.length;
}

export function changeType(notebook: YNotebook, indices: number[], kind: CellKind): void {
  step(notebook, () => {
    for (const index of indices) {
      const cell = notebook.getCell(index);
      if (cell.cell_type === kind) continue;
      const json = withoutOutputs(cell.toJSON() as nbformat.ICell, kind);
      notebook.deleteCell(index);
      notebook.insertCell(index, json);
    }
  });
}

/** Splits a cell at `offset` into two cells of the same type. */
export function splitCell(notebook: YNotebook, index: number, offset: number): void {
  const cell = notebook.getCell(index);
  const source = cell.getSource();
  const kind = cell.cell_type as CellKind;
  step(notebook, () => {
    cell.setSource(source.slice(0, offset).replace(/\n$/, ""));
    // Both halves keep the attachments: either may show them.
    const attachments = (cell.toJSON() as nbformat.ICell).attachments;
    const second = { cell_type: kind, source: source.slice(offset).replace(/^\n/, ""), metadata: {}, ...(attachments ? { attachments } : {}) };
    notebook.insertCell(index + 1, withoutOutputs(second as nbformat.ICell, kind));
  });
}

/** Merges the cells at `indices` into the first one, joining sources with a blank line. */
export function mergeCells(notebook: YNotebook, indices: number[]): void {
  const sorted = [...indices].sort((a, b) => a - b);
  if (sorted.length < 2) return;
  const first = notebook.getCell(sorted[0]!);
  const source = sorted.map((i) => notebook.getCell(i).getSource()).join("\n\n");
  // The merged cell keeps every attachment of the cells it was made of.
  const attachments = Object.assign({}, ...sorted.map((i) => (notebook.getCell(i).toJSON() as nbformat.ICell).attachments ?? {})) as nbformat.IAttachments;
  step(notebook, () => {
    for (const index of sorted.slice(1).reverse()) notebook.deleteCell(index);
    first.setSource(source);
    if (first.cell_type !== "code" && Object.keys(attachments).length) (first as YMarkdownCell).setAttachments(attachments);
    if (first.cell_type === "code") (first as unknown as { clearOutputs(): void }).clearOutputs();
  });
}
