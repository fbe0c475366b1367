"""The limits of live copies: each closes one connection with a code and a reason, and
the room's other people go on editing; a failing database loses nothing."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

from pycrdt import create_awareness_message
from sqlalchemy import event, select
from websockets.exceptions import ConnectionClosed

from ardoise.classroom.live_limits import Allowance, LiveLimits
from ardoise.classroom.models import LiveUpdate

from .conftest import FAST, LiveCopy
from .live_client import LiveClient
from .test_live import source, synced


def closed_with(client: LiveClient, timeout: float = 10.0) -> tuple[int, str]:
    """The close code and reason the server ended `client`'s connection with."""
    assert client.ws is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            client.ws.recv(timeout=deadline - time.monotonic())
        except ConnectionClosed as closed:
            assert closed.rcvd is not None, "closed without a close frame"
            return closed.rcvd.code, closed.rcvd.reason
        except TimeoutError:
            break
    raise AssertionError(f"{client.name}: still connected")


def refused_with(client: LiveClient) -> tuple[int, str]:
    """The close code and reason a connection gets at once (its first message may find it
    already closed)."""
    try:
        client.connect()
    except ConnectionClosed as closed:
        assert closed.rcvd is not None, "closed without a close frame"
        return closed.rcvd.code, closed.rcvd.reason
    return closed_with(client)


def limited(live: LiveCopy, **limits: Any) -> None:
    live.classroom.app.state.live.limits = replace(LiveLimits(), **limits)


def edit_together(live: LiveCopy, owner: LiveClient, teacher: LiveClient, text: str) -> None:
    """Both write, see each other's text, and the copy is saved as they see it."""
    owner.settle()
    teacher.settle()
    before = source(owner)
    owner.notebook.ycells[0]["source"].insert(len(before), text)
    teacher.notebook.ycells[0]["source"].insert(0, "# ok\n")
    for client in (owner, teacher, owner, teacher):
        client.settle()
    assert source(owner) == source(teacher) == f"# ok\n{before}{text}"
    owner.wait_saved()
    assert live.stored()["notebook"] == owner.content()


def test_the_classroom_config_sets_the_limits(a_live_copy: LiveCopy) -> None:
    config = replace(
        a_live_copy.classroom.config, live_peers_per_room=3, live_messages_per_second=7
    )
    limits = LiveLimits.of(config)
    assert (limits.peers_per_room, limits.messages_per_second) == (3, 7)
    # A whole notebook of the largest size passes, with room for its Yjs encoding.
    assert limits.max_message_bytes >= 1.4 * config.max_notebook_bytes
    assert a_live_copy.classroom.app.state.live.limits == LiveLimits.of(
        a_live_copy.classroom.config
    )


def test_an_allowance_refills_at_its_rate_up_to_its_burst() -> None:
    now = [0.0]
    allowance = Allowance(rate=10, burst=5, clock=lambda: now[0])
    assert [allowance.take(1) for _ in range(6)] == [True] * 5 + [False]
    now[0] = 0.25  # 2.5 back
    assert allowance.take(2) and not allowance.take(1)
    now[0] = 100.0  # never more than the burst
    assert allowance.take(5) and not allowance.take(1)


def test_a_message_too_large_closes_its_connection_and_the_room_goes_on(
    a_live_copy: LiveCopy,
) -> None:
    live = a_live_copy
    limited(live, max_message_bytes=20_000)
    owner = synced(live.client(live.student, name="owner"))
    teacher = synced(live.client(live.teacher, name="teacher"))
    big = synced(live.client(live.student, name="big"))
    big.notebook.ycells[0]["source"].insert(0, "y" * 30_000)
    big.send_one()
    code, reason = closed_with(big)
    assert code == 1009
    assert reason == "A live message is larger than 19.5 KB; clear some outputs."
    edit_together(live, owner, teacher, "0")
    assert "y" not in source(owner)  # never applied nor relayed
    owner.disconnect()
    teacher.disconnect()


