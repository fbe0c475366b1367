"""The demo course in examples/content/ is valid, bilingual, and runs as a student would run it."""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest

CONTENT = Path(__file__).resolve().parents[1] / "examples" / "content"
NOTEBOOKS = sorted(CONTENT.rglob("*.ipynb"))
DATA_FILES = sorted(CONTENT.rglob("*.csv"))
LANGUAGES = ("en", "fr")
# Jupyter's convention for a cell that is meant to fail (nbval, jupyter-book, nbclient).
RAISES = "raises-exception"
# What a check cell of the exercises prints once the exercise is solved.
SOLVED = {"en": "Well done!\n", "fr": "Bravo !\n"}
CELL_ID = re.compile(r"^[a-zA-Z0-9-_]{1,64}$")
PYTHON_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def course_path(path: Path) -> str:
    return path.relative_to(CONTENT).as_posix()


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(str(path), as_version=nbformat.NO_CONVERT)


def code_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def is_meant_to_fail(cell: nbformat.NotebookNode) -> bool:
    return RAISES in cell.metadata.get("tags", [])


def numbering(language: str) -> dict[str, str]:
    """{"01": "01-welcome.ipynb", ...} for one language folder."""
    return {path.name[:2]: path.name for path in (CONTENT / language).glob("*.ipynb")}


class Student:
    """Runs cells one after the other in one `Kernel`, as the browser's worker does."""

    def __init__(self, notebook_path: Path) -> None:
        from ardoise.runtime import Kernel

        self.messages: list[tuple[str, dict[str, Any]]] = []
        self.kernel = Kernel(
            publish=lambda msg_type, content: self.messages.append((msg_type, content)),
            cwd=str(notebook_path.parent),
        )

    def run(self, source: str) -> tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]:
        start = len(self.messages)
        reply = self.kernel.execute(source)
        return reply, self.messages[start:]


@pytest.fixture
def a_student_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    """`Kernel(cwd=...)` changes directory and sys.path: both come back after the test."""
    monkeypatch.chdir(Path.cwd())
    monkeypatch.setattr(sys, "path", list(sys.path))


def stdout_of(messages: list[tuple[str, dict[str, Any]]]) -> str:
    return "".join(c["text"] for kind, c in messages if kind == "stream" and c["name"] == "stdout")


def test_the_course_has_four_notebooks_and_a_data_file_in_each_language() -> None:
    for language in LANGUAGES:
        assert len(numbering(language)) == 4, language
        assert list((CONTENT / language / "data").glob("*.csv")), language


@pytest.mark.parametrize("path", NOTEBOOKS, ids=course_path)
def test_every_notebook_is_valid_nbformat_4_5_with_unique_ids_and_no_outputs(path: Path) -> None:
    notebook = read(path)
    nbformat.validate(notebook)
    assert (notebook.nbformat, notebook.nbformat_minor) == (4, 5)
    ids = [cell.id for cell in notebook.cells]
    assert len(ids) == len(set(ids)), "cell ids must be unique"
    assert all(CELL_ID.match(cell_id) for cell_id in ids)
    for cell in code_cells(notebook):
        assert cell.outputs == [], cell.id
        assert cell.execution_count is None, cell.id
    assert 10 <= len(notebook.cells) <= 25


@pytest.mark.parametrize("path", NOTEBOOKS, ids=course_path)
def test_every_notebook_is_saved_byte_for_byte_as_jupyter_saves_it(path: Path) -> None:
    text = path.read_text("utf-8")
    assert text == nbformat.writes(read(path)) + "\n"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=course_path)
def test_every_notebook_runs_on_the_pyodide_kernel_and_opens_with_a_title(path: Path) -> None:
    notebook = read(path)
    assert notebook.metadata.kernelspec == {
        "name": "python",
        "display_name": "Python (Pyodide)",
        "language": "python",
    }
    assert notebook.metadata.language_info.name == "python"
    first = notebook.cells[0]
    assert first.cell_type == "markdown"
    assert first.source.startswith("# ")


def test_every_english_notebook_has_a_french_counterpart_and_vice_versa() -> None:
    english, french = numbering("en"), numbering("fr")
    assert english, "no English notebooks"
    assert sorted(english) == sorted(french), f"en: {english}, fr: {french}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=course_path)
