// The Pyodide runtime as the site serves it, made once per Pyodide release and cached:
//
//   - the browser's files from the npm package, as they are;
//   - python_stdlib.zip repacked by Pyodide's own Python (repack_stdlib.py):
//     uncompressed, with bytecode for the modules the kernel imports to start;
//   - .br and .gz beside each file, so that no course author's build spends
//     minutes compressing 14 MB at brotli's best quality.
//
// The cache lives in the user's cache folder (~/.cache/ardoise), keyed by the
// SHA-256 of the inputs, so a fresh checkout or `npm ci` does not redo it.
import { createHash } from "node:crypto";
import { cp, mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");

// Only what a browser needs from the pyodide package (no Node-only files or source maps).
const PYODIDE_FILES = ["package.json", "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide-lock.json"];
const STDLIB = "python_stdlib.zip";
// Part of the cache key: bump it when what this file makes changes.
const FORMAT = "1";

export function sha256(...parts) {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest("hex");
}

/** Where `what` (a kind of build product) is cached: ~/.cache/ardoise/WHAT. */
export function cacheRoot(what = "pyodide-dist") {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "ardoise", what);
}

/** The gzip and brotli forms of `data`, at their best settings (this runs once per release). */
function compressions(data) {
  return {
    gz: gzipSync(data, { level: 9 }),
    br: brotliCompressSync(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_LGWIN]: 24,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }),
  };
}

async function runtimeSources(folder, prefix = "ardoise") {
  const files = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (entry.name === "__pycache__") continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await runtimeSources(path, `${prefix}/${entry.name}`)));
    else if (entry.name.endsWith(".py")) files.push([`${prefix}/${entry.name}`, path]);
  }
  return files;
}

/** The repacked standard library, made by Pyodide itself under Node. */
async function repackStdlib(pyodideDir) {
  const { py } = await pyodideWithRuntime(pyodideDir, await ardoiseSources());
  py.FS.writeFile("/tmp/repack_stdlib.py", await readFile(join(here, "repack_stdlib.py")));
  py.FS.writeFile("/tmp/source.zip", await readFile(join(pyodideDir, STDLIB)));
  const count = py.runPython(`
import sys
sys.path.insert(0, "/tmp")
import repack_stdlib
repack_stdlib.repack("/tmp/source.zip", "/tmp/target.zip")
`);
  console.log(`Repacked the standard library: bytecode for ${count} start-up modules`);
  return py.FS.readFile("/tmp/target.zip");
}

/**
 * Bytecode of `ardoise.runtime`, compiled by Pyodide's Python where the browser
 * will import it from, so a first visit does not compile the kernel. The files
 * are checked-hash .pyc: a source that changed since is compiled again as
 * usual, so stale bytecode costs time, never correctness. Cached by the hash
 * of the sources.
 */
export async function compileRuntime(target) {
  const pyodideDir = join(here, "..", "node_modules", "pyodide");
  const sources = await ardoiseSources();
  const inputs = [FORMAT, await readFile(join(pyodideDir, "pyodide.asm.wasm"))];
  for (const [name, path] of sources) inputs.push(name, await readFile(path));
  const cache = join(cacheRoot("runtime-bytecode"), sha256(...inputs).slice(0, 16));
  if (!existsSync(join(cache, "complete"))) {
    console.log("Compiling ardoise.runtime with Pyodide's Python…");
    const { py, site } = await pyodideWithRuntime(pyodideDir, sources);
    const compiled = py.runPython(`
import py_compile, sys
from pathlib import Path
out = []
for path in sorted(Path(${JSON.stringify(site)}, "ardoise").rglob("*.py")):
    out.append(py_compile.compile(str(path), doraise=True, invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH))
[str(Path(p).relative_to(${JSON.stringify(site)})) for p in out]
`).toJs();
    await rm(cache, { recursive: true, force: true });
    for (const name of compiled) {
      await mkdir(dirname(join(cache, name)), { recursive: true });
      await writeFile(join(cache, name), py.FS.readFile(`${site}/${name}`));
    }
    await writeFile(join(cache, "complete"), "");
  }
  await rm(target, { recursive: true, force: true });
  await cp(cache, target, { recursive: true, filter: (path) => !path.endsWith("complete") });
}

async function ardoiseSources() {
  return [
    ["ardoise/__init__.py", join(repo, "src", "ardoise", "__init__.py")],
    ...(await runtimeSources(join(repo, "src", "ardoise", "runtime"), "ardoise/runtime")),
  ];
}

/** A Pyodide under Node with ardoise/__init__.py and ardoise/runtime/ in its site-packages. */
async function pyodideWithRuntime(pyodideDir, sources) {
  const { loadPyodide } = await import(pathToFileURL(join(pyodideDir, "pyodide.mjs")).href);
  const py = await loadPyodide({ indexURL: pyodideDir + "/" });
  const site = py.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
  for (const [name, path] of sources) {
    const target = `${site}/${name}`;
    py.FS.mkdirTree(target.slice(0, target.lastIndexOf("/")));
    py.FS.writeFile(target, await readFile(path));
  }
  return { py, site };
}

/** Compressible files of the app (scripts, styles, pages) that shrink by at least a tenth. */
const APP_FILES = /\.(js|mjs|css|html|json|svg|ttf|txt)$/;

/** Writes a .br and a .gz beside every app file in `folder` (not recursing into pyodide/). */
export async function compressFolder(folder) {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "pyodide") await compressFolder(path);
      continue;
    }
    // sw.js is rewritten by every `ardoise build`: a copy compressed here would be stale.
    if (!APP_FILES.test(entry.name) || entry.name === "sw.js") continue;
    const data = await readFile(path);
    if (data.length < 256) continue;
    for (const [suffix, packed] of Object.entries(compressions(data))) {
      if (packed.length <= 0.9 * data.length) await writeFile(`${path}.${suffix}`, packed);
    }
  }
}

/** Writes the served Pyodide files, with their .br and .gz, into `target`. */
export async function preparePyodide(target) {
  const pyodideDir = join(here, "..", "node_modules", "pyodide");
  const inputs = [FORMAT, await readFile(join(here, "repack_stdlib.py"))];
  for (const file of [...PYODIDE_FILES, STDLIB]) inputs.push(file, await readFile(join(pyodideDir, file)));
  const cache = join(cacheRoot(), sha256(...inputs).slice(0, 16));
  if (!existsSync(join(cache, "complete"))) {
    console.log(`Preparing the Pyodide runtime (once per release; cached in ${cache})…`);
    await rm(cache, { recursive: true, force: true });
    await mkdir(cache, { recursive: true });
    const files = new Map();
    for (const file of PYODIDE_FILES) files.set(file, await readFile(join(pyodideDir, file)));
    files.set(STDLIB, await repackStdlib(pyodideDir));
    for (const [file, data] of files) {
      await writeFile(join(cache, file), data);
      if (file === "package.json") continue;
      const { gz, br } = compressions(data);
      await writeFile(join(cache, `${file}.gz`), gz);
      await writeFile(join(cache, `${file}.br`), br);
    }
    await writeFile(join(cache, "complete"), "");
  }
  await mkdir(target, { recursive: true });
  for (const file of await readdir(cache)) {
    if (file !== "complete") await cp(join(cache, file), join(target, file));
  }
}
