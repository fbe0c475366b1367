"""A real server in a thread, and y-websocket clients made of pycrdt and jupyter-ydoc.

A client keeps what it would send and what it received in two lists, so a test
can deliver them in any order it likes; `settle` delivers everything in order.
"""

from __future__ import annotations

import socket
import threading
import time
from contextlib import ExitStack
from typing import Any

import uvicorn
from fastapi import FastAPI
from jupyter_ydoc import YNotebook
from pycrdt import (
    Awareness,
    Decoder,
    Doc,
    Text,
    TransactionEvent,
    YMessageType,
    YSyncMessageType,
    create_awareness_message,
    create_sync_message,
    create_update_message,
    handle_sync_message,
    read_message,
)
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from ardoise.classroom.cli import WEBSOCKETS
from ardoise.classroom.live_projection import PROJECTED
from ardoise.classroom.live_room import LOCKED, SAVED, complete

__all__ = ["LiveClient", "LiveServer", "free_port", "nothing_missing", "state_vector"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LiveServer:
    """uvicorn serving `app` on a free port, in a thread, until `stop` (which runs the
    app's shutdown: rooms save and unload)."""

    def __init__(self, app: FastAPI) -> None:
        self.port = free_port()
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="warning", ws=WEBSOCKETS
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, copy_id: int, query: str = "") -> str:
        return f"ws://127.0.0.1:{self.port}/api/copies/{copy_id}/live{query}"

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=60)


def state_vector(state: bytes) -> dict[int, int]:
    """A state vector as {client id: clock} (Y.decodeStateVector in a browser)."""
    decoder = Decoder(state)
    clocks = {}
    for _ in range(decoder.read_var_uint()):
        client = decoder.read_var_uint()
        clocks[client] = decoder.read_var_uint()
    return clocks


def nothing_missing(doc: Doc[Any], state: bytes) -> bool:
    """Whether everything `doc` holds is within state vector `state`: each of its clients'
    clocks is at most the saved one (how a browser tells that its typing is saved)."""
    saved = state_vector(state)
    return all(
        saved.get(client, 0) >= clock for client, clock in state_vector(doc.get_state()).items()
    )


class LiveClient:
    """One replica of a copy's notebook, speaking y-websocket to the server."""

    def __init__(self, url: str, *, cookie: str | None, origin: str | None, name: str) -> None:
        self.url = url
        self.headers = {}
        if cookie is not None:
            self.headers["Cookie"] = f"ardoise_session={cookie}"
        if origin is not None:
            self.headers["Origin"] = origin
        self.name = name
        self.doc: Doc[Any] = Doc()
        self.notebook = YNotebook(self.doc)
        self.awareness = Awareness(self.doc)
        self.peers: dict[int, Any] = {}  # awareness states others announced
        self.outgoing: list[bytes] = []
        self.incoming: list[bytes] = []
        self.saved: list[tuple[int, bytes]] = []  # (version, state vector) of each SAVED
        self.projected: list[int] = []  # the counts of open projections the room announced
        self.locks: list[str] = []  # why the copy is locked ("" open), as the room said it
        self.ws: ClientConnection | None = None
        self._connection = ExitStack()
        self._remote = False
        # Whether the server's answer to this connection's sync (step 2) has been applied.
        self.synced = False
        self.doc.observe(self._local)

    def _local(self, event: TransactionEvent) -> None:
        if not self._remote:
            self.outgoing.append(create_update_message(event.update))

    # --- connection -----------------------------------------------------------------

    def connect(self) -> LiveClient:
        self._connection = ExitStack()
        self.ws = self._connection.enter_context(
            connect(self.url, additional_headers=self.headers, open_timeout=10)
        )
        self.synced = False
        self.ws.send(create_sync_message(self.doc))
        return self

    def disconnect(self) -> None:
        """Gone: what was not sent or applied is lost; the next sync makes up for it."""
        if self.ws is not None:
            self._connection.close()
            self.ws = None
        self.outgoing.clear()
        self.incoming.clear()

    @property
    def connected(self) -> bool:
        return self.ws is not None

    def announce(self, state: dict[str, Any]) -> None:
        self.awareness.set_local_state(state)
        update = self.awareness.encode_awareness_update([self.awareness.client_id])
        self.send(create_awareness_message(update))

    def send(self, message: bytes) -> None:
        assert self.ws is not None
        self.ws.send(message)

    # --- delivery -----------------------------------------------------------------------

    def receive(self, wait: float = 0.0) -> int:
        """Collect what has arrived (waiting up to `wait` for the first); how many."""
        assert self.ws is not None
        count = 0
        timeout = wait
        while True:
            try:
                message = self.ws.recv(timeout=timeout)
            except (TimeoutError, ConnectionClosed):
                return count
            assert isinstance(message, bytes)
            self.incoming.append(message)
            count += 1
            timeout = 0

    def send_one(self, index: int = 0) -> None:
        self.send(self.outgoing.pop(index))

    def apply_one(self, index: int = 0) -> None:
        self.handle(self.incoming.pop(index))

    def handle(self, message: bytes) -> None:
        if message[0] == YMessageType.SYNC:
            self._remote = True
            try:
                reply = handle_sync_message(message[1:], self.doc)
            finally:
                self._remote = False
            if reply is not None:
                self.send(reply)
            self.synced = self.synced or message[1] == YSyncMessageType.SYNC_STEP2
        elif message[0] == YMessageType.AWARENESS:
            self.awareness.apply_awareness_update(read_message(message[1:]), "remote")
        elif message[0] == SAVED:
            decoder = Decoder(message)
            decoder.read_var_uint()
            version = decoder.read_var_uint()
            state = decoder.read_message()
            assert state is not None
            self.saved.append((version, state))
        elif message[0] == PROJECTED:
            self.projected.append(Decoder(message[1:]).read_var_uint())
        elif message[0] == LOCKED:
            lock = Decoder(message[1:]).read_message()
            assert lock is not None
            self.locks.append(lock.decode())

    def settle(self, quiet: float = 0.3, synced_within: float = 30.0) -> None:
        """Send and apply everything, in order, until nothing arrives for `quiet` seconds
        and the server has answered this connection's sync (a room that is still loading,
        on a busy machine, may take longer than `quiet` to answer)."""
        deadline = time.monotonic() + synced_within
        while True:
            while self.outgoing:
                self.send_one()
            if not self.receive(wait=quiet) and not self.incoming:
                if self.synced or time.monotonic() > deadline:
                    return
                continue
            while self.incoming:
                self.apply_one()

    def wait_saved(self, timeout: float = 30.0) -> int:
        """The version of the first save that holds everything this replica has."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for version, state in self.saved:
                if nothing_missing(self.doc, state):
                    return version
            self.receive(wait=0.2)
            while self.incoming:
                self.apply_one()
        raise AssertionError(f"{self.name}: no save holds this replica's state")

    def content(self) -> dict[str, Any]:
        """The notebook this replica shows as the server saves it (`complete`: the keys
        nbformat requires, where a cell lacks them), without touching the replica."""
        copy: Doc[Any] = Doc()
        copy.apply_update(self.doc.get_update())
        return complete(YNotebook(copy).get())


def synced(client: LiveClient) -> LiveClient:
    """`client`, connected and holding what the room holds."""
    client.connect()
    client.settle()
    return client


def source(client: LiveClient, index: int = 0) -> str:
    """The source of `client`'s cell `index`."""
    text = client.notebook.ycells[index]["source"]
    assert isinstance(text, Text)
    return str(text)
