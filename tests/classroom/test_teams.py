"""Teams: who opens a team's copy (live room, JSON API, pages), forming teams, and refusals."""

from __future__ import annotations

import csv
import io
import json
import random
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select
from websockets.exceptions import InvalidStatus

from ardoise.classroom.models import Activity, Copy, Role, User
from ardoise.classroom.teams import claim_copy, draw_teams, team_of

from .conftest import API, FAST, Classroom, error_of, post_form
from .live_client import LiveClient, LiveServer

STUDENTS = ("ada", "bob", "fay", "cy", "dan", "eve")


@dataclass
class TeamActivity:
    """An activity done in pairs by a class of six; teams (ada, bob, fay) and (cy, dan);
    eve is in the class and in no team."""

    classroom: Classroom
    teacher: TestClient
    activity_id: int
    code: str
    students: dict[str, TestClient]
    ids: dict[str, int]

    @property
    def teams_url(self) -> str:
        return f"/teacher/activities/{self.activity_id}/teams"

    def form(self, *names: str) -> Response:
        picked = [str(self.ids[name]) for name in names]
        response: Response = post_form(self.teacher, self.teams_url, {"students": picked})
        return response

    def join(self, name: str) -> int:
        response = post_form(self.students[name], f"/join/{self.code}", {})
        assert response.status_code == 303, response.text
        return int(response.headers["location"].rsplit("/", 1)[1])

    def team_of(self, name: str) -> int:
        page = self.teacher.get(self.teams_url).text
        match = re.search(rf'teams/(\d+)/members/{self.ids[name]}/remove"', page)
        assert match, name
        return int(match.group(1))


def a_team_activity(classroom: Classroom) -> TeamActivity:
    teacher = classroom.signed_in("tina", Role.TEACHER)
    made = post_form(teacher, "/teacher/classes", {"name": "Seconde B"})
    group = made.headers["location"].rsplit("/", 1)[1]
    students = {name: classroom.signed_in(name, Role.STUDENT) for name in STUDENTS}
    post_form(teacher, f"/teacher/classes/{group}/members", {"usernames": " ".join(STUDENTS)})
    activity_id, code = classroom.activity(teacher, "Pairs", group=group)
    with classroom.app.state.sessions() as db:
        ids = {user.username: user.id for user in db.scalars(select(User)) if user.username}
    team = TeamActivity(classroom, teacher, activity_id, code, students, ids)
    size = post_form(teacher, f"{team.teams_url}/size", {"team_size": "2"})
    assert size.status_code == 303, size.text
    assert team.form("ada", "bob", "fay").status_code == 303
    assert team.form("cy", "dan").status_code == 303
    return team


@pytest.fixture
def a_team(a_classroom: Classroom) -> TeamActivity:
    return a_team_activity(a_classroom)


@pytest.fixture
def a_server(a_classroom: Classroom) -> Iterator[LiveServer]:
    a_classroom.app.state.live.timing = FAST
    server = LiveServer(a_classroom.app).start()
    yield server
    server.stop()


def handshake(server: LiveServer, copy_id: int, browser: TestClient | None) -> int:
    """The handshake's answer: 101 when admitted, else the refusal's status."""
    cookie = browser.cookies.get("ardoise_session") if browser is not None else None
    client = LiveClient(server.url(copy_id), cookie=cookie, origin=server.origin, name="probe")
    try:
        client.connect()
    except InvalidStatus as refused:
        return refused.response.status_code
    client.disconnect()
    return 101


def test_the_members_share_one_copy_made_by_the_first_who_opens_it(a_team: TeamActivity) -> None:
    first = a_team.join("bob")
    assert a_team.join("ada") == a_team.join("fay") == first
    assert a_team.join("cy") != first
    assert a_team.join("eve") not in (first, a_team.join("cy"))
    copy = a_team.students["ada"].get(f"/api/copies/{first}").json()
    assert copy["student"] == "Bob"
    assert copy["team"] == ["Ada", "Bob", "Fay"]
    # A save by one member is what another member reads.
    saved = a_team.students["fay"].put(
        f"/api/copies/{first}", json={"version": copy["version"], "notebook": copy["notebook"]}
    )
    assert saved.status_code == 200, saved.text
    assert (
        a_team.students["bob"].get(f"/api/copies/{first}").json()["version"]
        == saved.json()["version"]
    )
    page = a_team.students["ada"].get(f"/copies/{first}").text
    assert "Ada, Bob, Fay" in page
    assert "any member hands it in for the whole team" in page
    # A member's own data holds the team's copy, with the team.
    export = a_team.students["ada"].get("/account/data.zip")
    with zipfile.ZipFile(io.BytesIO(export.content)) as archive:
        account = json.loads(archive.read("account.json"))
    assert [copy["team"] for copy in account["copies"]] == [["Ada", "Bob", "Fay"]]


