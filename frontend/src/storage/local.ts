// Keeps a notebook's Yjs document in this browser's IndexedDB, incrementally:
// each update is written as it happens (within the same task), so a crash loses
// nothing typed. Unlike y-indexeddb, whose layout it keeps, it watches every
// write and the database itself, so that a full disk, a refused database or a
// copy deleted under the page is reported instead of losing work in silence.
// Only storage/ touches IndexedDB.
import * as Y from "yjs";
import { isQuotaError, openDatabase, readUpdates, StorageRefused, UPDATES, type Opened } from "./idb";
import { syncTabs } from "./tabs";

/**
 * What went wrong with this browser's copy:
 * - `blocked`: the browser refuses storage (private browsing, a setting, a sandbox);
 * - `full`: a write was refused because the storage quota is used up;
 * - `failed`: a write failed for another reason;
 * - `cleared`: the copy was deleted while the page was open (it is saved again at once);
 * - `evicted`: the copy saved on an earlier visit is gone.
 */
export type StorageProblem = "blocked" | "full" | "failed" | "cleared" | "evicted";

/** A problem, or `null` when every change is saved (again). */
export type StorageListener = (problem: StorageProblem | null, detail?: string) => void;

/** How long to wait for IndexedDB before carrying on without it. */
const OPEN_TIMEOUT_MS = 5000;
/** After a failed write, how long before trying again (with the whole document). */
const RETRY_MS = 5000;
/** Writes between two compactions of the stored updates into one. */
const COMPACT_AFTER = 500;
/** Remembers, outside IndexedDB, that a copy was saved, to tell eviction from a first visit. */
const MARKER_PREFIX = "ardoise:kept:";

export function storageKey(base: URL, path: string): string {
  return `ardoise:${base.pathname}:${path}`;
}

function marker(name: string, set?: boolean): boolean {
  try {
    if (set) localStorage.setItem(MARKER_PREFIX + name, "1");
    return localStorage.getItem(MARKER_PREFIX + name) === "1";
  } catch {
    return false; // localStorage blocked too: eviction cannot be told apart
  }
}

/** Deletions this app makes (renames, deletions in the file panel) are noted so that no tab reports them as the browser's. */
const DELETING_PREFIX = "ardoise:deleting:";
const DELETING_MS = 10_000;

function noteDeletion(name: string): void {
  try {
    localStorage.removeItem(MARKER_PREFIX + name);
    localStorage.setItem(DELETING_PREFIX + name, String(Date.now()));
  } catch {
    // not noted: an open tab will say the copy was cleared, and keep it
  }
}

function deletedHere(name: string): boolean {
  try {
    return Date.now() - Number(localStorage.getItem(DELETING_PREFIX + name) ?? 0) < DELETING_MS;
  } catch {
    return false;
  }
}

