"""Live copies: who may join a room, what writers and viewers do, and what gets saved."""

from __future__ import annotations

import time

import pytest
from websockets.exceptions import InvalidStatus

from ardoise.classroom.models import LiveUpdate, Role

from .conftest import API, LiveCopy, post_form
from .live_client import LiveClient, source, synced


def refusal(client: LiveClient) -> int:
    with pytest.raises(InvalidStatus) as refused:
        client.connect()
    return refused.value.response.status_code


def test_the_copy_s_student_and_the_activity_s_teacher_join_and_no_one_else(
    a_live_copy: LiveCopy,
) -> None:
    live = a_live_copy
    stranger = live.classroom.signed_in("sam", Role.STUDENT)
    other_teacher = live.classroom.signed_in("otto", Role.TEACHER)
    other_guest, _ = live.classroom.guest(live.code, name="Grace H.")
    assert refusal(live.client(None)) == 401
    assert refusal(live.client(stranger)) == 404
    assert refusal(live.client(other_guest)) == 404
    assert refusal(live.client(other_teacher)) == 404
    assert refusal(live.client(live.student, origin="https://evil.example")) == 403
    assert refusal(live.client(live.student, origin=None)) == 403
    # A URL on another port of the same host is another origin.
    assert refusal(live.client(live.student, origin="http://127.0.0.1:1")) == 403

    owner = synced(live.client(live.student, name="owner"))
    teacher = synced(live.client(live.teacher, name="teacher"))
    assert source(owner) == source(teacher) == "x = 1"
    owner.disconnect()
    teacher.disconnect()


def test_two_writers_see_each_other_and_the_copy_is_saved_as_they_see_it(
    a_live_copy: LiveCopy,
) -> None:
    live = a_live_copy
    before = live.stored()["version"]
    owner = synced(live.client(live.student, name="owner"))
    teacher = synced(live.client(live.teacher, name="teacher"))
    owner.notebook.ycells[0]["source"].insert(5, "0")
    teacher.notebook.append_cell(
        {"cell_type": "markdown", "source": "Well done", "metadata": {}, "id": "note"}
    )
    owner.settle()
    teacher.settle()
    owner.settle()
    assert source(owner) == source(teacher) == "x = 10"
    assert owner.content() == teacher.content()

    version = owner.wait_saved()
    stored = live.stored()
    assert isinstance(version, int) and isinstance(before, int) and version > before
    assert stored["version"] >= version  # type: ignore[operator]
    assert stored["notebook"] == owner.content()
    assert [cell["source"] for cell in owner.content()["cells"]] == ["x = 10", "Well done"]
    assert teacher.wait_saved() == version
    owner.disconnect()
    teacher.disconnect()


def test_a_viewer_sees_every_change_but_its_own_writes_are_dropped(a_live_copy: LiveCopy) -> None:
    live = a_live_copy
    owner = synced(live.client(live.student, name="owner"))
    viewer = synced(live.client(live.teacher, mode="view", name="viewer"))
    viewer.notebook.ycells[0]["source"].insert(0, "# hacked\n")
    viewer.announce({"user": {"name": "Tina"}, "cursor": 3})
    viewer.settle()
    owner.settle()
    assert source(owner) == "x = 1"
    assert owner.awareness.states[viewer.awareness.client_id]["user"] == {"name": "Tina"}

    owner.notebook.ycells[0]["source"].insert(5, "2")
    owner.settle()
    viewer.settle()
    assert source(viewer) == "# hacked\nx = 12"  # its own text stays local only
    owner.wait_saved()
    assert live.stored()["notebook"]["cells"][0]["source"] == "x = 12"  # type: ignore[index]

    # Someone joining later never gets the viewer's text either.
    late = synced(live.client(live.student, name="late"))
    assert source(late) == "x = 12"
    viewer.disconnect()
    owner.settle()
    assert viewer.awareness.client_id not in owner.awareness.states
    owner.disconnect()
    late.disconnect()


