"""Which modules a notebook imports from outside itself.

A notebook is comparable only when both kernels can import all of them. Cells
are read as Ardoise reads them (IPython syntax turned into calls first); a
``%%writefile name.py`` cell counts twice: its body's imports are needed, and
``name`` becomes a module of the notebook's own.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path

__all__ = ["imported_modules", "needed_modules"]

_IMPORT_LINE = re.compile(r"^\s*(?:from\s+([\w.]+)\s+import|import\s+([\w., ]+))", re.MULTILINE)
_WRITEFILE = re.compile(r"\A\s*%%writefile(?:\s+-a)?\s+(\S+)\.py\s*\n(.*)\Z", re.DOTALL)


def imported_modules(code: str) -> set[str]:
    """The top-level names of the modules that ``code`` imports, anywhere in it."""
    from ardoise.runtime.transformer import transform_cell

    try:
        tree = ast.parse(transform_cell(code))
    except (SyntaxError, ValueError):  # Python 2 cells, deliberate syntax errors
        return _imported_by_regex(code)
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return {name.split(".")[0] for name in names}


def _imported_by_regex(code: str) -> set[str]:
    names: set[str] = set()
    for match in _IMPORT_LINE.finditer(code):
        listed = match.group(1) or match.group(2)
        for part in listed.split(","):
            names.add(part.split()[0].split(".")[0] if part.split() else "")
    return names - {""}


def needed_modules(cells: Iterable[str], folder: Path) -> set[str]:
    """Modules the cells import that neither the notebook writes nor its folder holds."""
    needed: set[str] = set()
    own: set[str] = set()
    for code in cells:
        written = _WRITEFILE.match(code)
        if written:
            own.add(Path(written.group(1)).name)
            needed |= imported_modules(written.group(2))
        else:
            needed |= imported_modules(code)
    beside = {path.stem for path in folder.glob("*.py")} | {
        path.parent.name for path in folder.glob("*/__init__.py")
    }
    return needed - own - beside - {"__future__"}
