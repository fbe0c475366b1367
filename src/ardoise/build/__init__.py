"""② Build: a content folder of notebooks → a static site that runs Python in the browser."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from ..errors import ArdoiseError
from . import assets, contents, folders, manifest, offline, runtime

__all__ = ["BuildReport", "build_site"]

logger = logging.getLogger(__name__)


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


def build_site(content: Path, output: Path, *, title: str | None = None) -> BuildReport:
    """Build the site for `content` into `output`: contents → assets → runtime → manifest → offline.

    `output` must be new, empty or a previous Ardoise build, which is replaced only
    once the new site is complete. Raises `ArdoiseError` for anything the user can fix.
    """
    folders.check_folders(content, output)
    static = assets.locate_app()
    try:
        with folders.staging(output) as site:
            found = contents.publish_contents(content, site)
            assets.copy_app(static, site)
            pyodide_version = runtime.copy_pyodide(static, site)
            archive = runtime.package_runtime(site)
            manifest.write_manifest(
                site, title=title, pyodide_version=pyodide_version, runtime=archive
            )
            offline.write_service_worker(static, site)
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
        pyodide_version=pyodide_version,
        runtime_url=archive.url,
    )
