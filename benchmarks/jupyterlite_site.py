"""Build a self-contained JupyterLite site, offline, for `first_output.py` to measure.

A JupyterLite deployment normally loads Pyodide, and the packages its kernel
needs at start, from a CDN that cannot be reached here. This script builds one
that needs nothing but its own folder, from package registries only:

1. `jupyterlite-core` and `jupyterlite-pyodide-kernel` (pinned below) are
   installed into a throwaway virtual environment;
2. the Pyodide the kernel expects (its `PYODIDE_VERSION`) is taken from npm
   (`npm pack pyodide@VERSION`): runtime, standard library and the full
   distribution's `pyodide-lock.json`;
3. the wheels the kernel loads at start through that lock file (`micropip`,
   IPython and its dependencies, `jedi`) are the ones the lock names, taken
   from PyPI, byte for byte the same when their sha256 matches the lock's
   (every one is checked; a differing one is recorded, and its lock entry
   updated so that Pyodide's integrity check accepts it);
4. the wheels the kernel installs from PyPI at start (`comm`, missing from
   Pyodide's lock) are served by the site's own piplite index instead;
5. `jupyter lite build` copies that Pyodide folder into the site and points the
   kernel at it (`pyodideUrl` in `jupyter-lite.json`);
6. every file gets `.br` and `.gz` copies, as `ardoise build` gives its own, so
   that `ardoise serve` sends JupyterLite compressed too (as a CDN would).

Everything goes under benchmarks/.cache/jupyterlite (git-ignored); a second run
reuses what is there. Prints the site's folder last.

    python benchmarks/jupyterlite_site.py [--out SITE] [--force]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

from ardoise.build.compress import compress_site

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "benchmarks" / ".cache" / "jupyterlite"
JUPYTERLITE_CORE = "0.8.6"
# 0.8.7 needs jupyterlite-core 0.8.7, which PyPI does not have.
PYODIDE_KERNEL = "0.8.6"
PYODIDE = "314.0.6"  # jupyterlite_pyodide_kernel.constants.PYODIDE_VERSION of that release
# What the kernel's worker loads from Pyodide's lock at start (initPackageManager
# and initKernel in @jupyterlite/pyodide-kernel's worker.js), before their dependencies.
FROM_LOCK = ["micropip", "ipython", "jedi"]
# What it installs with piplite that neither its own wheels nor Pyodide's lock
# provide: a CDN deployment fetches these from PyPI when the kernel starts.
FROM_PYPI = {"comm": "0.2.3"}
NPM_FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"]
NPM_FILES += ["pyodide-lock.json", "package.json"]
NOTEBOOK = {
    "cells": [
        {"cell_type": "code", "execution_count": None, "id": "first", "metadata": {},
         "outputs": [], "source": []}
    ],
    "metadata": {
        "kernelspec": {"display_name": "Python (Pyodide)", "language": "python",
                       "name": "python"},
        "language_info": {"name": "python"},
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}  # fmt: skip


def run(*command: str | Path, cwd: Path | None = None) -> None:
    """Run a build step, stopping with its output if it fails."""
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(
            f"{' '.join(str(p) for p in command)} failed:\n{result.stdout}{result.stderr}"
        )


def venv() -> Path:
    """A virtual environment with the pinned JupyterLite; its `bin` folder."""
    env = CACHE / f"venv-{JUPYTERLITE_CORE}-{PYODIDE_KERNEL}"
    done = env / "installed"
    if not done.exists():
        run(sys.executable, "-m", "venv", "--clear", env)
        # The `contents` extra (jupyter-server) indexes the notebook the site opens.
        run(env / "bin" / "python", "-m", "pip", "install", "--quiet",
            f"jupyterlite-core[contents]=={JUPYTERLITE_CORE}",
            f"jupyterlite-pyodide-kernel=={PYODIDE_KERNEL}")  # fmt: skip
        done.write_text("")
    return env / "bin"


def npm_pyodide() -> Path:
    """The files of the `pyodide` npm package of the version the kernel expects."""
    folder = CACHE / f"pyodide-{PYODIDE}-npm"
    if not (folder / "package" / "pyodide.mjs").exists():
        folder.mkdir(parents=True, exist_ok=True)
        run("npm", "pack", "--silent", f"pyodide@{PYODIDE}", cwd=folder)
        with tarfile.open(folder / f"pyodide-{PYODIDE}.tgz") as archive:
            archive.extractall(folder, filter="data")
    return folder / "package"


def closure(lock: dict[str, Any], names: list[str]) -> list[str]:
    """The packages `names` need from the lock, with their dependencies, in order."""
    seen: list[str] = []
    todo = list(names)
    while todo:
        name = todo.pop(0).lower().replace("_", "-")  # the lock's keys are normalised
        if name not in seen:
            seen.append(name)
            todo += lock["packages"][name]["depends"]
    return seen


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def download(requirement: str, into: Path) -> Path:
    """One wheel from PyPI, for Pyodide's Python rather than this one."""
    into.mkdir(parents=True, exist_ok=True)
    before = set(into.iterdir())
    run(sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
        "--only-binary=:all:", "--python-version", "3.14", "--dest", into,
        requirement)  # fmt: skip
    new = set(into.iterdir()) - before
    # pip writes nothing when the wheel is there already: then it is the one named so.
    stem = requirement.replace("-", "_").replace("==", "-").lower() + "-"
    found = new or {p for p in into.glob("*.whl") if p.name.lower().startswith(stem)}
    if len(found) != 1:
        raise SystemExit(f"pip download {requirement} gave {sorted(found)}, not one wheel.")
    return found.pop()


