/// <reference lib="webworker" />
// The course's files: network first, the cache when the network is off or slow.
// They are data, not code: the app already compares a student's copy with the
// course's version and offers a new one (notebook/origin.ts), so the newest
// contents are wanted as soon as they are published, whatever the app's version.
// The cache follows the contents index: after each fresh index, changed and new
// files are downloaded in the background and removed ones dropped, so every file
// the course lists opens offline, not only those already visited.
import { encodeContentPath } from "../site";
import { contentsCacheName, eachLimited, integrityOf, sitePath, withHeaders, type OfflineConfig } from "./config";

/** The SHA-256 (hex) of a cached file, as in contents.json. */
const SHA256_HEADER = "X-Ardoise-SHA256";
/** How long to wait for the host to answer before using the cached copy (a slow network is not an offline one). */
const NETWORK_DEADLINE_MS = 4000;
const PARALLEL_DOWNLOADS = 4;

interface IndexEntry {
  path: string;
  type: string;
  sha256?: string;
}

export class ContentsCache {
  private readonly name: string;
  private syncing: Promise<void> | null = null;

  constructor(
    private readonly contents: OfflineConfig["contents"],
    private readonly scope: URL,
  ) {
    this.name = contentsCacheName(scope);
  }

  has(path: string): boolean {
    return path === this.contents.index || path.startsWith(this.contents.root);
  }

  /** Downloads the index and every file it lists (at install: the course opens offline after one visit). */
  async fill(): Promise<void> {
    try {
      const response = await fetch(this.url(this.contents.index), { cache: "no-cache" });
      if (response.ok) await this.follow(response);
    } catch (error) {
      // The app works without it; the next fresh index fills the cache.
      console.warn("Ardoise: the course's files were not kept for offline use:", error);
    }
  }

  /**
   * Network first with a deadline; a fresh copy replaces the cached one.
   * `background` is given, at once, the work that outlives the response.
   */
  async respond(request: Request, background: (work: Promise<unknown>) => void): Promise<Response> {
    const key = this.key(request.url);
    const network = fetch(request);
    background(
      network.then(
        (response) => (response.ok ? this.keep(key, response.clone()) : undefined),
        () => undefined, // offline: answered from the cache below
      ),
    );
    const cached = () => caches.match(key, { cacheName: this.name });
    const late = delay(NETWORK_DEADLINE_MS).then(async () => (await cached()) ?? network);
    try {
      return await Promise.race([network, late]);
    } catch {
      return (await cached()) ?? Response.error();
    }
  }

  private async keep(key: string, response: Response): Promise<void> {
    const path = sitePath(new URL(key), this.scope);
    if (path === this.contents.index) return this.follow(response);
    const body = await response.arrayBuffer();
    const sha256 = hex(await crypto.subtle.digest("SHA-256", body));
    const cache = await caches.open(this.name);
    await cache.put(key, withHeaders(new Response(body, init(response)), { [SHA256_HEADER]: sha256 }));
  }

  /** Makes the cache hold the files of this index, then the index itself. */
  private follow(index: Response): Promise<void> {
    const previous = this.syncing ?? Promise.resolve();
    this.syncing = previous.then(() => this.sync(index)).finally(() => (this.syncing = null));
    return this.syncing;
  }

  private async sync(index: Response): Promise<void> {
    const text = await index.text();
    const { entries } = JSON.parse(text) as { entries: IndexEntry[] };
    const wanted = new Map<string, string>();
    for (const entry of entries) {
      if (entry.type !== "directory" && entry.sha256) wanted.set(this.fileURL(entry.path), entry.sha256);
    }
    const cache = await caches.open(this.name);
    await eachLimited([...wanted], PARALLEL_DOWNLOADS, async ([url, sha256]) => {
      const cached = await cache.match(url);
      if (cached?.headers.get(SHA256_HEADER) === sha256) return;
      try {
        const response = await fetch(url, { integrity: integrityOf(sha256), cache: "no-cache" });
        if (response.ok) await cache.put(url, withHeaders(response, { [SHA256_HEADER]: sha256 }));
      } catch {
        // Offline, or the host is being updated: the next fresh index tries again.
      }
    });
    const root = this.url(this.contents.root);
    for (const request of await cache.keys()) {
      if (request.url.startsWith(root) && !wanted.has(request.url)) await cache.delete(request);
    }
    await cache.put(this.url(this.contents.index), new Response(text, init(index)));
  }

  private url(path: string): string {
    return new URL(path, this.scope).href;
  }

  private fileURL(path: string): string {
    return this.url(this.contents.root + encodeContentPath(path));
  }

  private key(url: string): string {
    const parsed = new URL(url);
    parsed.search = "";
    parsed.hash = "";
    return parsed.href;
  }
}

function init(response: Response): ResponseInit {
  return { status: response.status, statusText: response.statusText, headers: response.headers };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
