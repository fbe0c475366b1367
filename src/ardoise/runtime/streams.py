"""``sys.stdout`` and ``sys.stderr`` for a running cell: text that becomes ``stream`` messages.

Output is batched: publishing one message per ``print`` would flood the page
with 100 000 messages for a 100 000-line loop. It is also timely: a line
printed before a pause shows up before the pause, because the batch is flushed
whenever a line is complete and a little time has passed, when ``time.sleep``
is called, and before anything else (a display, an error) is published.
"""

from __future__ import annotations

import functools
import io
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["FLUSH_INTERVAL", "MAX_BUFFER", "OutStream", "StreamPublisher", "flushing_sleep"]

Publish = Callable[[str, dict[str, Any]], None]

#: Seconds after the last flush at which a complete line is published.
FLUSH_INTERVAL = 0.03
#: Characters buffered at most before they are published, complete line or not.
MAX_BUFFER = 64 * 1024


class StreamPublisher:
    """Collects text written to the cell's streams and publishes it in batches.

    One publisher serves both streams, so a write to stderr first publishes
    what stdout holds: messages arrive in the order the user wrote them.
    """

    def __init__(
        self,
        publish: Publish,
        *,
        interval: float = FLUSH_INTERVAL,
        max_buffer: int = MAX_BUFFER,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._publish = publish
        self._interval = interval
        self._max_buffer = max_buffer
        self._clock = clock
        # Re-entrant: a publish callback that prints must not deadlock.
        self._lock = threading.RLock()
        self._name: str | None = None
        self._chunks: list[str] = []
        self._size = 0
        # A line that follows a quiet moment goes out at once.
        self._last_flush = clock() - interval

    def write(self, name: str, text: str) -> None:
        """Buffer ``text`` for the stream ``name`` ("stdout" or "stderr")."""
        if not text:
            return
        with self._lock:
            if self._name is not None and self._name != name:
                self._flush_locked()
            self._name = name
            self._chunks.append(text)
            self._size += len(text)
            # Checking the time only when a line ends keeps batches whole lines
            # and leaves the clock alone for the many writes in between.
            if self._size >= self._max_buffer or (
                "\n" in text and self._clock() - self._last_flush >= self._interval
            ):
                self._flush_locked()

    def flush(self) -> None:
        """Publish everything buffered now."""
        with self._lock:
            self._flush_locked()

    def _flush_locked(self) -> None:
        name, text = self._name, "".join(self._chunks)
        # Reset before publishing, so that text written by the callback itself
        # starts a new batch instead of being lost or published twice.
        self._name, self._chunks, self._size = None, [], 0
        if name is not None and text:
            self._last_flush = self._clock()
            self._publish("stream", {"name": name, "text": text})


class OutStream(io.TextIOBase):
    """A text stream whose writes go to a `StreamPublisher` under one stream name."""

    # What callers of sys.stdout.encoding expect; the text never becomes bytes.
    encoding = "utf-8"
    errors = "strict"

    def __init__(self, publisher: StreamPublisher, name: str) -> None:
        super().__init__()
        self._publisher = publisher
        self._name = name

    @property
    def name(self) -> str:
        """The Jupyter stream name: ``"stdout"`` or ``"stderr"``."""
        return self._name

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, s: str) -> int:
        """Buffer ``s``; like any text stream, only ``str`` is accepted."""
        if not isinstance(s, str):
            raise TypeError(f"write() argument must be str, not {type(s).__name__}")
        if self.closed:
            raise ValueError("I/O operation on closed file.")
        self._publisher.write(self._name, s)
        return len(s)

    def flush(self) -> None:
        self._publisher.flush()


_real_sleep = time.sleep
_sleep_flushers: list[Callable[[], None]] = []


@functools.wraps(_real_sleep)
def _flushing_sleep(secs: float, /) -> None:
    # Whatever the user printed before a pause must be on screen during it.
    for flush in list(_sleep_flushers):
        flush()
    _real_sleep(secs)


@contextmanager
def flushing_sleep(flush: Callable[[], None]) -> Iterator[None]:
    """Make ``time.sleep`` call ``flush`` first, for the duration of the block.

    The wrapper is one long-lived function, so a cell that ran
    ``from time import sleep`` keeps a working ``sleep`` in later cells.
    """
    previous = time.sleep
    _sleep_flushers.append(flush)
    time.sleep = _flushing_sleep  # type: ignore[assignment]  # functools.wraps's type
    try:
        yield
    finally:
        time.sleep = previous
        _sleep_flushers.remove(flush)
