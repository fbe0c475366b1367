"""A notebook as plain, inert data for the server-rendered pages: text, and images checked.

Student content is never trusted. Every piece of text goes to Jinja's autoescaping;
no HTML, SVG, JavaScript or widget output is shown, only noted ("not shown here").
Markdown is shown as its source text: nothing in it becomes markup. Images are
shown only when they are PNG or JPEG base64 whose first bytes are those of the
format, as a `data:` URL the page's CSP allows for images and nothing else.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["CellView", "OutputView", "cells_of"]

# The first bytes of each image format shown; anything else is not shown.
_SIGNATURES = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}
_TEXT_OUTPUTS = ("text/plain",)


@dataclass(frozen=True)
class OutputView:
    """One output: `kind` is "text", "error", "image" or "omitted"."""

    kind: str
    text: str = ""
    image_url: str = ""
    mime: str = ""


@dataclass(frozen=True)
class CellView:
    index: int
    cell_id: str | None
    cell_type: str
    source: str
    outputs: list[OutputView] = field(default_factory=list)


def _text(value: Any) -> str:
    """nbformat's multiline strings (a string or a list of strings) as one string."""
    if isinstance(value, list):
        return "".join(str(part) for part in value)
    return value if isinstance(value, str) else ""


def _image(mime: str, data: Any) -> str | None:
    """A data: URL for a real PNG or JPEG, or None."""
    try:
        raw = base64.b64decode(_text(data).replace("\n", ""), validate=True)
    except (binascii.Error, ValueError):
        return None
    if not raw.startswith(_SIGNATURES[mime]):
        return None
    return f"data:{mime};base64,{base64.b64encode(raw).decode('ascii')}"


def _rich(data: dict[str, Any]) -> list[OutputView]:
    """The best safe view of a display_data/execute_result bundle."""
    for mime in _SIGNATURES:
        if mime in data:
            url = _image(mime, data[mime])
            if url:
                return [OutputView("image", text=_text(data.get("text/plain")), image_url=url)]
    shown = [OutputView("text", text=_text(data[mime])) for mime in _TEXT_OUTPUTS if mime in data]
    hidden = sorted(mime for mime in data if mime not in _TEXT_OUTPUTS)
    return [*shown, OutputView("omitted", mime=", ".join(hidden))] if hidden else shown


def _outputs(cell: dict[str, Any]) -> list[OutputView]:
    views: list[OutputView] = []
    for output in cell.get("outputs") or []:
        if not isinstance(output, dict):
            continue
        kind = output.get("output_type")
        if kind == "stream":
            views.append(OutputView("text", text=_text(output.get("text"))))
        elif kind == "error":
            trace = "\n".join(_text(line) for line in output.get("traceback") or [])
            summary = f"{_text(output.get('ename'))}: {_text(output.get('evalue'))}"
            views.append(OutputView("error", text=_strip_ansi(trace) or summary))
        elif kind in ("display_data", "execute_result") and isinstance(output.get("data"), dict):
            views.extend(_rich(output["data"]))
    return views


def _strip_ansi(text: str) -> str:
    """Tracebacks carry terminal colours; as text they are noise."""
    return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", text)


def cells_of(content: str) -> list[CellView]:
    """The cells of a stored notebook's JSON text, ready to show read-only."""
    cells = json.loads(content).get("cells", [])
    views = []
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict):
            continue
        cell_id = cell.get("id") if isinstance(cell.get("id"), str) else None
        views.append(
            CellView(
                index=index,
                cell_id=cell_id,
                cell_type=str(cell.get("cell_type", "code")),
                source=_text(cell.get("source")),
                outputs=_outputs(cell) if cell.get("cell_type") == "code" else [],
            )
        )
    return views
