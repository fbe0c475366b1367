"""Text written with ``write()``: Tk's fonts and anchors, sizes estimated without a font engine.

Tk places the text's bounding box by its bottom corner (left, centre or right)
at the turtle; SVG places a baseline. Without fonts to measure, the widths and
descents are the usual proportions of Arial, Times and Courier, close enough to
put the text where Tk would and to move the turtle after it (``move=True``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from .animation import number

__all__ = ["TextBox", "font_of", "text_box", "xml_text"]

Font = tuple[str, float, str]

_ANCHORS = {"left": "start", "center": "middle", "right": "end"}
# Characters XML cannot hold at all (control characters but tab and newlines).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` as XML character data or attribute value: escaped, without what XML forbids."""
    return escape(_NOT_XML.sub("", text), {'"': "&quot;"})


_DESCENT, _LINESPACE = 0.21, 1.15  # of the font size in pixels


@dataclass
class TextBox:
    lines: list[str]
    baselines: list[float]
    corners: list[tuple[float, float]]
    attributes: str
    #: The x of the box's right edge, where ``move=True`` leaves the turtle.
    right: float


def font_of(font: Any) -> Font:
    """A Tk font given as ``(family, size, style)`` (or part of it) as a triple."""
    if isinstance(font, str):
        font = font.split()
    parts = list(font) if isinstance(font, tuple | list) else []
    family = str(parts[0]) if parts else "Arial"
    try:
        size = float(parts[1]) if len(parts) > 1 else 8.0
    except (TypeError, ValueError):
        size = 8.0
    style = " ".join(str(part) for part in parts[2:]) or "normal"
    return family, size, style


def _pixels(size: float) -> float:
    # Tk sizes are points (at 96 dots an inch, 4/3 of a pixel); negative ones are pixels.
    return -size if size < 0 else size * 4 / 3


def _generic(family: str) -> str:
    lowered = family.lower()
    if any(word in lowered for word in ("courier", "mono", "consol", "fixed")):
        return "monospace"
    if any(word in lowered for word in ("times", "georgia", "serif", "roman")):
        return "serif" if "sans" not in lowered else "sans-serif"
    return "sans-serif"


def text_box(text: str, align: str, font: Font, x: float, y: float) -> TextBox:
    """Where ``text`` goes when written at SVG point (x, y), and its SVG attributes."""
    family, size, style = font
    pixels = _pixels(size)
    generic = _generic(family)
    words = style.lower().split()
    advance = 0.6 if generic == "monospace" else 0.55
    if "bold" in words:
        advance *= 1.08
    lines = text.split("\n")
    width = max(len(line) for line in lines) * advance * pixels
    bottom = y
    baselines = [
        bottom - _DESCENT * pixels - (len(lines) - 1 - i) * _LINESPACE * pixels
        for i in range(len(lines))
    ]
    left = {"left": x - 1, "center": x - 1 - width / 2, "right": x - 1 - width}.get(align, x - 1)
    top = bottom - len(lines) * _LINESPACE * pixels
    decorations = [
        {"overstrike": "line-through"}.get(d, d) for d in ("underline", "overstrike") if d in words
    ]
    attributes = (
        f' font-family="{xml_text(_family_list(family, generic))}"'
        f' font-size="{number(pixels)}"'
        + (' font-weight="bold"' if "bold" in words else "")
        + (' font-style="italic"' if "italic" in words else "")
        + (f' text-decoration="{" ".join(decorations)}"' if decorations else "")
        + f' text-anchor="{_ANCHORS.get(align, "start")}" xml:space="preserve"'
    )
    return TextBox(
        lines, baselines, [(left, top), (left + width, bottom)], attributes, left + width
    )


def _family_list(family: str, generic: str) -> str:
    quoted = f"'{family}'" if " " in family else family
    return f"{quoted}, {generic}"
