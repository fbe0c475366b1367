"""Showing a student's copy to the class: the teacher's projection, with the student's consent.

A projection is a viewer of the copy's room (`mode=project`) that only the
activity's teacher may open, and only while the copy's student allows it
(`Copy.shown_to_class`). Its writes are dropped like any viewer's. When the
student takes their consent back, every projection of the copy is closed at
once with PROJECTION_ENDED, whose reason the projection page shows.

The room's peers learn how many projections are open from a message of type
PROJECTED (the count, a varuint) sent when it changes and to whoever joins while
one is open: the student sees that they are being shown.
"""

from __future__ import annotations

import asyncio

from pycrdt import write_var_uint

from .live_room import Peer, Room

__all__ = [
    "ENDED_REASON",
    "NOT_ALLOWED",
    "PROJECTED",
    "PROJECTION_ENDED",
    "Projections",
    "Projector",
    "projected_message",
]

#: The room's message with the number of open projections (SAVED is 100).
PROJECTED = 101
#: The close code of a projection whose consent was taken back (4000-4999: the application's).
PROJECTION_ENDED = 4403
#: Its reason (a close frame's reason holds at most 123 bytes).
ENDED_REASON = "The student stopped sharing this copy with the class."
NOT_ALLOWED = "The student has not allowed showing this copy to the class."


def projected_message(count: int) -> bytes:
    return write_var_uint(PROJECTED) + write_var_uint(count)


class Projector(Peer):
    """A projection's connection: never a writer; `ended` once consent is taken back."""

    def __init__(self) -> None:
        super().__init__(writer=False)

    @property
    def ended(self) -> bool:
        return self.ending is not None

    def stop(self) -> None:
        self.end(PROJECTION_ENDED, ENDED_REASON)  # its sender closes the socket with these


class Projections:
    """The open projections by copy id. Lives on the server's event loop, like the rooms."""

    def __init__(self) -> None:
        self.by_copy: dict[int, set[Projector]] = {}
        self.loop: asyncio.AbstractEventLoop | None = None

    def add(self, copy_id: int, projector: Projector) -> None:
        self.loop = asyncio.get_running_loop()
        self.by_copy.setdefault(copy_id, set()).add(projector)

    def discard(self, copy_id: int, projector: Projector) -> None:
        projectors = self.by_copy.get(copy_id)
        if projectors is not None:
            projectors.discard(projector)
            if not projectors:
                del self.by_copy[copy_id]

    def count(self, copy_id: int) -> int:
        return sum(not p.ended for p in self.by_copy.get(copy_id, ()))

    def announce(self, room: Room) -> None:
        """Tell everyone in `room` how many projections are open now."""
        message = projected_message(self.count(room.copy_id))
        for peer in room.peers:
            peer.send(message)

    def greet(self, room: Room, peer: Peer) -> None:
        """Tell a newcomer that the copy is being shown, if it is."""
        count = self.count(room.copy_id)
        if count:
            peer.send(projected_message(count))

    def end(self, copy_id: int) -> None:
        """Close every projection of the copy (on the event loop)."""
        for projector in list(self.by_copy.get(copy_id, ())):
            projector.stop()

    def revoked(self, copy_id: int) -> None:
        """Consent was taken back (from an HTTP handler's worker thread): end them now."""
        loop = self.loop
        if loop is None or loop.is_closed() or copy_id not in self.by_copy:
            return
        done = asyncio.run_coroutine_threadsafe(self._end(copy_id), loop)
        done.result(timeout=30)

    async def _end(self, copy_id: int) -> None:
        self.end(copy_id)
