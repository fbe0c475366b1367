"""The teacher's pages: their activities (by class), a new activity, one activity's copies
and settings, closing it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.datastructures import FormData, UploadFile

from ..errors import InvalidNotebookError
from .activities import (
    activities_of,
    close_activity,
    copies_of,
    create_activity,
    validate_notebook,
)
from .app_site import copy_app_url
from .classes import classes_of, not_started, own_class
from .config import MEGABYTE, ClassroomConfig
from .csrf import verified_form
from .deps import NotFoundError, Page, PageContext, config_of
from .models import Activity, Role
from .teams import team_names

__all__ = ["router"]

router = APIRouter(include_in_schema=False, prefix="/teacher")
Form = Annotated[FormData, Depends(verified_form)]


@router.get("")
def dashboard(page: Page, group: str = "") -> Response:
    """The teacher's activities; `?group=ID` keeps those of one of their classes."""
    teacher = page.require(Role.TEACHER)
    classes = classes_of(page.db, teacher)
    activities = activities_of(page.db, teacher)
    chosen = None
    if group:
        chosen = own_class(page.db, teacher, int(group)) if group.isdigit() else None
        if chosen is None:
            raise NotFoundError
        activities = [pair for pair in activities if pair[0].group_id == chosen.id]
    names = {found.id: found.name for found, _ in classes}
    return page.render(
        "dashboard.html", activities=activities, classes=classes, chosen=chosen, names=names
    )


def _chosen_class(page: PageContext, form: FormData) -> tuple[bool, int | None]:
    """(valid, class id or None) from the form's `group`; an error is set when invalid."""
    assert page.user is not None
    text = str(form.get("group", "")).strip()
    if not text:
        return True, None
    group = own_class(page.db, page.user, int(text)) if text.isdigit() else None
    if group is None:
        page.errors["group"] = page.t("class_unknown")
        return False, None
    return True, group.id


@router.get("/activities/new")
def new_activity(page: Page) -> Response:
    page.require(Role.TEACHER)
    return _new_page(page, {}, status=200)


@router.post("/activities")
def create(page: Page, form: Form) -> Response:
    teacher = page.require(Role.TEACHER)
    config = config_of(page.request)
    fields = {name: str(form.get(name, "")) for name in _TEXT_FIELDS}
    title = fields["title"].strip()
    if not 1 <= len(title) <= 200:
        page.errors["title"] = page.t("title_required")
    try:
        due_at = _parse_due(fields["due"])
    except ValueError:
        due_at = None
        page.errors["due"] = page.t("bad_due")
    _, group_id = _chosen_class(page, form)
    fields["group"] = str(form.get("group", ""))
    fields["keep_working"] = "1" if form.get("keep_working") else ""
    notebook = _chosen_notebook(page, form, config)
    if page.errors or notebook is None:
        return _new_page(page, fields, status=422)
    activity = create_activity(
        page.db,
        teacher,
        title=title,
        instructions=fields["instructions"].strip(),
        due_at=due_at,
        late_accepted=bool(form.get("late_accepted")),
        guests_allowed=bool(form.get("guests_allowed")),
        group_id=group_id,
        keep_working=bool(form.get("keep_working")),
        notebook_name=notebook[0],
        notebook=notebook[1],
    )
    return page.redirect(f"/teacher/activities/{activity.id}")


_TEXT_FIELDS = ("title", "instructions", "due", "course_notebook")


def _parse_due(text: str) -> datetime | None:
    """The due moment (the form's local time is taken as UTC); ValueError if unreadable."""
    if not text.strip():
        return None
    return datetime.fromisoformat(text.strip()).replace(tzinfo=UTC)


