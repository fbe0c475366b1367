"""The reference: a notebook run by nbclient on CPython's ipykernel, as Jupyter runs it.

nbclient and ipykernel are the ``bench`` extra (``pip install -e '.[bench]'``);
they are imported only when a reference run is asked for.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["ReferenceRun", "ReferenceUnavailable", "reference_versions", "run_reference"]

Output = dict[str, Any]


@dataclass
class ReferenceRun:
    """Each cell's outputs, and the cells that had to be interrupted."""

    outputs: list[list[Output]]
    interrupted: set[int]


class ReferenceUnavailable(RuntimeError):
    """nbclient or ipykernel is not installed."""


def _require() -> None:
    try:
        import ipykernel  # noqa: F401
        import nbclient  # noqa: F401
    except ImportError as error:
        raise ReferenceUnavailable(
            f"the reference side needs nbclient and ipykernel ({error}); "
            "install them with: pip install -e '.[bench]'"
        ) from None


def reference_versions() -> dict[str, str]:
    """The versions that produced the reference outputs."""
    _require()
    import platform
    from importlib.metadata import version

    return {
        "python": platform.python_version(),
        **{name: version(name) for name in ("ipykernel", "ipython", "nbclient")},
    }


def run_reference(
    notebook: Path, cells: list[str], *, timeout: float, max_output: int
) -> ReferenceRun:
    """The outputs of each cell, run in order by one fresh ipykernel in a copy of the folder.

    Errors do not stop the run (nbclient's ``allow_errors``). A cell is
    interrupted after ``timeout`` seconds, or as soon as its streams pass
    ``max_output`` characters, which are kept and the rest dropped.
    """
    _require()
    import nbformat

    with tempfile.TemporaryDirectory(prefix="ardoise-reference-") as scratch:
        folder = Path(scratch) / notebook.parent.name
        shutil.copytree(notebook.parent, folder)
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code) for code in cells])
        client = _capped_client(nb, folder, timeout=timeout, max_output=max_output)
        client.execute()
        interrupted = {i for i, cell in enumerate(nb.cells) if id(cell) in client.interrupted}
        return ReferenceRun([list(cell.outputs) for cell in nb.cells], interrupted)


def _capped_client(nb: Any, folder: Path, *, timeout: float, max_output: int) -> Any:
    from nbclient import NotebookClient
    from nbclient.util import ensure_async

    class CappedClient(NotebookClient):  # type: ignore[misc]
        """Keeps at most ``max_output`` characters of a cell's streams, then interrupts it."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.written: dict[int, int] = {}
            self.interrupted: set[int] = set()  # id() of the cells
            self.interrupts: set[asyncio.Task[Any]] = set()

        async def _async_handle_timeout(self, timeout: int, cell: Any = None) -> Any:
            self.interrupted.add(id(cell))
            return await super()._async_handle_timeout(timeout, cell)

        def output(self, outs: Any, msg: Any, display_id: Any, cell_index: int) -> Any:
            if msg["msg_type"] == "stream":
                written = self.written.get(cell_index, 0)
                room = max_output - written
                text = msg["content"]["text"]
                self.written[cell_index] = written + len(text)
                if room <= 0:
                    return None
                if len(text) > room:
                    msg["content"]["text"] = text[:room]
                    self.interrupted.add(id(self.nb.cells[cell_index]))
                    task = asyncio.ensure_future(ensure_async(self.km.interrupt_kernel()))
                    self.interrupts.add(task)
            return super().output(outs, msg, display_id, cell_index)

    return CappedClient(
        nb,
        timeout=int(timeout),
        interrupt_on_timeout=True,
        allow_errors=True,
        kernel_name="python3",
        iopub_timeout=30,
        resources={"metadata": {"path": str(folder)}},
    )
