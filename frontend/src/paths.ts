// Paths of the content tree: relative to the content root, "/"-separated, no
// leading or trailing slash ("" is the root). Shared by the file panel, the
// file store and the kernel's file sync.

export function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** The folder holding `path` ("" for the root). */
export function dirname(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

export function joinPath(folder: string, name: string): string {
  return folder ? `${folder}/${name}` : name;
}

/** True when `path` is `folder` itself or inside it. */
export function isWithin(path: string, folder: string): boolean {
  return folder === "" || path === folder || path.startsWith(`${folder}/`);
}

/** Every folder above `path`, outermost first ("a/b/c" → "a", "a/b"). */
export function ancestors(path: string): string[] {
  const parts = path.split("/");
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join("/"));
}

export function extension(path: string): string {
  const name = basename(path);
  const dot = name.lastIndexOf(".");
  return dot <= 0 ? "" : name.slice(dot + 1).toLowerCase();
}

export function isNotebookPath(path: string): boolean {
  return extension(path) === "ipynb";
}

/**
 * Why `name` cannot name a file or folder, or null when it can. The same rules
 * as the build's (hidden files are skipped) plus what no file system accepts.
 */
export function nameProblem(name: string): "empty" | "slash" | "dot" | "reserved" | null {
  if (name.trim() === "") return "empty";
  if (name.includes("/") || name.includes("\\")) return "slash";
  if (name.startsWith(".")) return "dot";
  if (name === "__pycache__" || name === ".ipynb_checkpoints" || /[\u0000-\u001f]/.test(name)) return "reserved";
  return null;
}

/** The link to the notebook page of the notebook at `path`. */
export function notebookHref(path: string): string {
  return `notebook.html?path=${encodeURIComponent(path)}`;
}