export class LocalCopy {
  /** False when the browser refused storage when the page opened. */
  available = false;
  /** True when this browser already held a copy of the document. */
  existed = false;
  private db: IDBDatabase | null = null;
  private pending: Uint8Array[] = [];
  /** The next write stores the whole document (after a failure, a reopening, or to compact). */
  private whole = false;
  private writing = false;
  private writes = 0;
  private retryTimer = 0;
  private problem: StorageProblem | null = null;
  private readonly listeners = new Set<StorageListener>();
  private stopTabs: () => void = () => undefined;
  private destroyed = false;
  private waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];

  /** `tabs`: keep other tabs open on the same notebook in sync (not for a copy read and let go). */
  constructor(
    readonly name: string,
    private readonly doc: Y.Doc,
    private readonly tabs = true,
  ) {}

  /** The current problem, if any. */
  get state(): StorageProblem | null {
    return this.problem;
  }

  onChange(listener: StorageListener): void {
    this.listeners.add(listener);
  }

  async open(): Promise<this> {
    let opened: Opened;
    try {
      opened = await openDatabase(this.name, OPEN_TIMEOUT_MS);
    } catch (error) {
      this.report("blocked", String(error));
      if (this.tabs) this.stopTabs = syncTabs(this.name, this.doc);
      return this;
    }
    // What the document already holds is stored too (a copy being moved under a new name).
    const held = this.doc.getArray("cells").length > 0;
    this.attach(opened.db);
    try {
      const { updates } = await readUpdates(opened.db);
      Y.transact(this.doc, () => updates.forEach((update) => Y.applyUpdate(this.doc, update)), this, false);
      this.whole = held || updates.length > COMPACT_AFTER / 5;
    } catch (error) {
      this.report("failed", String(error));
    }
    this.available = true;
    this.existed = this.doc.getArray("cells").length > 0;
    if (!this.existed && marker(this.name)) this.report("evicted");
    this.doc.on("update", this.onUpdate);
    if (this.tabs) this.stopTabs = syncTabs(this.name, this.doc);
    if (this.whole) this.flush();
    return this;
  }

  /** Resolves once everything so far is written; rejects if a write fails. */
  saved(): Promise<void> {
    if (!this.db) return Promise.reject(new Error("no local copy"));
    if (!this.writing && !this.whole && !this.pending.length) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  destroy(): Promise<void> {
    this.destroyed = true;
    clearTimeout(this.retryTimer);
    this.doc.off("update", this.onUpdate);
    this.stopTabs();
    this.db?.close();
    this.db = null;
    return Promise.resolve();
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === this) return;
    this.pending.push(update);
    // Updates of one task go out together, before the task ends.
    if (this.pending.length === 1) queueMicrotask(() => this.flush());
  };

  private attach(db: IDBDatabase): void {
    this.db = db;
    // Another page deletes (or upgrades) the database: let it, then open it again.
    db.onversionchange = () => {
      db.close();
      this.lost(db);
    };
    // The browser closed it: its data was cleared, or the disk failed.
    db.onclose = () => this.lost(db);
  }

  private lost(db: IDBDatabase): void {
    if (this.db !== db || this.destroyed) return;
    this.db = null;
    void this.reopen();
  }

  private async reopen(): Promise<void> {
    try {
      const { db, created } = await openDatabase(this.name, OPEN_TIMEOUT_MS);
      if (this.destroyed) return db.close();
      this.attach(db);
      if (created) {
        // The saved copy is gone but the page still has everything: save it all
        // again. When this app deleted it (the notebook renamed or deleted from
        // another tab), nothing is said; the work is kept all the same.
        this.whole = true;
        if (!deletedHere(this.name)) this.report("cleared");
      }
      this.flush();
    } catch (error) {
      this.report(error instanceof StorageRefused ? "blocked" : "failed", String(error));
    }
  }

  private flush(): void {
    const db = this.db;
    if (!db || this.writing || this.destroyed || this.retryTimer) return;
    if (!this.whole && this.pending.length === 0) return;
    const whole = this.whole || this.writes % COMPACT_AFTER === COMPACT_AFTER - 1;
    const batch = this.pending;
    this.pending = [];
    this.whole = false;
    let transaction: IDBTransaction;
    try {
      transaction = db.transaction(UPDATES, "readwrite");
    } catch (error) {
      // Closing under us (a deletion in progress): keep everything for the reopened database.
      this.whole = true;
      if (this.db === db) this.failed(error);
      return;
    }
    const store = transaction.objectStore(UPDATES);
    const update = whole ? Y.encodeStateAsUpdate(this.doc) : batch.length === 1 ? batch[0]! : Y.mergeUpdates(batch);
    try {
      const added = store.add(update);
      if (whole) added.onsuccess = () => store.delete(IDBKeyRange.upperBound(added.result, true));
    } catch (error) {
      this.whole = true;
      this.failed(error);
      return;
    }
    this.writing = true;
    transaction.oncomplete = () => {
      this.writing = false;
      this.writes++;
      if (this.writes === 1) marker(this.name, true);
      if (this.problem && this.problem !== "evicted" && this.problem !== "cleared") this.report(null);
      this.flush();
      if (!this.writing) this.settle(null);
    };
    transaction.onabort = () => {
      this.writing = false;
      this.whole = true; // what this write held is still in the document: the next one stores it all
      this.failed(transaction.error);
      this.settle(transaction.error ?? new Error("write failed"));
    };
  }

  private settle(error: unknown): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const { resolve, reject } of waiting) (error ? reject(error) : resolve());
  }

  private failed(error: unknown): void {
    this.report(isQuotaError(error) ? "full" : "failed", String(error));
    clearTimeout(this.retryTimer);
    this.retryTimer = window.setTimeout(() => {
      this.retryTimer = 0;
      this.flush();
    }, RETRY_MS);
  }

  private report(problem: StorageProblem | null, detail?: string): void {
    if (problem !== null) console.warn(`ardoise: local copy of ${this.name}: ${problem}`, detail ?? "");
    if (problem === this.problem && problem !== "cleared") return;
    this.problem = problem;
    for (const listener of this.listeners) listener(problem, detail);
  }
}

export async function openLocalCopy(name: string, doc: Y.Doc): Promise<LocalCopy> {
  return new LocalCopy(name, doc).open();
}

// --- copies of notebooks that are not open: the file panel renames, deletes and
// downloads them ---

/** How long to wait for another tab to let go of a copy being deleted. */
const DELETE_TIMEOUT_MS = 2000;

/** True when this browser holds a copy of the notebook (without creating an empty one). */
export async function localCopyExists(name: string): Promise<boolean> {
  try {
    if (typeof indexedDB.databases !== "function") return true; // cannot tell: look inside
    return (await indexedDB.databases()).some((database) => database.name === name);
  } catch {
    return false;
  }
}

async function load(name: string, doc: Y.Doc): Promise<void> {
  const copy = await new LocalCopy(name, doc, false).open();
  try {
    await copy.saved();
  } finally {
    await copy.destroy();
  }
}

/** Reads this browser's copy into `doc`; false when there is none. */
export async function readLocalCopy(name: string, doc: Y.Doc): Promise<boolean> {
  if (!(await localCopyExists(name))) return false;
  await load(name, doc);
  return doc.getArray("cells").length > 0;
}

/**
 * Deletes this browser's copy. A tab that still has the notebook open delays
 * the deletion until it closes; we do not wait for it.
 */
export async function deleteLocalCopy(name: string): Promise<void> {
  if (!(await localCopyExists(name))) return;
  noteDeletion(name);
  const deleted = new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = () => resolve();
  });
  await Promise.race([deleted, new Promise<void>((resolve) => setTimeout(resolve, DELETE_TIMEOUT_MS))]);
}

/** Moves this browser's copy of a notebook to a new name (the notebook was renamed). */
export async function moveLocalCopy(from: string, to: string): Promise<void> {
  await deleteLocalCopy(to);
  if (!(await localCopyExists(from))) return;
  const doc = new Y.Doc();
  await load(from, doc);
  // Opening a store on a document that has content writes that content to it.
  await load(to, doc);
  doc.destroy();
  await deleteLocalCopy(from);
}
