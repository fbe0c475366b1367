// The live layer, loaded only when a notebook goes live (its own esbuild chunk).
export { startLive, type LiveOptions, type LiveSession } from "./live";
export type { LiveProvider, LiveStatus, LiveState, LiveUser } from "./provider";
export { PALETTE, userName } from "./user";
export { webrtcProvider, type WebrtcSettings } from "./webrtc";
