// What the notebook page's inline script started before the app's code arrived
// (see earlyScript in build.mjs): Python's worker, the site's manifest and
// index, and the notebook the page shows, in flight. Each is taken once; later
// loads make their own.

interface Early {
  worker?: Worker;
  manifest?: Promise<Response>;
  index?: Promise<Response>;
  /** The notebook named by the page's `path`, from the usual content root. */
  notebook?: { url: string; response: Promise<Response> };
}

function early(): Early | undefined {
  return (globalThis as { ardoiseEarly?: Early }).ardoiseEarly;
}

/** The kernel worker the page started, if it did and nobody took it yet. */
export function takeEarlyWorker(): Worker | null {
  const found = early();
  const worker = found?.worker ?? null;
  if (found) delete found.worker;
  return worker;
}

/** The response the page requested for the site's manifest ("manifest") or index ("index"), once. */
export function takeEarlyResponse(name: "manifest" | "index"): Promise<Response> | null {
  const found = early();
  const response = found?.[name] ?? null;
  if (found) delete found[name];
  return response;
}

/** The response the page requested for the notebook at `url`, once; null if it asked for another. */
export function takeEarlyNotebook(url: string): Promise<Response> | null {
  const found = early();
  const notebook = found?.notebook;
  if (found) delete found.notebook;
  return notebook?.url === url ? notebook.response : null;
}
