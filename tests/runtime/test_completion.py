"""Kernel.complete: Jupyter's complete_reply, found without running the student's code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ardoise.runtime import Kernel


@pytest.fixture
def a_notebook(a_kernel: Kernel) -> Kernel:
    """A kernel after a cell that defined a few things to complete."""
    a_kernel.execute(
        "import math, os\n"
        "scores = {'alice': 1, 'albert': 2, 'bob': 3, 7: 'seven'}\n"
        "rows = [{'name': 'x'}]\n"
        "class Sensor:\n"
        "    unit = 'C'\n"
        "    def __init__(self):\n        self.reading = 20\n"
        "    def calibrate(self):\n        pass\n"
        "    @property\n"
        "    def danger(self):\n        raise RuntimeError('a property ran')\n"
        "sensor = Sensor()\n"
        "sentence = 'hello'"
    )
    return a_kernel


def matches(kernel: Kernel, code: str, cursor_pos: int | None = None) -> list[str]:
    reply = kernel.complete(code, cursor_pos)
    assert reply["status"] == "ok"
    return list(reply["matches"])


def test_the_reply_has_jupyters_shape(a_notebook: Kernel) -> None:
    reply: dict[str, Any] = a_notebook.complete("x = sen", 7)
    assert reply == {
        "status": "ok",
        "matches": ["sensor", "sentence"],
        "cursor_start": 4,
        "cursor_end": 7,
        "metadata": {},
    }


def test_names_come_from_the_notebook_builtins_and_keywords(a_notebook: Kernel) -> None:
    assert matches(a_notebook, "pri") == ["print"]
    assert matches(a_notebook, "wh") == ["while"]
    assert matches(a_notebook, "Sen") == ["Sensor"]
    assert "get_ipython" in matches(a_notebook, "get_")
    assert "display" in matches(a_notebook, "disp")


def test_private_names_wait_for_an_underscore(a_notebook: Kernel) -> None:
    assert "__name__" not in matches(a_notebook, "math.")
    assert "__name__" in matches(a_notebook, "math.__")
    assert "_i" not in matches(a_notebook, "")


def test_attributes_of_modules_instances_and_literals(a_notebook: Kernel) -> None:
    assert matches(a_notebook, "math.sq") == ["sqrt"]
    assert matches(a_notebook, "sensor.") == ["calibrate", "danger", "reading", "unit"]
    assert matches(a_notebook, "os.path.jo") == ["join"]
    assert matches(a_notebook, "'text'.up") == ["upper"]
    assert matches(a_notebook, "rows[0].ke") == ["keys"]


def test_completing_never_runs_a_property(a_notebook: Kernel) -> None:
    assert matches(a_notebook, "sensor.danger.") == []


def test_completing_never_calls_anything(a_notebook: Kernel) -> None:
    a_notebook.execute("calls = []\ndef f():\n    calls.append(1)\n    return math")
    assert matches(a_notebook, "f().sq") == []
    assert a_notebook.user_ns["calls"] == []


def test_completing_never_runs_a_custom_getitem(a_notebook: Kernel) -> None:
    a_notebook.execute(
        "class Spy(dict):\n    def __getitem__(self, key):\n        raise RuntimeError('ran')\n"
        "spy = Spy(a=math)"
    )
    assert matches(a_notebook, "spy['a'].sq") == ["sqrt"]


def test_dict_keys_inside_brackets(a_notebook: Kernel) -> None:
    reply = a_notebook.complete("scores['al", 10)
    assert reply["matches"] == ["albert", "alice"]
    assert reply["cursor_start"] == 8
    assert matches(a_notebook, 'scores["') == ["albert", "alice", "bob"]


def test_file_names_inside_other_strings(
    a_kernel: Kernel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "grades.csv").write_text("")
    (tmp_path / "data.json").write_text("")
    (tmp_path / ".secret").write_text("")
    assert matches(a_kernel, "open('da") == ["data.json", "data/"]
    reply = a_kernel.complete("open('data/g", 12)
    assert (reply["matches"], reply["cursor_start"]) == (["grades.csv"], 11)
    assert matches(a_kernel, "open('") == ["data.json", "data/"]
    assert matches(a_kernel, "open('.s") == [".secret"]


def test_module_names_after_import_and_from(a_kernel: Kernel) -> None:
    assert "json" in matches(a_kernel, "import js")
    assert "collections" in matches(a_kernel, "import os, coll")
    assert matches(a_kernel, "from importlib.") == sorted(
        matches(a_kernel, "from importlib."), key=lambda name: name.lower()
    )
    assert "util" in matches(a_kernel, "from importlib.")
    assert "machinery" in matches(a_kernel, "from importlib.mach")


def test_names_after_from_import(a_notebook: Kernel) -> None:
    assert "path" in matches(a_notebook, "from os import pa")
    assert "sqrt" in matches(a_notebook, "from math import floor, sq")


def test_magic_names_after_a_percent(a_kernel: Kernel) -> None:
    assert matches(a_kernel, "%ti") == ["%time", "%timeit"]
    assert matches(a_kernel, "%%ti") == ["%%time", "%%timeit"]
    assert "%%writefile" in matches(a_kernel, "%")
    reply = a_kernel.complete("x = 1\n%wh", 9)
    assert reply["matches"] == ["%who", "%who_ls", "%whos"]
    assert reply["cursor_start"] == 6


def test_the_cursor_may_be_in_the_middle_of_the_code(a_notebook: Kernel) -> None:
    reply = a_notebook.complete("math.fl + 1", 7)
    assert (reply["matches"], reply["cursor_start"], reply["cursor_end"]) == (["floor"], 5, 7)


def test_nothing_to_complete_gives_no_matches(a_notebook: Kernel) -> None:
    assert matches(a_notebook, "x = ") == []
    assert matches(a_notebook, "undefined_thing.") == []
    assert matches(a_notebook, "# a comment 'da") == []
    assert matches(a_notebook, "1 + 2") == []


def test_a_cursor_out_of_range_is_clamped(a_notebook: Kernel) -> None:
    assert a_notebook.complete("pri", 99)["matches"] == ["print"]
    assert a_notebook.complete("pri", -4)["cursor_start"] == 0
