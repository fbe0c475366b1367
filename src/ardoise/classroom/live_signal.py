"""Live collaboration's signaling, served by the classroom: y-webrtc's protocol over asyncio.

The notebook app under /app/ finds its signaling at `/app/_live/signal` (the
site's own path, as `ardoise serve` answers `/_live/signal`), so a course's
"Work together" works on a classroom server too; `/_live/signal` answers as
well, for a course built with `--live-signaling wss://CLASSROOM/_live/signal`.
The relaying is signaling.Hub's, shared with `ardoise serve`.

Only the server's own pages, and those of `ClassroomConfig.signal_origins`, are
admitted; a message past MAX_MESSAGE or a connection past MAX_TOPICS rooms is
closed with the reason. A plain GET is answered 426, like `ardoise serve`: the
app checks that a signaling server is there before it starts a session.
"""

from __future__ import annotations

import asyncio
import contextlib

from fastapi import APIRouter, WebSocket
from fastapi.responses import JSONResponse, PlainTextResponse
from starlette.websockets import WebSocketState

from ..live_socket import SIGNAL_PATH
from ..signaling import FOREIGN_ORIGIN, MAX_MESSAGE, TOO_BIG, Hub, origin_allowed
from .app_site import APP_PREFIX
from .config import ClassroomConfig

__all__ = ["PATHS", "router"]

router = APIRouter()
PATHS = (SIGNAL_PATH, APP_PREFIX + SIGNAL_PATH)
#: Messages waiting for one slow connection; past this, it is dropped rather than
#: letting it fill the server's memory.
MAX_WAITING = 1024
TOO_SLOW = "This connection fell too far behind the messages sent to it."
CLOSE_TOO_BIG = 1009
CLOSE_POLICY = 1008


async def _signal(websocket: WebSocket) -> None:
    config: ClassroomConfig = websocket.app.state.config
    origin = websocket.headers.get("origin")
    if not origin_allowed(origin, websocket.headers.get("host", ""), config.signal_origins):
        try:
            denial = JSONResponse({"detail": FOREIGN_ORIGIN}, status_code=403)
            await websocket.send_denial_response(denial)
        except RuntimeError:  # a server without the denial extension: close the handshake
            await websocket.close(code=CLOSE_POLICY, reason=FOREIGN_ORIGIN)
        return
    hub: Hub = websocket.app.state.signaling
    outbox: asyncio.Queue[str | None] = asyncio.Queue()
    behind = asyncio.Event()

    def send(text: str) -> None:
        # Called on the event loop (every connection's reader is): no lock needed.
        if behind.is_set():
            return
        if outbox.qsize() >= MAX_WAITING:
            behind.set()
            outbox.put_nowait(None)  # too slow: its sender stops and closes it
            return
        outbox.put_nowait(text)

    await websocket.accept()
    subscriber = hub.connect(send)
    sender = asyncio.create_task(_send(websocket, outbox, behind))
    close: tuple[int, str] | None = None
    try:
        while close is None:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                break
            text = message.get("text")
            if text is None:
                continue  # y-webrtc's messages are text
            if len(text) > MAX_MESSAGE or len(text.encode()) > MAX_MESSAGE:
                close = (CLOSE_TOO_BIG, TOO_BIG)
                break
            refused = subscriber.receive(text)
            if refused is not None:
                close = (CLOSE_POLICY, refused)
    finally:
        subscriber.close()
        outbox.put_nowait(None)
        with contextlib.suppress(Exception):
            await sender
        if websocket.client_state == WebSocketState.CONNECTED:
            with contextlib.suppress(Exception):
                await websocket.close(*(close or (1000, "")))


async def _send(
    websocket: WebSocket, outbox: asyncio.Queue[str | None], behind: asyncio.Event
) -> None:
    while (text := await outbox.get()) is not None:
        await websocket.send_text(text)
    if behind.is_set():
        await websocket.close(code=CLOSE_POLICY, reason=TOO_SLOW)


def _upgrade_required() -> PlainTextResponse:
    return PlainTextResponse(
        "This is live collaboration's signaling: connect with a WebSocket.\n",
        status_code=426,
        headers={"Upgrade": "websocket", "Connection": "Upgrade"},
    )


for _path in PATHS:
    router.add_api_websocket_route(_path, _signal)
    router.add_api_route(_path, _upgrade_required, methods=["GET"], include_in_schema=False)
