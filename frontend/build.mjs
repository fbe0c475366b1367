// Builds the browser app into ../src/ardoise/_static, which the Python wheel ships.
//
//   _static/index.html, notebook.html, accessibility.html   pages, pointing at the hashed bundles
//   _static/assets/*-[hash].js|css      the app, its lazily loaded chunks and the kernel worker
//   _static/pyodide/                    the pinned Pyodide runtime (tools/pyodide-dist.mjs)
//   _static/runtime-bytecode/           ardoise.runtime compiled by Pyodide's Python
//   _static/sw.js                       the service worker; `ardoise build` writes each site's
//                                       sw.js from it, with that build's list of files on top
//
// The worker is built first so that the app can embed its hashed file name.
import * as esbuild from "esbuild";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compileRuntime, compressFolder, preparePyodide } from "./tools/pyodide-dist.mjs";
import { servedSnapshot } from "./tools/served-snapshot.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "ardoise", "_static");
const assets = join(out, "assets");
const production = process.env.ARDOISE_DEV !== "1";

const common = {
  bundle: true,
  format: "esm",
  target: ["es2022"],
  minify: production,
  sourcemap: production ? false : "inline",
  legalComments: "linked",
  logLevel: "warning",
  metafile: true,
  // The browser's HTML parser decodes character references for markdown-it
  // (src/render/entities.ts): the package's own table is 16 KB of every page.
  alias: { entities: "./src/render/entities.ts" },
};

function outputFor(metafile, entry) {
  for (const [file, info] of Object.entries(metafile.outputs)) {
    if (info.entryPoint === entry) return file;
  }
  throw new Error(`esbuild produced no output for ${entry}`);
}

function basename(path) {
  return path.split("/").pop();
}

async function buildWorker() {
  const result = await esbuild.build({
    ...common,
    entryPoints: ["src/kernel/worker.ts"],
    outdir: assets,
    entryNames: "worker-[hash]",
    // Pyodide is not bundled: the worker imports it at run time from the site's
    // configurable Pyodide base URL (self-hosted copy or CDN).
    external: ["pyodide"],
  });
  return basename(outputFor(result.metafile, "src/kernel/worker.ts"));
}

// KaTeX's style sheet and fonts, built on their own so that the app can link
// them (by hashed name) only when a page first shows math.
async function buildMathStyles() {
  const result = await esbuild.build({
    ...common,
    entryPoints: ["src/render/katex.css"],
    outdir: assets,
    entryNames: "katex-[hash]",
    assetNames: "[name]-[hash]",
    loader: { ".woff2": "file", ".woff": "file", ".ttf": "file" },
  });
  return basename(outputFor(result.metafile, "src/render/katex.css"));
}

async function buildApp(workerFile, katexCss) {
  const result = await esbuild.build({
    ...common,
    entryPoints: ["src/main.ts"],
    outdir: assets,
    entryNames: "app-[hash]",
    chunkNames: "chunk-[hash]",
    assetNames: "[name]-[hash]",
    splitting: true,
    define: { __WORKER_FILE__: JSON.stringify(workerFile), __KATEX_CSS__: JSON.stringify(katexCss) },
  });
  const output = outputFor(result.metafile, "src/main.ts");
  const js = basename(output);
  const css = result.metafile.outputs[output].cssBundle;
  // Each page's modules, named in its HTML: the browser fetches them all at once
  // instead of level by level as each one's imports come to light.
  const preload = {};
  for (const [page, module] of Object.entries(PAGE_MODULES)) {
    const modules = staticImports(result.metafile, [output, outputFor(result.metafile, module)]);
    modules.delete(output); // the page's script itself
    preload[page] = [...modules].map(basename).sort();
  }
  return { js, css: css ? basename(css) : null, preload };
}

/** The code each page imports at once: the app's entry, and the page's own module. */
const PAGE_MODULES = {
  notebook: "src/pages/notebook.ts",
  index: "src/pages/list.ts",
  accessibility: "src/pages/accessibility.ts",
};

