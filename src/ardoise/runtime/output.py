"""``display()``, ``update_display()``, ``clear_output()``: rich output published while a cell runs.

These functions publish through whichever kernel is active (the one that
last started running a cell), so they work from any module a cell imports,
not only from the cell itself.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from . import messages
from .formatter import DisplayFormatter

__all__ = [
    "DisplayHandle",
    "DisplayPublisher",
    "clear_output",
    "display",
    "set_display_publisher",
    "update_display",
]


class DisplayPublisher(Protocol):
    """What a kernel offers to ``display()``: publishing in order with the streams."""

    formatter: DisplayFormatter

    def publish_display_data(
        self, data: dict[str, Any], metadata: dict[str, Any], transient: dict[str, Any]
    ) -> None: ...

    def publish_update_display_data(
        self, data: dict[str, Any], metadata: dict[str, Any], transient: dict[str, Any]
    ) -> None: ...

    def publish_clear_output(self, wait: bool) -> None: ...


_publisher: DisplayPublisher | None = None


def set_display_publisher(publisher: DisplayPublisher | None) -> DisplayPublisher | None:
    """Make ``publisher`` the target of ``display()``; return the previous one."""
    global _publisher
    previous, _publisher = _publisher, publisher
    return previous


def display(
    *objs: object,
    include: Iterable[str] | None = None,
    exclude: Iterable[str] | None = None,
    metadata: Mapping[str, Any] | None = None,
    transient: Mapping[str, Any] | None = None,
    display_id: str | bool | None = None,
    raw: bool = False,
    clear: bool = False,
    update: bool = False,
) -> DisplayHandle | None:
    """Show each object in the output area, with its richest representation.

    Like ``IPython.display.display``: ``raw=True`` publishes objects that are
    already mime bundles; ``metadata`` is added to every output;
    ``display_id`` (``True`` for a fresh one) is passed on in ``transient``
    and a `DisplayHandle` for it is returned; ``update=True`` replaces the
    outputs shown earlier with that id instead of adding one;
    ``clear=True`` first clears the output, waiting for the new one.
    Outside a kernel the plain-text form is printed.
    """
    publisher = _publisher
    if update and not display_id:
        raise TypeError(messages.HANDLE_NEEDS_ID)
    if clear:
        clear_output(wait=True)
    extra_transient = dict(transient or {})
    if display_id is True:
        display_id = uuid.uuid4().hex
    if isinstance(display_id, str):
        extra_transient["display_id"] = display_id
    for obj in objs:
        data, md = _bundle(obj, raw, include, exclude, publisher)
        md.update(metadata or {})
        if publisher is None:
            print(data.get("text/plain", repr(obj)))
        elif update:
            publisher.publish_update_display_data(data, md, dict(extra_transient))
        else:
            publisher.publish_display_data(data, md, dict(extra_transient))
    return DisplayHandle(display_id) if isinstance(display_id, str) else None


def update_display(obj: object, *, display_id: str, **kwargs: Any) -> None:
    """Replace what was shown with ``display(..., display_id=display_id)`` by ``obj``."""
    display(obj, display_id=display_id, update=True, **kwargs)


class DisplayHandle:
    """An output that can be shown again or replaced later, like IPython's.

    ``display(obj, display_id=True)`` returns one; ``handle.update(new)``
    changes every output shown with its id, wherever it is in the notebook.
    """

    def __init__(self, display_id: str | None = None) -> None:
        self.display_id = display_id or uuid.uuid4().hex

    def __repr__(self) -> str:
        return f"<{type(self).__name__} display_id={self.display_id}>"

    def display(self, obj: object, **kwargs: Any) -> None:
        """Show ``obj`` as a new output carrying this handle's id."""
        display(obj, display_id=self.display_id, **kwargs)

    def update(self, obj: object, **kwargs: Any) -> None:
        """Replace the outputs carrying this handle's id by ``obj``."""
        update_display(obj, display_id=self.display_id, **kwargs)


def clear_output(wait: bool = False) -> None:
    """Clear the cell's output; with ``wait=True``, only when new output arrives."""
    if _publisher is not None:
        _publisher.publish_clear_output(bool(wait))


def _bundle(
    obj: object,
    raw: bool,
    include: Iterable[str] | None,
    exclude: Iterable[str] | None,
    publisher: DisplayPublisher | None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    if raw:
        if not isinstance(obj, dict):
            raise TypeError(
                f"display(raw=True) expects mime bundles (dicts), got {type(obj).__name__}; "
                "pass raw=False to display an ordinary object"
            )
        return dict(obj), {}
    formatter = publisher.formatter if publisher is not None else DisplayFormatter()
    return formatter.format(obj, include=include, exclude=exclude)
