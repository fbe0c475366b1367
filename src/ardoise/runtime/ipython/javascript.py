"""``Javascript``: code that a notebook would run in the page, which Ardoise never does.

The app renders ``application/javascript`` only in a sandboxed frame with an
opaque origin (a teacher opening a student's notebook must be safe), so the
plain-text form says why the script did not run where the reader might
expect it.
"""

from __future__ import annotations

import json
from typing import Any

from .. import messages
from .objects import TextDisplayObject

__all__ = ["Javascript"]


class Javascript(TextDisplayObject):
    """JavaScript code: never run in the notebook's page; the app may run it in a sandbox."""

    def __init__(
        self,
        data: str | None = None,
        url: str | None = None,
        filename: str | None = None,
        lib: str | list[str] | None = None,
        css: str | list[str] | None = None,
    ) -> None:
        self.lib = [lib] if isinstance(lib, str) else list(lib or [])
        self.css = [css] if isinstance(css, str) else list(css or [])
        super().__init__(data=data, url=url, filename=filename)

    def _repr_javascript_(self) -> str:
        loads = "".join(f"  await load({json.dumps(lib)});\n" for lib in self.lib)
        styles = "".join(_stylesheet(css) for css in self.css)
        if not loads:
            return styles + str(self.data or "")
        return styles + _LOADER + f"(async () => {{\n{loads}{self.data or ''}\n}})();\n"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        # The plain text is what a reader without the sandbox sees instead.
        return {
            "text/plain": messages.JAVASCRIPT_NOT_RUN,
            "application/javascript": self._repr_javascript_(),
        }


_LOADER = (
    "const load = (src) => new Promise((resolve, reject) => {\n"
    "  const script = document.createElement('script');\n"
    "  script.src = src; script.onload = resolve; script.onerror = reject;\n"
    "  document.head.appendChild(script);\n"
    "});\n"
)


def _stylesheet(url: str) -> str:
    return (
        "{ const link = document.createElement('link'); link.rel = 'stylesheet'; "
        f"link.href = {json.dumps(url)}; document.head.appendChild(link); }}\n"
    )
