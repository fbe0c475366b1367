"""The JSON API the notebook app uses for a student's copy: read, save with a version, hand in.

Writes need `Content-Type: application/json`: another site cannot send that
with the browser's cookies without a CORS preflight, which this server never
grants (see csrf.py).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from ..errors import InvalidNotebookError
from .activities import (
    ActivityClosedError,
    HandedInError,
    LateError,
    StaleVersionError,
    locked_for_student,
    save_copy,
    submit_copy,
)
from .deps import Database
from .live_store import Lock, lock_of
from .models import Activity, Copy, CopyStatus, Role, User
from .review import comments_of
from .sessions import session_user
from .teams import may_open, members_of_copy

__all__ = ["router"]


def _json_writes_only(request: Request) -> None:
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise HTTPException(
            415,
            f"Send the body as application/json (this request was {kind or 'without a type'}).",
        )


router = APIRouter(prefix="/api", tags=["copies"], dependencies=[Depends(_json_writes_only)])


class CommentOut(BaseModel):
    """A teacher's comment on one cell."""

    id: int
    cell_id: str | None = Field(description="The cell's nbformat id; null on a notebook without.")
    cell_index: int = Field(description="The cell's position when commented (0 is the first).")
    author: str = Field(description="The teacher's display name.")
    created_at: datetime
    body: str


class ReviewOut(BaseModel):
    """The teacher's review: to the student only once the copy is returned."""

    returned: bool
    returned_at: datetime | None
    grade: str | None
    grade_comment: str | None
    comments: list[CommentOut]


View = Literal["latest", "submitted"]
ReadOnlyReason = Literal["teacher", "closed", "handed_in", "version_handed_in"]


class CopyOut(BaseModel):
    """A copy as the notebook app loads it."""

    id: int
    activity_id: int
    title: str
    version: int = Field(description="Send it back with the next save.")
    status: str
    notebook: dict[str, Any] = Field(description="The .ipynb (nbformat 4) as JSON.")
    updated_at: datetime
    submitted_version: int | None
    read_only: bool = Field(
        description="True for the teacher, for the version handed in, once the activity "
        "closes, and while a handed-in copy waits for the teacher if the activity does not "
        "let students keep working."
    )
    read_only_reason: ReadOnlyReason | None = Field(
        default=None, description="Why the copy is read-only, if it is."
    )
    keep_working: bool = Field(
        description="Whether the student may keep changing the copy once it is handed in."
    )
    student: str = Field(description="The student's display name (who opened it first).")
    team: list[str] = Field(
        description="The names of the team who shares this copy; empty for one student's own."
    )
    viewer: Literal["student", "teacher"] = Field(
        description="Who is looking: the copy's student or the activity's teacher."
    )
    viewer_name: str = Field(
        description="The signed-in user's display name (their name in the copy's live room)."
    )
    viewer_id: int = Field(
        description="The signed-in user's id: the browser keeps each user's unsent work apart."
    )
    locked: Literal["closed", "handed_in"] | None = Field(
        description="Why nobody may change the copy now (the activity is closed, or it is "
        "handed in and kept unchanged until returned), or null: a locked copy's live room "
        "is read-only for all."
    )
    showing: View = Field(description="Which version `notebook` is: as last saved, or handed in.")
    shown_to_class: bool = Field(
        description="Whether the student lets their teacher show this copy to the class "
        "(a read-only projection of the live copy)."
    )
    review: ReviewOut | None = Field(
        description="Comments and grade: always for the teacher, once returned for the student."
    )


class SaveIn(BaseModel):
    version: int = Field(description="The version this save was based on.")
    notebook: dict[str, Any]
    cells_run: int | None = Field(default=None, ge=0, description="Progress, for the teacher.")


class Saved(BaseModel):
    version: int


class SubmitIn(BaseModel):
    version: int = Field(description="The version being handed in: what the student sees.")


class ProjectionIn(BaseModel):
    allowed: bool = Field(description="Whether the teacher may show this copy to the class.")


