"""A Python resumed from a memory snapshot renews what the snapshot froze."""

from __future__ import annotations

import importlib
import os
import random
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ardoise.runtime import snapshot


@pytest.fixture
def saved_path() -> Iterator[list[str]]:
    before = list(sys.path)
    yield before
    sys.path[:] = before


def test_resuming_removes_the_duplicate_entries_a_second_start_adds_to_the_path(
    saved_path: list[str],
) -> None:
    # Pyodide's own path, then the "" that a start from a snapshot puts in front again.
    sys.path[:] = ["", "", "/lib/python313.zip", "/lib/python3.13", "/home/pyodide", ""]
    snapshot.resumed()
    assert sys.path == ["", "/lib/python313.zip", "/lib/python3.13", "/home/pyodide"]


def test_resuming_reseeds_random_so_two_starts_draw_different_numbers() -> None:
    state = random.getstate()
    random.seed(42)  # as if frozen in a snapshot: every start would replay it
    frozen = random.getstate()
    snapshot.resumed()
    assert random.getstate() != frozen
    random.setstate(state)


def test_resuming_lets_python_import_files_written_after_the_snapshot(
    tmp_path: Path, saved_path: list[str]
) -> None:
    # The folder is listed by its finder before the file is written (as in the snapshot),
    # and the file keeps the folder's time: only a forgotten listing lets it be found.
    (tmp_path / "listed_before.py").write_text("")
    sys.path.insert(0, str(tmp_path))
    importlib.import_module("listed_before")
    stamp = tmp_path.stat().st_mtime_ns
    (tmp_path / "written_after.py").write_text("VALUE = 42\n")
    os.utime(tmp_path, ns=(stamp, stamp))
    try:
        with pytest.raises(ModuleNotFoundError):
            importlib.import_module("written_after")
        snapshot.resumed()
        assert importlib.import_module("written_after").VALUE == 42
    finally:
        sys.modules.pop("listed_before", None)
        sys.modules.pop("written_after", None)


def test_resuming_imports_nothing_new(monkeypatch: pytest.MonkeyPatch) -> None:
    # A start from a snapshot pays for every module resumed() imports: importlib's
    # invalidate_caches() would import importlib.metadata (a seventh of a second),
    # which nothing has imported yet at that point (pytest has: it is hidden here).
    for name in [name for name in sys.modules if name.startswith("importlib.metadata")]:
        monkeypatch.delitem(sys.modules, name)
    before = set(sys.modules)
    snapshot.resumed()
    assert set(sys.modules) - before == set()


def test_resuming_takes_the_browsers_language_over_the_one_the_snapshot_was_made_with(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A snapshot made under Node when the package was built holds "C.UTF-8".
    monkeypatch.setenv("LANG", "C.UTF-8")
    snapshot.resumed("fr_FR.UTF-8")
    assert os.environ["LANG"] == "fr_FR.UTF-8"
    snapshot.resumed()  # no language given: left as it is
    assert os.environ["LANG"] == "fr_FR.UTF-8"
