"""Live collaboration's signaling: `ardoise serve` relays y-webrtc's messages between browsers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from ardoise.signaling import MAX_MESSAGE, MAX_TOPICS, Hub, origin_allowed
from test_serve import fetch, serving

if TYPE_CHECKING:
    from conftest import ArdoiseCLI


@pytest.fixture(scope="module")
def a_signaling_server(
    ardoise_cli: ArdoiseCLI, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """`ardoise serve` on a free port, for a folder that passes for a site; the signaling URL."""
    site = tmp_path_factory.mktemp("signal")
    (site / "site.json").write_text("{}")
    allowed = ("--signal-origin", "https://course.example.org/")
    with serving(ardoise_cli, str(site), "--port", "0", *allowed) as served:
        yield f"ws://127.0.0.1:{served.port}/_live/signal"
        served.stop()


def own_origin(url: str) -> str:
    """The origin of the pages the server at signaling `url` serves."""
    return "http://" + url.split("/")[2]


def client(url: str, origin: str | None = "") -> ClientConnection:
    """A connection as a page of `origin` makes it ("": the server's own pages)."""
    origin = own_origin(url) if origin == "" else origin
    return connect(url, origin=origin, open_timeout=10, close_timeout=2)  # type: ignore[arg-type]


def say(connection: ClientConnection, **message: Any) -> None:
    connection.send(json.dumps(message))


def hear(connection: ClientConnection) -> dict[str, Any]:
    return json.loads(connection.recv(timeout=10))  # type: ignore[no-any-return]


def pong(connection: ClientConnection) -> None:
    """A round trip: once the pong is back, the server has handled what was sent before."""
    say(connection, type="ping")
    assert hear(connection) == {"type": "pong"}


def test_a_message_published_to_a_room_reaches_everyone_in_it_and_no_one_else(
    a_signaling_server: str,
) -> None:
    with (
        client(a_signaling_server) as ana,
        client(a_signaling_server) as ben,
        client(a_signaling_server) as eve,
    ):
        for who, topic in ((ana, "room-1"), (ben, "room-1"), (eve, "room-2")):
            say(who, type="subscribe", topics=[topic])
            pong(who)
        say(ana, type="publish", topic="room-1", data="offer")
        expected = {"type": "publish", "topic": "room-1", "data": "offer", "clients": 2}
        assert hear(ben) == expected
        assert hear(ana) == expected  # the sender too, as y-webrtc's own server does
        pong(eve)  # eve's next message is the pong: nothing from room-1 came before it


def test_a_client_that_leaves_or_unsubscribes_no_longer_receives(a_signaling_server: str) -> None:
    with client(a_signaling_server) as ana:
        say(ana, type="subscribe", topics=["room-3"])
        with client(a_signaling_server) as ben:
            say(ben, type="subscribe", topics=["room-3"])
            pong(ben)
        with client(a_signaling_server) as cid:
            say(cid, type="subscribe", topics=["room-3"])
            say(cid, type="unsubscribe", topics=["room-3"])
            pong(cid)
            say(ana, type="publish", topic="room-3", data="x")
            assert hear(ana)["clients"] == 1
            pong(cid)


def test_messages_that_are_not_the_protocol_are_ignored_and_the_connection_stays(
    a_signaling_server: str,
) -> None:
    with client(a_signaling_server) as ana:
        junk_messages = (
            "not json",
            "[1, 2]",
            '{"type": "publish"}',
            '{"type": "subscribe", "topics": 3}',
        )
        for junk in junk_messages:
            ana.send(junk)
        ana.send(b"\x00binary")
        say(ana, type="subscribe", topics=[7, "", "room-4"])
        say(ana, type="publish", topic="room-4", data="still here")
        assert hear(ana)["data"] == "still here"


def test_the_signaling_path_without_a_websocket_handshake_is_refused(
    a_signaling_server: str,
) -> None:
    port = int(a_signaling_server.split(":")[2].split("/")[0])
    status, _, body = fetch(port, "/_live/signal")
    assert status == 426
    assert b"WebSocket" in body


def test_a_closed_server_ends_its_clients_connections(
    ardoise_cli: ArdoiseCLI, tmp_path: Path
) -> None:
    (tmp_path / "site.json").write_text("{}")
    with serving(ardoise_cli, str(tmp_path), "--port", "0") as served:
        url = f"ws://127.0.0.1:{served.port}/_live/signal"
        with client(url) as connection:
            pong(connection)
            served.process.kill()
            served.process.wait(timeout=10)
            with pytest.raises(ConnectionClosed):
                connection.recv(timeout=10)


def test_one_connection_cannot_follow_more_than_the_limit_of_topics() -> None:
    hub = Hub()
    sent: list[str] = []
    subscriber = hub.connect(sent.append)
    refused = subscriber.receive(
        json.dumps({"type": "subscribe", "topics": [f"t{i}" for i in range(100)]})
    )
    assert refused is not None and str(MAX_TOPICS) in refused
    assert len(subscriber.topics) == MAX_TOPICS
    subscriber.close()
    assert hub.subscribers("t0") == 0


def test_a_subscriber_whose_connection_fails_does_not_stop_the_others() -> None:
    hub = Hub()
    received: list[str] = []

    def broken(text: str) -> None:
        raise OSError("gone")

    for send in (broken, received.append):
        hub.connect(send).receive('{"type": "subscribe", "topics": ["r"]}')
    hub.publish({"type": "publish", "topic": "r", "data": 1})
    assert [json.loads(text)["clients"] for text in received] == [2]


def test_only_the_server_s_own_pages_and_the_origins_it_names_may_connect(
    a_signaling_server: str,
) -> None:
    for foreign in ("https://evil.example", "http://127.0.0.1:1", "null", None):
        with pytest.raises(InvalidStatus) as refused:
            client(a_signaling_server, origin=foreign)
        assert refused.value.response.status_code == 403
        assert b"serves its own pages only" in (refused.value.response.body or b"")
    with client(a_signaling_server, origin="https://course.example.org") as course:
        pong(course)  # a course hosted elsewhere, named with --signal-origin


def test_a_message_past_the_size_limit_closes_the_connection(a_signaling_server: str) -> None:
    with client(a_signaling_server) as ana:
        say(ana, type="publish", topic="room-5", data="x" * MAX_MESSAGE)
        with pytest.raises(ConnectionClosed) as closed:
            ana.recv(timeout=10)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009


def test_following_more_rooms_than_the_limit_closes_the_connection_with_the_reason(
    a_signaling_server: str,
) -> None:
    with client(a_signaling_server) as ana:
        say(ana, type="subscribe", topics=[f"r{i}" for i in range(MAX_TOPICS)])
        pong(ana)  # up to the limit is fine
        say(ana, type="subscribe", topics=["one-more"])
        with pytest.raises(ConnectionClosed) as closed:
            ana.recv(timeout=10)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1008
        assert f"at most {MAX_TOPICS} rooms" in closed.value.rcvd.reason


def test_a_signal_origin_that_is_not_an_origin_is_refused_with_what_to_give(
    ardoise_cli: ArdoiseCLI, tmp_path: Path
) -> None:
    (tmp_path / "site.json").write_text("{}")
    result = ardoise_cli.run("serve", str(tmp_path), "--port", "0", "--signal-origin", "course")
    assert result.returncode != 0
    assert "--signal-origin 'course' is not a site's origin" in result.stderr
    assert "https://course.example.org" in result.stderr


def test_an_origin_is_its_scheme_host_and_port() -> None:
    assert origin_allowed("http://Example.org:8000", "example.org:8000")
    assert not origin_allowed("https://example.org", "example.org:8000")
    assert origin_allowed("https://course.example.org", "x", ["HTTPS://course.example.org/"])
    assert not origin_allowed(
        "https://course.example.org.evil", "x", ["https://course.example.org"]
    )
    assert not origin_allowed(
        "https://course.example.org/page", "x", ["https://course.example.org"]
    )
    assert not origin_allowed(None, "example.org")