class ProjectionOut(BaseModel):
    shown_to_class: bool


class Refused(BaseModel):
    detail: str
    reason: Literal["closed", "handed_in", "late"]


class Conflict(BaseModel):
    detail: str
    current_version: int


def _signed_in(request: Request, db: Database) -> User:
    user = session_user(db, request)
    if user is None:
        raise HTTPException(401, "Sign in first.")
    return user


SignedIn = Annotated[User, Depends(_signed_in)]
NOT_FOUND = "No such copy, or it is not yours."


def _copy(
    db: Session, copy_id: int, user: User, *, write: bool, teacher_refused: str = ""
) -> tuple[Copy, Activity]:
    """The copy if `user` may see it (its student or team; the activity's teacher, read-only)."""
    copy = db.get(Copy, copy_id)
    activity = db.get(Activity, copy.activity_id) if copy else None
    if copy is None or activity is None:
        raise HTTPException(404, NOT_FOUND)
    owner = may_open(db, copy, user)
    teacher = user.role == Role.TEACHER and activity.teacher_id == user.id
    if not (owner or teacher):
        raise HTTPException(404, NOT_FOUND)
    if write and not owner:
        raise HTTPException(403, teacher_refused or TEACHER_READ_ONLY)
    return copy, activity


TEACHER_READ_ONLY = "A teacher sees a student's copy read-only; only the student changes it."


def _review(db: Session, copy: Copy, user: User) -> ReviewOut | None:
    returned = copy.status == CopyStatus.RETURNED
    if user.role == Role.STUDENT and not returned:
        return None  # the teacher's comments and grade are theirs until they return the copy
    authors: dict[int, str] = {}
    comments = []
    for comment in comments_of(db, copy):
        if comment.author_id not in authors:
            author = db.get(User, comment.author_id)
            authors[comment.author_id] = author.display_name if author else ""
        comments.append(
            CommentOut(
                id=comment.id,
                cell_id=comment.cell_id,
                cell_index=comment.cell_index,
                author=authors[comment.author_id],
                created_at=comment.created_at,
                body=comment.body,
            )
        )
    return ReviewOut(
        returned=returned,
        returned_at=copy.returned_at,
        grade=copy.grade,
        grade_comment=copy.grade_comment,
        comments=comments,
    )


def _read_only_reason(
    copy: Copy, activity: Activity, user: User, view: View
) -> ReadOnlyReason | None:
    if user.role != Role.STUDENT:
        return "teacher"
    if view == "submitted":
        return "version_handed_in"
    if activity.closed:
        return "closed"
    if locked_for_student(copy, activity):
        return "handed_in"
    return None


def _locked(copy: Copy, activity: Activity) -> Lock | None:
    """Why the copy's room lets nobody write (the rule of live_store.lock_of), or None."""
    return lock_of(copy, activity)


def _out(db: Session, copy: Copy, activity: Activity, user: User, view: View = "latest") -> CopyOut:
    content = copy.content
    if view == "submitted":
        if copy.submitted_content is None:
            raise HTTPException(404, "This copy has not been handed in yet; open it as last saved.")
        content = copy.submitted_content
    student = user.role == Role.STUDENT
    owner = db.get(User, copy.student_id)
    reason = _read_only_reason(copy, activity, user, view)
    return CopyOut(
        id=copy.id,
        activity_id=activity.id,
        title=activity.title,
        version=copy.version,
        status=copy.status,
        notebook=json.loads(content),
        updated_at=copy.updated_at,
        submitted_version=copy.submitted_version,
        read_only=reason is not None,
        read_only_reason=reason,
        keep_working=activity.keep_working,
        student=owner.display_name if owner else "",
        team=[member.display_name for member in members_of_copy(db, copy)],
        viewer="student" if student else "teacher",
        viewer_name=user.display_name,
        viewer_id=user.id,
        locked=_locked(copy, activity),
        showing=view,
        shown_to_class=copy.shown_to_class,
        review=_review(db, copy, user),
    )


