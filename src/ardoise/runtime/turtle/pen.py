"""The pen of a turtle: CPython's ``TPen`` (size, colours, speed, up or down, visibility)."""

from __future__ import annotations

import math
from typing import Any

__all__ = ["TPen"]

_SPEEDS = {"fastest": 0, "fast": 10, "normal": 6, "slow": 3, "slowest": 1}


class TPen:
    """Drawing part of the RawTurtle: the pen's attributes."""

    def __init__(self, resizemode: str = "noresize") -> None:
        self._resizemode = resizemode
        TPen._reset(self)

    def _reset(self, pencolor: str = "black", fillcolor: str = "black") -> None:
        self._pensize: float = 1
        self._shown = True
        self._pencolor = pencolor
        self._fillcolor = fillcolor
        self._drawing = True
        self._speed = 3
        self._stretchfactor: tuple[float, float] = (1.0, 1.0)
        self._shearfactor = 0.0
        self._tilt = 0.0
        self._shapetrafo: tuple[float, float, float, float] = (1.0, 0.0, 0.0, 1.0)
        self._outlinewidth: float = 1

    def resizemode(self, rmode: str | None = None) -> str | None:
        """Set or return how the turtle's shape is sized: "auto", "user" or "noresize"."""
        if rmode is None:
            return self._resizemode
        rmode = rmode.lower()
        if rmode in ["auto", "user", "noresize"]:
            self.pen(resizemode=rmode)
        return None

    def pensize(self, width: float | None = None) -> float | None:
        """Set or return the line thickness."""
        if width is None:
            return self._pensize
        self.pen(pensize=width)
        return None

    def penup(self) -> None:
        """Pull the pen up: no drawing when moving."""
        if self._drawing:
            self.pen(pendown=False)

    def pendown(self) -> None:
        """Put the pen down: drawing when moving."""
        if not self._drawing:
            self.pen(pendown=True)

    def isdown(self) -> bool:
        """Whether the pen is down."""
        return self._drawing

    def speed(self, speed: Any = None) -> Any:
        """Set or return the turtle's speed: 1 (slowest) to 10 (fast), or 0 (no animation).

        Also "fastest" (0), "fast" (10), "normal" (6), "slow" (3), "slowest" (1).
        Numbers above 10 or below 0.5 mean 0.
        """
        if speed is None:
            return self._speed
        if speed in _SPEEDS:
            speed = _SPEEDS[speed]
        elif 0.5 < speed < 10.5:
            speed = round(speed)
        else:
            speed = 0
        self.pen(speed=speed)
        return None

    def color(self, *args: Any) -> Any:
        """Set or return the pen colour and the fill colour.

        ``color()`` returns both; ``color(c)`` sets both to ``c``;
        ``color(pen, fill)`` sets each; ``color(r, g, b)`` sets both.
        """
        if args:
            count = len(args)
            if count == 1:
                pcolor = fcolor = args[0]
            elif count == 2:
                pcolor, fcolor = args
            elif count == 3:
                pcolor = fcolor = args
            else:
                return self._colorstr(args)  # raises "bad color arguments"
            pcolor = self._colorstr(pcolor)
            fcolor = self._colorstr(fcolor)
            self.pen(pencolor=pcolor, fillcolor=fcolor)
            return None
        return self._color(self._pencolor), self._color(self._fillcolor)

    def pencolor(self, *args: Any) -> Any:
        """Set or return the pen colour: a Tk colour name, "#rrggbb", (r, g, b) or r, g, b."""
        if args:
            color = self._colorstr(args)
            if color != self._pencolor:
                self.pen(pencolor=color)
            return None
        return self._color(self._pencolor)

    def fillcolor(self, *args: Any) -> Any:
        """Set or return the fill colour: a Tk colour name, "#rrggbb", (r, g, b) or r, g, b."""
        if args:
            color = self._colorstr(args)
            if color != self._fillcolor:
                self.pen(fillcolor=color)
            return None
        return self._color(self._fillcolor)

    def showturtle(self) -> None:
        """Make the turtle visible."""
        self.pen(shown=True)

    def hideturtle(self) -> None:
        """Make the turtle invisible (drawing is the same, only the turtle is not shown)."""
        self.pen(shown=False)

    def isvisible(self) -> bool:
        """Whether the turtle is shown."""
        return self._shown

    def pen(self, pen: dict[str, Any] | None = None, **pendict: Any) -> dict[str, Any] | None:
        """Return or set the pen's attributes, as a dictionary or keyword arguments.

        Keys: shown, pendown, pencolor, fillcolor, pensize, speed, resizemode,
        stretchfactor, shearfactor, outline, tilt.
        """
        _pd = {
            "shown": self._shown,
            "pendown": self._drawing,
            "pencolor": self._pencolor,
            "fillcolor": self._fillcolor,
            "pensize": self._pensize,
            "speed": self._speed,
            "resizemode": self._resizemode,
            "stretchfactor": self._stretchfactor,
            "shearfactor": self._shearfactor,
            "outline": self._outlinewidth,
            "tilt": self._tilt,
        }
        if not (pen or pendict):
            return _pd
        p = dict(pen) if isinstance(pen, dict) else {}
        p.update(pendict)
        for key in p:
            _pd[key]
        new_line = (
            ("pendown" in p and self._drawing != p["pendown"])
            or ("pencolor" in p and self._pencolor != self._pen_color_of(p))
            or ("pensize" in p and self._pensize != p["pensize"])
        )
        if new_line:
            self._newLine()
        if "pendown" in p:
            self._drawing = p["pendown"]
        if "pencolor" in p:
            self._pencolor = self._pen_color_of(p)
        if "pensize" in p:
            self._pensize = p["pensize"]
        if "fillcolor" in p:
            fill = p["fillcolor"]
            self._fillcolor = self._colorstr((fill,)) if isinstance(fill, tuple) else fill
        if "speed" in p:
            self._speed = p["speed"]
        if "resizemode" in p:
            self._resizemode = p["resizemode"]
        if "stretchfactor" in p:
            sf = p["stretchfactor"]
            self._stretchfactor = (sf, sf) if isinstance(sf, int | float) else sf
        if "shearfactor" in p:
            self._shearfactor = p["shearfactor"]
        if "outline" in p:
            self._outlinewidth = p["outline"]
        if "shown" in p:
            self._shown = p["shown"]
        if "tilt" in p:
            self._tilt = p["tilt"]
        if "stretchfactor" in p or "tilt" in p or "shearfactor" in p:
            scx, scy = self._stretchfactor
            shf = self._shearfactor
            sa, ca = math.sin(self._tilt), math.cos(self._tilt)
            self._shapetrafo = (scx * ca, scy * (shf * ca + sa), -scx * sa, scy * (ca - shf * sa))
        self._update()
        return None

    def _pen_color_of(self, p: dict[str, Any]) -> str:
        color = p["pencolor"]
        if isinstance(color, tuple):
            color = self._colorstr((color,))
            p["pencolor"] = color
        return str(color)

    # Overridden by RawTurtle.
    def _newLine(self, usePos: bool = True) -> None:
        pass

    def _update(self) -> None:
        pass

    def _color(self, args: str) -> Any:
        return args

    def _colorstr(self, args: Any) -> str:
        return str(args)

    width = pensize
    up = penup
    pu = penup
    pd = pendown
    down = pendown
    st = showturtle
    ht = hideturtle
