"""The kernel: runs cells and publishes their output as Jupyter IOPub messages.

The JavaScript worker creates one `Kernel` and calls `Kernel.execute` for each
``execute_request``; everything the cell shows goes through the ``publish``
callback while it runs, and the return value is the ``execute_reply`` content.
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

from ._compat import CoroutineRunner
from .compiler import CellRegistry, CompiledCell, Compiler
from .formatter import DisplayFormatter
from .output import display, set_display_publisher
from .streams import OutStream, StreamPublisher, flushing_sleep
from .tracebacks import TracebackFormatter, exception_message, safe_str

__all__ = ["Kernel", "Publish"]

#: ``publish(msg_type, content)``: sends one IOPub message to the front end.
Publish = Callable[[str, dict[str, Any]], None]

_MISSING = object()


class Kernel:
    """A Python kernel speaking Jupyter's message contents, without IPython.

    ``publish`` receives ``("stream" | "display_data" | "execute_result" |
    "error" | "clear_output", content)`` while a cell runs. ``cwd``, when
    given, becomes the working directory, and modules in it can be imported.
    """

    def __init__(self, publish: Publish, *, cwd: str | os.PathLike[str] | None = None) -> None:
        if not callable(publish):
            raise TypeError(
                f"Kernel(publish=...) needs a function publish(msg_type, content), "
                f"got {type(publish).__name__}"
            )
        self._publish = publish
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
        self._runner = CoroutineRunner()
        weakref.finalize(self, self._runner.close)
        self._inputs: list[str] = [""]
        self._outputs: dict[int, Any] = {}
        self._init_namespace()
        if cwd is not None:
            _enter(cwd)
        set_display_publisher(self)

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
            self._record_input(code)
        count = self.execution_count
        filename = self._cells.register(code, f"Cell In[{count}]")
        with self._running():
            try:
                cell = self._compiler.compile(code, filename, display_last=not silent)
            except SyntaxError as error:
                return self._fail(
                    error, count, self._tracebacks.format_syntax_error(error, filename)
                )
            except Exception as error:  # e.g. ValueError for a null byte on Python 3.11
                return self._fail(error, count, [exception_message(error)])
            try:
                value = self._run(cell)
                if cell.last_expression is not None and value is not None:
                    self._show_result(value, count, store)
            except BaseException as error:  # SystemExit and KeyboardInterrupt included
                return self._fail(error, count, self._tracebacks.format(error))
        return {"status": "ok", "execution_count": count, "user_expressions": {}, "payload": []}

    # --- what display() calls (the DisplayPublisher protocol) ---

    def publish_display_data(
        self, data: dict[str, Any], metadata: dict[str, Any], transient: dict[str, Any]
    ) -> None:
        """Publish ``display_data`` after whatever the streams hold."""
        self._streams.flush()
        self._publish("display_data", {"data": data, "metadata": metadata, "transient": transient})

    def publish_clear_output(self, wait: bool) -> None:
        """Publish ``clear_output`` after whatever the streams hold."""
        self._streams.flush()
        self._publish("clear_output", {"wait": wait})

    # --- the stages of execute ---

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
            stack.enter_context(_replaced(builtins, "display", display))
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
            ns = self.user_ns
            ns["___"], ns["__"], ns["_"] = ns.get("__", ""), ns.get("_", ""), value
            ns[f"_{count}"] = self._outputs[count] = value
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

    # --- the namespace ---

    def _init_namespace(self) -> None:
        ns = self.user_ns
        ns["__builtins__"] = builtins
        ns.update(In=self._inputs, Out=self._outputs, _ih=self._inputs, _oh=self._outputs)
        ns.update(_="", __="", ___="", _i="", _ii="", _iii="")

    def _record_input(self, code: str) -> None:
        ns = self.user_ns
        self._inputs.append(code)
        previous = self._inputs[-2]  # In[0] is "", so there is always one
        ns["_iii"], ns["_ii"], ns["_i"] = ns.get("_ii", ""), ns.get("_i", ""), previous
        ns[f"_i{self.execution_count}"] = code


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
