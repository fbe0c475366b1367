"""Colour strings as Tk reads them: names ("red", "light blue") and hex ("#ff8000").

CPython's turtle asks Tk whether a string is a colour; there is no Tk here, so
this module answers with Tk's own table. Drawings are written in SVG with
``#rrggbb`` values, since SVG does not know Tk's names ("gray50", "navy blue").
"""

from __future__ import annotations

import re

from ._colornames import TABLE

__all__ = ["is_color_string", "rgb", "svg_color"]

RGB = tuple[int, int, int]

_NAMES: dict[str, RGB] = {}
for _line in TABLE.splitlines():
    _name, _hex = _line.split(":")
    _value = (int(_hex[0:2], 16), int(_hex[2:4], 16), int(_hex[4:6], 16))
    _NAMES[_name] = _value
    # "light blue" is also "lightblue" (and "LightBlue": names ignore case).
    _NAMES.setdefault(_name.replace(" ", ""), _value)

# Tk takes 1 to 4 hex digits a channel; the first ones are the high bits.
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}){1,4}")


def rgb(color: str) -> RGB | None:
    """The 8-bit ``(r, g, b)`` of a Tk colour string, or ``None`` if Tk would refuse it."""
    if _HEX.fullmatch(color):
        digits = (len(color) - 1) // 3
        channels = (color[1 + i * digits : 1 + (i + 1) * digits] for i in range(3))
        # "#f00" is #f00000 for Tk (high bits), as CPython's turtle reads it back.
        red, green, blue = (int((channel + "00")[:2], 16) for channel in channels)
        return red, green, blue
    return _NAMES.get(color.lower())


def is_color_string(color: str) -> bool:
    """Whether Tk accepts ``color`` (CPython's ``TurtleScreen._iscolorstring``)."""
    return rgb(color) is not None


def svg_color(color: str) -> str:
    """``#rrggbb`` for a colour string the turtle accepted; ``none`` for ``""`` (transparent)."""
    value = rgb(color) if color else None
    if value is None:
        return "none"
    return "#{:02x}{:02x}{:02x}".format(*value)
