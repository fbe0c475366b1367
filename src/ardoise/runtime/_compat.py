"""The one place where CPython and Pyodide differ.

Everything else in `ardoise.runtime` is plain standard-library Python and asks
this module when the platform matters, so the whole package is tested on
CPython and only the choices made here need a browser to be exercised.

Three things differ: top-level ``await`` (below), installing packages
(`pip_install_async`: micropip in the browser, `pypi_status`) and CPU times
(`cpu_times`).

Top-level ``await``: ``Kernel.execute`` is synchronous (the worker calls it
and waits for the reply), so the coroutine of a cell that awaits must be
driven to its end before ``execute`` returns:

- CPython: a private event loop (``asyncio.new_event_loop``), kept for the
  kernel's life, so tasks a cell creates go on running whenever a later cell
  awaits.
- Pyodide: the browser's ``WebLoop`` cannot block (its ``run_until_complete``
  returns a future at once). When the worker entered Python through a
  promising call and the browser has JSPI (``pyodide.ffi.can_run_sync()``),
  ``pyodide.ffi.run_sync`` suspends WebAssembly until the coroutine is done,
  so JavaScript promises (``pyfetch``, ``micropip.install``) can be awaited.
  Otherwise a `TimerLoop` runs the coroutine: timers and pure-Python
  coroutines work (``asyncio.sleep``, ``gather``); a JavaScript promise cannot
  settle while Python holds the thread, so awaiting one fails with a clear
  error instead of hanging the tab.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import sys
import time
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from . import messages

__all__ = [
    "IN_PYODIDE",
    "CoroutineRunner",
    "InstallerMissing",
    "NotInBrowser",
    "TimerLoop",
    "cpu_times",
    "pip_install",
    "pip_install_async",
    "pypi_status",
]

T = TypeVar("T")

IN_PYODIDE = sys.platform == "emscripten"


class _Stalled(Exception):
    """Raised inside the loop when nothing is ready and no timer is due."""


class _SleepingSelector:
    """A selector without files: waiting for events means sleeping until a timer."""

    def select(self, timeout: float | None) -> list[Any]:
        if timeout is None:  # nothing ready, nothing scheduled: only JavaScript could help
            raise _Stalled
        if timeout > 0:
            # Looked up at each call: during a cell, time.sleep flushes the streams first.
            time.sleep(timeout)
        return []

    def close(self) -> None:
        pass


class TimerLoop(asyncio.BaseEventLoop):
    """An event loop with timers and no I/O, which blocks by sleeping.

    It needs no sockets (Pyodide has no ``socketpair`` for the selector
    loop's wake-up pipe) and no threads. It relies on ``BaseEventLoop`` calling
    ``self._selector.select(timeout)`` then ``self._process_events(events)``,
    as every CPython from 3.11 to 3.14 does.
    """

    def __init__(self) -> None:
        super().__init__()
        self._selector = _SleepingSelector()

    def _process_events(self, event_list: list[Any]) -> None:
        pass

    def _write_to_self(self) -> None:
        # call_soon_threadsafe wakes a sleeping selector loop; there are no
        # threads to wake this one, and it never sleeps past its next timer.
        pass


class CoroutineRunner:
    """Runs the coroutine of a top-level-``await`` cell to completion, synchronously."""

    def __init__(self, loop_factory: Callable[[], asyncio.AbstractEventLoop] | None = None) -> None:
        self._loop_factory = loop_factory or _default_loop_factory()
        self._loop: asyncio.AbstractEventLoop | None = None

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run ``coroutine`` until it returns, and return its result (or raise)."""
        if IN_PYODIDE and _pyodide_can_run_sync():
            return _pyodide_run_sync(coroutine)
        if self._loop is None or self._loop.is_closed():
            self._loop = self._loop_factory()
        try:
            with _stepping_aside():
                return self._loop.run_until_complete(coroutine)
        except _Stalled:
            self.close()
            raise RuntimeError(
                "this cell awaits something that only the browser can finish, such as a "
                "JavaScript promise (pyfetch, micropip.install), and this browser cannot pause "
                "Python while it waits (it lacks WebAssembly JSPI); try a recent Chrome or Edge"
            ) from None

    def close(self) -> None:
        """Cancel the tasks still pending and close the loop, if there is one."""
        loop, self._loop = self._loop, None
        if loop is None or loop.is_closed():
            return
        try:
            with _stepping_aside():
                loop.run_until_complete(_cancel_pending())
                loop.run_until_complete(loop.shutdown_asyncgens())
        except _Stalled:  # a task that ignores cancellation and waits on JavaScript
            pass
        finally:
            loop.close()


async def _cancel_pending() -> None:
    pending = asyncio.all_tasks() - {asyncio.current_task()}
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)


