"""Activities and copies: hand out, join, close, save with versions, hand in.

The rules live here, independent of HTTP: pages and the JSON API both call them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..errors import InvalidNotebookError
from ..notebook import check_notebook, parse_notebook
from .models import Activity, Copy, CopyStatus, User, now
from .sharecodes import new_code
from .teams import claim_copy, team_of

__all__ = [
    "ActivityClosedError",
    "HandedInError",
    "LateError",
    "StaleVersionError",
    "activities_of",
    "close_activity",
    "copies_of",
    "copy_of_student",
    "create_activity",
    "get_or_create_copy",
    "locked_for_student",
    "open_activity_by_code",
    "save_copy",
    "submit_copy",
    "validate_notebook",
]


class ActivityClosedError(Exception):
    """The activity is closed: no new copies, no more changes."""


class HandedInError(Exception):
    """The copy is handed in and the activity keeps it unchanged until the teacher returns it."""


class LateError(Exception):
    """The due date has passed and the activity does not accept late work."""


class StaleVersionError(Exception):
    """A save based on an older version than the stored one."""

    def __init__(self, current: int) -> None:
        super().__init__(f"the copy is at version {current}")
        self.current = current


def validate_notebook(data: bytes, name: str) -> str:
    """The notebook's JSON text, once nbformat accepts it (`InvalidNotebookError` if not)."""
    parse_notebook(data, name)
    return data.decode("utf-8")


def create_activity(
    db: Session,
    teacher: User,
    *,
    title: str,
    instructions: str,
    due_at: datetime | None,
    late_accepted: bool,
    guests_allowed: bool,
    notebook_name: str,
    notebook: str,
    group_id: int | None = None,
    keep_working: bool = True,
) -> Activity:
    """A new open activity with a fresh share code (`group_id`: a class of the teacher's)."""
    for _ in range(5):
        activity = Activity(
            teacher_id=teacher.id,
            share_code=new_code(),
            title=title,
            instructions=instructions,
            due_at=due_at,
            late_accepted=late_accepted,
            guests_allowed=guests_allowed,
            group_id=group_id,
            keep_working=keep_working,
            notebook_name=notebook_name,
            notebook=notebook,
        )
        db.add(activity)
        try:
            db.commit()
        except IntegrityError:  # the same code drawn twice: draw again
            db.rollback()
            continue
        return activity
    raise RuntimeError("could not draw an unused share code")


def activities_of(db: Session, teacher: User) -> list[tuple[Activity, int]]:
    """The teacher's activities, newest first, with their number of copies."""
    rows = db.execute(
        select(Activity, func.count(Copy.id))
        .outerjoin(Copy, Copy.activity_id == Activity.id)
        .where(Activity.teacher_id == teacher.id)
        .group_by(Activity.id)
        .order_by(Activity.created_at.desc(), Activity.id.desc())
    )
    return [(activity, count) for activity, count in rows]


def copies_of(db: Session, activity: Activity) -> list[tuple[Copy, User]]:
    """Every copy of the activity with its student, by student name."""
    rows = db.execute(
        select(Copy, User)
        .join(User, User.id == Copy.student_id)
        .where(Copy.activity_id == activity.id)
        .order_by(User.display_name, Copy.id)
    )
    return [(copy, student) for copy, student in rows]


def open_activity_by_code(db: Session, code: str) -> Activity | None:
    """The activity with this share code, whether open or closed."""
    return db.scalar(select(Activity).where(Activity.share_code == code))


def get_or_create_copy(db: Session, activity: Activity, student: User) -> Copy:
    """The student's copy: the same one on every return; a new one only while open.

    A member of a team gets the team's copy: the first member to come makes theirs
    the team's (see teams.py).
    """
    team = team_of(db, activity.id, student.id)
    if team is not None and team.copy_id is not None:
        shared = db.get(Copy, team.copy_id)
        assert shared is not None
        return shared
    existing = _copy_of(db, activity, student)
    copy = existing if existing is not None else _new_copy(db, activity, student)
    if team is None:
        return copy
    shared = claim_copy(db, team, copy)
    if shared.id != copy.id and existing is None:
        db.delete(copy)  # another member's copy became the team's first: this one is not needed
        db.commit()
    return shared


