// Peer-to-peer live sessions for static sites: y-webrtc, with `ardoise serve`'s
// signaling (or the one the build names) and the build's ICE servers. While the
// browser says it is offline the provider is disconnected; it connects again,
// and the documents merge, when the network comes back.
import { WebrtcProvider } from "y-webrtc";
import type * as Y from "yjs";
import type { LiveProvider, LiveStatus } from "./provider";

export interface WebrtcSettings {
  /** Signaling servers' websocket URLs. */
  signaling: string[];
  /** STUN and TURN servers, for browsers behind NAT. */
  iceServers: RTCIceServer[];
}

interface SignalingConn {
  connected: boolean;
  on(name: "connect" | "disconnect", listener: () => void): void;
  off(name: "connect" | "disconnect", listener: () => void): void;
}

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
  const watched = new Set<SignalingConn>();
  const watch = () => {
    for (const conn of conns()) {
      if (watched.has(conn)) continue;
      watched.add(conn);
      conn.on("connect", check);
      conn.on("disconnect", check);
    }
  };
  const offline = () => {
    provider.disconnect();
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
    destroy() {
      removeEventListener("offline", offline);
      removeEventListener("online", online);
      for (const conn of watched) (conn.off("connect", check), conn.off("disconnect", check));
      provider.destroy();
    },
  };
}
