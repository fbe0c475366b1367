"""Readable tracebacks of the user's code, in IPython's plain-text layout.

Frames of the runtime itself (and the machinery that runs a cell, such as the
event loop of a top-level ``await``) are hidden: the student sees their cells
(``Cell In[3], line 2``) and the libraries they called, nothing else.
"""

from __future__ import annotations

import inspect
import linecache
import os
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from types import FrameType, TracebackType

from .compiler import CellRegistry

__all__ = ["ANSI", "PLAIN", "Palette", "TracebackFormatter", "exception_message"]

_RUNTIME_DIR = os.path.dirname(os.path.abspath(__file__))
_WIDTH = 75
_NUMBER_WIDTH = 7
_CONTEXT_BEFORE = 3
_CONTEXT_AFTER = 2
_MAX_GROUP_MEMBERS = 15
_CAUSE = "The above exception was the direct cause of the following exception:"
_CONTEXT = "During handling of the above exception, another exception occurred:"


@dataclass(frozen=True)
class Palette:
    """Escape sequences around each part of a traceback; empty strings for none."""

    exception: str = ""
    location: str = ""
    arrow: str = ""
    reset: str = ""


PLAIN = Palette()
ANSI = Palette(exception="\x1b[31m", location="\x1b[32m", arrow="\x1b[32m", reset="\x1b[0m")


class TracebackFormatter:
    """Formats exceptions raised by cells into lists of text blocks.

    The blocks are meant to be joined with ``"\\n"`` (Jupyter's ``traceback``
    field). ``color=True`` switches to ANSI colours, the only thing that changes.
    """

    def __init__(self, cells: CellRegistry, *, color: bool = False) -> None:
        self._cells = cells
        self._palette = ANSI if color else PLAIN

    def format(self, error: BaseException) -> list[str]:
        """The blocks for an exception raised while a cell ran, chain included."""
        return ["-" * _WIDTH, *self._format_chain(error, set(), top=error)]

    def format_syntax_error(self, error: SyntaxError, filename: str) -> list[str]:
        """The blocks for the cell ``filename`` that does not compile.

        Where, the line with a caret under the column, and the message; no frames.
        """
        p = self._palette
        filename = error.filename or filename
        where = self._cells.label(filename) or f"File {filename}"
        if error.lineno:
            where += f", line {error.lineno}"
        blocks = [f"{p.location}  {where}{p.reset}"]
        text = error.text
        if text is None and error.lineno:
            lines = self._cells.lines(filename)
            text = lines[error.lineno - 1] if 0 < error.lineno <= len(lines) else None
        if text:
            blocks.extend(_caret_lines(error, text))
        message = error.msg or ""
        blocks.append(f"{p.exception}{type(error).__name__}{p.reset}: {message}")
        return blocks

    def _format_chain(
        self, error: BaseException, seen: set[int], top: BaseException | None = None
    ) -> list[str]:
        blocks: list[str] = []
        for position, (item, link) in enumerate(_chain(error, seen)):
            if position:
                blocks.append(f"\n{link}\n")
            blocks.extend(self._format_one(item, seen, always_head=item is top))
        return blocks

    def _format_one(self, error: BaseException, seen: set[int], always_head: bool) -> list[str]:
        p = self._palette
        frames = self._frames(error)
        blocks = []
        # As Python does, an exception that was never raised (no frames) is
        # just its message; the one the cell raised always gets the header.
        if frames or always_head:
            name = type(error).__name__
            title = "Traceback (most recent call last)".rjust(_WIDTH - len(name) - 1)
            blocks.append(f"{p.exception}{name}{p.reset} {title}")
        blocks.extend(self._format_frame(frame, line) for frame, line in frames)
        blocks.append(exception_message(error))
        if isinstance(error, BaseExceptionGroup):
            blocks.extend(self._format_members(error, seen))
        return blocks

    def _format_members(
        self, group: BaseExceptionGroup[BaseException], seen: set[int]
    ) -> list[str]:
        members = group.exceptions
        blocks = []
        for number, member in enumerate(members[:_MAX_GROUP_MEMBERS], start=1):
            nested = "\n".join(self._format_chain(member, seen))
            indented = "\n".join("    " + line for line in nested.splitlines())
            blocks.append(f"\n+---------------- {number} of {len(members)} ----------------")
            blocks.append(indented)
        if len(members) > _MAX_GROUP_MEMBERS:
            blocks.append(f"\nand {len(members) - _MAX_GROUP_MEMBERS} more exceptions")
        return blocks

    def _frames(self, error: BaseException) -> list[tuple[FrameType, int]]:
        frames = [(f, line) for f, line in _walk(error.__traceback__) if not _is_runtime(f)]
        # Whatever ran the cell (event loop, ...) sits above the cell's own frame.
        for index, (frame, _) in enumerate(frames):
            if frame.f_code.co_name == "<module>" and self._cell_label(frame):
                return frames[index:]
        return frames

    def _format_frame(self, frame: FrameType, lineno: int) -> str:
        p = self._palette
        code = frame.f_code
        label = self._cell_label(frame)
        where = f"{label}, line {lineno}" if label else f"File {code.co_filename}:{lineno}"
        if code.co_name != "<module>":
            where += f", in {_call(frame)}"
        if label is not None:
            lines = self._cells.lines(code.co_filename)
        else:
            lines = linecache.getlines(code.co_filename, frame.f_globals)
        return "\n".join([f"{p.location}{where}{p.reset}", *self._context(lines, lineno)]) + "\n"

    def _context(self, lines: list[str], lineno: int) -> Iterator[str]:
        p = self._palette
        first = max(1, lineno - _CONTEXT_BEFORE)
        last = min(len(lines), lineno + _CONTEXT_AFTER)
        for number in range(first, last + 1):
            text = lines[number - 1].rstrip()
            if number == lineno:
                arrow = "-" * (_NUMBER_WIDTH - len(str(number)) - 2) + "> "
                yield f"{p.arrow}{arrow}{number}{p.reset} {text}"
            else:
                yield f"{number:>{_NUMBER_WIDTH}} {text}".rstrip()

    def _cell_label(self, frame: FrameType) -> str | None:
        return self._cells.label(frame.f_code.co_filename)


