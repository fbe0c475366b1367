"""The JSON API the notebook app uses for a student's copy: read, save with a version, hand in.

Writes need `Content-Type: application/json`: another site cannot send that
with the browser's cookies without a CORS preflight, which this server never
grants (see csrf.py).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from ..errors import InvalidNotebookError
from .activities import (
    ActivityClosedError,
    LateError,
    StaleVersionError,
    save_copy,
    submit_copy,
)
from .deps import Database
from .models import Activity, Copy, Role, User
from .sessions import session_user

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
    read_only: bool = Field(description="True for the teacher, and once the activity closes.")


class SaveIn(BaseModel):
    version: int = Field(description="The version this save was based on.")
    notebook: dict[str, Any]
    cells_run: int | None = Field(default=None, ge=0, description="Progress, for the teacher.")


class Saved(BaseModel):
    version: int


class SubmitIn(BaseModel):
    version: int = Field(description="The version being handed in: what the student sees.")


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


def _copy(db: Session, copy_id: int, user: User, *, write: bool) -> tuple[Copy, Activity]:
    """The copy if `user` may see it (its student; the activity's teacher, read-only)."""
    copy = db.get(Copy, copy_id)
    activity = db.get(Activity, copy.activity_id) if copy else None
    if copy is None or activity is None:
        raise HTTPException(404, NOT_FOUND)
    owner = user.role == Role.STUDENT and copy.student_id == user.id
    teacher = user.role == Role.TEACHER and activity.teacher_id == user.id and not write
    if not (owner or teacher):
        raise HTTPException(404, NOT_FOUND)
    return copy, activity


def _out(copy: Copy, activity: Activity, user: User) -> CopyOut:
    return CopyOut(
        id=copy.id,
        activity_id=activity.id,
        title=activity.title,
        version=copy.version,
        status=copy.status,
        notebook=json.loads(copy.content),
        updated_at=copy.updated_at,
        submitted_version=copy.submitted_version,
        read_only=activity.closed or user.role != Role.STUDENT,
    )


@router.get("/copies/{copy_id}", responses={404: {"description": NOT_FOUND}})
def get_copy(copy_id: int, db: Database, user: SignedIn) -> CopyOut:
    """The copy and its current version."""
    copy, activity = _copy(db, copy_id, user, write=False)
    return _out(copy, activity, user)


@router.put(
    "/copies/{copy_id}",
    responses={409: {"model": Conflict}, 403: {}, 404: {}, 413: {}, 415: {}, 422: {}},
)
def put_copy(copy_id: int, body: SaveIn, db: Database, user: SignedIn) -> Any:
    """Save the notebook if the copy is still at `version`; answered once it is on disk.

    A stale version gets 409 with the current version: the app must reload or
    merge, never overwrite newer work.
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
        raise HTTPException(403, "This activity is closed; changes are no longer saved.") from None
    except InvalidNotebookError as error:
        raise HTTPException(422, f"The notebook was not saved: {error.reason}.") from None
    return Saved(version=version)


@router.post("/copies/{copy_id}/submit", responses={409: {"model": Conflict}, 403: {}, 404: {}})
def submit(copy_id: int, body: SubmitIn, db: Database, user: SignedIn) -> Any:
    """Hand in the copy at `version`; the teacher sees that snapshot."""
    copy, activity = _copy(db, copy_id, user, write=True)
    try:
        submit_copy(db, copy, activity, version=body.version)
    except StaleVersionError as error:
        return _conflict(error)
    except ActivityClosedError:
        raise HTTPException(403, "This activity is closed; it no longer accepts work.") from None
    except LateError:
        raise HTTPException(
            403, "The due date has passed and this activity does not accept late work."
        ) from None
    return _out(copy, activity, user)


def _conflict(error: StaleVersionError) -> JSONResponse:
    body = Conflict(
        detail=f"The copy was saved elsewhere since (now version {error.current}); "
        "reload it before saving again.",
        current_version=error.current,
    )
    return JSONResponse(body.model_dump(), status_code=409)
