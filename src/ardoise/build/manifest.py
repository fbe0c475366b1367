"""Stage 5, manifest: `site.json`, what the browser app reads first."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from .jsonfile import write_json

if TYPE_CHECKING:
    from .packages import Packages

__all__ = ["MANIFEST", "Pyodide", "Runtime", "is_ardoise_site", "write_manifest"]

logger = logging.getLogger(__name__)

MANIFEST = "site.json"
FORMAT = 1
GENERATOR = f"ardoise {__version__}"


@dataclass(frozen=True)
class Snapshot:
    """A memory snapshot of Pyodide's Python with the runtime imported, made at package build."""

    url: str
    #: Its size in bytes, uncompressed (the WebAssembly memory it becomes).
    size: int
    #: Its size brotli-compressed: what a first visit weighs its download by.
    compressed: int


@dataclass(frozen=True)
class Runtime:
    """The zip of the `ardoise` Python package that runs in the browser."""

    url: str
    sha256: str
    size: int
    #: Packages downloaded on their first import, by module name: their zip's URL.
    on_use: dict[str, str] = field(default_factory=dict)
    #: The snapshot a first visit may start from (when its download is quick enough).
    snapshot: Snapshot | None = None


@dataclass(frozen=True)
class Pyodide:
    """The Pyodide runtime in the site: version, digest of its files, sizes (for progress)."""

    version: str
    sha256: str
    sizes: dict[str, int]
    #: Brotli-compressed sizes by file name: the kernel estimates its download's pace from them.
    compressed: dict[str, int] = field(default_factory=dict)


def write_manifest(
    site: Path,
    *,
    title: str | None,
    pyodide: Pyodide,
    runtime: Runtime,
    packages: Packages,
    live: dict[str, object] | None = None,
) -> None:
    """Write `site.json`: format, generator, title, Pyodide, runtime, packages and contents.

    `pyodide.packagesURL` is where the distribution's packages load from;
    `packages.bundled` holds the bundled wheels as entries of Pyodide's lock file.
    """
    python: dict[str, object] = {
        "url": runtime.url,
        "sha256": runtime.sha256,
        "size": runtime.size,
        "onUse": runtime.on_use,
    }
    if runtime.snapshot is not None:
        python["snapshot"] = {
            "url": runtime.snapshot.url,
            "size": runtime.snapshot.size,
            "compressed": runtime.snapshot.compressed,
        }
    manifest = {
        "format": FORMAT,
        "generator": GENERATOR,
        "title": title,
        "pyodide": {
            "version": pyodide.version,
            "indexURL": "pyodide/",
            "packagesURL": packages.url,
            "sha256": pyodide.sha256,
            "sizes": pyodide.sizes,
            "compressed": pyodide.compressed,
        },
        "runtime": python,
        "packages": {"bundled": packages.bundled},
        "contents": {"index": "contents.json", "root": "contents/"},
    }
    if live is not None:
        # Only when set: a site served by `ardoise serve` needs no live settings.
        manifest["live"] = live
    write_json(site / MANIFEST, manifest)
    logger.info("Wrote %s", MANIFEST)


def is_ardoise_site(folder: Path) -> bool:
    """Whether `folder` holds a site that some version of Ardoise built."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    generator = manifest.get("generator") if isinstance(manifest, dict) else None
    return isinstance(generator, str) and generator.startswith("ardoise")
