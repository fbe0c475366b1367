"""The turtle module's exceptions, named as CPython names them (``turtle.TurtleGraphicsError``)."""

from __future__ import annotations

__all__ = ["Terminator", "TurtleGraphicsError"]


class Terminator(Exception):
    """Raised by a turtle whose screen was closed with ``bye()``."""

    __module__ = "turtle"


class TurtleGraphicsError(Exception):
    """Some TurtleGraphics Error"""

    __module__ = "turtle"
