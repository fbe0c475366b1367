"""Turn any Python object into a Jupyter mime bundle, as IPython's display formatter does.

The bundle always holds ``text/plain``; objects that define ``_repr_html_``,
``_repr_png_`` and friends, or ``_repr_mimebundle_``, add richer forms. A
representation method that fails never fails the cell: it is skipped with a
warning on stderr. Every value in the bundle is JSON-able (images are base64
text), because the worker hands it to JavaScript as is.
"""

from __future__ import annotations

import base64
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .printers import PlainTextPrinter, TypePrinters, plain_text

__all__ = ["MIME_METHODS", "DisplayFormatter", "MimeMethod", "format_display_data"]

Bundle = dict[str, Any]
# Proxies that answer every attribute would look like they implement every
# _repr_*_ method; asking for a name nobody defines unmasks them.
_CANARY = "_ardoise_canary_method_should_not_exist_"


@dataclass(frozen=True)
class MimeMethod:
    """One ``_repr_*_`` method and the mime type it produces."""

    mime: str
    method: str
    kind: str  # "text": str; "binary": bytes, base64-encoded; "json": dict or list


MIME_METHODS: tuple[MimeMethod, ...] = (
    MimeMethod("text/html", "_repr_html_", "text"),
    MimeMethod("text/markdown", "_repr_markdown_", "text"),
    MimeMethod("image/svg+xml", "_repr_svg_", "text"),
    MimeMethod("image/png", "_repr_png_", "binary"),
    MimeMethod("image/jpeg", "_repr_jpeg_", "binary"),
    MimeMethod("text/latex", "_repr_latex_", "text"),
    MimeMethod("application/json", "_repr_json_", "json"),
    MimeMethod("application/javascript", "_repr_javascript_", "text"),
    MimeMethod("application/pdf", "_repr_pdf_", "binary"),
)


@dataclass
class DisplayFormatter:
    """Computes ``(data, metadata)`` for an object; reusable by ``IPython.display``."""

    methods: tuple[MimeMethod, ...] = MIME_METHODS
    #: Where warnings about failing representations go; ``sys.stderr`` by default.
    warn: Callable[[str], None] = field(default=lambda text: _write_stderr(text))
    #: Printers registered by type, per mime type (IPython's ``formatters``).
    formatters: dict[str, TypePrinters] = field(
        default_factory=lambda: {
            mime: TypePrinters(mime) for mime in ["text/plain", *(m.mime for m in MIME_METHODS)]
        }
    )

    def format(
        self,
        obj: object,
        *,
        include: Iterable[str] | None = None,
        exclude: Iterable[str] | None = None,
    ) -> tuple[Bundle, Bundle]:
        """Return the mime bundle of ``obj`` and its per-mime metadata."""
        wanted = set(include) if include is not None else None
        unwanted = {m for m, printers in self.formatters.items() if not printers.enabled}
        unwanted |= set(exclude) if exclude is not None else set()
        data: Bundle = {}
        metadata: Bundle = {}
        self._add_registered(obj, data)
        if _may_have_rich_reprs(obj):
            self._add_mimebundle(obj, wanted, unwanted, data, metadata)
            for spec in self.methods:
                if spec.mime not in data:
                    self._add_method(obj, spec, data, metadata)
        if "text/plain" not in data:
            data["text/plain"] = self._plain(obj)
        data = {
            mime: value
            for mime, value in data.items()
            if (wanted is None or mime in wanted) and mime not in unwanted
        }
        return data, {mime: md for mime, md in metadata.items() if mime in data}

    def _add_registered(self, obj: object, data: Bundle) -> None:
        for mime, printers in self.formatters.items():
            printer = printers.lookup(obj) if printers.enabled else None
            if printer is None:
                continue
            try:
                value = _call_printer(printer, obj, plain=mime == "text/plain")
            except Exception as error:
                self._warn(f"the {mime} printer of {_type_name(obj)} raised {_describe(error)}")
                continue
            kind = next((m.kind for m in self.methods if m.mime == mime), "text")
            checked = _check_kind(value, kind) if value is not None else None
            if checked is not None:
                data[mime] = checked

    def _add_mimebundle(
        self, obj: object, wanted: set[str] | None, unwanted: set[str], data: Bundle, md: Bundle
    ) -> None:
        method = _method(obj, "_repr_mimebundle_")
        if method is None:
            return
        try:
            result = method(include=wanted, exclude=unwanted or None)
        except Exception as error:
            self._warn_failed(obj, "_repr_mimebundle_", error)
            return
        bundle, extra = _split_metadata(result)
        if bundle is None:  # the object declines: its _repr_*_ methods decide
            return
        if not isinstance(bundle, dict):
            self._warn(f"{_type_name(obj)}._repr_mimebundle_() returned {_type_name(bundle)}")
            return
        for mime, value in bundle.items():
            encoded = _encode_binary(value)
            if _is_json(encoded):
                data[str(mime)] = encoded
            else:
                self._warn(
                    f"{_type_name(obj)}._repr_mimebundle_() gave {mime} as {_type_name(value)}"
                )
        if isinstance(extra, dict) and _is_json(extra):
            md.update(extra)

    def _add_method(self, obj: object, spec: MimeMethod, data: Bundle, md: Bundle) -> None:
        method = _method(obj, spec.method)
        if method is None:
            return
        try:
            value, extra = _split_metadata(method())
        except Exception as error:
            self._warn_failed(obj, spec.method, error)
            return
        if value is None:  # the object declines this representation
            return
        checked = _check_kind(value, spec.kind)
        if checked is None:
            self._warn(f"{_type_name(obj)}.{spec.method}() returned {_type_name(value)}")
            return
        data[spec.mime] = checked
        if extra is not None and _is_json(extra):
            md[spec.mime] = extra

    def _plain(self, obj: object) -> str:
        try:
            return plain_text(obj)
        except Exception as error:
            self._warn_failed(obj, "__repr__", error)
            return object.__repr__(obj)

    def _warn_failed(self, obj: object, method: str, error: Exception) -> None:
        self._warn(f"{_type_name(obj)}.{method}() raised {_describe(error)}")

    def _warn(self, problem: str) -> None:
        self.warn(f"Warning: {problem}; showing the other representations instead.\n")


