// What the live layer needs from a provider, whatever carries the updates:
// y-webrtc between browsers (static sites) or y-websocket through the
// classroom server. A provider syncs the Y document by itself; the layer only
// reads its awareness (who is here, where) and its connection state.
import type { Awareness } from "y-protocols/awareness";

/** connected: in touch with the others (or ready to be); connecting: trying; offline: the browser has no network. */
export type LiveStatus = "connected" | "connecting" | "offline";

/**
 * Why the server closed the connection and does not take it back now: the copy's
 * room has its most people, the server its most rooms, a change is too large to
 * send, or too many were sent at once (the classroom's live_limits.py); or, for
 * a peer-to-peer session, the signaling server keeps failing to let this page in
 * (unreachable, or refusing this site's origin: browsers do not tell which).
 */
export type LiveClosure = "roomFull" | "serverFull" | "tooLarge" | "tooFast" | "unreachable";

export interface LiveProvider {
  readonly awareness: Awareness;
  readonly status: LiveStatus;
  /** Calls `listener` on each change of status; returns a function that stops. */
  onStatus(listener: (status: LiveStatus) => void): () => void;
  /** Why the server keeps this browser out for now, until it is let in again (null: it is not). */
  readonly closure?: LiveClosure | null;
  /** Calls `listener` when `closure` changes; returns a function that stops. */
  onClosure?(listener: (closure: LiveClosure | null) => void): () => void;
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
