"""benchmarks/compatibility.py runs notebooks for real: Ardoise in Pyodide, and the whole script.

The Ardoise side needs Node.js and the pyodide npm package; the whole script
also needs the ``bench`` extra (nbclient, ipykernel) for its reference side.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
from fidelity.ardoise import PYODIDE, run_in_ardoise
from fidelity.compare import MATCH, judge_cells
from fidelity.outputs import notebook_outputs

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"

needs_pyodide = pytest.mark.skipif(
    shutil.which("node") is None or not (PYODIDE / "pyodide.mjs").exists(),
    reason="needs Node.js and frontend/node_modules/pyodide (npm install in frontend/)",
)


def stream(text: str) -> dict[str, Any]:
    return {"output_type": "stream", "name": "stdout", "text": text}


@pytest.fixture
def a_notebook_folder(tmp_path: Path) -> Path:
    """A folder holding a data file, as a course's notebook folder does."""
    folder = tmp_path / "lesson"
    folder.mkdir()
    (folder / "data.txt").write_text("read from the notebook's folder\n")
    return folder


@needs_pyodide
def test_ardoise_runs_cells_in_order_in_the_notebooks_folder(a_notebook_folder: Path) -> None:
    cells = [
        "print(open('data.txt').read().strip())",
        "%%writefile helper.py\nVALUE = 6 * 7\n",
        "import helper\nhelper.VALUE",
        "1 / 0",
        "while True: print('again')",  # stopped at the output cap
        "while True: pass",  # stopped at the timeout
        "print('the kernel lives on')",
    ]
    run = run_in_ardoise(a_notebook_folder, cells, timeout=5, max_output=60)
    assert run.versions["pyodide"] and run.versions["python"]
    outputs = notebook_outputs([cell.messages for cell in run.cells])

    expected: list[list[dict[str, Any]]] = [
        [stream("read from the notebook's folder\n")],
        [stream("Writing helper.py\n")],
        [{"output_type": "execute_result", "data": {"text/plain": "42"}, "metadata": {}}],
    ]
    verdicts = judge_cells([expected, expected], set(), list(outputs[:3]))
    assert [v.verdict for v in verdicts] == [MATCH] * 3, [v.difference for v in verdicts]

    assert [(o["output_type"], o.get("ename")) for o in outputs[3]] == [
        ("error", "ZeroDivisionError")
    ]
    capped, stopped = outputs[4], outputs[5]
    assert "".join(o.get("text", "") for o in capped) == ("again\n" * 10)
    assert capped[-1].get("ename") == "KeyboardInterrupt"
    assert [run.cells[i].timed_out for i in (4, 5)] == [False, True]
    assert [o.get("ename") for o in stopped] == ["KeyboardInterrupt"]
    assert outputs[6] == [stream("the kernel lives on\n")]


@needs_pyodide
@pytest.mark.skipif(
    not (importlib.util.find_spec("nbclient") and importlib.util.find_spec("ipykernel")),
    reason="the reference side needs the bench extra: pip install -e '.[bench]'",
)
def test_the_script_compares_a_notebook_and_sets_aside_what_it_cannot(tmp_path: Path) -> None:
    fixtures = tmp_path / "fixtures"
    (fixtures / "course").mkdir(parents=True)
    cells = ["print('same everywhere')", "import random\nrandom.random()", "object.missing"]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nbformat.write(notebook, fixtures / "course" / "tiny.ipynb")
    needs = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import numpy")])
    nbformat.write(needs, fixtures / "course" / "needs-numpy.ipynb")
    result = tmp_path / "result.json"

    script = BENCHMARKS / "compatibility.py"
    argv = [sys.executable, str(script), "--fixtures", str(fixtures), "--json", str(result)]
    run = subprocess.run(argv, capture_output=True, text=True, timeout=600, check=False)

    assert run.returncode == 0, run.stderr[-3000:]
    assert "Matching cells: 2 of 2 compared (100.0 %)" in run.stdout
    data = json.loads(result.read_text())
    by_name = {notebook["notebook"]: notebook for notebook in data["notebooks"]}
    if importlib.util.find_spec("numpy"):
        assert by_name["course/needs-numpy.ipynb"]["not_comparable"] == (
            "not comparable here: needs numpy"
        )
    verdicts = [cell["verdict"] for cell in by_name["course/tiny.ipynb"]["cells"]]
    assert verdicts == ["match", "nondeterministic", "match"]
