"""The teacher's review of copies (read-only view, comments, grade, return) and the
management of an activity (exports, duplicate, delete)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlalchemy import func, select
from starlette.datastructures import FormData

from .app_site import copy_app_url
from .csrf import verified_form
from .deps import NotFoundError, Page, PageContext
from .exports import activity_zip, grades_csv, safe_name
from .models import Activity, Copy, Role, User
from .notebook_view import CellView, cells_of
from .review import (
    ReviewError,
    add_comment,
    comments_of,
    delete_activity,
    delete_comment,
    duplicate_activity,
    grade_copy,
    place_comments,
)
from .teams import members_of_copy

__all__ = ["router"]

router = APIRouter(include_in_schema=False, prefix="/teacher")
Form = Annotated[FormData, Depends(verified_form)]


def own_activity(page: PageContext, activity_id: int) -> Activity:
    teacher = page.require(Role.TEACHER)
    activity = page.db.get(Activity, activity_id)
    if activity is None or activity.teacher_id != teacher.id:
        raise NotFoundError
    return activity


def _own_copy(page: PageContext, copy_id: int) -> tuple[Copy, Activity, User]:
    """A copy of one of the signed-in teacher's activities, its activity and student."""
    teacher = page.require(Role.TEACHER)
    copy = page.db.get(Copy, copy_id)
    activity = page.db.get(Activity, copy.activity_id) if copy else None
    if copy is None or activity is None or activity.teacher_id != teacher.id:
        raise NotFoundError
    student = page.db.get(User, copy.student_id)
    assert student is not None
    return copy, activity, student


def _shown(copy: Copy, view: str) -> tuple[str, bool, bool]:
    """The version the teacher looks at (handed in unless `view` is "live" and it
    changed since), whether it is the live one, and whether the two differ."""
    handed_in = copy.submitted_content
    differs = handed_in is not None and handed_in != copy.content
    showing_live = handed_in is None or (view == "live" and differs)
    content = copy.content if showing_live else handed_in
    assert content is not None
    return content, showing_live, differs


def _review_page(
    page: PageContext, copy_id: int, *, view: str = "", status: int = 200, **form: str
) -> Response:
    copy, activity, student = _own_copy(page, copy_id)
    content, showing_live, differs = _shown(copy, view)
    cells = cells_of(content)
    placed = place_comments(comments_of(page.db, copy), [cell.cell_id for cell in cells])
    app_link = join_link = show_link = None
    if page.request.app.state.app_site is not None:
        app_link = f"{copy_app_url(copy.id)}&view={'latest' if showing_live else 'submitted'}"
        # Editing with the student, through the copy's live room.
        join_link = f"{copy_app_url(copy.id)}&join=live"
        # Showing it to the class, read-only, only while the student allows it.
        if copy.shown_to_class:
            show_link = f"{copy_app_url(copy.id)}&join=view"
    return page.render(
        "review.html",
        status=status,
        copy=copy,
        activity=activity,
        student=student,
        owner_name=", ".join(m.display_name for m in members_of_copy(page.db, copy))
        or student.display_name,
        cells=cells,
        comments=placed.by_index,
        deleted_comments=placed.deleted,
        showing_live=showing_live,
        differs=differs,
        app_link=app_link,
        join_link=join_link,
        show_link=show_link,
        form=form,
    )


@router.get("/copies/{copy_id}")
def review(page: Page, copy_id: int, view: str = "") -> Response:
    return _review_page(page, copy_id, view=view)


@router.post("/copies/{copy_id}/comments")
def comment(page: Page, copy_id: int, form: Form) -> Response:
    copy, _, _ = _own_copy(page, copy_id)
    assert page.user is not None
    view = str(form.get("view", ""))
    cell = _cell_commented(cells_of(_shown(copy, view)[0]), form)
    if cell is None:
        raise NotFoundError
    body = str(form.get("comment", ""))
    try:
        add_comment(
            page.db, copy, page.user, cell_index=cell.index, cell_id=cell.cell_id, body=body
        )
    except ReviewError as error:
        page.errors[f"comment-{cell.index}"] = page.t(error.key)
        return _review_page(page, copy_id, view=view, status=422)
    query = "?view=live" if view == "live" else ""
    return page.redirect(f"/teacher/copies/{copy.id}{query}#cell-{cell.index + 1}")


