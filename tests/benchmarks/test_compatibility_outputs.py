"""benchmarks/compatibility.py judges cells fairly: noise is ignored, real differences are not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fidelity.compare import DIFFER, INTERRUPTED, MATCH, NONDETERMINISTIC, judge_cells
from fidelity.imports import needed_modules
from fidelity.outputs import first_difference, normalise, notebook_outputs

Output = dict[str, Any]


def stream(text: str, name: str = "stdout") -> Output:
    return {"output_type": "stream", "name": name, "text": text}


def result(plain: str, count: int = 1) -> Output:
    return {
        "output_type": "execute_result",
        "execution_count": count,
        "data": {"text/plain": plain},
        "metadata": {},
    }


def error(ename: str, evalue: str, traceback: list[str]) -> Output:
    return {"output_type": "error", "ename": ename, "evalue": evalue, "traceback": traceback}


def test_streams_split_differently_are_the_same_output() -> None:
    one = [stream("a\nb\n")]
    three = [stream("a"), stream("\n"), stream("b\n")]
    assert normalise(one) == normalise(three)
    assert first_difference(normalise(one), normalise(three)) is None


def test_stdout_and_stderr_are_not_merged_together() -> None:
    assert first_difference(normalise([stream("a")]), normalise([stream("a", "stderr")]))
    split = normalise([stream("a"), stream("b", "stderr")])
    assert [output["name"] for output in split] == ["stdout", "stderr"]


def test_execution_counts_and_output_metadata_are_ignored() -> None:
    ours = result("42", count=3)
    theirs = {**result("42", count=17), "metadata": {"something": 1}}
    assert first_difference(normalise([ours]), normalise([theirs])) is None


def test_memory_addresses_are_masked() -> None:
    ours = normalise([result("<Foo at 0x7f3a9c1b2d40>")])
    theirs = normalise([result("<Foo at 0x1836070>")])
    assert first_difference(ours, theirs) is None
    assert first_difference(ours, normalise([result("<Bar at 0x1836070>")])) is not None


def test_measured_times_and_loop_counts_are_masked() -> None:
    ipython = (
        "The slowest run took 5.31 times longer than the fastest. "
        "This could mean that an intermediate result is being cached.\n"
        "1.58 \u03bcs ± 12.3 ns per loop (mean ± std. dev. of 7 runs, 1,000,000 loops each)\n"
        "CPU times: user 2 ms, sys: 0 ns, total: 2 ms\nWall time: 1.5 s\n"
    )
    ardoise = (
        "3.2 µs ± 1 µs per loop (mean ± std. dev. of 1 run, 100 loops each)\n"
        "CPU times: user 12.5 ms, sys: 0 ns, total: 12.5 ms\nWall time: 20 ms\n"
    )
    assert first_difference(normalise([stream(ipython)]), normalise([stream(ardoise)])) is None


def test_a_different_timing_format_is_still_a_difference() -> None:
    ipython = "1.58 µs ± 12.3 ns per loop (mean ± std. dev. of 7 runs, 1,000,000 loops each)\n"
    other = "1.58 µs per loop, best of 7\n"
    difference = first_difference(normalise([stream(ipython)]), normalise([stream(other)]))
    assert difference is not None and difference.aspect == "stream text"


def test_carriage_returns_and_backspaces_act_as_in_a_terminal() -> None:
    assert normalise([stream("10 %\r50 %\r100 %\nab\x08c\n")])[0]["text"] == "100 %\nac\n"


def test_tracebacks_are_compared_without_colours_cell_numbers_or_stdlib_folders() -> None:
    ipython = error(
        "ZeroDivisionError",
        "division by zero",
        [
            "\x1b[31mZeroDivisionError\x1b[39m  Traceback (most recent call last)",
            "\x1b[36mCell\x1b[39m \x1b[32mIn[12]\x1b[39m, line 1",
            "File \x1b[32m/usr/lib/python3.13/fractions.py:12\x1b[39m\n      3 \n----> 4 x",
        ],
    )
    ardoise = error(
        "ZeroDivisionError",
        "division by zero",
        [
            "ZeroDivisionError  Traceback (most recent call last)",
            "Cell In[3], line 1",
            "File /lib/python314.zip/fractions.py:12\n      3\n----> 4 x",
        ],
    )
    assert first_difference(normalise([ipython]), normalise([ardoise])) is None


def test_a_different_error_is_reported_as_such() -> None:
    ours = normalise([error("StdinNotImplementedError", "no input", [])])
    theirs = normalise([error("OSError", "[Errno 29] I/O error", [])])
    difference = first_difference(ours, theirs)
    assert difference is not None and difference.aspect == "error type"
    assert "StdinNotImplementedError" in difference.describe()


def test_a_missing_output_is_a_difference() -> None:
    difference = first_difference(normalise([stream("a"), result("1")]), normalise([stream("a")]))
    assert difference is not None and difference.aspect == "missing output"
    extra = first_difference(normalise([]), normalise([result("1")]))
    assert extra is not None and extra.aspect == "extra output"


def test_different_mime_types_are_a_difference() -> None:
    html = {**result("x"), "data": {"text/plain": "x", "text/html": "<b>x</b>"}}
    difference = first_difference(normalise([html]), normalise([result("x")]))
    assert difference is not None and difference.aspect == "MIME types"


def test_messages_become_outputs_as_nbclient_builds_them() -> None:
    shown = {"data": {"text/plain": "old"}, "metadata": {}, "transient": {"display_id": "d"}}
    update = {"data": {"text/plain": "new"}, "metadata": {}, "transient": {"display_id": "d"}}
    cells = notebook_outputs(
        [
            [("display_data", shown), ("stream", {"name": "stdout", "text": "x"})],
            [
                ("stream", {"name": "stdout", "text": "gone"}),
                ("clear_output", {"wait": True}),
                ("update_display_data", update),
                ("stream", {"name": "stdout", "text": "kept"}),
            ],
        ]
    )
    assert cells[0][0]["data"] == {"text/plain": "new"}  # updated from the second cell
    assert [output["text"] for output in cells[1]] == ["kept"]


def test_cells_whose_reference_runs_disagree_are_not_judged() -> None:
    first = [[stream("0.12\n")], [result("1")], [stream("a")], [stream("x")]]
    second = [[stream("0.57\n")], [result("1")], [stream("a")], [stream("x")]]
    ardoise = [[stream("0.33\n")], [result("1")], [stream("b")], [stream("x")]]
    verdicts = judge_cells([first, second], {3}, list(ardoise))
    assert [v.verdict for v in verdicts] == [NONDETERMINISTIC, MATCH, DIFFER, INTERRUPTED]


def test_cells_that_never_ran_in_ardoise_differ() -> None:
    reference = [[result("1")], [result("2")]]
    verdicts = judge_cells([reference, reference], set(), [[result("1")], None])
    assert [v.verdict for v in verdicts] == [MATCH, DIFFER]


def test_modules_the_notebook_writes_or_holds_are_not_needed(tmp_path: Path) -> None:
    (tmp_path / "helpers.py").write_text("")
    cells = [
        "import numpy as np\nfrom os import path",
        "%%writefile mod.py\nimport matplotlib.pyplot as plt\n",
        "import mod, helpers\n%timeit mod.f()",
        "def f():\n    from fractions import Fraction",
        "print 'python 2'\nimport string",  # not Python 3: read line by line
        "from __future__ import annotations\nfrom . import sibling",
    ]
    assert needed_modules(cells, tmp_path) == {"numpy", "os", "matplotlib", "fractions", "string"}
