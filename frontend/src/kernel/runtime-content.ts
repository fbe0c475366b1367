// What starting Python needs that the site's manifest alone gives: where
// Pyodide, its packages and the runtime zip are, what a saved snapshot must
// match, and how many bytes they are. The page puts it in its boot request;
// the worker the notebook page starts before the app's code arrives computes
// the same from the manifest the page hands it (worker.ts, "prestart"), and
// starts Python with it before the boot request comes.
import { packageSources, siteURL, type Site } from "../site";
import type { BootContent } from "./protocol";

export type RuntimeContent = Pick<
  BootContent,
  "indexURL" | "packages" | "runtimeURL" | "runtimeSHA256" | "pyodideSHA256" | "snapshotScope" | "servedSnapshot"
> & { sizes: Record<string, number>; compressed: Record<string, number> };

/** Sent by the notebook page's inline script as soon as `site.json` arrives (see build.mjs). */
export interface PrestartMessage {
  /** The text of `site.json`. */
  ardoise_prestart: string;
  /** The page's URL: the site's root is its folder. */
  page: string;
}

export function isPrestart(data: unknown): data is PrestartMessage {
  const message = data as Partial<PrestartMessage> | null;
  return typeof message?.ardoise_prestart === "string" && typeof message.page === "string";
}

export function runtimeContent(site: Pick<Site, "manifest" | "base">): RuntimeContent {
  const indexURL = siteURL(site, site.manifest.pyodide.indexURL).href;
  const runtimeURL = siteURL(site, site.manifest.runtime.url).href;
  // What the boot downloads, by URL: the progress bar's total (the course's files are added by the page).
  const sizes: Record<string, number> = {};
  const compressed: Record<string, number> = {};
  for (const [name, size] of Object.entries(site.manifest.pyodide.sizes ?? {})) {
    if (name === "package.json") continue;
    sizes[new URL(name, indexURL).href] = size;
    const brotli = site.manifest.pyodide.compressed?.[name];
    if (brotli) compressed[new URL(name, indexURL).href] = brotli;
  }
  if (site.manifest.runtime.size) sizes[runtimeURL] = site.manifest.runtime.size;
  const served = site.manifest.runtime.snapshot;
  return {
    indexURL,
    packages: packageSources(site),
    runtimeURL,
    runtimeSHA256: site.manifest.runtime.sha256,
    pyodideSHA256: site.manifest.pyodide.sha256,
    snapshotScope: siteURL(site, "ardoise-kernel-snapshot/").href,
    servedSnapshot: served ? { ...served, url: siteURL(site, served.url).href } : undefined,
    sizes,
    compressed,
  };
}

/** Whether two starts would load the same Python (sizes aside: they only feed the progress bar). */
type Identity = Omit<RuntimeContent, "sizes" | "compressed">;
export function sameRuntime(a: Identity, b: Identity): boolean {
  const identity = (r: Identity) =>
    JSON.stringify([r.indexURL, r.packages, r.runtimeURL, r.runtimeSHA256, r.pyodideSHA256, r.snapshotScope, r.servedSnapshot]);
  return identity(a) === identity(b);
}
