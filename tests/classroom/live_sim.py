"""Random editing sessions on a live copy: do all replicas, and the server's .ipynb, agree?

Each client runs a seeded random script: text inserted and deleted in cells,
cells inserted, deleted and moved (as @jupyter/ydoc moves them: a copy inserted,
the original deleted), outputs appended and cleared, execution counts set. Its
messages go out, and the server's are applied, at seeded random moments (each
connection in order, as a websocket delivers them; clients interleaved at random), while
it disconnects and reconnects now and then (editing offline meanwhile). At the
end everyone delivers everything; every replica must hold the same document,
and the copy the server saved must be that document as .ipynb.

Used by tests/classroom/test_live_convergence.py (a few seeds) and
benchmarks/live_convergence.py (many).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pycrdt import Map, Text

from .live_client import LiveClient, state_vector

__all__ = ["Outcome", "converge"]

WORDS = ["x", " = ", "1", "print(", ")", "\n", "# note", "é", "🙂", "for i in range(3):", "    "]


@dataclass
class Outcome:
    seed: int
    steps: int
    edits: int
    reconnects: int
    resyncs: int  # times everyone reconnected at the end to converge (should be 0)
    cells: int
    version: int
    seconds: float


def _source(cell: Any) -> Text:
    text = cell["source"]
    assert isinstance(text, Text)
    return text


def _offset(text: Text, characters: int) -> int:
    """pycrdt counts positions in UTF-8 bytes (a browser's Yjs, in UTF-16 code units):
    the position after `characters` characters, never inside one."""
    return len(str(text)[:characters].encode())


def _edit(client: LiveClient, rng: random.Random, serial: int) -> None:
    """One random edit of `client`'s replica (offline or not)."""
    notebook = client.notebook
    cells = notebook.ycells
    kind = rng.choice(["insert", "insert", "insert", "delete", "cell", "drop", "move", "output"])
    if not len(cells):
        kind = "cell"
    index = rng.randrange(len(cells)) if len(cells) else 0
    if kind == "insert":
        text = _source(cells[index])
        at = rng.randint(0, len(str(text)))
        text.insert(_offset(text, at), rng.choice(WORDS))
    elif kind == "delete":
        text = _source(cells[index])
        length = len(str(text))
        if length:
            start = rng.randrange(length)
            end = min(length, start + rng.randint(1, 4))
            del text[_offset(text, start) : _offset(text, end)]
    elif kind == "cell":
        code = rng.random() < 0.7
        cell: dict[str, Any] = {
            "cell_type": "code" if code else "markdown",
            "id": f"{client.name}-{serial}",
            "metadata": {},
            "source": rng.choice(WORDS),
        }
        if code:
            cell.update(outputs=[], execution_count=None)
        cells.insert(rng.randint(0, len(cells)), notebook.create_ycell(cell))
    elif kind == "drop" and len(cells) > 1:
        del cells[index]
    elif kind == "move" and len(cells) > 1:
        moved = notebook.get_cell(index)
        with client.doc.transaction():
            del cells[index]
            cells.insert(rng.randint(0, len(cells)), notebook.create_ycell(moved))
    elif kind == "output" and cells[index]["cell_type"] == "code":
        outputs = cells[index]["outputs"]
        if rng.random() < 0.25:
            outputs.clear()
        else:
            count = rng.randint(1, 99)
            cells[index]["execution_count"] = count
            outputs.append(
                Map({"output_type": "stream", "name": "stdout", "text": Text(rng.choice(WORDS))})
                if rng.random() < 0.6
                else Map(
                    {
                        "output_type": "execute_result",
                        "execution_count": count,
                        "data": {"text/plain": str(count)},
                        "metadata": {},
                    }
                )
            )


def _step(client: LiveClient, rng: random.Random, serial: int) -> str:
    """One random thing `client` does; what it was."""
    roll = rng.random()
    if not client.connected:
        if roll < 0.3:
            client.connect()
            return "reconnect"
        _edit(client, rng, serial)
        return "edit"
    if roll < 0.4:
        _edit(client, rng, serial)
        return "edit"
    if roll < 0.6:
        for _ in range(min(len(client.outgoing), rng.randint(1, 3))):
            client.send_one()
        return "send"
    if roll < 0.95:
        client.receive()
        for _ in range(min(len(client.incoming), rng.randint(1, 3))):
            client.apply_one()
        return "apply"
    client.disconnect()
    return "disconnect"


def _settle_all(clients: list[LiveClient], *, within: float = 5.0) -> bool:
    """Everyone connected, everything delivered in order, until nothing moves and every
    replica has the same state vector (True), or `within` seconds pass (False)."""
    for client in clients:
        if not client.connected:
            client.connect()
    deadline = time.monotonic() + within
    quiet_rounds = 0
    while time.monotonic() < deadline:
        moved = 0
        for client in clients:
            while client.outgoing:
                client.send_one()
                moved += 1
            moved += client.receive(wait=0.1)
            while client.incoming:
                client.apply_one()
                moved += 1
        quiet_rounds = quiet_rounds + 1 if not moved else 0
        states = [state_vector(client.doc.get_state()) for client in clients]
        if quiet_rounds >= 2 and all(state == states[0] for state in states):
            return True
    return False


def converge(
    clients: list[LiveClient],
    stored: Callable[[], dict[str, Any]],
    *,
    seed: int,
    steps: int,
) -> Outcome:
    """Play `steps` random steps on `clients`, settle, and check that all agree with the
    copy as `stored()` returns it (the JSON API's copy). AssertionError if not."""
    started = time.monotonic()
    rng = random.Random(seed)
    for client in clients:
        client.connect()
        client.settle()
    edits = reconnects = 0
    for serial in range(steps):
        did = _step(rng.choice(clients), rng, serial)
        edits += did == "edit"
        reconnects += did == "reconnect"
    resyncs = 0
    while not _settle_all(clients) and resyncs < 3:
        # Still apart once everything is delivered: reconnect everyone, as a browser does
        # after a network blip (a new sync both ways). Counted: it should not be needed.
        resyncs += 1
        for client in clients:
            client.disconnect()
            client.connect()
    versions = {client.wait_saved() for client in clients}
    _settle_all(clients)  # cell ids the save had to make unique reach everyone
    first = clients[0]
    for other in clients[1:]:
        mine, theirs = state_vector(other.doc.get_state()), state_vector(first.doc.get_state())
        assert mine == theirs, f"seed {seed}: {other.name} has {mine}, {first.name} {theirs}"
        assert other.content() == first.content(), f"seed {seed}: replicas differ"
    copy = stored()
    assert copy["notebook"] == first.content(), f"seed {seed}: the saved .ipynb differs"
    assert copy["version"] >= max(versions)
    for client in clients:
        client.disconnect()
    return Outcome(
        seed=seed,
        steps=steps,
        edits=edits,
        reconnects=reconnects,
        resyncs=resyncs,
        cells=len(first.content()["cells"]),
        version=int(copy["version"]),
        seconds=time.monotonic() - started,
    )
