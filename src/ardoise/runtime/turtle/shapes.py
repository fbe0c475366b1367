"""Turtle shapes: polygons, images and compound shapes, with CPython's six built-in ones."""

from __future__ import annotations

import base64
import os
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .. import messages
from .errors import TurtleGraphicsError

__all__ = ["DEFAULT_SHAPES", "Image", "Point", "Polygon", "Shape", "point", "read_image"]

Point = tuple[float, float]
Polygon = tuple[Point, ...]


def point(vector: Sequence[float]) -> Point:
    """A position (a Vec2D, or any pair) as a plain pair of floats."""
    return (vector[0], vector[1])


@dataclass(frozen=True)
class Image:
    """A picture file (GIF or PNG), kept as a ``data:`` URL for the SVG."""

    url: str
    width: int
    height: int


def read_image(path: str) -> Image:
    """Read a GIF or PNG file, as Tk's ``PhotoImage`` would."""
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError as error:
        raise TurtleGraphicsError(
            messages.TURTLE_IMAGE_UNREADABLE.format(path=path, reason=error.strerror)
        ) from None
    if data[:6] in (b"GIF87a", b"GIF89a"):
        width, height = struct.unpack("<HH", data[6:10])
        mime = "image/gif"
    elif data[:8] == b"\x89PNG\r\n\x1a\n":
        width, height = struct.unpack(">II", data[16:24])
        mime = "image/png"
    else:
        raise TurtleGraphicsError(messages.TURTLE_IMAGE_FORMAT.format(path=os.path.basename(path)))
    url = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return Image(url, width, height)


class Shape:
    """Data structure modeling shapes, as CPython's.

    ``type_`` is ``"polygon"`` (data: a tuple of points), ``"image"`` (data:
    an image) or ``"compound"`` (components added with `addcomponent`).
    """

    def __init__(self, type_: str, data: Any = None) -> None:
        self._type = type_
        if type_ == "polygon":
            if isinstance(data, list):
                data = tuple(data)
        elif type_ == "image":
            if isinstance(data, str):
                data = read_image(data)
        elif type_ == "compound":
            data = []
        else:
            raise TurtleGraphicsError(f"There is no shape type {type_}")
        self._data = data

    def addcomponent(self, poly: Any, fill: Any, outline: Any = None) -> None:
        """Add a polygon of colour ``fill`` (edge ``outline``) to a compound shape."""
        if self._type != "compound":
            raise TurtleGraphicsError(f"Cannot add component to {self._type} Shape")
        if outline is None:
            outline = fill
        self._data.append([poly, fill, outline])


def _default_shapes() -> dict[str, Shape]:
    circle = (
        (10, 0), (9.51, 3.09), (8.09, 5.88), (5.88, 8.09), (3.09, 9.51), (0, 10),
        (-3.09, 9.51), (-5.88, 8.09), (-8.09, 5.88), (-9.51, 3.09), (-10, 0),
        (-9.51, -3.09), (-8.09, -5.88), (-5.88, -8.09), (-3.09, -9.51), (-0.00, -10.00),
        (3.09, -9.51), (5.88, -8.09), (8.09, -5.88), (9.51, -3.09),
    )  # fmt: skip
    turtle = (
        (0, 16), (-2, 14), (-1, 10), (-4, 7), (-7, 9), (-9, 8), (-6, 5), (-7, 1), (-5, -3),
        (-8, -6), (-6, -8), (-4, -5), (0, -7), (4, -5), (6, -8), (8, -6), (5, -3), (7, 1),
        (6, 5), (9, 8), (7, 9), (4, 7), (1, 10), (2, 14),
    )  # fmt: skip
    return {
        "arrow": Shape("polygon", ((-10, 0), (10, 0), (0, 10))),
        "turtle": Shape("polygon", turtle),
        "circle": Shape("polygon", circle),
        "square": Shape("polygon", ((10, -10), (10, 10), (-10, 10), (-10, -10))),
        "triangle": Shape("polygon", ((10, -5.77), (0, 11.55), (-10, -5.77))),
        "classic": Shape("polygon", ((0, 0), (-5, -9), (0, -7), (5, -9))),
        "blank": Shape("image", None),
    }


#: A fresh copy of the shapes every screen starts with.
DEFAULT_SHAPES = _default_shapes