@router.get("/copies/{copy_id}", responses={404: {"description": NOT_FOUND}})
def get_copy(copy_id: int, db: Database, user: SignedIn, view: View = "latest") -> CopyOut:
    """The copy as last saved (or, with `view=submitted`, as handed in) and its review."""
    copy, activity = _copy(db, copy_id, user, write=False)
    return _out(db, copy, activity, user, view)


@router.put(
    "/copies/{copy_id}",
    responses={
        409: {"model": Conflict},
        403: {"model": Refused},
        404: {},
        413: {},
        415: {},
        422: {},
    },
)
def put_copy(copy_id: int, body: SaveIn, db: Database, user: SignedIn, request: Request) -> Any:
    """Save the notebook if the copy is still at `version`; answered once it is on disk.

    A stale version gets 409 with the current version: the app must reload or
    merge, never overwrite newer work. A copy edited live (its room loaded) takes
    the saved notebook into its shared document, so the people in it see it.
    """
    copy, activity = _copy(db, copy_id, user, write=True)
    try:
        version = save_copy(
            db,
            copy,
            activity,
            base_version=body.version,
            notebook=body.notebook,
            cells_run=body.cells_run,
        )
    except StaleVersionError as error:
        return _conflict(error)
    except ActivityClosedError:
        return _refused("This activity is closed; changes are no longer saved.", "closed")
    except HandedInError:
        return _refused(HANDED_IN, "handed_in")
    except InvalidNotebookError as error:
        raise HTTPException(422, f"The notebook was not saved: {error.reason}.") from None
    request.app.state.live.saved_elsewhere(copy.id, body.notebook, version, copy.created_at)
    return Saved(version=version)


@router.post(
    "/copies/{copy_id}/submit",
    responses={409: {"model": Conflict}, 403: {"model": Refused}, 404: {}},
)
def submit(copy_id: int, body: SubmitIn, db: Database, user: SignedIn, request: Request) -> Any:
    """Hand in the copy at `version`; the teacher sees that snapshot."""
    copy, activity = _copy(db, copy_id, user, write=True)
    try:
        submit_copy(db, copy, activity, version=body.version)
    except StaleVersionError as error:
        return _conflict(error)
    except ActivityClosedError:
        return _refused("This activity is closed; it no longer accepts work.", "closed")
    except HandedInError:
        return _refused(
            "This copy is already handed in; it can be handed in again once your teacher "
            "returns it.",
            "handed_in",
        )
    except LateError:
        return _refused(
            "The due date has passed and this activity does not accept late work.", "late"
        )
    request.app.state.live.locks_changed([copy.id])
    return _out(db, copy, activity, user)


@router.put("/copies/{copy_id}/projection", responses={403: {}, 404: {}})
def set_projection(
    copy_id: int, body: ProjectionIn, db: Database, user: SignedIn, request: Request
) -> ProjectionOut:
    """The student allows, or stops allowing, their teacher to show this copy to the class.

    Stopping closes the copy's open projections before this answers.
    """
    copy, _ = _copy(db, copy_id, user, write=True, teacher_refused=NOT_YOURS_TO_SHOW)
    copy.shown_to_class = body.allowed
    db.commit()
    if not body.allowed:
        request.app.state.projections.revoked(copy.id)
    return ProjectionOut(shown_to_class=copy.shown_to_class)


NOT_YOURS_TO_SHOW = "Only the copy's student decides whether it is shown to the class."
HANDED_IN = (
    "This copy is handed in and this activity keeps it unchanged until your teacher "
    "returns it; changes are not saved."
)


def _refused(detail: str, reason: str) -> JSONResponse:
    return JSONResponse({"detail": detail, "reason": reason}, status_code=403)


def _conflict(error: StaleVersionError) -> JSONResponse:
    body = Conflict(
        detail=f"The copy was saved elsewhere since (now version {error.current}); "
        "reload it before saving again.",
        current_version=error.current,
    )
    return JSONResponse(body.model_dump(), status_code=409)
