"""An activity's copies and grades downloaded, duplicated, deleted; a student's data
exported and deleted by the administrator."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import nbformat
from fastapi.testclient import TestClient
from sqlalchemy import select

from ardoise.classroom.models import Role, User

from .conftest import API, Classroom, a_notebook, post_form


def two_students(classroom: Classroom, teacher: TestClient) -> tuple[int, str, list[int]]:
    """Ada hands in a graded copy; "=HYPERLINK(…)" joins and does nothing."""
    activity_id, code = classroom.activity(teacher, "Loops & lists")
    ada, ada_copy = classroom.guest(code, "Ada L.")
    ada.put(f"/api/copies/{ada_copy}", json={"version": 1, "notebook": a_notebook("x = 42")})
    assert ada.post(f"/api/copies/{ada_copy}/submit", json={"version": 2}, headers=API).is_success
    _, other_copy = classroom.guest(code, '=HYPERLINK("http://x")/../evil')
    post_form(teacher, f"/teacher/copies/{ada_copy}/grade", {"grade": "A", "action": "return"})
    return activity_id, code, [ada_copy, other_copy]


def test_every_copy_downloads_as_a_valid_notebook_named_by_its_student(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    activity_id, _, (ada_copy, other_copy) = two_students(a_classroom, a_teacher)
    response = a_teacher.get(f"/teacher/activities/{activity_id}/copies.zip")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert 'filename="Loops_lists-copies.zip"' in response.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = sorted(archive.namelist())
        assert names == [f"Ada_L-{ada_copy}.ipynb", f"HYPERLINK_http_x_evil-{other_copy}.ipynb"]
        ada = nbformat.reads(archive.read(names[0]).decode(), as_version=4)
        nbformat.validate(ada)
        assert ada.cells[0].source == "x = 42"
        other = nbformat.reads(archive.read(names[1]).decode(), as_version=4)
        assert other.cells[0].source == "x = 1"  # the notebook handed out, untouched


def test_the_grades_download_as_csv_with_one_row_per_copy_and_no_formula(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    activity_id, _, _ = two_students(a_classroom, a_teacher)
    response = a_teacher.get(f"/teacher/activities/{activity_id}/grades.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["student", "status", "submitted_at", "grade", "comment"]
    assert rows[1][0] == '\'=HYPERLINK("http://x")/../evil'
    assert rows[1][1:] == ["not_started", "", "", ""]
    assert rows[2][0] == "Ada L."
    assert rows[2][1] == "returned"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", rows[2][2])
    assert rows[2][3] == "A"
    assert len(rows) == 3


def test_a_duplicate_has_a_new_code_the_same_notebook_and_no_copies(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    activity_id, code, _ = two_students(a_classroom, a_teacher)
    response = post_form(a_teacher, f"/teacher/activities/{activity_id}/duplicate", {})
    assert response.status_code == 303
    new_id = int(response.headers["location"].rsplit("/", 1)[1])
    assert new_id != activity_id
    page = a_teacher.get(f"/teacher/activities/{new_id}").text
    new_code = re.search(r"/join/([A-Z0-9]+)", page)
    assert new_code
    assert new_code.group(1) != code
    assert "Loops &amp; lists" in page
    assert "No student has joined yet." in page
    student, copy_id = a_classroom.guest(new_code.group(1), "Cy")
    assert student.get(f"/api/copies/{copy_id}").json()["notebook"]["cells"][0]["source"] == "x = 1"


def test_deleting_an_activity_asks_first_then_deletes_its_copies(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    activity_id, code, (ada_copy, _) = two_students(a_classroom, a_teacher)
    kept_id, _ = a_classroom.activity(a_teacher, "Kept")
    ask = a_teacher.get(f"/teacher/activities/{activity_id}/delete")
    assert ask.status_code == 200
    assert "its 2 copies" in ask.text
    assert "Loops &amp; lists" in a_teacher.get("/teacher").text  # asking deletes nothing
    response = post_form(a_teacher, f"/teacher/activities/{activity_id}/delete", {})
    assert response.headers["location"] == "/teacher"
    assert a_teacher.get(f"/teacher/activities/{activity_id}").status_code == 404
    assert a_teacher.get(f"/teacher/copies/{ada_copy}").status_code == 404
    assert "Loops &amp; lists" not in a_teacher.get("/teacher").text
    assert a_teacher.get(f"/teacher/activities/{kept_id}").status_code == 200
    assert a_classroom.browser().get(f"/join/{code}").status_code == 404


def students_of(admin: TestClient) -> dict[str, str]:
    page = admin.get("/admin/students").text
    return {
        name: number
        for number, name in re.findall(
            r'/admin/students/(\d+)/export.zip" aria-label="[^"]* of ([^"]+)"', page
        )
    }


def test_the_admin_exports_then_deletes_a_students_data(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    activity_id, _, (ada_copy, other_copy) = two_students(a_classroom, a_teacher)
    post_form(
        a_teacher, f"/teacher/copies/{ada_copy}/comments", {"cell_index": "0", "comment": "Yes"}
    )
    admin = a_classroom.signed_in("root", Role.ADMIN)
    students = students_of(admin)
    assert set(students) == {"Ada L.", "=HYPERLINK(&#34;http://x&#34;)/../evil"}
    ada = students["Ada L."]
    response = admin.get(f"/admin/students/{ada}/export.zip")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        account = json.loads(archive.read("account.json"))
        assert account["display_name"] == "Ada L."
        assert account["has_private_link"] is True
        (record,) = account["copies"]
        assert record["activity"] == "Loops & lists"
        assert record["grade"] == "A"
        assert record["comments"] == [{"cell_id": "cell-0", "cell_number": 1, "text": "Yes"}]
        notebook = nbformat.reads(archive.read(record["file"]).decode(), as_version=4)
        nbformat.validate(notebook)
        assert notebook.cells[0].source == "x = 42"
        assert "password" not in json.dumps(account)
    ask = admin.get(f"/admin/students/{ada}/delete")
    assert "its 1 copies" in ask.text
    assert post_form(admin, f"/admin/students/{ada}/delete", {}).status_code == 303
    assert set(students_of(admin)) == {"=HYPERLINK(&#34;http://x&#34;)/../evil"}
    assert a_teacher.get(f"/teacher/copies/{ada_copy}").status_code == 404
    assert a_teacher.get(f"/teacher/copies/{other_copy}").status_code == 200
    assert "Ada L." not in a_teacher.get(f"/teacher/activities/{activity_id}/grades.csv").text


def test_only_the_admin_reaches_students_data(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    two_students(a_classroom, a_teacher)
    admin = a_classroom.signed_in("root", Role.ADMIN)
    ada = students_of(admin)["Ada L."]
    ada_browser = a_classroom.guest(a_classroom.activity(a_teacher, "B")[1], "Zed")[0]
    paths = [
        "/admin/students",
        f"/admin/students/{ada}/export.zip",
        f"/admin/students/{ada}/delete",
    ]
    for browser in (a_teacher, ada_browser):
        for path in paths:
            assert browser.get(path).status_code == 404, path
        assert post_form(browser, f"/admin/students/{ada}/delete", {}).status_code == 404
    anonymous = a_classroom.browser()
    for path in paths:
        assert anonymous.get(path).headers["location"] == f"/signin?next={path}"
    # An admin cannot delete a teacher through the students' page.
    with a_classroom.app.state.sessions() as db:
        teacher_id = db.scalar(select(User.id).where(User.username == "tina"))
    assert admin.get(f"/admin/students/{teacher_id}/delete").status_code == 404
    assert "Ada L." in admin.get("/admin/students").text


def test_exported_comments_name_their_cell_by_id_which_follows_the_cell_when_moved(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    _, code = a_classroom.activity(a_teacher, "Two cells")
    ada, copy_id = a_classroom.guest(code, "Ada L.")
    url = f"/api/copies/{copy_id}"
    handed = a_notebook("first = 1", "second = 2")  # cells "cell-0" and "cell-1"
    assert ada.put(url, json={"version": 1, "notebook": handed}).status_code == 200
    assert ada.post(f"{url}/submit", json={"version": 2}, headers=API).is_success
    comment = {"cell_id": "cell-1", "comment": "Name it better"}
    assert post_form(a_teacher, f"/teacher/copies/{copy_id}/comments", comment).status_code == 303
    post_form(a_teacher, f"/teacher/copies/{copy_id}/grade", {"grade": "B", "action": "return"})
    # The student keeps working: the commented cell moves to the top.
    moved = {**handed, "cells": handed["cells"][::-1]}
    assert ada.put(url, json={"version": 2, "notebook": moved}).status_code == 200

    admin = a_classroom.signed_in("root", Role.ADMIN)
    exported = admin.get(f"/admin/students/{students_of(admin)['Ada L.']}/export.zip")
    own = ada.get("/account/data.zip")
    for response in (exported, own):
        assert response.status_code == 200
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            (record,) = json.loads(archive.read("account.json"))["copies"]
            expected = {"cell_id": "cell-1", "cell_number": 2, "text": "Name it better"}
            assert record["comments"] == [expected]
            # The id finds the commented cell in both versions, wherever it is now.
            for name in (record["file"], record["submitted_file"]):
                notebook = nbformat.reads(archive.read(name).decode(), as_version=4)
                (cell,) = [cell for cell in notebook.cells if cell.id == "cell-1"]
                assert cell.source == "second = 2"
            latest = nbformat.reads(archive.read(record["file"]).decode(), as_version=4)
            assert latest.cells[0].id == "cell-1"  # its number when commented is 2
