// Runs notebook cells with Ardoise's runtime inside Pyodide under Node.js, as the
// site's kernel worker does: the runtime unpacked into site-packages, the
// notebook's folder under /drive as the working directory, one Kernel, cells
// sent one after another with kernel.execute(code), interrupts through a
// SharedArrayBuffer, and no prompt() for input().
//
// usage: node run_notebook.mjs SPEC_JSON
// SPEC_JSON: {"pyodide": dir, "runtime": [[host, relative_to_site_packages], ...],
//             "folder": [host_dir, "/drive/name"], "cells": [code, ...],
//             "timeout": seconds, "max_output": characters, "probe": [module, ...]}
// Prints one JSON object a line: {"probe": {...}} when asked, then
// {"cell": i, "messages": [[msg_type, content], ...], "reply": {...}, "timed_out": bool}
// for each cell, and last {"versions": {...}}.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";

const SIGINT = 2;

if (isMainThread) {
  // The clock runs here: Python holds the worker's thread while a cell runs.
  const spec = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  const interrupt = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(new URL(import.meta.url), { workerData: { spec, interrupt } });
  let timer, again, deadline, timedOut = false;
  worker.on("message", (message) => {
    if ("started" in message) {
      timedOut = false;
      timer = setTimeout(() => {
        timedOut = true;
        Atomics.store(interrupt, 0, SIGINT);
        // Again every second, as a student presses Stop again: an interrupt
        // that lands in code that catches it (a print's own machinery, under
        // load) is otherwise lost, and the cell runs on.
        again = setInterval(() => Atomics.store(interrupt, 0, SIGINT), 1000);
        // A cell that ignores KeyboardInterrupt: give up on the kernel, as a
        // student would restart it.
        deadline = setTimeout(() => {
          process.stdout.write(JSON.stringify({ cell: message.started, dead: "did not stop when interrupted" }) + "\n");
          worker.terminate();
        }, 30_000);
      }, spec.timeout * 1000);
      return;
    }
    clearTimeout(timer);
    clearInterval(again);
    clearTimeout(deadline);
    if ("cell" in message) message.timed_out = timedOut;
    process.stdout.write(JSON.stringify(message) + "\n");
  });
  worker.on("error", (error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
} else {
  const { spec, interrupt } = workerData;
  const { loadPyodide } = await import(pathToFileURL(path.join(spec.pyodide, "pyodide.mjs")).href);
  const py = await loadPyodide({ indexURL: spec.pyodide + path.sep });
  // A Web Worker has no prompt(): Pyodide's default stdin fails there, and so here.
  py.setStdin({
    stdin: () => {
      throw new ReferenceError("prompt is not defined");
    },
  });
  py.setInterruptBuffer(interrupt);

  const copy = (source, target) => {
    if (fs.statSync(source).isDirectory()) {
      py.FS.mkdirTree(target);
      for (const entry of fs.readdirSync(source)) {
        if (entry !== "__pycache__") copy(path.join(source, entry), `${target}/${entry}`);
      }
    } else {
      py.FS.mkdirTree(path.posix.dirname(target));
      py.FS.writeFile(target, fs.readFileSync(source));
    }
  };
  const sitePackages = py.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
  for (const [source, target] of spec.runtime) copy(source, `${sitePackages}/${target}`);
  const [folder, cwd] = spec.folder;
  copy(folder, cwd);

  let messages = [];
  let written = 0;
  const publish = (msgType, proxy) => {
    const content = proxy.toJs({ dict_converter: Object.fromEntries, create_pyproxies: false });
    proxy.destroy();
    if (msgType === "stream") {
      // The same cap as the reference's: keep max_output characters, then interrupt.
      const room = spec.max_output - written;
      written += content.text.length;
      if (room <= 0) return;
      if (content.text.length >= room) {
        content.text = content.text.slice(0, room);
        Atomics.store(interrupt, 0, SIGINT);
      }
    }
    messages.push([msgType, content]);
  };
  const runtime = py.pyimport("ardoise.runtime");
  const kernel = runtime.Kernel.callKwargs(publish, { cwd });

  if (spec.probe?.length) {
    py.globals.set("probe_json", JSON.stringify(spec.probe));
    const found = py.runPython(`
import importlib.util, json
def found(name):
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False
json.dumps({name: found(name) for name in json.loads(probe_json)})
`);
    parentPort.postMessage({ probe: JSON.parse(found) });
  }

  for (const [index, code] of spec.cells.entries()) {
    Atomics.store(interrupt, 0, 0);
    messages = [];
    written = 0;
    parentPort.postMessage({ started: index });
    let reply;
    try {
      const result = kernel.execute(code);
      reply = result.toJs({ dict_converter: Object.fromEntries, create_pyproxies: false });
      result.destroy();
    } catch (error) {
      // The interpreter itself failed: the kernel is gone, as in the site's worker.
      const evalue = error instanceof Error ? error.message.split("\n").slice(-2).join(" ") : String(error);
      parentPort.postMessage({ cell: index, messages, dead: evalue });
      break;
    }
    parentPort.postMessage({ cell: index, messages, reply });
  }
  const python = py.runPython("import sys; sys.version.split()[0]");
  parentPort.postMessage({ versions: { pyodide: py.version, python } });
}
