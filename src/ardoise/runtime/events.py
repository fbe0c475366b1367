"""``get_ipython().events``: callbacks before and after each cell, as in IPython.

Libraries use them: matplotlib redraws figures in ``post_execute``, for
instance. A callback that fails is reported on stderr and the cell goes on,
as in IPython.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import messages

__all__ = ["EVENTS", "EventManager", "ExecutionInfo", "ExecutionResult"]

#: The events IPython defines, and what their callbacks receive.
EVENTS = {
    "pre_execute": "no argument, before any code runs (even silently)",
    "pre_run_cell": "an ExecutionInfo, before a cell the student ran",
    "post_execute": "no argument, after any code ran",
    "post_run_cell": "an ExecutionResult, after a cell the student ran",
    "shell_initialized": "the shell, once",
}


@dataclass
class ExecutionInfo:
    """What is about to run (``pre_run_cell``)."""

    raw_cell: str
    store_history: bool
    silent: bool
    shell_futures: bool = True
    cell_id: str | None = None


@dataclass
class ExecutionResult:
    """How a cell ended (``post_run_cell``, ``run_cell``)."""

    info: ExecutionInfo
    execution_count: int | None = None
    error_before_exec: BaseException | None = None
    error_in_exec: BaseException | None = None
    result: Any = None

    @property
    def success(self) -> bool:
        return self.error_before_exec is None and self.error_in_exec is None

    def raise_error(self) -> None:
        """Raise the error the cell ended with, if any."""
        error = self.error_before_exec or self.error_in_exec
        if error is not None:
            raise error


class EventManager:
    """Registers callbacks by event name and calls them when the kernel triggers the event."""

    def __init__(self) -> None:
        self.callbacks: dict[str, list[Callable[..., Any]]] = {name: [] for name in EVENTS}

    def register(self, event: str, function: Callable[..., Any]) -> None:
        """Call ``function`` at each ``event`` (see `EVENTS`)."""
        if not callable(function):
            raise TypeError(f"events.register needs a function, got {function!r}")
        self._list(event).append(function)

    def unregister(self, event: str, function: Callable[..., Any]) -> None:
        """Stop calling ``function``; ``ValueError`` if it was not registered."""
        self._list(event).remove(function)

    def trigger(self, event: str, *args: Any, **kwargs: Any) -> None:
        """Call the callbacks of ``event``; failures are printed, never raised."""
        for function in list(self._list(event)):
            try:
                function(*args, **kwargs)
            except BaseException:  # even SystemExit: a callback must not end the cell
                print(
                    messages.EVENT_CALLBACK_FAILED.format(callback=function, event=event),
                    file=sys.stderr,
                )
                traceback.print_exc(file=sys.stderr)

    def _list(self, event: str) -> list[Callable[..., Any]]:
        try:
            return self.callbacks[event]
        except KeyError:
            known = ", ".join(EVENTS)
            raise KeyError(messages.EVENT_UNKNOWN.format(event=event, known=known)) from None