def test_any_member_hands_in_the_team_s_copy_and_the_teacher_sees_the_team(
    a_team: TeamActivity,
) -> None:
    copy_id = a_team.join("ada")
    version = a_team.students["bob"].get(f"/api/copies/{copy_id}").json()["version"]
    handed = a_team.students["bob"].post(
        f"/api/copies/{copy_id}/submit", json={"version": version}, headers=API
    )
    assert handed.status_code == 200, handed.text
    assert a_team.students["fay"].get(f"/api/copies/{copy_id}").json()["status"] == "submitted"
    activity = a_team.teacher.get(f"/teacher/activities/{a_team.activity_id}").text
    assert f'href="/teacher/copies/{copy_id}">Ada, Bob, Fay</a>' in activity
    assert "Copy of Ada, Bob, Fay" in a_team.teacher.get(f"/teacher/copies/{copy_id}").text
    grades = a_team.teacher.get(f"/teacher/activities/{a_team.activity_id}/grades.csv").text
    rows = list(csv.reader(io.StringIO(grades)))
    assert rows[1][:2] == ["Ada, Bob, Fay", "submitted"]
    # Cy and Dan have not opened theirs: they still show as not started, the team's do not.
    waiting = re.findall(r'<tr class="waiting">\s*<td>([^<]*)</td>', activity)
    assert waiting == ["Cy", "Dan", "Eve"]


def test_the_handshake_admits_the_owner_the_teacher_and_the_team_and_no_one_else(
    a_classroom: Classroom, a_team: TeamActivity, a_server: LiveServer
) -> None:
    copy_id = a_team.join("ada")
    other_teacher = a_classroom.signed_in("otto", Role.TEACHER)
    students = a_team.students
    for admitted in (students["ada"], students["bob"], students["fay"], a_team.teacher):
        assert handshake(a_server, copy_id, admitted) == 101
    assert handshake(a_server, copy_id, students["cy"]) == 404  # another team
    assert handshake(a_server, copy_id, students["eve"]) == 404  # the class, in no team
    assert handshake(a_server, copy_id, other_teacher) == 404
    assert handshake(a_server, copy_id, a_classroom.browser()) == 401
    for refused, expected in (("cy", 404), ("eve", 404)):
        assert students[refused].get(f"/api/copies/{copy_id}").status_code == expected
        assert students[refused].get(f"/copies/{copy_id}").status_code == 404
        put = students[refused].put(f"/api/copies/{copy_id}", json={"version": 1, "notebook": {}})
        assert put.status_code == 404
    assert other_teacher.get(f"/api/copies/{copy_id}").status_code == 404
    assert a_classroom.browser().get(f"/api/copies/{copy_id}").status_code == 401


def test_a_member_taken_out_of_the_team_loses_the_copy_at_once(
    a_team: TeamActivity, a_server: LiveServer
) -> None:
    copy_id = a_team.join("bob")  # Bob opened it first: he owns it
    bob = a_team.students["bob"]
    team = a_team.team_of("bob")
    assert handshake(a_server, copy_id, bob) == 101
    removed = post_form(
        a_team.teacher, f"{a_team.teams_url}/{team}/members/{a_team.ids['bob']}/remove", {}
    )
    assert removed.status_code == 303, removed.text
    assert handshake(a_server, copy_id, bob) == 404
    assert bob.get(f"/api/copies/{copy_id}").status_code == 404
    assert bob.get(f"/copies/{copy_id}").status_code == 404
    # The copy went to a member left in the team; Bob starts a copy of his own.
    assert a_team.students["ada"].get(f"/api/copies/{copy_id}").json()["team"] == ["Ada", "Fay"]
    assert a_team.join("bob") != copy_id
    assert handshake(a_server, copy_id, a_team.students["fay"]) == 101


