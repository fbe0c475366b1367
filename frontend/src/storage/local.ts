// Keeps a notebook's Yjs document in this browser's IndexedDB, incrementally
// (y-indexeddb stores each update as it happens). Only storage/ touches IndexedDB.
import { IndexeddbPersistence } from "y-indexeddb";
import * as Y from "yjs";
import { syncTabs } from "./tabs";

export interface LocalCopy {
  /** False when the browser refuses storage (private mode, blocked, full). */
  available: boolean;
  /** True when this browser already held a copy of the document. */
  existed: boolean;
  destroy(): Promise<void>;
}

/** How long to wait for IndexedDB before carrying on without it. */
const OPEN_TIMEOUT_MS = 5000;

export function storageKey(base: URL, path: string): string {
  return `ardoise:${base.pathname}:${path}`;
}

export async function openLocalCopy(name: string, doc: Y.Doc): Promise<LocalCopy> {
  let persistence: IndexeddbPersistence;
  try {
    persistence = new IndexeddbPersistence(name, doc);
  } catch {
    return { available: false, existed: false, destroy: async () => undefined };
  }
  const synced = persistence.whenSynced.then(
    () => true,
    () => false,
  );
  const timedOut = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), OPEN_TIMEOUT_MS));
  const available = await Promise.race([synced, timedOut]);
  const existed = available && doc.share.size > 0 && doc.getArray("cells").length > 0;
  const stopSync = syncTabs(name, doc);
  return {
    available,
    existed,
    destroy: () => {
      stopSync();
      return persistence.destroy();
    },
  };
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
  const persistence = new IndexeddbPersistence(name, doc);
  await persistence.whenSynced;
  await persistence.destroy();
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
