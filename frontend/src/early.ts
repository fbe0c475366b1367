// What the notebook page's inline script started before the app's code arrived
// (see earlyScript in build.mjs): Python's worker and the site's manifest and
// index, in flight. Each is taken once; later loads make their own.

interface Early {
  worker?: Worker;
  manifest?: Promise<Response>;
  index?: Promise<Response>;
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
