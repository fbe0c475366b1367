"""Stage 3, runtime: Pyodide, and the `ardoise` Python package that runs inside it."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import shutil
import zipfile
from importlib.resources import files
from pathlib import Path

from .assets import PYODIDE, app_not_built
from .manifest import Runtime

__all__ = ["copy_pyodide", "package_runtime", "runtime_sources"]

logger = logging.getLogger(__name__)

FOLDER = "runtime"
# Fixed metadata, so the zip (and therefore its hashed name) only changes with its code.
EPOCH = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644 << 16  # a regular file, rw-r--r--
UNIX = 3


def copy_pyodide(static: Path, site: Path) -> str:
    """Copy the pinned Pyodide distribution to `site/pyodide/`; its version."""
    version = pyodide_version(static / PYODIDE)
    shutil.copytree(static / PYODIDE, site / PYODIDE)
    logger.info("Copied Pyodide %s", version)
    return version


def pyodide_version(folder: Path) -> str:
    package = folder / "package.json"
    try:
        version = json.loads(package.read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError, AttributeError):
        raise app_not_built(f"no readable {package}") from None
    if not isinstance(version, str) or not version:
        raise app_not_built(f"no version in {package}")
    return version


def runtime_sources() -> list[tuple[str, Path]]:
    """`ardoise/__init__.py` and every module of `ardoise/runtime/`, as (zip name, file)."""
    package = Path(str(files("ardoise")))
    modules = [package / "__init__.py"]
    modules += (
        path
        for path in (package / "runtime").rglob("*.py")
        if "__pycache__" not in path.relative_to(package).parts
    )
    return sorted((f"ardoise/{path.relative_to(package).as_posix()}", path) for path in modules)


def package_runtime(site: Path) -> Runtime:
    """Write the runtime zip under a content-hashed name; its URL and SHA-256."""
    data = _deterministic_zip(runtime_sources())
    digest = hashlib.sha256(data).hexdigest()
    url = f"{FOLDER}/ardoise-runtime-{digest[:12]}.zip"
    (site / FOLDER).mkdir()
    (site / url).write_bytes(data)
    logger.info("Packaged the Python runtime as %s", url)
    return Runtime(url=url, sha256=digest)


def _deterministic_zip(sources: list[tuple[str, Path]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, path in sources:
            info = zipfile.ZipInfo(name, date_time=EPOCH)
            info.external_attr = FILE_MODE
            info.create_system = UNIX
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    return buffer.getvalue()
