// Where the user's layer of files lives: one IndexedDB object store of records
// keyed by path (a file's bytes, an empty folder, or a tombstone over a course
// file), or memory when the browser refuses storage. Only storage/ touches
// IndexedDB.
import { openDB, type IDBPDatabase } from "idb";
import { StorageFullError } from "./files";

export type OverlayRecord =
  | { path: string; kind: "file"; data: Uint8Array; modified: number }
  | { path: string; kind: "directory"; modified: number }
  /** A course file or folder the user deleted (or renamed away). */
  | { path: string; kind: "deleted"; modified: number };

export interface OverlayBackend {
  readonly persistent: boolean;
  all(): Promise<OverlayRecord[]>;
  get(path: string): Promise<OverlayRecord | undefined>;
  /** Puts and deletes in one transaction: all of it happens, or none. */
  commit(put: OverlayRecord[], remove: string[]): Promise<void>;
}

const STORE = "entries";
/** How long to wait for IndexedDB before carrying on without it. */
const OPEN_TIMEOUT_MS = 5000;

function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && (error.name === "QuotaExceededError" || error.code === 22);
}

/** A copy that owns its buffer: storing a view would store the whole buffer behind it. */
function compact(data: Uint8Array): Uint8Array {
  return data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : data.slice();
}

class IndexedDBOverlay implements OverlayBackend {
  readonly persistent = true;
  private db: Promise<IDBPDatabase> | null;
  private current: IDBPDatabase | null = null;

  constructor(db: IDBPDatabase, private readonly name: string) {
    this.db = Promise.resolve(this.watch(db));
  }

  /**
   * Another page deletes or upgrades the database (clearing the site's data,
   * a newer build): close at once so it is not blocked, open again when next
   * used.
   */
  private watch(db: IDBPDatabase): IDBPDatabase {
    const forget = () => {
      db.close();
      if (this.current !== db) return;
      this.current = null;
      this.db = null;
    };
    this.current = db;
    db.addEventListener("versionchange", forget);
    db.addEventListener("close", forget);
    return db;
  }

  private open(): Promise<IDBPDatabase> {
    this.db ??= openFilesDB(this.name).then((db) => this.watch(db));
    return this.db;
  }

  async all(): Promise<OverlayRecord[]> {
    return (await this.open()).getAll(STORE) as Promise<OverlayRecord[]>;
  }

  async get(path: string): Promise<OverlayRecord | undefined> {
    return (await this.open()).get(STORE, path) as Promise<OverlayRecord | undefined>;
  }

  async commit(put: OverlayRecord[], remove: string[]): Promise<void> {
    const tx = (await this.open()).transaction(STORE, "readwrite");
    try {
      await Promise.all([
        ...put.map((record) => tx.store.put(record.kind === "file" ? { ...record, data: compact(record.data) } : record)),
        ...remove.map((path) => tx.store.delete(path)),
        tx.done,
      ]);
    } catch (error) {
      if (isQuotaError(error) || isQuotaError(tx.error)) throw new StorageFullError(put[0]?.path ?? "");
      throw error;
    }
  }
}

class MemoryOverlay implements OverlayBackend {
  readonly persistent = false;
  private records = new Map<string, OverlayRecord>();

  async all(): Promise<OverlayRecord[]> {
    return [...this.records.values()];
  }

  async get(path: string): Promise<OverlayRecord | undefined> {
    return this.records.get(path);
  }

  async commit(put: OverlayRecord[], remove: string[]): Promise<void> {
    for (const path of remove) this.records.delete(path);
    for (const record of put) this.records.set(record.path, record);
  }
}

function openFilesDB(name: string): Promise<IDBPDatabase> {
  return openDB(name, 1, {
    upgrade(db) {
      db.createObjectStore(STORE, { keyPath: "path" });
    },
  });
}

/** The user's layer for the site at `base`; in memory when IndexedDB is unavailable. */
export async function openOverlay(base: URL): Promise<OverlayBackend> {
  const name = `ardoise-files:${base.pathname}`;
  // A browser that refuses storage may throw as soon as `indexedDB` is read.
  const opening = Promise.resolve()
    .then(() => openFilesDB(name))
    .then(
      (db) => new IndexedDBOverlay(db, name),
      () => null,
    );
  const timedOut = new Promise<null>((resolve) => setTimeout(() => resolve(null), OPEN_TIMEOUT_MS));
  return (await Promise.race([opening, timedOut])) ?? new MemoryOverlay();
}
