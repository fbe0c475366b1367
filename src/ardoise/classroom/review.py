"""The teacher's review of a copy: comments on cells, a grade, returning it; and
managing activities (duplicate, delete).

The rules live here, independent of HTTP, like those of `activities.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from .activities import create_activity
from .models import Activity, Comment, Copy, CopyStatus, User, now

__all__ = [
    "MAX_COMMENT",
    "MAX_GRADE",
    "PlacedComments",
    "ReviewError",
    "add_comment",
    "comments_of",
    "delete_activity",
    "delete_comment",
    "duplicate_activity",
    "grade_copy",
    "place_comments",
]

MAX_GRADE = 32
MAX_COMMENT = 5000


class ReviewError(Exception):
    """A form value out of bounds; `key` names the message to show, `field` the field."""

    def __init__(self, field: str, key: str) -> None:
        super().__init__(key)
        self.field = field
        self.key = key


def add_comment(
    db: Session, copy: Copy, author: User, *, cell_index: int, cell_id: str | None, body: str
) -> Comment:
    text = body.strip()
    if not 1 <= len(text) <= MAX_COMMENT:
        raise ReviewError("comment", "comment_required")
    comment = Comment(
        copy_id=copy.id, author_id=author.id, cell_index=cell_index, cell_id=cell_id, body=text
    )
    db.add(comment)
    db.commit()
    return comment


def delete_comment(db: Session, copy: Copy, comment_id: int) -> None:
    db.execute(delete(Comment).where(Comment.id == comment_id, Comment.copy_id == copy.id))
    db.commit()


def comments_of(db: Session, copy: Copy) -> list[Comment]:
    """The copy's comments, oldest first."""
    return list(
        db.scalars(
            select(Comment)
            .where(Comment.copy_id == copy.id)
            .order_by(Comment.created_at, Comment.id)
        )
    )


@dataclass
class PlacedComments:
    """Comments by the position of their cell in one version of the notebook, and those
    whose cell is no longer there."""

    by_index: dict[int, list[Comment]] = field(default_factory=dict)
    deleted: list[Comment] = field(default_factory=list)


def place_comments(comments: Sequence[Comment], cell_ids: Sequence[str | None]) -> PlacedComments:
    """Where each comment shows in a notebook whose cells have `cell_ids`, in order.

    A comment follows its cell's nbformat id, so it stays with the cell when
    the student moves it, and is kept apart ("on a deleted cell") when the cell
    is gone. Only for a notebook without ids (nbformat < 4.5), or a comment
    made on one, does the position decide. The app (classroom/comments.ts)
    applies the same rule to the notebook being edited.
    """
    placed = PlacedComments()
    index_of = {cell_id: index for index, cell_id in enumerate(cell_ids) if cell_id}
    for comment in comments:
        if comment.cell_id and index_of:
            index = index_of.get(comment.cell_id)
        else:
            index = comment.cell_index if 0 <= comment.cell_index < len(cell_ids) else None
        if index is None:
            placed.deleted.append(comment)
        else:
            placed.by_index.setdefault(index, []).append(comment)
    return placed


def grade_copy(db: Session, copy: Copy, *, grade: str, comment: str, give_back: bool) -> None:
    """Record the grade (free text: "15/20", "A") and its comment; return the copy if asked.

    Returning shows the comments and the grade to the student. Grading again
    later keeps it returned.
    """
    grade, comment = grade.strip(), comment.strip()
    if len(grade) > MAX_GRADE:
        raise ReviewError("grade", "grade_too_long")
    if len(comment) > MAX_COMMENT:
        raise ReviewError("grade_comment", "comment_too_long")
    copy.grade = grade or None
    copy.grade_comment = comment or None
    if give_back and copy.status != CopyStatus.RETURNED:
        copy.status = CopyStatus.RETURNED
        copy.returned_at = now()
    db.commit()


def duplicate_activity(db: Session, activity: Activity, teacher: User) -> Activity:
    """A new open activity with the same notebook and settings, a new share code, no copies."""
    return create_activity(
        db,
        teacher,
        title=activity.title,
        instructions=activity.instructions,
        due_at=activity.due_at,
        late_accepted=activity.late_accepted,
        guests_allowed=activity.guests_allowed,
        notebook_name=activity.notebook_name,
        notebook=activity.notebook,
        group_id=activity.group_id,
        keep_working=activity.keep_working,
    )


def delete_activity(db: Session, activity: Activity) -> None:
    """Delete the activity with its copies and their comments (the database cascades)."""
    db.execute(delete(Activity).where(Activity.id == activity.id))
    db.commit()
