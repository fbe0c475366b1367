// Keeps a notebook's Yjs document in this browser's IndexedDB, incrementally
// (y-indexeddb stores each update as it happens). Only storage/ touches IndexedDB.
import { IndexeddbPersistence } from "y-indexeddb";
import type * as Y from "yjs";
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