def test_only_the_welcome_notebooks_fail_on_purpose_and_only_in_their_last_code_cell(
    path: Path,
) -> None:
    cells = code_cells(read(path))
    meant_to_fail = [cell.id for cell in cells if is_meant_to_fail(cell)]
    if path.name.startswith("01-"):
        assert meant_to_fail == [cells[-1].id]
    else:
        assert meant_to_fail == []


@pytest.mark.usefixtures("a_student_folder")
@pytest.mark.parametrize("path", NOTEBOOKS, ids=course_path)
def test_every_notebook_runs_top_to_bottom_in_its_folder_and_only_the_tagged_cell_fails(
    path: Path,
) -> None:
    files_before = sorted(CONTENT.rglob("*"))
    student = Student(path)
    failed, expected = [], []
    for number, cell in enumerate(code_cells(read(path)), start=1):
        reply, messages = student.run(cell.source)
        assert reply["execution_count"] == number
        errors = [content for kind, content in messages if kind == "error"]
        if is_meant_to_fail(cell):
            expected.append(cell.id)
        if reply["status"] == "error":
            assert [e["ename"] for e in errors] == [reply["ename"]]
            failed.append((cell.id, reply["ename"], reply["evalue"]))
        else:
            assert reply["status"] == "ok"
            assert errors == []
            stderr = [c for kind, c in messages if kind == "stream" and c["name"] == "stderr"]
            assert stderr == [], cell.id
    assert [cell_id for cell_id, _, _ in failed] == expected, failed
    assert Path.cwd() == path.parent
    assert sorted(CONTENT.rglob("*")) == files_before, "running the course must not write files"


@pytest.mark.usefixtures("a_student_folder")
@pytest.mark.parametrize("path", sorted(CONTENT.glob("*/02-*.ipynb")), ids=course_path)
def test_the_solutions_at_the_end_pass_the_exercises_check_cells(path: Path) -> None:
    language = path.parent.name
    notebook = read(path)
    (solutions,) = [cell for cell in notebook.cells if cell.id == "solutions"]
    blocks = PYTHON_BLOCK.findall(solutions.source)
    checks = [cell for cell in code_cells(notebook) if cell.id.endswith("-check")]
    assert len(blocks) == len(checks) >= 3

    student = Student(path)
    for cell in code_cells(notebook):
        student.run(cell.source)
    for check in checks:
        reply, messages = student.run(check.source)
        assert reply["status"] == "ok"
        assert stdout_of(messages) != SOLVED[language], f"{check.id} passes before any work"
    for block in blocks:
        reply, _ = student.run(block)
        assert reply["status"] == "ok", reply
    for check in checks:
        reply, messages = student.run(check.source)
        assert reply["status"] == "ok", (check.id, reply)
        assert stdout_of(messages) == SOLVED[language], check.id


@pytest.mark.usefixtures("a_student_folder")
@pytest.mark.parametrize("path", sorted(CONTENT.glob("*/04-*.ipynb")), ids=course_path)
def test_every_cell_of_the_turtle_notebooks_shows_the_drawing_once(path: Path) -> None:
    student = Student(path)
    for cell in code_cells(read(path)):
        _, messages = student.run(cell.source)
        drawings = [
            content
            for kind, content in messages
            if kind == "display_data" and "image/svg+xml" in content["data"]
        ]
        assert len(drawings) == 1, cell.id
        assert drawings[0]["data"]["text/plain"].startswith("Python Turtle Graphics: ")


@pytest.mark.parametrize("path", DATA_FILES, ids=course_path)
def test_every_data_file_is_a_utf8_csv_with_a_header_and_rows_of_the_same_width(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    assert not text.startswith("\ufeff"), "no byte order mark"
    rows = list(csv.reader(text.splitlines()))
    header, body = rows[0], rows[1:]
    assert len(set(header)) == len(header)
    assert 20 <= len(body) <= 40
    assert all(len(row) == len(header) for row in body)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=course_path)
def test_the_data_files_a_notebook_opens_exist_relative_to_its_folder(path: Path) -> None:
    sources = "\n".join(cell.source for cell in code_cells(read(path)))
    for name in re.findall(r"open\(\"([^\"]+)\"", sources):
        assert not Path(name).is_absolute()
        assert (path.parent / name).is_file(), name
