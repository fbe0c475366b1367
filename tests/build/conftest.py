"""Content folders to build: a small made-up course, and the shared real notebooks."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

# Real public notebooks (nbformat 4.x), kept beside the repository in shared/;
# format/invalid.ipynb is invalid on purpose.
REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(
    os.environ.get("ARDOISE_FIXTURES", REPO.parent / "shared" / "fixtures" / "notebooks")
)
needs_fixtures = pytest.mark.skipif(
    not FIXTURES.is_dir(), reason=f"the shared fixture notebooks are not at {FIXTURES}"
)
# Every file of `a_course` was last modified at this time.
MODIFIED = "2026-11-26T12:00:00Z"


def write_notebook(path: Path, *markdown: str, code: str = "print('hello')") -> None:
    """A small valid nbformat 4.5 notebook: Markdown cells, then one code cell."""
    cells = [new_markdown_cell(text) for text in markdown] + [new_code_cell(code)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(nbformat.writes(new_notebook(cells=cells)), encoding="utf-8")


@pytest.fixture
def a_course(tmp_path: Path) -> Path:
    """English and French notebooks, a data file, and things a build must leave out."""
    course = tmp_path / "course"
    write_notebook(course / "en" / "01-welcome.ipynb", "# **Welcome** to `Ardoise`\n\nHello.")
    write_notebook(course / "en" / "02-data.ipynb", "Reading data\n============\n")
    write_notebook(course / "fr" / "01-bienvenue.ipynb", "Pas de titre ici.", "# Trop tard")
    (course / "en" / "data").mkdir()
    (course / "en" / "data" / "weather.csv").write_text("day,rain\nMonday,2.5\n", "utf-8")
    (course / "README.md").write_text("A course.\n", "utf-8")
    hidden = [".secret.txt", "en/.DS_Store", ".git/config", "__pycache__/x.pyc"]
    hidden += [".ipynb_checkpoints/01-welcome-checkpoint.ipynb"]
    for name in hidden:
        (course / name).parent.mkdir(parents=True, exist_ok=True)
        (course / name).write_text("not published\n", "utf-8")
    stamp = datetime.strptime(MODIFIED, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp()
    for path in [course, *course.rglob("*")]:
        os.utime(path, (stamp, stamp))
    return course
