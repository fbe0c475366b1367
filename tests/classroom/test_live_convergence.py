"""Replicas editing a live copy at random, out of order and with reconnects, converge;
the copy saved is what they all show. More seeds: benchmarks/live_convergence.py."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import LiveCopy
from .live_client import LiveClient
from .live_sim import converge


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_three_replicas_editing_at_random_converge_on_what_the_server_saved(
    a_live_copy: LiveCopy, seed: int
) -> None:
    live = a_live_copy
    clients: list[LiveClient] = [
        live.client(live.student, name="student"),
        live.client(live.teacher, name="teacher"),
        live.client(live.student, name="tab2"),
    ]

    def stored() -> dict[str, Any]:
        return live.stored()

    outcome = converge(clients, stored, seed=seed, steps=120)
    assert outcome.edits > 20  # the script did edit, and the copy shows it
    assert outcome.version > 1
    assert outcome.resyncs == 0  # converged by the protocol alone, with no extra reconnection
