"""The signaling websocket of `ardoise serve`: y-webrtc's protocol at a fixed path.

The framing is websockets' sans-I/O `ServerProtocol`; this module only moves bytes
between it and the socket of the request's thread, and hands text messages to a
`signaling.Hub`. Messages to a connection can come from other threads (another
browser publishing), so one lock guards the protocol object and the socket's writes.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable, Collection
from contextlib import suppress
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING

from .signaling import FOREIGN_ORIGIN, MAX_MESSAGE, Hub, origin_allowed

if TYPE_CHECKING:
    from websockets.server import ServerProtocol

__all__ = ["IDLE_TIMEOUT", "MAX_MESSAGE", "SIGNAL_PATH", "serve_signaling"]

logger = logging.getLogger(__name__)

SIGNAL_PATH = "/_live/signal"
#: y-webrtc's client sends a ping after 15 s without news; a connection silent for
#: longer than this is gone (a laptop closed, a network dropped).
IDLE_TIMEOUT = 45.0


def serve_signaling(
    handler: BaseHTTPRequestHandler, hub: Hub, origins: Collection[str] = ()
) -> None:
    """Answer the websocket handshake in `handler`'s request, then relay until it closes.

    Only this server's own pages, and pages of `origins`, are admitted (403 otherwise).
    """
    from websockets.server import ServerProtocol

    handler.close_connection = True  # after a websocket, the connection is not reused
    # Past MAX_MESSAGE, websockets closes the connection with 1009 (message too big).
    protocol = ServerProtocol(max_size=MAX_MESSAGE)
    # http.server has read the request already: give the protocol the same bytes to parse.
    head = f"{handler.command} {handler.path} {handler.request_version}\r\n" + "".join(
        f"{name}: {value}\r\n" for name, value in handler.headers.items()
    )
    protocol.receive_data(head.encode("latin-1") + b"\r\n")
    (request,) = protocol.events_received()
    response = protocol.accept(request)  # type: ignore[arg-type]
    # A plain GET keeps its 426 (the app's check that signaling is here sends no Origin);
    # a websocket handshake must come from an allowed page.
    origin = handler.headers.get("Origin")
    if response.status_code == 101 and not origin_allowed(
        origin, handler.headers.get("Host", ""), origins
    ):
        response = protocol.reject(403, FOREIGN_ORIGIN + "\n")
    protocol.send_response(response)
    lock = threading.Lock()
    sock = handler.connection
    with lock:
        _flush(protocol, sock)
    handler.log_request(response.status_code)
    if response.status_code != 101:
        return

    def send(text: str) -> None:
        with lock:
            protocol.send_text(text.encode())
            _flush(protocol, sock)

    subscriber = hub.connect(send)
    try:
        sock.settimeout(IDLE_TIMEOUT)
        _relay(handler, protocol, lock, subscriber.receive)
    finally:
        subscriber.close()


def _relay(
    handler: BaseHTTPRequestHandler,
    protocol: ServerProtocol,
    lock: threading.Lock,
    receive: Callable[[str], str | None],
) -> None:
    from websockets.frames import CloseCode, Frame, Opcode
    from websockets.protocol import State

    while True:
        try:
            # read1: what has arrived (the handshake may have buffered some), without waiting.
            data = handler.rfile.read1(65536)
        except OSError:  # idle for too long, or reset
            return
        with lock:
            if data:
                protocol.receive_data(data)
            else:
                protocol.receive_eof()
            events = protocol.events_received()
            _flush(protocol, handler.connection)
        for event in events:
            if isinstance(event, Frame) and event.opcode is Opcode.TEXT:
                refused = receive(bytes(event.data).decode("utf-8", "replace"))
                if refused is not None:
                    with lock:
                        protocol.send_close(CloseCode.POLICY_VIOLATION, refused)
                        _flush(protocol, handler.connection)
                    return
        if not data or protocol.close_expected() or protocol.state is State.CLOSED:
            return


def _flush(protocol: ServerProtocol, sock: socket.socket) -> None:
    for data in protocol.data_to_send():
        with suppress(OSError):  # the peer is gone: the reading loop sees it and ends
            if data:
                sock.sendall(data)
            else:
                sock.shutdown(socket.SHUT_WR)
