"""Teachers create activities from a notebook, see their copies, close them; only their own."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ardoise.classroom import ClassroomConfig, create_app
from ardoise.classroom.models import Role
from ardoise.classroom.sharecodes import ALPHABET, CODE_LENGTH

from .conftest import NOTEBOOKS, Classroom, error_of, notebook_bytes, post_form

FIELDS = {"title": "Loops", "instructions": "Do it", "due": "", "late_accepted": "1"}


def upload(teacher: TestClient, name: str, data: bytes, **fields: str) -> object:
    return post_form(
        teacher,
        "/teacher/activities",
        {**FIELDS, **fields},
        files={"notebook": (name, data, "application/octet-stream")},
    )


def test_an_uploaded_notebook_becomes_an_activity_with_a_share_code_and_link(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    data = (NOTEBOOKS / "en" / "02-loops-and-functions.ipynb").read_bytes()
    response = upload(a_teacher, "02-loops-and-functions.ipynb", data, due="2030-01-31T18:00")
    assert response.status_code == 303  # type: ignore[attr-defined]
    page = a_teacher.get(response.headers["location"]).text  # type: ignore[attr-defined]
    code = re.search(r'<code class="code">(\w{5})-(\w{5})</code>', page)
    assert code, page
    share = code.group(1) + code.group(2)
    assert len(share) == CODE_LENGTH
    assert set(share) <= set(ALPHABET)
    assert f'href="http://testserver/join/{share}"' in page
    assert "2030-01-31 18:00 UTC" in page
    assert "No student has joined yet." in page
    dashboard = a_teacher.get("/teacher").text
    assert "Loops" in dashboard
    assert f"{share[:5]}-{share[5:]}" in dashboard


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.ipynb", b"not json at all", "This file is not a notebook Ardoise can open"),
        ("bad.ipynb", json.dumps({"nbformat": 4, "cells": 3}).encode(), "invalid notebook"),
        ("big.ipynb", notebook_bytes("x" * 220_000), "The notebook is larger than 0.2 MB"),
        ("", b"", "Upload a .ipynb file or choose a notebook of the course."),
    ],
    ids=["not-json", "not-a-notebook", "too-big", "no-file"],
)
def test_a_bad_upload_is_told_next_to_the_field_and_creates_nothing(
    a_classroom: Classroom, a_teacher: TestClient, name: str, data: bytes, message: str
) -> None:
    response = upload(a_teacher, name, data)
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert message in error_of(response.text, "notebook")  # type: ignore[attr-defined]
    assert 'value="Loops"' in response.text  # type: ignore[attr-defined]
    assert "No activities yet" in a_teacher.get("/teacher").text


def test_a_missing_title_and_an_unreadable_due_date_are_told_together(
    a_teacher: TestClient,
) -> None:
    response = upload(a_teacher, "a.ipynb", notebook_bytes(), title=" ", due="next week")
    assert response.status_code == 422  # type: ignore[attr-defined]
    html = response.text  # type: ignore[attr-defined]
    assert error_of(html, "title").startswith("Give a title")
    assert error_of(html, "due").startswith("Give the date and time")


def test_a_notebook_of_the_course_folder_can_be_handed_out(tmp_path: Path) -> None:
    course = tmp_path / "course"
    (course / "week1").mkdir(parents=True)
    shutil.copy(
        NOTEBOOKS / "fr" / "02-boucles-et-fonctions.ipynb", course / "week1" / "boucles.ipynb"
    )
    config = ClassroomConfig(data=tmp_path / "data", content=course)
    classroom = Classroom(create_app(config), config)
    teacher = classroom.signed_in("tina", Role.TEACHER)
    form = teacher.get("/teacher/activities/new").text
    assert '<option value="week1/boucles.ipynb"' in form
    response = post_form(
        teacher, "/teacher/activities", {**FIELDS, "course_notebook": "week1/boucles.ipynb"}
    )
    assert response.status_code == 303
    # A path outside the course's list is refused, whatever it names.
    outside = post_form(
        teacher, "/teacher/activities", {**FIELDS, "course_notebook": "../data/x.ipynb"}
    )
    assert outside.status_code == 422
    classroom.app.state.sessions.kw["bind"].dispose()


def test_the_activity_page_lists_each_copy_with_its_student_and_status(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    activity_id, code = a_classroom.activity(a_teacher)
    a_classroom.guest(code, "Ada L.")
    a_classroom.guest(code, "Blaise P.")
    page = a_teacher.get(f"/teacher/activities/{activity_id}").text
    rows = re.findall(
        r'<tr>\s*<td><a href="/teacher/copies/\d+">([^<]+)</a>'
        r'( <span class="guest-mark">[^<]+</span>)?</td>\s*<td>([^<]+)</td>\s*<td>([^<]+)</td>',
        page,
    )
    guest = ' <span class="guest-mark">(name only)</span>'  # they joined with just a name
    assert rows == [
        ("Ada L.", guest, "Not started", "never"),
        ("Blaise P.", guest, "Not started", "never"),
    ]


def test_a_teacher_sees_and_closes_only_their_own_activities(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    activity_id, _ = a_classroom.activity(a_teacher, "Secret plans")
    other = a_classroom.signed_in("theo", Role.TEACHER)
    assert "Secret plans" not in other.get("/teacher").text
    assert other.get(f"/teacher/activities/{activity_id}").status_code == 404
    assert post_form(other, f"/teacher/activities/{activity_id}/close", {}).status_code == 404
    assert "Close the activity" in a_teacher.get(f"/teacher/activities/{activity_id}").text


def test_teacher_pages_send_anonymous_visitors_to_sign_in_and_refuse_students(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    activity_id, code = a_classroom.activity(a_teacher)
    student = a_classroom.guest(code)[0]
    anonymous = a_classroom.browser()
    pages = ["/teacher", "/teacher/activities/new", f"/teacher/activities/{activity_id}"]
    for path in pages:
        assert anonymous.get(path).headers["location"] == f"/signin?next={path}"
        assert student.get(path).status_code == 404
    for browser in (anonymous, student):
        closing = post_form(browser, f"/teacher/activities/{activity_id}/close", {})
        assert closing.status_code in (303, 404)
        created = post_form(browser, "/teacher/activities", FIELDS)
        assert created.status_code in (303, 404)
    assert "Close the activity" in a_teacher.get(f"/teacher/activities/{activity_id}").text
    assert len(re.findall(r"/teacher/activities/\d+\"", a_teacher.get("/teacher").text)) == 1
