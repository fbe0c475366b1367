"""What ``get_ipython()`` returns: the parts of IPython's shell that notebooks and libraries use.

The kernel owns the namespace and runs the code; this object is the face it
shows to the student's code: magics, ``run_cell``, ``user_ns``, ``events``.
Shell commands are refused with one clear sentence: there is no shell in a
web page.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import messages
from .compiler import CompiledCell
from .events import EventManager, ExecutionInfo, ExecutionResult
from .formatter import DisplayFormatter
from .magics import MagicRegistry, UsageError, builtin_magics
from .transformer import transform_cell

if TYPE_CHECKING:
    from .kernel import Kernel

__all__ = ["InteractiveShell", "get_ipython", "set_active_shell"]

_active: InteractiveShell | None = None


def get_ipython() -> InteractiveShell | None:
    """The shell of the kernel running cells, or ``None`` outside a kernel (as in IPython)."""
    return _active


def set_active_shell(shell: InteractiveShell | None) -> None:
    """Make ``shell`` what `get_ipython` returns."""
    global _active
    _active = shell


class InteractiveShell:
    """A small, honest imitation of IPython's ``InteractiveShell``, backed by a `Kernel`."""

    #: IPython's kernel object; there is none (the worker plays its part).
    kernel = None
    #: IPython's colour scheme for tracebacks; libraries read it (SymPy picks a colour).
    colors = "NoColor"

    def __init__(self, kernel: Kernel) -> None:
        self._kernel = kernel
        #: Callbacks around each cell: ``events.register("post_execute", f)``.
        self.events = EventManager()
        #: Line and cell magics by name.
        self.magics_manager: MagicRegistry = builtin_magics()
        #: The namespace's own entries (``In``, ``Out`` …), hidden from ``%who``.
        self.user_ns_hidden: dict[str, Any] = {}
        #: IPython's traitlets configuration; empty: no front end claims to be Jupyter's.
        self.config: dict[str, Any] = {}
        #: Where ``%cd`` with no argument goes: the folder the notebook started in.
        self.home = os.getcwd()
        self._magic_line = 1

    def get_ipython(self) -> InteractiveShell:
        """This shell (the builtin ``get_ipython`` of cells)."""
        return self

    @property
    def user_ns(self) -> dict[str, Any]:
        """The notebook's global namespace."""
        return self._kernel.user_ns

    @property
    def user_global_ns(self) -> dict[str, Any]:
        return self._kernel.user_ns

    @property
    def display_formatter(self) -> DisplayFormatter:
        """The formatter that turns objects into mime bundles."""
        return self._kernel.formatter

    @property
    def execution_count(self) -> int:
        return self._kernel.execution_count

    # --- running code ---

    def run_cell(
        self,
        raw_cell: str,
        store_history: bool = False,
        silent: bool = False,
        shell_futures: bool = True,
        cell_id: str | None = None,
    ) -> ExecutionResult:
        """Run ``raw_cell`` as a cell of its own, publishing its output; never raises."""
        reply = self._kernel.execute(raw_cell, silent=silent, store_history=store_history)
        info = ExecutionInfo(raw_cell, store_history, silent, shell_futures, cell_id)
        result = ExecutionResult(info, reply["execution_count"], result=self._kernel.last_value)
        if reply["status"] != "ok":
            result.error_in_exec = getattr(sys, "last_value", None)
        return result

    def run_line_magic(self, magic_name: str, line: str, _stack_depth: int = 1) -> Any:
        """Run ``%magic_name line`` and return what the magic returns."""
        caller = sys._getframe(_stack_depth)
        in_cell = self._kernel.cell_label(caller.f_code.co_filename) is not None
        self._magic_line = caller.f_lineno if in_cell else 1
        return self.magics_manager.find_line(magic_name)(self, line)

    def run_cell_magic(self, magic_name: str, line: str, cell: str) -> Any:
        """Run ``%%magic_name line`` on ``cell`` and return what the magic returns."""
        return self.magics_manager.find_cell(magic_name)(self, line, cell)

    def magic(self, arg_s: str) -> Any:
        """The old way to call a line magic: ``magic("time 1 + 1")``."""
        name, _, line = arg_s.lstrip("%").partition(" ")
        return self.run_line_magic(name, line, _stack_depth=2)

    def system(self, cmd: str) -> None:
        """Refuse: there is no shell in the browser."""
        raise UsageError(_shell_message(cmd))

    def getoutput(self, cmd: str, split: bool = True, depth: int = 0) -> list[str]:
        """Refuse: there is no shell in the browser."""
        raise UsageError(_shell_message(cmd))

    system_piped = system_raw = system

    def ev(self, expr: str) -> Any:
        """Evaluate ``expr`` in the notebook's namespace."""
        return eval(expr, self.user_ns)

    def ex(self, cmd: str) -> None:
        """Execute ``cmd`` in the notebook's namespace."""
        exec(cmd, self.user_ns)

    def push(self, variables: dict[str, Any], interactive: bool = True) -> None:
        """Add ``variables`` to the notebook's namespace."""
        self.user_ns.update(variables)
        if not interactive:
            self.user_ns_hidden.update(variables)

    def del_var(self, varname: str, by_name: bool = False) -> None:
        """Delete a variable from the notebook's namespace."""
        del self.user_ns[varname]

    def reset(self, new_session: bool = True, *, keep_outputs: bool = False) -> None:
        """Delete the student's variables and outputs; ``new_session`` forgets ``In`` too."""
        self._kernel.reset(new_session=new_session, keep_outputs=keep_outputs)

    def transform_cell(self, raw_cell: str) -> str:
        """``raw_cell`` with magics, ``!`` and ``?`` turned into Python."""
        return transform_cell(raw_cell)

    def showtraceback(self, *args: Any, **kwargs: Any) -> None:
        """Print the exception being handled on stderr."""
        traceback.print_exc(file=sys.stderr)

    def enable_gui(self, gui: str | None = None) -> None:
        """Accepted and ignored: the browser has its own event loop."""

    def enable_matplotlib(self, gui: str | None = None) -> tuple[str | None, str]:
        """Accepted: figures are always shown inline."""
        return gui, "inline"

    # --- magics ---

    def find_line_magic(self, magic_name: str) -> Callable[..., Any] | None:
        return self.magics_manager.line.get(magic_name)

    def find_cell_magic(self, magic_name: str) -> Callable[..., Any] | None:
        return self.magics_manager.cell.get(magic_name)

    def find_magic(self, magic_name: str, magic_kind: str = "line") -> Callable[..., Any] | None:
        table = self.magics_manager.cell if magic_kind == "cell" else self.magics_manager.line
        return table.get(magic_name)

    def register_magic_function(
        self, func: Callable[..., Any], magic_kind: str = "line", magic_name: str | None = None
    ) -> None:
        """Make ``func(line)`` (or ``func(line, cell)``) a magic, as IPython's API does."""
        name = magic_name or func.__name__
        if magic_kind not in {"line", "cell", "line_cell"}:
            raise ValueError(
                f"magic_kind must be 'line', 'cell' or 'line_cell', not {magic_kind!r}"
            )
        if magic_kind in {"line", "line_cell"}:
            self.magics_manager.line[name] = lambda shell, line: func(line)
        if magic_kind in {"cell", "line_cell"}:
            self.magics_manager.cell[name] = lambda shell, line, cell: func(line, cell)

    def register_magics(self, *objs: Any) -> None:
        """Register the magics of ``Magics`` classes or instances (``@line_magic`` methods)."""
        for obj in objs:
            instance = obj(shell=self) if isinstance(obj, type) else obj
            for attribute in dir(type(instance)):
                for kind, name in getattr(getattr(type(instance), attribute), "_magic_kinds", ()):
                    self.register_magic_function(getattr(instance, attribute), kind, name)

    # --- what magics use ---

    def transform(self, source: str) -> str:
        """Alias of `transform_cell`, for magics."""
        return transform_cell(source)

    def compile(
        self,
        source: str,
        *,
        first_line: int = 1,
        display_last: bool = False,
        label: str | None = None,
    ) -> CompiledCell:
        """Compile code of the running cell (IPython syntax too), keeping its line numbers."""
        return self._kernel.compile_source(
            transform_cell(source), label=label, first_line=first_line, display_last=display_last
        )

    def run_compiled(self, compiled: CompiledCell) -> Any:
        """Run compiled code in the notebook's namespace (``await`` included)."""
        return self._kernel.run_compiled(compiled)

    def run_code(
        self,
        source: str,
        *,
        label: str | None = None,
        first_line: int = 1,
        display_last: bool = False,
    ) -> Any:
        """Compile and run ``source`` in the notebook's namespace; errors propagate."""
        return self.run_compiled(
            self.compile(source, first_line=first_line, display_last=display_last, label=label)
        )

    def current_line(self) -> int:
        """The line of the running cell where the current line magic was called."""
        return self._magic_line

    def cell_body_line(self, cell: str) -> int:
        """The line of the running cell where the body of its cell magic starts."""
        for number, line in enumerate(self._kernel.current_input.splitlines(), start=1):
            if line.lstrip().startswith("%%"):
                return number + 1
        return 1

    def cell_label(self, filename: str) -> str | None:
        """``"Cell In[3]"`` for the file name of a cell, ``None`` for a real file."""
        return self._kernel.cell_label(filename)


def _shell_message(cmd: str) -> str:
    message = messages.SHELL_UNAVAILABLE.format(command=cmd.strip())
    first = cmd.split()[0] if cmd.split() else ""
    return message + (messages.SHELL_PIP_HINT if first in {"pip", "pip3", "conda"} else "")
