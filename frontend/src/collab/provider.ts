// What the live layer needs from a provider, whatever carries the updates:
// y-webrtc between browsers (static sites) or y-websocket through the
// classroom server. A provider syncs the Y document by itself; the layer only
// reads its awareness (who is here, where) and its connection state.
import type { Awareness } from "y-protocols/awareness";

/** connected: in touch with the others (or ready to be); connecting: trying; offline: the browser has no network. */
export type LiveStatus = "connected" | "connecting" | "offline";

export interface LiveProvider {
  readonly awareness: Awareness;
  readonly status: LiveStatus;
  /** Calls `listener` on each change of status; returns a function that stops. */
  onStatus(listener: (status: LiveStatus) => void): () => void;
  destroy(): void;
}

/** What each browser tells the others about its user, in the awareness state. */
export interface LiveUser {
  name: string;
  /** The caret's and the name label's colour, from PALETTE. */
  color: string;
  /** The colour of the user's selection (the same colour, translucent). */
  colorLight: string;
}

/** One awareness state as this app writes it (other fields, like `cursor`, are y-codemirror's). */
export interface LiveState {
  user?: LiveUser;
  /** The id of the cell the user is in, or null. */
  cell?: string | null;
}
