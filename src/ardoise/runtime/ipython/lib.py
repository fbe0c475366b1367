"""``IPython.lib`` and the parts of it that libraries reach for.

``IPython.lib.pretty.pretty`` (the plain-text form), ``IPython.lib.display``
(``Audio``, ``IFrame``, ``YouTubeVideo``) and ``IPython.lib.latextools``,
whose ``latex_to_png`` has no LaTeX to run here: the page renders
``text/latex`` itself, so it declines and libraries fall back to that.
"""

from __future__ import annotations

import sys
from typing import Any

from .. import printers as pretty
from . import display

__all__ = ["display", "latex_to_png", "latextools", "pretty"]


def latex_to_png(s: str, *args: Any, **kwargs: Any) -> None:
    """No PNG: there is no LaTeX in the browser; ``text/latex`` is shown instead."""
    return None


latextools = sys.modules[__name__]
