/// <reference lib="webworker" />
// The kernel: Pyodide in a dedicated Web Worker, speaking Jupyter-shaped messages.
// The Python side is the `ardoise.runtime` package; this file only boots it and
// relays messages. Only kernel/client.ts talks to this worker.
import type { PyodideAPI } from "pyodide";
import type { PyProxy } from "pyodide/ffi";
import {
  isRequest,
  makeMessage,
  makeReply,
  type BootContent,
  type CompleteReplyContent,
  type InspectReplyContent,
  type ExecuteReplyContent,
  type FileOps,
  type FromWorker,
  type Header,
  type KernelStatus,
  type PackageSources,
  type Request,
} from "./protocol";
import { applyFileOps, watchFiles } from "./files";
import { CellPackages, lockOptions, type CellNeeds } from "./packages";
import { deathOf } from "./death";
import { blockingInput } from "./stdin";
import { DownloadProgress } from "./progress";
import { prefetchRuntime } from "./prefetch";
import { isPrestart, runtimeContent, sameRuntime, type PrestartMessage, type RuntimeContent } from "./runtime-content";
import type { SiteManifest } from "../site";
import { unpackStoredZip } from "./stored-zip";
import {
  fetchServedSnapshot,
  keepServedSnapshot,
  makeSnapshot,
  resumeFromSnapshot,
  savedSnapshot,
  scheduleSnapshot,
  snapshotKey,
  startPython,
  type LoadPyodide,
  type SavedSnapshot,
} from "./snapshot";

declare const self: DedicatedWorkerGlobalScope;

/** Python's view of the course: the content folder is mounted here. */
const DRIVE = "/drive";

interface PyKernel extends PyProxy, CellNeeds {
  execute(code: string): PyProxy;
  complete(code: string, cursorPos: number): PyProxy;
  inspect(code: string, cursorPos: number, detailLevel: number): PyProxy;
  execution_count: number;
}

let pyodide: PyodideAPI | null = null;
let kernel: PyKernel | null = null;
let packages: CellPackages | null = null;
let session = "";
let parent: Partial<Header> = {};
let interruptBuffer: Int32Array | null = null;
/** Execute requests sent up to this time are aborted (set when a cell fails). */
let abortSentBefore = 0;

function send(message: FromWorker): void {
  self.postMessage(message);
}

function iopub<T extends FromWorker["header"]["msg_type"]>(msg_type: T, content: unknown): void {
  send(makeMessage(msg_type, content, parent, "iopub", session) as FromWorker);
}

/** The stage of the start, for the progress messages. */
let stage = "runtime";

function status(execution_state: KernelStatus, detail?: string): void {
  if (execution_state === "starting" && detail) stage = detail;
  iopub("status", detail === undefined ? { execution_state } : { execution_state, detail });
}

function toJs(value: unknown): unknown {
  const proxy = value as PyProxy | undefined;
  if (proxy && typeof proxy.toJs === "function") {
    const converted = proxy.toJs({ dict_converter: Object.fromEntries, create_pyproxies: false });
    proxy.destroy();
    return converted;
  }
  return value;
}

// --- boot, as a list of named stages ---

/** Imports Pyodide's loader; a function that starts a Python with the given extra options. */
async function loadRuntime(indexURL: string, sources?: PackageSources): Promise<LoadPyodide> {
  const lock = sources ? lockOptions(indexURL, sources) : {}; // requested while the loader arrives
  const { loadPyodide } = (await import(/* @vite-ignore */ `${indexURL}pyodide.mjs`)) as {
    loadPyodide: (options: Record<string, unknown>) => Promise<PyodideAPI>;
  };
  return (options) => Promise.race([loadPyodide({ indexURL, ...lock, ...options }), missingRuntimeFile(indexURL)]);
}

/** The files without which Pyodide cannot start. */
const RUNTIME_FILES = ["pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"];

/**
 * Rejects when a runtime file is missing. Pyodide's loader only logs such a
 * failure and never settles, which would leave the student waiting forever.
 * The check runs beside the load, so it costs no time when all is well.
 */