def test_a_peer_sending_too_many_messages_is_closed_and_the_others_go_on(
    a_live_copy: LiveCopy,
) -> None:
    live = a_live_copy
    limited(live, messages_per_second=5, message_burst=30)
    owner = synced(live.client(live.student, name="owner"))
    teacher = synced(live.client(live.teacher, name="teacher"))
    flood = synced(live.client(live.student, name="flood"))
    for cursor in range(100):
        flood.awareness.set_local_state({"cursor": cursor})
        update = flood.awareness.encode_awareness_update([flood.awareness.client_id])
        try:
            flood.send(create_awareness_message(update))
        except ConnectionClosed:
            break
    code, reason = closed_with(flood)
    assert code == 1008
    assert reason == "More than 5 live messages a second; reconnecting in a moment."
    edit_together(live, owner, teacher, "0")
    # Its reconnection is welcome once it is quiet: what it holds syncs again.
    again = synced(live.client(live.student, name="again"))
    assert source(again) == source(owner)
    for client in (owner, teacher, again):
        client.disconnect()


def test_a_peer_sending_too_many_bytes_is_closed_and_the_others_go_on(
    a_live_copy: LiveCopy,
) -> None:
    live = a_live_copy
    # A burst of two largest messages (40 KB), then 10 KB a second.
    limited(live, bytes_per_second=10 * 1024, max_message_bytes=20 * 1024)
    owner = synced(live.client(live.student, name="owner"))
    teacher = synced(live.client(live.teacher, name="teacher"))
    heavy = synced(live.client(live.teacher, name="heavy"))
    text = heavy.notebook.ycells[0]["source"]
    for _ in range(4):
        text.insert(0, "z" * 15_000)  # each message under the size limit
    try:
        while heavy.outgoing:
            heavy.send_one()
    except ConnectionClosed:
        pass
    code, reason = closed_with(heavy)
    assert code == 1008
    assert reason == "More than 10 KB of live messages a second; reconnecting in a moment."
    edit_together(live, owner, teacher, "0")
    assert len(source(owner)) < 2 * 15_000 + 20  # the message over the limit was dropped
    owner.disconnect()
    teacher.disconnect()


def test_a_full_room_refuses_one_more_person_until_someone_leaves(a_live_copy: LiveCopy) -> None:
    live = a_live_copy
    limited(live, peers_per_room=2)
    owner = synced(live.client(live.student, name="owner"))
    teacher = synced(live.client(live.teacher, name="teacher"))
    third = live.client(live.student, name="third")
    assert refused_with(third) == (
        1013,
        "This copy already has 2 people connected; try again later.",
    )
    edit_together(live, owner, teacher, "0")
    teacher.disconnect()
    owner.settle()
    third = synced(live.client(live.student, name="third"))
    assert source(third) == source(owner)
    owner.disconnect()
    third.disconnect()


def test_a_full_server_unloads_an_idle_room_early_or_refuses_a_new_one(
    a_live_copy: LiveCopy,
) -> None:
    live = a_live_copy
    rooms = live.classroom.app.state.live
    rooms.timing = replace(FAST, unload_after=600.0)  # an idle room stays, unless needed
    limited(live, rooms=1)
    other, other_copy = live.classroom.guest(live.code, name="Grace H.")
    owner = synced(live.client(live.student, name="owner"))
    elsewhere = LiveClient(
        live.server.url(other_copy),
        cookie=other.cookies["ardoise_session"],
        origin=live.server.origin,
        name="elsewhere",
    )
    assert refused_with(elsewhere) == (
        1013,
        "This server has its 1 live copies open; try again in a minute.",
    )
    owner.notebook.ycells[0]["source"].insert(5, "0")
    owner.settle()
    owner.disconnect()  # its room is idle now, loaded for 600 s unless the place is needed
    deadline = time.monotonic() + 10
    while list(rooms._unloads) != [live.copy_id]:
        assert time.monotonic() < deadline, "the room was not left"
        time.sleep(0.05)
    elsewhere = LiveClient(
        live.server.url(other_copy),
        cookie=other.cookies["ardoise_session"],
        origin=live.server.origin,
        name="elsewhere",
    ).connect()
    while not len(elsewhere.notebook.ycells):  # the other room is saved and unloaded first
        assert time.monotonic() < deadline + 20, "the new room did not open"
        elsewhere.settle(quiet=0.1)
    assert source(elsewhere) == "x = 1"
    assert list(rooms.rooms) == [other_copy]
    assert live.stored()["notebook"]["cells"][0]["source"] == "x = 10"  # type: ignore[index]
    elsewhere.disconnect()


