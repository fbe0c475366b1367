"""The live rooms of one server process: loaded on the first join, unloaded when idle.

A room lives on the server's event loop. The HTTP handlers (which run in worker
threads) reach it through `from_thread`: a PUT saved outside the room, a copy
handed in, an activity closed.

While connections are open, their sign-in sessions are checked every
`Timing.session_check` seconds, in one query: a session that expired (or whose
row went some other way) since the handshake has its connections closed with
SIGNED_OUT, as signing out does at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from .live_limits import LiveLimits, RoomFullError, room_full, server_full
from .live_room import Peer, Room, Timing
from .live_store import Lock, load_room, lock_of
from .models import Activity, Copy, SignInSession, now

__all__ = [
    "DELETED",
    "NOT_IN_TEAM",
    "REMOVED",
    "SESSION_EXPIRED",
    "SIGNED_OUT",
    "SIGNED_OUT_REASON",
    "LiveRooms",
]

logger = logging.getLogger(__name__)

# Close codes of connections put out of their room (4000-4999: the application's); a
# close frame's reason holds at most 123 bytes. y-websocket does not reconnect on them.
REMOVED = 4403  # the user may no longer open the copy (taken out of its team)
NOT_IN_TEAM = "You are no longer in this team."
DELETED = "This copy was deleted."  # with REMOVED: its room is of a copy deleted since
SIGNED_OUT = 4401  # the session the connection came with has ended
SIGNED_OUT_REASON = "Signed out."
SESSION_EXPIRED = "The sign-in session has expired."


class LiveRooms:
    """Rooms by copy id. Only rooms with people in them, or left recently, are in memory."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        timing: Timing | None = None,
        limits: LiveLimits | None = None,
    ) -> None:
        self.sessions = sessions
        self.timing = timing or Timing()
        self.limits = limits or LiveLimits()
        self.rooms: dict[int, Room] = {}
        self.loop: asyncio.AbstractEventLoop | None = None
        self._loading: dict[int, asyncio.Lock] = {}
        self._in_flight = 0
        self._unloads: dict[int, asyncio.TimerHandle] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        # Every open connection (in a room or still on its handshake) and its copy, so
        # that one whose user or session lost the right to it can be put out at once.
        self.connections: dict[Peer, int] = {}
        self._connections_loop: asyncio.AbstractEventLoop | None = None
        self._checking: asyncio.Task[None] | None = None  # the sessions' check, while any

    async def enter(self, copy_id: int, peer: Peer, created: datetime | None = None) -> Room | None:
        """The copy's room, loaded if needed, with `peer` in it (None: no such copy).
        `created` is when the copy was made (see `current`).

        RoomFullError if the room has its `peers_per_room`, or the process its `rooms`
        and none of them is idle (an idle room is unloaded early to make place).
        """
        loop = asyncio.get_running_loop()
        if self.loop is not loop:  # a new event loop (tests start servers again)
            self.loop, self.rooms, self._loading, self._unloads = loop, {}, {}, {}
            self._in_flight = 0
        room = self.current(copy_id, created) or await self._load(copy_id)
        if room is None:
            return None
        if len(room.peers) >= self.limits.peers_per_room:
            raise RoomFullError(room_full(self.limits))
        timer = self._unloads.pop(copy_id, None)
        if timer is not None:
            timer.cancel()
        room.join(peer)
        return room

    def current(self, copy_id: int, created: datetime | None) -> Room | None:
        """The copy's loaded room, if any. A room loaded for another copy made at another
        time (`created`) is of a copy deleted since, whose id the database gave again: it
        is dropped (its people put out, nothing of it saved), never given to the new copy."""
        room = self.rooms.get(copy_id)
        if room is None or created is None or room.created in (None, created):
            return room
        room.retire(REMOVED, DELETED)
        del self.rooms[copy_id]
        timer = self._unloads.pop(copy_id, None)
        if timer is not None:
            timer.cancel()
        return None

    async def _load(self, copy_id: int) -> Room | None:
        lock = self._loading.setdefault(copy_id, asyncio.Lock())
        try:
            async with lock:
                room = self.rooms.get(copy_id)
                if room is not None:
                    return room
                await self._make_place()
                self._in_flight += 1  # counted as a room while it loads
                try:
                    loaded = await asyncio.to_thread(load_room, self.sessions, copy_id)
                finally:
                    self._in_flight -= 1
                if loaded is None:
                    return None
                room = Room(copy_id, self.sessions, loaded, self.timing)
                self.rooms[copy_id] = room
                return room
        finally:
            if not lock.locked():
                self._loading.pop(copy_id, None)

    async def _make_place(self) -> None:
        """Room for one more room: the idle room left longest ago unloaded now if needed."""
        while len(self.rooms) + self._in_flight >= self.limits.rooms:
            # _unloads is in the order rooms were left: the first is the idle one left first.
            idle = next(iter(self._unloads), None)
            if idle is None:
                raise RoomFullError(server_full(self.limits))
            self._unloads.pop(idle).cancel()
            await self._unload(self.rooms[idle])

    async def leave(self, room: Room, peer: Peer) -> None:
        """`peer` is gone; the last one out has the copy saved now, and the room unloaded
        once nobody came back for a while."""
        room.leave(peer)
        if room.peers:
            return
        # Not awaited by the connection's handler: while the database fails, the save
        # waits for it, and a stopping server must not wait for the handler.
        self._spawn(self._save_and_unload_later(room))

    async def _save_and_unload_later(self, room: Room) -> None:
        await room.save()
        if not room.peers and self.rooms.get(room.copy_id) is room:
            earlier = self._unloads.pop(room.copy_id, None)
            if earlier is not None:
                earlier.cancel()  # one unload per room: a second one could close it twice
            loop = asyncio.get_running_loop()
            self._unloads[room.copy_id] = loop.call_later(
                self.timing.unload_after, self._unload_soon, room
            )

    def _unload_soon(self, room: Room) -> None:
        self._spawn(self._unload(room))

    async def _unload(self, room: Room) -> None:
        self._unloads.pop(room.copy_id, None)
        if room.peers or self.rooms.get(room.copy_id) is not room:
            return  # back in use, or already unloaded (its successor owns the stored rows)
        await room.close()
        if not room.peers and self.rooms.get(room.copy_id) is room:
            del self.rooms[room.copy_id]

    async def close(self) -> None:
        """Save and unload every room (the server is stopping)."""
        checking = self._checking
        if checking is not None and checking.get_loop() is asyncio.get_running_loop():
            checking.cancel()
        if self.loop is not asyncio.get_running_loop():
            return  # the rooms, if any, live on another loop (tests run several)
        for timer in self._unloads.values():
            timer.cancel()
        self._unloads = {}
        for room in list(self.rooms.values()):
            try:
                await room.close(stopping=True)
            except Exception:
                logger.exception("copy %s: its last live changes could not be saved", room.copy_id)
        self.rooms = {}
        await asyncio.gather(*self._tasks, return_exceptions=True)  # saves after a leave

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error("a live room could not be saved", exc_info=task.exception())

    # --- connections put out ----------------------------------------------------------

    def opened(self, copy_id: int, peer: Peer) -> None:
        """`peer` is opening a connection to the copy (before its handshake is read)."""
        self._connections_loop = asyncio.get_running_loop()
        self.connections[peer] = copy_id
        if self._checking is None or self._checking.done():
            self._checking = asyncio.get_running_loop().create_task(self._check_sessions())

    def closed(self, peer: Peer) -> None:
        self.connections.pop(peer, None)

    async def _check_sessions(self) -> None:
        """Every `session_check` seconds while connections are open: those whose session
        is no longer valid are closed (SIGNED_OUT)."""
        while self.connections:
            await asyncio.sleep(self.timing.session_check)
            held = {peer.session for peer in self.connections if peer.session is not None}
            if not held:
                continue
            try:
                valid = await asyncio.to_thread(_valid_sessions, self.sessions, held)
            except Exception:  # the database failed: checked again next time
                logger.warning("live connections' sessions could not be checked", exc_info=True)
                continue
            await self._end(_of_sessions(held - valid), SIGNED_OUT, SESSION_EXPIRED)

    async def _end(self, match: Callable[[Peer, int], bool], code: int, reason: str) -> None:
        for peer, copy_id in list(self.connections.items()):
            if match(peer, copy_id):
                peer.end(code, reason)

    def _end_from_thread(self, match: Callable[[Peer, int], bool], code: int, reason: str) -> None:
        loop = self._connections_loop
        if loop is None or loop.is_closed() or not loop.is_running():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:  # called on the loop itself: waiting for it would block it
            self._spawn(self._end(match, code, reason))
            return
        try:
            asyncio.run_coroutine_threadsafe(self._end(match, code, reason), loop).result(10)
        except Exception:
            logger.exception("live connections could not be closed")

    def left_copy(self, copy_id: int, user_ids: Iterable[int]) -> None:
        """These users may no longer open the copy (taken out of its team, from an HTTP
        handler's thread): their connections to it are closed now."""
        users = set(user_ids)
        self._end_from_thread(
            lambda peer, copy: copy == copy_id and peer.user_id in users, REMOVED, NOT_IN_TEAM
        )

    def session_ended(self, session: str) -> None:
        """The sign-in session whose digest is `session` ended (signed out, from an HTTP
        handler's thread): its connections, to any copy, are closed now."""
        self._end_from_thread(
            lambda peer, _copy: peer.session == session, SIGNED_OUT, SIGNED_OUT_REASON
        )

    def copies_deleted(self, copy_ids: Iterable[int]) -> None:
        """These copies were deleted (their activity, their student; from an HTTP handler's
        thread): their connections are closed (REMOVED) and their rooms dropped unsaved,
        so that a copy that takes one of their ids later starts from its own content."""
        deleted = set(copy_ids)
        if not deleted:
            return
        self._end_from_thread(lambda _peer, copy: copy in deleted, REMOVED, DELETED)
        self._call(self._drop(deleted))

    async def _drop(self, copy_ids: set[int]) -> None:
        for copy_id in copy_ids:
            timer = self._unloads.pop(copy_id, None)
            if timer is not None:
                timer.cancel()
            room = self.rooms.pop(copy_id, None)
            if room is not None:
                room.retire(REMOVED, DELETED)

    # --- from the HTTP handlers' threads ------------------------------------------

    def _call(self, work: Coroutine[Any, Any, None]) -> None:
        """Run `work` on the rooms' loop and wait for it (from a worker thread)."""
        loop = self.loop
        if loop is None or loop.is_closed() or not loop.is_running():
            work.close()
            return
        try:
            asyncio.run_coroutine_threadsafe(work, loop).result(timeout=30)
        except Exception:
            logger.exception("a live room could not take a change made outside it")

    def saved_elsewhere(
        self,
        copy_id: int,
        notebook: dict[str, Any],
        version: int,
        created: datetime | None = None,
    ) -> None:
        """A PUT saved `notebook` as `version` of the copy made at `created`: the copy's
        room, if loaded, takes it."""
        if copy_id in self.rooms:
            self._call(self._take(copy_id, notebook, version, created))

    async def _take(
        self, copy_id: int, notebook: dict[str, Any], version: int, created: datetime | None
    ) -> None:
        room = self.current(copy_id, created)
        if room is not None:
            room.take(notebook, version)

    def activity_changed(self, activity_id: int) -> None:
        """The activity was closed or its settings changed: its copies' rooms check again."""
        with self.sessions() as db:
            copy_ids = list(db.scalars(select(Copy.id).where(Copy.activity_id == activity_id)))
        self.locks_changed(copy_ids)

    def locks_changed(self, copy_ids: Iterable[int]) -> None:
        """Copies handed in, returned, or their activity closed or reopened: their rooms
        check whether people may still write, and tell them (live_room.Room.lock)."""
        loaded = [copy_id for copy_id in copy_ids if copy_id in self.rooms]
        if not loaded:
            return
        with self.sessions() as db:
            locks: dict[int, Lock | None] = {}
            for copy_id in loaded:
                copy = db.get(Copy, copy_id)
                activity = db.get(Activity, copy.activity_id) if copy else None
                locks[copy_id] = (
                    "closed" if copy is None or activity is None else lock_of(copy, activity)
                )
        self._call(self._set_locks(locks))

    async def _set_locks(self, locks: dict[int, Lock | None]) -> None:
        for copy_id, lock in locks.items():
            room = self.rooms.get(copy_id)
            if room is not None:
                room.lock(lock)


def _of_sessions(digests: set[str]) -> Callable[[Peer, int], bool]:
    return lambda peer, _copy: peer.session in digests


def _valid_sessions(sessions: sessionmaker[Session], digests: set[str]) -> set[str]:
    """Which of these session digests are of sessions still valid (one query for
    a server's usual number of connections)."""
    valid: set[str] = set()
    ordered = sorted(digests)
    with sessions() as db:
        for start in range(0, len(ordered), 500):  # within every database's parameter limit
            valid.update(
                db.scalars(
                    select(SignInSession.token_hash).where(
                        SignInSession.token_hash.in_(ordered[start : start + 500]),
                        SignInSession.expires_at > now(),
                    )
                )
            )
    return valid
