/// <reference lib="webworker" />
// Memory snapshots of an initialised Python, made in this browser and kept in
// Cache Storage, so that later visits start in a fraction of the time.
//
// - Made once, after a fresh start, by a short-lived helper worker that starts
//   its own Python with Pyodide's `_makeSnapshot`, imports `ardoise.runtime`
//   and saves the WebAssembly memory. The student's kernel never runs in
//   snapshot-making mode (it wraps every JavaScript global in a proxy).
// - Keyed by the Pyodide folder and the SHA-256 of its files (Pyodide's build
//   and the standard library) and of the runtime zip: a new build of either
//   never meets an old snapshot. Pyodide checks its own build id as well.
// - A snapshot that fails to load is deleted and Python starts afresh: a
//   broken snapshot costs one slower start, never a dead kernel.
// - A first visit, with none saved yet, may start from the site's own snapshot,
//   made when the package was built (tools/served-snapshot.mjs), if it arrives
//   sooner than Python would initialise: its download is given up as soon as
//   its pace says it would not (`fetchServedSnapshot`). A start from it keeps it
//   as this browser's snapshot; the helper worker then has nothing to make.
import type { PyodideAPI } from "pyodide";
import { makeMessage, type BootContent, type SnapshotRequestContent } from "./protocol";
import { compressedOnTheWire } from "./progress";

declare const self: DedicatedWorkerGlobalScope;

/** The Cache Storage cache that holds snapshots (one per site). */
export const SNAPSHOT_CACHE = "ardoise-kernel-snapshots";
/** Bumped when what a snapshot holds, or how it is resumed, changes. */
const FORMAT = "1";
/** Wait this long after the kernel is ready before making or keeping one, to leave the first cells the CPU. */
const AFTER_START_MS = 1500;
/**
 * What a served snapshot may add to a first start, at most: about what
 * initialising Python and importing the runtime take on a recent computer
 * (a slower one takes longer to initialise, so gives up a download it could
 * have afforded, never the reverse).
 */
const SERVED_BUDGET_MS = 1000;
/**
 * How often the pace is judged while no byte arrives. The same timer measures
 * how busy the CPU is: it fires late when the machine is saturated, and a
 * fresh start, which is work for the CPU, would be slower by as much; the
 * budget grows with that lateness, up to MAX_BUSY times.
 */
const TICK_MS = 50;
const MAX_BUSY = 3;
/**
 * How long the start's downloads run before their pace is judged: their
 * first moments are slower (connections opening, the page and the worker
 * busy evaluating their scripts), and would give the snapshot up on links
 * fast enough for it.
 */
const SERVED_SAMPLE_MS = 400;

export type LoadPyodide = (options: Record<string, unknown>) => Promise<PyodideAPI>;

export interface SavedSnapshot {
  /** Where this browser keeps it; null where it cannot keep one (no Cache Storage). */
  key: string | null;
  /** Read while Pyodide fetches and compiles its own files: Pyodide awaits it. */
  bytes: Promise<Uint8Array>;
  /** The site's snapshot, downloaded now, rather than one this browser saved. */
  served?: boolean;
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The Cache Storage URL of this site's snapshot for this Pyodide and runtime; null: none. */
export async function snapshotKey(
  boot: Pick<BootContent, "indexURL" | "runtimeSHA256" | "pyodideSHA256" | "snapshotScope">,
): Promise<string | null> {
  if (!boot.snapshotScope || !boot.runtimeSHA256 || !boot.pyodideSHA256) return null;
  if (typeof caches === "undefined") return null;
  const id = await sha256(`${FORMAT}\n${boot.indexURL}\n${boot.pyodideSHA256}\n${boot.runtimeSHA256}`);
  return `${boot.snapshotScope}${id.slice(0, 32)}.snapshot`;
}

/** This browser's snapshot under `key`, if there is one. */
export async function savedSnapshot(key: string | null): Promise<SavedSnapshot | null> {
  if (!key) return null;
  try {
    const response = await (await caches.open(SNAPSHOT_CACHE)).match(key);
    if (!response) return null;
    const bytes = response.arrayBuffer().then((buffer) => new Uint8Array(buffer));
    bytes.catch(() => undefined); // a read that fails fails the load, which starts afresh
    return { key, bytes };
  } catch {
    return null; // storage unavailable (private mode, quota): start afresh
  }
}

/**
 * The site's snapshot, downloaded now: its bytes, or a rejection as soon as
 * the download's pace says that its remaining compressed bytes would take more
 * than `SERVED_BUDGET_MS` to arrive, or as many times that as the CPU is busy
 * (Python then starts afresh, having lost only the first moments of the
 * download), or if it fails. The pace is that of every download of the start
 * together (`transferred`: the others' bytes on the network): they share the
 * link, and they end before the snapshot.
 */
export function fetchServedSnapshot(
  served: { url: string; size: number; compressed: number },
  key: string | null,
  transferred: () => { bytes: number; since: number | null },
): SavedSnapshot {
  const controller = new AbortController();
  let ratio = served.compressed / served.size;
  let received = 0;
  let firstByte = Infinity;
  let slow = false;
  const ticking = performance.now();
  let ticks = 0;
  let lastTick = ticking;
  // Judged from the first byte of any download on, before the snapshot's own
  // response arrives too (a server slow to answer for it is given up as well).
  const judge = () => {
    const now = performance.now();
    const others = transferred();
    const since = Math.min(others.since ?? Infinity, firstByte);
    if (slow || now - since < SERVED_SAMPLE_MS) return;
    const rate = (others.bytes + received * ratio) / (now - since); // bytes per ms
    const left = ((served.size - received) * ratio) / Math.max(rate, 1e-3);
    const busy = ticks ? Math.min(Math.max((lastTick - ticking) / (ticks * TICK_MS), 1), MAX_BUSY) : 1;
    if (left > SERVED_BUDGET_MS * busy) {
      slow = true;
      controller.abort(new Error(`the site's snapshot would take ${Math.round(left)} ms more to download`));
    }
  };
  const timer = setInterval(() => {
    ticks += 1;
    lastTick = performance.now();
    judge(); // a stalled download is judged too
  }, TICK_MS);
  const bytes = (async () => {
    const response = await fetch(served.url, { signal: controller.signal });
    if (!response.ok || !response.body) throw new Error(`${served.url}: HTTP ${response.status}`);
    if (!compressedOnTheWire(response)) ratio = 1; // a server that does not compress it: 31 MB
    const memory = new Uint8Array(served.size);
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (received + value.byteLength > served.size) throw new Error(`${served.url}: larger than announced`);
      firstByte = Math.min(firstByte, performance.now());
      memory.set(value, received);
      received += value.byteLength;
      judge();
    }
    if (received !== served.size) throw new Error(`${served.url}: ${received} of ${served.size} bytes`);
    return memory;
  })().finally(() => clearInterval(timer));
  bytes.catch(() => undefined); // a failure fails the load, which starts afresh
  return { key, bytes, served: true };
}

