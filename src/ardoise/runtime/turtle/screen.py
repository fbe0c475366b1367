"""The screen turtles draw on: CPython's ``TurtleScreen`` and ``_Screen``, without a window.

Instead of a Tk canvas, a screen keeps a `Drawing` and the time CPython's
animation would have taken; at the end of each cell that drew, the drawing is
shown in the cell's output (see `publish`). Calls that need a live window
(mouse and key events, timers) are accepted with a note, since a picture
cannot call back.
"""

from __future__ import annotations

import builtins
import os
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .. import messages
from . import publish
from .colors import is_color_string
from .drawing import Drawing
from .errors import TurtleGraphicsError
from .shapes import DEFAULT_SHAPES, Image, Shape, read_image

if TYPE_CHECKING:
    from .raw import RawTurtle

__all__ = ["SCREEN_SIZE", "TurtleScreen", "_Screen"]

#: The desktop a notebook's screen pretends to be on: ``setup()``'s fractions are
#: of it, and CPython's default window (half its width, 3/4 of its height) is 640 by 480.
SCREEN_SIZE = (1280, 640)
#: What a Tk window adds to each animation frame's delay() to redraw, roughly.
FRAME_OVERHEAD_MS = 10


class TurtleScreen:
    """Provides screen oriented methods like bgcolor etc."""

    def __init__(self, mode: str = "standard", colormode: float = 1.0, delay: int = 10) -> None:
        self._shapes: dict[str, Shape] = DEFAULT_SHAPES()
        self._mode = mode
        self._delayvalue = delay
        self._colormode: float = 1.0
        self.xscale = self.yscale = 1.0
        self.canvwidth: float = 400
        self.canvheight: float = 300
        self._canvas_set = False
        self._window: tuple[float, float] = (640, 480)
        self._world: tuple[float, float, float, float] | None = None
        self._title = "Python Turtle Graphics"
        self.display_id = uuid.uuid4().hex
        #: Whether an output shows this screen already (later ones update it too).
        self._displayed = False
        self._closed = False
        self._noted: set[str] = set()
        self.clear()

    # --- what turtles use ---

    def _touch(self) -> None:
        """Something changed: show the drawing at the end of the cell."""
        self._drawing.changed = True
        publish.watch(self)

    def _frame(self) -> float:
        """Seconds one animation frame takes: delay() plus a redraw, none without tracing."""
        if self._tracing <= 0:
            return 0.0
        return (self._delayvalue + FRAME_OVERHEAD_MS) / 1000 / self._tracing

    def _check_open(self) -> None:
        if self._closed:
            from .errors import Terminator

            raise Terminator(messages.TURTLE_CLOSED)

    # --- CPython's TurtleScreen ---

    def clear(self) -> None:
        """Delete all drawings and all turtles from the screen; white background, tracing on."""
        self._delayvalue = 10
        self._colormode = 1.0
        drawing: Drawing | None = getattr(self, "_drawing", None)
        if drawing is None:
            self._drawing = Drawing()
        else:
            drawing.delete()
        self._bgcolor = "white"
        self._bgpic: Image | None = None
        self._bgpicname = "nopic"
        self._tracing = 1
        self._turtles: list[RawTurtle] = []
        from .raw import Turtle

        if Turtle._screen is self:
            Turtle._pen = None
        self._touch()

    def mode(self, mode: str | None = None) -> str | None:
        """Set the turtle mode ("standard", "logo" or "world") and reset; or return it."""
        if mode is None:
            return self._mode
        mode = mode.lower()
        if mode not in ["standard", "logo", "world"]:
            raise TurtleGraphicsError(f"No turtle-graphics-mode {mode}")
        self._mode = mode
        if mode in ["standard", "logo"]:
            self._world = None
            self.xscale = self.yscale = 1.0
        self.reset()
        return None

    def setworldcoordinates(self, llx: float, lly: float, urx: float, ury: float) -> None:
        """Use coordinates from (llx, lly) at the lower left to (urx, ury) at the upper right."""
        if self.mode() != "world":
            self.mode("world")
        xspan, yspan = float(urx - llx), float(ury - lly)
        width, height = self._window
        self.screensize(width - 20, height - 20)
        self.xscale = self.canvwidth / xspan
        self.yscale = self.canvheight / yspan
        self._world = (llx, lly, urx, ury)
        self._touch()

    def register_shape(self, name: str, shape: Any = None) -> None:
        """Add a shape: a GIF file's name, a name and a tuple of points, or a name and a Shape."""
        if shape is None:
            if not name.lower().endswith(".gif"):
                raise TurtleGraphicsError(
                    "Bad arguments for register_shape.\nUse  help(register_shape)"
                )
            shape = Shape("image", read_image(name))
        elif isinstance(shape, tuple):
            shape = Shape("polygon", shape)
        self._shapes[name] = shape

    addshape = register_shape

    def _colorstr(self, color: Any) -> str:
        """The colour string for a string or (r, g, b) in the current colormode."""
        if len(color) == 1:
            color = color[0]
        if isinstance(color, str):
            if is_color_string(color) or color == "":
                return color
            raise TurtleGraphicsError(f"bad color string: {color}")
        try:
            r, g, b = color
        except (TypeError, ValueError):
            raise TurtleGraphicsError(f"bad color arguments: {color}") from None
        if self._colormode == 1.0:
            r, g, b = (round(255.0 * x) for x in (r, g, b))
        if not (0 <= r <= 255 and 0 <= g <= 255 and 0 <= b <= 255):
            raise TurtleGraphicsError(f"bad color sequence: {color}")
        return f"#{r:02x}{g:02x}{b:02x}"

    def _color(self, cstr: str) -> Any:
        if not cstr.startswith("#"):
            return cstr
        if len(cstr) == 7:
            channels = [int(cstr[i : i + 2], 16) for i in (1, 3, 5)]
        elif len(cstr) == 4:
            channels = [16 * int(digit, 16) for digit in cstr[1:]]
        else:
            raise TurtleGraphicsError(f"bad colorstring: {cstr}")
        return tuple(c * self._colormode / 255 for c in channels)

    def colormode(self, cmode: float | None = None) -> float | None:
        """Return the colormode, or set it to 1.0 or 255 (the range of r, g, b)."""
        if cmode is None:
            return self._colormode
        if cmode == 1.0:
            self._colormode = float(cmode)
        elif cmode == 255:
            self._colormode = int(cmode)
        return None

    def reset(self) -> None:
        """Reset all turtles on the screen to their initial state."""
        for turtle in self._turtles:
            turtle._setmode(self._mode)
            turtle.reset()

    clearscreen = clear
    resetscreen = reset

    def turtles(self) -> list[RawTurtle]:
        """The list of turtles on the screen."""
        return self._turtles

    def bgcolor(self, *args: Any) -> Any:
        """Set or return the background colour (a colour string or r, g, b)."""
        if args:
            self._bgcolor = self._colorstr(args)
            self._touch()
            return None
        return self._color(self._bgcolor)

    def tracer(self, n: int | None = None, delay: int | None = None) -> int | None:
        """Turn the animation on (1) or off (0), or show only every n-th step; or return it.

        With ``tracer(0)`` the drawing is shown finished at the end of the
        cell; ``delay`` sets the milliseconds an animation step waits.
        """
        if n is None:
            return self._tracing
        self._tracing = int(n)
        if delay is not None:
            self._delayvalue = int(delay)
        if self._tracing:
            self.update()
        return None

    def delay(self, delay: int | None = None) -> int | None:
        """Return or set the drawing delay in milliseconds (each animation step waits that)."""
        if delay is None:
            return self._delayvalue
        self._delayvalue = int(delay)
        return None

    @contextmanager
    def no_animation(self) -> Iterator[None]:
        """``with no_animation():`` draws the block at once (tracer(0)), then animates again."""
        tracer = self.tracer()
        try:
            self.tracer(0)
            yield
        finally:
            self.tracer(tracer)

    def save(self, filename: str, *, overwrite: bool = False) -> None:
        """Save the drawing as an SVG file (a name ending in ``.svg``)."""
        if not str(filename).lower().endswith(".svg"):
            raise TurtleGraphicsError(messages.TURTLE_SAVE_SVG.format(filename=filename))
        if not overwrite and os.path.exists(filename):
            raise FileExistsError(messages.TURTLE_FILE_EXISTS.format(filename=filename))
        with open(filename, "w", encoding="utf-8") as file:
            file.write(publish.bundle(self, animated=False)["image/svg+xml"])

    def update(self) -> None:
        """Perform a screen update: the drawing is shown at the end of the cell anyway."""
        self._touch()

    def window_width(self) -> int:
        """The width of the turtle window."""
        return int(self._window[0])

    def window_height(self) -> int:
        """The height of the turtle window."""
        return int(self._window[1])

    def getcanvas(self) -> Any:
        """There is no Tk canvas: this raises TurtleGraphicsError."""
        raise TurtleGraphicsError(messages.TURTLE_NO_CANVAS)

    def getshapes(self) -> list[str]:
        """The names of the shapes available, sorted."""
        return sorted(self._shapes.keys())

    def bgpic(self, picname: str | None = None) -> str | None:
        """Set the background image (a GIF or PNG file, "nopic" for none), or return its name."""
        if picname is None:
            return self._bgpicname
        self._bgpic = None if picname == "nopic" else read_image(picname)
        self._bgpicname = picname
        self._touch()
        return None

    def screensize(
        self, canvwidth: float | None = None, canvheight: float | None = None, bg: Any = None
    ) -> tuple[float, float] | None:
        """Set or return the size of the canvas; the picture shows it all, and the window."""
        if canvwidth is canvheight is bg is None:
            return self.canvwidth, self.canvheight
        self._canvas_set = self._canvas_set or bool(canvwidth or canvheight)
        if canvwidth:
            self.canvwidth = canvwidth
        if canvheight:
            self.canvheight = canvheight
        if bg:
            self.bgcolor(bg)
        self._touch()
        return None

    # --- events: none in a picture ---

    def _no_events(self, what: str, fun: Callable[..., Any] | None) -> None:
        if fun is not None and what not in self._noted:
            self._noted.add(what)
            print(messages.TURTLE_NO_EVENTS.format(what=what), file=sys.stderr)

    def onclick(self, fun: Callable[..., Any] | None, btn: int = 1, add: Any = None) -> None:
        """Mouse clicks cannot happen on a picture: this only says so."""
        self._no_events("onclick", fun)

    onscreenclick = onclick

    def onkey(self, fun: Callable[..., Any] | None, key: str | None = None) -> None:
        """Keys cannot be pressed on a picture: this only says so."""
        self._no_events("onkey", fun)

    onkeyrelease = onkey

    def onkeypress(self, fun: Callable[..., Any] | None, key: str | None = None) -> None:
        """Keys cannot be pressed on a picture: this only says so."""
        self._no_events("onkeypress", fun)

    def ontimer(self, fun: Callable[..., Any] | None, t: int = 0) -> None:
        """Timers need a live window: this only says so."""
        self._no_events("ontimer", fun)

    def listen(self, xdummy: Any = None, ydummy: Any = None) -> None:
        """Accepted: there are no key events to listen to."""

    def mainloop(self) -> None:
        """Nothing to wait for: the drawing is shown at the end of the cell."""

    done = mainloop

    def textinput(self, title: str, prompt: str) -> str | None:
        """Ask for a string below the cell (``input()``), as a dialog would."""
        return str(builtins.input(f"{prompt} "))

    def numinput(
        self,
        title: str,
        prompt: str,
        default: float | None = None,
        minval: float | None = None,
        maxval: float | None = None,
    ) -> float | None:
        """Ask for a number below the cell until it is one between ``minval`` and ``maxval``."""
        while True:
            answer = str(builtins.input(f"{prompt} ")).strip()
            if not answer and default is not None:
                return float(default)
            try:
                value = float(answer)
            except ValueError:
                print(messages.TURTLE_NOT_A_NUMBER)
                continue
            if minval is not None and value < minval:
                print(messages.TURTLE_TOO_SMALL.format(value=minval))
            elif maxval is not None and value > maxval:
                print(messages.TURTLE_TOO_LARGE.format(value=maxval))
            else:
                return value

    # --- what the picture shows ---

    def _region(self) -> tuple[float, float, float, float]:
        """The part of the plane the picture shows at least, in pixels (y up)."""
        if self._world is not None:
            llx, lly, urx, ury = self._world
            return (llx * self.xscale - 10, lly * self.yscale - 10,
                    urx * self.xscale + 10, ury * self.yscale + 10)  # fmt: skip
        width, height = self._window
        if self._canvas_set:  # a canvas bigger than the window scrolls: show it all
            width, height = max(width, self.canvwidth), max(height, self.canvheight)
        return -width / 2, -height / 2, width / 2, height / 2


