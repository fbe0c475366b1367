"""Where a live room's document is kept: its Yjs updates in the database, as they arrive.

Each batch of updates is one row of `live_updates`, committed before anything
else happens to it, so a restart loses nothing the room had applied and
relayed. Now and then the rows of a copy are replaced by one row holding the
whole document (compaction), which keeps loading a room quick. These functions
are synchronous: the room calls them in a worker thread.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from ..errors import InvalidNotebookError
from .activities import (
    ActivityClosedError,
    HandedInError,
    StaleVersionError,
    locked_for_student,
    save_copy,
)
from .models import Activity, Copy, LiveRoom, LiveUpdate, now

__all__ = ["Loaded", "Lock", "SaveOutcome", "load_room", "lock_of", "store", "write"]

#: Why nobody may change a copy: its activity is closed, or it is handed in and kept.
Lock = Literal["closed", "handed_in"]


@dataclass(frozen=True)
class Loaded:
    """What a room starts from: its stored updates, and the copy as last saved."""

    updates: list[bytes]
    room_version: int | None  # None: the copy was never edited live
    copy_version: int
    notebook: dict[str, Any]
    locked: Lock | None
    # When the copy was made: a copy deleted, then another made with the same id (SQLite
    # gives a deleted row's id again), is told apart from it by this.
    created: datetime | None = None


@dataclass(frozen=True)
class SaveOutcome:
    """After a write: the copy's version, whether the notebook was saved, and why not."""

    version: int
    saved: bool
    refused: str | None = None  # "locked", "stale", "invalid" or "gone"
    lock: Lock | None = None  # why, when "locked"
    notebook: dict[str, Any] | None = None  # the copy's newer content, when "stale"
    stored_rows: int = 0


def lock_of(copy: Copy, activity: Activity) -> Lock | None:
    """Why nobody may change the copy, or None: the activity is closed, or the copy handed
    in and locked until returned (the rule the PUT path applies)."""
    if activity.closed:
        return "closed"
    return "handed_in" if locked_for_student(copy, activity) else None


def _copy(
    db: Session, copy_id: int, created: datetime | None = None
) -> tuple[Copy, Activity] | None:
    """The copy and its activity; None if it is gone, or (`created` given) is another copy
    made since with the same id."""
    copy = db.get(Copy, copy_id)
    if copy is not None and created is not None and copy.created_at != created:
        return None
    activity = db.get(Activity, copy.activity_id) if copy else None
    return (copy, activity) if copy and activity else None


def load_room(sessions: sessionmaker[Session], copy_id: int) -> Loaded | None:
    """The stored state of the copy's room (None if the copy is gone)."""
    with sessions() as db:
        found = _copy(db, copy_id)
        if found is None:
            return None
        copy, activity = found
        rows = db.scalars(
            select(LiveUpdate.data).where(LiveUpdate.copy_id == copy_id).order_by(LiveUpdate.id)
        )
        room = db.get(LiveRoom, copy_id)
        return Loaded(
            updates=[bytes(row) for row in rows],
            room_version=room.version if room else None,
            copy_version=copy.version,
            notebook=json.loads(copy.content),
            locked=lock_of(copy, activity),
            created=copy.created_at,
        )


def _add(db: Session, copy_id: int, updates: Sequence[bytes], compacted: bytes | None) -> None:
    if compacted is not None:
        db.execute(delete(LiveUpdate).where(LiveUpdate.copy_id == copy_id))
        db.add(LiveUpdate(copy_id=copy_id, data=compacted))
    elif updates:
        # One row per batch: a batch is whatever arrived while the last one was written.
        from pycrdt import merge_updates

        db.add(LiveUpdate(copy_id=copy_id, data=merge_updates(*updates)))


def _set_version(db: Session, copy_id: int, version: int) -> None:
    room = db.get(LiveRoom, copy_id)
    if room is None:
        db.add(LiveRoom(copy_id=copy_id, version=version))
    else:
        room.version = version
        room.updated_at = now()


def _rows(db: Session, copy_id: int) -> int:
    count = db.scalar(select(func.count()).where(LiveUpdate.copy_id == copy_id))
    return count or 0


def store(
    sessions: sessionmaker[Session],
    copy_id: int,
    updates: Sequence[bytes],
    *,
    compacted: bytes | None = None,
    version: int | None = None,
    created: datetime | None = None,
) -> int:
    """Add `updates` (or replace every row by `compacted`), and record that the document
    is in step with copy `version` if given; the number of rows the copy now has.
    Nothing is stored for a copy that is gone, or (`created` given) is another copy."""
    with sessions() as db:
        if _copy(db, copy_id, created) is None:
            return 0
        _add(db, copy_id, updates, compacted)
        if version is not None:
            _set_version(db, copy_id, version)
        db.commit()
        return _rows(db, copy_id)


def write(
    sessions: sessionmaker[Session],
    copy_id: int,
    updates: Sequence[bytes],
    *,
    base_version: int,
    notebook: dict[str, Any],
    created: datetime | None = None,
) -> SaveOutcome:
    """Store `updates` and save `notebook` as the copy's next version, in one transaction.

    The save is the PUT's (activities.save_copy): same version check, same locks.
    The updates are stored even when the save is refused; neither is, when the copy is
    gone or (`created` given) is another copy made since with the same id.
    """
    with sessions() as db:
        found = _copy(db, copy_id, created)
        if found is None:
            return SaveOutcome(base_version, saved=False, refused="gone")
        copy, activity = found

        def with_save(db: Session, version: int) -> None:
            _add(db, copy_id, updates, None)
            _set_version(db, copy_id, version)

        refused: str
        lock: Lock | None = None
        try:
            version = save_copy(
                db,
                copy,
                activity,
                base_version=base_version,
                notebook=notebook,
                cells_run=None,
                with_save=with_save,
            )
            return SaveOutcome(version, saved=True, stored_rows=_rows(db, copy_id))
        except (ActivityClosedError, HandedInError) as error:
            refused = "locked"
            lock = "closed" if isinstance(error, ActivityClosedError) else "handed_in"
        except StaleVersionError:
            refused = "stale"
        except InvalidNotebookError:
            refused = "invalid"
        db.rollback()
        _add(db, copy_id, updates, None)
        db.commit()
        db.refresh(copy)
        newer = json.loads(copy.content) if refused == "stale" else None
        return SaveOutcome(
            copy.version,
            saved=False,
            refused=refused,
            lock=lock,
            notebook=newer,
            stored_rows=_rows(db, copy_id),
        )
