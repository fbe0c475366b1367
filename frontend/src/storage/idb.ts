// IndexedDB's requests as promises, and the ways a browser refuses it. The
// database layout is y-indexeddb's (an auto-increment store of Yjs updates and
// a `custom` store), so copies saved by earlier versions of Ardoise still open.

export const UPDATES = "updates";
const CUSTOM = "custom";

/** The browser refused storage: no IndexedDB, or it would not open a database. */
export class StorageRefused extends Error {
  override name = "StorageRefused";
}

export function requestDone<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB request failed"));
  });
}

export interface Opened {
  db: IDBDatabase;
  /** True when the database did not exist and was created by this call. */
  created: boolean;
}

/** Opens (or creates) the database `name`; refused within `timeout` ms or it counts as refused. */
export function openDatabase(name: string, timeout: number): Promise<Opened> {
  return new Promise((resolve, reject) => {
    let created = false;
    let request: IDBOpenDBRequest;
    try {
      // Reading `indexedDB` itself throws where storage is denied (sandboxed frames, some settings).
      request = indexedDB.open(name);
    } catch (error) {
      reject(new StorageRefused(String(error)));
      return;
    }
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      reject(new StorageRefused("IndexedDB did not answer"));
    }, timeout);
    request.onupgradeneeded = (event) => {
      created = event.oldVersion === 0;
      const db = request.result;
      if (!db.objectStoreNames.contains(UPDATES)) db.createObjectStore(UPDATES, { autoIncrement: true });
      if (!db.objectStoreNames.contains(CUSTOM)) db.createObjectStore(CUSTOM);
    };
    request.onsuccess = () => {
      clearTimeout(timer);
      if (timedOut) request.result.close(); // given up on already: let the database go
      else resolve({ db: request.result, created });
    };
    request.onerror = () => {
      clearTimeout(timer);
      reject(new StorageRefused(String(request.error)));
    };
    request.onblocked = () => undefined; // another tab holds an older version: wait for it
  });
}

/** Every stored update, in order, with the last key. */
export async function readUpdates(db: IDBDatabase): Promise<{ updates: Uint8Array[]; lastKey: IDBValidKey | null }> {
  const store = db.transaction(UPDATES, "readonly").objectStore(UPDATES);
  const [updates, keys] = await Promise.all([requestDone(store.getAll()), requestDone(store.getAllKeys())]);
  return { updates: updates as Uint8Array[], lastKey: keys.length ? keys[keys.length - 1]! : null };
}

export function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && error.name === "QuotaExceededError";
}
