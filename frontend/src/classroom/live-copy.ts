// Which Y document a student's copy page edits: the copy's live room's when the
// server's websocket can be reached, else this browser's own, saved by PUT.
// The room's document is never also filled from the .ipynb (every cell would
// be doubled): a browser whose stored document is not of the room first sends
// its unsaved changes by PUT, then starts from an empty document that the room
// fills, and remembers that its stored document is now of the room, so that
// changes made offline later merge when it connects again.
import type { YNotebook } from "@jupyter/ydoc";
import type { RoomProvider } from "../collab/websocket";
import { createNotebook } from "../notebook/model";
import { deleteLocalCopy, localCopyExists, readLocalCopy } from "../storage/local";
import { CopySync, type ServerCopy } from "./server-copy";

/** How long the page waits for the room before it saves by PUT as before. */
export const ROOM_TIMEOUT_MS = 6000;

/** The local storage key of the student's copy, or of a teacher's copy of it when they join. */
export function copyKey(id: string, teacher: boolean): string {
  return teacher ? `ardoise:classroom-join:${id}` : `ardoise:classroom-copy:${id}`;
}

function ofRoomKey(key: string): string {
  return `ardoise:of-room:${key}`;
}

/** True when this browser's stored document (`key`) came from the copy's room. */
export function ofRoom(key: string): boolean {
  try {
    return localStorage.getItem(ofRoomKey(key)) === "1";
  } catch {
    return false;
  }
}

function markOfRoom(key: string): void {
  try {
    localStorage.setItem(ofRoomKey(key), "1");
  } catch {
    // not remembered: the next visit sends its changes by PUT and starts from the room again
  }
}

/** Sends by PUT what this browser holds and the server lacks; false if it could not be sent. */
async function sendUnsaved(server: ServerCopy, key: string): Promise<boolean> {
  // A teacher's browser never saves by PUT: it has nothing the server lacks.
  if (server.viewer === "teacher") return true;
  const held = createNotebook();
  const sync = new CopySync(String(server.id), held, server.read_only, server.read_only_reason);
  try {
    if (!sync.remembered()?.dirty || !(await localCopyExists(key))) return true;
    if (!(await readLocalCopy(key, held.ydoc))) return true;
    sync.resume();
    await sync.flush();
    return sync.state === "saved";
  } finally {
    // Once only: later, the page's own sync (through the room) owns the copy's saves.
    sync.dispose();
  }
}

async function connect(notebook: YNotebook, id: string): Promise<RoomProvider | null> {
  try {
    const { websocketProvider } = await import("../collab/websocket");
    const room = websocketProvider(notebook.ydoc, id);
    if (await room.whenSynced(ROOM_TIMEOUT_MS)) return room;
    room.destroy();
  } catch {
    // the chunk could not load (offline): saved by PUT
  }
  return null;
}

export interface CopyDocument {
  notebook: YNotebook;
  /** The room the document is synced through, or null (saved by PUT). */
  room: RoomProvider | null;
  /** True when the stored document was replaced by the room's (its base is the server's latest version). */
  fresh: boolean;
}

/** The document the page edits; the caller opens the local store on it afterwards. */
export async function copyDocument(server: ServerCopy | null, key: string): Promise<CopyDocument> {
  const notebook = createNotebook();
  if (!server) return { notebook, room: null, fresh: false };
  const id = String(server.id);
  if (ofRoom(key)) {
    // The stored document is of the room: loaded first, then merged with the room's.
    return { notebook, room: null, fresh: false };
  }
  if (!(await sendUnsaved(server, key))) return { notebook, room: null, fresh: false };
  const room = await connect(notebook, id);
  if (!room) return { notebook: createNotebook(), room: null, fresh: false };
  await deleteLocalCopy(key);
  markOfRoom(key);
  return { notebook, room, fresh: true };
}

/**
 * For a stored document of the room, once loaded: the room, at once (offline
 * edits merge when it connects). `unreachable` is called if the browser is
 * online and the room still has not answered after ROOM_TIMEOUT_MS.
 */
export async function joinRoom(notebook: YNotebook, id: string, key: string, unreachable: () => void): Promise<RoomProvider | null> {
  if (!ofRoom(key)) return null;
  try {
    const { websocketProvider } = await import("../collab/websocket");
    const room = websocketProvider(notebook.ydoc, id);
    void room.whenSynced(ROOM_TIMEOUT_MS).then((synced) => {
      if (synced || !navigator.onLine) return;
      room.destroy();
      unreachable();
    });
    return room;
  } catch {
    return null;
  }
}
