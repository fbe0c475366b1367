"""``%who``, ``%who_ls``, ``%whos`` and ``%reset``: the student's variables."""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING, Any

from .. import messages
from .registry import CellMagic, LineMagic, UsageError, split_options

if TYPE_CHECKING:
    from ..shell import InteractiveShell as Shell

__all__ = ["CELL", "LINE", "user_variables"]

# As in IPython: containers show their length, not their content.
_SIZED = (dict, list, tuple)
_DATA_MAX = 50
_GAP = 3


def user_variables(shell: Shell, types: list[str] | None = None) -> list[str]:
    """The names the student defined (not ``_``-names nor the kernel's own), sorted.

    ``types`` keeps only values whose type has one of these names.
    """
    hidden = shell.user_ns_hidden
    missing = object()
    names = [
        name
        for name, value in shell.user_ns.items()
        if not name.startswith("_") and value is not hidden.get(name, missing)
    ]
    if types:
        names = [name for name in names if type(shell.user_ns[name]).__name__ in types]
    return sorted(names)


def who(shell: Shell, line: str) -> None:
    """Print the variables you defined; ``%who int str`` only those of these types."""
    names = user_variables(shell, line.split())
    if not names:
        print(messages.NAMESPACE_EMPTY)
        return
    print("".join(f"{name}\t " for name in names))


def who_ls(shell: Shell, line: str) -> list[str]:
    """Return the sorted list of the variables you defined (``%who_ls int`` filters)."""
    return user_variables(shell, line.split())


def whos(shell: Shell, line: str) -> None:
    """Print a table of your variables: name, type and a short form of the value."""
    names = user_variables(shell, line.split())
    if not names:
        print(messages.NAMESPACE_EMPTY)
        return
    values = [shell.user_ns[name] for name in names]
    kinds = [type(value).__name__ for value in values]
    heading_name, heading_type, heading_data = messages.WHOS_HEADINGS
    name_width = max(len(heading_name), *map(len, names)) + _GAP
    type_width = max(len(heading_type), max(map(len, kinds)) + 1) + _GAP
    print(f"{heading_name:<{name_width}}{heading_type:<{type_width}}{heading_data}")
    print("-" * (name_width + type_width + len(heading_data)))
    for name, kind, value in zip(names, kinds, values, strict=True):
        print(f"{name:<{name_width}}{kind:<{type_width}}{_data(value)}")


def _data(value: Any) -> str:
    if type(value) in _SIZED:
        return f"n={len(value)}"
    try:
        text = str(value).replace("\n", "\\n")
    except Exception:
        text = object.__repr__(value)
    if len(text) > _DATA_MAX:
        half = _DATA_MAX // 2
        text = f"{text[:half]}<...>{text[-half:]}"
    return text


def reset(shell: Shell, line: str) -> None:
    """Delete every variable you defined, and the output history.

    ``-f`` does it without asking; ``-s`` keeps the output history. The
    history of inputs (``In``) and the execution count are kept, as in IPython.
    """
    options, rest = split_options(line, "reset", flags="fs")
    if rest:
        raise UsageError(
            messages.MAGIC_BAD_OPTION.format(magic="reset", option=rest, known="-f, -s")
        )
    if "f" not in options and not _confirmed():
        print(messages.RESET_NOTHING_DONE)
        return
    shell.reset(new_session=False, keep_outputs="s" in options)


def _confirmed() -> bool:
    try:
        answer = builtins.input(messages.RESET_QUESTION)
    except (EOFError, OSError, RuntimeError):  # no way to ask: do nothing
        return False
    return answer.strip().lower() in {"y", "yes"}


LINE: dict[str, LineMagic] = {"who": who, "who_ls": who_ls, "whos": whos, "reset": reset}
CELL: dict[str, CellMagic] = {}
