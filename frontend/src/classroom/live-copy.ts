// Which Y document a classroom copy's page edits, and how it reaches the copy's
// live room. The room's document is never also filled from the .ipynb (every
// cell would be doubled). A student's page shows the copy at once and saves by
// PUT; in the background it moves into the room (moveIntoRoom) once everything
// is sent; from then on its stored document is the room's, so that changes
// made offline merge when it connects again. A room that did not answer is
// remembered a while per copy and not waited for. A teacher's page, which
// cannot save by PUT, waits for the room on a first join.
import type { YNotebook } from "@jupyter/ydoc";
import * as Y from "yjs";
import type { LiveClosure } from "../collab/provider";
import type { RoomProvider } from "../collab/websocket";
import { createNotebook } from "../notebook/model";
import { deleteLocalCopy, localCopyExists, readLocalCopy } from "../storage/local";
import { CopySync, type ServerCopy } from "./server-copy";

/** How long the page waits for the room before it saves by PUT as before. */
export const ROOM_TIMEOUT_MS = 6000;
/** How long a room that did not answer is not waited for again (this browser, this copy). */
export const UNREACHABLE_MS = 10 * 60_000;
/** While the page saves by PUT, how often it tries the room again in the background. */
export const RETRY_ROOM_MS = 15_000;

/**
 * The local storage key of what a user holds of a copy: the student's own, or a
 * teacher's who joined it. A copy has one student for ever, so its id names the
 * student (and keeps the key that stored work already has); a teacher's key
 * carries their user id, so that a teacher and a student sharing a browser
 * profile never take each other's unsent work.
 */
export function copyKey(id: string, teacher: boolean, viewer?: number): string {
  return teacher ? `ardoise:classroom-join:${id}:${viewer ?? 0}` : `ardoise:classroom-copy:${id}`;
}

function unreachableKey(id: string): string {
  return `ardoise:room-unreachable:${id}`;
}

/** True while this browser remembers that the copy's room did not answer (for UNREACHABLE_MS). */
export function roomUnreachable(id: string): boolean {
  try {
    const until = Number(localStorage.getItem(unreachableKey(id)) ?? 0);
    if (until > Date.now()) return true;
    localStorage.removeItem(unreachableKey(id));
  } catch {
    // not remembered: the room is tried
  }
  return false;
}