class _Screen(TurtleScreen):
    """The screen of ``Screen()``: a TurtleScreen with a window size, a title and ``bye()``."""

    def __init__(self) -> None:
        super().__init__()
        self.setup()

    def setup(
        self,
        width: float = 0.5,
        height: float = 0.75,
        startx: int | None = None,
        starty: int | None = None,
    ) -> None:
        """Set the window's size: pixels, or a fraction of the screen (a float up to 1).

        ``startx`` and ``starty`` place a desktop window; they mean nothing here.
        """
        screen_width, screen_height = SCREEN_SIZE
        if isinstance(width, float) and 0 <= width <= 1:
            width = screen_width * width
        if isinstance(height, float) and 0 <= height <= 1:
            height = screen_height * height
        self._window = (width, height)
        self._touch()

    def title(self, titlestring: str) -> None:
        """Set the title of the turtle window: here, what the picture is called."""
        self._title = str(titlestring)
        self._touch()

    def bye(self) -> None:
        """Shut the turtle graphics window: the drawing stays, the next turtle starts a new one."""
        from .raw import Turtle

        self._closed = True
        if Turtle._screen is self:
            Turtle._screen = None
            Turtle._pen = None

    def exitonclick(self) -> None:
        """Nothing to wait for: the drawing is shown at the end of the cell."""
