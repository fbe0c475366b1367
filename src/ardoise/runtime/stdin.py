"""``input()`` and ``getpass.getpass()`` in a cell: the kernel asks the front end and waits.

This is Jupyter's stdin channel. The kernel is given ``request_input(prompt,
password)``, which sends an ``input_request`` and returns the value of the
``input_reply``, or ``None`` when the student pressed Stop instead of
answering (then ``input()`` raises ``KeyboardInterrupt``, and the traceback
ends at the student's line). How it waits is not the runtime's business: in
the browser it is a function of the worker that blocks on a
``SharedArrayBuffer``; in tests any Python callable.

Without one (``request_input=None``) nobody can answer, and ``input()`` says why
in a sentence that depends on where Python runs: this is the one place where
the two differ.
"""

from __future__ import annotations

import builtins
import getpass
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from . import messages
from ._compat import IN_PYODIDE

__all__ = ["InputChannel", "RequestInput", "StdinNotImplementedError", "answering"]

#: ``request_input(prompt, password)``: the line the user typed, without its
#: newline, or ``None`` if the user stopped the cell instead.
RequestInput = Callable[[str, bool], str | None]


class StdinNotImplementedError(NotImplementedError):
    """``input()`` was called where nobody can answer (IPython's name for it)."""


class InputChannel:
    """What ``input()`` and ``getpass()`` call while a cell runs.

    ``before_asking`` runs first, so that what the cell printed is shown above
    the question rather than after it.
    """

    def __init__(self, request: RequestInput | None, before_asking: Callable[[], None]) -> None:
        if request is not None and not callable(request):
            raise TypeError(
                f"Kernel(request_input=...) needs a function request_input(prompt, password) "
                f"that returns the line typed, got {type(request).__name__}"
            )
        self._request = request
        self._before_asking = before_asking

    def input(self, prompt: object = "") -> str:
        """``builtins.input``: the line typed after ``prompt``."""
        return self._ask(str(prompt), password=False)

    def getpass(self, prompt: str = "Password: ", stream: object = None) -> str:
        """``getpass.getpass``: as `input`, but the front end hides what is typed."""
        return self._ask(str(prompt), password=True)

    def _ask(self, prompt: str, *, password: bool) -> str:
        if self._request is None:
            raise StdinNotImplementedError(
                messages.INPUT_NOT_ISOLATED if IN_PYODIDE else messages.INPUT_NO_FRONT_END
            )
        self._before_asking()
        value = self._request(prompt, password)
        if value is None:
            raise KeyboardInterrupt
        return value if isinstance(value, str) else str(value)


_channels: list[InputChannel] = []


# Long-lived functions rather than a channel's bound methods: a cell that ran
# `from getpass import getpass` keeps a working getpass in later cells.
def _input(prompt: object = "") -> str:
    return _current().input(prompt)


def _getpass(prompt: str = "Password: ", stream: object = None) -> str:
    return _current().getpass(prompt, stream)


_input.__doc__ = builtins.input.__doc__
_getpass.__doc__ = getpass.getpass.__doc__


def _current() -> InputChannel:
    if not _channels:
        raise StdinNotImplementedError(messages.INPUT_OUTSIDE_CELL)
    return _channels[-1]


@contextmanager
def answering(channel: InputChannel) -> Iterator[None]:
    """``input()`` and ``getpass.getpass()`` ask ``channel`` for the duration of the block."""
    previous = builtins.input, getpass.getpass
    _channels.append(channel)
    builtins.input = _input
    getpass.getpass = _getpass
    try:
        yield
    finally:
        builtins.input, getpass.getpass = previous
        _channels.remove(channel)
