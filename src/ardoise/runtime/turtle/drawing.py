"""What the turtles drew, and when: the record a screen keeps instead of a Tk canvas.

Each item (a line, a fill, a dot, a text, a stamp) keeps the times, on the
screen's animation clock, when it appears and when it is deleted; lines keep
the time of each segment. The clock advances as CPython's animation would take
time (see `Screen`), so the SVG can replay the drawing at the same pace. The
part of the clock already shown in an earlier output is the past: it is drawn
at once next time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .. import messages
from .errors import TurtleGraphicsError
from .shapes import Image, Point, Polygon

__all__ = [
    "MAX_SEGMENTS",
    "Dot",
    "Drawing",
    "Fill",
    "Item",
    "Pose",
    "ShapePart",
    "Stamp",
    "Stroke",
    "Text",
]

#: Line segments a screen may hold: beyond, an output would be too big to show
#: (and a loop that never ends would fill the browser's memory).
MAX_SEGMENTS = 200_000


@dataclass(eq=False)
class Item:
    """Something drawn; ``born`` and ``dies`` are times on the screen's clock."""

    owner: int
    born: float
    dies: float | None = field(default=None, init=False)


@dataclass(eq=False)
class Stroke(Item):
    """A line of one pen: points in world coordinates, with each segment's (start, end) time."""

    color: str
    width: float
    points: list[Point]
    timing: list[tuple[float, float]] = field(default_factory=list)

    @property
    def ends(self) -> float:
        return self.timing[-1][1] if self.timing else self.born


@dataclass(eq=False)
class Fill(Item):
    """The inside of a shape drawn between ``begin_fill`` and ``end_fill`` (``points`` then)."""

    color: str = ""
    points: list[Point] | None = None


@dataclass(eq=False)
class Dot(Item):
    center: Point
    diameter: float
    color: str


@dataclass(eq=False)
class Text(Item):
    at: Point
    text: str
    align: str
    font: tuple[str, float, str]
    color: str


@dataclass(frozen=True)
class ShapePart:
    """One polygon of a turtle shape, in pixels, with the turtle heading east (SVG axes)."""

    points: Polygon
    fill: str
    outline: str
    width: float


@dataclass(eq=False)
class Stamp(Item):
    at: Point
    angle: float
    parts: list[ShapePart]
    image: Image | None = None


@dataclass(frozen=True)
class Pose:
    """Where a turtle is at time ``t``: world position, heading on screen (degrees, not
    wrapped, so that turning from 350 to 370 turns 20), and whether it is shown."""

    t: float
    x: float
    y: float
    angle: float
    visible: bool


class Drawing:
    """The items of one screen in stacking order, and its animation clock."""

    def __init__(self) -> None:
        self.items: list[Item] = []
        #: Seconds of animation since the screen was created.
        self.clock = 0.0
        #: Until when the drawing has been shown: what happened before is drawn at once.
        self.shown_until = 0.0
        self.changed = False
        #: How many times the drawing was shown: a line goes on in a new item after each.
        self.epoch = 0
        self._segments = 0

    def add(self, item: Item) -> None:
        self.items.append(item)
        self.changed = True

    def extend(self, stroke: Stroke, point: Point, start: float, end: float) -> None:
        """Add a segment to ``stroke``, drawn from ``start`` to ``end``."""
        if self._segments >= MAX_SEGMENTS:
            raise TurtleGraphicsError(messages.TURTLE_TOO_MANY_SEGMENTS.format(limit=MAX_SEGMENTS))
        self._segments += 1
        stroke.points.append(point)
        stroke.timing.append((start, end))
        self.changed = True

    def delete(self, owner: int | None = None, *, items: list[Item] | None = None) -> None:
        """Delete ``items``, or every item of ``owner`` (every item when ``owner`` is None)."""
        doomed = items if items is not None else self.items
        for item in doomed:
            if item.dies is None and (items is not None or owner in (None, item.owner)):
                item.dies = self.clock
                self.changed = True

    def live(self) -> list[Item]:
        """The items not deleted."""
        return [item for item in self.items if item.dies is None]

    def advance(self, seconds: float) -> tuple[float, float]:
        """Move the clock on by ``seconds``; the (start, end) of that time."""
        start = self.clock
        if seconds > 0 and math.isfinite(seconds):
            self.clock += seconds
        return start, self.clock

    def settle(self) -> None:
        """After an output showed the drawing: forget what was deleted, start a new epoch."""
        self.items = [item for item in self.items if item.dies is None]
        self._segments = sum(len(i.timing) for i in self.items if isinstance(i, Stroke))
        self.shown_until = self.clock
        self.changed = False
        self.epoch += 1
