"""② Build: a content folder of notebooks → a static site that runs Python in the browser."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from ..errors import ArdoiseError
from . import (
    assets,
    compress,
    contents,
    distribution,
    folders,
    manifest,
    offline,
    packages,
    runtime,
)

__all__ = ["BuildReport", "build_site"]

logger = logging.getLogger(__name__)

# What the last stage compresses: what this build wrote. The app and the Pyodide
# runtime come compressed already (once, when the package was built).
COMPRESSED = ["runtime", "contents", "contents.json", "site.json", "sw.js"]


@dataclass(frozen=True)
class BuildReport:
    """What a build produced."""

    content: Path
    output: Path
    notebooks: int
    files: int
    directories: int
    pyodide_version: str
    runtime_url: str
    packages: tuple[str, ...] = ()
    """The bundled packages, by name."""


def build_site(
    content: Path,
    output: Path,
    *,
    title: str | None = None,
    requirements: Path | None = None,
    pyodide_dist: str | None = None,
    live: dict[str, object] | None = None,
) -> BuildReport:
    """Build the site: contents → assets → runtime → packages → manifest → offline → compress.

    `output` must be new, empty or a previous Ardoise build, which is replaced only
    once the new site is complete. `requirements` lists pure-Python packages to
    bundle (default: the content folder's requirements.txt, if any); `pyodide_dist`
    is a folder or URL of a full Pyodide release (default: the official CDN); `live`
    is the manifest's live collaboration entry (`build.live.live_settings`).
    Raises `ArdoiseError` for anything the user can fix.
    """
    folders.check_folders(content, output)
    static = assets.locate_app()
    wanted = packages.find_requirements(content, requirements)
    version = runtime.pyodide_version(static / assets.PYODIDE)
    dist = distribution.choose_distribution(
        pyodide_dist, core=static / assets.PYODIDE, version=version
    )
    try:
        with folders.staging(output) as site:
            found = contents.publish_contents(content, site)
            assets.copy_app(static, site)
            pyodide = runtime.copy_pyodide(static, site)
            archive = runtime.package_runtime(site, static)
            bundle = packages.publish_packages(site, requirements=wanted, distribution=dist)
            manifest.write_manifest(
                site,
                title=title,
                pyodide=pyodide,
                runtime=archive,
                packages=bundle,
                live=live,
            )
            offline.write_service_worker(static, site, packages_url=bundle.url)
            compress.compress_site(site, COMPRESSED)
    except OSError as error:
        where = f" ({error.filename})" if error.filename else ""
        reason = f"{error.strerror}{where}"
        raise ArdoiseError(f"cannot write the site to '{output}': {reason}") from None
    return BuildReport(
        content=content,
        output=output,
        notebooks=found.count("notebook"),
        files=found.count("file"),
        directories=found.count("directory"),
        pyodide_version=pyodide.version,
        runtime_url=archive.url,
        packages=tuple(entry["name"] for entry in bundle.bundled.values()),
    )
