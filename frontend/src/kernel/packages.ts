// Packages for the kernel: Pyodide's distribution (numpy, pandas …) and the
// course's bundled wheels, loaded before a cell runs.
//
// Pyodide's lock file lists the distribution's packages; the course's bundled
// wheels are added to it as entries with absolute URLs, so one loader serves
// both: `import tinypkg` and `import numpy` load the same way, and micropip
// (behind `%pip install`) finds bundled packages there before asking PyPI.
// The wheels of the distribution load from `baseURL` (the CDN by default, or a
// self-hosted copy); the core runtime always comes from the site.
import type { PyodideAPI } from "pyodide";
import type { PyProxy } from "pyodide/ffi";
import type { LockPackage, PackageSources } from "./protocol";

export interface Lockfile {
  info: unknown;
  packages: Record<string, LockPackage>;
}

/** What a cell needs, as the Python runtime tells it (see ardoise.runtime.installs). */
export interface CellNeeds {
  packages_to_install(code: string): PyProxy;
  install_requested(code: string): Promise<unknown>;
  modules_to_load(code: string): PyProxy;
}

/** loadPyodide's options: the site's lock file with the bundled wheels, and where wheels are. */
export function lockOptions(
  indexURL: string,
  sources: PackageSources,
): { lockFileContents: Promise<Lockfile>; packageBaseUrl: string } {
  return { lockFileContents: readLock(indexURL, sources), packageBaseUrl: sources.baseURL };
}

async function readLock(indexURL: string, sources: PackageSources): Promise<Lockfile> {
  const response = await fetch(`${indexURL}pyodide-lock.json`);
  if (!response.ok) throw new Error(`pyodide-lock.json: HTTP ${response.status}`);
  const lock = (await response.json()) as Lockfile;
  return { ...lock, packages: { ...lock.packages, ...sources.bundled } };
}

function strings(value: PyProxy): string[] {
  const list = value.toJs() as string[];
  value.destroy();
  return list;
}

export class CellPackages {
  /** Top-level module name → the package of the lock file that provides it. */
  private readonly providers = new Map<string, string>();

  constructor(
    private readonly py: PyodideAPI,
    private readonly sources: PackageSources,
  ) {
    for (const [name, entry] of Object.entries(py.lockfile.packages)) {
      for (const module of entry.imports) if (!this.providers.has(module)) this.providers.set(module, name);
    }
  }

  /**
   * Install what the cell's `%pip install` lines ask for, then load the packages
   * its imports need. Never throws: a package that cannot be loaded is told in
   * one sentence through `warn`, and the cell runs anyway (it may handle the
   * ImportError itself).
   */
  async prepare(kernel: CellNeeds, code: string, warn: (text: string) => void): Promise<void> {
    try {
      if (strings(kernel.packages_to_install(code)).length > 0) await kernel.install_requested(code);
      await this.loadImports(strings(kernel.modules_to_load(code)), warn);
    } catch (error) {
      warn(`Could not prepare the packages of this cell: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }

  private async loadImports(modules: string[], warn: (text: string) => void): Promise<void> {
    const loaded = this.py.loadedPackages as Record<string, string>;
    const wanted = [...new Set(modules.map((m) => this.providers.get(m)))].filter(
      (name): name is string => name !== undefined && !(name in loaded),
    );
    if (wanted.length === 0) return;
    const reasons = new Map<string, string>();
    let current = "";
    await this.py.loadPackage(wanted, {
      messageCallback: () => undefined,
      errorCallback: (message: string) => {
        // Pyodide says "The following error occurred while loading NAME:", then why.
        const header = /while loading (\S+?):?$/.exec(message.trim());
        if (header) current = header[1]!;
        else if (current) reasons.set(current, message.trim());
      },
    });
    const failed = new Set([...reasons.keys(), ...wanted.filter((name) => !(name in loaded))]);
    for (const name of failed) warn(`${this.failure(name, reasons.get(name))}\n`);
  }

  private failure(name: string, reason = "it did not load"): string {
    const bundled = name in this.sources.bundled;
    const where = bundled ? "this site" : this.sources.baseURL;
    const advice = bundled
      ? "reload the page"
      : "check the network connection, or ask the course's author to host Pyodide's packages with the site (ardoise build --pyodide-dist)";
    return `Could not load the package ${name} from ${where}: ${reason.replace(/\.$/, "")}; ${advice}.`;
  }
}