def pyodide_folder(lite: Path) -> list[str]:
    """Assemble lite/static/pyodide; what differs from the CDN's files, one line each."""
    npm = npm_pyodide()
    target = lite / "static" / "pyodide"
    target.mkdir(parents=True, exist_ok=True)
    for name in NPM_FILES:
        shutil.copy(npm / name, target / name)
    lock = json.loads((npm / "pyodide-lock.json").read_text("utf-8"))
    differences = []
    wheels = CACHE / "wheels"
    for name in closure(lock, FROM_LOCK):
        entry = lock["packages"][name]
        wanted = entry["file_name"]
        wheel = wheels / wanted
        if not wheel.exists():
            got = download(f"{entry['name']}=={entry['version']}", wheels)
            if got.name != wanted:
                raise SystemExit(f"PyPI gave {got.name} for {name}, the lock names {wanted}.")
        shutil.copy(wheel, target / wanted)
        digest = sha256(wheel)
        if digest != entry["sha256"]:
            differences.append(f"{wanted}: PyPI's wheel, not Pyodide's build (sha256 differs)")
            entry["sha256"] = digest
    (target / "pyodide-lock.json").write_text(json.dumps(lock), "utf-8")
    return differences


def build(out: Path) -> Path:
    bin_ = venv()
    lite = CACHE / "lite"
    shutil.rmtree(lite, ignore_errors=True)
    differences = pyodide_folder(lite)
    (lite / "files").mkdir(parents=True)
    (lite / "files" / "first.ipynb").write_text(json.dumps(NOTEBOOK, indent=1), "utf-8")
    (lite / "pypi").mkdir()
    for name, version in FROM_PYPI.items():
        shutil.copy(download(f"{name}=={version}", CACHE / "wheels"), lite / "pypi")
    shutil.rmtree(out, ignore_errors=True)
    run(bin_ / "jupyter", "lite", "build", "--lite-dir", lite, "--output-dir", out,
        "--no-sourcemaps", "--no-unused-shared-packages", cwd=lite)  # fmt: skip
    config = json.loads((out / "jupyter-lite.json").read_text("utf-8"))
    settings = config["jupyter-config-data"]["litePluginSettings"]
    url = settings["@jupyterlite/pyodide-kernel-extension:kernel"]["pyodideUrl"]
    if not url.startswith("./"):
        raise SystemExit(f"The kernel still loads Pyodide from {url}, not from the site.")
    # Served as Ardoise's site is (`ardoise serve` sends these by Accept-Encoding), as a
    # CDN would compress it: on the wire, JupyterLite is not charged for raw bytes.
    compress_site(out, ["."])
    (out / "ardoise-benchmark.json").write_text(
        json.dumps(
            {
                "jupyterlite-core": JUPYTERLITE_CORE,
                "jupyterlite-pyodide-kernel": PYODIDE_KERNEL,
                "pyodide": PYODIDE,
                "pyodideUrl": url,
                "from PyPI through piplite": FROM_PYPI,
                "differences from the CDN's Pyodide": differences,
            },
            indent=1,
        ),
        "utf-8",
    )
    return out


def ensure(out: Path, force: bool = False) -> Path:
    """The site in `out`, built unless a complete one is there already."""
    if force or not (out / "ardoise-benchmark.json").exists():
        build(out)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=CACHE / "site", help="the site's folder")
    parser.add_argument("--force", action="store_true", help="rebuild even if it exists")
    args = parser.parse_args()
    print(ensure(args.out, args.force))
    return 0


if __name__ == "__main__":
    sys.exit(main())
