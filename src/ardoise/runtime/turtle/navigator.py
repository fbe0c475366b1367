"""Where a turtle is and where it heads: CPython's ``TNavigator``, with the same arithmetic.

Positions and headings are computed exactly as CPython computes them (a
``Vec2D`` orientation turned step by step), so ``pos()`` and ``heading()``
print the same numbers as on a desktop.
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

from .vec2d import Vec2D

__all__ = ["TNavigator"]


class TNavigator:
    """Navigation part of the RawTurtle: movement and orientation."""

    START_ORIENTATION: ClassVar[dict[str, Vec2D]] = {
        "standard": Vec2D(1.0, 0.0),
        "world": Vec2D(1.0, 0.0),
        "logo": Vec2D(0.0, 1.0),
    }
    DEFAULT_MODE = "standard"
    DEFAULT_ANGLEOFFSET: float = 0
    DEFAULT_ANGLEORIENT = 1

    def __init__(self, mode: str = DEFAULT_MODE) -> None:
        self._angleOffset = self.DEFAULT_ANGLEOFFSET
        self._angleOrient = self.DEFAULT_ANGLEORIENT
        self._mode: str = mode
        self.degrees()
        self._mode = ""
        self._setmode(mode)
        TNavigator.reset(self)

    def reset(self) -> None:
        """Put the turtle at the origin, heading as its mode says."""
        self._position = Vec2D(0.0, 0.0)
        self._orient = TNavigator.START_ORIENTATION[self._mode]

    def _setmode(self, mode: str | None = None) -> str | None:
        if mode is None:
            return self._mode
        if mode not in ["standard", "logo", "world"]:
            return None
        self._mode = mode
        if mode in ["standard", "world"]:
            self._angleOffset = 0
            self._angleOrient = 1
        else:
            self._angleOffset = self._fullcircle / 4.0
            self._angleOrient = -1
        return None

    def _setDegreesPerAU(self, fullcircle: float) -> None:
        self._fullcircle = fullcircle
        self._degreesPerAU = 360 / fullcircle
        if self._mode == "standard":
            self._angleOffset = 0
        else:
            self._angleOffset = fullcircle / 4.0

    def degrees(self, fullcircle: float = 360.0) -> None:
        """Set angle measurement units to degrees (``fullcircle`` of them in a full turn)."""
        self._setDegreesPerAU(fullcircle)

    def radians(self) -> None:
        """Set the angle measurement units to radians."""
        self._setDegreesPerAU(math.tau)

    def _go(self, distance: float) -> None:
        self._goto(self._position + self._orient * distance)

    def _rotate(self, angle: float) -> None:
        self._orient = self._orient.rotate(angle * self._degreesPerAU)

    def _goto(self, end: Vec2D) -> None:
        self._position = end

    def forward(self, distance: float) -> None:
        """Move the turtle forward by ``distance``, in the direction it is headed."""
        self._go(distance)

    def back(self, distance: float) -> None:
        """Move the turtle backward by ``distance``, without changing its heading."""
        self._go(-distance)

    def right(self, angle: float) -> None:
        """Turn the turtle right by ``angle`` units (degrees unless ``radians()``)."""
        self._rotate(-angle)

    def left(self, angle: float) -> None:
        """Turn the turtle left by ``angle`` units (degrees unless ``radians()``)."""
        self._rotate(angle)

    def pos(self) -> Vec2D:
        """The turtle's current location (x, y), as a Vec2D."""
        return self._position

    def xcor(self) -> float:
        """The turtle's x coordinate."""
        return self._position[0]

    def ycor(self) -> float:
        """The turtle's y coordinate."""
        return self._position[1]

    def goto(self, x: Any, y: float | None = None) -> None:
        """Move the turtle to (x, y), or to the pair ``x``; draw a line if the pen is down."""
        if y is None:
            self._goto(Vec2D(*x))
        else:
            self._goto(Vec2D(x, y))

    def home(self) -> None:
        """Move the turtle to the origin and turn it to its start orientation."""
        self.goto(0, 0)
        self.setheading(0)

    def setx(self, x: float) -> None:
        """Set the turtle's first coordinate to ``x``."""
        self._goto(Vec2D(x, self._position[1]))

    def sety(self, y: float) -> None:
        """Set the turtle's second coordinate to ``y``."""
        self._goto(Vec2D(self._position[0], y))

    def _target(self, x: Any, y: float | None) -> Vec2D:
        if y is not None:
            return Vec2D(x, y)
        if isinstance(x, Vec2D):
            return x
        if isinstance(x, tuple):
            return Vec2D(*x)
        if isinstance(x, TNavigator):
            return x._position
        raise TypeError(
            f"expected a pair of numbers, a position or a turtle, not {type(x).__name__}"
        )

    def distance(self, x: Any, y: float | None = None) -> float:
        """The distance from the turtle to (x, y), to a position or to another turtle."""
        return abs(self._target(x, y) - self._position)

    def towards(self, x: Any, y: float | None = None) -> float:
        """The angle of the line from the turtle to (x, y), a position or another turtle."""
        dx, dy = self._target(x, y) - self._position
        result = round(math.degrees(math.atan2(dy, dx)), 10) % 360.0
        result /= self._degreesPerAU
        return (self._angleOffset + self._angleOrient * result) % self._fullcircle

    def heading(self) -> float:
        """The turtle's current heading."""
        x, y = self._orient
        result = round(math.degrees(math.atan2(y, x)), 10) % 360.0
        result /= self._degreesPerAU
        return (self._angleOffset + self._angleOrient * result) % self._fullcircle

    def setheading(self, to_angle: float) -> None:
        """Turn the turtle to ``to_angle`` (standard mode: 0 east, 90 north; logo: 0 north)."""
        angle = (to_angle - self.heading()) * self._angleOrient
        full = self._fullcircle
        angle = (angle + full / 2.0) % full - full / 2.0
        self._rotate(angle)

    def circle(self, radius: float, extent: float | None = None, steps: int | None = None) -> None:
        """Draw a circle of ``radius`` whose centre is ``radius`` units left of the turtle.

        ``extent`` (an angle) draws an arc; ``steps`` sets how many sides the
        inscribed polygon has (``circle(50, steps=6)`` is a hexagon).
        """
        speed = self.speed()
        if extent is None:
            extent = self._fullcircle
        if steps is None:
            frac = abs(extent) / self._fullcircle
            steps = 1 + int(min(11 + abs(radius) / 6.0, 59.0) * frac)
        w = 1.0 * extent / steps
        w2 = 0.5 * w
        length = 2.0 * radius * math.sin(math.radians(w2) * self._degreesPerAU)
        if radius < 0:
            length, w, w2 = -length, -w, -w2
        tracer, delay = self._tracer(), self._delay()
        if speed == 0:
            self._tracer(0, 0)
        else:
            self.speed(0)
        self._rotate(w2)
        for _ in range(steps):
            self.speed(speed)
            self._go(length)
            self.speed(0)
            self._rotate(w)
        self._rotate(-w2)
        if speed == 0:
            self._tracer(tracer, delay)
        self.speed(speed)

    # Overridden by RawTurtle.
    def speed(self, s: Any = 0) -> Any:
        """The turtle's speed (overridden)."""

    def _tracer(self, a: Any = None, b: Any = None) -> Any:
        return None

    def _delay(self, n: Any = None) -> Any:
        return None

    fd = forward
    bk = back
    backward = back
    rt = right
    lt = left
    position = pos
    setpos = goto
    setposition = goto
    seth = setheading