@contextmanager
def _stepping_aside() -> Iterator[None]:
    # Pyodide marks its WebLoop as running for good, and asyncio refuses to
    # run a loop inside a running one: step aside while the private loop runs.
    outer = asyncio._get_running_loop()
    asyncio._set_running_loop(None)
    try:
        yield
    finally:
        asyncio._set_running_loop(outer)


def _default_loop_factory() -> Callable[[], asyncio.AbstractEventLoop]:
    # In Pyodide the event loop policy hands out WebLoops, which cannot block,
    # and the selector loop needs a socketpair that Pyodide does not have.
    return TimerLoop if IN_PYODIDE else asyncio.new_event_loop


def _pyodide_can_run_sync() -> bool:
    try:
        from pyodide.ffi import can_run_sync  # type: ignore[import-not-found]
    except ImportError:  # Pyodide older than 0.27
        return False
    return bool(can_run_sync())


def _pyodide_run_sync(coroutine: Coroutine[Any, Any, T]) -> T:
    from pyodide.ffi import run_sync

    result: T = run_sync(coroutine)
    return result


class NotInBrowser(RuntimeError):
    """What only the browser can do was asked of CPython (``%pip install``)."""


def pip_install(
    requirements: list[str],
    *,
    deps: bool = True,
    pre: bool = False,
    index_urls: list[str] | None = None,
) -> None:
    """Install packages into the running Python, from the requirement strings given.

    `pip_install_async`, waited for from Python: in the browser, that needs
    JSPI (see `CoroutineRunner`). The worker avoids it by awaiting
    `pip_install_async` itself before the cell runs. Elsewhere, `NotInBrowser`
    says how to install them instead.
    """
    if not IN_PYODIDE:
        raise NotInBrowser(messages.PIP_OUTSIDE_BROWSER.format(names=" ".join(requirements)))
    runner = CoroutineRunner()
    try:
        runner.run(pip_install_async(requirements, deps=deps, pre=pre, index_urls=index_urls))
    finally:
        runner.close()


class InstallerMissing(RuntimeError):
    """micropip could not be loaded (it comes from the site, or Pyodide's distribution)."""


async def pip_install_async(
    requirements: list[str],
    *,
    deps: bool = True,
    pre: bool = False,
    index_urls: list[str] | None = None,
    keep_going: bool = True,
) -> None:
    """Install packages with micropip, which is loaded first if need be.

    micropip looks in Pyodide's lock file first, where the worker lists the
    course's bundled wheels beside the distribution's packages; then on PyPI
    (or ``index_urls``).
    """
    if not IN_PYODIDE:
        raise NotInBrowser(messages.PIP_OUTSIDE_BROWSER.format(names=" ".join(requirements)))
    micropip = await _micropip()
    options: dict[str, Any] = {"deps": deps, "pre": pre, "keep_going": keep_going}
    if index_urls:
        options["index_urls"] = index_urls
    await micropip.install(requirements, **options)
    importlib.invalidate_caches()  # new folders in site-packages


async def _micropip() -> Any:
    try:
        import micropip  # type: ignore[import-not-found]  # only in Pyodide
    except ImportError:
        import pyodide_js  # type: ignore[import-not-found]

        errors: list[str] = []
        await pyodide_js.loadPackage("micropip", errorCallback=errors.append)
        try:
            import micropip
        except ImportError:
            raise InstallerMissing(errors[-1] if errors else "not found") from None
    return micropip


async def pypi_status(name: str) -> int | str:
    """The HTTP status of PyPI's page about ``name``, or why it could not be fetched."""
    from pyodide.http import pyfetch  # type: ignore[import-not-found]

    try:
        response = await pyfetch(f"https://pypi.org/pypi/{name}/json", method="HEAD")
    except Exception as error:  # the browser's network errors arrive as JsException
        return str(error).strip() or type(error).__name__
    return int(response.status)


def cpu_times() -> tuple[float, float]:
    """The CPU seconds this process has used so far: ``(user, system)``."""
    if IN_PYODIDE:
        # os.times() is all zeros there; Python is the only thing the worker runs.
        return time.process_time(), 0.0
    try:
        import resource  # microseconds, where os.times() counts in clock ticks
    except ImportError:  # Windows
        times = os.times()
        return times.user, times.system
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime, usage.ru_stime
