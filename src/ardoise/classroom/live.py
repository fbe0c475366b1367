"""The websocket of a copy edited live: `/api/copies/{id}/live`, the y-websocket protocol.

y-websocket's WebsocketProvider connects to `serverUrl + "/" + roomName`, so a
browser uses serverUrl `wss://HOST/api/copies/{id}` and roomName `live`, with
`params: {mode: "view"}` to only watch. Who may join is decided on the
handshake, before it is accepted:

- the handshake's Origin must be this server's own (another site's page could
  otherwise open the socket with the visitor's cookies: cross-site websocket
  hijacking);
- the session cookie must be the copy's student's, a member's of the team whose
  copy it is (teams.py, read at each handshake), or the activity's teacher's;
  both write, unless `mode=view` (their writes are then dropped, their cursor
  still shown) or the copy is locked (handed in and kept unchanged, or the
  activity closed), which makes every writer a viewer, as the PUT path refuses;
- `mode=project` is the teacher's projection of the copy to the class: a viewer
  that only the activity's teacher may open, and only while the copy's student
  allows it; it is closed when they stop allowing it (live_projection.py).

A refused handshake gets an HTTP answer: 403 for a foreign origin, 401 signed
out, 404 for a copy that is not theirs, as the JSON API answers, 403 for a
projection the student has not allowed. Past the handshake, the limits of
live_limits apply: a full room or server closes the connection at once (1013),
a message too large (1009) or too many (1008) close it when they come.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime
from typing import Literal
from urllib.parse import urlsplit

from fastapi import APIRouter, WebSocket
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session, sessionmaker
from starlette.websockets import WebSocketState

from .live_limits import ConnectionLimits, RoomFullError
from .live_projection import NOT_ALLOWED, Projections, Projector
from .live_room import Peer
from .live_rooms import LiveRooms
from .models import Activity, Copy, Role
from .sessions import SESSION_COOKIE, digest, session_user
from .teams import may_open

__all__ = ["router"]

logger = logging.getLogger(__name__)

router = APIRouter()
NOT_FOUND = "No such copy, or it is not yours."
Mode = Literal["edit", "view", "project"]


def _same_origin(websocket: WebSocket) -> bool:
    """Whether the page that opens the socket is one of this server's (browsers always
    send Origin on a websocket handshake; other clients must send it too)."""
    origin = websocket.headers.get("origin", "")
    host = websocket.headers.get("host", "")
    parts = urlsplit(origin)
    return bool(host) and parts.scheme in ("http", "https") and parts.netloc.lower() == host.lower()


def _admit(
    sessions: sessionmaker[Session], websocket: WebSocket, copy_id: int, mode: Mode, peer: Peer
) -> tuple[int, str] | datetime:
    """When the copy was made, if the handshake's user may join its room; else (status,
    reason).

    The peer learns its user before their right to the copy is read: a right taken
    away meanwhile (live_rooms.LiveRooms.left_copy) then finds it.
    """
    with sessions() as db:
        user = session_user(db, websocket)
        if user is None:
            return 401, "Sign in first."
        peer.user_id = user.id
        copy = db.get(Copy, copy_id)
        activity = db.get(Activity, copy.activity_id) if copy else None
        if copy is None or activity is None:
            return 404, NOT_FOUND
        owner = may_open(db, copy, user)
        teacher = user.role == Role.TEACHER and activity.teacher_id == user.id
        if not (owner or teacher):
            return 404, NOT_FOUND
        if mode == "project" and not (teacher and copy.shown_to_class):
            return 403, NOT_ALLOWED if teacher else "Only the activity's teacher shows a copy."
        return copy.created_at


async def _refuse(websocket: WebSocket, status: int, reason: str) -> None:
    try:
        await websocket.send_denial_response(JSONResponse({"detail": reason}, status_code=status))
    except RuntimeError:  # a server without the denial extension: close the handshake
        await websocket.close(code=1008, reason=reason)


async def _send(websocket: WebSocket, peer: Peer) -> None:
    while (message := await peer.outbox.get()) is not None:
        await websocket.send_bytes(message)
    if peer.ending is not None:  # put out of the room (live_rooms, live_projection)
        code, reason = peer.ending
        await websocket.close(code=code, reason=reason)


@router.websocket("/api/copies/{copy_id}/live")
async def live(websocket: WebSocket, copy_id: int, mode: Mode = "edit") -> None:
    """Join the copy's room (y-websocket protocol; see the module's docstring)."""
    if not _same_origin(websocket):
        await _refuse(websocket, 403, "This connection did not come from this site's pages.")
        return
    sessions: sessionmaker[Session] = websocket.app.state.sessions
    projections: Projections = websocket.app.state.projections
    peer = Projector() if mode == "project" else Peer(writer=mode == "edit")
    rooms: LiveRooms = websocket.app.state.live
    secret = websocket.cookies.get(SESSION_COOKIE)
    peer.session = digest(secret) if secret else None
    # Known before the handshake is read: consent taken back, a team left or a session
    # ended meanwhile still puts it out (its sender closes it once it is in the room).
    rooms.opened(copy_id, peer)
    if isinstance(peer, Projector):
        projections.add(copy_id, peer)
    try:
        await _join(websocket, rooms, projections, sessions, copy_id, mode, peer)
    finally:
        rooms.closed(peer)
        if isinstance(peer, Projector):
            projections.discard(copy_id, peer)


async def _join(
    websocket: WebSocket,
    rooms: LiveRooms,
    projections: Projections,
    sessions: sessionmaker[Session],
    copy_id: int,
    mode: Mode,
    peer: Peer,
) -> None:
    admitted = await asyncio.to_thread(_admit, sessions, websocket, copy_id, mode, peer)
    if isinstance(admitted, tuple):
        await _refuse(websocket, *admitted)
        return
    await websocket.accept()
    try:
        room = await rooms.enter(copy_id, peer, admitted)
    except RoomFullError as full:
        await websocket.close(code=full.refusal.code, reason=full.refusal.reason)
        return
    if room is None:
        await websocket.close(code=1008, reason=NOT_FOUND)
        return
    if isinstance(peer, Projector):
        projections.announce(room)
    else:
        projections.greet(room, peer)
    limits = ConnectionLimits(rooms.limits)
    sender = asyncio.create_task(_send(websocket, peer))
    try:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                break
            data = message.get("bytes")
            if data is None:
                continue  # the protocol is binary; text frames mean nothing here
            over = limits.check(len(data))
            if over is not None:  # dropped, not applied: the client sends it again on resync
                logger.warning("copy %s: a live peer closed: %s", copy_id, over.reason)
                await websocket.close(code=over.code, reason=over.reason)
                break
            try:
                room.receive(peer, data)
            except Exception:  # a malformed message: this peer is broken, not the room
                logger.warning("copy %s: a malformed live message", copy_id, exc_info=True)
                await websocket.close(code=1007, reason="Malformed y-websocket message.")
                break
    finally:
        peer.close()
        with contextlib.suppress(Exception):
            await sender
        if isinstance(peer, Projector):
            projections.discard(copy_id, peer)
            projections.announce(room)
        await rooms.leave(room, peer)
        if websocket.client_state == WebSocketState.CONNECTED:
            with contextlib.suppress(Exception):
                await websocket.close()
