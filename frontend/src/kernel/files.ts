// The worker's side of the user's files: replays the app's changes in Python's
// file system, and reports what Python changed there. Before and after each
// cell the worker lists the drive (path, size, modification time); the
// difference is sent to the app, which keeps it in the browser.
import type { PyodideAPI } from "pyodide";
import type { FileOps } from "./protocol";

interface Stat {
  mode: number;
  size: number;
  mtime: Date | number;
}

interface FS {
  readdir(path: string): string[];
  stat(path: string): Stat;
  isDir(mode: number): boolean;
  readFile(path: string): Uint8Array;
  writeFile(path: string, data: Uint8Array): void;
  mkdirTree(path: string): void;
  unlink(path: string): void;
  rmdir(path: string): void;
  analyzePath(path: string): { exists: boolean };
}

/** What a listing keeps of a file: enough to see that it changed. */
interface Seen {
  directory: boolean;
  size: number;
  mtime: number;
}

export type Snapshot = Map<string, Seen>;

/** Like the build, Python's caches and hidden files are not the user's files. */
function skipped(name: string): boolean {
  return name.startsWith(".") || name === "__pycache__";
}

function fsOf(py: PyodideAPI): FS {
  return py.FS as unknown as FS;
}

function removeTree(fs: FS, path: string): void {
  if (!fs.analyzePath(path).exists) return;
  if (!fs.isDir(fs.stat(path).mode)) {
    fs.unlink(path);
    return;
  }
  for (const name of fs.readdir(path)) if (name !== "." && name !== "..") removeTree(fs, `${path}/${name}`);
  fs.rmdir(path);
}

/** Applies `ops` under `root`; paths are relative to it. */
export function applyFileOps(py: PyodideAPI, root: string, ops: FileOps): void {
  const fs = fsOf(py);
  for (const path of ops.remove) removeTree(fs, `${root}/${path}`);
  for (const path of ops.mkdir) fs.mkdirTree(`${root}/${path}`);
  for (const { path, data } of ops.write) {
    const target = `${root}/${path}`;
    fs.mkdirTree(target.slice(0, target.lastIndexOf("/")));
    if (fs.analyzePath(target).exists && fs.isDir(fs.stat(target).mode)) removeTree(fs, target);
    fs.writeFile(target, data);
  }
}

/** Every file and folder under `root`, by path relative to it. */
export function snapshot(py: PyodideAPI, root: string): Snapshot {
  const fs = fsOf(py);
  const seen: Snapshot = new Map();
  const walk = (folder: string, prefix: string): void => {
    for (const name of fs.readdir(folder)) {
      if (name === "." || name === ".." || skipped(name)) continue;
      const path = `${prefix}${name}`;
      const stat = fs.stat(`${folder}/${name}`);
      const directory = fs.isDir(stat.mode);
      seen.set(path, { directory, size: stat.size, mtime: Number(stat.mtime) });
      if (directory) walk(`${folder}/${name}`, `${path}/`);
    }
  };
  if (fs.analyzePath(root).exists) walk(root, "");
  return seen;
}

/** What changed from `before` to `after`, with the bytes of the files written. */
export function changes(py: PyodideAPI, root: string, before: Snapshot, after: Snapshot): FileOps {
  const fs = fsOf(py);
  const ops: FileOps = { write: [], mkdir: [], remove: [] };
  for (const [path, now] of after) {
    const then = before.get(path);
    if (now.directory) {
      if (!then?.directory) ops.mkdir.push(path);
    } else if (!then || then.directory || then.size !== now.size || then.mtime !== now.mtime) {
      ops.write.push({ path, data: fs.readFile(`${root}/${path}`) });
    }
  }
  for (const path of before.keys()) {
    if (!after.has(path)) ops.remove.push(path);
  }
  return ops;
}

function isEmpty(ops: FileOps): boolean {
  return ops.write.length === 0 && ops.mkdir.length === 0 && ops.remove.length === 0;
}

/**
 * Runs `run` (a cell) and reports what it did to the files under `root`.
 * Without a Python yet there is nothing to watch.
 */
export async function watchFiles(
  py: PyodideAPI | null,
  root: string,
  run: () => void | Promise<void>,
  report: (ops: FileOps) => void,
): Promise<void> {
  if (!py) return run();
  const before = snapshot(py, root);
  try {
    await run();
  } finally {
    try {
      const ops = changes(py, root, before, snapshot(py, root));
      if (!isEmpty(ops)) report(ops);
    } catch (error) {
      // The kernel may have died mid-cell; its files go with it.
      console.error("ardoise kernel worker: could not list the files", error);
    }
  }
}
