"""Where the browser loads the packages of Pyodide's distribution (numpy, pandas …) from.

The npm package the site ships holds Pyodide's core and the lock file that
lists the distribution's packages, but not their wheels. They load from the
official CDN for the pinned version by default, or from a self-hosted copy:
a folder holding a full Pyodide release (copied into the site's `pyodide/`,
beside the core) or a URL where such a release is served.
"""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ArdoiseError
from .assets import PYODIDE
from .compress import recompress

__all__ = ["CDN", "LOCK", "Distribution", "choose_distribution"]

logger = logging.getLogger(__name__)

CDN = "https://cdn.jsdelivr.net/pyodide/v{version}/full/"
LOCK = "pyodide-lock.json"


@dataclass(frozen=True)
class Distribution:
    """The packages of Pyodide's distribution: where the browser finds them, and their lock."""

    url: str
    """Where the wheels are: absolute, or relative to the site's root."""
    lock: dict[str, Any]
    """The distribution's lock file (`pyodide-lock.json`), read."""
    folder: Path | None = None
    """A self-hosted release to copy into the site, if one was given."""

    def publish(self, site: Path) -> None:
        """Copy a self-hosted release into `site/pyodide/`; the core stays the pinned one."""
        if self.folder is None:
            return
        core = site / PYODIDE
        copied = 0
        for source in sorted(self.folder.rglob("*")):
            target = core / source.relative_to(self.folder)
            if source.is_dir():
                target.mkdir(exist_ok=True)
            elif source.name == LOCK or not target.exists():
                shutil.copy2(source, target)
                copied += 1
                if source.name == LOCK:
                    # The core's precompressed lock would be served in its place.
                    recompress(target, site)
        logger.info("Copied %d files of the Pyodide distribution from %s", copied, self.folder)


def choose_distribution(value: str | None, *, core: Path, version: str) -> Distribution:
    """The distribution that `--pyodide-dist VALUE` names, checked against the `core` folder.

    `core` holds the pinned Pyodide (npm package) of `version`.
    """
    pinned = _read_lock(core / LOCK, core)
    if value is None:
        return Distribution(url=CDN.format(version=version), lock=pinned)
    if value.startswith(("https://", "http://")):
        return Distribution(url=value if value.endswith("/") else f"{value}/", lock=pinned)
    folder = Path(value)
    if not folder.is_dir():
        raise ArdoiseError(
            f"--pyodide-dist '{value}' is not a folder; pass the folder of a full Pyodide "
            f"{version} release, or the URL where one is served (https://…/)"
        )
    lock = _read_lock(folder / LOCK, folder, version=version)
    _check_version(folder, lock, pinned, version)
    return Distribution(url=f"{PYODIDE}/", lock=lock, folder=folder)


def _read_lock(path: Path, folder: Path, *, version: str | None = None) -> dict[str, Any]:
    try:
        lock = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        detail = error.strerror if isinstance(error, OSError) else "not valid JSON"
        if version is None:
            raise ArdoiseError(f"cannot read Pyodide's {path}: {detail}") from None
        raise ArdoiseError(
            f"--pyodide-dist '{folder}' holds no readable {LOCK} ({detail}), so it is not a "
            f"Pyodide release; unpack the full release of Pyodide {version} "
            f"(pyodide-{version}.tar.bz2) and pass its folder"
        ) from None
    if not isinstance(lock, dict) or not isinstance(lock.get("packages"), dict):
        raise ArdoiseError(f"{path} is not a Pyodide lock file (no 'packages'); check the folder")
    return lock


def _check_version(
    folder: Path, lock: dict[str, Any], pinned: dict[str, Any], version: str
) -> None:
    """Refuse a release of another Pyodide: its wheels would not load in the pinned core."""
    theirs = _package_version(folder)
    info, expected = lock.get("info", {}), pinned.get("info", {})
    keys = ("abi_version", "python")
    if (theirs is not None and theirs != version) or any(
        info.get(k) != expected.get(k) for k in keys
    ):
        what = f"Pyodide {theirs}" if theirs else f"built for Python {info.get('python')}"
        raise ArdoiseError(
            f"--pyodide-dist '{folder}' is {what}, but this Ardoise runs Pyodide {version} "
            f"(Python {expected.get('python')}); use the full release of Pyodide {version}"
        )


def _package_version(folder: Path) -> str | None:
    try:
        found = json.loads((folder / "package.json").read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError, AttributeError):
        return None
    return found if isinstance(found, str) else None
