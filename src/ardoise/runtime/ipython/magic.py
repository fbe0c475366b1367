"""``IPython.core.magic``: how notebooks and extensions define their own magics.

::

    from IPython.core.magic import register_cell_magic

    @register_cell_magic
    def shout(line, cell):
        print(cell.upper())
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

__all__ = [
    "Magics",
    "cell_magic",
    "line_cell_magic",
    "line_magic",
    "magics_class",
    "needs_local_scope",
    "no_var_expand",
    "output_can_be_silenced",
    "register_cell_magic",
    "register_line_cell_magic",
    "register_line_magic",
]

F = TypeVar("F", bound=Callable[..., Any])


def _register(kind: str) -> Callable[..., Any]:
    def register(arg: Any) -> Any:
        def decorate(func: F, name: str | None = None) -> F:
            from .core import get_ipython

            shell = get_ipython()
            if shell is None:
                raise RuntimeError("magics can only be registered while a notebook kernel runs")
            shell.register_magic_function(func, kind, name or func.__name__)
            return func

        if callable(arg):  # @register_line_magic
            return decorate(arg)
        return lambda func: decorate(func, arg)  # @register_line_magic("name")

    register.__name__ = f"register_{kind}_magic"
    register.__doc__ = f"Decorator: make a function a {kind.replace('_', ' and ')} magic."
    return register


register_line_magic = _register("line")
register_cell_magic = _register("cell")
register_line_cell_magic = _register("line_cell")


class Magics:
    """Base class for a group of magics, registered with ``shell.register_magics``."""

    def __init__(self, shell: Any = None, **kwargs: Any) -> None:
        self.shell = shell


def magics_class(cls: type[Magics]) -> type[Magics]:
    """Class decorator, required by IPython; nothing to do here."""
    return cls


def _method_marker(kind: str) -> Callable[..., Any]:
    def mark(arg: Any) -> Any:
        def decorate(func: F, name: str | None = None) -> F:
            kinds = list(getattr(func, "_magic_kinds", ()))
            func._magic_kinds = [*kinds, (kind, name or func.__name__)]  # type: ignore[attr-defined]
            return func

        if callable(arg):
            return decorate(arg)
        return lambda func: decorate(func, arg)

    mark.__name__ = f"{kind}_magic"
    return mark


line_magic = _method_marker("line")
cell_magic = _method_marker("cell")
line_cell_magic = _method_marker("line_cell")


def _unchanged(func: F) -> F:
    return func


# Decorators about IPython's variable expansion and scopes: nothing to change here.
needs_local_scope = no_var_expand = output_can_be_silenced = _unchanged
