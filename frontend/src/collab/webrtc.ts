// Peer-to-peer live sessions for static sites: y-webrtc, with `ardoise serve`'s
// signaling (or the one the build names) and the build's ICE servers. While the
// browser says it is offline the provider is disconnected; it connects again,
// and the documents merge, when the network comes back.
import { WebrtcProvider } from "y-webrtc";
import type * as Y from "yjs";
import type { LiveClosure, LiveProvider, LiveStatus } from "./provider";

export interface WebrtcSettings {
  /** Signaling servers' websocket URLs. */
  signaling: string[];
  /** STUN and TURN servers, for browsers behind NAT. */
  iceServers: RTCIceServer[];
}

interface SignalingConn {
  connected: boolean;
  /** Tries in a row that ended before the socket opened (lib0's WebsocketClient). */
  unsuccessfulReconnects: number;
  on(name: "connect" | "disconnect", listener: () => void): void;
  off(name: "connect" | "disconnect", listener: () => void): void;
}

/** Failed tries of the signaling server in a row after which the page says it cannot get in. */
const FAILED_TRIES = 3;

export function webrtcProvider(doc: Y.Doc, room: string, secret: string, settings: WebrtcSettings): LiveProvider {
  const provider = new WebrtcProvider(room, doc, {
    signaling: settings.signaling,
    password: secret,
    peerOpts: settings.iceServers.length ? { config: { iceServers: settings.iceServers } } : {},
  });
  const listeners = new Set<(status: LiveStatus) => void>();
  const conns = () => provider.signalingConns as unknown as SignalingConn[];
  const compute = (): LiveStatus => {
    if (!navigator.onLine) return "offline";
    const peers = provider.room?.webrtcConns.size ?? 0;
    return conns().some((conn) => conn.connected) || peers > 0 ? "connected" : "connecting";
  };
  let status = compute();
  const check = () => {
    const next = compute();
    if (next === status) return;
    status = next;
    for (const listener of listeners) listener(status);
  };
  // Tries that ended without the signaling server letting this page in (lib0's
  // client counts them, without an event): after FAILED_TRIES in a row (y-webrtc
  // keeps trying, a second or two apart), the page says it cannot get in, rather
  // than "connecting" for ever. Looked at every second while nothing is connected.
  const closureListeners = new Set<(closure: LiveClosure | null) => void>();
  let closure: LiveClosure | null = null;
  const setClosure = (next: LiveClosure | null) => {
    if (next === closure) return;
    closure = next;
    for (const listener of closureListeners) listener(closure);
  };
  const lookAtTries = () => {
    const all = conns();
    const keptOut = navigator.onLine && all.length > 0 && all.every((conn) => !conn.connected && conn.unsuccessfulReconnects >= FAILED_TRIES);
    setClosure(keptOut ? "unreachable" : null);
  };
  const tries = setInterval(lookAtTries, 1000);
  const connected = () => {
    lookAtTries();
    check();
  };
  const disconnected = check;
  const watched = new Set<SignalingConn>();
  const watch = () => {
    for (const conn of conns()) {
      if (watched.has(conn)) continue;
      watched.add(conn);
      conn.on("connect", connected);
      conn.on("disconnect", disconnected);
    }
  };
  const offline = () => {
    provider.disconnect();
    setClosure(null);
    check();
  };
  const online = () => {
    provider.connect();
    watch();
    check();
  };
  watch();
  provider.on("peers", check);
  addEventListener("offline", offline);
  addEventListener("online", online);
  if (!navigator.onLine) offline();
  return {
    awareness: provider.awareness,
    get status() {
      return status;
    },
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get closure() {
      return closure;
    },
    onClosure(listener) {
      closureListeners.add(listener);
      return () => closureListeners.delete(listener);
    },
    destroy() {
      removeEventListener("offline", offline);
      removeEventListener("online", online);
      clearInterval(tries);
      for (const conn of watched) (conn.off("connect", connected), conn.off("disconnect", disconnected));
      provider.destroy();
    },
  };
}
