"""Shift+Tab help: Jupyter's ``inspect_reply`` for the name at the cursor.

Inside the parentheses of a call, the help is about the function being
called (``plt.plot(x, |`` → ``plt.plot``), as in IPython; elsewhere it is
about the dotted name under or just before the cursor. The object is found
with `lookup.resolve`, so no code of the student runs.
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable, Mapping
from typing import Any

from .help import describe
from .lookup import Unresolvable, resolve

__all__ = ["inspect_reply", "name_at_cursor"]

_IDENTIFIER = r"[^\W\d]\w*"
_CHAIN = rf"{_IDENTIFIER}(?:\.{_IDENTIFIER}|\[[^\[\]]*\])*"
_CHAIN_BEFORE = re.compile(rf"(?<![\w.])(?:{_CHAIN})\.?$")
_CALLED = re.compile(rf"(?<![\w.])({_CHAIN})\s*$")
_REST_OF_NAME = re.compile(r"\w*")
# Values whose str() and len() are cheap and run no code of the student.
_PLAIN_VALUES = (int, float, complex, bool, str, bytes, type(None), types.ModuleType)


def name_at_cursor(code: str, cursor_pos: int) -> str | None:
    """The dotted name to give help on, for the cursor at ``cursor_pos`` in ``code``."""
    before = code[:cursor_pos]
    calls = _open_calls(before)
    if calls:
        called = _CALLED.search(before[: calls[-1]])
        if called is not None:
            return called[1]
    line_before = before.rsplit("\n", 1)[-1]
    left = _CHAIN_BEFORE.search(line_before)
    rest = _REST_OF_NAME.match(code, cursor_pos)
    name = (left[0] if left else "") + (rest[0] if rest else "")
    return name.rstrip(".") or None


def inspect_reply(
    code: str,
    cursor_pos: int,
    namespace: Mapping[str, Any],
    *,
    detail_level: int = 0,
    file_label: Callable[[str], str | None] = lambda filename: None,
) -> dict[str, Any]:
    """The ``inspect_reply`` content: ``found`` and, if so, the help as ``text/plain``."""
    name = name_at_cursor(code, cursor_pos)
    try:
        if name is None:
            raise Unresolvable(code)
        obj = resolve(name, namespace)
        text = describe(
            obj,
            name,
            detail_level=detail_level,
            show_value=isinstance(obj, _PLAIN_VALUES),
            file_label=file_label,
        )
    except Exception:  # nothing there, or an object too odd to describe
        return {"status": "ok", "found": False, "data": {}, "metadata": {}}
    return {"status": "ok", "found": True, "data": {"text/plain": text}, "metadata": {}}


def _open_calls(text: str) -> list[int]:
    """The positions of the ``(`` not yet closed at the end of ``text``, outside strings."""
    stack: list[int] = []
    quote = ""
    index = 0
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\":
                index += 1
            elif text.startswith(quote, index):
                index += len(quote) - 1
                quote = ""
        elif char == "#":
            newline = text.find("\n", index)
            index = len(text) if newline < 0 else newline
        elif char in "'\"":
            quote = char * 3 if text.startswith(char * 3, index) else char
            index += len(quote) - 1
        elif char in "([{":
            stack.append(index if char == "(" else -1)
        elif char in ")]}" and stack:
            stack.pop()
        index += 1
    opened = [position for position in stack if position >= 0]
    # Only the innermost bracket counts: in f([x| the list, not f, is being written.
    return opened if stack and stack[-1] >= 0 else []
