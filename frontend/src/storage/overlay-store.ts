// The FileStore of a built site: the course's files (read-only, from the
// contents index) with the user's layer over them (storage/overlay-db.ts):
// user files, changed copies of course files, tombstones over deleted course
// files. A rename is a copy and a deletion. Notebooks also have a live copy
// (storage/local.ts) that follows them through renames and deletions.
import { ancestors, isNotebookPath, isWithin } from "../paths";
import { contentURL, type ContentEntry, type Site } from "../site";
import {
  FileExistsError,
  FileNotFoundError,
  type FileChange,
  type FileEntry,
  type FileOps,
  type FileStore,
} from "./files";
import { deleteLocalCopy, moveLocalCopy, storageKey } from "./local";
import { openOverlay, type OverlayBackend, type OverlayRecord } from "./overlay-db";

type Listener = (change: FileChange) => void;
type Broadcast = Omit<FileChange, "source">;

function entryOf(path: string, kind: FileEntry["kind"], origin: FileEntry["origin"], modified: number, size?: number): FileEntry {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const entry: FileEntry = { path, name, kind, origin, lastModified: new Date(modified).toISOString() };
  if (size !== undefined) entry.size = size;
  return entry;
}

function fromRecord(record: OverlayRecord, origin: FileEntry["origin"]): FileEntry {
  if (record.kind === "file") {
    const kind = isNotebookPath(record.path) ? "notebook" : "file";
    return entryOf(record.path, kind, origin, record.modified, record.data.byteLength);
  }
  return entryOf(record.path, "directory", origin, record.modified);
}

function fromCourse(entry: ContentEntry): FileEntry {
  const result: FileEntry = { path: entry.path, name: entry.name, kind: entry.type, origin: "course", lastModified: entry.last_modified };
  if (entry.size !== undefined && entry.type !== "directory") result.size = entry.size;
  if (entry.title !== undefined) result.title = entry.title;
  return result;
}

const file = (path: string, data: Uint8Array): OverlayRecord => ({ path, kind: "file", data, modified: Date.now() });
const folder = (path: string): OverlayRecord => ({ path, kind: "directory", modified: Date.now() });
const tombstone = (path: string): OverlayRecord => ({ path, kind: "deleted", modified: Date.now() });

class OverlayStore implements FileStore {
  private readonly course: Map<string, ContentEntry>;
  private readonly listeners = new Set<Listener>();
  private readonly channel: BroadcastChannel | null;

  constructor(
    private readonly site: Site,
    private readonly db: OverlayBackend,
  ) {
    this.course = new Map(site.contents.map((entry) => [entry.path, entry]));
    // Other tabs of this site hear of every change, so their panels and their Python follow.
    this.channel = typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel(`ardoise-files:${site.base.pathname}`);
    if (this.channel) this.channel.onmessage = (event: MessageEvent<Broadcast>) => this.emit({ ...event.data, source: "tab" });
  }

  get persistent(): boolean {
    return this.db.persistent;
  }

  async list(): Promise<FileEntry[]> {
    const records = new Map((await this.db.all()).map((record) => [record.path, record]));
    const entries = new Map<string, FileEntry>();
    for (const entry of this.course.values()) {
      const record = records.get(entry.path);
      if (!record) entries.set(entry.path, fromCourse(entry));
      else if (record.kind === "file" && entry.type !== "directory") {
        entries.set(entry.path, { ...fromRecord(record, "changed"), title: entry.title ?? null });
      } else if (record.kind === "directory" && entry.type === "directory") entries.set(entry.path, fromCourse(entry));
    }
    for (const record of records.values()) {
      if (record.kind !== "deleted" && !entries.has(record.path)) entries.set(record.path, fromRecord(record, "user"));
    }
    // A user's file inside a course folder the user deleted brings the folder back.
    for (const entry of [...entries.values()]) {
      for (const parent of ancestors(entry.path)) {
        if (!entries.has(parent)) entries.set(parent, entryOf(parent, "directory", "user", Date.parse(entry.lastModified)));
      }
    }
    return [...entries.values()].sort((a, b) => a.path.localeCompare(b.path));
  }

  async read(path: string): Promise<Uint8Array> {
    const record = await this.db.get(path);
    if (record?.kind === "file") return record.data;
    const entry = this.course.get(path);
    if (record || !entry || entry.type === "directory") throw new FileNotFoundError(path);
    const response = await fetch(contentURL(this.site, path));
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }

  async write(path: string, data: Uint8Array): Promise<void> {
    await this.db.commit([file(path, data)], []);
    if (isNotebookPath(path)) await deleteLocalCopy(this.key(path));
    this.emit({ written: [path], removed: [], directories: [], source: "app" });
  }

  async mkdir(path: string): Promise<void> {
    if ((await this.list()).some((entry) => entry.path === path)) throw new FileExistsError(path);
    await this.db.commit([folder(path)], []);
    this.emit({ written: [], removed: [], directories: [path], source: "app" });
  }

