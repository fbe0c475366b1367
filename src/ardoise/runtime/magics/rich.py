"""``%%html``, ``%%markdown``, ``%%latex``, ``%%svg``, ``%%javascript``: a cell shown as it is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..ipython.javascript import Javascript
from ..ipython.objects import HTML, SVG, DisplayObject, Latex, Markdown
from ..output import display
from .registry import CellMagic, LineMagic

if TYPE_CHECKING:
    from ..shell import InteractiveShell as Shell

__all__ = ["CELL", "LINE"]


def _shown_as(kind: type[DisplayObject], what: str) -> CellMagic:
    def magic(shell: Shell, line: str, cell: str) -> None:
        display(_literal(kind, cell))

    magic.__name__ = kind.__name__.lower()
    magic.__doc__ = f"Show the cell as {what} (the options of IPython's version are ignored)."
    return magic


def _javascript(shell: Shell, line: str, cell: str) -> None:
    """Show the cell as JavaScript: it runs only in a sandboxed frame, never in the page."""
    display(_literal(Javascript, cell))


def _literal(kind: type[DisplayObject], text: str) -> DisplayObject:
    # Not kind(text): a cell that starts with "http" is content, not a URL to fetch.
    shown = kind()
    shown.data = text
    shown._check_data()
    return shown


LINE: dict[str, LineMagic] = {}
CELL: dict[str, CellMagic] = {
    "html": _shown_as(HTML, "HTML"),
    "HTML": _shown_as(HTML, "HTML"),
    "markdown": _shown_as(Markdown, "Markdown"),
    "latex": _shown_as(Latex, "LaTeX"),
    "svg": _shown_as(SVG, "an SVG image"),
    "SVG": _shown_as(SVG, "an SVG image"),
    "javascript": _javascript,
    "js": _javascript,
}
