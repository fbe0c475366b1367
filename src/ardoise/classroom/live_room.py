"""One live room: the Yjs document of a copy, the people connected to it, and its writes.

The room speaks the y-websocket protocol with pycrdt's own helpers: sync step 1
and 2, updates, awareness. Every update a writer sends is applied to the room's
document, relayed to the others, stored (live_store.store) and, a moment after
the changes stop, saved as the copy's next .ipynb version through the PUT's own
code path (live_store.write). After each save the room tells its clients the
version and the state vector saved, in a message of type SAVED; and whether the
copy is locked, and why, in a message of type LOCKED, to each client that joins
and to all when it changes (a copy handed in and kept, returned, its activity
closed or reopened).

All of it runs on the server's event loop: the document is touched only there,
and the database only in worker threads.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from jupyter_ydoc import YNotebook
from pycrdt import (
    Awareness,
    Doc,
    TransactionEvent,
    YMessageType,
    YSyncMessageType,
    create_awareness_message,
    create_sync_message,
    create_update_message,
    handle_sync_message,
    read_message,
    write_message,
    write_var_uint,
)
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import Session, sessionmaker

from .live_store import Loaded, Lock, store, write

__all__ = [
    "LOCKED",
    "SAVED",
    "TRANSIENT",
    "Peer",
    "Room",
    "Timing",
    "complete",
    "locked_message",
    "saved_message",
]

logger = logging.getLogger(__name__)
_T = TypeVar("_T")

# Database failures that pass: a locked SQLite file, a lost or refused connection, a
# pool with no connection free. Others (a bug, a constraint) would fail again.
TRANSIENT = (OperationalError, InterfaceError, PoolTimeoutError)

# y-websocket uses message types 0 (sync), 1 (awareness), 2 (auth) and 3 (query
# awareness); a provider ignores types it has no handler for. 100 leaves room for theirs.
SAVED = 100
LOCKED = 102  # PROJECTED (live_projection) is 101
_QUERY_AWARENESS = 3


def saved_message(version: int, state: bytes) -> bytes:
    """SAVED, the copy's version, then the state vector saved (a length-prefixed byte array,
    lib0's readVarUint8Array): everything a client has at or below it is in that version."""
    return write_var_uint(SAVED) + write_var_uint(version) + write_message(state)


def locked_message(lock: Lock | None) -> bytes:
    """LOCKED, then why the copy is locked as a length-prefixed UTF-8 string (lib0's
    readVarString): "closed", "handed_in", or "" when people may write."""
    return write_var_uint(LOCKED) + write_message((lock or "").encode())


# What nbformat requires of each kind of cell, and its value when a cell lacks it.
_REQUIRED: dict[str, dict[str, Any]] = {
    "code": {"metadata": {}, "source": "", "outputs": [], "execution_count": None},
    "markdown": {"metadata": {}, "source": ""},
    "raw": {"metadata": {}, "source": ""},
}


def complete(notebook: dict[str, Any]) -> dict[str, Any]:
    """`notebook` with the keys nbformat requires of its cells, where a cell lacks them.

    A cell copied (a move) while an update that sets one of its keys was still on
    its way lacks that key for good; the document is not wrong, only not nbformat.
    """
    for cell in notebook.get("cells", []):
        for key, value in _REQUIRED.get(cell.get("cell_type"), {}).items():
            cell.setdefault(key, copy.deepcopy(value))
    return notebook


def _as_document_gives(notebook: dict[str, Any]) -> dict[str, Any]:
    """`notebook` as a document that took it gives it back (jupyter-ydoc adds the
    kernelspec and language_info it lacks): what to compare a document's content with."""
    doc: Doc[Any] = Doc()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ynotebook = YNotebook(doc)
        ynotebook.set(notebook)
        return complete(ynotebook.get())


@dataclass
class Timing:
    """How long a room waits (seconds) and how much it keeps before compacting."""

    save_after: float = 1.0  # a save waits for this much quiet...
    save_within: float = 10.0  # ...but never longer than this after the first change
    unload_after: float = 60.0  # a room with nobody in it stays loaded this long
    compact_rows: int = 200  # more stored rows than this are merged into one
    # A database that fails (locked, restarting, unreachable) is tried again after
    # retry_first, then twice as long each time up to retry_longest; the updates
    # stay in memory meanwhile. Only a stopping server gives up, after give_up_after.
    retry_first: float = 0.1
    retry_longest: float = 5.0
    give_up_after: float = 30.0
    # How often the sign-in sessions of the open connections are checked: one that
    # expired (or was deleted) since its handshake has its connections closed (4401).
    session_check: float = 60.0