/** The outputs `roots` need before they run: themselves and their static imports, transitively. */
function staticImports(metafile, roots) {
  const found = new Set();
  const visit = (file) => {
    if (found.has(file)) return;
    found.add(file);
    for (const { path, kind } of metafile.outputs[file].imports) {
      if (kind === "import-statement" && path.endsWith(".js")) visit(path);
    }
  };
  roots.forEach(visit);
  return found;
}

// A classic script at a fixed name: the browser finds a site's worker at sw.js,
// and a new build changes that file's bytes through the list written on top.
async function buildServiceWorker() {
  await esbuild.build({
    ...common,
    format: "iife",
    entryPoints: ["src/sw/main.ts"],
    outfile: join(out, "sw.js"),
    metafile: false,
  });
}

// On a notebook page, before the app's code has arrived: Python's worker starts
// loading, and the site's manifest and index are requested (src/early.ts takes them).
// A classic inline script, so that nothing waits for the app's bundle, and put
// before the stylesheet: a script after a stylesheet waits for it to arrive.
function earlyScript(workerFile) {
  const worker = JSON.stringify(`assets/${workerFile}`);
  return `<script>(function () {
  var query = location.search;
  if (/[?&]view=(latest|submitted)(&|$)/.test(query) || typeof Worker === "undefined") return;
  try {
    var get = function (name) { return fetch(name, { cache: "no-cache" }); };
    var worker = new Worker(${worker}, { type: "module", name: "ardoise-kernel" });
    window.ardoiseEarly = { worker: worker, manifest: get("site.json"), index: get("contents.json") };
    // The course's notebook, as the page will ask for it (contentURL in site.ts, under
    // the usual content root); not for a live session's newcomer, who gets it from the others.
    var params = new URLSearchParams(query);
    var path = params.get("path");
    if (path && !params.has("live") && !params.has("copy")) {
      var url = new URL("contents/" + path.split("/").map(encodeURIComponent).join("/"), location.href).href;
      window.ardoiseEarly.notebook = { url: url, response: get(url) };
      window.ardoiseEarly.notebook.response.catch(function () {});
    }
    // The manifest, to the worker at once: Python starts before the app's code
    // arrives (PrestartMessage in kernel/runtime-content.ts). The app reads the
    // same response later; this reads a copy, taken before it does.
    window.ardoiseEarly.manifest.then(function (response) {
      if (!response.ok) return;
      return response.clone().text().then(function (text) {
        worker.postMessage({ ardoise_prestart: text, page: location.href });
      });
    }).catch(function () {});
    window.ardoiseEarly.index.catch(function () {});
  } catch (error) {
    window.ardoiseEarly = undefined;
  }
})();</script>
`;
}

async function writePages({ js, css, preload }, workerFile) {
  const template = await readFile(join(here, "src", "page.html"), "utf8");
  for (const page of ["index", "notebook", "accessibility"]) {
    const links = preload[page].map((file) => `<link rel="modulepreload" href="assets/${file}">\n`).join("");
    const html = template
      .replaceAll("{{page}}", page)
      .replaceAll("{{early}}", page === "notebook" ? earlyScript(workerFile) : "")
      .replaceAll("{{preload}}", links)
      .replaceAll("{{app}}", `assets/${js}`)
      .replaceAll("{{css}}", css ? `assets/${css}` : "");
    await writeFile(join(out, `${page}.html`), html);
  }
}

await rm(out, { recursive: true, force: true });
await mkdir(assets, { recursive: true });
const workerFile = await buildWorker();
const app = await buildApp(workerFile, await buildMathStyles());
await writePages(app, workerFile);
await buildServiceWorker();
// Compressed once here rather than by every course author's `ardoise build`.
await compressFolder(out);
await preparePyodide(join(out, "pyodide"));
await compileRuntime(join(out, "runtime-bytecode"));
await servedSnapshot(out);
console.log(`Built the browser app into ${out}`);
