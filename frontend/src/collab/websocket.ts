// Live copies through the classroom server: y-websocket to the copy's room at
// `/api/copies/{id}/live` (docs/classroom.md, "Live copies"). Besides the
// document and awareness, the room sends message type 100 after each durable
// save: the copy's new version and the state vector it saved, type 101 with
// the number of projections of the copy to the class open now, and type 102
// with why the copy is locked ("closed", "handed_in", or "" when it is not),
// on joining and whenever it changes. A projection (`mode: "project"`) is closed
// with code 4403 when the student stops allowing it. A connection the server
// keeps out for now (a full room or server, a message too large, too many at
// once: live_limits.py) says why (`closure`) and is tried again later, not at once.
import * as decoding from "lib0/decoding";
import type * as encoding from "lib0/encoding";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import type { LiveClosure, LiveProvider, LiveStatus } from "./provider";

/** The room's message after each save (y-websocket's own types are 0 to 3). */
export const MESSAGE_SAVED = 100;
/** The room's message with the number of open projections of the copy. */
export const MESSAGE_PROJECTED = 101;
/** The room's message with why the copy is locked, or "" (a length-prefixed UTF-8 string). */
export const MESSAGE_LOCKED = 102;
/** The close code of a projection whose student stopped allowing it (y-websocket does not reconnect 44xx). */
export const PROJECTION_ENDED = 4403;
/** The close codes of the room's limits (RFC 6455): a message too big, a policy (too many), try later (full). */
export const TOO_BIG = 1009;
export const TOO_FAST = 1008;
export const TRY_LATER = 1013;

/** Why the copy is locked: its activity is closed, or it is handed in and kept until returned. */
export type RoomLock = "closed" | "handed_in";

/**
 * Why the server closed a connection and keeps it out for now, from its close
 * code; the room's reason tells a full room from a full server, and the
 * message rate from other policy closes (a refused or vanished copy is 1008 too).
 */
export function closureOf(code: number, reason: string): LiveClosure | null {
  if (code === TRY_LATER) return reason.startsWith("This server") ? "serverFull" : "roomFull";
  if (code === TOO_BIG) return "tooLarge";
  if (code === TOO_FAST && reason.startsWith("More than")) return "tooFast";
  return null;
}

/**
 * After a full room or server, the first wait before trying again and the
 * longest (ms), doubling between; after too many messages, shorter ones. A
 * message too large is not sent again as it was: the next try waits for a
 * change of the document (outputs cleared…), then AFTER_CHANGE_MS.
 */
const FULL_WAIT_MS = [10_000, 120_000] as const;
const FAST_WAIT_MS = [2000, 30_000] as const;
const AFTER_CHANGE_MS = 2000;

/** How a browser takes part: writes, watches, or shows the copy to the class (teacher only). */
export type RoomMode = "edit" | "view" | "project";

export interface RoomSave {
  /** The copy's version that holds the saved document. */
  version: number;
  /** The document's state vector as saved (Y.decodeStateVector). */
  saved: Map<number, number>;
}

export interface RoomProvider extends LiveProvider {
  /** True once the room's document has arrived (y-websocket's first sync). */
  readonly synced: boolean;
  /** Resolves true when the room's document has arrived, false after `timeout` ms without it. */
  whenSynced(timeout: number): Promise<boolean>;
  /** Calls `listener` after each save of the room. */
  onSaved(listener: (save: RoomSave) => void): void;
  /**
   * Why the room refuses this browser, or null: the HTTP status of the copy's
   * `GET` (401 signed out, 404 not theirs or gone) asked when the socket fails.
   */
  readonly refused: number | null;
  /** Calls `listener` when `refused` changes. */
  onRefused(listener: (status: number | null) => void): void;
  /** Calls `listener` with the number of projections of the copy whenever the room tells it. */
  onProjected(listener: (count: number) => void): void;
  /** Calls `listener` once if the room ends this projection (the student stopped allowing it). */
  onEnded(listener: () => void): void;
  /** Calls `listener` with why the copy is locked (null: it is not) as the room tells it: at once if already told, then on each change. */
  onLocked(listener: (lock: RoomLock | null) => void): void;
}

