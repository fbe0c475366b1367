"""``import turtle`` in a cell: the kernel's turtle, which draws in the cell's output.

CPython's ``turtle`` needs Tk, which the browser's Python does not have. A
finder, first on ``sys.meta_path``, answers for ``turtle`` with a module filled
from `ardoise.runtime.turtle`, on CPython too, so the kernel behaves the same
everywhere. The package is imported only when a cell imports ``turtle``: it
costs nothing to start a kernel.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types
from collections.abc import Sequence

__all__ = ["ALIASES", "install"]

#: The modules the kernel answers for, and the package that stands for each.
ALIASES = {"turtle": "ardoise.runtime.turtle"}


class _Loader(importlib.abc.Loader):
    def __init__(self, package: str) -> None:
        self.package = package

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return None  # the default: a new, empty module

    def exec_module(self, module: types.ModuleType) -> None:
        package = importlib.import_module(self.package)
        package.populate(module)
        module.__file__ = package.__file__


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in ALIASES:
            return None
        return importlib.util.spec_from_loader(fullname, _Loader(ALIASES[fullname]))


def install() -> None:
    """Answer for the `ALIASES` from now on, with fresh modules: a new kernel starts anew."""
    if not any(isinstance(finder, _Finder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
    for name, package in ALIASES.items():
        module = sys.modules.get(name)
        if module is not None and isinstance(getattr(module, "__loader__", None), _Loader):
            del sys.modules[name]
        if package in sys.modules:
            sys.modules[package].forget_screens()
