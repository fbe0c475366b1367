"""Ardoise's side: a notebook's cells run by `ardoise.runtime` inside Pyodide under Node.js.

`run_notebook.mjs` does what the site's kernel worker does; this module hands
it the notebook and reads back each cell's IOPub messages.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "ArdoiseRun",
    "ArdoiseUnavailable",
    "CellRun",
    "PendingRun",
    "probe_modules",
    "run_in_ardoise",
    "start_in_ardoise",
]

REPO = Path(__file__).resolve().parents[2]
PYODIDE = REPO / "frontend" / "node_modules" / "pyodide"
RUNNER = Path(__file__).with_name("run_notebook.mjs")
# What the site ships to the worker: ardoise/__init__.py and ardoise/runtime/ only.
RUNTIME = [
    (REPO / "src" / "ardoise" / "__init__.py", "ardoise/__init__.py"),
    (REPO / "src" / "ardoise" / "runtime", "ardoise/runtime"),
]


class ArdoiseUnavailable(RuntimeError):
    """Node.js or the pyodide npm package is missing."""


@dataclass
class CellRun:
    """What one cell published, and how it ended."""

    messages: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    timed_out: bool = False
    #: Why the kernel died during this cell, if it did; later cells did not run.
    dead: str | None = None


@dataclass
class ArdoiseRun:
    """A whole notebook's run: one `CellRun` per cell that ran, and the versions used."""

    cells: list[CellRun]
    versions: dict[str, str]
    probe: dict[str, bool]


def _node() -> str:
    node = shutil.which("node")
    if node is None or not (PYODIDE / "pyodide.mjs").exists():
        raise ArdoiseUnavailable(
            "Ardoise's side needs Node.js and frontend/node_modules/pyodide; "
            "run `npm ci` in frontend/ (pip install -e . does it)"
        )
    return node


class PendingRun:
    """A notebook running in Node.js; `result` waits for it."""

    def __init__(self, spec: dict[str, Any], cells: int, timeout: float) -> None:
        self._scratch = tempfile.TemporaryDirectory(prefix="ardoise-run-")
        scratch = Path(self._scratch.name)
        (scratch / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
        # Into files, not pipes: a pipe left unread while the reference runs would fill up.
        self._out = (scratch / "out.jsonl").open("w+", encoding="utf-8")
        self._err = (scratch / "err.txt").open("w+", encoding="utf-8")
        command = [_node(), str(RUNNER), str(scratch / "spec.json")]
        self._process = subprocess.Popen(command, stdout=self._out, stderr=self._err)
        self._limit = 120 + cells * (timeout + 40)

    def result(self) -> ArdoiseRun:
        """Wait for the run to end and read what each cell published."""
        try:
            self._process.wait(timeout=self._limit)
        finally:
            if self._process.poll() is None:
                self._process.kill()
                self._process.wait()
        run = ArdoiseRun(cells=[], versions={}, probe={})
        self._out.seek(0)
        for line in self._out:
            _read(json.loads(line), run)
        self._err.seek(0)
        errors = self._err.read().strip()
        self._out.close()
        self._err.close()
        self._scratch.cleanup()
        if not run.versions and not any(cell.dead for cell in run.cells):
            raise RuntimeError(f"the Ardoise runner failed: {errors[-2000:]}")
        return run


def start_in_ardoise(
    folder: Path,
    cells: list[str],
    *,
    timeout: float,
    max_output: int,
    probe: list[str] | None = None,
) -> PendingRun:
    """Start running ``cells`` in order in one fresh kernel, in a copy of ``folder``.

    The working directory is ``/drive/<folder name>``. A cell is interrupted
    after ``timeout`` seconds, or once its streams pass ``max_output``
    characters (the first ones are kept). ``probe`` names modules to look for
    first (`ArdoiseRun.probe`).
    """
    spec = {
        "pyodide": str(PYODIDE),
        "runtime": [[str(host), target] for host, target in RUNTIME],
        "folder": [str(folder), f"/drive/{folder.name}"],
        "cells": cells,
        "timeout": timeout,
        "max_output": max_output,
        "probe": probe or [],
    }
    return PendingRun(spec, len(cells), timeout)


def run_in_ardoise(
    folder: Path,
    cells: list[str],
    *,
    timeout: float,
    max_output: int,
    probe: list[str] | None = None,
) -> ArdoiseRun:
    """`start_in_ardoise`, then wait for its result."""
    pending = start_in_ardoise(folder, cells, timeout=timeout, max_output=max_output, probe=probe)
    return pending.result()


def _read(message: dict[str, Any], run: ArdoiseRun) -> None:
    if "probe" in message:
        run.probe = message["probe"]
    elif "versions" in message:
        run.versions = message["versions"]
    elif "cell" in message:
        messages = [(kind, content) for kind, content in message.get("messages", [])]
        run.cells.append(CellRun(messages, message.get("timed_out", False), message.get("dead")))


def probe_modules(names: list[str]) -> dict[str, bool]:
    """Which of these top-level modules Ardoise's Pyodide can import (IPython is the runtime's)."""
    with tempfile.TemporaryDirectory(prefix="ardoise-probe-") as empty:
        run = run_in_ardoise(Path(empty), [], timeout=60, max_output=0, probe=names)
    return run.probe
