"""%time, %%time, %timeit and %%timeit: IPython's output, bounded in time."""

from __future__ import annotations

import re

import pytest

from ardoise.runtime import Kernel
from ardoise.runtime.magics import timing
from ardoise.runtime.magics.timing import TimeitResult, format_time, plan_runs

from .conftest import Recorder

DURATION = r"[\d.]+(?:e[+-]\d+)? (?:s|ms|µs|ns)"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (1.2345e-6, "1.23 µs"),
        (4.56e-8, "45.6 ns"),
        (0.25, "250 ms"),
        (3.0, "3 s"),
        (0.0, "0 ns"),
        (125.0, "2min 5s"),
        (3725.5, "1h 2min 5s"),
    ],
)
def test_durations_are_written_as_ipython_writes_them(seconds: float, text: str) -> None:
    assert format_time(seconds) == text


def test_time_prints_cpu_and_wall_time_and_shows_the_value(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    reply = a_kernel.execute("%time sum(range(1000))")
    assert reply["status"] == "ok"
    lines = recorder.text().splitlines()
    assert re.fullmatch(
        rf"CPU times: user {DURATION}, sys: {DURATION}, total: {DURATION}", lines[0]
    )
    assert re.fullmatch(rf"Wall time: {DURATION}", lines[1])
    assert recorder.results() == ["499500"]
    assert a_kernel.user_ns["_"] == 499500


def test_time_can_be_assigned_and_times_statements(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute("total = %time sum([1, 2])\n%time doubled = total * 2")
    assert a_kernel.user_ns["total"] == 3
    assert a_kernel.user_ns["doubled"] == 6
    assert recorder.text().count("Wall time:") == 2
    assert recorder.results() == []


def test_time_cell_runs_the_cell_and_shows_its_last_value(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute("%%time\nimport math\nroot = math.sqrt(16)\nroot + 1")
    assert a_kernel.user_ns["root"] == 4.0
    assert recorder.results() == ["5.0"]
    assert "Wall time:" in recorder.text()


def test_an_error_in_a_timed_cell_points_at_the_line_typed(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    reply = a_kernel.execute("%%time\nx = 1\n1 / 0\n")
    assert reply["ename"] == "ZeroDivisionError"
    assert "----> 3 1 / 0" in recorder.traceback()
    assert "Wall time:" not in recorder.text()


def test_an_error_in_a_timed_line_points_at_its_line(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute("x = 1\n%time x / 0")
    assert "----> 2 x / 0" in recorder.traceback()


def test_time_cell_may_await(a_kernel: Kernel, recorder: Recorder) -> None:
    reply = a_kernel.execute("%%time\nimport asyncio\nawait asyncio.sleep(0)\n'awaited'")
    assert reply["status"] == "ok"
    assert recorder.results() == ["'awaited'"]


def test_timeit_with_options_prints_ipythons_summary_line(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute("%timeit -n 20 -r 3 sum(range(10))")
    assert re.fullmatch(
        # As IPython, a warning first when one run was over four times slower than
        # another (a loaded machine, a timer as coarse as the browser's).
        r"(?:The slowest run took [\d.]+ times longer than the fastest\. This could mean"
        r" that an intermediate result is being cached\.\n)?"
        rf"{DURATION} ± {DURATION} per loop "
        r"\(mean ± std\. dev\. of 3 runs, 20 loops each\)\n",
        recorder.text(),
    )


def test_timeit_uses_the_notebooks_variables(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute("data = list(range(100))")
    reply = a_kernel.execute("%timeit -n 1 -r 1 sorted(data)")
    assert reply["status"] == "ok"
    assert "1 run, 1 loop each" in recorder.text()


def test_timeit_o_returns_the_result_and_q_keeps_quiet(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute("result = %timeit -q -o -n 5 -r 2 1 + 1")
    result = a_kernel.user_ns["result"]
    assert isinstance(result, TimeitResult)
    assert (result.loops, result.repeat, len(result.all_runs)) == (5, 2, 2)
    assert result.best <= result.average <= result.worst
    assert recorder.text() == ""


def test_timeit_cell_runs_its_setup_line_once_and_times_the_body(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute("calls = []")
    a_kernel.execute("%%timeit -n 4 -r 2 calls.append('setup')\ncalls.append('body')")
    assert a_kernel.user_ns["calls"].count("setup") == 2  # once per run, as timeit does
    assert a_kernel.user_ns["calls"].count("body") == 8


@pytest.mark.parametrize("line", ["-n 0 1", "-n ten 1", "-r -1 x"])
def test_timeit_refuses_a_bad_count_with_a_usage_error(
    a_kernel: Kernel, recorder: Recorder, line: str
) -> None:
    reply = a_kernel.execute(f"%timeit {line}")
    assert reply["ename"] == "UsageError"
    assert "needs a whole number above 0" in reply["evalue"]


def test_a_slow_statement_is_measured_few_times_to_stay_within_the_budget() -> None:
    loops_asked: list[int] = []

    def slow(loops: int) -> float:
        loops_asked.append(loops)
        return 1.0 * loops  # one second a loop

    loops, runs = plan_runs(slow, number=None, repeat=None)
    assert loops == 1
    assert len(runs) == int(timing.BUDGET_SECONDS)
    assert sum(loops_asked) <= timing.BUDGET_SECONDS + 1


def test_a_statement_slower_than_the_budget_is_measured_only_once() -> None:
    calls: list[int] = []

    def very_slow(loops: int) -> float:
        calls.append(loops)
        return 60.0

    assert plan_runs(very_slow, number=None, repeat=None) == (1, [60.0])
    assert calls == [1]


def test_a_fast_statement_gets_loops_grown_by_ten_and_seven_runs() -> None:
    def fast(loops: int) -> float:
        return loops * 3e-7  # 0.3 s for a million loops

    loops, runs = plan_runs(fast, number=None, repeat=None)
    assert loops == 1_000_000
    assert len(runs) == 7


def test_options_given_by_the_student_are_obeyed() -> None:
    assert plan_runs(lambda loops: 2.0, number=3, repeat=2) == (3, [2.0, 2.0])


def test_a_run_much_slower_than_the_others_brings_a_warning(
    a_kernel: Kernel, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    durations = iter([0.001, 0.01])
    monkeypatch.setattr(timing, "plan_runs", lambda measure, **_: (1, list(durations)))
    a_kernel.execute("%timeit pass")
    assert recorder.text().startswith("The slowest run took 10.00 times longer than the fastest.")


def test_the_runtimes_own_frames_are_hidden_from_a_timed_error(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute("def f():\n    return 1 / 0\n%time f()")
    traceback = recorder.traceback()
    assert "timing.py" not in traceback
    assert "ardoise" not in traceback
    assert "Cell In[1], line 2, in f" in traceback


def test_a_syntax_error_in_a_timed_cell_is_shown_as_the_cells_own(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    reply = a_kernel.execute("%%time\nx = 1\ny = (\n")
    assert (reply["ename"], reply["evalue"]) == ("SyntaxError", "'(' was never closed")
    assert recorder.traceback() == (
        "  Cell In[1], line 3\n    y = (\n        ^\nSyntaxError: '(' was never closed"
    )
