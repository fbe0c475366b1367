/// <reference lib="webworker" />
// The service worker (sw.js at the site's root; `ardoise build` writes this
// build's list of files above it). It keeps the app and Python for offline use,
// one cache per build, revalidates the course's files, keeps the packages a
// page loads from the package CDN, and adds cross-origin isolation where the
// host does not.
//
// Updates: a new build means a new sw.js, which the browser notices on a
// navigation. The new worker fills its own cache and waits while any page uses
// the old one, so a page never mixes two builds; the pages offer to reload
// (offline/register.ts), and a page that opens as the only one asks it to take
// over at once.
import { AppCache } from "./app-cache";
import type { OfflineConfig } from "./config";
import { sitePath } from "./config";
import { ContentsCache } from "./contents";
import { isolated } from "./isolation";
import type { ToServiceWorker, WindowCount } from "./messages";
import { PackageCache } from "./packages";

declare const self: ServiceWorkerGlobalScope & { ARDOISE_OFFLINE: OfflineConfig };

const config = self.ARDOISE_OFFLINE;
const scope = new URL(self.registration.scope);
const app = new AppCache(config, scope);
const contents = new ContentsCache(config.contents, scope);
const packages = new PackageCache(config.packages ?? null, scope);

self.addEventListener("install", (event) => {
  event.waitUntil(Promise.all([app.fill(), contents.fill()]));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(Promise.all([app.removeOthers(), packages.removeOthers()]));
});

self.addEventListener("fetch", (event) => {
  const response = route(event);
  if (response) event.respondWith(response.then(isolated));
});

self.addEventListener("message", (event) => {
  const message = event.data as ToServiceWorker;
  if (message?.type === "activate") event.waitUntil(self.skipWaiting());
  if (message?.type === "count-windows") event.waitUntil(countWindows(event.ports[0]));
});

/** The response for a request of this site, or null to leave it to the browser. */
function route(event: FetchEvent): Promise<Response> | null {
  const request = event.request;
  if (request.method !== "GET") return null;
  // Chromium's devtools may issue this mode, which a worker cannot fetch with.
  if (request.cache === "only-if-cached" && request.mode !== "same-origin") return null;
  const path = sitePath(new URL(request.url), scope);
  if (packages.has(request.url) && (path === null || !app.has(path))) {
    return packages.respond(request, (work) => event.waitUntil(work));
  }
  if (path === null) return null;
  const file = request.mode === "navigate" && path === "" ? "index.html" : path;
  if (app.has(file)) return app.respond(file, request);
  if (contents.has(file)) return contents.respond(request, (work) => event.waitUntil(work));
  return fetch(request);
}

async function countWindows(port: MessagePort | undefined): Promise<void> {
  const windows = await self.clients.matchAll({ type: "window" });
  port?.postMessage({ type: "windows", count: windows.length } satisfies WindowCount);
}
