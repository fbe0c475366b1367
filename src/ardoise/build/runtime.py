"""Stage 3, runtime: Pyodide, and the `ardoise` Python package that runs inside it."""

from __future__ import annotations

import _imp
import hashlib
import io
import json
import logging
import shutil
import zipfile
from importlib.resources import files
from pathlib import Path

from .assets import BYTECODE, PYODIDE, SNAPSHOT, app_not_built
from .manifest import Pyodide, Runtime, Snapshot

__all__ = [
    "copy_pyodide",
    "on_use_files",
    "package_runtime",
    "runtime_bytecode",
    "runtime_files",
    "runtime_sources",
    "runtime_zip",
]

logger = logging.getLogger(__name__)

FOLDER = "runtime"
# Fixed metadata, so the zip (and therefore its hashed name) only changes with its code.
EPOCH = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644 << 16  # a regular file, rw-r--r--
UNIX = 3
# Packages a kernel imports only when a cell asks (``import turtle``): each in a
# zip of its own, downloaded on that first import (`ardoise.runtime.on_use`), as
# sources compiled then. In the runtime zip they would add a sixth to every
# start's download, to save a moment for some.
ON_USE = {"ardoise.runtime.turtle": "ardoise/runtime/turtle/"}
COMPILED_ON_USE = tuple(ON_USE.values())


def copy_pyodide(static: Path, site: Path) -> Pyodide:
    """Copy the pinned Pyodide runtime to `site/pyodide/`: its version, digest and sizes.

    The digest covers every file (Pyodide's build and the repacked standard
    library): a memory snapshot made with other files is never used with these.
    """
    source = static / PYODIDE
    version = pyodide_version(source)
    files = sorted(path for path in source.iterdir() if path.is_file())
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    shutil.copytree(source, site / PYODIDE)
    logger.info("Copied Pyodide %s", version)
    sizes = {path.name: path.stat().st_size for path in files if path.suffix not in (".br", ".gz")}
    compressed = {path.stem: path.stat().st_size for path in files if path.suffix == ".br"}
    return Pyodide(version=version, sha256=digest.hexdigest(), sizes=sizes, compressed=compressed)


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


def runtime_bytecode(static: Path, sources: list[tuple[str, Path]]) -> list[tuple[str, Path]]:
    """The bytecode of the modules a kernel imports as it starts, as (zip name, file),
    compiled by Pyodide's Python (not of `COMPILED_ON_USE`).

    It is checked-hash bytecode: where a source changed since the package was
    built, Pyodide compiles it again, so stale bytecode only costs time.
    """
    folder = static / BYTECODE
    found = []
    for name, _ in sources:
        if name.startswith(COMPILED_ON_USE):
            continue
        parent, _, module = name.rpartition("/")
        for pyc in sorted((folder / parent / "__pycache__").glob(f"{module[:-3]}.*.pyc")):
            found.append((pyc.relative_to(folder).as_posix(), pyc))
    return found


def runtime_files(static: Path) -> list[tuple[str, Path]]:
    """What the runtime zip holds, as (zip name, file).

    A module with bytecode compiled from its current source goes as that
    bytecode alone, beside where its source would be (``kernel.pyc``), which
    Python imports without a source: its source would add a fifth to every
    start's download, for tracebacks that hide the runtime's frames anyway. A
    module whose source changed since its bytecode was made (or that has none)
    goes as source, compiled on import.
    """
    sources = [
        (name, path) for name, path in runtime_sources() if not name.startswith(COMPILED_ON_USE)
    ]
    bytecode = dict(_by_source(runtime_bytecode(static, sources)))
    chosen: list[tuple[str, Path]] = []
    for name, path in sources:
        pyc = bytecode.get(name)
        if pyc is not None and _compiled_from(pyc, path.read_bytes()):
            chosen.append((name + "c", pyc))  # kernel.py -> kernel.pyc
        else:
            chosen.append((name, path))
    return sorted(chosen)


def _by_source(bytecode: list[tuple[str, Path]]) -> list[tuple[str, Path]]:
    """(source's zip name, .pyc file) for each `__pycache__/X.cpython-3NN.pyc`."""
    pairs = []
    for name, pyc in bytecode:
        folder, _, file = name.rpartition("/")
        module = file.split(".", 1)[0]
        pairs.append((f"{folder.removesuffix('/__pycache__')}/{module}.py", pyc))
    return pairs


