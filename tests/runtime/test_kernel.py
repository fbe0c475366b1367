"""The kernel's namespace, top-level await, the working directory and misuse."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from ardoise.runtime import Kernel

from .conftest import Recorder


def test_the_namespace_is_a_fresh_main_module(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute("__name__")
    assert recorder.results() == ["'__main__'"]
    assert "__builtins__" in a_kernel.user_ns
    assert Kernel(recorder).user_ns is not a_kernel.user_ns


def test_definitions_and_imports_persist_across_cells(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute("import math\nclass Circle:\n    def __init__(self, r):\n        self.r = r")
    a_kernel.execute("def area(c):\n    return round(math.pi * c.r ** 2, 2)")
    a_kernel.execute("area(Circle(1))")
    assert recorder.results() == ["3.14"]


def test_the_runtimes_future_imports_do_not_leak_into_cells(a_kernel: Kernel) -> None:
    a_kernel.execute("def f(x: int) -> None: pass\nhints = f.__annotations__")
    assert a_kernel.user_ns["hints"] == {"x": int, "return": None}


def test_a_future_import_in_a_cell_applies_to_later_cells_too(a_kernel: Kernel) -> None:
    a_kernel.execute("from __future__ import annotations\ndef f(x: int): pass")
    a_kernel.execute("def g(y: Undefined): pass\nhints = (f.__annotations__, g.__annotations__)")
    assert a_kernel.user_ns["hints"] == ({"x": "int"}, {"y": "Undefined"})


def test_classes_defined_in_cells_can_be_pickled_and_introspected(a_kernel: Kernel) -> None:
    reply = a_kernel.execute(
        "from __future__ import annotations\n"
        "import dataclasses, pickle, typing\n"
        "@dataclasses.dataclass\n"
        "class Point:\n"
        "    x: int\n"
        "copy = pickle.loads(pickle.dumps(Point(1)))\n"
        "hints = typing.get_type_hints(Point)"
    )
    assert reply["status"] == "ok", reply
    assert a_kernel.user_ns["copy"] == a_kernel.user_ns["Point"](1)
    assert a_kernel.user_ns["hints"] == {"x": int}
    assert sys.modules["__main__"].__dict__ is not a_kernel.user_ns  # put back afterwards


def test_the_source_of_a_function_defined_in_a_cell_can_be_read(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute("def double(x):\n    return 2 * x")
    a_kernel.execute("import inspect\nprint(inspect.getsource(double))")
    assert recorder.text() == "def double(x):\n    return 2 * x\n\n"


def test_top_level_await_runs_and_shows_the_value(a_kernel: Kernel, recorder: Recorder) -> None:
    reply = a_kernel.execute(
        "import asyncio\n"
        "async def twice(x):\n"
        "    await asyncio.sleep(0.01)\n"
        "    return 2 * x\n"
        "values = await asyncio.gather(twice(1), twice(2))\n"
        "await twice(values[1])"
    )
    assert reply["status"] == "ok"
    assert a_kernel.user_ns["values"] == [2, 4]
    assert recorder.results() == ["8"]


def test_tasks_started_in_one_cell_can_be_awaited_in_another(a_kernel: Kernel) -> None:
    a_kernel.execute(
        "import asyncio\nasync def later():\n    return 'done'\n"
        "async def start():\n    return asyncio.ensure_future(later())\n"
        "task = await start()"
    )
    a_kernel.execute("result = await task")
    assert a_kernel.user_ns["result"] == "done"


def test_a_coroutine_that_is_not_awaited_is_shown_not_run(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute("async def f():\n    return 1\ncoroutine = f()\ncoroutine")
    assert recorder.results()[0].startswith("<coroutine object f at")
    a_kernel.user_ns["coroutine"].close()  # no "never awaited" warning


def test_a_cell_with_a_trailing_semicolon_still_awaits(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute("import asyncio\nasync def f():\n    return 5\nresult = await f()\nawait f();")
    assert a_kernel.user_ns["result"] == 5
    assert recorder.results() == []


def test_cwd_becomes_the_working_directory_and_its_modules_importable(
    tmp_path: Path, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(os.getcwd())  # restored after the test
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.delitem(sys.modules, "course_helper", raising=False)
    (tmp_path / "data.csv").write_text("a,b\n1,2\n")
    (tmp_path / "course_helper.py").write_text("ANSWER = 42\n")
    kernel = Kernel(recorder, cwd=str(tmp_path))
    kernel.execute("with open('data.csv') as f:\n    print(f.read().splitlines()[1])")
    kernel.execute("import course_helper\ncourse_helper.ANSWER")
    assert Path.cwd() == tmp_path
    assert recorder.text() == "1,2\n"
    assert recorder.results() == ["42"]


def test_a_missing_cwd_fails_early_with_a_sentence(tmp_path: Path, recorder: Recorder) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(FileNotFoundError, match="there is no such folder"):
        Kernel(recorder, cwd=missing)


def test_a_publish_that_is_not_callable_fails_early() -> None:
    with pytest.raises(TypeError, match=r"publish\(msg_type, content\)"):
        Kernel("not a function")  # type: ignore[arg-type]


def test_exit_does_not_end_the_process(a_kernel: Kernel) -> None:
    reply = a_kernel.execute("exit()")
    assert reply["ename"] == "SystemExit"
    assert a_kernel.execute("1")["status"] == "ok"


def test_the_public_api_is_one_explicit_list() -> None:
    import ardoise.runtime

    assert "Kernel" in ardoise.runtime.__all__
    for name in ardoise.runtime.__all__:
        assert getattr(ardoise.runtime, name) is not None
    assert callable(ardoise.runtime.display)
