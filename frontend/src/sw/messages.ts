// The messages between the pages and the service worker, declared once for both sides.

/** Page → worker. */
export type ToServiceWorker =
  /** To a waiting worker: take over now (every page of the course then reloads). */
  | { type: "activate" }
  /** To the active worker: how many windows it serves; the answer comes on the message's port. */
  | { type: "count-windows" };

/** Worker → page, on the port of a "count-windows" message. */
export interface WindowCount {
  type: "windows";
  count: number;
}
