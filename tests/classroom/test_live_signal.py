"""The classroom serves live collaboration's signaling to its own pages and the origins named."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from ardoise.classroom import ClassroomConfig, create_app
from ardoise.signaling import MAX_MESSAGE, MAX_TOPICS

from .live_client import LiveServer

COURSE = "https://course.example.org"


@pytest.fixture(scope="module")
def a_classroom_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    config = ClassroomConfig(data=tmp_path_factory.mktemp("signal"), signal_origins=(COURSE,))
    app = create_app(config)
    server = LiveServer(app).start()
    yield server
    server.stop()
    app.state.sessions.kw["bind"].dispose()


def client(server: LiveServer, path: str, origin: str | None = "") -> ClientConnection:
    url = f"ws://127.0.0.1:{server.port}{path}"
    origin = server.origin if origin == "" else origin
    return connect(url, origin=origin, open_timeout=10, close_timeout=2)  # type: ignore[arg-type]


def say(connection: ClientConnection, **message: object) -> None:
    connection.send(json.dumps(message))


def hear(connection: ClientConnection) -> dict[str, object]:
    return json.loads(connection.recv(timeout=10))  # type: ignore[no-any-return]


@pytest.mark.parametrize("path", ["/app/_live/signal", "/_live/signal"])
def test_pages_of_the_classroom_find_each_other_through_it(
    a_classroom_server: LiveServer, path: str
) -> None:
    with client(a_classroom_server, path) as ana, client(a_classroom_server, path) as ben:
        for who in (ana, ben):
            say(who, type="subscribe", topics=["room-1"])
            say(who, type="ping")
            assert hear(who) == {"type": "pong"}
        say(ana, type="publish", topic="room-1", data="offer")
        expected = {"type": "publish", "topic": "room-1", "data": "offer", "clients": 2}
        assert hear(ben) == expected
        assert hear(ana) == expected


def test_a_page_of_another_site_is_refused_unless_named(a_classroom_server: LiveServer) -> None:
    for foreign in ("https://evil.example", "http://127.0.0.1:1", None):
        with pytest.raises(InvalidStatus) as refused:
            client(a_classroom_server, "/app/_live/signal", origin=foreign)
        assert refused.value.response.status_code == 403
        assert b"serves its own pages only" in (refused.value.response.body or b"")
    with client(a_classroom_server, "/_live/signal", origin=COURSE) as course:
        say(course, type="ping")
        assert hear(course) == {"type": "pong"}


def test_past_the_size_or_room_limit_the_connection_is_closed_with_the_reason(
    a_classroom_server: LiveServer,
) -> None:
    with client(a_classroom_server, "/app/_live/signal") as ana:
        say(ana, type="publish", topic="room-2", data="x" * MAX_MESSAGE)
        with pytest.raises(ConnectionClosed) as closed:
            ana.recv(timeout=10)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009
        assert "at most 256 KiB" in closed.value.rcvd.reason
    with client(a_classroom_server, "/app/_live/signal") as ben:
        say(ben, type="subscribe", topics=[f"r{i}" for i in range(MAX_TOPICS + 1)])
        with pytest.raises(ConnectionClosed) as closed:
            ben.recv(timeout=10)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1008
        assert f"at most {MAX_TOPICS} rooms" in closed.value.rcvd.reason


def test_a_plain_request_is_told_to_use_a_websocket(a_classroom_server: LiveServer) -> None:
    # The app checks the path answers 426 before it starts a session (live-control.ts).
    answer = httpx.get(f"{a_classroom_server.origin}/app/_live/signal")
    assert answer.status_code == 426
    assert "WebSocket" in answer.text


def test_a_classroom_without_named_origins_admits_only_its_own(tmp_path: Path) -> None:
    app = create_app(ClassroomConfig(data=tmp_path / "data"))
    server = LiveServer(app).start()
    try:
        with pytest.raises(InvalidStatus):
            client(server, "/_live/signal", origin=COURSE)
    finally:
        server.stop()
        app.state.sessions.kw["bind"].dispose()
