"""matplotlib's inline backend: figures appear under the cell as PNG images.

The kernel sets ``MPLBACKEND=module://ardoise.runtime.backend_inline`` when
it starts (unless it is set already), and matplotlib imports this module the
first time a figure is made: nothing here runs for cells that never plot.
As in Jupyter (the ``matplotlib-inline`` package), ``plt.show()`` shows the
open figures at once, figures still open at the end of a cell are shown then,
and shown figures are closed; a `Figure` as a cell's last expression shows as
its image.

This module imports matplotlib, which only exists where a cell asked for it;
the rest of the runtime never imports this module.
"""

from __future__ import annotations

import io
import weakref
from typing import Any

import matplotlib  # type: ignore[import-not-found, unused-ignore]
from matplotlib._pylab_helpers import Gcf  # type: ignore[import-not-found, unused-ignore]
from matplotlib.backend_bases import (  # type: ignore[import-not-found, unused-ignore]
    FigureManagerBase,
)
from matplotlib.backends.backend_agg import (  # type: ignore[import-not-found, unused-ignore]
    FigureCanvasAgg,
)
from matplotlib.figure import Figure  # type: ignore[import-not-found, unused-ignore]

from .output import display
from .shell import InteractiveShell, get_ipython

__all__ = ["FigureCanvas", "FigureManager", "flush_figures", "show"]

FigureCanvas = FigureCanvasAgg
FigureManager = FigureManagerBase

# The shells whose cells end with `flush_figures` (one per kernel).
_attached: weakref.WeakSet[InteractiveShell] = weakref.WeakSet()


def new_figure_manager(num: int, *args: Any, FigureClass: Any = Figure, **kwargs: Any) -> Any:
    """A manager for a new figure (matplotlib's backend interface)."""
    return new_figure_manager_given_figure(num, FigureClass(*args, **kwargs))


def new_figure_manager_given_figure(num: int, figure: Any) -> Any:
    """A manager for `figure`, drawn with Agg; the kernel learns to show figures."""
    _attach()
    return FigureCanvasAgg.new_manager(figure, num)


def show(close: bool | None = None, block: bool | None = None) -> None:
    """Show every open figure under the cell now, then close them (``plt.show()``)."""
    try:
        for manager in Gcf.get_all_fig_managers():
            display(manager.canvas.figure)
    finally:
        if close is not False:
            matplotlib.pyplot.close("all")


def flush_figures() -> None:
    """At the end of a cell: show the figures it left open, as ``plt.show()`` would."""
    if matplotlib.is_interactive() and Gcf.get_all_fig_managers():
        show(close=True)


def figure_png(figure: Any) -> bytes | None:
    """The PNG image of `figure`, cropped to what is drawn; none for an empty figure."""
    if not figure.axes and not figure.lines and not figure.texts and not figure.images:
        return None
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


def _attach() -> None:
    """Show figures at the end of this kernel's cells, and figures as their images."""
    shell = get_ipython()
    if shell is None or shell in _attached:
        return
    _attached.add(shell)
    shell.events.register("post_execute", flush_figures)
    shell.display_formatter.formatters["image/png"].for_type(Figure, figure_png)


# Once, when matplotlib first loads the backend, as matplotlib-inline does:
# pyplot then draws after each command, and figures show at the end of a cell.
matplotlib.interactive(True)
_attach()