def test_a_failing_database_is_tried_again_and_nothing_typed_is_lost(
    a_live_copy: LiveCopy,
) -> None:
    live = a_live_copy
    rooms = live.classroom.app.state.live
    rooms.timing = replace(FAST, retry_first=0.05, retry_longest=0.4)
    engine = live.classroom.app.state.sessions.kw["bind"]
    failing = {"live_updates": 4, "copies": 3}  # writes that fail before it recovers

    def fail(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        for table, left in failing.items():
            if left and statement.lstrip().upper().startswith(
                (f"INSERT INTO {table.upper()}", f"UPDATE {table.upper()}")
            ):
                failing[table] -= 1
                # What the driver raises for a locked file or a lost connection.
                raise engine.dialect.loaded_dbapi.OperationalError("database is locked (test)")

    owner = synced(live.client(live.student, name="owner"))
    teacher = synced(live.client(live.teacher, name="teacher"))
    event.listen(engine, "before_cursor_execute", fail)
    try:
        text = owner.notebook.ycells[0]["source"]
        for letter in "abcdef":
            text.insert(len(text), letter)
            owner.settle(quiet=0.05)
        teacher.notebook.ycells[0]["source"].insert(0, "# ok\n")
        for client in (teacher, owner, teacher):
            client.settle()
        assert source(owner) == source(teacher) == "# ok\nx = 1abcdef"  # relayed meanwhile
        version = owner.wait_saved()
    finally:
        event.remove(engine, "before_cursor_execute", fail)
    assert failing == {"live_updates": 0, "copies": 0}
    assert rooms.rooms[live.copy_id].failures >= 7
    assert live.stored()["version"] == version
    assert live.stored()["notebook"] == owner.content()
    # Every update was stored too: the document rebuilt from the rows is the same.
    with live.classroom.app.state.sessions() as db:
        rows = db.scalars(select(LiveUpdate.data).where(LiveUpdate.copy_id == live.copy_id))
        stored = [bytes(row) for row in rows]
    rebuilt = LiveClient("", cookie=None, origin=None, name="rebuilt")
    for update in stored:
        rebuilt.doc.apply_update(update)
    assert rebuilt.content() == owner.content()
    owner.disconnect()
    teacher.disconnect()


def test_a_stopping_server_gives_up_on_a_database_that_never_answers_and_says_so(
    a_live_copy: LiveCopy, caplog: Any
) -> None:
    live = a_live_copy
    live.classroom.app.state.live.timing = replace(FAST, retry_first=0.05, give_up_after=0.5)
    engine = live.classroom.app.state.sessions.kw["bind"]

    def fail(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            raise engine.dialect.loaded_dbapi.OperationalError("database is locked (test)")

    owner = synced(live.client(live.student, name="owner"))
    event.listen(engine, "before_cursor_execute", fail)
    try:
        owner.notebook.ycells[0]["source"].insert(5, "0")
        owner.settle()
        started = time.monotonic()
        live.server.stop()  # the room's last save fails for 0.5 s, then the server stops
        assert time.monotonic() - started < 30
    finally:
        event.remove(engine, "before_cursor_execute", fail)
    assert "its last live changes could not be saved" in caplog.text
    assert "trying again" in caplog.text
    assert live.stored()["notebook"]["cells"][0]["source"] == "x = 1"  # type: ignore[index]
