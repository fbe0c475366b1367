"""The student's pages: enter a share code, get their copy, find it again, hand it in."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import Response
from starlette.datastructures import FormData

from .accounts import AccountError, create_guest, guest_by_resume_token, is_guest
from .activities import (
    ActivityClosedError,
    HandedInError,
    LateError,
    StaleVersionError,
    copy_of_student,
    get_or_create_copy,
    locked_for_student,
    open_activity_by_code,
    submit_copy,
)
from .app_site import copy_app_url
from .attempts import record_failure, too_many_failures
from .csrf import verified_form
from .deps import NotFoundError, Page, PageContext, client_address, config_of
from .models import Activity, Copy, CopyStatus, Role
from .review import comments_of, place_comments
from .sessions import digest, set_cookie, start_session
from .sharecodes import normalize_code
from .teams import copies_opened_by, may_open, members_of_copy

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(verified_form)]
RESUME_COOKIE = "ardoise_resume"


@router.post("/join")
def enter_code(page: Page, form: Form) -> Response:
    typed = str(form.get("code", ""))
    activity = _find(page, normalize_code(typed))
    if activity is None:
        page.errors["code"] = page.t("unknown_code")
        return page.render("home.html", status=404, code=typed)
    return page.redirect(f"/join/{activity.share_code}")


@router.get("/join/{code}")
def join_page(page: Page, code: str) -> Response:
    activity = _joinable(page, code)
    if isinstance(activity, Response):
        return activity
    return page.render("join.html", activity=activity, name="")


@router.post("/join/{code}")
def join(page: Page, code: str, form: Form) -> Response:
    activity = _joinable(page, code)
    if isinstance(activity, Response):
        return activity
    student, secret = page.user, None
    if student is None:
        try:
            student, secret = create_guest(page.db, str(form.get("name", "")))
        except AccountError as error:
            page.errors["name"] = page.t(error.key)
            name = str(form.get("name", ""))
            return page.render("join.html", status=422, activity=activity, name=name)
    copy = get_or_create_copy(page.db, activity, student)
    response = page.redirect(f"/copies/{copy.id}")
    if secret is not None:
        config = config_of(page.request)
        start_session(page.db, student, page.request, response, config)
        # Kept on this device so the copy page can show the private link again.
        set_cookie(page.request, response, config, RESUME_COOKIE, secret, 365 * 86400)
    return response


def _find(page: PageContext, code: str | None) -> Activity | None:
    """The activity with `code`; unknown codes count against this address's limit."""
    config = config_of(page.request)
    window, address = config.attempt_window_seconds, client_address(page.request)
    if too_many_failures(page.db, "code", address, limit=config.max_failed_codes, window=window):
        raise HTTPException(429, page.t("too_many_codes", minutes=window // 60))
    activity = open_activity_by_code(page.db, code) if code else None
    if activity is None:
        record_failure(page.db, "code", address, window=window)
    return activity


def _joinable(page: PageContext, code: str) -> Activity | Response:
    """The activity to join, or where to go instead (an existing copy, the sign-in page)."""
    activity = _find(page, normalize_code(code))
    if activity is None:
        raise NotFoundError
    if page.user is not None and page.user.role != Role.STUDENT:
        raise HTTPException(403, page.t("teacher_only"))
    if page.user is not None:
        existing = copy_of_student(page.db, activity, page.user)
        if existing is not None:
            return page.redirect(f"/copies/{existing.id}")
    if activity.closed:
        raise HTTPException(403, page.t("activity_closed"))
    # A guest signed in by another activity's private link is still no account.
    if not activity.guests_allowed and (page.user is None or is_guest(page.user)):
        return page.redirect(f"/signin?next=/join/{activity.share_code}")
    return activity


@router.get("/resume/{secret}")
def resume(page: Page, secret: str) -> Response:
    """A guest's private link: signs them in on this device and opens their latest copy."""
    student = guest_by_resume_token(page.db, secret)
    if student is None:
        raise NotFoundError
    latest = page.db.scalar(copies_opened_by(page.db, student).order_by(Copy.updated_at.desc()))
    response = page.redirect(f"/copies/{latest.id}" if latest else "/")
    config = config_of(page.request)
    start_session(page.db, student, page.request, response, config)
    set_cookie(page.request, response, config, RESUME_COOKIE, secret, 365 * 86400)
    return response


def own_copy(page: PageContext, copy_id: int) -> tuple[Copy, Activity]:
    """The signed-in student's copy (their own or their team's) and its activity; anyone
    else gets not found."""
    student = page.require(Role.STUDENT)
    copy = page.db.get(Copy, copy_id)
    if copy is None or not may_open(page.db, copy, student):
        raise NotFoundError
    activity = page.db.get(Activity, copy.activity_id)
    assert activity is not None
    return copy, activity


@router.get("/copies/{copy_id}")
def copy_page(page: Page, copy_id: int) -> Response:
    copy, activity = own_copy(page, copy_id)
    return _render_copy(page, copy, activity)


@router.post("/copies/{copy_id}/submit")
def hand_in(page: Page, copy_id: int, form: Form) -> Response:
    copy, activity = own_copy(page, copy_id)
    try:
        submit_copy(page.db, copy, activity, version=int(str(form.get("version", "0"))))
    except (ActivityClosedError, LateError) as error:
        key = "late_refused" if isinstance(error, LateError) else "activity_closed"
        raise HTTPException(403, page.t(key)) from None
    except (StaleVersionError, HandedInError, ValueError):
        pass  # the page was stale (or the copy already handed in): show the copy as it is now
    return page.redirect(f"/copies/{copy.id}")


def _render_copy(page: PageContext, copy: Copy, activity: Activity) -> Response:
    secret = page.request.cookies.get(RESUME_COOKIE)
    assert page.user is not None
    link = None
    if secret and page.user.resume_token_hash == digest(secret):
        link = f"{str(page.request.base_url).rstrip('/')}/resume/{secret}"
    app_link = copy_app_url(copy.id) if page.request.app.state.app_site is not None else None
    # Comments reach the student once the teacher returns the copy, not while writing them.
    returned = copy.status == CopyStatus.RETURNED
    cells = _cells(copy.content)
    placed = place_comments(
        comments_of(page.db, copy) if returned else [], [cell["id"] for cell in cells]
    )
    return page.render(
        "copy.html",
        copy=copy,
        activity=activity,
        cells=cells,
        resume_link=link,
        app_link=app_link,
        comments=placed.by_index,
        deleted_comments=placed.deleted,
        locked=locked_for_student(copy, activity),
        team=members_of_copy(page.db, copy),
    )


def _cells(content: str) -> list[dict[str, Any]]:
    """The cells' type and source text, for a plain read-only listing."""
    cells = json.loads(content).get("cells", [])
    return [
        {
            "cell_type": cell.get("cell_type", "code"),
            "id": cell.get("id") if isinstance(cell.get("id"), str) else None,
            "source": "".join(source) if isinstance(source := cell.get("source"), list) else source,
        }
        for cell in cells
    ]
