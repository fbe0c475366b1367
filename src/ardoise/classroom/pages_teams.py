"""The teacher's page of an activity's teams: team work or not, form teams by hand or at
random, add and remove members, undo a team. The rules are in teams.py."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.datastructures import FormData

from .csrf import verified_form
from .deps import NotFoundError, Page, PageContext
from .models import Activity, Copy, Role, Team
from .teams import (
    TEAM_SIZES,
    TeamError,
    add_to_team,
    candidates,
    delete_team,
    draw_teams,
    form_team,
    members_of_copy,
    remove_from_team,
    set_team_size,
    team_of,
    teams_of,
)

__all__ = ["router"]

router = APIRouter(include_in_schema=False, prefix="/teacher/activities/{activity_id}/teams")
Form = Annotated[FormData, Depends(verified_form)]


def _own(page: PageContext, activity_id: int) -> Activity:
    teacher = page.require(Role.TEACHER)
    activity = page.db.get(Activity, activity_id)
    if activity is None or activity.teacher_id != teacher.id:
        raise NotFoundError
    return activity


def _own_team(page: PageContext, activity: Activity, team_id: int) -> Team:
    team = page.db.get(Team, team_id)
    if team is None or team.activity_id != activity.id:
        raise NotFoundError
    return team


def _render(
    page: PageContext, activity: Activity, *, status: int = 200, notice: str = ""
) -> Response:
    everyone = candidates(page.db, activity)
    free = [user for user in everyone if team_of(page.db, activity.id, user.id) is None]
    return page.render(
        "teams.html",
        status=status,
        activity=activity,
        teams=teams_of(page.db, activity),
        free=free,
        sizes=TEAM_SIZES,
        notice=notice,
    )


def _refused(page: PageContext, activity: Activity, error: TeamError) -> Response:
    page.errors[error.field] = page.t(error.key, **error.fields)
    return _render(page, activity, status=422)


def _ids(form: FormData, name: str) -> list[int] | None:
    """The form's ids under `name`; None if one is not a number."""
    values = [str(value) for value in form.getlist(name)]
    return [int(value) for value in values] if all(v.isdigit() for v in values) else None


@router.get("")
def teams_page(page: Page, activity_id: int, done: str = "") -> Response:
    notice = page.t(f"teams_{done}") if done in ("saved", "formed", "changed") else ""
    return _render(page, _own(page, activity_id), notice=notice)


def _done(page: PageContext, activity: Activity, what: str) -> Response:
    return page.redirect(f"/teacher/activities/{activity.id}/teams?done={what}#teams-heading")


@router.post("/size")
def size(page: Page, activity_id: int, form: Form) -> Response:
    activity = _own(page, activity_id)
    try:
        set_team_size(page.db, activity, str(form.get("team_size", "")))
    except TeamError as error:
        return _refused(page, activity, error)
    return _done(page, activity, "saved")


@router.post("")
def create(page: Page, activity_id: int, form: Form) -> Response:
    activity = _own(page, activity_id)
    ids = _ids(form, "students")
    try:
        if ids is None:
            raise TeamError("students", "team_student_unknown")
        form_team(page.db, activity, ids)
    except TeamError as error:
        return _refused(page, activity, error)
    return _done(page, activity, "formed")


@router.post("/random")
def random_teams(page: Page, activity_id: int, form: Form) -> Response:
    activity = _own(page, activity_id)
    try:
        drawn = draw_teams(page.db, activity)
    except TeamError as error:
        return _refused(page, activity, error)
    notice = page.t("teams_drawn", count=drawn.teams)
    if drawn.left:
        names = ", ".join(user.display_name for user in drawn.left)
        notice += " " + page.t("teams_left_out", names=names)
    return _render(page, activity, notice=notice)


@router.post("/{team_id}/add")
def add(page: Page, activity_id: int, team_id: int, form: Form) -> Response:
    activity = _own(page, activity_id)
    team = _own_team(page, activity, team_id)
    ids = _ids(form, "student")
    try:
        if not ids:
            raise TeamError("students", "team_student_unknown")
        add_to_team(page.db, activity, team, ids[0])
    except TeamError as error:
        return _refused(page, activity, error)
    return _done(page, activity, "changed")


@router.post("/{team_id}/members/{user_id}/remove")
def remove(page: Page, activity_id: int, team_id: int, user_id: int, form: Form) -> Response:
    activity = _own(page, activity_id)
    team = _own_team(page, activity, team_id)
    try:
        remove_from_team(page.db, activity, team, user_id)
    except TeamError as error:
        return _refused(page, activity, error)
    if team.copy_id is not None:  # their open connections to the copy end at once
        page.request.app.state.live.left_copy(team.copy_id, [user_id])
    return _done(page, activity, "changed")


@router.post("/{team_id}/delete")
def undo(page: Page, activity_id: int, team_id: int, form: Form) -> Response:
    activity = _own(page, activity_id)
    team = _own_team(page, activity, team_id)
    copy = page.db.get(Copy, team.copy_id) if team.copy_id is not None else None
    losing = [user.id for user in members_of_copy(page.db, copy)] if copy is not None else []
    delete_team(page.db, team)
    if copy is not None:  # the members other than its owner lose the copy: closed at once
        page.request.app.state.live.left_copy(
            copy.id, [user_id for user_id in losing if user_id != copy.student_id]
        )
    return _done(page, activity, "changed")
