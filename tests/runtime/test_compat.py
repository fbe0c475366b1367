"""The compatibility seam: the loop that runs awaiting cells where no blocking loop exists."""

from __future__ import annotations

import asyncio
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import ardoise.runtime
from ardoise.runtime import _compat
from ardoise.runtime._compat import IN_PYODIDE, CoroutineRunner, TimerLoop


@pytest.fixture
def a_timer_runner() -> Iterator[CoroutineRunner]:
    """The runner Pyodide uses when the browser cannot suspend WebAssembly."""
    runner = CoroutineRunner(TimerLoop)
    yield runner
    runner.close()


def test_pyodide_is_recognised_by_its_platform() -> None:
    assert IN_PYODIDE is (sys.platform == "emscripten")


def test_only_the_compat_module_tests_the_platform() -> None:
    package = Path(ardoise.runtime.__file__).parent
    testing = [p.name for p in package.glob("*.py") if "emscripten" in p.read_text()]
    assert testing == ["_compat.py"]


def test_the_timer_loop_runs_sleeps_and_gathers(a_timer_runner: CoroutineRunner) -> None:
    async def work() -> list[int]:
        async def one(n: int) -> int:
            await asyncio.sleep(0.01 * n)
            return n

        return list(await asyncio.gather(one(2), one(1), one(0)))

    assert a_timer_runner.run(work()) == [2, 1, 0]


def test_the_timer_loop_keeps_tasks_between_runs(a_timer_runner: CoroutineRunner) -> None:
    async def start() -> asyncio.Task[str]:
        async def later() -> str:
            await asyncio.sleep(0.01)
            return "finished"

        return asyncio.ensure_future(later())

    async def finish(task: asyncio.Task[str]) -> str:
        return await task

    task = a_timer_runner.run(start())
    assert a_timer_runner.run(finish(task)) == "finished"


def test_awaiting_what_nothing_can_complete_fails_instead_of_hanging(
    a_timer_runner: CoroutineRunner,
) -> None:
    # Like a JavaScript promise in Pyodide without JSPI: nothing in Python settles it.
    async def wait_forever() -> None:
        await asyncio.get_running_loop().create_future()

    with pytest.raises(RuntimeError, match="only the browser can finish"):
        a_timer_runner.run(wait_forever())

    async def fine() -> str:
        return "the runner still works"

    assert a_timer_runner.run(fine()) == "the runner still works"


def test_a_runner_works_while_another_loop_counts_as_running(
    a_timer_runner: CoroutineRunner,
) -> None:
    # Pyodide's WebLoop always counts as running; the runner must step aside.
    async def value() -> int:
        return 7

    outer = TimerLoop()
    asyncio._set_running_loop(outer)
    try:
        assert a_timer_runner.run(value()) == 7
        assert asyncio._get_running_loop() is outer
        a_timer_runner.close()
        assert asyncio._get_running_loop() is outer
    finally:
        asyncio._set_running_loop(None)
        outer.close()


def test_errors_from_the_coroutine_propagate(a_timer_runner: CoroutineRunner) -> None:
    async def fail() -> None:
        raise LookupError("inside")

    with pytest.raises(LookupError, match="inside"):
        a_timer_runner.run(fail())


def test_closing_cancels_pending_tasks() -> None:
    runner = CoroutineRunner()
    cancelled = []

    async def forever() -> None:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            cancelled.append(True)
            raise

    async def start() -> asyncio.Future[None]:
        task = asyncio.ensure_future(forever())
        await asyncio.sleep(0)
        return task

    task = runner.run(start())
    runner.close()
    assert task.cancelled()
    assert cancelled == [True]
    runner.close()  # twice is harmless


def test_the_timer_loop_is_the_default_only_in_pyodide() -> None:
    runner = CoroutineRunner()

    async def loop_type() -> type:
        return type(asyncio.get_running_loop())

    try:
        assert (runner.run(loop_type()) is TimerLoop) is IN_PYODIDE
    finally:
        runner.close()


@pytest.fixture
def a_fake_micropip(monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[str], dict[str, Any]]]:
    """Pyodide's side of pip_install, with a micropip that records what it installs."""
    installed: list[tuple[list[str], dict[str, Any]]] = []

    async def install(requirements: list[str], **options: Any) -> None:
        await asyncio.sleep(0)  # micropip awaits downloads
        installed.append((requirements, options))

    monkeypatch.setattr(_compat, "IN_PYODIDE", True)
    monkeypatch.setitem(sys.modules, "micropip", types.SimpleNamespace(install=install))
    return installed


def test_pip_install_in_the_browser_awaits_micropip(
    a_fake_micropip: list[tuple[list[str], dict[str, Any]]],
) -> None:
    _compat.pip_install(["rich", "attrs>=23"], pre=True, index_urls=["https://wheels.example"])
    assert a_fake_micropip == [
        (
            ["rich", "attrs>=23"],
            {
                "deps": True,
                "pre": True,
                "keep_going": True,
                "index_urls": ["https://wheels.example"],
            },
        )
    ]


def test_pip_install_in_the_browser_leaves_the_index_to_micropip_by_default(
    a_fake_micropip: list[tuple[list[str], dict[str, Any]]],
) -> None:
    _compat.pip_install(["rich"], deps=False)
    assert a_fake_micropip == [(["rich"], {"deps": False, "pre": False, "keep_going": True})]


@pytest.mark.skipif(IN_PYODIDE, reason="outside the browser only")
def test_pip_install_outside_the_browser_says_how_to_install_instead() -> None:
    with pytest.raises(_compat.NotInBrowser, match=r"python -m pip install rich attrs$"):
        _compat.pip_install(["rich", "attrs"])


def test_cpu_times_grow_while_python_works() -> None:
    user, system = _compat.cpu_times()
    sum(i * i for i in range(300_000))
    later_user, later_system = _compat.cpu_times()
    assert later_user + later_system > user + system >= 0
