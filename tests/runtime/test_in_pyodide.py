"""The whole runtime test suite, run again inside the real Pyodide the site ships.

It needs Node.js and the ``pyodide`` npm package (``frontend/node_modules``,
installed by the front-end build); without them it is skipped.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PYODIDE = REPO / "frontend" / "node_modules" / "pyodide"
NODE = shutil.which("node")
# pytest and what it imports, copied from this environment: all pure Python.
PYTEST_PACKAGES = (
    "pytest",
    "_pytest",
    "py",
    "pluggy",
    "iniconfig",
    "packaging",
    "pygments",
    "pytest_timeout",
)


def host_location(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None, module
    origin = Path(spec.origin)
    return origin.parent if origin.name == "__init__.py" else origin


def readable(output: str) -> str:
    """The end of the output, without the minified source Node prints on a crash."""
    return "\n".join(line for line in output.splitlines() if len(line) < 1000)[-8000:]


@pytest.mark.skipif(
    NODE is None or not (PYODIDE / "pyodide.mjs").exists(),
    reason="needs Node.js and frontend/node_modules/pyodide (npm install in frontend/)",
)
def test_the_runtime_tests_pass_inside_pyodide(tmp_path: Path) -> None:
    site = "/work/site-packages"
    copy = [
        [str(host_location(name)), f"{site}/{host_location(name).name}"] for name in PYTEST_PACKAGES
    ]
    copy += [
        # What the worker ships: ardoise/__init__.py and ardoise/runtime/ only.
        [str(REPO / "src" / "ardoise" / "__init__.py"), "/work/src/ardoise/__init__.py"],
        [str(REPO / "src" / "ardoise" / "runtime"), "/work/src/ardoise/runtime"],
        [str(REPO / "tests" / "runtime"), "/work/tests/runtime"],
        [str(REPO / "pyproject.toml"), "/work/pyproject.toml"],
    ]
    spec = {
        "copy": copy,
        "cwd": "/work",
        "path": ["/work/src", site],
        # pytest-timeout is loaded by name (plugins are found through installed
        # metadata, which is not copied) and off: Pyodide has no threads to time with.
        "args": [
            "tests/runtime",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "pytest_timeout",
            "-o",
            "timeout=0",
            "--tb=short",
        ],
    }
    spec_file = tmp_path / "spec.json"
    spec_file.write_text(json.dumps(spec))
    assert NODE is not None
    run = subprocess.run(
        [NODE, str(Path(__file__).with_name("pyodide_runner.mjs")), str(PYODIDE), str(spec_file)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    print(readable(run.stdout + run.stderr))  # pytest shows it in full when the test fails
    assert run.returncode == 0
    assert " passed" in run.stdout
