/// <reference lib="webworker" />
// The app's files for one build, in a cache named after that build's version.
// Every file is checked against the integrity the build wrote, so a cache never
// holds a file of another build, even when the host was updated halfway through
// the download. A page is served by one worker, hence from one version.
import { appCacheName, appCachePrefix, eachLimited, withHeaders, type OfflineConfig } from "./config";

/** Set on each cached response: lets the next version reuse a file that did not change. */
const INTEGRITY_HEADER = "X-Ardoise-Integrity";
const PARALLEL_DOWNLOADS = 4;

export class AppCache {
  readonly name: string;

  constructor(
    private readonly config: OfflineConfig,
    private readonly scope: URL,
  ) {
    this.name = appCacheName(scope, config.version);
  }

  has(path: string): boolean {
    return Object.hasOwn(this.config.files, path);
  }

  /** Fills this version's cache: unchanged files are copied from an earlier version, others downloaded. */
  async fill(): Promise<void> {
    const cache = await caches.open(this.name);
    const earlier = await this.earlierCaches();
    const onDemand = new Set(this.config.onDemand ?? []);
    const upFront = Object.entries(this.config.files).filter(([path]) => !onDemand.has(path));
    await eachLimited(upFront, PARALLEL_DOWNLOADS, async ([path, integrity]) => {
      const url = this.url(path);
      if (await cache.match(url)) return; // kept from an install that was interrupted
      const kept = await reuse(earlier, url, integrity);
      await cache.put(url, kept ?? (await download(url, integrity)));
    });
  }

  /** The file at `path` of this version; `request` goes to the network only if the cache lost it. */
  async respond(path: string, request: Request): Promise<Response> {
    const url = this.url(path);
    const cached = await caches.match(url, { cacheName: this.name });
    if (cached) return cached;
    try {
      const response = await download(url, this.config.files[path]!);
      const cache = await caches.open(this.name);
      await cache.put(url, response.clone());
      return response;
    } catch {
      // The host has moved on to another build: what it serves now is consistent
      // with itself, and the worker's update check will bring that build in.
      return fetch(request);
    }
  }

  /** Deletes the caches of this site's other versions (no page uses them once this worker is active). */
  async removeOthers(): Promise<void> {
    const prefix = appCachePrefix(this.scope);
    for (const name of await caches.keys()) {
      if (name.startsWith(prefix) && name !== this.name) await caches.delete(name);
    }
  }

  private url(path: string): string {
    return new URL(path, this.scope).href;
  }

  private async earlierCaches(): Promise<Cache[]> {
    const prefix = appCachePrefix(this.scope);
    const names = (await caches.keys()).filter((name) => name.startsWith(prefix) && name !== this.name);
    return Promise.all(names.map((name) => caches.open(name)));
  }
}

async function reuse(earlier: Cache[], url: string, integrity: string): Promise<Response | null> {
  for (const cache of earlier) {
    const response = await cache.match(url);
    if (response?.headers.get(INTEGRITY_HEADER) === integrity) return response;
  }
  return null;
}

/**
 * Downloads `url` and checks it against `integrity`. The check makes the HTTP
 * cache safe to use (the page has often just downloaded the same file); a stale
 * copy there fails the check and is fetched again from the host.
 */
async function download(url: string, integrity: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { integrity });
  } catch {
    response = await fetch(url, { integrity, cache: "reload" });
  }
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return withHeaders(response, { [INTEGRITY_HEADER]: integrity });
}