  async remove(path: string): Promise<void> {
    const doomed = (await this.list()).filter((entry) => isWithin(entry.path, path));
    if (doomed.length === 0) throw new FileNotFoundError(path);
    const paths = doomed.map((entry) => entry.path);
    const hidden = paths.filter((p) => this.course.has(p));
    await this.db.commit(hidden.map(tombstone), paths.filter((p) => !this.course.has(p)));
    for (const p of paths.filter(isNotebookPath)) await deleteLocalCopy(this.key(p));
    this.emit({ written: [], removed: paths, directories: [], source: "app" });
  }

  async rename(from: string, to: string): Promise<void> {
    const entries = await this.list();
    if (entries.some((entry) => isWithin(entry.path, to))) throw new FileExistsError(to);
    const moving = entries.filter((entry) => isWithin(entry.path, from));
    if (moving.length === 0) throw new FileNotFoundError(from);
    const put: OverlayRecord[] = [];
    const change: Broadcast = { written: [], removed: [], directories: [] };
    const moves: [string, string][] = [];
    for (const entry of moving) {
      const target = to + entry.path.slice(from.length);
      if (entry.kind === "directory") {
        put.push(folder(target));
        change.directories.push(target);
      } else {
        put.push(file(target, await this.read(entry.path)));
        change.written.push(target);
      }
      if (this.course.has(entry.path)) put.push(tombstone(entry.path));
      if (entry.kind === "notebook") moves.push([entry.path, target]);
      change.removed.push(entry.path);
    }
    await this.db.commit(put, change.removed.filter((p) => !this.course.has(p)));
    for (const [source, target] of moves) await moveLocalCopy(this.key(source), this.key(target));
    this.emit({ ...change, source: "app" });
  }

  async revert(path: string): Promise<void> {
    const record = await this.db.get(path);
    if (record?.kind !== "file" || !this.course.has(path)) throw new FileNotFoundError(path);
    await this.db.commit([], [path]);
    if (isNotebookPath(path)) await deleteLocalCopy(this.key(path));
    this.emit({ written: [path], removed: [], directories: [], source: "app" });
  }

  async restoreDeleted(): Promise<number> {
    const tombstones = (await this.db.all()).filter((record) => record.kind === "deleted");
    if (tombstones.length === 0) return 0;
    await this.db.commit([], tombstones.map((record) => record.path));
    const restored = tombstones.map((record) => this.course.get(record.path)).filter((entry) => entry !== undefined);
    this.emit({
      written: restored.filter((entry) => entry.type !== "directory").map((entry) => entry.path),
      removed: [],
      directories: restored.filter((entry) => entry.type === "directory").map((entry) => entry.path),
      source: "app",
    });
    return restored.filter((entry) => entry.type !== "directory").length;
  }

  async apply(ops: FileOps, source: FileChange["source"]): Promise<void> {
    const isCourseFolder = (path: string) => this.course.get(path)?.type === "directory";
    const put: OverlayRecord[] = ops.write.map(({ path, data }) => file(path, data));
    put.push(...ops.mkdir.filter((path) => !isCourseFolder(path)).map(folder));
    put.push(...ops.remove.filter((path) => this.course.has(path)).map(tombstone));
    // A course folder made again shows again (its files keep their own tombstones).
    const cleared = [...ops.remove.filter((path) => !this.course.has(path)), ...ops.mkdir.filter(isCourseFolder)];
    await this.db.commit(put, cleared);
    for (const { path } of ops.write.filter(({ path }) => isNotebookPath(path))) await deleteLocalCopy(this.key(path));
    this.emit({ written: ops.write.map(({ path }) => path), removed: ops.remove, directories: ops.mkdir, source });
  }

  async overlay(): Promise<FileOps> {
    const ops: FileOps = { write: [], mkdir: [], remove: [] };
    for (const record of await this.db.all()) {
      if (isNotebookPath(record.path)) continue; // notebooks live as documents, not as files in Python
      if (record.kind === "file") ops.write.push({ path: record.path, data: record.data });
      else if (record.kind === "directory") ops.mkdir.push(record.path);
      else ops.remove.push(record.path);
    }
    return ops;
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private key(path: string): string {
    return storageKey(this.site.base, path);
  }

  private emit(change: FileChange): void {
    if (change.source !== "tab") {
      const { written, removed, directories } = change;
      this.channel?.postMessage({ written, removed, directories } satisfies Broadcast);
    }
    for (const listener of this.listeners) listener(change);
  }
}

/** The content tree of `site` as this browser holds it. */
export async function openFileStore(site: Site): Promise<FileStore> {
  return new OverlayStore(site, await openOverlay(site.base));
}

/**
 * Where a classroom copy's files are kept in this browser: a scope of their
 * own per copy, apart from the site's files and from other copies. It also
 * names the local copies of the notebooks among them.
 */
export function copyFilesBase(site: Site, copy: string): URL {
  return new URL(`classroom-copies/${encodeURIComponent(copy)}/files/`, site.base);
}

/** A classroom copy's files: no course files, only what the student adds, kept in this browser. */
export async function openCopyFileStore(site: Site, copy: string): Promise<FileStore> {
  const base = copyFilesBase(site, copy);
  return new OverlayStore({ ...site, base, contents: [] }, await openOverlay(base));
}