def test_a_put_save_keeps_its_version_check_and_the_room_takes_its_content(
    a_live_copy: LiveCopy,
) -> None:
    live = a_live_copy
    owner = synced(live.client(live.student, name="owner"))
    stored = live.stored()
    notebook = stored["notebook"]
    assert isinstance(notebook, dict)
    notebook["cells"][0]["source"] = "y = 2"
    body = {"version": stored["version"], "notebook": notebook}
    saved = live.student.put(f"/api/copies/{live.copy_id}", json=body, headers=API)
    assert saved.status_code == 200, saved.text
    stale = live.student.put(f"/api/copies/{live.copy_id}", json=body, headers=API)
    assert stale.status_code == 409
    owner.settle()
    assert source(owner) == "y = 2"
    # Typing after the PUT builds on it; the room's next save is the version after.
    owner.notebook.ycells[0]["source"].insert(5, "0")
    owner.settle()
    assert owner.wait_saved() == saved.json()["version"] + 1
    assert live.stored()["notebook"]["cells"][0]["source"] == "y = 20"  # type: ignore[index]
    owner.disconnect()


def test_a_locked_copy_makes_every_writer_read_only(a_live_copy: LiveCopy) -> None:
    live = a_live_copy
    owner = synced(live.client(live.student, name="owner"))
    teacher = synced(live.client(live.teacher, name="teacher"))
    version = live.stored()["version"]
    handed_in = live.student.post(
        f"/api/copies/{live.copy_id}/submit", json={"version": version}, headers=API
    )
    assert handed_in.status_code == 200, handed_in.text  # and this activity locks it
    owner.notebook.ycells[0]["source"].insert(5, "9")
    teacher.notebook.ycells[0]["source"].insert(0, "z = 0\n")
    owner.settle()
    teacher.settle()
    late = synced(live.client(live.student, name="late"))
    assert source(late) == "x = 1"
    assert live.stored()["version"] == version

    # Returned by the teacher: the student may change it again.
    grade = f"/teacher/copies/{live.copy_id}/grade"
    returned = post_form(live.teacher, grade, {"action": "return"})
    assert returned.status_code == 303
    late.notebook.ycells[0]["source"].insert(5, "1")
    late.settle()
    assert late.wait_saved() > version  # type: ignore[operator]
    for client in (owner, teacher, late):
        client.disconnect()


def test_the_people_in_a_room_learn_at_once_that_the_copy_is_locked_and_opened_again(
    a_live_copy: LiveCopy,
) -> None:
    live = a_live_copy
    owner = synced(live.client(live.student, name="owner"))
    teacher = synced(live.client(live.teacher, name="teacher"))
    assert owner.locks == teacher.locks == [""]  # told at join: people may write
    version = live.stored()["version"]
    handed_in = live.student.post(
        f"/api/copies/{live.copy_id}/submit", json={"version": version}, headers=API
    )
    assert handed_in.status_code == 200, handed_in.text
    teacher.settle()
    assert teacher.locks == ["", "handed_in"]  # told before the hand-in answered
    owner.notebook.ycells[0]["source"].insert(5, "9")  # dropped: kept in this replica
    owner.settle()
    assert owner.locks == ["", "handed_in"]
    assert source(teacher) == "x = 1"

    returned = post_form(
        live.teacher, f"/teacher/copies/{live.copy_id}/grade", {"action": "return"}
    )
    assert returned.status_code == 303
    owner.settle()
    teacher.settle()
    assert owner.locks[-1] == teacher.locks[-1] == ""
    # Opened again, the room asked for what it had dropped: the owner's "9" comes in.
    assert source(teacher) == "x = 19"
    assert owner.wait_saved() > version  # type: ignore[operator]

    closed = post_form(live.teacher, f"/teacher/activities/{live.activity_id}/close", {})
    assert closed.status_code == 303
    owner.settle()
    assert owner.locks[-1] == "closed"
    late = synced(live.client(live.student, name="late"))
    assert late.locks == ["closed"]
    for client in (owner, teacher, late):
        client.disconnect()


def test_an_idle_room_is_saved_compacted_and_unloaded(a_live_copy: LiveCopy) -> None:
    live = a_live_copy
    owner = synced(live.client(live.student, name="owner"))
    for letter in "abcdef":
        owner.notebook.ycells[0]["source"].insert(5, letter)
        owner.settle(quiet=0.05)
    owner.disconnect()  # the last one out: saved at once, unloaded a little later
    deadline = time.monotonic() + 10
    while live.copy_id in live.classroom.app.state.live.rooms:
        assert time.monotonic() < deadline, "the room stayed loaded"
        time.sleep(0.05)
    assert live.stored()["notebook"]["cells"][0]["source"] == "x = 1fedcba"  # type: ignore[index]
    with live.classroom.app.state.sessions() as db:
        rows = db.query(LiveUpdate).filter_by(copy_id=live.copy_id).count()
    assert rows == 1
    again = synced(live.client(live.student, name="again"))
    assert source(again) == "x = 1fedcba"
    again.disconnect()
