// Live copies through the classroom server: y-websocket to the copy's room at
// `/api/copies/{id}/live` (docs/classroom.md, "Live copies"). Besides the
// document and awareness, the room sends message type 100 after each durable
// save: the copy's new version and the state vector it saved.
import * as decoding from "lib0/decoding";
import type * as encoding from "lib0/encoding";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import type { LiveProvider, LiveStatus } from "./provider";

/** The room's message after each save (y-websocket's own types are 0 to 3). */
export const MESSAGE_SAVED = 100;

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
}

/** The room's websocket base: y-websocket appends "/live" (the room name). */
export function roomBase(id: string, base: string = location.href): string {
  const url = new URL(`/api/copies/${encodeURIComponent(id)}`, base);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.href;
}

export function websocketProvider(doc: Y.Doc, id: string, { view = false } = {}): RoomProvider {
  const provider = new WebsocketProvider(roomBase(id), "live", doc, view ? { params: { mode: "view" } } : {});
  const saveListeners = new Set<(save: RoomSave) => void>();
  provider.messageHandlers[MESSAGE_SAVED] = (_encoder: encoding.Encoder, decoder: decoding.Decoder) => {
    const version = decoding.readVarUint(decoder);
    const saved = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    for (const listener of saveListeners) listener({ version, saved });
  };
  const listeners = new Set<(status: LiveStatus) => void>();
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
    check();
  });
  // Offline, the socket is closed (a browser may keep a dead one open a long while);
  // back online it connects again and the documents merge.
  const offline = () => {
    provider.disconnect();
    check();
  };
  const online = () => {
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
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    destroy() {
      removeEventListener("offline", offline);
      removeEventListener("online", online);
      provider.destroy();
    },
  };
}