/**
 * Starts Python from `snapshot` if it loads, otherwise afresh; which, and why
 * not from the snapshot. A saved snapshot that failed is deleted.
 */
export async function startPython(
  load: LoadPyodide,
  snapshot: SavedSnapshot | null,
): Promise<{ py: PyodideAPI; start: "snapshot" | "served" | "fresh"; note?: string }> {
  if (snapshot) {
    try {
      return { py: await load({ _loadSnapshot: snapshot.bytes }), start: snapshot.served ? "served" : "snapshot" };
    } catch (error) {
      const note = error instanceof Error ? error.message.split("\n")[0] : String(error);
      if (snapshot.served) {
        console.info("ardoise: Python starts afresh:", note);
      } else {
        console.warn("ardoise: the saved Python snapshot could not be used; starting afresh.", error);
        if (snapshot.key) await forgetSnapshot(snapshot.key);
      }
      return { py: await load({}), start: "fresh", note };
    }
  }
  return { py: await load({}), start: "fresh" };
}

/**
 * Brings a Python resumed from a snapshot up to date with this visit (the
 * random seed, the time zone, the language, import caches):
 * `ardoise.runtime.snapshot.resumed`.
 */
export function resumeFromSnapshot(py: PyodideAPI): void {
  // LANG as Emscripten sets it when Python initialises in a browser.
  const lang = `${(self.navigator.languages?.[0] || "C").replace("-", "_")}.UTF-8`;
  py.pyimport("ardoise.runtime.snapshot").resumed(lang);
}

export async function forgetSnapshot(key: string): Promise<void> {
  try {
    await (await caches.open(SNAPSHOT_CACHE)).delete(key);
  } catch {
    // nothing to forget
  }
}

/**
 * After a start from the site's snapshot: keep it as this browser's, for the
 * next visits, in a moment (writing 31 MB to storage competes with the first cells).
 */
export function keepServedSnapshot(snapshot: SavedSnapshot, scope: string): void {
  const key = snapshot.key;
  if (!key) return;
  setTimeout(async () => {
    try {
      await saveSnapshot(await snapshot.bytes, key, scope);
    } catch (error) {
      console.warn("ardoise: the Python snapshot could not be kept.", error);
    }
  }, AFTER_START_MS);
}

/** After a fresh start: make and save a snapshot in a helper worker, in the background. */
export function scheduleSnapshot(boot: BootContent, key: string | null): void {
  if (!key || !boot.snapshotScope || typeof Worker === "undefined") return;
  const content: SnapshotRequestContent = {
    indexURL: boot.indexURL,
    runtimeURL: boot.runtimeURL,
    key,
    scope: boot.snapshotScope,
  };
  setTimeout(() => {
    const helper = new Worker(self.location.href, { type: "module", name: "ardoise-snapshot" });
    const stop = () => helper.terminate();
    // The helper also reports its status as it starts; only its reply ends it.
    helper.onmessage = (event: MessageEvent<{ channel?: string }>) => {
      if (event.data.channel === "shell") stop();
    };
    helper.onerror = stop;
    helper.postMessage(makeMessage("ardoise_snapshot_request", content, {}, "shell", "snapshot"));
  }, AFTER_START_MS);
}

/** In the helper worker: a fresh Python with the runtime imported, saved as a snapshot. */
export async function makeSnapshot(
  content: SnapshotRequestContent,
  load: LoadPyodide,
  install: (py: PyodideAPI) => Promise<void>,
): Promise<number> {
  const py = await load({ _makeSnapshot: true });
  await install(py);
  // Without binding a name in __main__: the snapshot holds exactly what prepare() imported.
  py.runPython("__import__('ardoise.runtime.snapshot', fromlist=['prepare']).prepare()");
  const bytes = py.makeMemorySnapshot();
  await saveSnapshot(bytes, content.key, content.scope);
  return bytes.byteLength;
}

async function saveSnapshot(bytes: Uint8Array, key: string, scope: string): Promise<void> {
  const cache = await caches.open(SNAPSHOT_CACHE);
  // One snapshot per site: older ones (an earlier build) only take space.
  for (const request of await cache.keys()) {
    if (request.url.startsWith(scope) && request.url !== key) await cache.delete(request);
  }
  const headers = { "Content-Type": "application/octet-stream", "Content-Length": String(bytes.byteLength) };
  const body = new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
  await cache.put(key, new Response(body, { headers }));
}
