// What `ardoise build` writes at the top of sw.js (self.ARDOISE_OFFLINE), and
// the names the worker derives from it. Every name includes the site's scope:
// Cache Storage is shared by the whole origin, and two courses may live on one
// host under different folders.

export interface OfflineConfig {
  /** Changes whenever one of the app's files does; names this build's cache. */
  version: string;
  /** The app's files (pages, scripts, Pyodide, runtime, site.json) relative to the site's root, with their integrity ("sha256-…"). */
  files: Record<string, string>;
  /**
   * Files of `files` kept only once a page uses them: the packages of a
   * self-hosted Pyodide distribution (hundreds of MB, of which a course uses a few).
   */
  onDemand?: string[];
  /**
   * Where the wheels of Pyodide's distribution load from when that is another
   * site (the package CDN by default); kept once used. Absent when they are the site's own.
   */
  packages?: string;
  /** Where the course's files live: revalidated on every visit, not part of a version. */
  contents: { index: string; root: string };
}

const PREFIX = "ardoise";

export function appCacheName(scope: URL, version: string): string {
  return `${appCachePrefix(scope)}${version}`;
}

export function appCachePrefix(scope: URL): string {
  return `${PREFIX} ${scope.href} app `;
}

/** The package cache of one base URL: a new Pyodide (a new base URL) never mixes its files with the old one's. */
export function packageCacheName(scope: URL, base: string): string {
  return `${packageCachePrefix(scope)}${base}`;
}

export function packageCachePrefix(scope: URL): string {
  return `${PREFIX} ${scope.href} packages `;
}

export function contentsCacheName(scope: URL): string {
  return `${PREFIX} ${scope.href} contents`;
}

/** The path of `url` relative to the site's root (still URL-encoded), or null outside it. */
export function sitePath(url: URL, scope: URL): string | null {
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return null;
  return url.pathname.slice(scope.pathname.length);
}

/** The integrity string of a hex SHA-256, as `fetch(url, { integrity })` expects it. */
export function integrityOf(sha256: string): string {
  const bytes = sha256.match(/../g)?.map((pair) => parseInt(pair, 16)) ?? [];
  return `sha256-${btoa(String.fromCharCode(...bytes))}`;
}

/** A copy of `response` with extra headers; the body is streamed, not read. */
export function withHeaders(response: Response, extra: Record<string, string>): Response {
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** Runs `task` on every item, at most `limit` at a time; rejects with the first failure. */
export async function eachLimited<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
