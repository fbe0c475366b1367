"""The kernel: runs cells and publishes their output as Jupyter IOPub messages.

The JavaScript worker creates one `Kernel` and calls `Kernel.execute` for each
``execute_request``; everything the cell shows goes through the ``publish``
callback while it runs, and the return value is the ``execute_reply`` content.
`Kernel.complete` and `Kernel.inspect` answer ``complete_request`` and
``inspect_request`` the same way: they return the reply's content.
"""

from __future__ import annotations

import builtins
import os
import sys
import types
import weakref
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, redirect_stderr, redirect_stdout
from typing import Any, TextIO, cast

from . import aliases, installs, ipython, messages
from ._compat import CoroutineRunner
from .compiler import CellRegistry, CompiledCell, Compiler
from .completer import complete
from .events import ExecutionInfo, ExecutionResult
from .formatter import DisplayFormatter
from .history import History
from .inspection import inspect_reply
from .magics import UsageError
from .magics.packages import missing_requirements, requested_in
from .output import display, set_display_publisher
from .shell import InteractiveShell, set_active_shell
from .stdin import InputChannel, RequestInput, answering
from .streams import OutStream, StreamPublisher, flushing_sleep
from .tracebacks import TracebackFormatter, exception_message, safe_str
from .transformer import transform_cell

__all__ = ["Kernel", "Publish"]

#: ``publish(msg_type, content)``: sends one IOPub message to the front end.
Publish = Callable[[str, dict[str, Any]], None]

_MISSING = object()
#: matplotlib's backend in the kernel: figures shown as images under the cell.
INLINE_BACKEND = "module://ardoise.runtime.backend_inline"