def _compiled_from(pyc: Path, source: bytes) -> bool:
    """Whether checked-hash bytecode `pyc` was compiled from `source`.

    The hash is keyed with the magic number of the Python that compiled it
    (Pyodide's, not this one's), as that Python's import checks it.
    """
    data = pyc.read_bytes()
    checked_hash = len(data) >= 16 and int.from_bytes(data[4:8], "little") == 0b11
    key = int.from_bytes(data[:4], "little")
    return checked_hash and _imp.source_hash(key, source) == data[8:16]


def on_use_files(package: str) -> list[tuple[str, Path]]:
    """The sources of `package`, one of `ON_USE`, as (zip name, file)."""
    return [(name, path) for name, path in runtime_sources() if name.startswith(ON_USE[package])]


def package_runtime(site: Path, static: Path) -> Runtime:
    """Write the runtime zip, and one zip per `ON_USE` package, under content-hashed
    names; the runtime's URL, SHA-256 and size, and the others' URLs by package."""
    (site / FOLDER).mkdir()
    data = runtime_zip(static)
    digest = hashlib.sha256(data).hexdigest()
    url = f"{FOLDER}/ardoise-runtime-{digest[:12]}.zip"
    (site / url).write_bytes(data)
    on_use = {}
    for package in ON_USE:
        extra = _deterministic_zip(on_use_files(package))
        name = package.rpartition(".")[2]
        on_use[package] = f"{FOLDER}/ardoise-{name}-{hashlib.sha256(extra).hexdigest()[:12]}.zip"
        (site / on_use[package]).write_bytes(extra)
    logger.info("Packaged the Python runtime as %s", url)
    snapshot = _served_snapshot(static, site, digest)
    return Runtime(url=url, sha256=digest, size=len(data), on_use=on_use, snapshot=snapshot)


def runtime_zip(static: Path) -> bytes:
    """The runtime zip's bytes: the same for the same package and app build."""
    return _deterministic_zip(runtime_files(static))


def _served_snapshot(static: Path, site: Path, runtime_sha256: str) -> Snapshot | None:
    """Copy the package's memory snapshot into `site/snapshot/` if it fits this site.

    The front-end build makes it under Node (`frontend/tools/served-snapshot.mjs`)
    from the Pyodide files this site has and from the runtime zip a build makes;
    `snapshot.json` records both. A runtime whose sources changed since (an
    editable install) makes another zip: the site then goes without, and each
    browser makes its own snapshot after its first visit, as before.
    """
    folder = static / SNAPSHOT
    try:
        made = json.loads((folder / "snapshot.json").read_text(encoding="utf-8"))
        file = folder / made["file"]
        fits = made["runtimeSHA256"] == runtime_sha256 and all(
            hashlib.sha256((site / PYODIDE / name).read_bytes()).hexdigest() == sha256
            for name, sha256 in made["pyodide"].items()
        )
        for suffix in ("", ".br", ".gz"):
            file.with_name(file.name + suffix).stat()
    except (OSError, ValueError, KeyError, TypeError):
        logger.info("No served Python snapshot: the app was built without one")
        return None
    if not fits:
        logger.info("No served Python snapshot: it was made from another runtime")
        return None
    (site / SNAPSHOT).mkdir()
    url = f"{SNAPSHOT}/{file.name}"
    for suffix in ("", ".br", ".gz"):
        shutil.copyfile(file.with_name(file.name + suffix), site / (url + suffix))
    logger.info("Added the served Python snapshot %s", url)
    brotli = file.with_name(file.name + ".br").stat().st_size
    return Snapshot(url=url, size=file.stat().st_size, compressed=brotli)


def _deterministic_zip(sources: list[tuple[str, Path]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, path in sources:
            info = zipfile.ZipInfo(name, date_time=EPOCH)
            info.external_attr = FILE_MODE
            info.create_system = UNIX
            # Stored: the site serves the whole zip brotli-compressed, which
            # beats deflating each file (stage 5 writes the .br and .gz).
            info.compress_type = zipfile.ZIP_STORED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()
