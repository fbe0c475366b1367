"""``IPython.display`` as notebooks use it: ``display``, display objects, ``clear_output`` …

When IPython is not installed (it never is in the browser), this module is
also importable as ``IPython.display`` and ``IPython.core.display``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..output import DisplayHandle, clear_output, display, update_display
from .javascript import Javascript
from .media import Audio, IFrame, Image, Video, YouTubeVideo
from .objects import (
    HTML,
    JSON,
    SVG,
    Code,
    DisplayObject,
    Latex,
    Markdown,
    Math,
    Pretty,
    TextDisplayObject,
)
from .progress import ProgressBar

__all__ = [
    "HTML",
    "JSON",
    "SVG",
    "Audio",
    "Code",
    "DisplayHandle",
    "DisplayObject",
    "IFrame",
    "Image",
    "Javascript",
    "Latex",
    "Markdown",
    "Math",
    "Pretty",
    "ProgressBar",
    "TextDisplayObject",
    "Video",
    "YouTubeVideo",
    "clear_output",
    "display",
    "display_html",
    "display_javascript",
    "display_jpeg",
    "display_json",
    "display_latex",
    "display_markdown",
    "display_pdf",
    "display_png",
    "display_pretty",
    "display_svg",
    "publish_display_data",
    "update_display",
]


def publish_display_data(
    data: dict[str, Any],
    metadata: dict[str, Any] | None = None,
    source: str | None = None,
    *,
    transient: dict[str, Any] | None = None,
    **kwargs: Any,
) -> None:
    """Publish a mime bundle as it is (``source`` is ignored, as in IPython 8)."""
    display(data, raw=True, metadata=metadata, transient=transient, **kwargs)


def _display_as(mime: str) -> Callable[..., None]:
    def show(*objs: Any, raw: bool = False, metadata: dict[str, Any] | None = None) -> None:
        if raw:
            display(*({mime: obj} for obj in objs), raw=True, metadata=metadata)
        else:
            display(*objs, include=[mime], metadata=metadata)

    show.__name__ = f"display_{mime.split('/')[1].split('+')[0]}"
    show.__doc__ = (
        f"""Show only the {mime} form of each object; ``raw=True``: objects are {mime} data."""
    )
    return show


display_html = _display_as("text/html")
display_markdown = _display_as("text/markdown")
display_latex = _display_as("text/latex")
display_json = _display_as("application/json")
display_javascript = _display_as("application/javascript")
display_svg = _display_as("image/svg+xml")
display_png = _display_as("image/png")
display_jpeg = _display_as("image/jpeg")
display_pdf = _display_as("application/pdf")
display_pretty = _display_as("text/plain")
