// The memory snapshot a site serves to first visits on fast links: Pyodide's
// Python, initialised, with `ardoise.runtime` imported, as WebAssembly memory.
//
// Made under Node from the Pyodide files the site serves (`_static/pyodide/`,
// made just before) and from the runtime zip `ardoise build` writes, which
// tools/runtime_zip.py makes with the package's own code. `snapshot.json`
// records both, so that `ardoise build` ships it only to a site whose runtime
// and Pyodide are those it was made from (ardoise/build/runtime.py).
//
// Cached in ~/.cache/ardoise by the SHA-256 of its inputs, with its .br and .gz
// (brotli takes half a minute on 31 MB).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { cacheRoot, sha256 } from "./pyodide-dist.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
// Part of the cache key: bump it when what this file makes changes.
const FORMAT = "1";
// Emscripten's program name in a browser; under Node it would be this build's script path.
const PROGRAM = "./this.program";

/** The runtime zip, made by the package's own code with the Python that builds the package. */
async function runtimeZip(out) {
  const python = process.env.ARDOISE_PYTHON || "python3";
  const zip = join(tmpdir(), `ardoise-runtime-${process.pid}.zip`);
  try {
    execFileSync(python, [join(here, "runtime_zip.py"), join(repo, "src"), out, zip], { stdio: "inherit" });
    return await readFile(zip);
  } finally {
    await rm(zip, { force: true });
  }
}

/** Pyodide under Node, started in snapshot-making mode, with the runtime zip unpacked and imported. */
async function makeSnapshot(pyodideDir, zip) {
  const { loadPyodide } = await import(pathToFileURL(join(pyodideDir, "pyodide.mjs")).href);
  const py = await loadPyodide({ indexURL: pyodideDir + "/", _makeSnapshot: true, env: { _: PROGRAM } });
  const site = py.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
  py.unpackArchive(new Uint8Array(zip), "zip", { extractDir: site });
  // As in the browser's own (kernel/snapshot.ts): exactly what prepare() imported.
  py.runPython("__import__('ardoise.runtime.snapshot', fromlist=['prepare']).prepare()");
  return py.makeMemorySnapshot();
}

/**
 * Writes `snapshot/` into the built app `out`: the snapshot, its .br and .gz,
 * and `snapshot.json` (its file name, the runtime zip's SHA-256 and the SHA-256
 * of each Pyodide file it was made with).
 */
export async function servedSnapshot(out) {
  const pyodideDir = join(out, "pyodide");
  const zip = await runtimeZip(out);
  const pyodide = {};
  const inputs = [FORMAT, zip];
  for (const name of (await readdir(pyodideDir)).sort()) {
    if (name.endsWith(".br") || name.endsWith(".gz")) continue;
    const data = await readFile(join(pyodideDir, name));
    pyodide[name] = sha256(data);
    inputs.push(name, data);
  }
  const key = sha256(...inputs);
  const file = `python-${key.slice(0, 12)}.snapshot`;
  const cache = join(cacheRoot("served-snapshot"), key.slice(0, 16));
  if (!existsSync(join(cache, "complete"))) {
    console.log("Making the served Python snapshot (cached in", cache + ")…");
    const memory = await makeSnapshot(pyodideDir, zip);
    await rm(cache, { recursive: true, force: true });
    await mkdir(cache, { recursive: true });
    await writeFile(join(cache, file), memory);
    await writeFile(join(cache, `${file}.gz`), gzipSync(memory, { level: 9 }));
    // Quality 10, not 11: 3.6 MB in half a minute, against a few per cent less in four.
    const params = {
      [constants.BROTLI_PARAM_QUALITY]: 10,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: memory.length,
    };
    await writeFile(join(cache, `${file}.br`), brotliCompressSync(memory, { params }));
    await writeFile(join(cache, "complete"), "");
  }
  const target = join(out, "snapshot");
  await rm(target, { recursive: true, force: true });
  await mkdir(target, { recursive: true });
  for (const suffix of ["", ".br", ".gz"]) await cp(join(cache, file + suffix), join(target, file + suffix));
  const runtimeSHA256 = sha256(zip);
  await writeFile(join(target, "snapshot.json"), JSON.stringify({ file, runtimeSHA256, pyodide }, null, 1) + "\n");
}
