"""Stage 5, offline: `sw.js`, the service worker, with this build's list of app files on top.

The worker keeps the listed files in a cache named after `version`, checking each
against its SHA-256, so a page never mixes two builds. A new list means new bytes
in `sw.js`, which is how browsers notice a new build. The course's files are not
listed: the worker revalidates them on every visit, following `contents.json`.
When the distribution's packages load from another site (the CDN by default),
`packages` names their base URL: the worker keeps the files it loads from there.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from pathlib import Path

from .assets import SNAPSHOT, app_not_built
from .contents import INDEX, ROOT

__all__ = ["SERVICE_WORKER", "app_files", "on_demand", "write_service_worker"]

logger = logging.getLogger(__name__)

SERVICE_WORKER = "sw.js"
CHUNK = 1 << 20
# Never requested by a browser that has service workers: KaTeX's older font formats
# (woff2 is used), licence texts, and precompressed copies that hosts serve in
# place of the originals.
UNUSED_SUFFIXES = (".ttf", ".woff", ".LEGAL.txt", ".gz", ".br")
NOT_APP = {SERVICE_WORKER, INDEX, "SHA256SUMS"}
PYODIDE = "pyodide"


def write_service_worker(static: Path, site: Path, *, packages_url: str | None = None) -> str:
    """Write `site/sw.js`: the built worker in `static` below the site's app files; the version.

    `packages_url` is where the distribution's packages load from (absolute, or
    relative to the site's root, whose files are listed already).
    """
    files = app_files(site)
    listing = "".join(f"{path} {integrity}\n" for path, integrity in files.items())
    version = hashlib.sha256(listing.encode()).hexdigest()[:16]
    config = {
        "version": version,
        "files": files,
        "onDemand": on_demand(static, files),
        "contents": {"index": INDEX, "root": f"{ROOT}/"},
    }
    if packages_url is not None and packages_url.startswith(("https://", "http://")):
        config["packages"] = packages_url
    header = f"self.ARDOISE_OFFLINE = {json.dumps(config, sort_keys=True)};\n"
    try:
        worker = (static / SERVICE_WORKER).read_text(encoding="utf-8")
    except OSError:
        raise app_not_built(f"no readable {static / SERVICE_WORKER}") from None
    (site / SERVICE_WORKER).write_text(header + worker, encoding="utf-8")
    logger.info("Wrote %s: %d app files, version %s", SERVICE_WORKER, len(files), version)
    return version


def on_demand(static: Path, files: dict[str, str]) -> list[str]:
    """The files kept only once used: Pyodide's, beyond the runtime the app ships.

    A self-hosted Pyodide distribution (`--pyodide-dist`) adds hundreds of MB of
    packages to `pyodide/`, of which a course imports a few; the bundled wheels of
    `packages/` are the course's own requirements and are kept up front.
    """
    core = {f"{PYODIDE}/{path.name}" for path in (static / PYODIDE).iterdir()}
    return [name for name in files if name.startswith(f"{PYODIDE}/") and name not in core]


def app_files(site: Path) -> dict[str, str]:
    """Every file of the site a page may load, except the course's: path → integrity, sorted."""
    found = {}
    for path in site.rglob("*"):
        name = path.relative_to(site).as_posix()
        if path.is_file() and _is_app_file(name):
            found[name] = _integrity(path)
    return dict(sorted(found.items()))


def _is_app_file(name: str) -> bool:
    top = name.split("/", 1)[0]
    # The served snapshot (tens of MB) is for first visits on fast links only;
    # the kernel keeps what it started from itself (kernel/snapshot.ts).
    return (
        top not in (ROOT, SNAPSHOT) and name not in NOT_APP and not name.endswith(UNUSED_SUFFIXES)
    )


def _integrity(path: Path) -> str:
    """The Subresource Integrity string of a file, as `fetch(url, {integrity})` checks it."""
    digest = hashlib.sha256()
    with path.open("rb") as reader:
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
    return "sha256-" + base64.b64encode(digest.digest()).decode("ascii")
