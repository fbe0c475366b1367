"""pip, asked for the pure-Python wheels of a requirements file, as Pyodide would install them.

pip downloads for another platform with ``--platform any --only-binary=:all:``
and the Python version of Pyodide. Packages of Pyodide's own distribution
(numpy, pandas …) have no such wheel and must not be bundled: pip is given a
folder of empty stand-in wheels for them, pinned to the distribution's versions
by a constraints file, so it resolves them without downloading anything.
"""

from __future__ import annotations

import importlib.util
import logging
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

from ..errors import ArdoiseError
from .pipreport import explain_failure

__all__ = ["download_wheels"]

logger = logging.getLogger(__name__)


def download_wheels(
    requirements: Path,
    destination: Path,
    *,
    python: str,
    provided: Mapping[str, str],
    pinned: Mapping[str, str] | None = None,
) -> list[Path]:
    """Download the wheels that `requirements` and `pinned` need into `destination`.

    `provided` maps the packages of Pyodide's distribution to their versions,
    `pinned` the packages wanted besides the requirements (micropip) to theirs;
    `python` is Pyodide's Python version. Returns the wheels written, stand-ins
    included (the caller leaves out those of `provided`).
    """
    pinned = pinned or {}
    if importlib.util.find_spec("pip") is None:
        raise pip_missing(requirements)
    tag = "py" + "".join(python.split(".")[:2])
    with tempfile.TemporaryDirectory(prefix="ardoise-pip-") as scratch:
        stand_ins = Path(scratch) / "provided"
        constraints = _write_stand_ins(stand_ins, provided, tag)
        command = [
            sys.executable, "-m", "pip", "download",
            "--dest", str(destination),
            "--only-binary=:all:", "--platform", "any", "--implementation", "py", "--abi", "none",
            "--python-version", ".".join(python.split(".")[:2]),
            "--find-links", str(stand_ins), "--constraint", str(constraints),
            "--progress-bar", "off", "--no-input", "--disable-pip-version-check", "--retries", "2",
            "--requirement", str(requirements.resolve()),
            *(f"{name}=={version}" for name, version in pinned.items()),
        ]  # fmt: skip
        logger.info("Downloading the packages of %s with pip", requirements)
        # Relative paths in the file (--find-links ./wheels) are relative to it.
        run = subprocess.run(
            command, cwd=requirements.parent, capture_output=True, text=True, check=False
        )
    logger.info("%s", run.stdout.strip())
    if run.returncode != 0:
        if "No module named pip" in run.stderr:
            raise pip_missing(requirements)
        raise explain_failure(
            f"{run.stdout}\n{run.stderr}", requirements, pinned=pinned, python=python
        )
    return sorted(destination.glob("*.whl"))


def pip_missing(requirements: Path) -> ArdoiseError:
    return ArdoiseError(
        f"pip is not available in this Python ({sys.executable}), and it is needed to download "
        f"the packages of '{requirements}'; install it (python -m ensurepip) and build again"
    )


def _write_stand_ins(folder: Path, provided: Mapping[str, str], tag: str) -> Path:
    """An empty wheel for each provided package, and the constraints that pin them."""
    folder.mkdir()
    for name, version in provided.items():
        stem = f"{name.replace('-', '_')}-{version}"
        info = f"{stem}.dist-info"
        # A more specific tag than py3-none-any, so pip prefers it to a real wheel.
        with zipfile.ZipFile(folder / f"{stem}-{tag}-none-any.whl", "w") as wheel:
            wheel.writestr(
                f"{info}/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
            )
            wheel.writestr(
                f"{info}/WHEEL",
                "Wheel-Version: 1.0\nGenerator: ardoise\nRoot-Is-Purelib: true\n"
                f"Tag: {tag}-none-any\n",
            )
            wheel.writestr(f"{info}/RECORD", "")
    constraints = folder.parent / "provided.txt"
    lines = (f"{name}=={version}\n" for name, version in sorted(provided.items()))
    constraints.write_text("".join(lines), encoding="utf-8")
    return constraints
