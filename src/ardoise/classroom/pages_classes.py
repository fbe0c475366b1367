"""The teacher's pages for their classes: list, create, rename, delete; add and remove students."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.datastructures import FormData

from .classes import (
    ClassError,
    add_members,
    classes_of,
    create_class,
    delete_class,
    members_of,
    own_class,
    remove_member,
    rename_class,
)
from .csrf import verified_form
from .deps import NotFoundError, Page, PageContext
from .models import Group, Role

__all__ = ["router"]

router = APIRouter(include_in_schema=False, prefix="/teacher/classes")
Form = Annotated[FormData, Depends(verified_form)]


def _own(page: PageContext, group_id: int) -> Group:
    """The signed-in teacher's class; anyone else's looks like nothing at all."""
    teacher = page.require(Role.TEACHER)
    group = own_class(page.db, teacher, group_id)
    if group is None:
        raise NotFoundError
    return group


@router.get("")
def classes_page(page: Page) -> Response:
    page.require(Role.TEACHER)
    return _classes_page(page, name="", status=200)


def _classes_page(page: PageContext, *, name: str, status: int) -> Response:
    assert page.user is not None
    classes = classes_of(page.db, page.user)
    return page.render("classes.html", status=status, classes=classes, name=name)


@router.post("")
def create(page: Page, form: Form) -> Response:
    teacher = page.require(Role.TEACHER)
    name = str(form.get("name", ""))
    try:
        group = create_class(page.db, teacher, name)
    except ClassError as error:
        page.errors[error.field] = page.t(error.key)
        return _classes_page(page, name=name, status=422)
    return page.redirect(f"/teacher/classes/{group.id}")


@router.get("/{group_id}")
def class_page(page: Page, group_id: int) -> Response:
    return _class_page(page, _own(page, group_id), status=200)


def _class_page(
    page: PageContext,
    group: Group,
    *,
    status: int,
    notice: str = "",
    name: str | None = None,
    usernames: str = "",
) -> Response:
    return page.render(
        "class.html",
        status=status,
        group=group,
        members=members_of(page.db, group),
        notice=notice,
        name=group.name if name is None else name,
        usernames=usernames,
    )


@router.post("/{group_id}/name")
def rename(page: Page, group_id: int, form: Form) -> Response:
    group = _own(page, group_id)
    name = str(form.get("name", ""))
    try:
        rename_class(page.db, group, name)
    except ClassError as error:
        page.errors[error.field] = page.t(error.key)
        return _class_page(page, group, status=422, name=name)
    return _class_page(page, group, status=200, notice=page.t("class_renamed"))


@router.post("/{group_id}/members")
def add(page: Page, group_id: int, form: Form) -> Response:
    group = _own(page, group_id)
    text = str(form.get("usernames", ""))
    try:
        result = add_members(page.db, group, text)
    except ClassError as error:
        page.errors[error.field] = page.t(error.key)
        return _class_page(page, group, status=422, usernames=text)
    notice = page.t("students_added", count=len(result.added))
    if result.already:
        notice += " " + page.t("students_already", count=len(result.already))
    if result.unknown:
        # The names not added stay in the field, to correct them.
        page.errors["usernames"] = page.t("unknown_usernames", names=", ".join(result.unknown))
        return _class_page(
            page, group, status=422, notice=notice, usernames="\n".join(result.unknown)
        )
    return _class_page(page, group, status=200, notice=notice)


@router.post("/{group_id}/members/{user_id}/remove")
def remove(page: Page, group_id: int, user_id: int, form: Form) -> Response:
    group = _own(page, group_id)
    remove_member(page.db, group, user_id)
    return page.redirect(f"/teacher/classes/{group.id}#members-heading")


@router.get("/{group_id}/delete")
def confirm_delete(page: Page, group_id: int) -> Response:
    group = _own(page, group_id)
    return page.render("class_delete.html", group=group, count=len(members_of(page.db, group)))


@router.post("/{group_id}/delete")
def delete(page: Page, group_id: int, form: Form) -> Response:
    delete_class(page.db, _own(page, group_id))
    return page.redirect("/teacher/classes")
