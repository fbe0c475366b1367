"""Builds the browser app into src/ardoise/_static when the wheel is built.

`pip install .` (and `pip install -e .`) on a machine with Node.js 20+ therefore
yields a working `ardoise` command with the app and the pinned Pyodide inside.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class FrontendBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        frontend = root / "frontend"
        static = root / "src" / "ardoise" / "_static"
        if not (frontend / "package.json").exists():
            # Building from an sdist that already carries the built app.
            if (static / "index.html").exists():
                return
            raise RuntimeError("frontend/ is missing and the app is not built")
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError(
                "Building Ardoise needs Node.js 20+ and npm to build its browser app; "
                "install them (e.g. `apt-get install nodejs npm`) and try again."
            )
        self.app.display_info("Building the Ardoise browser app (npm ci, npm run build)…")
        lock = frontend / "package-lock.json"
        installed = frontend / "node_modules" / ".package-lock.json"
        if not installed.exists() or installed.stat().st_mtime < lock.stat().st_mtime:
            subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=frontend, check=True)
        # The served snapshot is made from the runtime zip this Python's code writes.
        env = {**os.environ, "ARDOISE_PYTHON": sys.executable}
        subprocess.run([npm, "run", "build"], cwd=frontend, check=True, env=env)
