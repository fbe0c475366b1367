// Where this browser's copy of a notebook came from: the course's file, by its
// SHA-256 in the contents index. A copy that differs from the course's version
// can be reverted; a course version published later is offered, never applied
// silently.
import type * as nbformat from "@jupyterlab/nbformat";
import type { YNotebook } from "@jupyter/ydoc";

const MAP = "ardoise";

function meta(notebook: YNotebook) {
  return notebook.ydoc.getMap<string>(MAP);
}

/** The SHA-256 of the course file this copy was made from (or last reverted to). */
export function originOf(notebook: YNotebook): string | undefined {
  return meta(notebook).get("origin_sha256");
}

export function setOrigin(notebook: YNotebook, sha256: string): void {
  meta(notebook).set("origin_sha256", sha256);
}

/** The course version the student chose to ignore, so it is not offered again. */
export function dismissedVersion(notebook: YNotebook): string | undefined {
  return meta(notebook).get("dismissed_sha256");
}

export function dismissVersion(notebook: YNotebook, sha256: string): void {
  meta(notebook).set("dismissed_sha256", sha256);
}

function source(value: nbformat.MultilineString | undefined): string {
  return Array.isArray(value) ? value.join("") : (value ?? "");
}

/** True when the cells' types or sources differ from the original's (outputs don't count). */
export function differsFrom(notebook: YNotebook, original: nbformat.INotebookContent): boolean {
  const cells = notebook.cells;
  if (cells.length !== original.cells.length) return true;
  return cells.some((cell, i) => {
    const other = original.cells[i]!;
    return cell.cell_type !== other.cell_type || cell.getSource() !== source(other.source);
  });
}