function rememberUnreachable(id: string, unreachable: boolean): void {
  try {
    if (unreachable) localStorage.setItem(unreachableKey(id), String(Date.now() + UNREACHABLE_MS));
    else localStorage.removeItem(unreachableKey(id));
  } catch {
    // not remembered: the next visit waits for the room again
  }
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

/**
 * True when the stored document came from the room but then saved by PUT: the
 * server wrote that PUT into the room as its own text, so this document must
 * never meet the room's again (the text would double), nor have its cells
 * deleted in place (they are the room's too): it is sent, then dropped.
 */
export function leftRoom(key: string): boolean {
  try {
    return localStorage.getItem(ofRoomKey(key)) === "put";
  } catch {
    return false;
  }
}

/** Says that the stored document (`key`) is the room's ("1"), was and saved by PUT ("put"), or neither. */
export function markOfRoom(key: string, of: "1" | "put" | null = "1"): void {
  try {
    if (of) localStorage.setItem(ofRoomKey(key), of);
    else localStorage.removeItem(ofRoomKey(key));
  } catch {
    // not remembered: the next visit sends its changes by PUT and starts from the room again
  }
}

/** Sends by PUT what this browser holds and the server lacks; false if it could not be sent. */
async function sendUnsaved(server: ServerCopy, key: string): Promise<boolean> {
  // A teacher's browser never saves by PUT: it has nothing the server lacks.
  if (server.viewer === "teacher") return true;
  const held = createNotebook();
  const sync = new CopySync(String(server.id), held, server.read_only, server.read_only_reason, key);
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

/** Online, whether the room answered: a room that kept this browser out (full…) did. */
function remember(id: string, room: RoomProvider, synced: boolean): void {
  if (navigator.onLine) rememberUnreachable(id, !synced && !room.closure);
}

async function connect(notebook: YNotebook, id: string): Promise<{ room: RoomProvider | null; closure: LiveClosure | null }> {
  try {
    const { websocketProvider } = await import("../collab/websocket");
    const room = websocketProvider(notebook.ydoc, id);
    const synced = await room.whenSynced(ROOM_TIMEOUT_MS);
    // Online and still no room: not waited for again for a while.
    remember(id, room, synced);
    if (synced) return { room, closure: null };
    room.destroy();
    return { room: null, closure: room.closure ?? null };
  } catch {
    // the chunk could not load (offline): saved by PUT
  }
  return { room: null, closure: null };
}

export interface CopyDocument {
  notebook: YNotebook;
  /** The room the document is synced through, or null (saved by PUT). */
  room: RoomProvider | null;
  /** True when the stored document was replaced by the room's (its base is the server's latest version). */
  fresh: boolean;
  /** Why the room kept this browser out (a full room…), when it did. */
  closure?: LiveClosure | null;
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
  if (server.viewer === "student") {
    // A document that left the room and saved by PUT is sent, then dropped: the
    // page starts again from the server's .ipynb (see leftRoom).
    if (leftRoom(key) && (await sendUnsaved(server, key))) {
      await deleteLocalCopy(key);
      markOfRoom(key, null);
    }
    // Not kept waiting for the room: saved by PUT, and moved into the room in
    // the background once it answers (moveIntoRoom).
    return { notebook, room: null, fresh: false };
  }
  if (!(await sendUnsaved(server, key))) return { notebook, room: null, fresh: false };
  const { room, closure } = await connect(notebook, id);
  if (!room) return { notebook: createNotebook(), room: null, fresh: false, closure };
  await deleteLocalCopy(key);
  markOfRoom(key);
  return { notebook, room, fresh: true };
}

/**
 * For a stored document of the room, once loaded: the room, at once (offline
 * edits merge when it connects). `unreachable` is called if the browser is
 * online and the room still has not answered after ROOM_TIMEOUT_MS.
 */
export async function joinRoom(
  notebook: YNotebook,
  id: string,
  key: string,
  unreachable: (closure: LiveClosure | null) => void,
): Promise<RoomProvider | null> {
  if (!ofRoom(key) || roomUnreachable(id)) return null;
  try {
    const { websocketProvider } = await import("../collab/websocket");
    const room = websocketProvider(notebook.ydoc, id);
    void room.whenSynced(ROOM_TIMEOUT_MS).then((synced) => {
      // A room that refuses this user (signed out…) is not unreachable: the page says why.
      if (synced || !navigator.onLine || room.refused !== null) return;
      remember(id, room, false);
      room.destroy();
      unreachable(room.closure ?? null);
    });
    return room;
  } catch {
    return null;
  }
}

/**
 * While the page saves by PUT, runs `attempt` (true once in the room) after
 * `first` ms, then every RETRY_ROOM_MS while the browser is online, until it
 * succeeds or the returned function is called.
 */
export function retryRoom(attempt: () => Promise<boolean>, first = RETRY_ROOM_MS): () => void {
  let stopped = false;
  let timer = 0;
  const run = async () => {
    if (stopped) return;
    try {
      if (navigator.onLine && (await attempt())) return;
    } catch {
      // the chunk could not load: tried again later
    }
    if (!stopped) timer = window.setTimeout(() => void run(), RETRY_ROOM_MS);
  };
  timer = window.setTimeout(() => void run(), first);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** A document of the room connected again (what was typed meanwhile merges); null if it does not answer. */
export async function rejoin(notebook: YNotebook, id: string): Promise<RoomProvider | null> {
  const { websocketProvider } = await import("../collab/websocket");
  const room = websocketProvider(notebook.ydoc, id);
  const synced = await room.whenSynced(ROOM_TIMEOUT_MS);
  remember(id, room, synced);
  if (synced) return room;
  room.destroy();
  return null;
}

/**
 * Moves a page that saves by PUT into the room, in place and without losing
 * an edit: everything is sent by PUT first (the server gives it to the room),
 * then the room's document is fetched into a new Y document; if nothing was
 * typed meanwhile, the page's cells are deleted and the room's applied in one
 * transaction (`replace` keeps it from counting as a change), so that the
 * page's document is now the room's, plus its old cells as deleted items that
 * never show. That document is then connected to the room. Null if the room
 * does not answer, or something was typed meanwhile (tried again later).
 */
export async function moveIntoRoom(
  sync: CopySync,
  notebook: YNotebook,
  id: string,
  key: string,
  replace: (move: () => void) => void,
): Promise<RoomProvider | null> {
  if (busy()) return null;
  await sync.flush();
  if (sync.state !== "saved" || sync.acknowledged().dirty) return null;
  const { websocketProvider } = await import("../collab/websocket");
  const fresh = createNotebook();
  const probe = websocketProvider(fresh.ydoc, id);
  const synced = await probe.whenSynced(ROOM_TIMEOUT_MS);
  remember(id, probe, synced);
  // The room holds the PUT once the server has written it in: until it shows
  // what this page shows, nothing is moved (else the room's older text would win).
  const same = synced && (await showsTheSame(fresh, notebook, SAME_WITHIN_MS));
  probe.destroy();
  if (!same || busy() || sync.state !== "saved" || sync.acknowledged().dirty) return null;
  replace(() =>
    notebook.ydoc.transact(() => {
      notebook.deleteCellRange(0, notebook.cells.length);
      Y.applyUpdate(notebook.ydoc, Y.encodeStateAsUpdate(fresh.ydoc));
    }),
  );
  markOfRoom(key);
  return websocketProvider(notebook.ydoc, id);
}

/**
 * Moving into the room draws the cells again (the focus and the selection are
 * put back where they were: NotebookView.keepingPlace); it waits until the
 * keyboard and the pointer have been still this long, so that nobody is
 * in the middle of a gesture (a drag, a composed character) when it happens.
 */
const IDLE_MS = 3000;
let lastInput = 0;
for (const type of ["keydown", "pointerdown", "input"]) {
  addEventListener(type, () => (lastInput = Date.now()), { capture: true, passive: true });
}
const busy = () => Date.now() - lastInput < IDLE_MS;

/** How long the room's document may take to show a PUT just saved. */
const SAME_WITHIN_MS = 3000;

function sources(notebook: YNotebook): string {
  return JSON.stringify(notebook.cells.map((cell) => [cell.cell_type, cell.getSource()]));
}

/** Resolves true once `room` shows the same cells as `page`, false after `timeout` ms. */
function showsTheSame(room: YNotebook, page: YNotebook, timeout: number): Promise<boolean> {
  const same = () => room.cells.length > 0 && sources(room) === sources(page);
  if (same()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const check = () => {
      if (!same()) return;
      clearTimeout(timer);
      room.ydoc.off("update", check);
      resolve(true);
    };
    const timer = setTimeout(() => {
      room.ydoc.off("update", check);
      resolve(false);
    }, timeout);
    room.ydoc.on("update", check);
  });
}
