"""What a wheel holds: its name, version, dependencies and importable names.

Pyodide's package loader needs these for each bundled wheel, in the shape of
an entry of its lock file (`pyodide-lock.json`): then ``import name`` finds the
package without an installer, and micropip finds it there first.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from email.parser import HeaderParser
from pathlib import Path, PurePosixPath
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from ..errors import ArdoiseError

__all__ = ["Wheel", "lock_entry", "pyodide_environment", "read_wheel"]

SOURCE_SUFFIXES = (".py", ".pyc", ".so")


@dataclass(frozen=True)
class Wheel:
    """One downloaded wheel file, read."""

    path: Path
    name: str
    """The canonical project name (PEP 503), as Pyodide's lock file keys it."""
    display_name: str
    version: str
    requires: tuple[Requirement, ...]
    imports: tuple[str, ...]


def read_wheel(path: Path) -> Wheel:
    """Read the metadata and the top-level modules of the wheel at `path`."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        found = [n for n in names if n.count("/") == 1 and n.endswith(".dist-info/METADATA")]
        if not found:
            raise ArdoiseError(f"{path.name} is not a wheel (it has no .dist-info/METADATA)")
        metadata = found[0]
        headers = HeaderParser().parsestr(archive.read(metadata).decode("utf-8"))
    requires = []
    for line in headers.get_all("Requires-Dist") or []:
        try:
            requires.append(Requirement(line))
        except InvalidRequirement:
            continue  # pip installed it anyway; an unreadable line names nothing we can load
    return Wheel(
        path=path,
        name=canonicalize_name(headers["Name"]),
        display_name=headers["Name"],
        version=headers["Version"],
        requires=tuple(requires),
        imports=_top_level_modules(names),
    )


def _top_level_modules(names: list[str]) -> tuple[str, ...]:
    """The names that ``import`` finds in the wheel: top-level packages and modules."""
    found = set()
    for name in names:
        parts = PurePosixPath(name).parts
        if not parts or parts[0].endswith((".dist-info", ".data")):
            continue
        if len(parts) == 1 and name.endswith(SOURCE_SUFFIXES):
            found.add(parts[0].split(".", 1)[0])
        elif len(parts) > 1 and name.endswith(SOURCE_SUFFIXES) and parts[0].isidentifier():
            found.add(parts[0])
    return tuple(sorted(module for module in found if module.isidentifier()))


def pyodide_environment(python: str) -> dict[str, str]:
    """The values of environment markers (PEP 508) inside Pyodide running Python `python`."""
    major_minor = ".".join(python.split(".")[:2])
    return {
        "python_version": major_minor,
        "python_full_version": python,
        "implementation_name": "cpython",
        "implementation_version": python,
        "platform_python_implementation": "CPython",
        "os_name": "posix",
        "sys_platform": "emscripten",
        "platform_system": "Emscripten",
        "platform_machine": "wasm32",
        "platform_release": "",
        "platform_version": "",
        "extra": "",
    }


def lock_entry(
    wheel: Wheel, url: str, *, known: Collection[str], environment: Mapping[str, str]
) -> dict[str, Any]:
    """The entry of `wheel` in a Pyodide lock file, with the wheel at `url`.

    Its dependencies are those of its requirements that apply in Pyodide
    (markers evaluated for `environment`, extras left out) and that are `known`:
    bundled, or part of Pyodide's distribution.
    """
    depends = {
        canonicalize_name(requirement.name)
        for requirement in wheel.requires
        if requirement.marker is None or requirement.marker.evaluate(dict(environment))
    }
    return {
        "name": wheel.display_name,
        "version": wheel.version,
        "file_name": url,
        "install_dir": "site",
        "package_type": "package",
        "sha256": hashlib.sha256(wheel.path.read_bytes()).hexdigest(),
        "imports": list(wheel.imports),
        "depends": sorted(depends & set(known)),
    }