def copy_of_student(db: Session, activity: Activity, student: User) -> Copy | None:
    """The copy the student opens for this activity, if there is one yet (their team's first)."""
    team = team_of(db, activity.id, student.id)
    if team is not None and team.copy_id is not None:
        return db.get(Copy, team.copy_id)
    return _copy_of(db, activity, student)


def _new_copy(db: Session, activity: Activity, student: User) -> Copy:
    if activity.closed:
        raise ActivityClosedError
    db.add(Copy(activity_id=activity.id, student_id=student.id, content=activity.notebook))
    try:
        db.commit()
    except IntegrityError:  # the same student joining from two tabs at once
        db.rollback()
    copy = _copy_of(db, activity, student)
    assert copy is not None
    return copy


def _copy_of(db: Session, activity: Activity, student: User) -> Copy | None:
    return db.scalar(
        select(Copy).where(Copy.activity_id == activity.id, Copy.student_id == student.id)
    )


def locked_for_student(copy: Copy, activity: Activity) -> bool:
    """Whether the student may not change the copy now: handed in, and the activity says
    students do not keep working until the teacher returns it."""
    return not activity.keep_working and copy.status == CopyStatus.SUBMITTED


def close_activity(db: Session, activity: Activity) -> None:
    """Close: no new copies, no further saves."""
    activity.closed = True
    db.commit()


def save_copy(
    db: Session,
    copy: Copy,
    activity: Activity,
    *,
    base_version: int,
    notebook: dict[str, Any],
    cells_run: int | None,
    with_save: Callable[[Session, int], None] | None = None,
) -> int:
    """Store `notebook` if the copy is still at `base_version`; the new version.

    One conditional UPDATE does the check and the write, so two saves racing from
    two tabs cannot both succeed; when the activity locks handed-in copies, the
    same UPDATE refuses a copy handed in meanwhile. Returns only after the commit.
    `with_save(db, new_version)` adds its own writes to the same transaction, only
    when the save goes through (a live room records the version it saved).
    """
    if activity.closed:
        raise ActivityClosedError
    if locked_for_student(copy, activity):
        raise HandedInError
    check_notebook(notebook, "notebook")
    text = json.dumps(notebook, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidNotebookError("notebook", "it holds text that is not valid Unicode") from None
    values: dict[str, Any] = {
        "content": text,
        "version": Copy.version + 1,
        "updated_at": now(),
    }
    if copy.status == CopyStatus.NOT_STARTED:
        values["status"] = CopyStatus.IN_PROGRESS
    if cells_run is not None:
        values["cells_run"] = cells_run
    query = update(Copy).where(Copy.id == copy.id, Copy.version == base_version)
    if not activity.keep_working:
        query = query.where(Copy.status != CopyStatus.SUBMITTED)
    result = db.execute(query.values(**values).execution_options(synchronize_session=False))
    saved = result.rowcount == 1  # type: ignore[attr-defined]
    if saved and with_save is not None:
        with_save(db, base_version + 1)
    db.commit()
    db.refresh(copy)
    if not saved:
        if locked_for_student(copy, activity):
            raise HandedInError
        raise StaleVersionError(copy.version)
    return copy.version


def submit_copy(db: Session, copy: Copy, activity: Activity, *, version: int) -> None:
    """Hand in the copy as it is at `version`: the teacher sees that snapshot."""
    if activity.closed:
        raise ActivityClosedError
    if locked_for_student(copy, activity):
        raise HandedInError  # already handed in, and unchanged since
    if activity.due_at and now() > activity.due_at and not activity.late_accepted:
        raise LateError
    result = db.execute(
        update(Copy)
        .where(Copy.id == copy.id, Copy.version == version)
        .values(
            submitted_content=Copy.content,
            submitted_version=Copy.version,
            submitted_at=now(),
            status=CopyStatus.SUBMITTED,
        )
        .execution_options(synchronize_session=False)
    )
    db.commit()
    db.refresh(copy)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise StaleVersionError(copy.version)
