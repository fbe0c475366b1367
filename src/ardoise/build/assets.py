"""Stage 2, assets: the built browser app (HTML pages, hashed scripts and styles)."""

from __future__ import annotations

import logging
import shutil
from importlib.resources import files
from pathlib import Path

from ..errors import ArdoiseError

__all__ = [
    "BYTECODE",
    "PYODIDE",
    "SNAPSHOT",
    "app_not_built",
    "copy_app",
    "locate_app",
    "static_folder",
]

logger = logging.getLogger(__name__)

PYODIDE = "pyodide"
# ardoise.runtime compiled by Pyodide's Python when the package was built.
BYTECODE = "runtime-bytecode"
# Stage 3 copies Pyodide; stage 5 writes sw.js from the built worker.
# The memory snapshot the front-end build made (tools/served-snapshot.mjs).
SNAPSHOT = "snapshot"
LATER_STAGES = {PYODIDE, BYTECODE, SNAPSHOT, "sw.js"}


def static_folder() -> Path:
    """Where this installation keeps the built front end (`ardoise/_static`)."""
    return Path(str(files("ardoise") / "_static"))


def locate_app() -> Path:
    """The built front end, checked; refuses an installation that lacks it."""
    static = static_folder()
    if not (static / "index.html").is_file():
        raise app_not_built(f"no index.html in {static}")
    return static


def app_not_built(detail: str) -> ArdoiseError:
    return ArdoiseError(
        f"the browser app is not built in this installation ({detail}); "
        "reinstall Ardoise with `pip install .` from a source checkout with Node.js 20+"
    )


def copy_app(static: Path, site: Path) -> None:
    """Copy everything in `static` except what later stages write: Pyodide, the service worker."""
    for child in sorted(static.iterdir()):
        if child.name in LATER_STAGES:
            continue
        if child.is_dir():
            shutil.copytree(child, site / child.name, dirs_exist_ok=True)
        else:
            shutil.copy2(child, site / child.name)
    logger.info("Copied the browser app from %s", static)
