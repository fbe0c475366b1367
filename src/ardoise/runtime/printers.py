"""Per-type printers that libraries register, as with IPython's ``formatters[mime].for_type``.

SymPy's ``init_printing()``, for one, registers printers for ``int``,
``list`` … under ``get_ipython().display_formatter.formatters``; the display
formatter asks them before the objects' own ``_repr_*_`` methods, as
IPython does. Printers of ``text/plain`` follow IPython's pretty-printing
protocol: ``printer(obj, p, cycle)`` calls ``p.text(...)``.
"""

from __future__ import annotations

import collections
import pprint
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["PlainTextPrinter", "TypePrinters", "plain_text", "pretty"]

Printer = Callable[..., Any]

# Containers are pretty-printed over several lines, like IPython does: the
# builtin ones, their subclasses that keep the builtin repr, and Counter
# (subclasses included), for which pprint's layout is IPython's. Everything
# else shows its repr().
_PRETTY_REPRS = frozenset(
    cls.__repr__ for cls in (list, tuple, dict, set, frozenset, collections.Counter)
)
# Past this many items, the one-line repr (fast, in C) is used instead.
_PRETTY_MAX_ITEMS = 1000


class TypePrinters:
    """The printers registered for one mime type (IPython's ``BaseFormatter``, in part)."""

    def __init__(self, mime: str) -> None:
        self.format_type = mime
        #: ``False`` turns this mime type off: it is then never computed.
        self.enabled = True
        self.type_printers: dict[type, Printer] = {}
        #: Printers for classes named by module and name, not imported yet.
        self.deferred_printers: dict[tuple[str, str], Printer] = {}

    def for_type(self, typ: type, func: Printer | None = None) -> Printer | None:
        """Register ``func`` for ``typ`` and its subclasses; return the previous printer."""
        previous = self.type_printers.get(typ)
        if func is not None:
            self.type_printers[typ] = func
        return previous

    def for_type_by_name(
        self, type_module: str, type_name: str, func: Printer | None = None
    ) -> Printer | None:
        """Like `for_type`, for a class known by its module and name only."""
        key = (type_module, type_name)
        previous = self.deferred_printers.get(key)
        if func is not None:
            self.deferred_printers[key] = func
        return previous

    def pop(self, typ: type, default: Any = None) -> Any:
        """Forget the printer of ``typ``."""
        return self.type_printers.pop(typ, default)

    def __contains__(self, typ: object) -> bool:
        return typ in self.type_printers

    def lookup(self, obj: object) -> Printer | None:
        """The printer for ``obj``: the one of its closest class that has one."""
        if not self.type_printers and not self.deferred_printers:
            return None
        for cls in type(obj).__mro__:
            key = (cls.__module__, cls.__qualname__)
            if key in self.deferred_printers:  # now that the class exists
                self.type_printers[cls] = self.deferred_printers.pop(key)
            if cls in self.type_printers:
                return self.type_printers[cls]
        return None


class PlainTextPrinter:
    """The ``p`` handed to ``text/plain`` printers: collects what they write."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self.indentation = 0

    def text(self, obj: str) -> None:
        self._parts.append(obj)

    def breakable(self, sep: str = " ") -> None:
        self._parts.append(sep)

    def pretty(self, obj: object) -> None:
        self._parts.append(pretty(obj))

    def begin_group(self, indent: int = 0, open: str = "") -> None:
        self._parts.append(open)

    def end_group(self, dedent: int = 0, close: str = "") -> None:
        self._parts.append(close)

    @contextmanager
    def group(self, indent: int = 0, open: str = "", close: str = "") -> Iterator[None]:
        self.begin_group(indent, open)
        try:
            yield
        finally:
            self.end_group(indent, close)

    def getvalue(self) -> str:
        return "".join(self._parts)


def plain_text(obj: object) -> str:
    """The ``text/plain`` form of ``obj`` when no printer is registered (may raise)."""
    if type(obj).__repr__ in _PRETTY_REPRS and len(obj) <= _PRETTY_MAX_ITEMS:  # type: ignore[arg-type]
        return pprint.pformat(obj, sort_dicts=False)
    return repr(obj)


def pretty(obj: object, *args: Any, **kwargs: Any) -> str:
    """``IPython.lib.pretty.pretty``: the plain-text form, without registered printers."""
    try:
        return plain_text(obj)
    except Exception:
        return object.__repr__(obj)