/** At most one `GET` of the copy per this many ms while the socket keeps failing. */
const PROBE_MS = 5000;

/** The room's websocket base: y-websocket appends "/live" (the room name). */
export function roomBase(id: string, base: string = location.href): string {
  const url = new URL(`/api/copies/${encodeURIComponent(id)}`, base);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.href;
}

export function websocketProvider(doc: Y.Doc, id: string, { mode = "edit" as RoomMode } = {}): RoomProvider {
  // Only an ended projection stops for good: a socket closed on sign-out (4401) or a team
  // left (4403) keeps trying, refused until the user may join again, while the page asks why.
  // A connection kept out by the room's limits is tried again later, by `tryAgain` below.
  const shouldReconnect = (event: CloseEvent) =>
    !(mode === "project" && event.code === PROJECTION_ENDED) && closureOf(event.code, event.reason) === null;
  const provider = new WebsocketProvider(roomBase(id), "live", doc, mode === "edit" ? { shouldReconnect } : { params: { mode }, shouldReconnect });
  const saveListeners = new Set<(save: RoomSave) => void>();
  const projectedListeners = new Set<(count: number) => void>();
  const endedListeners = new Set<() => void>();
  provider.messageHandlers[MESSAGE_PROJECTED] = (_encoder: encoding.Encoder, decoder: decoding.Decoder) => {
    const count = decoding.readVarUint(decoder);
    for (const listener of projectedListeners) listener(count);
  };
  let ended = false;
  provider.on("connection-close", (event: CloseEvent | null) => {
    if (mode !== "project" || event?.code !== PROJECTION_ENDED) return; // 4403 also ends a team member's
    ended = true;
    provider.disconnect();
    for (const listener of endedListeners) listener();
  });
  const lockListeners = new Set<(lock: RoomLock | null) => void>();
  let lock: RoomLock | null | undefined; // undefined: not told yet
  provider.messageHandlers[MESSAGE_LOCKED] = (_encoder: encoding.Encoder, decoder: decoding.Decoder) => {
    const why = decoding.readVarString(decoder);
    lock = why === "closed" || why === "handed_in" ? why : null;
    for (const listener of lockListeners) listener(lock);
  };
  provider.messageHandlers[MESSAGE_SAVED] = (_encoder: encoding.Encoder, decoder: decoding.Decoder) => {
    const version = decoding.readVarUint(decoder);
    const saved = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    for (const listener of saveListeners) listener({ version, saved });
  };
  const listeners = new Set<(status: LiveStatus) => void>();
  // A refused handshake gives the page no HTTP status (browsers hide it), so
  // when the socket fails the copy's GET, with the same cookies, says why.
  const refusedListeners = new Set<(status: number | null) => void>();
  let refused: number | null = null;
  let probed = 0;
  const setRefused = (next: number | null) => {
    if (next === refused) return;
    refused = next;
    for (const listener of refusedListeners) listener(refused);
  };
  let destroyed = false;
  // Kept out by the room's limits: why, and the next try (see FULL_WAIT_MS).
  const closureListeners = new Set<(closure: LiveClosure | null) => void>();
  let closure: LiveClosure | null = null;
  let wait = 0;
  let retry = 0;
  const setClosure = (next: LiveClosure | null) => {
    if (next === closure) return;
    closure = next;
    for (const listener of closureListeners) listener(closure);
  };
  const tryAgain = () => {
    retry = 0;
    if (!destroyed && !ended && navigator.onLine) provider.connect();
  };
  provider.on("connection-close", (event: CloseEvent | null) => {
    const why = event ? closureOf(event.code, event.reason) : null;
    if (why === null) return;
    setClosure(why);
    clearTimeout(retry);
    retry = 0;
    if (why === "tooLarge") return; // tried again after the next change
    const [first, longest] = why === "tooFast" ? FAST_WAIT_MS : FULL_WAIT_MS;
    wait = Math.min(wait ? wait * 2 : first, longest);
    retry = window.setTimeout(tryAgain, wait * (1 + Math.random() / 5)); // spread: a class is not back at once
  });
  const changed = (_update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
    if (closure === "tooLarge" && transaction.local && !retry) retry = window.setTimeout(tryAgain, AFTER_CHANGE_MS);
  };
  doc.on("update", changed);
  provider.on("sync", (synced: boolean) => {
    if (!synced) return;
    wait = 0;
    setClosure(null);
  });
  const probe = async () => {
    if (destroyed || !navigator.onLine || Date.now() - probed < PROBE_MS) return;
    probed = Date.now();
    try {
      const response = await fetch(`/api/copies/${encodeURIComponent(id)}`, { cache: "no-store", credentials: "same-origin" });
      // A status that says this user may not be in the room; others (a proxy, a 5xx) are waited out.
      if (!provider.wsconnected) setRefused([401, 403, 404].includes(response.status) ? response.status : null);
    } catch {
      // offline meanwhile: the status says so
    }
  };
  provider.on("connection-close", () => void probe());
  provider.on("connection-error", () => void probe());
  let socketStatus: "connected" | "connecting" | "disconnected" = "connecting";
  const compute = (): LiveStatus => (!navigator.onLine ? "offline" : socketStatus === "connected" ? "connected" : "connecting");
  let status = compute();
  const check = () => {
    const next = compute();
    if (next === status) return;
    status = next;
    for (const listener of listeners) listener(status);
  };
  provider.on("status", (event: { status: "connected" | "connecting" | "disconnected" }) => {
    socketStatus = event.status;
    if (event.status === "connected") setRefused(null);
    check();
  });
  // Offline, the socket is closed (a browser may keep a dead one open a long while);
  // back online it connects again and the documents merge.
  const offline = () => {
    provider.disconnect();
    check();
  };
  const online = () => {
    if (ended) return; // a projection ended by the student stays ended
    provider.connect();
    check();
  };
  addEventListener("offline", offline);
  addEventListener("online", online);
  return {
    awareness: provider.awareness,
    get status() {
      return status;
    },
    get synced() {
      return provider.synced;
    },
    whenSynced(timeout) {
      if (provider.synced) return Promise.resolve(true);
      // A refused or closed first connection (a proxy that blocks websockets) says no at once.
      return new Promise((resolve) => {
        const done = (synced: boolean) => {
          clearTimeout(timer);
          provider.off("sync", onSync);
          provider.off("connection-close", onClose);
          provider.off("connection-error", onClose);
          resolve(synced);
        };
        const onSync = (synced: boolean) => {
          if (synced) done(true);
        };
        const onClose = () => done(provider.synced);
        const timer = setTimeout(() => done(false), timeout);
        provider.on("sync", onSync);
        provider.on("connection-close", onClose);
        provider.on("connection-error", onClose);
      });
    },
    onSaved(listener) {
      saveListeners.add(listener);
    },
    get refused() {
      return refused;
    },
    onRefused(listener) {
      refusedListeners.add(listener);
    },
    onProjected(listener) {
      projectedListeners.add(listener);
    },
    onEnded(listener) {
      endedListeners.add(listener);
    },
    onLocked(listener) {
      lockListeners.add(listener);
      if (lock !== undefined) listener(lock);
    },
    get closure() {
      return closure;
    },
    onClosure(listener) {
      closureListeners.add(listener);
      return () => closureListeners.delete(listener);
    },
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    destroy() {
      destroyed = true;
      clearTimeout(retry);
      doc.off("update", changed);
      removeEventListener("offline", offline);
      removeEventListener("online", online);
      provider.destroy();
    },
  };
}
