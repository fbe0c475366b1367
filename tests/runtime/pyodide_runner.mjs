// Runs pytest inside Pyodide under Node.js, on the files the test passes in.
// usage: node pyodide_runner.mjs PYODIDE_DIR SPEC_JSON
// SPEC_JSON: {"copy": [[host_path, pyodide_path], ...], "cwd": str, "path": [str], "args": [str]}
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, specFile] = process.argv.slice(2);
const spec = JSON.parse(fs.readFileSync(specFile, "utf8"));
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL: pyodideDir + path.sep });

function copy(source, target) {
  if (fs.statSync(source).isDirectory()) {
    py.FS.mkdirTree(target);
    for (const entry of fs.readdirSync(source)) {
      if (entry !== "__pycache__") copy(path.join(source, entry), `${target}/${entry}`);
    }
  } else {
    py.FS.mkdirTree(path.posix.dirname(target));
    py.FS.writeFile(target, fs.readFileSync(source));
  }
}
for (const [source, target] of spec.copy) copy(source, target);

py.globals.set("spec_json", JSON.stringify(spec));
try {
  process.exitCode = py.runPython(`
import json, os, sys
spec = json.loads(spec_json)
os.chdir(spec["cwd"])
sys.path[:0] = spec["path"]
import pytest
int(pytest.main(spec["args"]))
`);
} catch (error) {
  // Only the message (a Python traceback for a PythonError): an uncaught error
  // would print Pyodide's whole minified source. exitCode, not exit(), lets
  // the output drain to the pipe.
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