def test_bad_team_changes_get_one_sentence_and_change_nothing(a_team: TeamActivity) -> None:
    teacher = a_team.teacher
    already = a_team.form("ada", "eve")
    assert already.status_code == 422
    assert error_of(already.text, "students") == (
        "Ada is already in a team for this activity; remove them from it first."
    )
    alone = a_team.form("eve")
    assert error_of(alone.text, "students") == (
        "A team needs at least two students; tick two or more."
    )
    team = a_team.team_of("cy")
    too_small = post_form(
        teacher, f"{a_team.teams_url}/{team}/members/{a_team.ids['cy']}/remove", {}
    )
    assert too_small.status_code == 422
    assert "A team needs at least two students, so Cy stays; undo the team instead." in (
        too_small.text
    )
    size = post_form(teacher, f"{a_team.teams_url}/size", {"team_size": "9"})
    assert error_of(size.text, "team_size") == "Choose how students work from the list."
    # Nothing changed: the two teams are as formed, and Eve is still without a team.
    page = teacher.get(a_team.teams_url).text
    assert re.findall(r"<li>(\w+)\s*<form", page) == ["Ada", "Bob", "Fay", "Cy", "Dan"]
    assert f'id="student-{a_team.ids["eve"]}"' in page


def test_individual_work_refuses_teams(a_classroom: Classroom, a_teacher: TestClient) -> None:
    activity_id, code = a_classroom.activity(a_teacher)
    a_classroom.guest(code, "Ada")
    a_classroom.guest(code, "Bob")
    with a_classroom.app.state.sessions() as db:
        ids = [user.id for user in db.scalars(select(User).where(User.role == Role.STUDENT))]
    data = {"csrf_token": a_teacher.cookies["ardoise_csrf"], "students": [str(i) for i in ids]}
    refused = a_teacher.post(f"/teacher/activities/{activity_id}/teams", data=data)
    assert refused.status_code == 422
    assert error_of(refused.text, "students").startswith("Students work alone in this activity;")
    # Students who joined (guests too) are offered, as the class's members are.
    page = a_teacher.get(f"/teacher/activities/{activity_id}/teams").text
    assert ">Ada</label>" in page and ">Bob</label>" in page


@pytest.mark.parametrize("a_classroom", ["sqlite"], indirect=True)
def test_random_pairs_take_everyone_without_a_team_and_an_odd_one_makes_a_three(
    a_classroom: Classroom,
) -> None:
    team = a_team_activity(a_classroom)
    remove = f"{team.teams_url}/{team.team_of('cy')}/delete"
    assert post_form(team.teacher, remove, {}).status_code == 303
    with a_classroom.app.state.sessions() as db:
        activity = db.get(Activity, team.activity_id)
        assert activity is not None
        drawn = draw_teams(db, activity, random.Random(7))  # Cy, Dan and Eve are free
    assert drawn.teams == 1 and drawn.left == []
    page = team.teacher.get(team.teams_url).text
    assert "Every student of the activity is in a team." in page
    members = re.findall(r"<li>(\w+)\s*<form", page)
    assert sorted(members[3:]) == ["Cy", "Dan", "Eve"]
    drawn_page = post_form(team.teacher, f"{team.teams_url}/random", {})
    assert "0 teams drawn." in drawn_page.text


def test_other_teachers_and_students_do_not_reach_the_teams_page(
    a_classroom: Classroom, a_team: TeamActivity
) -> None:
    other = a_classroom.signed_in("otto", Role.TEACHER)
    assert other.get(a_team.teams_url).status_code == 404
    assert post_form(other, f"{a_team.teams_url}/size", {"team_size": "1"}).status_code == 404
    assert a_team.students["ada"].get(a_team.teams_url).status_code == 404
    signed_out = a_classroom.browser().get(a_team.teams_url)
    assert signed_out.status_code == 303


@pytest.mark.parametrize("a_classroom", ["sqlite"], indirect=True)
def test_two_members_opening_at_once_get_one_team_copy(a_classroom: Classroom) -> None:
    team = a_team_activity(a_classroom)
    with a_classroom.app.state.sessions() as db:
        activity = db.get(Activity, team.activity_id)
        ada, bob = db.get(User, team.ids["ada"]), db.get(User, team.ids["bob"])
        assert activity is not None and ada is not None and bob is not None
        shared = team_of(db, activity.id, ada.id)
        assert shared is not None
        # Both made a copy before either claimed the team's: the first claim wins.
        ada_copy = Copy(activity_id=activity.id, student_id=ada.id, content=activity.notebook)
        bob_copy = Copy(activity_id=activity.id, student_id=bob.id, content=activity.notebook)
        db.add_all([ada_copy, bob_copy])
        db.commit()
        assert claim_copy(db, shared, ada_copy).id == ada_copy.id
        assert claim_copy(db, shared, bob_copy).id == ada_copy.id
    assert team.join("fay") == ada_copy.id