def _call(frame: FrameType) -> str:
    """``Point.move(self, dx, dy)``: the function and its parameters, as IPython names a frame."""
    arguments = inspect.getargvalues(frame)
    try:
        parameters = inspect.formatargvalues(*arguments, formatvalue=lambda value: "")
    except KeyError:  # a parameter deleted from the frame's locals
        parameters = "(***failed resolving arguments***)"
    return f"{frame.f_code.co_qualname}{parameters}"


def exception_message(error: BaseException) -> str:
    """The last line(s) of a traceback: ``ZeroDivisionError: division by zero``.

    Uses the standard library, which adds notes and, on Python 3.12+, the
    "Did you mean" suggestions; never fails, even when ``str(error)`` does.
    """
    try:
        summary = traceback.TracebackException(
            type(error), error, error.__traceback__, compact=True
        )
        return "".join(summary.format_exception_only()).rstrip("\n")
    except Exception:
        return f"{type(error).__name__}: {safe_str(error)}"


def safe_str(error: BaseException) -> str:
    """``str(error)``, or a placeholder when the exception's ``__str__`` fails."""
    try:
        return str(error)
    except Exception:
        return "<exception str() failed>"


def _chain(error: BaseException, seen: set[int]) -> list[tuple[BaseException, str]]:
    """The exceptions that led to ``error``, oldest first, each with the link to the next."""
    chain: list[tuple[BaseException, str]] = []
    link = ""
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, _CAUSE
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, _CONTEXT
        else:
            current = None
    # Each link describes the step from an exception to the one raised after it.
    exceptions = [item for item, _ in reversed(chain)]
    links = [link for _, link in reversed(chain)][:-1]
    return list(zip(exceptions, ["", *links], strict=True))


def _walk(tb: TracebackType | None) -> Iterator[tuple[FrameType, int]]:
    while tb is not None:
        lineno = tb.tb_lineno
        yield tb.tb_frame, lineno if lineno is not None else tb.tb_frame.f_lineno
        tb = tb.tb_next


def _is_runtime(frame: FrameType) -> bool:
    filename = frame.f_code.co_filename
    if not filename or filename.startswith("<"):  # cells, <frozen ...>, <string>
        return False
    folder = os.path.dirname(os.path.abspath(filename))
    # The runtime's subpackages (magics, the IPython stand-in) are the runtime too.
    return folder == _RUNTIME_DIR or folder.startswith(_RUNTIME_DIR + os.sep)


def _caret_lines(error: SyntaxError, text: str) -> list[str]:
    # The rules of Python's own traceback module: the line without its
    # indentation, then carets under the offending columns, if they are visible.
    line = text.rstrip("\n")
    stripped = line.lstrip(" \n\f")
    indent = len(line) - len(stripped)
    blocks = [f"    {stripped}"]
    if error.offset is None:
        return blocks
    offset = min(error.offset, len(line) + 1)
    end = offset
    if error.end_lineno is None or error.end_lineno == error.lineno:
        end = error.end_offset or offset
    else:
        end = len(line) + 1
    end = min(end, len(line) + 1)
    if end <= offset:
        end = offset + 1
    column = offset - 1 - indent
    if column >= 0:
        # Tabs stay tabs so that the caret lines up under the text.
        space = "".join(c if c.isspace() else " " for c in stripped[:column])
        blocks.append(f"    {space}{'^' * (end - offset)}")
    return blocks
