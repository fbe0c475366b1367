/// <reference lib="webworker" />
// The wheels of Pyodide's distribution when they load from another site (the
// package CDN by default, or a school's own copy): kept once a page loads them,
// so a package imported once imports again offline. Their URL names the Pyodide
// version, so a kept file does not go stale: cache first. Each file is kept with
// the integrity the page asked for (Pyodide's loader gives the lock file's
// SHA-256); a request with another integrity (a host that replaced a file in
// place) goes to the network. One cache per site and per base URL: a build with
// another base URL (a new Pyodide) drops the others when it activates, so the
// cache holds at most the files of one distribution that the course used.
import { packageCacheName, packageCachePrefix, withHeaders } from "./config";

const INTEGRITY_HEADER = "X-Ardoise-Integrity";

export class PackageCache {
  private readonly name: string | null;

  constructor(
    private readonly base: string | null,
    private readonly scope: URL,
  ) {
    this.name = base === null ? null : packageCacheName(scope, base);
  }

  /** Whether `url` is one of the distribution's files. */
  has(url: string): boolean {
    return this.base !== null && url.startsWith(this.base);
  }

  /**
   * The kept copy, or the network's answer, kept when it is complete and
   * readable: an opaque response (no CORS) could be an error page, and its
   * integrity could not be checked. `background` is given the work that outlives the response.
   */
  async respond(request: Request, background: (work: Promise<unknown>) => void): Promise<Response> {
    const cacheName = this.name!;
    const key = keyOf(request.url);
    const cached = await caches.match(key, { cacheName, ignoreVary: true });
    if (cached && cached.headers.get(INTEGRITY_HEADER) === request.integrity) return cached;
    const response = await fetch(request);
    if (response.status === 200 && (response.type === "cors" || response.type === "basic")) {
      const copy = withHeaders(response.clone(), { [INTEGRITY_HEADER]: request.integrity });
      background(
        caches
          .open(cacheName)
          .then((cache) => cache.put(key, copy))
          .catch((error: unknown) => console.warn("Ardoise: a package was not kept for offline use:", error)),
      );
    }
    return response;
  }

  /** Deletes this site's package caches of other base URLs (no page uses them once this worker is active). */
  async removeOthers(): Promise<void> {
    const prefix = packageCachePrefix(this.scope);
    for (const name of await caches.keys()) {
      if (name.startsWith(prefix) && name !== this.name) await caches.delete(name);
    }
  }
}

/** The URL without its fragment: what identifies the file. */
function keyOf(url: string): string {
  const parsed = new URL(url);
  parsed.hash = "";
  return parsed.href;
}
