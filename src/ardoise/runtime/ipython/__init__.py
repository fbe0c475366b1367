"""A stand-in for the parts of IPython that notebooks use, registered when IPython is absent.

Loading IPython into Pyodide would cost every student seconds of start-up,
so `install` makes this package importable as ``IPython``, ``IPython.display``,
``IPython.core.display``, ``IPython.core.magic`` … unless the real IPython
can be imported (then it is left alone).
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

from .. import shell
from . import core, display, lib, magic, terminal
from .core import get_ipython

__all__ = ["__version__", "display", "get_ipython", "install", "version_info"]

# The IPython this package imitates: libraries compare versions (matplotlib
# asks for 8.24 or later before using its own backend registry).
version_info = (8, 30, 0, "")
__version__ = "8.30.0"

#: IPython's module names, and the module that stands for each.
ALIASES: dict[str, ModuleType] = {
    "IPython": sys.modules[__name__],
    "IPython.display": display,
    "IPython.core": core,
    "IPython.core.display": display,
    "IPython.core.display_functions": display,
    "IPython.core.error": core,
    "IPython.core.getipython": core,
    "IPython.core.interactiveshell": shell,
    "IPython.core.magic": magic,
    "IPython.lib": lib,
    "IPython.lib.display": display,
    "IPython.lib.latextools": lib,
    "IPython.lib.pretty": lib.pretty,
    "IPython.terminal": terminal,
    "IPython.terminal.interactiveshell": terminal,
}


def install(*, find_spec: Callable[[str], Any] = importlib.util.find_spec) -> bool:
    """Register this package under IPython's names, unless IPython itself is importable.

    Returns whether this package now answers ``import IPython``.
    """
    if sys.modules.get("IPython") is ALIASES["IPython"]:
        return True
    try:
        real = find_spec("IPython")
    except (ImportError, ValueError):  # a broken entry in sys.modules
        real = None
    if real is not None:
        return False
    sys.modules.update(ALIASES)
    return True
