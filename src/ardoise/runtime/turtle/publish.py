"""Showing a screen in the notebook: once, at the end of each cell that drew on it.

The drawing goes out as ``image/svg+xml`` with a ``display_id`` that belongs
to the screen: the cell that drew shows it (what it added is animated), and
the outputs of earlier cells that showed the same screen are updated in place,
so every output of a screen shows the same drawing, as a turtle window would.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import messages
from ..output import display
from ..shell import get_ipython
from .drawing import Dot, Fill, Item, Stamp, Stroke, Text
from .svg import Cursor, View, render

if TYPE_CHECKING:
    from .screen import TurtleScreen

__all__ = ["bundle", "describe", "flush", "forget", "watch"]

_pending: list[TurtleScreen] = []
_HOOKED = "_ardoise_turtle_hooked"


def watch(screen: TurtleScreen) -> None:
    """Show ``screen`` at the end of the running cell."""
    if screen not in _pending:
        _pending.append(screen)
    shell = get_ipython()
    if shell is not None and not getattr(shell, _HOOKED, False):
        shell.events.register("post_execute", flush)
        setattr(shell, _HOOKED, True)


def forget() -> None:
    """Drop the screens waiting to be shown (a new kernel starts)."""
    _pending.clear()


def flush() -> None:
    """Show every screen that changed during the cell (``post_execute``)."""
    screens = list(_pending)
    _pending.clear()
    for screen in screens:
        _show(screen)


def _show(screen: TurtleScreen) -> None:
    data = bundle(screen)
    if screen._displayed:
        display(data, raw=True, display_id=screen.display_id, update=True)
    display(data, raw=True, display_id=screen.display_id)
    screen._displayed = True
    screen._drawing.settle()
    for turtle in screen._turtles:
        del turtle._track[:-1]


def bundle(screen: TurtleScreen, *, animated: bool = True) -> dict[str, str]:
    """The mime bundle that shows ``screen`` now: an SVG, and a sentence for screen readers.

    What was drawn since the screen was last shown is animated, unless ``animated=False``.
    """
    view = View(
        region=screen._region(),
        xscale=screen.xscale,
        yscale=screen.yscale,
        background=screen._bgcolor,
        picture=screen._bgpic,
        title=screen._title,
    )
    cursors = []
    for turtle in screen._turtles:
        parts, image = turtle._look()
        cursors.append(Cursor(list(turtle._track), parts, image))
    prefix = f"t{screen.display_id[:8]}{screen._drawing.epoch}"
    svg = render(screen._drawing, cursors, view, prefix=prefix, animated=animated)
    return {"image/svg+xml": svg, "text/plain": describe(screen)}


def describe(screen: TurtleScreen) -> str:
    """What the drawing holds, in words, for screen readers and text-only front ends.

    For instance "Python Turtle Graphics: 4 lines, 1 filled shape, 1 turtle".
    """
    items: list[Item] = screen._drawing.live()
    segments = sum(len(item.timing) for item in items if isinstance(item, Stroke))
    fills = sum(1 for item in items if isinstance(item, Fill) and item.points)
    texts = [item.text for item in items if isinstance(item, Text)]
    counts = [
        (segments, "line", "lines"),
        (fills, "filled shape", "filled shapes"),
        (sum(1 for item in items if isinstance(item, Dot)), "dot", "dots"),
        (sum(1 for item in items if isinstance(item, Stamp)), "stamp", "stamps"),
        (sum(1 for turtle in screen._turtles if turtle._shown), "turtle", "turtles"),
    ]
    parts = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
    parts += [f"the text {text!r}" for text in texts[:5]]
    content = ", ".join(parts) or messages.TURTLE_EMPTY
    return messages.TURTLE_DRAWING.format(title=screen._title, content=content)
