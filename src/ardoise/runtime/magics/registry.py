"""The table of magics, the error a misused magic raises, and the reading of their options."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import messages

if TYPE_CHECKING:
    from ..shell import InteractiveShell as Shell

__all__ = [
    "CellMagic",
    "LineMagic",
    "MagicRegistry",
    "UsageError",
    "positive_int",
    "shell_words",
    "split_options",
]

#: ``magic(shell, line)``: what ``%name line`` calls.
LineMagic = Callable[["Shell", str], Any]
#: ``magic(shell, line, cell)``: what ``%%name line`` followed by a cell calls.
CellMagic = Callable[["Shell", str, str], Any]


class UsageError(Exception):
    """A magic used the wrong way; shown as one line, without a traceback, as IPython does."""


@dataclass
class MagicRegistry:
    """Line and cell magics by name (without the ``%``)."""

    line: dict[str, LineMagic] = field(default_factory=dict)
    cell: dict[str, CellMagic] = field(default_factory=dict)

    @property
    def magics(self) -> dict[str, dict[str, Any]]:
        """Both tables, as IPython's ``magics_manager.magics`` has them."""
        return {"line": self.line, "cell": self.cell}

    def find_line(self, name: str) -> LineMagic:
        """The line magic ``name``; `UsageError` when there is none."""
        try:
            return self.line[name]
        except KeyError:
            raise UsageError(messages.LINE_MAGIC_NOT_FOUND.format(name=name)) from None

    def find_cell(self, name: str) -> CellMagic:
        """The cell magic ``name``; `UsageError` when there is none."""
        try:
            return self.cell[name]
        except KeyError:
            raise UsageError(messages.CELL_MAGIC_NOT_FOUND.format(name=name)) from None

    def listing(self) -> str:
        """The text of ``%lsmagic``."""
        line = "  ".join(f"%{name}" for name in sorted(self.line))
        cell = "  ".join(f"%%{name}" for name in sorted(self.cell))
        return "\n".join(
            [
                messages.LSMAGIC_LINE,
                line,
                "",
                messages.LSMAGIC_CELL,
                cell,
                "",
                messages.LSMAGIC_AUTOMAGIC,
            ]
        )


def split_options(
    line: str, magic: str, *, flags: str = "", valued: str = ""
) -> tuple[dict[str, str], str]:
    """Read the options at the start of ``line``; return them and the rest, untouched.

    ``flags`` are single letters without a value (``-q``), ``valued`` letters
    take one (``-n 10`` or ``-n10``). Reading stops at the first word that
    is not one of them, so ``%timeit -x + 1`` times ``-x + 1``.
    """
    options: dict[str, str] = {}
    rest = line.strip()
    while len(rest) > 1 and rest[0] == "-" and rest[1] in flags + valued:
        letter, rest = rest[1], rest[2:]
        if letter in flags:
            options[letter] = ""
        else:
            if not rest.strip():
                raise UsageError(
                    messages.MAGIC_BAD_NUMBER.format(magic=magic, option=letter, value="")
                )
            value, _, rest = (
                rest.strip().partition(" ") if rest[:1].isspace() else rest.partition(" ")
            )
            options[letter] = value
        rest = rest.strip()
    return options, rest


def positive_int(value: str, magic: str, option: str) -> int:
    """``value`` as a whole number above 0, or a `UsageError` that says so."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise UsageError(messages.MAGIC_BAD_NUMBER.format(magic=magic, option=option, value=value))
    return number


def shell_words(line: str, magic: str) -> list[str]:
    """Split ``line`` as a shell would (quotes group words), or raise a `UsageError`."""
    import shlex  # only when a magic reads its words

    try:
        return shlex.split(line)
    except ValueError as error:  # "No closing quotation"
        raise UsageError(f"%{magic}: {error}") from None
