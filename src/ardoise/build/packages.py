"""Stage 4, packages: Pyodide's distribution, and the course's pure-Python packages.

The packages of a requirements file (and what they depend on) are downloaded
with pip and bundled in `packages/`, so ``import name`` and ``%pip install
name`` work offline. The browser learns of them as entries of Pyodide's lock
file, recorded in `site.json`; micropip, which ``%pip`` uses, is bundled too.
Packages of Pyodide's distribution are never bundled: they load from the
distribution's URL (see `distribution`).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ArdoiseError
from .distribution import Distribution
from .download import download_wheels
from .wheels import lock_entry, pyodide_environment, read_wheel

__all__ = ["FOLDER", "REQUIREMENTS", "Packages", "find_requirements", "publish_packages"]

logger = logging.getLogger(__name__)

FOLDER = "packages"
REQUIREMENTS = "requirements.txt"
INSTALLER = "micropip"


@dataclass(frozen=True)
class Packages:
    """Where Pyodide's packages load from, and the bundled ones as lock entries by name."""

    url: str
    bundled: dict[str, dict[str, Any]] = field(default_factory=dict)


def find_requirements(content: Path, given: Path | None) -> Path | None:
    """The requirements file to bundle: `given`, or the content folder's, or none."""
    if given is None:
        default = content / REQUIREMENTS
        return default if default.is_file() else None
    if not given.is_file():
        raise ArdoiseError(
            f"requirements file '{given}' does not exist; pass a requirements.txt "
            "listing the pure-Python packages to bundle, one per line"
        )
    return given


def publish_packages(
    site: Path, *, requirements: Path | None, distribution: Distribution
) -> Packages:
    """Copy a self-hosted distribution, download and bundle the requirements' wheels."""
    distribution.publish(site)
    if requirements is None:
        return Packages(url=distribution.url)
    lock = distribution.lock
    python = str(lock.get("info", {}).get("python", "3"))
    provided = {name: str(entry["version"]) for name, entry in lock["packages"].items()}
    installer = provided.pop(INSTALLER, None)
    pinned = {INSTALLER: installer} if installer else {}
    with tempfile.TemporaryDirectory(prefix="ardoise-wheels-") as scratch:
        wheels = [
            read_wheel(path)
            for path in download_wheels(
                requirements, Path(scratch), python=python, provided=provided, pinned=pinned
            )
        ]
        bundled = [wheel for wheel in wheels if wheel.name not in provided]
        known = {*provided, *(wheel.name for wheel in bundled)}
        environment = pyodide_environment(python)
        (site / FOLDER).mkdir()
        entries = {}
        for wheel in sorted(bundled, key=lambda wheel: wheel.name):
            url = f"{FOLDER}/{wheel.path.name}"
            shutil.copyfile(wheel.path, site / url)
            entries[wheel.name] = lock_entry(wheel, url, known=known, environment=environment)
    logger.info("Bundled %d packages: %s", len(entries), ", ".join(entries))
    return Packages(url=distribution.url, bundled=entries)
