"""A Python resumed from a memory snapshot renews what the snapshot froze."""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator

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