def _chosen_notebook(
    page: PageContext, form: FormData, config: ClassroomConfig
) -> tuple[str, str] | None:
    """(name, JSON text) of the uploaded or chosen notebook; None with an error set."""
    upload = form.get("notebook")
    if isinstance(upload, UploadFile) and upload.filename:
        data = upload.file.read(config.max_notebook_bytes + 1)
        name = Path(upload.filename).name
    else:
        chosen = str(form.get("course_notebook", ""))
        if not chosen or chosen not in course_notebooks(config):
            page.errors["notebook"] = page.t("notebook_required")
            return None
        assert config.content is not None
        data = (config.content / chosen).read_bytes()
        name = chosen
    if len(data) > config.max_notebook_bytes:
        size = f"{config.max_notebook_bytes / MEGABYTE:.1f}"
        page.errors["notebook"] = page.t("notebook_too_big", size=size)
        return None
    try:
        return name, validate_notebook(data, name)
    except InvalidNotebookError as error:
        page.errors["notebook"] = page.t("bad_notebook", reason=error.reason)
        return None


def course_notebooks(config: ClassroomConfig) -> list[str]:
    """The notebooks of the course folder, as paths relative to it."""
    if config.content is None or not config.content.is_dir():
        return []
    found = config.content.rglob("*.ipynb")
    return sorted(
        path.relative_to(config.content).as_posix()
        for path in found
        if ".ipynb_checkpoints" not in path.parts and path.is_file()
    )


def _new_page(page: PageContext, fields: dict[str, str], *, status: int) -> Response:
    choices = course_notebooks(config_of(page.request))
    assert page.user is not None
    return page.render(
        "activity_new.html",
        status=status,
        form=fields,
        course_notebooks=choices,
        classes=classes_of(page.db, page.user),
    )


def _own_activity(page: PageContext, activity_id: int) -> Activity:
    teacher = page.require(Role.TEACHER)
    activity = page.db.get(Activity, activity_id)
    if activity is None or activity.teacher_id != teacher.id:
        raise NotFoundError
    return activity


@router.get("/activities/{activity_id}")
def activity_page(page: Page, activity_id: int, saved: str = "") -> Response:
    notice = page.t("settings_saved") if saved else ""
    return _activity_page(page, _own_activity(page, activity_id), status=200, notice=notice)


def _activity_page(
    page: PageContext, activity: Activity, *, status: int, notice: str = ""
) -> Response:
    assert page.user is not None
    link = f"{str(page.request.base_url).rstrip('/')}/join/{activity.share_code}"
    classes = classes_of(page.db, page.user)
    copies = copies_of(page.db, activity)
    # "Join live" beside each copy (the copy's review page has it too).
    joins = (
        {copy.id: f"{copy_app_url(copy.id)}&join=live" for copy, _ in copies}
        if page.request.app.state.app_site is not None
        else {}
    )
    return page.render(
        "activity.html",
        status=status,
        activity=activity,
        copies=copies,
        joins=joins,
        teams=team_names(page.db, activity),
        waiting=not_started(page.db, activity),
        classes=classes,
        class_name=next((g.name for g, _ in classes if g.id == activity.group_id), None),
        link=link,
        notice=notice,
    )


@router.post("/activities/{activity_id}/settings")
def settings(page: Page, activity_id: int, form: Form) -> Response:
    """Change the activity's class and whether students keep working once handed in."""
    activity = _own_activity(page, activity_id)
    valid, group_id = _chosen_class(page, form)
    if not valid:
        return _activity_page(page, activity, status=422)
    activity.group_id = group_id
    activity.keep_working = bool(form.get("keep_working"))
    page.db.commit()
    page.request.app.state.live.activity_changed(activity.id)
    return page.redirect(f"/teacher/activities/{activity.id}?saved=1#settings-heading")


@router.post("/activities/{activity_id}/close")
def close(page: Page, activity_id: int, form: Form) -> Response:
    activity = _own_activity(page, activity_id)
    close_activity(page.db, activity)
    page.request.app.state.live.activity_changed(activity.id)
    return page.redirect(f"/teacher/activities/{activity.id}")