function missingRuntimeFile(indexURL: string): Promise<never> {
  return new Promise<never>((_, reject) => {
    for (const file of RUNTIME_FILES) {
      fetch(`${indexURL}${file}`, { method: "HEAD" }).then(
        (response) => {
          if (!response.ok) reject(new Error(`${file}: HTTP ${response.status}`));
        },
        () => undefined, // offline: the load itself may still succeed from a cache
      );
    }
  });
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function installArdoiseRuntime(py: PyodideAPI, download: Promise<Uint8Array>): Promise<void> {
  status("starting", "packages");
  const archive = await download;
  const sitePackages = py.runPython("import sysconfig; sysconfig.get_paths()['purelib']") as string;
  if (!unpackStoredZip(py.FS as Parameters<typeof unpackStoredZip>[0], archive, sitePackages)) {
    py.unpackArchive(archive, "zip", { extractDir: sitePackages });
  }
}

/** Where the packages downloaded on their first import are (ardoise.runtime.on_use). */
function locateOnUse(py: PyodideAPI, urls: Record<string, string>): void {
  const mapping = py.toPy(urls);
  try {
    (py.pyimport("ardoise.runtime.on_use") as unknown as { locate(urls: unknown): void }).locate(mapping);
  } finally {
    mapping.destroy();
  }
}

async function mountContents(py: PyodideAPI, files: BootContent["files"]): Promise<void> {
  status("starting", "files");
  const fs = py.FS as {
    mkdirTree(path: string): void;
    writeFile(path: string, data: Uint8Array): void;
  };
  fs.mkdirTree(DRIVE);
  const downloads = files.map(async ({ path, url }) => ({ path, data: await fetchBytes(url) }));
  for (const { path, data } of await Promise.all(downloads)) {
    const target = `${DRIVE}/${path}`;
    fs.mkdirTree(target.slice(0, target.lastIndexOf("/")));
    fs.writeFile(target, data);
  }
}

/** What answers input() in Python: the app, through the shared stdin buffer when there is one. */
function inputRequester(buffer: SharedArrayBuffer | null | undefined) {
  // Not cross-origin isolated: input() raises an error that says why. undefined, not
  // null: Pyodide turns null into `jsnull`, undefined into None.
  if (!buffer) return undefined;
  return blockingInput({
    buffer,
    interrupt: interruptBuffer,
    send: (content, request) => {
      const message = makeMessage("input_request", content, parent, "stdin", session);
      message.metadata = { stdin_request: request };
      send(message);
    },
  });
}

function startKernel(py: PyodideAPI, cwd: string, stdin: SharedArrayBuffer | null | undefined, language: string | undefined): PyKernel {
  const directory = cwd ? `${DRIVE}/${cwd}` : DRIVE;
  (py.FS as { mkdirTree(path: string): void }).mkdirTree(directory);
  const runtime = py.pyimport("ardoise.runtime") as PyProxy & {
    Kernel: { callKwargs(...args: unknown[]): PyKernel };
  };
  const publish = (msgType: string, content: unknown): void => {
    iopub(msgType as FromWorker["header"]["msg_type"], toJs(content));
  };
  const created = runtime.Kernel.callKwargs(publish, {
    cwd: directory,
    request_input: inputRequester(stdin),
    language: language ?? null,
  });
  runtime.destroy();
  return created;
}

/** A start of Python under way: its downloads, its progress, and Python once it runs. */
interface Start {
  runtime: RuntimeContent;
  progress: DownloadProgress;
  runtimeZip: Promise<Uint8Array>;
  python: Promise<{ py: PyodideAPI; start: "snapshot" | "served" | "fresh"; note?: string; key: string | null }>;
  /** The site's snapshot, when this start downloads it (none saved yet). */
  served: Promise<SavedSnapshot | null>;
}

/**
 * Downloads and starts Python: from this browser's snapshot when it has one,
 * else from the site's if its download is quick enough, else afresh.
 */
function startRuntime(runtime: RuntimeContent): Start {
  performance.mark("ardoise:start");
  const progress = new DownloadProgress(runtime.sizes, runtime.compressed);
  // Downloaded while Pyodide loads, not after.
  const runtimeZip = fetchBytes(runtime.runtimeURL);
  runtimeZip.catch(() => undefined); // reported where it is awaited
  const prefetched = prefetchRuntime(runtime.indexURL); // through the count's fetch: after it
  // A snapshot saved by an earlier visit, read while Pyodide's loader arrives;
  // with none, the site's, if it has one, downloaded beside Pyodide's files.
  const key = snapshotKey(runtime);
  const saved = key.then(savedSnapshot);
  const served = saved.then(async (found) => {
    if (found || !runtime.servedSnapshot) return null;
    return fetchServedSnapshot(runtime.servedSnapshot, await key, () => progress.transferred());
  });
  const python = (async () => {
    const [load, snapshot] = await Promise.all([
      loadRuntime(runtime.indexURL, runtime.packages),
      Promise.all([saved, served]).then(([found, site]) => found ?? site),
    ]);
    // Pyodide's loader runs twice only if it gives the site's snapshot up.
    if (snapshot?.served) snapshot.bytes.then(prefetched.release, () => undefined);
    else prefetched.release();
    try {
      return { ...(await startPython(load, snapshot)), key: await key };
    } finally {
      prefetched.release();
    }
  })();
  python.catch(() => undefined); // reported by the boot that awaits it
  return { runtime, progress, runtimeZip, python, served };
}

/** Python started from the manifest before the boot request came, until a boot takes it. */
let prestarted: Start | null = null;
let booting = false;

/**
 * The notebook page's inline script hands over `site.json` as soon as it
 * arrives: Python starts while the app's code is still downloading and
 * running. The boot request then finds it under way (or, should it name
 * another runtime, starts its own).
 */
function prestart(message: PrestartMessage): void {
  if (booting || prestarted) return;
  try {
    const manifest = JSON.parse(message.ardoise_prestart) as SiteManifest;
    prestarted = startRuntime(runtimeContent({ manifest, base: new URL(".", message.page) }));
  } catch (error) {
    console.warn("ardoise: Python will start with the page's boot request.", error);
  }
}

function takePrestarted(content: BootContent): Start | null {
  const start = prestarted;
  prestarted = null;
  if (start && sameRuntime(start.runtime, content)) return start;
  start?.progress.stop(); // before another count wraps fetch in turn
  return null;
}

async function boot(request: Extract<Request, { header: Header<"ardoise_boot_request"> }>): Promise<void> {
  const content = request.content;
  booting = true;
  status("starting", "runtime");
  const { progress, runtimeZip, python, served } =
    takePrestarted(content) ?? startRuntime({ ...content, sizes: content.sizes ?? {}, compressed: content.compressed ?? {} });
  if (content.sizes) progress.listen((loaded, total) => iopub("ardoise_progress", { stage, loaded, total }), content.sizes);
  try {
    const { py, start, note, key } = await python;
    performance.mark("ardoise:python");
    await Promise.all([installArdoiseRuntime(py, runtimeZip), mountContents(py, content.files)]);
    performance.mark("ardoise:installed");
    if (content.onUse) locateOnUse(py, content.onUse);
    if (content.overlay) applyFileOps(py, DRIVE, content.overlay);
    if (start !== "fresh") resumeFromSnapshot(py);
    progress.stop();
    interruptBuffer = content.interruptBuffer ?? null;
    if (interruptBuffer) py.setInterruptBuffer(interruptBuffer);
    kernel = startKernel(py, content.cwd, content.stdinBuffer, content.language);
    packages = new CellPackages(py, content.packages);
    pyodide = py;
    performance.mark("ardoise:kernel");
    const version = py.runPython("import sys; sys.version.split()[0]") as string;
    const reply = { status: "ok" as const, pyodide_version: py.version, python_version: version, start, start_note: note };
    send(makeReply("ardoise_boot_reply", reply, request));
    status("idle");
    if (start === "fresh") scheduleSnapshot(content, key);
    const site = await served;
    if (start === "served" && site && content.snapshotScope) keepServedSnapshot(site, content.snapshotScope);
  } catch (error) {
    progress.stop();
    const evalue = error instanceof Error ? error.message : String(error);
    send(makeReply("ardoise_boot_reply", { status: "error", evalue }, request));
    iopub("status", { execution_state: "dead", detail: evalue, reason: "boot" });
  }
}

/** In a helper worker (see snapshot.ts): make and save a memory snapshot, then reply. */
async function snapshot(request: Extract<Request, { header: Header<"ardoise_snapshot_request"> }>): Promise<void> {
  const { indexURL, runtimeURL } = request.content;
  try {
    const load = await loadRuntime(indexURL);
    const bytes = await makeSnapshot(request.content, load, (py) => installArdoiseRuntime(py, fetchBytes(runtimeURL)));
    send(makeReply("ardoise_snapshot_reply", { status: "ok", bytes }, request));
  } catch (error) {
    // A kernel without a snapshot still works: it starts afresh next time too.
    console.warn("ardoise: no Python snapshot could be made.", error);
    send(makeReply("ardoise_snapshot_reply", { status: "error", evalue: String(error) }, request));
  }
}

async function execute(request: Extract<Request, { header: Header<"execute_request"> }>): Promise<void> {
  status("busy");
  // The page clears a Stop pressed while nothing ran (KernelClient.execute): clearing
  // it here would lose a Stop pressed after the page sent this cell but before it started.
  let reply: ExecuteReplyContent;
  if (!kernel || Date.parse(request.header.date) <= abortSentBefore) {
    // As in Jupyter, cells queued before an error (or a Stop) do not run.
    reply = { status: "aborted", execution_count: null };
  } else {
    iopub("execute_input", { code: request.content.code, execution_count: kernel.execution_count + 1 });
    try {
      // Packages load before the cell runs: Python cannot wait for a download.
      await packages?.prepare(kernel, request.content.code, (text) => iopub("stream", { name: "stderr", text }));
      reply = toJs(kernel.execute(request.content.code)) as ExecuteReplyContent;
    } catch (error) {
      // The runtime reports the user's errors itself; reaching this means the
      // interpreter itself failed (its stack overflowed, it aborted…), so the
      // kernel is gone. The status goes first: the app reads it with the reply.
      kernel = null;
      const { reason, detail } = deathOf(error);
      iopub("status", { execution_state: "dead", detail, reason });
      send(makeReply("execute_reply", { status: "aborted", execution_count: null }, request));
      return;
    }
  }
  if (reply.status === "error" && request.content.stop_on_error) abortSentBefore = Date.now();
  send(makeReply("execute_reply", reply, request));
  status("idle");
}

function complete(request: Extract<Request, { header: Header<"complete_request"> }>): void {
  const { code, cursor_pos } = request.content;
  const content = kernel
    ? (toJs(kernel.complete(code, cursor_pos)) as CompleteReplyContent)
    : { status: "error" as const, matches: [], cursor_start: cursor_pos, cursor_end: cursor_pos, metadata: {} };
  send(makeReply("complete_reply", content, request));
}

function inspect(request: Extract<Request, { header: Header<"inspect_request"> }>): void {
  const { code, cursor_pos, detail_level } = request.content;
  const content = kernel
    ? (toJs(kernel.inspect(code, cursor_pos, detail_level)) as InspectReplyContent)
    : { status: "error" as const, found: false, data: {}, metadata: {} };
  send(makeReply("inspect_reply", content, request));
}

/** The user uploaded, edited or deleted files: Python sees them at once. */
function writeFiles(request: Extract<Request, { header: Header<"ardoise_files_request"> }>): void {
  if (pyodide) applyFileOps(pyodide, DRIVE, request.content);
  send(makeReply("ardoise_files_reply", { status: "ok" }, request));
}

function kernelInfo(request: Request): void {
  const version = pyodide ? (pyodide.runPython("import sys; sys.version.split()[0]") as string) : "";
  send(
    makeReply(
      "kernel_info_reply",
      {
        status: "ok",
        protocol_version: "5.3",
        implementation: "ardoise",
        implementation_version: pyodide?.version ?? "",
        language_info: { name: "python", version, mimetype: "text/x-python", file_extension: ".py" },
        banner: `Python ${version} (Pyodide ${pyodide?.version ?? ""}) in your browser`,
      },
      request,
    ),
  );
}

// Requests are handled strictly one after another: an execute sent while the
// kernel boots waits for the boot to finish.
let queue: Promise<void> = Promise.resolve();

self.onmessage = (event: MessageEvent<Request | PrestartMessage>) => {
  if (isPrestart(event.data)) return prestart(event.data);
  const request = event.data;
  queue = queue.then(async () => {
    session = request.header.session;
    parent = request.header;
    try {
      if (isRequest(request, "ardoise_boot_request")) return await boot(request);
      if (isRequest(request, "ardoise_snapshot_request")) return await snapshot(request);
      if (isRequest(request, "execute_request")) {
        const report = (ops: FileOps) => iopub("ardoise_files_changed", ops);
        return await watchFiles(pyodide, DRIVE, () => execute(request), report);
      }
      if (isRequest(request, "ardoise_files_request")) return writeFiles(request);
      if (isRequest(request, "complete_request")) return complete(request);
      if (isRequest(request, "inspect_request")) return inspect(request);
      if (isRequest(request, "kernel_info_request")) return kernelInfo(request);
    } catch (error) {
      // A bug of the worker itself: answer the request rather than leave the app waiting.
      console.error("ardoise kernel worker:", error);
      const evalue = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      const content = { ename: "KernelError", evalue, traceback: [`Internal error of the kernel: ${evalue}`] };
      if (isRequest(request, "execute_request")) iopub("error", content);
      send(makeReply("execute_reply", { status: "error", execution_count: kernel?.execution_count ?? 0, ...content }, request));
      status(kernel ? "idle" : "dead", kernel ? undefined : evalue);
    }
  });
};
