// Notebooks as files: checking an uploaded .ipynb before it is kept, a new
// empty notebook, and the .ipynb to download (nbformat 4.5, from this
// browser's copy when there is one — the same export as the notebook page's).
import type * as nbformat from "@jupyterlab/nbformat";
import { t } from "../i18n";
import { createNotebook, exportNotebook, loadInto, normaliseNotebook } from "../notebook/model";
import type { FileStore } from "../storage/files";
import { readLocalCopy, storageKey } from "../storage/local";

const CELL_TYPES = new Set(["code", "markdown", "raw"]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** What is wrong with `bytes` as a notebook, in words for the user; null when it can be opened. */
export function notebookProblem(bytes: Uint8Array): string | null {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : t("ipynb.notUtf8");
    return t("ipynb.notJSON", { detail });
  }
  if (!isObject(json) || (!Array.isArray(json.cells) && !Array.isArray(json.worksheets))) return t("ipynb.notNotebook");
  const version = json.nbformat;
  if (typeof version === "number" && version < 4) return t("ipynb.tooOld", { version });
  if (Array.isArray(json.worksheets)) return t("ipynb.tooOld", { version: 3 });
  if (version !== 4) return t("ipynb.unknownVersion", { version: String(version) });
  const cells = json.cells as unknown[];
  const bad = cells.findIndex(
    (cell) =>
      !isObject(cell) ||
      !CELL_TYPES.has(cell.cell_type as string) ||
      !(typeof cell.source === "string" || Array.isArray(cell.source)),
  );
  if (bad >= 0) return t("ipynb.badCell", { n: bad + 1 });
  try {
    normaliseNotebook(json as unknown as nbformat.INotebookContent);
  } catch (error) {
    return String(error instanceof Error ? error.message : error);
  }
  return null;
}

/** An empty Python notebook, as Jupyter creates one. */
export function emptyNotebook(): Uint8Array {
  const notebook = createNotebook();
  loadInto(notebook, {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: "python3", display_name: "Python 3 (ipykernel)", language: "python" },
      language_info: { name: "python" },
    },
    cells: [{ cell_type: "code", source: "", metadata: {}, outputs: [], execution_count: null }],
  });
  return new TextEncoder().encode(exportNotebook(notebook));
}

/** The notebook at `path` as nbformat 4.5 text, with the changes made in this browser. */
export async function notebookForDownload(store: FileStore, base: URL, path: string): Promise<string> {
  const notebook = createNotebook();
  if (!(await readLocalCopy(storageKey(base, path), notebook.ydoc))) {
    const json = JSON.parse(new TextDecoder().decode(await store.read(path))) as nbformat.INotebookContent;
    loadInto(notebook, json);
  }
  return exportNotebook(notebook);
}
