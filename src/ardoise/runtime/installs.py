"""What a cell needs installed before it runs: its ``%pip install`` lines and its imports.

Python in the browser cannot wait for a download while it runs a cell (unless
the browser has JSPI), so the worker prepares each cell first:

- it awaits `install_requested` (a coroutine, driven by the browser's event
  loop), which installs what the cell's ``%pip install`` lines ask for; what
  failed is kept, and the ``%pip`` line reports it in one sentence when the
  cell runs;
- it asks `modules_to_load` which imported modules are missing, and loads
  the packages that provide them (the course's bundled wheels, or Pyodide's
  distribution).
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys

from . import _compat, messages
from .transformer import transform_cell

__all__ = ["describe_failure", "failure", "install_requested", "modules_to_load"]

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# Why the last cell's %pip requirements could not be installed, by requirement.
_failures: dict[str, str] = {}


async def install_requested(cell: str) -> None:
    """Install the missing requirements of the ``%pip install`` lines of `cell`, one by one."""
    # Imported here: the magics import the IPython stand-in, which imports the shell.
    from .magics.packages import missing_requirements, pip_requests_in

    _failures.clear()
    for request in pip_requests_in(cell):
        for requirement in missing_requirements(request.requirements):
            try:
                await _compat.pip_install_async(
                    [requirement],
                    deps=request.deps,
                    pre=request.pre,
                    index_urls=request.index_urls or None,
                    keep_going=False,
                )
            except _compat.NotInBrowser:
                return  # the %pip line says how to install it instead
            except _compat.InstallerMissing as error:
                _failures[requirement] = messages.PIP_NO_INSTALLER.format(error=error)
            except Exception as error:  # micropip's ValueError, or a JsException
                pypi = None
                if not request.index_urls and "Can't fetch metadata" in str(error):
                    pypi = await _compat.pypi_status(_name(requirement))
                _failures[requirement] = describe_failure(requirement, str(error), pypi)


def failure(requirement: str) -> str | None:
    """Why `install_requested` could not install `requirement`, if it tried and failed."""
    return _failures.get(requirement)


def describe_failure(requirement: str, error: str, pypi: int | str | None = None) -> str:
    """Why micropip failed to install `requirement`, as the end of a sentence.

    `error` is micropip's message; `pypi` is the HTTP status of PyPI's page
    about the package, or why it could not be fetched (`_compat.pypi_status`).
    """
    if "pure Python 3 wheel" in error:
        return messages.PIP_NO_PURE_WHEEL
    if isinstance(pypi, str):
        return messages.PIP_PYPI_UNREACHABLE.format(error=pypi.rstrip("."))
    if pypi == 404:
        return messages.PIP_NOT_ON_PYPI.format(name=_name(requirement))
    lines = [line.strip() for line in error.splitlines() if line.strip()]
    return (lines[0] if lines else "unknown error").rstrip(".")


def _name(requirement: str) -> str:
    match = _NAME.match(requirement.strip())
    return match[0] if match else requirement


def modules_to_load(cell: str) -> list[str]:
    """The top-level modules that `cell` imports and that cannot be imported yet.

    Read from the cell as it will run (magics transformed); relative imports
    and modules found on ``sys.path`` (the course's own files) are left out.
    """
    try:
        tree = ast.parse(transform_cell(cell))
    except (SyntaxError, ValueError):
        return []
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.partition(".")[0])
    return sorted(name for name in names if name not in sys.modules and not _findable(name))


def _findable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False
