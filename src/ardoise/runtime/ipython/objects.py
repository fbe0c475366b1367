"""IPython's display objects for text formats: ``HTML``, ``Markdown``, ``Math``, ``JSON`` …

Each wraps content (given directly, or read from a file) and offers it
through the ``_repr_*_`` method of its format, which the display formatter
turns into a mime bundle. They behave as IPython's do: a ``str`` that names
an existing file is read from it, one that starts with ``http`` is a URL.
"""

from __future__ import annotations

import json
import os
from pathlib import PurePath
from typing import Any

from .. import messages

__all__ = [
    "HTML",
    "JSON",
    "SVG",
    "Code",
    "DisplayObject",
    "Latex",
    "Markdown",
    "Math",
    "Pretty",
    "TextDisplayObject",
]


class DisplayObject:
    """Content to display, from ``data``, a ``filename`` or a ``url``."""

    #: "rb" for binary formats (images, sound).
    _read_mode = "r"
    #: The module IPython defines the class in, which its plain text names.
    _ipython_module = "IPython.core.display"

    def __init__(
        self,
        data: Any = None,
        url: str | None = None,
        filename: str | os.PathLike[str] | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        if isinstance(data, PurePath):
            data = str(data)
        if isinstance(data, str) and url is None and data.startswith("http"):
            url, data = data, None
        elif isinstance(data, str) and filename is None and _is_file(data):
            filename, data = data, None
        self.url = url
        self.filename = None if filename is None else os.fspath(filename)
        self.metadata: dict[str, Any] = dict(metadata or {})
        self.data = data
        self.reload()
        self._check_data()

    def __repr__(self) -> str:
        cls = type(self)
        # The stand-in's own classes go by IPython's names: the notebook shows
        # the same text as in Jupyter. A notebook's subclasses keep theirs.
        own = cls.__module__.startswith(f"{__package__}.")
        return f"<{cls._ipython_module if own else cls.__module__}.{cls.__name__} object>"

    def reload(self) -> None:
        """Read the content again from the file (a URL cannot be read in the browser)."""
        if self.filename is not None:
            encoding = None if "b" in self._read_mode else "utf-8"
            with open(self.filename, self._read_mode, encoding=encoding) as file:
                self.data = file.read()
        elif self.url is not None and self.data is None:
            raise ValueError(
                messages.DISPLAY_URL_NOT_FETCHED.format(kind=type(self).__name__, url=self.url)
            )

    def _check_data(self) -> None:
        pass

    def _data_and_metadata(self) -> Any:
        return (self.data, self.metadata) if self.metadata else self.data


class TextDisplayObject(DisplayObject):
    """A display object whose content is text."""

    def _check_data(self) -> None:
        if self.data is not None and not isinstance(self.data, str):
            kind = type(self).__name__
            raise TypeError(messages.TEXT_EXPECTED.format(kind=kind, type=type(self.data).__name__))


class HTML(TextDisplayObject):
    """HTML, shown rendered (and sanitized by the page)."""

    def _repr_html_(self) -> Any:
        return self._data_and_metadata()

    def __html__(self) -> str:
        return str(self.data)


class Markdown(TextDisplayObject):
    """Markdown, shown rendered."""

    def _repr_markdown_(self) -> Any:
        return self._data_and_metadata()


class Math(TextDisplayObject):
    """A LaTeX formula, shown on its own line: ``Math(r"\\int_0^1 x\\,dx")``."""

    def _repr_latex_(self) -> Any:
        formula = f"$${str(self.data).strip('$')}$$"
        return (formula, self.metadata) if self.metadata else formula


class Latex(TextDisplayObject):
    """LaTeX as given, with its own ``$`` or ``\\begin{...}``."""

    def _repr_latex_(self) -> Any:
        return self._data_and_metadata()


class SVG(DisplayObject):
    """An SVG image; only its ``<svg>`` element is kept, without the XML prolog."""

    def _check_data(self) -> None:
        if isinstance(self.data, bytes):
            self.data = self.data.decode("utf-8")
        if isinstance(self.data, str):
            self.data = _svg_element(self.data)

    def _repr_svg_(self) -> Any:
        return self._data_and_metadata()


def _svg_element(text: str) -> str:
    from xml.dom import minidom  # only when an SVG is shown
    from xml.parsers.expat import ExpatError

    try:
        document = minidom.parseString(text)
    except ExpatError:
        return text  # not well-formed: let the browser make what it can of it
    found = document.getElementsByTagName("svg")
    return found[0].toxml() if found else text


class JSON(DisplayObject):
    """JSON data (a ``dict``, a ``list`` or JSON text), shown as a tree."""

    def __init__(
        self,
        data: Any = None,
        url: str | None = None,
        filename: str | None = None,
        expanded: bool = False,
        metadata: dict[str, Any] | None = None,
        root: str = "root",
        **kwargs: Any,
    ) -> None:
        super().__init__(data=data, url=url, filename=filename)
        self.metadata = {"expanded": expanded, "root": root, **(metadata or {}), **kwargs}

    def _check_data(self) -> None:
        if isinstance(self.data, str):  # JSON text, from a file or given
            self.data = json.loads(self.data)

    def _repr_json_(self) -> Any:
        return self._data_and_metadata()


class Pretty(TextDisplayObject):
    """Text shown as it is, as plain text."""

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {"text/plain": str(self.data)}

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self.data))


class Code(TextDisplayObject):
    """Source code, shown in a monospace block (``language`` becomes a CSS class)."""

    _ipython_module = "IPython.lib.display"

    def __init__(
        self,
        data: str | None = None,
        url: str | None = None,
        filename: str | None = None,
        language: str | None = None,
    ) -> None:
        self.language = language
        super().__init__(data=data, url=url, filename=filename)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        code = str(self.data or "")
        language = f' class="language-{escape(self.language)}"' if self.language else ""
        return {
            "text/plain": code,
            "text/html": f"<pre><code{language}>{escape(code)}</code></pre>",
        }


def escape(text: str) -> str:
    """``html.escape``, quotes included (the html module costs start-up time in Pyodide)."""
    for char, entity in _ENTITIES:
        text = text.replace(char, entity)
    return text


_ENTITIES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"))


def _is_file(text: str) -> bool:
    # HTML("<b>hi</b>") must not fail on a name the file system rejects.
    try:
        return len(text) < 4096 and "\n" not in text and os.path.isfile(text)
    except (OSError, ValueError):
        return False