class Kernel:
    """A Python kernel speaking Jupyter's message contents, without IPython.

    ``publish`` receives ``("stream" | "display_data" | "update_display_data"
    | "execute_result" | "error" | "clear_output", content)`` while a cell
    runs. ``cwd``, when given, becomes the working directory, and modules in
    it can be imported. Cells may use IPython's syntax (``%magic``, ``!cmd``,
    ``name?``) and ``get_ipython()``.

    ``request_input(prompt, password)``, when given, answers ``input()`` and
    ``getpass.getpass()``: it returns the line the user typed (Jupyter's
    ``input_request`` and ``input_reply``). Without it they raise
    `StdinNotImplementedError`, saying why.

    ``language`` (a BCP 47 tag such as ``fr`` or ``en-GB``) is the language of
    the sentences the runtime itself adds (``!cmd`` unavailable, a package that
    cannot be installed …); Python's and IPython's own messages stay as they are.
    """

    def __init__(
        self,
        publish: Publish,
        *,
        cwd: str | os.PathLike[str] | None = None,
        request_input: RequestInput | None = None,
        language: str | None = None,
    ) -> None:
        if not callable(publish):
            raise TypeError(
                f"Kernel(publish=...) needs a function publish(msg_type, content), "
                f"got {type(publish).__name__}"
            )
        self._publish = publish
        messages.use_language(language)
        #: The number of the last cell run with ``store_history``; 0 before any.
        self.execution_count = 0
        self._main = types.ModuleType("__main__")
        #: The notebook's global namespace (the ``__dict__`` of its ``__main__``).
        self.user_ns: dict[str, Any] = self._main.__dict__
        #: Turns objects into mime bundles; shared with ``display()``.
        self.formatter = DisplayFormatter()
        self._cells = CellRegistry()
        self._compiler = Compiler()
        self._tracebacks = TracebackFormatter(self._cells)
        self._streams = StreamPublisher(publish)
        self._stdin = InputChannel(request_input, before_asking=self._streams.flush)
        self._runner = CoroutineRunner()
        weakref.finalize(self, self._runner.close)
        self.user_ns["__builtins__"] = builtins
        self._history = History(self.user_ns)
        self._initial_ns = dict(self.user_ns)
        #: The value of the last cell's final expression, if it had one.
        self.last_value: Any = None
        self._current_input, self._current_label = "", "Cell In[0]"
        if cwd is not None:
            _enter(cwd)
        # matplotlib reads this when a cell first imports it, as with ipykernel.
        os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
        #: What ``get_ipython()`` returns in this kernel's cells.
        self.shell = InteractiveShell(self)
        self.shell.user_ns_hidden.update(self._initial_ns)
        set_display_publisher(self)
        set_active_shell(self.shell)
        ipython.install()
        aliases.install()

    def execute(
        self, code: str, *, silent: bool = False, store_history: bool = True
    ) -> dict[str, Any]:
        """Run one cell and return the ``execute_reply`` content.

        ``silent`` shows no result and stores nothing; ``store_history=False``
        leaves the execution count, ``In`` and ``Out`` alone. Errors in the
        user's code are published as ``error`` and reported in the reply,
        never raised.
        """
        store = store_history and not silent
        if store:
            self.execution_count += 1
            self._history.record_input(self.execution_count, code)
        count = self.execution_count
        label = f"Cell In[{count}]"
        filename = self._cells.register(code, label)
        outer = self._current_input, self._current_label  # run_cell() runs cells in cells
        self._current_input, self._current_label = code, label
        info = ExecutionInfo(code, store_history, silent)
        try:
            with self._running():
                self.shell.events.trigger("pre_execute")
                if not silent:
                    self.shell.events.trigger("pre_run_cell", info)
                reply, error = self._run_cell(code, filename, count, silent=silent, store=store)
                self.shell.events.trigger("post_execute")
                if not silent:
                    result = ExecutionResult(
                        info, count, error_in_exec=error, result=self.last_value
                    )
                    self.shell.events.trigger("post_run_cell", result)
        finally:
            self._current_input, self._current_label = outer
        return reply

    def complete(self, code: str, cursor_pos: int | None = None) -> dict[str, Any]:
        """The ``complete_reply`` content for ``code`` with the cursor at ``cursor_pos``.

        ``cursor_pos`` counts characters (code points), as Jupyter's protocol
        does; it defaults to the end of ``code``. Nothing the student wrote is
        run to find the completions.
        """
        position = len(code) if cursor_pos is None else max(0, min(cursor_pos, len(code)))
        registry = self.shell.magics_manager
        return complete(
            code, position, self.user_ns, line_magics=registry.line, cell_magics=registry.cell
        )

    def packages_to_install(self, code: str) -> list[str]:
        """The requirements that ``%pip install`` lines of ``code`` want and that are missing.

        The worker may install them (``await micropip.install(...)``) before
        calling `execute`: then ``%pip`` finds them installed and needs no
        waiting, which Python can only do in browsers with JSPI.
        """
        return missing_requirements(requested_in(code))

    async def install_requested(self, code: str) -> None:
        """Install what the ``%pip install`` lines of ``code`` ask for, before it runs.

        A coroutine: the worker awaits it, so no JSPI is needed. What could
        not be installed is reported by the ``%pip`` line when the cell runs.
        """
        await installs.install_requested(code)

    def modules_to_load(self, code: str) -> list[str]:
        """The top-level modules that ``code`` imports and that are not installed.

        The worker loads the packages that provide them (bundled with the
        course, or from Pyodide's distribution) before calling `execute`.
        """
        return installs.modules_to_load(code)

    def inspect(
        self, code: str, cursor_pos: int | None = None, detail_level: int = 0
    ) -> dict[str, Any]:
        """The ``inspect_reply`` content: help on the name at (or called around) the cursor.

        ``detail_level=1`` shows the source when there is one. Like
        `complete`, it never runs the student's code.
        """
        position = len(code) if cursor_pos is None else max(0, min(cursor_pos, len(code)))
        # Classes of the notebook are found through sys.modules["__main__"], as in cells.
        with _replaced(sys.modules, "__main__", self._main):
            return inspect_reply(
                code, position, self.user_ns, detail_level=detail_level, file_label=self.cell_label
            )

    # --- what display() calls (the DisplayPublisher protocol) ---

    def publish_display_data(
        self, data: dict[str, Any], metadata: dict[str, Any], transient: dict[str, Any]
    ) -> None:
        """Publish ``display_data`` after whatever the streams hold."""
        self._streams.flush()
        self._publish("display_data", {"data": data, "metadata": metadata, "transient": transient})

    def publish_update_display_data(
        self, data: dict[str, Any], metadata: dict[str, Any], transient: dict[str, Any]
    ) -> None:
        """Publish ``update_display_data``: new content for the outputs with this display id."""
        self._streams.flush()
        content = {"data": data, "metadata": metadata, "transient": transient}
        self._publish("update_display_data", content)

    def publish_clear_output(self, wait: bool) -> None:
        """Publish ``clear_output`` after whatever the streams hold."""
        self._streams.flush()
        self._publish("clear_output", {"wait": wait})

    # --- what the shell (get_ipython()) and the magics use ---

    @property
    def current_input(self) -> str:
        """The source of the cell running now, as typed."""
        return self._current_input

    def cell_label(self, filename: str) -> str | None:
        """``"Cell In[3]"`` for the file name of a cell's code, ``None`` for other files."""
        return self._cells.label(filename)

    def compile_source(
        self,
        source: str,
        *,
        label: str | None = None,
        first_line: int = 1,
        display_last: bool = False,
    ) -> CompiledCell:
        """Compile Python code that is part of the running cell (the body of ``%%time`` …).

        Its tracebacks name the cell (or ``label``) and count lines from
        ``first_line``, so they point at the line the student typed.
        """
        padded = "\n" * (first_line - 1) + source
        filename = self._cells.register(padded, label or self._current_label)
        return self._compiler.compile(padded, filename, display_last=display_last)

    def run_compiled(self, cell: CompiledCell) -> Any:
        """Run compiled code in the notebook's namespace; return its last expression's value."""
        return self._run(cell)

    def reset(self, *, new_session: bool = False, keep_outputs: bool = False) -> None:
        """Delete the student's variables and, unless ``keep_outputs``, ``Out``.

        ``new_session`` also empties ``In`` and starts counting from 1 again.
        """
        self.user_ns.clear()
        self.user_ns.update(self._initial_ns)
        self._history.forget(inputs=new_session, outputs=not keep_outputs)
        self._history.install()
        if new_session:
            self.execution_count = 0

    # --- the stages of execute ---

    def _run_cell(
        self, code: str, filename: str, count: int, *, silent: bool, store: bool
    ) -> tuple[dict[str, Any], BaseException | None]:
        self.last_value = None
        try:
            cell = self._compiler.compile(transform_cell(code), filename, display_last=not silent)
        except SyntaxError as error:
            blocks = self._tracebacks.format_syntax_error(error, filename)
            return self._fail(error, count, blocks), error
        except Exception as error:  # e.g. ValueError for a null byte on Python 3.11
            return self._fail(error, count, [exception_message(error)]), error
        try:
            value = self._run(cell)
            if cell.last_expression is not None and value is not None:
                self.last_value = value
                self._show_result(value, count, store)
        except UsageError as error:  # a misused magic: one line, as in IPython
            return self._fail(error, count, [f"UsageError: {safe_str(error)}"]), error
        except BaseException as error:  # SystemExit and KeyboardInterrupt included
            return self._fail(error, count, self._format_error(error)), error
        ok = {"status": "ok", "execution_count": count, "user_expressions": {}, "payload": []}
        return ok, None

    def _format_error(self, error: BaseException) -> list[str]:
        # Code that a magic compiles (the body of %%time …) is part of the
        # cell: its syntax errors are shown as the cell's own would be.
        if isinstance(error, SyntaxError) and self._cells.label(error.filename or ""):
            return self._tracebacks.format_syntax_error(error, error.filename or "")
        return self._tracebacks.format(error)

    @contextmanager
    def _running(self) -> Iterator[None]:
        """Redirect the streams, sleep, ``display`` and ``__main__`` to this cell."""
        with ExitStack() as stack:
            set_display_publisher(self)
            # New stream objects each time: a cell that closed its sys.stdout
            # must not leave the next cell without one.
            stdout, stderr = OutStream(self._streams, "stdout"), OutStream(self._streams, "stderr")
            stack.enter_context(redirect_stdout(cast(TextIO, stdout)))
            stack.enter_context(redirect_stderr(cast(TextIO, stderr)))
            stack.enter_context(flushing_sleep(self._streams.flush))
            stack.enter_context(answering(self._stdin))
            stack.enter_context(_replaced(builtins, "display", display))
            stack.enter_context(_replaced(builtins, "get_ipython", self.shell.get_ipython))
            set_active_shell(self.shell)
            # pickle, dataclasses and typing.get_type_hints look classes up in
            # sys.modules["__main__"]: it must be the notebook's namespace.
            stack.enter_context(_replaced(sys.modules, "__main__", self._main))
            # Last in, first out: the streams are flushed before being restored.
            stack.callback(self._streams.flush)
            yield

    def _run(self, cell: CompiledCell) -> Any:
        value = None
        if cell.body is not None:
            self._eval(cell.body)
        if cell.last_expression is not None:
            value = self._eval(cell.last_expression)
        return value

    def _eval(self, code: types.CodeType) -> Any:
        result = eval(code, self.user_ns)
        if CompiledCell.is_coroutine(code):
            result = self._runner.run(result)
        return result

    def _show_result(self, value: Any, count: int, store: bool) -> None:
        data, metadata = self.formatter.format(value)
        if store:
            self._history.record_output(count, value)
        self._streams.flush()
        content = {"execution_count": count, "data": data, "metadata": metadata}
        self._publish("execute_result", content)

    def _fail(self, error: BaseException, count: int, blocks: list[str]) -> dict[str, Any]:
        self._streams.flush()
        sys.last_type, sys.last_value = type(error), error
        sys.last_traceback = error.__traceback__
        if sys.version_info >= (3, 12):
            sys.last_exc = error
        # str() of a SyntaxError carries the cell's synthetic file name; the
        # message alone reads better where front ends show "ename: evalue".
        evalue = error.msg if isinstance(error, SyntaxError) else safe_str(error)
        content = {"ename": type(error).__name__, "evalue": evalue, "traceback": blocks}
        self._publish("error", content)
        return {"status": "error", "execution_count": count, **content, "traceback": list(blocks)}


def _enter(cwd: str | os.PathLike[str]) -> None:
    if not os.path.isdir(cwd):
        raise FileNotFoundError(
            f"Kernel(cwd={os.fspath(cwd)!r}): there is no such folder; "
            "create it first or pass cwd=None to stay where Python started"
        )
    os.chdir(cwd)
    # As in IPython: modules next to the notebook can be imported.
    if "" not in sys.path:
        sys.path.insert(0, "")


@contextmanager
def _replaced(container: Any, name: str, value: object) -> Iterator[None]:
    """Set ``container.name`` (or ``container[name]`` for a dict), then put it back."""
    mapping: dict[str, Any] = container if isinstance(container, dict) else vars(container)
    previous = mapping.get(name, _MISSING)
    mapping[name] = value
    try:
        yield
    finally:
        if previous is _MISSING:
            mapping.pop(name, None)
        else:
            mapping[name] = previous
