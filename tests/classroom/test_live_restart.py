"""A live copy survives its server: killed mid-edit, started again, nothing typed is lost."""

from __future__ import annotations

import json
import signal
import time
from typing import TYPE_CHECKING, Any

from jupyter_ydoc import YNotebook
from pycrdt import Doc
from sqlalchemy import select

from ardoise.classroom.models import Copy, LiveUpdate, Role

from .conftest import Classroom
from .live_client import LiveClient, free_port
from .test_process import read_until

if TYPE_CHECKING:
    from conftest import ArdoiseCLI


def stored_source(classroom: Classroom, copy_id: int) -> tuple[str, str]:
    """(the first cell's source in the stored updates, and in the copy's .ipynb)."""
    with classroom.app.state.sessions() as db:
        rows = db.scalars(select(LiveUpdate.data).where(LiveUpdate.copy_id == copy_id)).all()
        content = db.get(Copy, copy_id).content  # type: ignore[union-attr]
        db.commit()
    doc: Doc[Any] = Doc()
    for row in rows:
        doc.apply_update(bytes(row))
    cells = YNotebook(doc).ycells
    live = str(cells[0]["source"]) if len(cells) else ""
    return live, json.loads(content)["cells"][0]["source"]


def test_a_server_killed_mid_edit_loses_nothing_stored_and_saves_it_when_back(
    a_classroom: Classroom, ardoise_cli: ArdoiseCLI
) -> None:
    teacher = a_classroom.signed_in("tina", Role.TEACHER)
    _, code = a_classroom.activity(teacher)
    student, copy_id = a_classroom.guest(code)
    cookie = student.cookies["ardoise_session"]
    config = a_classroom.config
    where = ["--data", str(config.data)]
    if config.database_url:
        where += ["--database-url", config.database_url]

    def start() -> tuple[Any, LiveClient]:
        port = free_port()
        process = ardoise_cli.start("classroom", *where, "--port", str(port))
        read_until(process, r"Classroom at ")
        client = LiveClient(
            f"ws://127.0.0.1:{port}/api/copies/{copy_id}/live",
            cookie=cookie,
            origin=f"http://127.0.0.1:{port}",
            name="student",
        )
        client.connect()
        client.settle()
        return process, client

    first, client = start()
    try:
        source = client.notebook.ycells[0]["source"]
        source.insert(5, "0")
        client.settle()
        client.wait_saved()  # the .ipynb now says "x = 10"
        # Typing on, a keystroke every 0.2 s: too soon for a save (after 1 s of quiet).
        for letter in "abc":
            source.insert(len(source), letter)
            client.settle(quiet=0.2)
        deadline = time.monotonic() + 5
        while (stored := stored_source(a_classroom, copy_id))[0] != "x = 10abc":
            assert time.monotonic() < deadline, f"the updates were not stored: {stored}"
            time.sleep(0.02)
        assert stored == ("x = 10abc", "x = 10")  # stored, not yet saved as .ipynb
    finally:
        first.kill()  # no shutdown: nothing gets a chance to save
        first.communicate(timeout=60)
        client.disconnect()

    second, client = start()
    try:
        assert str(client.notebook.ycells[0]["source"]) == "x = 10abc"
        version = client.wait_saved()  # saved without anyone typing again
        copy = student.get(f"/api/copies/{copy_id}").json()
        assert copy["version"] == version
        assert copy["notebook"] == client.content()
        client.disconnect()
    finally:
        second.send_signal(signal.SIGINT)
        output, _ = second.communicate(timeout=60)
    assert second.returncode == 0, output
    assert "Traceback" not in output
