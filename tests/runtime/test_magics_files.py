"""%%writefile, %run, %ls, %pwd, %cd and %env: files and folders of the course."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

from ardoise.runtime import Kernel

from .conftest import Recorder


@pytest.fixture
def in_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory, restored afterwards."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("OLDPWD", raising=False)
    return tmp_path


def test_writefile_writes_the_cell_and_says_so(
    a_kernel: Kernel, recorder: Recorder, in_a_folder: Path
) -> None:
    a_kernel.execute("%%writefile helpers.py\ndef double(x):\n    return 2 * x")
    assert (in_a_folder / "helpers.py").read_text() == "def double(x):\n    return 2 * x\n"
    assert recorder.text() == "Writing helpers.py\n"


def test_writefile_overwrites_or_appends(
    a_kernel: Kernel, recorder: Recorder, in_a_folder: Path
) -> None:
    (in_a_folder / "notes.txt").write_text("old\n")
    a_kernel.execute("%%writefile notes.txt\nfirst\n")
    a_kernel.execute("%%writefile -a notes.txt\nsecond\n")
    assert (in_a_folder / "notes.txt").read_text() == "first\nsecond\n"
    assert recorder.text() == "Overwriting notes.txt\nAppending to notes.txt\n"


def test_writefile_keeps_a_quoted_name_with_spaces(a_kernel: Kernel, in_a_folder: Path) -> None:
    a_kernel.execute("%%writefile 'my notes.md'\n# Title\n")
    assert (in_a_folder / "my notes.md").read_text() == "# Title\n"


def test_writefile_without_a_name_is_a_usage_error(a_kernel: Kernel, in_a_folder: Path) -> None:
    reply = a_kernel.execute("%%writefile\ntext\n")
    assert reply["ename"] == "UsageError"
    assert "one file name" in reply["evalue"]


def test_run_executes_a_script_as_main_and_shares_its_variables(
    a_kernel: Kernel, recorder: Recorder, in_a_folder: Path
) -> None:
    (in_a_folder / "script.py").write_text(
        "import sys\nresult = sum(int(a) for a in sys.argv[1:])\n"
        "if __name__ == '__main__':\n    print('main', sys.argv[0])\n"
    )
    a_kernel.execute("%run script.py 1 2 3")
    assert a_kernel.user_ns["result"] == 6
    assert recorder.text() == "main script.py\n"
    assert a_kernel.user_ns["__name__"] == "__main__"
    assert "__file__" not in a_kernel.user_ns
    assert sys.argv[0] != "script.py"


def test_run_finds_a_script_without_its_extension(a_kernel: Kernel, in_a_folder: Path) -> None:
    (in_a_folder / "setup_data.py").write_text("ready = True\n")
    a_kernel.execute("%run setup_data")
    assert a_kernel.user_ns["ready"] is True


def test_run_starts_from_a_fresh_namespace_unless_i(a_kernel: Kernel, in_a_folder: Path) -> None:
    (in_a_folder / "uses.py").write_text("seen = 'known' in globals()\n")
    a_kernel.execute("known = 1\n%run uses.py")
    assert a_kernel.user_ns["seen"] is False
    a_kernel.execute("%run -i uses.py")
    assert a_kernel.user_ns["seen"] is True


def test_a_class_from_a_run_script_can_be_pickled(a_kernel: Kernel, in_a_folder: Path) -> None:
    (in_a_folder / "shapes.py").write_text("class Square:\n    side = 2\n")
    reply = a_kernel.execute(
        "%run shapes.py\nimport pickle\ncopy = pickle.loads(pickle.dumps(Square()))"
    )
    assert reply["status"] == "ok", reply
    assert type(a_kernel.user_ns["copy"]).__name__ == "Square"


def test_run_a_script_that_exits_cleanly_is_not_an_error(
    a_kernel: Kernel, in_a_folder: Path
) -> None:
    (in_a_folder / "quits.py").write_text("import sys\ndone = True\nsys.exit(0)\n")
    assert a_kernel.execute("%run quits.py")["status"] == "ok"
    assert a_kernel.user_ns["done"] is True
    (in_a_folder / "fails.py").write_text("import sys\nsys.exit(2)\n")
    assert a_kernel.execute("%run fails.py")["ename"] == "SystemExit"


def test_an_error_in_a_run_script_shows_the_scripts_line(
    a_kernel: Kernel, recorder: Recorder, in_a_folder: Path
) -> None:
    (in_a_folder / "broken.py").write_text("x = 1\ny = x / 0\n")
    a_kernel.execute("%run broken.py")
    assert "broken.py:2" in recorder.traceback()
    assert "----> 2 y = x / 0" in recorder.traceback()


def test_run_a_missing_file_is_a_usage_error(a_kernel: Kernel, in_a_folder: Path) -> None:
    reply = a_kernel.execute("%run nowhere.py")
    assert reply["ename"] == "UsageError"
    assert reply["evalue"] == "File `nowhere.py` not found."


def test_run_a_notebook_runs_its_code_cells_magics_included(
    a_kernel: Kernel, recorder: Recorder, in_a_folder: Path
) -> None:
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": ["# Helpers"]},
            {"cell_type": "code", "source": ["base = 10\n", "%who"]},
            {"cell_type": "code", "source": "def scale(x):\n    return base * x"},
        ],
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
    }
    (in_a_folder / "helpers.ipynb").write_text(json.dumps(notebook))
    a_kernel.execute("%run helpers.ipynb")
    a_kernel.execute("scale(2)")
    assert recorder.text() == "base\t \n"
    assert recorder.results() == ["20"]


def test_ls_lists_the_folder_with_folders_marked(
    a_kernel: Kernel, recorder: Recorder, in_a_folder: Path
) -> None:
    (in_a_folder / "data").mkdir()
    (in_a_folder / "b.csv").write_text("")
    (in_a_folder / "A.txt").write_text("")
    (in_a_folder / ".hidden").write_text("")
    a_kernel.execute("%ls")
    assert recorder.text() == "A.txt\nb.csv\ndata/\n"
    recorder.clear()
    a_kernel.execute("%ls -a data")
    assert recorder.text() == ""


def test_ls_l_shows_sizes(a_kernel: Kernel, recorder: Recorder, in_a_folder: Path) -> None:
    (in_a_folder / "five.txt").write_text("12345")
    a_kernel.execute("%ls -l")
    assert re.fullmatch(r"-[rwx-]{9} +5  \d{4}-\d\d-\d\d \d\d:\d\d  five\.txt\n", recorder.text())


def test_pwd_returns_the_folder_and_cd_changes_it(
    a_kernel: Kernel, recorder: Recorder, in_a_folder: Path
) -> None:
    (in_a_folder / "week1").mkdir()
    a_kernel.execute("%cd week1")
    a_kernel.execute("%pwd")
    assert Path.cwd() == in_a_folder / "week1"
    assert recorder.text() == f"{in_a_folder / 'week1'}\n"
    assert recorder.results() == [repr(str(in_a_folder / "week1"))]


def test_cd_dash_goes_back_and_cd_alone_goes_to_where_the_notebook_started(
    recorder: Recorder, in_a_folder: Path
) -> None:
    (in_a_folder / "a").mkdir()
    (in_a_folder / "b").mkdir()
    kernel = Kernel(recorder, cwd=in_a_folder)
    kernel.execute("%cd -q a")
    kernel.execute("%cd -q ../b")
    kernel.execute("%cd -q -")
    assert Path.cwd() == in_a_folder / "a"
    kernel.execute("%cd")
    assert Path.cwd() == in_a_folder


def test_cd_to_a_missing_folder_is_a_usage_error(a_kernel: Kernel, in_a_folder: Path) -> None:
    reply = a_kernel.execute("%cd nowhere")
    assert reply["ename"] == "UsageError"
    assert "nowhere" in reply["evalue"]
    assert Path.cwd() == in_a_folder


def test_env_sets_gets_and_lists_variables(
    a_kernel: Kernel, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARDOISE_TEST", "before")  # restored afterwards
    a_kernel.execute("%env ARDOISE_TEST=after")
    a_kernel.execute("%env ARDOISE_TEST")
    a_kernel.execute("everything = %env")
    assert os.environ["ARDOISE_TEST"] == "after"
    assert recorder.text() == "env: ARDOISE_TEST=after\n"
    assert recorder.results() == ["'after'"]
    assert a_kernel.user_ns["everything"]["ARDOISE_TEST"] == "after"


def test_env_for_a_missing_variable_says_so(
    a_kernel: Kernel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ARDOISE_MISSING", raising=False)
    reply = a_kernel.execute("%env ARDOISE_MISSING")
    assert reply["evalue"] == "Environment does not have key: ARDOISE_MISSING"
