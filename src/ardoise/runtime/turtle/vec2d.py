"""``Vec2D``: the 2D vector turtle positions are, with CPython's arithmetic and repr."""

from __future__ import annotations

import math
from typing import Any

__all__ = ["Vec2D"]


class Vec2D(tuple[float, float]):
    """A 2D vector, and a tuple: ``a + b``, ``a - b``, ``a * b`` (inner product), ``k * a``,
    ``abs(a)`` and ``a.rotate(angle)``.
    """

    __slots__ = ()

    def __new__(cls, x: float, y: float) -> Vec2D:
        return tuple.__new__(cls, (x, y))

    def __add__(self, other: Any) -> Vec2D:
        return Vec2D(self[0] + other[0], self[1] + other[1])

    def __mul__(self, other: Any) -> Any:
        if isinstance(other, Vec2D):
            return self[0] * other[0] + self[1] * other[1]
        return Vec2D(self[0] * other, self[1] * other)

    def __rmul__(self, other: Any) -> Any:
        if isinstance(other, int | float):
            return Vec2D(self[0] * other, self[1] * other)
        return NotImplemented

    def __sub__(self, other: Any) -> Vec2D:
        return Vec2D(self[0] - other[0], self[1] - other[1])

    def __neg__(self) -> Vec2D:
        return Vec2D(-self[0], -self[1])

    def __abs__(self) -> float:
        return math.hypot(*self)

    def rotate(self, angle: float) -> Vec2D:
        """This vector turned counterclockwise by ``angle`` degrees."""
        perp = Vec2D(-self[1], self[0])
        radians = math.radians(angle)
        c, s = math.cos(radians), math.sin(radians)
        return Vec2D(self[0] * c + perp[0] * s, self[1] * c + perp[1] * s)

    def __getnewargs__(self) -> tuple[float, float]:
        return (self[0], self[1])

    def __repr__(self) -> str:
        return "({:.2f},{:.2f})".format(*self)
