"""How a turtle looks: its shape, size, tilt and colours, and the stamps it leaves.

CPython's ``RawTurtle`` methods for the turtle's appearance, as a part of
`RawTurtle` of their own. What a Tk canvas would draw becomes `ShapePart`
polygons, in pixels, for the SVG.
"""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING, Any

from .drawing import ShapePart, Stamp
from .errors import TurtleGraphicsError
from .pen import TPen
from .shapes import Image, point
from .vec2d import Vec2D

if TYPE_CHECKING:
    from .screen import TurtleScreen

__all__ = ["TurtleLooks"]

_stamp_ids = itertools.count(1)


class TurtleLooks(TPen):
    """The appearance part of `RawTurtle`."""

    screen: TurtleScreen
    _shape: str
    _stamps: list[tuple[int, Stamp]]
    _owner: int
    _position: Vec2D
    _angle: float
    _angleOrient: int
    _degreesPerAU: float
    _fullcircle: float

    def _cc(self, args: Any) -> str:
        """A colour string for a string or an (r, g, b) triple."""
        if isinstance(args, str):
            return args
        try:
            r, g, b = args
        except (TypeError, ValueError):
            raise TurtleGraphicsError(f"bad color arguments: {args}") from None
        if self.screen._colormode == 1.0:
            r, g, b = (round(255.0 * x) for x in (r, g, b))
        if not (0 <= r <= 255 and 0 <= g <= 255 and 0 <= b <= 255):
            raise TurtleGraphicsError(f"bad color sequence: {args}")
        return f"#{r:02x}{g:02x}{b:02x}"

    def shape(self, name: str | None = None) -> str | None:
        """Set the turtle's shape by name ("classic", "arrow", "turtle", "circle",
        "square", "triangle", or one registered), or return its name."""
        if name is None:
            return self._shape
        if name not in self.screen.getshapes():
            raise TurtleGraphicsError(f"There is no shape named {name}")
        self._shape = name
        self._update()
        return None

    def shapesize(
        self,
        stretch_wid: float | None = None,
        stretch_len: float | None = None,
        outline: float | None = None,
    ) -> tuple[float, float, float] | None:
        """Set or return the shape's stretch factors and outline width (resizemode "user")."""
        if stretch_wid is stretch_len is outline is None:
            stretch_wid, stretch_len = self._stretchfactor
            return stretch_wid, stretch_len, self._outlinewidth
        if stretch_wid == 0 or stretch_len == 0:
            raise TurtleGraphicsError("stretch_wid/stretch_len must not be zero")
        if stretch_wid is not None:
            factor = (stretch_wid, stretch_len if stretch_len is not None else stretch_wid)
        elif stretch_len is not None:
            factor = (self._stretchfactor[0], stretch_len)
        else:
            factor = self._stretchfactor
        if outline is None:
            outline = self._outlinewidth
        self.pen(resizemode="user", stretchfactor=factor, outline=outline)
        return None

    turtlesize = shapesize

    def shearfactor(self, shear: float | None = None) -> float | None:
        """Set or return the shape's shear factor (the tangent of the shear angle)."""
        if shear is None:
            return self._shearfactor
        self.pen(resizemode="user", shearfactor=shear)
        return None

    def tiltangle(self, angle: float | None = None) -> float | None:
        """Set or return the angle between the shape's orientation and the heading."""
        if angle is None:
            tilt = -math.degrees(self._tilt) * self._angleOrient
            return (tilt / self._degreesPerAU) % self._fullcircle
        tilt = -angle * self._degreesPerAU * self._angleOrient
        self.pen(resizemode="user", tilt=math.radians(tilt) % math.tau)
        return None

    def tilt(self, angle: float) -> None:
        """Turn the shape by ``angle`` without changing the heading."""
        self.tiltangle(angle + (self.tiltangle() or 0))

    def shapetransform(
        self,
        t11: float | None = None,
        t12: float | None = None,
        t21: float | None = None,
        t22: float | None = None,
    ) -> tuple[float, float, float, float] | None:
        """Set or return the matrix that transforms the shape."""
        if t11 is t12 is t21 is t22 is None:
            return self._shapetrafo
        m11, m12, m21, m22 = self._shapetrafo
        m11 = m11 if t11 is None else t11
        m12 = m12 if t12 is None else t12
        m21 = m21 if t21 is None else t21
        m22 = m22 if t22 is None else t22
        if m11 * m22 - m12 * m21 == 0:
            raise TurtleGraphicsError("Bad shape transform matrix: must not be singular")
        self._shapetrafo = (m11, m12, m21, m22)
        alfa = math.atan2(-m21, m11) % math.tau
        sa, ca = math.sin(alfa), math.cos(alfa)
        a11, a12, _a21, a22 = (ca * m11 - sa * m21, ca * m12 - sa * m22,
                               sa * m11 + ca * m21, sa * m12 + ca * m22)  # fmt: skip
        self._stretchfactor = a11, a22
        self._shearfactor = a12 / a22
        self._tilt = alfa
        self.pen(resizemode="user")
        return None

    def get_shapepoly(self) -> tuple[tuple[float, float], ...] | None:
        """The current shape's polygon, transformed as drawn, or None for other shapes."""
        shape = self.screen._shapes[self._shape]
        if shape._type == "polygon":
            return self._getshapepoly(shape._data)
        return None

    def _getshapepoly(
        self, polygon: Any, compound: bool = False
    ) -> tuple[tuple[float, float], ...]:
        if self._resizemode == "user" or compound:
            t11, t12, t21, t22 = self._shapetrafo
        elif self._resizemode == "auto":
            size = max(1, self._pensize / 5.0)
            t11, t12, t21, t22 = size, 0, 0, size
        else:
            return tuple(polygon)
        return tuple((t11 * x + t12 * y, t21 * x + t22 * y) for (x, y) in polygon)

    def _look(self) -> tuple[list[ShapePart], Image | None]:
        """The turtle's shape as drawn, heading east, in SVG axes."""
        shape = self.screen._shapes[self._shape]
        if shape._type == "image":
            return [], shape._data
        if shape._type == "polygon":
            width = {"noresize": 1, "auto": self._pensize}.get(self._resizemode, self._outlinewidth)
            parts = [(self._getshapepoly(shape._data), self._fillcolor, self._pencolor, width)]
        else:
            parts = [
                (self._getshapepoly(poly, True), self._cc(fill), self._cc(outline),
                 self._outlinewidth)
                for poly, fill, outline in shape._data
            ]  # fmt: skip
        # Shape y runs along the heading and x to the right: on screen, (y, x) heading east.
        return [
            ShapePart(tuple((y, x) for x, y in poly), fill, outline, width)
            for poly, fill, outline, width in parts
        ], None

    def stamp(self) -> int:
        """Stamp a copy of the turtle's shape where it is; return the stamp's id."""
        parts, image = self._look()
        drawing = self.screen._drawing
        item = Stamp(self._owner, drawing.clock, point(self._position), self._angle, parts, image)
        drawing.add(item)
        stamp_id = next(_stamp_ids)
        self._stamps.append((stamp_id, item))
        self._update()
        return stamp_id

    def clearstamp(self, stampid: int) -> None:
        """Delete the stamp with this id."""
        self._clearstamps([entry for entry in self._stamps if entry[0] == stampid])

    def clearstamps(self, n: int | None = None) -> None:
        """Delete all stamps, the first ``n`` (n > 0) or the last ``-n`` (n < 0)."""
        if n is None:
            doomed = self._stamps[:]
        elif n >= 0:
            doomed = self._stamps[:n]
        else:
            doomed = self._stamps[n:]
        self._clearstamps(doomed)

    def _clearstamps(self, doomed: list[tuple[int, Stamp]]) -> None:
        self.screen._drawing.delete(items=[stamp for _, stamp in doomed])
        self._stamps = [entry for entry in self._stamps if entry not in doomed]
        self._update()
