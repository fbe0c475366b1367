/// <reference lib="webworker" />
// Pyodide's big files, requested as soon as the start begins.
//
// Pyodide's loader only asks for its WebAssembly binary and its standard
// library once its own script (`pyodide.mjs`) has arrived and run: one round
// trip and a script's evaluation later than need be. The start requests them
// at once instead, and Pyodide's own request for the same URL is answered with
// that response: the real response of a real request, so that the browser
// still compiles the binary while it streams and keeps the compiled code.
declare const self: DedicatedWorkerGlobalScope;

/** The files of `indexURL` every start of Python downloads (see pyodide.mjs). */
const EARLY_FILES = ["pyodide.asm.wasm", "python_stdlib.zip"];

/**
 * Requests Pyodide's binary, standard library and engine script now; its
 * loader's fetch of each gets the response already under way. Lasts until the
 * start's download count puts the worker's own `fetch` back.
 *
 * Until `release` is called, each fetch gets a copy, and the original is kept
 * for another: a start that gives the site's snapshot up runs Pyodide's loader
 * a second time, and the first run has already asked for the binary. After
 * it, the next fetch of a file gets the original, and copies are no longer kept.
 */
export function prefetchRuntime(indexURL: string): { release(): void } {
  const pending = new Map<string, Promise<Response>>();
  const fetchNow = self.fetch; // the download progress counts through it
  for (const file of EARLY_FILES) {
    const url = new URL(file, indexURL).href;
    const response = fetchNow(url);
    response.catch(() => undefined); // the loader's own fetch reports the failure
    pending.set(url, response);
  }
  // The engine script, a module: importing it now fills the module map that the
  // loader's own import of it reads. Failing here is harmless; the loader's import reports it.
  import(/* @vite-ignore */ new URL("pyodide.asm.mjs", indexURL).href).catch(() => undefined);
  let spare = true;
  const copied = new Set<string>();
  self.fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? null : String(input);
    const plain = !init || Object.keys(init).length === 0;
    const early = url !== null && plain ? pending.get(url) : undefined;
    if (early === undefined) return fetchNow(input, init);
    if (!spare) {
      pending.delete(url!);
      return early;
    }
    copied.add(url!);
    return early.then((response) => response.clone());
  };
  return {
    release() {
      spare = false;
      for (const url of copied) {
        // Nobody reads the original of a copied response: its body would be kept in memory.
        pending.get(url)?.then((response) => response.body?.cancel(), () => undefined);
        pending.delete(url);
      }
      copied.clear();
    },
  };
}
