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
from .drawing import Dot, Fill, Pose, ShapePart, Stamp, Stroke, Text
from .errors import TurtleGraphicsError
from .navigator import TNavigator
from .pen import TPen
from .screen import TurtleScreen, _Screen
from .shapes import Image, Point
from .text import font_of, text_box
from .vec2d import Vec2D

__all__ = ["RawTurtle", "Screen", "Turtle"]

_owners = itertools.count(1)


def _point(vector: Vec2D) -> Point:
    return (vector[0], vector[1])


_stamp_ids = itertools.count(1)


class RawTurtle(TPen, TNavigator):
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
            drawing.extend(self._line(start, t0), _point(end), t0, t1)
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
        item = Stamp(self._owner, drawing.clock, _point(self._position), self._angle, parts, image)
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
            self._fill.points = [_point(p) for p in self._fillpath]
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
        drawing.add(Dot(self._owner, drawing.clock, _point(self._position), size, dot_color))
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
            self._owner, drawing.clock, _point(self._position), str(arg), align,
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
