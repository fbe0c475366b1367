"""A Python started from a memory snapshot: what must be fresh on every start.

The kernel worker saves the WebAssembly memory of a Python that has imported
this package (`prepare`, in a helper worker) and later starts from that memory
instead of initialising Python again (`resumed`). A site also serves one made
under Node when the package was built, which a first visit on a fast link
starts from. Everything in the memory
comes back exactly as it was, including what ought to differ from one start to
the next; `resumed` renews it. Python's string hash seed cannot be renewed:
it only makes the order of sets of strings the same on every start.
"""

from __future__ import annotations

import importlib
import os
import sys

__all__ = ["prepare", "resumed"]


def prepare() -> None:
    """Import what starting a kernel needs, so that the snapshot holds it ready to run."""
    importlib.import_module("ardoise.runtime")
    # The worker imports it on every start, to say where the turtle is.
    importlib.import_module("ardoise.runtime.on_use")


def resumed(language: str | None = None) -> None:
    """Renew, after a start from a snapshot, what the snapshot froze.

    `language` is the browser's, as the `LANG` environment variable that
    initialising Python would have set ("fr_FR.UTF-8"); a snapshot made
    elsewhere holds another.
    """
    if language and os.environ.get("LANG") != language:
        os.environ["LANG"] = language
    # Pyodide puts "" at the front of sys.path on every start, the snapshot's included.
    sys.path[:] = list(dict.fromkeys(sys.path))
    # The random module was seeded when the snapshot was made: every start
    # would otherwise draw the same numbers.
    random = sys.modules.get("random")
    if random is not None:
        random.seed()
    # The time zone was read when the snapshot was made; the computer may have moved since.
    time = sys.modules.get("time")
    if time is not None and hasattr(time, "tzset"):
        time.tzset()
    # The files under site-packages were written again, after the snapshot: the path
    # finders forget what they listed. importlib.invalidate_caches() does that too, but
    # since Python 3.12 it imports importlib.metadata (a seventh of a second here) when
    # nothing has yet.
    if "importlib.metadata" in sys.modules:
        importlib.invalidate_caches()
        return
    for finder in list(sys.path_importer_cache.values()):
        if finder is not None and hasattr(finder, "invalidate_caches"):
            finder.invalidate_caches()
