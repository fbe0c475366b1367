"""The help text of an object, laid out as IPython's ``name?`` shows it.

Used by ``name?`` / ``name??`` in a cell and by Shift+Tab (``Kernel.inspect``)::

    Signature: area(radius, /, *, precise=False)
    Docstring: The area of a disc.
    File:      Cell In[3]
    Type:      function
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from . import messages

__all__ = ["describe", "describe_magic"]

# Longer string forms keep their start and end around "<...>", as in IPython.
_STRING_FORM_MAX = 200

Field = tuple[str, str | None]


def describe(
    obj: object,
    name: str,
    *,
    detail_level: int = 0,
    show_value: bool = True,
    file_label: Callable[[str], str | None] = lambda filename: None,
) -> str:
    """The help text for ``obj``, reached as ``name``.

    ``detail_level=1`` shows the source instead of the docstring, when there
    is one. ``show_value=False`` leaves out what would run the object's own
    code (its ``str()`` and ``len()``). ``file_label`` names the files of
    cells, which only exist in memory.
    """
    source = _source(obj) if detail_level > 0 else None
    body: Field = (messages.HELP_SOURCE, source) if source else (messages.HELP_DOCSTRING, _doc(obj))
    where: Field = (messages.HELP_FILE, _file(obj, file_label))
    kind: Field = (messages.HELP_TYPE, type(obj).__name__)
    if isinstance(obj, type):
        fields = [(messages.HELP_INIT_SIGNATURE, _signature(obj, name)), body]
        fields += [(messages.HELP_INIT_DOCSTRING, _init_doc(obj)), where, kind]
    elif inspect.isroutine(obj) or isinstance(obj, functools.partial):
        fields = [(messages.HELP_SIGNATURE, _signature(obj, name)), body, where, kind]
    else:
        fields = [kind]
        if show_value:
            fields += [(messages.HELP_STRING_FORM, _string_form(obj)), _length(obj)]
        if inspect.ismodule(obj):
            fields.append(where)
        fields.append(body)
        if callable(obj):
            fields.append((messages.HELP_CALL_SIGNATURE, _signature(obj, name)))
    return _layout(fields)


def describe_magic(name: str, function: Callable[..., Any]) -> str:
    """The help text of a magic: its docstring."""
    doc = inspect.getdoc(function) or messages.HELP_NO_DOCSTRING
    return _layout([(messages.HELP_DOCSTRING, doc), (messages.HELP_TYPE, messages.HELP_MAGIC_TYPE)])


def _layout(fields: list[Field]) -> str:
    shown = [(label, value) for label, value in fields if value]
    width = max((len(label) for label, _ in shown), default=0)
    lines = []
    for label, value in shown:
        assert value is not None
        if "\n" in value:
            lines.append(f"{label}\n{value}")
        else:
            lines.append(f"{label:<{width + 1}}{value}")
    return "\n".join(lines)


def _signature(obj: Any, name: str) -> str | None:
    try:
        return f"{name}{inspect.signature(obj)}"
    except (TypeError, ValueError, RecursionError):
        return None  # builtins without a text signature


def _doc(obj: object) -> str:
    try:
        doc = inspect.getdoc(obj)
    except Exception:  # a __doc__ property that fails
        doc = None
    return doc or messages.HELP_NO_DOCSTRING


def _init_doc(cls: type) -> str | None:
    init = cls.__dict__.get("__init__")
    doc = inspect.getdoc(init) if init is not None else None
    return doc if doc and doc != inspect.getdoc(cls) else None


def _source(obj: object) -> str | None:
    try:
        return inspect.getsource(obj).rstrip("\n")  # type: ignore[arg-type]
    except (OSError, TypeError):
        return None  # builtins, and objects whose file is gone


def _file(obj: object, file_label: Callable[[str], str | None]) -> str | None:
    try:
        filename = _class_cell(obj, file_label) or inspect.getsourcefile(obj)  # type: ignore[arg-type]
        filename = filename or inspect.getfile(obj)  # type: ignore[arg-type]
    except (OSError, TypeError):
        return None
    return file_label(filename) or filename


def _class_cell(obj: object, file_label: Callable[[str], str | None]) -> str | None:
    # inspect finds a class's file through its module, and every cell shares
    # the module __main__: the methods know which cell they came from.
    if not isinstance(obj, type):
        return None
    for member in vars(obj).values():
        code = getattr(inspect.unwrap(member), "__code__", None) if callable(member) else None
        if code is not None and file_label(code.co_filename):
            return str(code.co_filename)
    return None


def _string_form(obj: object) -> str | None:
    try:
        text = str(obj)
    except Exception:
        return None
    if len(text) > _STRING_FORM_MAX:
        half = _STRING_FORM_MAX // 2
        text = f"{text[:half]}<...>{text[-half:]}"
    return text


def _length(obj: object) -> Field:
    try:
        return (messages.HELP_LENGTH, str(len(obj)))  # type: ignore[arg-type]
    except Exception:
        return (messages.HELP_LENGTH, None)
