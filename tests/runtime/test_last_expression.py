"""The value of a cell's last expression is shown as Jupyter shows it."""

from __future__ import annotations

import pytest

from ardoise.runtime import Kernel

from .conftest import Recorder


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        ("1 + 1", "2"),
        ("x = 5\nx * 2", "10"),
        ("a, b = 1, 2\na, b", "(1, 2)"),
        ("'text'", "'text'"),
        ("x = 1; x + 1", "2"),
        ("1;\n2", "2"),
        ("# a comment first\n3  # and one after", "3"),
        ("[\n  1,\n  2,\n]", "[1, 2]"),
    ],
)
def test_the_last_expression_is_shown_as_an_execute_result(
    a_kernel: Kernel, recorder: Recorder, code: str, shown: str
) -> None:
    a_kernel.execute(code)
    assert recorder.results() == [shown]
    assert recorder.of_type("execute_result")[0]["execution_count"] == 1


@pytest.mark.parametrize(
    "code",
    [
        "x = 1",
        "x = 1\nx += 1",
        "total = 0\nfor i in range(3):\n    total += i",
        "if True:\n    42",
        "for i in range(2):\n    i",
        "1 + 1;",
        "1 + 1;  # a comment after the semicolon",
        "1 + 1 ;   \n\n",
        "None",
        "def f():\n    return 1",
        "import math",
    ],
)
def test_cells_without_a_final_value_show_nothing(
    a_kernel: Kernel, recorder: Recorder, code: str
) -> None:
    reply = a_kernel.execute(code)
    assert reply["status"] == "ok"
    assert recorder.of_type("execute_result") == []


def test_a_trailing_semicolon_hides_the_result_but_the_code_still_runs(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute("values = []\nvalues.append(1) or 7;")
    assert recorder.results() == []
    assert a_kernel.user_ns["values"] == [1]


def test_a_semicolon_inside_a_string_does_not_hide_the_result(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute("'a;'")
    assert recorder.results() == ["'a;'"]


def test_print_prints_but_shows_no_result(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute("print(1)")
    assert recorder.types() == ["stream"]
    assert recorder.text() == "1\n"


def test_only_the_last_of_several_expressions_is_shown(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute("1\n2\n3")
    assert recorder.results() == ["3"]


def test_containers_are_pretty_printed_in_insertion_order(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute("{'b': 1, 'a': 2}")
    a_kernel.execute("[list(range(30)) for _ in range(3)]")
    first, second = recorder.results()
    assert first == "{'b': 1, 'a': 2}"
    assert second.count("\n") >= 2  # too wide for one line, so one row per line


def test_a_wide_counter_shows_one_item_per_line_as_ipython_does(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute(
        "from collections import Counter\n"
        "class Dist(Counter):\n    pass\n"
        "Dist({f'outcome {i}': 10 - i for i in range(8)})"
    )
    a_kernel.execute("Counter('abracadabra')")
    wide = "Dist({" + ",\n      ".join(f"'outcome {i}': {10 - i}" for i in range(8)) + "})"
    assert recorder.results() == [wide, "Counter({'a': 5, 'b': 2, 'r': 2, 'c': 1, 'd': 1})"]


def test_a_dict_subclass_with_the_dict_repr_is_laid_out_as_a_dict(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute("class Table(dict):\n    pass\n")
    a_kernel.execute("Table({f'key number {i}': i for i in range(6)})")
    wide = "{" + ",\n ".join(f"'key number {i}': {i}" for i in range(6)) + "}"
    assert recorder.results() == [wide]


def test_a_silent_execution_shows_nothing_and_counts_nothing(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    reply = a_kernel.execute("print('hi')\n41 + 1", silent=True)
    assert reply["execution_count"] == 0
    assert recorder.results() == []
    assert recorder.text() == "hi\n"
    assert a_kernel.user_ns["In"] == [""]


def test_the_execution_count_grows_once_per_cell_even_when_it_fails(a_kernel: Kernel) -> None:
    assert a_kernel.execution_count == 0
    counts = [a_kernel.execute(code)["execution_count"] for code in ("1", "1/0", "(", "2")]
    assert counts == [1, 2, 3, 4]
    assert a_kernel.execution_count == 4


def test_without_store_history_the_count_and_history_stay_as_they_were(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute("10")
    reply = a_kernel.execute("20", store_history=False)
    assert reply["execution_count"] == 1
    assert a_kernel.execution_count == 1
    assert recorder.results() == ["10", "20"]
    assert a_kernel.user_ns["Out"] == {1: 10}
    assert a_kernel.user_ns["In"] == ["", "10"]


def test_an_ok_reply_has_the_jupyter_shape(a_kernel: Kernel) -> None:
    reply = a_kernel.execute("x = 1")
    assert reply == {"status": "ok", "execution_count": 1, "user_expressions": {}, "payload": []}


def test_underscores_hold_the_last_three_results(a_kernel: Kernel) -> None:
    for code in ("'one'", "'two'", "x = 'not shown'", "'three'", "None"):
        a_kernel.execute(code)
    ns = a_kernel.user_ns
    assert (ns["_"], ns["__"], ns["___"]) == ("three", "two", "one")


def test_out_maps_execution_counts_to_results(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute("6 * 7")
    a_kernel.execute("print('no result')")
    a_kernel.execute("[1, 2]")
    a_kernel.execute("Out[1] + 1")
    assert a_kernel.user_ns["Out"] == {1: 42, 3: [1, 2], 4: 43}
    assert a_kernel.user_ns["_3"] == [1, 2]
    assert recorder.results()[-1] == "43"


def test_in_lists_the_sources_from_an_empty_first_entry(a_kernel: Kernel) -> None:
    a_kernel.execute("a = 1")
    a_kernel.execute("b = 2")
    a_kernel.execute("inputs = list(In)")
    ns = a_kernel.user_ns
    assert ns["inputs"] == ["", "a = 1", "b = 2", "inputs = list(In)"]
    assert ns["_i"] == "b = 2"
    assert ns["_ii"] == "a = 1"
    assert ns["_i2"] == "b = 2"