class Peer:
    """One connection in a room: its outgoing messages, whether it may write, and who
    opened it (the user, and the digest of the sign-in session it came with)."""

    def __init__(self, *, writer: bool, name: str = "") -> None:
        self.writer = writer
        self.name = name
        self.outbox: asyncio.Queue[bytes | None] = asyncio.Queue()
        self.client_ids: set[int] = set()  # the awareness clients it announced
        self.user_id: int | None = None
        self.session: str | None = None
        self.ending: tuple[int, str] | None = None  # the close code and reason, once ended

    def send(self, message: bytes) -> None:
        self.outbox.put_nowait(message)

    def close(self) -> None:
        self.outbox.put_nowait(None)

    def end(self, code: int, reason: str) -> None:
        """Put out of the room: its writes dropped from now, its socket closed with `code`
        and `reason` once what was queued for it is sent."""
        if self.ending is None:
            self.ending = (code, reason)
            self.writer = False
            self.close()


class Room:
    """The document of one copy and its peers. Created from what live_store.load_room read."""

    def __init__(
        self, copy_id: int, sessions: sessionmaker[Session], loaded: Loaded, timing: Timing
    ) -> None:
        self.copy_id = copy_id
        self.sessions = sessions
        self.timing = timing
        self.doc: Doc[Any] = Doc()
        for update in loaded.updates:
            self.doc.apply_update(update)
        self.notebook = YNotebook(self.doc)
        self.awareness = Awareness(self.doc)
        self.awareness.set_local_state(None)  # the server is nobody's cursor
        self.peers: set[Peer] = set()
        self.locked = loaded.locked
        self.created = loaded.created  # tells the copy apart from a later one given its id
        self.gone = False  # the copy was deleted: nothing more is stored or saved
        self.version = loaded.copy_version
        self.dirty = False
        self._dirty_since = 0.0
        # The document as the copy's version holds it (its encoded state, which a deletion
        # changes too, unlike the state vector): a save with nothing new makes no version.
        self._saved: bytes | None = None
        self._pending: list[bytes] = []
        self._pending_version: int | None = None
        self._source: Peer | None = None
        self._writing = asyncio.Lock()
        self._flushing: asyncio.Task[None] | None = None
        self._save_timer: asyncio.TimerHandle | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._give_up_at: float | None = None  # set when the server stops
        self.failures = 0  # database failures retried since the room was loaded
        self.doc.observe(self._on_update)
        self.awareness.observe(self._on_awareness)
        if not loaded.updates or loaded.room_version is None:
            self.take(loaded.notebook, loaded.copy_version, force=True)  # a new room
        elif loaded.copy_version > loaded.room_version:
            # Saved by a PUT while the room was not loaded: that content is the newest.
            self.take(loaded.notebook, loaded.copy_version, force=True)
        elif self._content() != _as_document_gives(loaded.notebook):
            # Changes stored but never saved (the server stopped before it could): save them.
            self._changed()
        else:
            self._saved = self.doc.get_update()

    # --- the protocol -------------------------------------------------------------

    def join(self, peer: Peer) -> None:
        """Greet a new peer: our state vector (sync step 1) and who else is here."""
        self.peers.add(peer)
        peer.send(create_sync_message(self.doc))
        peer.send(locked_message(self.locked))
        others = list(self.awareness.states)
        if others:
            peer.send(create_awareness_message(self.awareness.encode_awareness_update(others)))

    def leave(self, peer: Peer) -> None:
        self.peers.discard(peer)
        if peer.client_ids:
            self.awareness.remove_awareness_states(sorted(peer.client_ids), None)

    def receive(self, peer: Peer, message: bytes) -> None:
        """Handle one message from `peer` (ValueError and friends if it is malformed)."""
        kind = message[0]
        if kind == YMessageType.SYNC:
            step = message[1]
            if step == YSyncMessageType.SYNC_STEP1:
                reply = handle_sync_message(message[1:], self.doc)
                if reply is not None:
                    peer.send(reply)
            elif step in (YSyncMessageType.SYNC_STEP2, YSyncMessageType.SYNC_UPDATE):
                self._write_from(peer, message)
        elif kind == YMessageType.AWARENESS:
            self.awareness.apply_awareness_update(read_message(message[1:]), peer)
        elif kind == _QUERY_AWARENESS:
            states = list(self.awareness.states)
            peer.send(create_awareness_message(self.awareness.encode_awareness_update(states)))

    def lock(self, lock: Lock | None) -> None:
        """The copy is locked (`lock` says why) or open again: writes are dropped, or
        taken again, from now, and everyone here is told. Opened again, the writers are
        asked for what they have (sync step 1): their writes dropped meanwhile come in."""
        if lock == self.locked:
            return
        self.locked = lock
        message = locked_message(lock)
        for peer in self.peers:
            peer.send(message)
        if lock is None:
            ask = create_sync_message(self.doc)
            for peer in self.peers:
                if peer.writer:
                    peer.send(ask)

    def _write_from(self, peer: Peer, message: bytes) -> None:
        if not peer.writer or self.locked or self.gone:
            return  # a viewer's (or a locked copy's) write is dropped: never applied nor relayed
        self._source = peer
        try:
            handle_sync_message(message[1:], self.doc)
        finally:
            self._source = None

    def _on_update(self, event: TransactionEvent) -> None:
        update: bytes = event.update
        if update == b"\x00\x00":
            return
        # To everyone, the sender too: a transaction can integrate more than the sender
        # sent (updates from others that waited for what it brought), which it lacks.
        message = create_update_message(update)
        for peer in self.peers:
            peer.send(message)
        self._pending.append(update)
        self._flush_soon()
        if self._source is not None:
            self._changed()

    def _on_awareness(self, topic: str, change: tuple[dict[str, Any], Any]) -> None:
        if topic != "update":
            return
        changes, origin = change
        added, updated, removed = changes["added"], changes["updated"], changes["removed"]
        if isinstance(origin, Peer):
            origin.client_ids.update(added + updated)
            origin.client_ids.difference_update(removed)
        update = self.awareness.encode_awareness_update(added + updated + removed)
        message = create_awareness_message(update)
        for peer in self.peers:
            if peer is not origin:
                peer.send(message)

    # --- content from elsewhere ---------------------------------------------------

    def take(self, notebook: dict[str, Any], version: int, *, force: bool = False) -> None:
        """The copy was saved as `notebook` at `version` outside the room (a PUT): the
        document takes it, in one transaction, and is in step with that version."""
        if self.gone or (version <= self.version and not force):
            return
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # jupyter-ydoc notes cell ids it had to repair
            self.notebook.set(notebook)
        self.version = version
        self._pending_version = version
        self.dirty = False
        self._saved = self.doc.get_update()
        self._flush_soon()

    def retire(self, code: int, reason: str) -> None:
        """The copy was deleted (and its id maybe given to another copy since): nothing
        more is applied, stored or saved, and everyone in the room is put out."""
        self.gone = True
        self.dirty = False
        self._pending = []
        self._pending_version = None
        if self._save_timer is not None:
            self._save_timer.cancel()
            self._save_timer = None
        for peer in list(self.peers):
            peer.end(code, reason)

    # --- writing --------------------------------------------------------------------

    def _changed(self) -> None:
        now = time.monotonic()
        if not self.dirty:
            self.dirty = True
            self._dirty_since = now
        if self._save_timer is not None:
            self._save_timer.cancel()
        wait = min(self.timing.save_after, self._dirty_since + self.timing.save_within - now)
        loop = asyncio.get_running_loop()
        self._save_timer = loop.call_later(max(wait, 0), self._save_soon)

    def _save_soon(self) -> None:
        self._save_timer = None
        self._spawn(self.save())

    def _flush_soon(self) -> None:
        if self._flushing is None or self._flushing.done():
            self._flushing = asyncio.get_running_loop().create_task(self._flush())

    def _spawn(self, work: Any) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error("copy %s: a live save failed", self.copy_id, exc_info=task.exception())

    async def _flush(self) -> None:
        async with self._writing:
            await self._store_pending()

    async def _store_pending(self) -> None:
        """Store what arrived (the caller holds `_writing`); compact when rows pile up."""
        while not self.gone and (self._pending or self._pending_version is not None):
            updates, self._pending = self._pending, []
            version, self._pending_version = self._pending_version, None
            try:
                rows = await self._retrying(
                    store,
                    self.sessions,
                    self.copy_id,
                    updates,
                    version=version,
                    created=self.created,
                )
            except BaseException:
                self._pending[:0] = updates  # kept for the next try, in order
                self._pending_version = self._pending_version or version
                raise
            if rows > self.timing.compact_rows:
                await self._compact()

    async def _compact(self) -> None:
        if self.gone:
            return
        state = self.doc.get_update()
        taken, self._pending = self._pending, []  # in the state already
        try:
            await self._retrying(
                store, self.sessions, self.copy_id, [], compacted=state, created=self.created
            )
        except BaseException:
            self._pending[:0] = taken  # not stored in any form yet
            raise

    async def _retrying(self, work: Callable[..., _T], *args: Any, **options: Any) -> _T:
        """`work(*args, **options)` in a worker thread, tried again with a growing delay
        while the database fails in a way that passes (TRANSIENT)."""
        delay = self.timing.retry_first
        while True:
            try:
                return await asyncio.to_thread(work, *args, **options)
            except TRANSIENT as error:
                self.failures += 1
                if self._give_up_at is not None and time.monotonic() >= self._give_up_at:
                    raise
                logger.warning(
                    "copy %s: the database failed (%s); trying again in %.1f s",
                    self.copy_id,
                    str(getattr(error, "orig", None) or error).splitlines()[0],
                    delay,
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.timing.retry_longest)

    async def save(self, *, compact: bool = False) -> None:
        """Store everything, and save the notebook as a new copy version if it changed."""
        async with self._writing:
            if self.gone:
                return
            await self._store_pending()
            if self.dirty and self.doc.get_update() == self._saved:
                self.dirty = False  # changed and changed back, or nothing new: no version
            if self.dirty and not self.locked and not self.gone:
                await self._write()
            if compact:
                await self._store_pending()
                await self._compact()

    def _content(self) -> dict[str, Any]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # get() gives duplicate cell ids (two people moving one cell) fresh ids in
            # the document itself: that change reaches everyone like any other.
            return complete(self.notebook.get())

    async def _write(self) -> None:
        self.dirty = False
        notebook = self._content()
        state = self.doc.get_state()
        encoded = self.doc.get_update()
        updates, self._pending = self._pending, []
        try:
            outcome = await self._retrying(
                write,
                self.sessions,
                self.copy_id,
                updates,
                base_version=self.version,
                notebook=notebook,
                created=self.created,
            )
        except BaseException:
            self._pending[:0] = updates  # the database failed: store and save them later
            self.dirty = True
            raise
        if outcome.saved:
            self.version = outcome.version
            self._saved = encoded
            for peer in self.peers:
                peer.send(saved_message(outcome.version, state))
        elif outcome.refused == "stale" and outcome.notebook is not None:
            self.take(outcome.notebook, outcome.version)
        elif outcome.refused == "locked":
            self.lock(outcome.lock or "closed")
        elif outcome.refused == "gone":
            self.gone = True  # deleted: what it held goes nowhere
        elif outcome.refused == "invalid":
            # Kept in the room and stored; the .ipynb keeps its last valid version.
            logger.warning("copy %s: the live notebook is not valid nbformat", self.copy_id)
        if outcome.stored_rows > self.timing.compact_rows:
            await self._compact()

    async def close(self, *, stopping: bool = False) -> None:
        """Save, compact, and stop: the room is about to be unloaded. A database that
        keeps failing is tried until it works, or for `give_up_after` if the server is
        `stopping` (what could not be stored is then lost, and logged)."""
        if stopping:
            self._give_up_at = time.monotonic() + self.timing.give_up_after
        if self._save_timer is not None:
            self._save_timer.cancel()
            self._save_timer = None
        await self.save(compact=True)
        for task in list(self._tasks):
            await task
