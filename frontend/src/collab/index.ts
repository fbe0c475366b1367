// The live layer, loaded only when a notebook goes live (its own esbuild chunk).
// Providers are imported on their own (`./webrtc`), so that a page using another
// provider never loads y-webrtc.
export { startLive, type LiveOptions, type LiveSession } from "./live";
export type { LiveProvider, LiveStatus, LiveState, LiveUser } from "./provider";
export { PALETTE, userName } from "./user";
