// The built site's manifest (site.json) and contents index (contents.json),
// written by `ardoise build`.
import type { LockPackage, PackageSources } from "./kernel/protocol";
import { takeEarlyResponse } from "./early";

export interface SiteManifest {
  format: number;
  generator: string;
  title: string | null;
  /** `packagesURL`: where the wheels of Pyodide's distribution are (absolute or site-relative). */
  /**
   * `sha256`, `sizes`: the runtime files' digest and sizes by name; `compressed`:
   * their brotli-compressed sizes (all absent from older sites).
   */
  pyodide: {
    version: string;
    indexURL: string;
    packagesURL: string;
    sha256?: string;
    sizes?: Record<string, number>;
    compressed?: Record<string, number>;
  };
  /** `onUse`: packages downloaded on their first import (the turtle), site-relative URL by module. */
  runtime: {
    url: string;
    sha256: string;
    size?: number;
    onUse?: Record<string, string>;
    /** A memory snapshot made when the package was built, for first visits on fast links. */
    snapshot?: { url: string; size: number; compressed: number };
  };
  /** The bundled wheels, as entries of Pyodide's lock file with site-relative URLs. */
  packages: { bundled: Record<string, LockPackage> };
  contents: { index: string; root: string };
  /** Live collaboration's signaling servers and ICE servers, when the build names them. */
  live?: { signaling?: string[]; iceServers?: RTCIceServer[] };
}

export interface ContentEntry {
  path: string;
  name: string;
  type: "notebook" | "file" | "directory";
  size?: number;
  last_modified: string;
  sha256?: string;
  mimetype?: string;
  title?: string | null;
}

export interface Site {
  manifest: SiteManifest;
  contents: ContentEntry[];
  /** Absolute URL of the site's root folder. */
  base: URL;
}

async function getJSON<T>(url: URL, requested?: Promise<Response> | null): Promise<T> {
  const response = await (requested ?? fetch(url, { cache: "no-cache" }));
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

const USUAL_INDEX = "contents.json";

export async function loadSite(): Promise<Site> {
  const base = new URL(".", location.href);
  // Fetched with the manifest, not after it: every build so far puts the index there.
  // The notebook page requested both before its code arrived (early.ts).
  const usual = getJSON<{ entries: ContentEntry[] }>(new URL(USUAL_INDEX, base), takeEarlyResponse("index"));
  usual.catch(() => undefined); // a site with another index never awaits it
  const manifest = await getJSON<SiteManifest>(new URL("site.json", base), takeEarlyResponse("manifest"));
  const index =
    manifest.contents.index === USUAL_INDEX
      ? await usual
      : await getJSON<{ entries: ContentEntry[] }>(new URL(manifest.contents.index, base));
  return { manifest, contents: index.entries, base };
}

/** A path relative to the content root, URL-encoded one segment at a time. */
export function encodeContentPath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

/** The URL of a content file, by its path relative to the content root. */
export function contentURL(site: Site, path: string): URL {
  return new URL(site.manifest.contents.root + encodeContentPath(path), site.base);
}

/** The absolute URL of a path given relative to the site's root, or an absolute URL as is. */
export function siteURL(site: Pick<Site, "base">, pathOrURL: string): URL {
  return new URL(pathOrURL, site.base);
}

/** Where the kernel finds Pyodide's packages and the bundled ones, as absolute URLs. */
export function packageSources(site: Pick<Site, "manifest" | "base">): PackageSources {
  const bundled = Object.fromEntries(
    Object.entries(site.manifest.packages.bundled).map(([name, entry]) => [
      name,
      { ...entry, file_name: siteURL(site, entry.file_name).href },
    ]),
  );
  return { baseURL: siteURL(site, site.manifest.pyodide.packagesURL).href, bundled };
}
