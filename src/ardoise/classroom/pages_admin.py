"""The administrator's pages about students' data: list, export, delete (privacy requests)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlalchemy import delete, exists, func, select
from starlette.datastructures import FormData

from .csrf import verified_form
from .deps import NotFoundError, Page, PageContext
from .exports import person_zip, safe_name
from .models import Copy, OidcIdentity, Role, User

__all__ = ["router"]

router = APIRouter(include_in_schema=False, prefix="/admin/students")
Form = Annotated[FormData, Depends(verified_form)]


def _student(page: PageContext, student_id: int) -> User:
    page.require(Role.ADMIN)
    student = page.db.get(User, student_id)
    if student is None or student.role != Role.STUDENT:
        raise NotFoundError
    return student


@router.get("")
def students(page: Page) -> Response:
    """Every student, guests included, with their number of copies."""
    page.require(Role.ADMIN)
    school = exists().where(OidcIdentity.user_id == User.id)
    rows = page.db.execute(
        select(User, func.count(Copy.id), school)
        .outerjoin(Copy, Copy.student_id == User.id)
        .where(User.role == Role.STUDENT)
        .group_by(User.id)
        .order_by(User.display_name, User.id)
    ).all()
    students = [(user, count, bool(sso)) for user, count, sso in rows]
    return page.render("admin_students.html", students=students)


@router.get("/{student_id}/export.zip")
def export(page: Page, student_id: int) -> Response:
    student = _student(page, student_id)
    name = f"{safe_name(student.display_name, 'student')}-{student.id}-data.zip"
    return Response(
        person_zip(page.db, student),
        media_type="application/zip",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


@router.get("/{student_id}/delete")
def confirm_delete(page: Page, student_id: int) -> Response:
    student = _student(page, student_id)
    count = page.db.scalar(select(func.count(Copy.id)).where(Copy.student_id == student.id))
    return page.render("student_delete.html", student=student, count=count)


@router.post("/{student_id}/delete")
def delete_student(page: Page, student_id: int, form: Form) -> Response:
    """The account, its copies, their comments and its sessions go (the database cascades)."""
    student = _student(page, student_id)
    copy_ids = list(page.db.scalars(select(Copy.id).where(Copy.student_id == student.id)))
    page.db.execute(delete(User).where(User.id == student.id))
    page.db.commit()
    page.request.app.state.live.copies_deleted(copy_ids)
    return page.redirect("/admin/students")
