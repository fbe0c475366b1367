"""``RawTurtle`` and ``Turtle``: CPython's turtles, recording into their screen's drawing.

Moves and turns change position and heading exactly as CPython does
(`TNavigator`); what CPython would show on a canvas becomes items of the
screen's `Drawing`, stamped with the time the animation would take at the
turtle's speed: CPython's number of animation frames for the move or turn,
times one frame (`TurtleScreen._frame`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

from .. import messages
from .drawing import Dot, Fill, Pose, Stamp, Stroke, Text
from .errors import TurtleGraphicsError
from .looks import TurtleLooks
from .navigator import TNavigator
from .pen import TPen
from .screen import TurtleScreen, _Screen
from .shapes import point
from .text import font_of, text_box
from .vec2d import Vec2D

__all__ = ["RawTurtle", "Screen", "Turtle"]

_owners = itertools.count(1)


class RawTurtle(TurtleLooks, TNavigator):
    """A turtle drawing on a screen (``RawTurtle(Screen())``); see `Turtle`."""

    screens: ClassVar[list[TurtleScreen]] = []

    def __init__(
        self,
        canvas: Any = None,
        shape: str = "classic",
        undobuffersize: int = 1000,
        visible: bool = True,
    ) -> None:
        if not isinstance(canvas, TurtleScreen):
            raise TurtleGraphicsError(f"bad canvas argument {canvas}")
        self.screen: TurtleScreen = canvas
        canvas._check_open()
        self._owner = next(_owners)
        self._stroke: Stroke | None = None
        self._stroke_epoch = -1
        self._fill: Fill | None = None
        self._fillpath: list[Vec2D] | None = None
        self._poly: list[Vec2D] | None = None
        self._creatingPoly = False
        self._stamps: list[tuple[int, Stamp]] = []
        self._track: list[Pose] = []
        self._angle = 0.0
        TNavigator.__init__(self, canvas.mode() or "standard")
        TPen.__init__(self)
        if shape not in canvas._shapes:
            raise TurtleGraphicsError(f"There is no shape named {shape}")
        self._shape = shape
        self._shown = visible
        self._angle = self._screen_angle()
        canvas._turtles.append(self)
        self._update()

    # --- the record: poses and lines ---

    def _screen_angle(self) -> float:
        """The heading as drawn on screen, in degrees counterclockwise from east."""
        e0, e1 = self._orient
        return math.degrees(math.atan2(e1 * self.screen.yscale, e0 * self.screen.xscale))

    def _pose(self, t: float) -> None:
        pose = Pose(t, self._position[0], self._position[1], self._angle, self._shown)
        track = self._track
        if track and track[-1] == pose:
            return
        if len(track) == 1 and track[0].t == t:  # made just now: nothing to move from
            track[0] = pose
            return
        state = (pose.x, pose.y, pose.angle, pose.visible)
        same = [p for p in track[-2:] if (p.x, p.y, p.angle, p.visible) == state]
        # Standing still, or jumping at one instant: keep only the first and last poses.
        if len(track) >= 2 and (len(same) == 2 or track[-1].t == track[-2].t == t):
            track[-1] = pose
        else:
            track.append(pose)

    def _frames(self, count: int) -> float:
        screen = self.screen
        if screen._tracing == 1:
            return count * screen._frame() if self._speed else 0.0
        return screen._frame()  # tracer(n): no steps, one update in n

    def _update(self) -> None:
        self.screen._check_open()
        self._pose(self.screen._drawing.clock)
        self.screen._touch()

    def _newLine(self, usePos: bool = True) -> None:
        self._stroke = None

    def _line(self, start: Vec2D, born: float) -> Stroke:
        drawing = self.screen._drawing
        stroke = self._stroke
        if stroke is None or stroke.dies is not None or self._stroke_epoch != drawing.epoch:
            stroke = Stroke(
                self._owner, born, self._pencolor, self._pensize, [(start[0], start[1])]
            )
            drawing.add(stroke)
            self._stroke, self._stroke_epoch = stroke, drawing.epoch
        return stroke

    def _goto(self, end: Vec2D) -> None:
        """Move to ``end``, drawing a line if the pen is down, in CPython's number of frames."""
        self.screen._check_open()
        start, screen = self._position, self.screen
        end = Vec2D(*end)
        hops = 1
        if self._speed and screen._tracing == 1:  # CPython's steps, only when it animates
            dx, dy = (end[0] - start[0]) * screen.xscale, (end[1] - start[1]) * screen.yscale
            hops = 1 + int(math.hypot(dx, dy) / (3 * (1.1**self._speed) * self._speed))
        drawing = screen._drawing
        self._pose(drawing.clock)
        t0, t1 = drawing.advance(self._frames(hops))
        if self._drawing:
            drawing.extend(self._line(start, t0), point(end), t0, t1)
        if self._fillpath is not None:
            self._fillpath.append(end)
        self._position = end
        if self._creatingPoly and self._poly is not None:
            self._poly.append(end)
        self._update()

    def _rotate(self, angle: float) -> None:
        """Turn by ``angle`` units counterclockwise, in CPython's number of frames."""
        self.screen._check_open()
        degrees = angle * self._degreesPerAU
        drawing = self.screen._drawing
        self._pose(drawing.clock)
        steps = 1 + int(abs(degrees) / (3.0 * self._speed)) if self._speed else 1
        drawing.advance(self._frames(steps))
        self._orient = self._orient.rotate(degrees)
        # On screen, the turtle turns the way it was told, even past a half turn.
        target, shown = self._angle + degrees, self._screen_angle()
        self._angle = shown + 360 * round((target - shown) / 360)
        self._update()

    # --- CPython's RawTurtle ---

    def reset(self) -> None:
        """Delete the turtle's drawings, put it home and give it its default pen."""
        TNavigator.reset(self)
        TPen._reset(self)
        self._clear()
        self._angle = self._screen_angle()
        self._update()

    def setundobuffer(self, size: int | None) -> None:
        """Accepted; undo() is not available here."""

    def undobufferentries(self) -> int:
        """0: there is no undo buffer here."""
        return 0

    def undo(self) -> None:
        """Not available in the notebook's turtle: raises TurtleGraphicsError."""
        raise TurtleGraphicsError(messages.TURTLE_NO_UNDO)

    def _clear(self) -> None:
        self._fill = self._fillpath = None
        self.screen._drawing.delete(self._owner)
        self._stroke = None
        self._stamps.clear()
        self.screen._touch()

    def clear(self) -> None:
        """Delete the turtle's drawings; the turtle does not move."""
        self._clear()
        self._update()

    def _color(self, args: str) -> Any:
        return self.screen._color(args)

    def _colorstr(self, args: Any) -> str:
        return self.screen._colorstr(args)

    def _tracer(self, flag: Any = None, delay: Any = None) -> Any:
        return self.screen.tracer(flag, delay)

    def _delay(self, delay: Any = None) -> Any:
        return self.screen.delay(delay)

    def clone(self) -> RawTurtle:
        """A new turtle with the same position, heading and pen."""
        twin = type(self).__new__(type(self))
        RawTurtle.__init__(twin, self.screen, self._shape, visible=self._shown)
        for name in (
            "_position", "_orient", "_angleOffset", "_angleOrient", "_fullcircle",
            "_degreesPerAU", "_mode", "_angle", "_pensize", "_pencolor", "_fillcolor",
            "_drawing", "_speed", "_resizemode", "_stretchfactor", "_shearfactor", "_tilt",
            "_shapetrafo", "_outlinewidth",
        ):  # fmt: skip
            setattr(twin, name, getattr(self, name))
        twin._track.clear()
        twin._update()
        return twin

    def filling(self) -> bool:
        """Whether the turtle is filling (between begin_fill and end_fill)."""
        return self._fillpath is not None

    def begin_fill(self) -> None:
        """Start recording the shape to fill."""
        drawing = self.screen._drawing
        if not self.filling():
            self._fill = Fill(self._owner, drawing.clock)
            drawing.add(self._fill)
        self._fillpath = [self._position]
        self._newLine()
        self._update()

    def end_fill(self) -> None:
        """Fill the shape drawn since begin_fill() with the fill colour."""
        if self._fill is None or self._fillpath is None:
            return
        drawing = self.screen._drawing
        if len(self._fillpath) > 2:
            self._fill.points = [point(p) for p in self._fillpath]
            self._fill.color = self._fillcolor
            self._fill.born = drawing.clock
        elif self._fill in drawing.items:
            drawing.items.remove(self._fill)
        self._fill = self._fillpath = None
        self._update()

    @contextmanager
    def fill(self) -> Iterator[None]:
        """``with turtle.fill():`` fills what the block draws (begin_fill, then end_fill)."""
        self.begin_fill()
        try:
            yield
        finally:
            self.end_fill()

    def dot(self, size: Any = None, *color: Any) -> None:
        """Draw a dot of diameter ``size`` (default: pensize + max(pensize, 4)) in ``color``."""
        if not color:
            if isinstance(size, str | tuple):
                dot_color = self._colorstr(size)
                size = self._pensize + max(self._pensize, 4)
            else:
                dot_color = self._pencolor
                if not size:
                    size = self._pensize + max(self._pensize, 4)
        else:
            if size is None:
                size = self._pensize + max(self._pensize, 4)
            dot_color = self._colorstr(color)
        drawing = self.screen._drawing
        drawing.add(Dot(self._owner, drawing.clock, point(self._position), size, dot_color))
        self._update()

    def write(
        self,
        arg: object,
        move: bool = False,
        align: str = "left",
        font: Any = ("Arial", 8, "normal"),
    ) -> None:
        """Write ``str(arg)`` at the turtle: ``align`` "left", "center" or "right";
        ``font`` (name, size, type); ``move=True`` moves the turtle to the text's end."""
        align = align.lower()
        if align not in ("left", "center", "right"):
            raise ValueError(f"align must be 'left', 'center' or 'right', not {align!r}")
        drawing, screen = self.screen._drawing, self.screen
        text = Text(
            self._owner, drawing.clock, point(self._position), str(arg), align,
            font_of(font), self._pencolor,
        )  # fmt: skip
        drawing.add(text)
        self._update()
        if move:
            x, y = self._position[0] * screen.xscale, -self._position[1] * screen.yscale
            right = text_box(text.text, align, text.font, x, y).right
            self.setpos((right - 1) / screen.xscale, self._position[1])

    def begin_poly(self) -> None:
        """Start recording the vertices of a polygon (get_poly() returns it)."""
        self._poly = [self._position]
        self._creatingPoly = True

    def end_poly(self) -> None:
        """Stop recording the vertices of a polygon."""
        self._creatingPoly = False

    def get_poly(self) -> tuple[Vec2D, ...] | None:
        """The last recorded polygon."""
        return tuple(self._poly) if self._poly is not None else None

    @contextmanager
    def poly(self) -> Iterator[None]:
        """``with turtle.poly():`` records the vertices the block visits."""
        self.begin_poly()
        try:
            yield
        finally:
            self.end_poly()

    def teleport(
        self, x: float | None = None, y: float | None = None, *, fill_gap: bool = False
    ) -> None:
        """Jump to (x, y) without drawing; ``fill_gap=True`` keeps a fill going across the jump."""
        pendown, was_filling = self.isdown(), self.filling()
        if pendown:
            self.pen(pendown=False)
        if was_filling and not fill_gap:
            self.end_fill()
        new_x = x if x is not None else self._position[0]
        new_y = y if y is not None else self._position[1]
        self._position = Vec2D(new_x, new_y)
        self.pen(pendown=pendown)
        if was_filling and not fill_gap:
            self.begin_fill()

    def getscreen(self) -> TurtleScreen:
        """The screen the turtle draws on."""
        return self.screen

    def getturtle(self) -> RawTurtle:
        """The turtle itself (useful as the function ``getturtle()``)."""
        return self

    getpen = getturtle

    def onclick(self, fun: Callable[..., Any] | None, btn: int = 1, add: Any = None) -> None:
        """Mouse clicks cannot happen on a picture: this only says so."""
        self.screen._no_events("onclick", fun)

    def onrelease(self, fun: Callable[..., Any] | None, btn: int = 1, add: Any = None) -> None:
        """Mouse clicks cannot happen on a picture: this only says so."""
        self.screen._no_events("onrelease", fun)

    def ondrag(self, fun: Callable[..., Any] | None, btn: int = 1, add: Any = None) -> None:
        """Mouse drags cannot happen on a picture: this only says so."""
        self.screen._no_events("ondrag", fun)


RawPen = RawTurtle


def Screen() -> _Screen:
    """The screen turtles draw on: one per notebook, created when first needed."""
    if Turtle._screen is None:
        Turtle._screen = _Screen()
    return Turtle._screen


class Turtle(RawTurtle):
    """A turtle on the notebook's screen (created when first needed).

    The module's functions (``forward(100)``) act on one such turtle, created
    at first use.
    """

    _pen: ClassVar[Turtle | None] = None
    _screen: ClassVar[_Screen | None] = None

    def __init__(
        self, shape: str = "classic", undobuffersize: int = 1000, visible: bool = True
    ) -> None:
        super().__init__(Screen(), shape=shape, undobuffersize=undobuffersize, visible=visible)


Pen = Turtle