def _cell_commented(cells: list[CellView], form: FormData) -> CellView | None:
    """The cell a comment form names, in the version the teacher was looking at: by its id
    when the form gives one (the position is only for notebooks without ids)."""
    cell_id = str(form.get("cell_id", ""))
    if cell_id:
        return next((cell for cell in cells if cell.cell_id == cell_id), None)
    try:
        index = int(str(form.get("cell_index", "")))
    except ValueError:
        return None
    return next((cell for cell in cells if cell.index == index), None)


@router.post("/copies/{copy_id}/comments/{comment_id}/delete")
def uncomment(page: Page, copy_id: int, comment_id: int, form: Form) -> Response:
    copy, _, _ = _own_copy(page, copy_id)
    delete_comment(page.db, copy, comment_id)
    return page.redirect(f"/teacher/copies/{copy.id}")


@router.post("/copies/{copy_id}/grade")
def grade(page: Page, copy_id: int, form: Form) -> Response:
    copy, _, _ = _own_copy(page, copy_id)
    fields = {name: str(form.get(name, "")) for name in ("grade", "grade_comment")}
    try:
        grade_copy(
            page.db,
            copy,
            grade=fields["grade"],
            comment=fields["grade_comment"],
            give_back=form.get("action") == "return",
        )
    except ReviewError as error:
        page.errors[error.field] = page.t(error.key)
        return _review_page(page, copy_id, status=422, **fields)
    page.request.app.state.live.locks_changed([copy.id])  # returned: writable again
    return page.redirect(f"/teacher/copies/{copy.id}#grade-heading")


@router.get("/activities/{activity_id}/copies.zip")
def export_copies(page: Page, activity_id: int) -> Response:
    activity = own_activity(page, activity_id)
    return Response(
        activity_zip(page.db, activity),
        media_type="application/zip",
        headers=_attachment(f"{safe_name(activity.title, 'activity')}-copies.zip"),
    )


@router.get("/activities/{activity_id}/grades.csv")
def export_grades(page: Page, activity_id: int) -> Response:
    activity = own_activity(page, activity_id)
    return Response(
        grades_csv(page.db, activity).encode("utf-8-sig"),  # the BOM lets spreadsheets read UTF-8
        media_type="text/csv; charset=utf-8",
        headers=_attachment(f"{safe_name(activity.title, 'activity')}-grades.csv"),
    )


def _attachment(name: str) -> dict[str, str]:
    return {"content-disposition": f'attachment; filename="{name}"'}


@router.post("/activities/{activity_id}/duplicate")
def duplicate(page: Page, activity_id: int, form: Form) -> Response:
    activity = own_activity(page, activity_id)
    assert page.user is not None
    copy = duplicate_activity(page.db, activity, page.user)
    return page.redirect(f"/teacher/activities/{copy.id}")


@router.get("/activities/{activity_id}/delete")
def confirm_delete(page: Page, activity_id: int) -> Response:
    activity = own_activity(page, activity_id)
    count = page.db.scalar(select(func.count(Copy.id)).where(Copy.activity_id == activity.id))
    return page.render("activity_delete.html", activity=activity, count=count)


@router.post("/activities/{activity_id}/delete")
def delete(page: Page, activity_id: int, form: Form) -> Response:
    activity = own_activity(page, activity_id)
    copy_ids = list(page.db.scalars(select(Copy.id).where(Copy.activity_id == activity.id)))
    delete_activity(page.db, activity)
    page.request.app.state.live.copies_deleted(copy_ids)
    return page.redirect("/teacher")