def format_display_data(
    obj: object, *, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
) -> tuple[Bundle, Bundle]:
    """Format ``obj`` with the default `DisplayFormatter`: ``(data, metadata)``."""
    return DisplayFormatter().format(obj, include=include, exclude=exclude)


def _call_printer(printer: Callable[..., Any], obj: object, *, plain: bool) -> object:
    if not plain:
        return printer(obj)
    collector = PlainTextPrinter()
    printer(obj, collector, False)
    return collector.getvalue()


def _write_stderr(text: str) -> None:
    # Looked up at each call: during a cell, sys.stderr is the cell's stream.
    sys.stderr.write(text)


def _may_have_rich_reprs(obj: object) -> bool:
    # A class is not displayed by its instances' methods.
    return not isinstance(obj, type) and _method(obj, _CANARY) is None


def _method(obj: object, name: str) -> Callable[..., Any] | None:
    try:
        method = getattr(obj, name, None)
    except Exception:  # a property or __getattr__ that fails: no such representation
        return None
    return method if callable(method) else None


def _split_metadata(result: object) -> tuple[object, Any]:
    if isinstance(result, tuple) and len(result) == 2:
        return result[0], result[1]
    return result, None


def _check_kind(value: object, kind: str) -> object | None:
    if kind == "text":
        return value if isinstance(value, str) else None
    if kind == "binary":
        # A str is taken to be base64 already, as IPython does.
        return _encode_binary(value) if isinstance(value, (bytes, bytearray, str)) else None
    return value if isinstance(value, (dict, list)) and _is_json(value) else None


def _is_json(value: object) -> bool:
    # The worker converts contents to JavaScript as they are: anything but
    # JSON data would fail there, far from the object that produced it.
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        return False
    return True


def _encode_binary(value: object) -> object:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(value).decode("ascii")
    return value


def _type_name(obj: object) -> str:
    return type(obj).__name__


def _describe(error: BaseException) -> str:
    try:
        message = str(error)
    except Exception:
        message = "<exception str() failed>"
    return f"{type(error).__name__}: {message}" if message else type(error).__name__
