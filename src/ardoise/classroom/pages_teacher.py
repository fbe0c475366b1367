"""The teacher's pages: their activities, a new activity, one activity's copies, closing it."""

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
from .config import MEGABYTE, ClassroomConfig
from .csrf import verified_form
from .deps import NotFoundError, Page, PageContext, config_of
from .models import Activity, Role

__all__ = ["router"]

router = APIRouter(include_in_schema=False, prefix="/teacher")
Form = Annotated[FormData, Depends(verified_form)]


@router.get("")
def dashboard(page: Page) -> Response:
    teacher = page.require(Role.TEACHER)
    return page.render("dashboard.html", activities=activities_of(page.db, teacher))


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
    return page.render("activity_new.html", status=status, form=fields, course_notebooks=choices)


def _own_activity(page: PageContext, activity_id: int) -> Activity:
    teacher = page.require(Role.TEACHER)
    activity = page.db.get(Activity, activity_id)
    if activity is None or activity.teacher_id != teacher.id:
        raise NotFoundError
    return activity


@router.get("/activities/{activity_id}")
def activity_page(page: Page, activity_id: int) -> Response:
    activity = _own_activity(page, activity_id)
    link = f"{str(page.request.base_url).rstrip('/')}/join/{activity.share_code}"
    return page.render(
        "activity.html", activity=activity, copies=copies_of(page.db, activity), link=link
    )


@router.post("/activities/{activity_id}/close")
def close(page: Page, activity_id: int, form: Form) -> Response:
    activity = _own_activity(page, activity_id)
    close_activity(page.db, activity)
    return page.redirect(f"/teacher/activities/{activity.id}")
