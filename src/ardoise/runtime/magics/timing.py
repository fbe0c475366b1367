"""``%time``, ``%%time``, ``%timeit`` and ``%%timeit``, with IPython's output.

``%timeit`` picks the number of loops as IPython does (the first power of
ten that takes 0.2 s), then repeats; a slow statement is repeated fewer
times, so that the whole measurement stays within a few seconds instead of
keeping a student waiting for minutes.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import _compat, messages
from .registry import CellMagic, LineMagic, positive_int, split_options

if TYPE_CHECKING:
    from ..shell import InteractiveShell as Shell

__all__ = ["CELL", "LINE", "TimeitResult", "format_time", "plan_runs"]

#: Seconds one measurement of ``%timeit`` should last, as in IPython.
TARGET_SECONDS = 0.2
#: Seconds the repeats of an automatic ``%timeit`` may take together.
BUDGET_SECONDS = 3.0
_DEFAULT_REPEAT = 7
# Above this, %time also says how long compiling took (IPython's threshold).
_COMPILE_REPORTED = 0.1


def format_time(seconds: float, precision: int = 3) -> str:
    """``1.23 µs``, ``45.6 ms``, ``2min 3s``: a duration as IPython writes it."""
    if seconds >= 60:
        parts, left = [], seconds
        for suffix, length in (("d", 86400), ("h", 3600), ("min", 60), ("s", 1)):
            value = int(left // length)
            if value:
                parts.append(f"{value}{suffix}")
                left -= value * length
            if left < 1:
                break
        return " ".join(parts)
    for unit, scale in (("s", 1.0), ("ms", 1e3), ("µs", 1e6)):
        if seconds * scale >= 1:
            return f"{seconds * scale:.{precision}g} {unit}"
    return f"{seconds * 1e9:.{precision}g} ns"


@dataclass
class TimeitResult:
    """What ``%timeit -o`` returns: every run, in seconds per loop."""

    loops: int
    repeat: int
    all_runs: list[float]
    compile_time: float = 0.0
    precision: int = 3
    timings: list[float] = field(init=False)

    def __post_init__(self) -> None:
        self.timings = [run / self.loops for run in self.all_runs]

    @property
    def best(self) -> float:
        return min(self.timings)

    @property
    def worst(self) -> float:
        return max(self.timings)

    @property
    def average(self) -> float:
        return math.fsum(self.timings) / len(self.timings)

    @property
    def stdev(self) -> float:
        mean = self.average
        return math.sqrt(math.fsum((t - mean) ** 2 for t in self.timings) / len(self.timings))

    def __str__(self) -> str:
        runs = len(self.timings)
        return messages.TIMEIT_RESULT.format(
            mean=format_time(self.average, self.precision),
            std=format_time(self.stdev, self.precision),
            runs=runs,
            runs_s="" if runs == 1 else "s",
            loops=self.loops,
            loops_s="" if self.loops == 1 else "s",
        )

    def __repr__(self) -> str:
        return f"<TimeitResult : {self}>"


def plan_runs(
    measure: Callable[[int], float], *, number: int | None, repeat: int | None
) -> tuple[int, list[float]]:
    """Measure ``measure(loops) -> seconds`` and return ``(loops, durations of the runs)``.

    Options given by the student are obeyed; otherwise the loops grow by ten
    until a run takes `TARGET_SECONDS`, and the repeats are cut to fit
    `BUDGET_SECONDS` (a run slower than that is measured once, and reused).
    """
    if number is not None:
        return number, [measure(number) for _ in range(repeat or _DEFAULT_REPEAT)]
    loops, first = _autorange(measure)
    if repeat is None:
        if first >= BUDGET_SECONDS:
            return loops, [first]
        fits = int(BUDGET_SECONDS / first) if first > 0 else _DEFAULT_REPEAT
        repeat = max(1, min(_DEFAULT_REPEAT, fits))
    return loops, [measure(loops) for _ in range(repeat)]


def _autorange(measure: Callable[[int], float]) -> tuple[int, float]:
    loops, seconds = 1, 0.0
    for power in range(10):
        loops = 10**power
        seconds = measure(loops)
        if seconds >= TARGET_SECONDS:
            break
    return loops, seconds


def time_line(shell: Shell, line: str) -> Any:
    """Time how long a statement or expression takes; return the expression's value.

    Usage: ``%time sum(range(10**6))``, ``x = %time f()``.
    """
    return _time(shell, line, first_line=shell.current_line())


def time_cell(shell: Shell, line: str, cell: str) -> Any:
    """Time the whole cell; its last expression is shown, as without ``%%time``.

    Usage: ``%%time`` on the first line of a cell.
    """
    return _time(shell, cell, first_line=shell.cell_body_line(cell))


def _time(shell: Shell, source: str, *, first_line: int) -> Any:
    started = time.perf_counter()
    compiled = shell.compile(source, first_line=first_line, display_last=True)
    compile_time = time.perf_counter() - started
    cpu_before, wall_before = _compat.cpu_times(), time.perf_counter()
    value = shell.run_compiled(compiled)
    wall = time.perf_counter() - wall_before
    user, system = (
        after - before for after, before in zip(_compat.cpu_times(), cpu_before, strict=True)
    )
    print(
        messages.TIME_CPU.format(
            user=format_time(user), system=format_time(system), total=format_time(user + system)
        )
    )
    print(messages.TIME_WALL.format(wall=format_time(wall)))
    if compile_time > _COMPILE_REPORTED:
        print(messages.TIME_COMPILER.format(time=format_time(compile_time)))
    return value


def timeit_line(shell: Shell, line: str) -> Any:
    """Time a statement many times and show the mean and spread of a loop.

    Options: ``-n N`` loops per run, ``-r R`` runs, ``-p P`` significant
    digits, ``-q`` quiet, ``-o`` return the `TimeitResult`. ``-t`` and ``-c``
    are accepted for IPython's sake. Usage: ``%timeit -n 100 sorted(data)``.
    """
    options, statement = split_options(line, "timeit", flags="qotc", valued="nrp")
    return _timeit(shell, options, statement or "pass", setup="pass")


def timeit_cell(shell: Shell, line: str, cell: str) -> Any:
    """Time the cell many times; the first line, after the options, is run once before.

    Usage: ``%%timeit -r 3 data = list(range(1000))`` then the code to time.
    """
    options, setup = split_options(line, "timeit", flags="qotc", valued="nrp")
    return _timeit(shell, options, shell.transform(cell), setup=setup or "pass")


def _timeit(
    shell: Shell, options: dict[str, str], statement: str, setup: str
) -> TimeitResult | None:
    number = positive_int(options["n"], "timeit", "n") if "n" in options else None
    repeat = positive_int(options["r"], "timeit", "r") if "r" in options else None
    precision = positive_int(options["p"], "timeit", "p") if "p" in options else 3
    import timeit  # only when timing

    started = time.perf_counter()
    timer = timeit.Timer(statement, setup, timer=time.perf_counter, globals=shell.user_ns)
    compile_time = time.perf_counter() - started
    loops, runs = plan_runs(timer.timeit, number=number, repeat=repeat)
    result = TimeitResult(loops, len(runs), runs, compile_time, precision)
    if "q" not in options:
        if result.worst > 4 * result.best and result.best > 0 and result.worst > 1e-6:
            print(messages.TIMEIT_SLOWEST.format(ratio=result.worst / result.best))
        print(result)
        if compile_time > _COMPILE_REPORTED:
            print(messages.TIME_COMPILER.format(time=format_time(compile_time)))
    return result if "o" in options else None


LINE: dict[str, LineMagic] = {"time": time_line, "timeit": timeit_line}
CELL: dict[str, CellMagic] = {"time": time_cell, "timeit": timeit_cell}
