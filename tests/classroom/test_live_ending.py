"""What ends a live connection or a version: nothing changed (no version), a member taken
out of the team (4403), a session signed out, expired or replaced by signing in again (4401),
a copy deleted (4403)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import update
from websockets.exceptions import ConnectionClosed

from ardoise.classroom.live_rooms import (
    DELETED,
    NOT_IN_TEAM,
    REMOVED,
    SESSION_EXPIRED,
    SIGNED_OUT,
    SIGNED_OUT_REASON,
)
from ardoise.classroom.models import Role, SignInSession, now
from ardoise.classroom.sessions import digest

from .conftest import API, FAST, PASSWORD, Classroom, LiveCopy, post_form
from .live_client import LiveClient, LiveServer, source, synced
from .test_teams import a_team_activity


def closed_with(client: LiveClient) -> tuple[int, str]:
    """The code and reason the server closed `client` with (waits up to 10 s)."""
    assert client.ws is not None
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            client.ws.recv(timeout=10)
    assert closed.value.rcvd is not None, "the connection was not closed by the server"
    return closed.value.rcvd.code, closed.value.rcvd.reason


def test_joining_looking_and_leaving_make_no_version_an_edit_makes_one(
    a_live_copy: LiveCopy,
) -> None:
    live = a_live_copy
    before = live.stored()["version"]
    owner = synced(live.client(live.student, name="owner"))
    teacher = synced(live.client(live.teacher, name="teacher"))
    teacher.announce({"cursor": {"cell": 0, "offset": 3}})
    teacher.settle()
    owner.settle()
    teacher.disconnect()
    owner.disconnect()
    time.sleep(1.5)  # past save_after, and past the save of the last one out
    assert live.stored()["version"] == before

    owner = synced(live.client(live.student, name="owner"))
    owner.notebook.ycells[0]["source"].insert(5, "2")
    owner.settle()
    assert owner.wait_saved() == before + 1  # type: ignore[operator]
    owner.disconnect()
    time.sleep(1.5)
    stored = live.stored()
    assert stored["version"] == before + 1  # type: ignore[operator]
    assert stored["notebook"]["cells"][0]["source"] == "x = 12"  # type: ignore[index]


@pytest.fixture
def a_server(a_classroom: Classroom) -> Iterator[LiveServer]:
    a_classroom.app.state.live.timing = FAST
    server = LiveServer(a_classroom.app).start()
    yield server
    server.stop()


def test_a_member_taken_out_of_the_team_is_closed_out_of_the_room_at_once(
    a_classroom: Classroom, a_server: LiveServer
) -> None:
    team = a_team_activity(a_classroom)
    copy_id = team.join("bob")  # Bob owns it; Ada and Fay are members
    url = a_server.url(copy_id)
    origin = a_server.origin

    def member(name: str) -> LiveClient:
        cookie = team.students[name].cookies.get("ardoise_session")
        return synced(LiveClient(url, cookie=cookie, origin=origin, name=name))

    ada, bob, fay = member("ada"), member("bob"), member("fay")
    removed = post_form(
        team.teacher, f"{team.teams_url}/{team.team_of('fay')}/members/{team.ids['fay']}/remove", {}
    )
    assert removed.status_code == 303, removed.text
    code, reason = closed_with(fay)
    assert code == 4403 and reason == NOT_IN_TEAM
    fay.disconnect()
    ada.notebook.ycells[0]["source"].insert(5, "4")
    ada.settle()
    bob.settle()
    bob.notebook.ycells[0]["source"].insert(0, "# b\n")
    bob.settle()
    ada.settle()
    assert source(ada) == source(bob) == "# b\nx = 14"
    # Undoing the team: the copy stays its owner's, Ada loses it and is put out too.
    undone = post_form(team.teacher, f"{team.teams_url}/{team.team_of('ada')}/delete", {})
    assert undone.status_code == 303, undone.text
    assert closed_with(ada) == (4403, NOT_IN_TEAM)
    ada.disconnect()
    bob.notebook.ycells[0]["source"].insert(0, "# alone\n")
    bob.settle()
    assert bob.wait_saved() > 0
    bob.disconnect()


def test_signing_out_closes_that_session_s_sockets_and_no_other(
    a_classroom: Classroom, a_live_copy: LiveCopy
) -> None:
    live = a_live_copy
    laptop = live.teacher
    phone = a_classroom.signed_in("tina")  # the same teacher, another session
    on_laptop = synced(live.client(laptop, name="laptop"))
    on_phone = synced(live.client(phone, name="phone"))
    owner = synced(live.client(live.student, name="owner"))
    out = post_form(laptop, "/signout", {})
    assert out.status_code == 303, out.text
    code, reason = closed_with(on_laptop)
    assert (code, reason) == (SIGNED_OUT, "Signed out.")
    on_laptop.disconnect()
    owner.notebook.ycells[0]["source"].insert(5, "5")
    owner.settle()
    on_phone.settle()
    assert source(on_phone) == "x = 15"  # the other session is still in the room
    on_phone.disconnect()
    owner.disconnect()


def test_a_session_that_expires_has_its_sockets_closed_without_waiting_for_a_reconnect(
    a_classroom: Classroom, a_live_copy: LiveCopy
) -> None:
    live = a_live_copy
    a_classroom.app.state.live.timing = replace(FAST, session_check=0.2)
    owner = synced(live.client(live.student, name="owner"))
    teacher = synced(live.client(live.teacher, name="teacher"))
    time.sleep(1)  # a few checks pass: valid sessions stay
    owner.notebook.ycells[0]["source"].insert(5, "6")
    owner.settle()
    teacher.settle()
    assert source(teacher) == "x = 16"
    cookie = live.student.cookies.get("ardoise_session")
    assert cookie
    with a_classroom.app.state.sessions() as db:
        db.execute(
            update(SignInSession)
            .where(SignInSession.token_hash == digest(cookie))
            .values(expires_at=now() - timedelta(seconds=1))
        )
        db.commit()
    assert closed_with(owner) == (SIGNED_OUT, SESSION_EXPIRED)
    owner.disconnect()
    teacher.notebook.ycells[0]["source"].insert(0, "# t\n")
    teacher.settle()
    assert teacher.wait_saved() > 0  # the teacher's session is still in the room
    teacher.disconnect()


@pytest.mark.parametrize("who", ["the same user", "another user"])
def test_signing_in_again_on_a_browser_closes_its_old_session_s_sockets(
    a_classroom: Classroom, a_live_copy: LiveCopy, who: str
) -> None:
    live = a_live_copy
    a_classroom.account("theo", Role.TEACHER)
    laptop = live.teacher
    on_laptop = synced(live.client(laptop, name="laptop"))
    owner = synced(live.client(live.student, name="owner"))
    username = "tina" if who == "the same user" else "theo"
    again = post_form(laptop, "/signin", {"username": username, "password": PASSWORD})
    assert again.status_code == 303, again.text
    assert closed_with(on_laptop) == (SIGNED_OUT, SIGNED_OUT_REASON)
    on_laptop.disconnect()
    owner.notebook.ycells[0]["source"].insert(5, "7")
    owner.settle()
    assert owner.wait_saved() > 0  # the student's session is not touched
    if who == "the same user":  # the new session joins as before
        back = synced(live.client(laptop, name="laptop again"))
        assert source(back) == "x = 17"
        back.disconnect()
    owner.disconnect()


def test_deleting_an_activity_closes_its_rooms_and_a_copy_that_takes_an_id_starts_afresh(
    a_classroom: Classroom, a_live_copy: LiveCopy
) -> None:
    live = a_live_copy
    owner = synced(live.client(live.student, name="owner"))
    owner.notebook.ycells[0]["source"].insert(5, "  # old")
    owner.settle()
    assert owner.wait_saved() > 0
    deleted = post_form(live.teacher, f"/teacher/activities/{live.activity_id}/delete", {})
    assert deleted.status_code == 303, deleted.text
    assert closed_with(owner) == (REMOVED, DELETED)
    owner.disconnect()
    # A new activity's copy; on SQLite it takes the deleted copy's id.
    _activity, code = a_classroom.activity(live.teacher, "Again")
    student, copy_id = a_classroom.guest(code, "Bo")
    cookie = student.cookies.get("ardoise_session")
    fresh = synced(
        LiveClient(live.server.url(copy_id), cookie=cookie, origin=live.server.origin, name="bo")
    )
    assert source(fresh) == "x = 1"
    fresh.disconnect()


def test_a_deleted_copy_s_room_never_becomes_the_room_of_a_new_copy_given_its_id(
    a_live_copy: LiveCopy,
) -> None:
    live = a_live_copy
    owner = synced(live.client(live.student, name="owner"))
    owner.notebook.ycells[0]["source"].insert(5, "  # Ada's")
    owner.settle()
    saved = owner.wait_saved()
    # Deleted with its activity while its room is loaded; then another student's copy is
    # made. SQLite gives it the deleted copy's id (PostgreSQL never gives an id again).
    deleted = post_form(live.teacher, f"/teacher/activities/{live.activity_id}/delete", {})
    assert deleted.status_code == 303, deleted.text
    _, code = live.classroom.activity(live.teacher, title="Next")
    student, copy_id = live.classroom.guest(code, name="Lin S.")
    new = replace(live, student=student, copy_id=copy_id)
    assert new.stored()["version"] <= saved  # a version the old room had reached

    # The new copy's room is its own: its text, never the deleted copy's…
    lin = synced(new.client(student, name="lin"))
    assert source(lin) == "x = 1"
    # …and it takes what the new copy's student saves by PUT.
    stored = new.stored()
    notebook = stored["notebook"]
    assert isinstance(notebook, dict)
    notebook["cells"][0]["source"] = "y = 2"
    body = {"version": stored["version"], "notebook": notebook}
    put = student.put(f"/api/copies/{copy_id}", json=body, headers=API)
    assert put.status_code == 200, put.text
    lin.settle()
    assert source(lin) == "y = 2"
    if copy_id == live.copy_id:
        # Whoever was in the deleted copy's room is put out, and saves nothing.
        assert closed_with(owner) == (REMOVED, DELETED)
    lin.notebook.ycells[0]["source"].insert(5, "0")
    lin.settle()
    assert lin.wait_saved() == put.json()["version"] + 1
    assert new.stored()["notebook"]["cells"][0]["source"] == "y = 20"  # type: ignore[index]
    lin.disconnect()
    owner.disconnect()
