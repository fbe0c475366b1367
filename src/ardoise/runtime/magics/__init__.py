"""IPython's magics, as far as they make sense in the browser.

Each module holds one family and exposes ``LINE`` and ``CELL``: tables from
a magic's name to a function ``(shell, line)`` or ``(shell, line, cell)``.
Their docstrings are what ``%name?`` shows.
"""

from __future__ import annotations

from . import basic, files, namespace, packages, rich, timing
from .registry import CellMagic, LineMagic, MagicRegistry, UsageError

__all__ = ["CellMagic", "LineMagic", "MagicRegistry", "UsageError", "builtin_magics"]

_FAMILIES = (basic, files, namespace, packages, rich, timing)


def builtin_magics() -> MagicRegistry:
    """A new table of every built-in magic (one per shell: users may add their own)."""
    registry = MagicRegistry()
    for family in _FAMILIES:
        registry.line.update(family.LINE)
        registry.cell.update(family.CELL)
    return registry
