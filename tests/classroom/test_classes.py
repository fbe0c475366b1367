"""A teacher's classes: create, rename, delete, add and remove students; activities by class."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from fastapi.testclient import TestClient

from ardoise.classroom.models import Role

from .conftest import Classroom, error_of, post_form


def new_class(teacher: TestClient, name: str = "2nd year B") -> int:
    response = post_form(teacher, "/teacher/classes", {"name": name})
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def students(classroom: Classroom, *usernames: str) -> None:
    for username in usernames:
        classroom.account(username, Role.STUDENT, username.title() + " S.")


def an_activity_of_ada_and_graces_class(
    classroom: Classroom, teacher: TestClient
) -> tuple[int, int, str]:
    """A class of two students, Ada and Grace, and a new activity of it: the class's id,
    the activity's id and its share code."""
    students(classroom, "ada", "grace")
    group = new_class(teacher)
    post_form(teacher, f"/teacher/classes/{group}/members", {"usernames": "ada grace"})
    activity, code = classroom.activity(teacher, group=str(group))
    return group, activity, code


def member_names(html: str) -> list[str]:
    return re.findall(r"<tr>\s*<td>([^<]+)</td>\s*<td><code>", html)


def test_a_teacher_creates_a_class_adds_students_by_username_and_removes_one(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    students(a_classroom, "ada", "grace", "alan")
    a_classroom.account("tom", Role.TEACHER)
    group = new_class(a_teacher, "  2nd   year B ")
    page = a_teacher.get(f"/teacher/classes/{group}").text
    assert "<h1>2nd year B</h1>" in page
    assert "No students in this class yet." in page

    # A pasted list, one per line: students are added; a teacher and a typo are not.
    added = post_form(
        a_teacher,
        f"/teacher/classes/{group}/members",
        {"usernames": "ada\r\ngrace, ada\n\ntom\nnobody\n"},
    )
    assert added.status_code == 422
    assert "Students added: 2." in added.text
    assert error_of(added.text, "usernames").startswith(
        "Not added, as these are not student accounts: tom, nobody."
    )
    # What was not added stays in the field, to correct it.
    assert re.search(r'<textarea id="usernames"[^>]*>tom\nnobody</textarea>', added.text)
    assert member_names(added.text) == ["Ada S.", "Grace S."]

    again = post_form(a_teacher, f"/teacher/classes/{group}/members", {"usernames": "ada alan"})
    assert again.status_code == 200
    assert "Students added: 1. Already in the class: 1." in again.text
    assert member_names(again.text) == ["Ada S.", "Alan S.", "Grace S."]

    listing = a_teacher.get("/teacher/classes").text
    assert re.search(r"2nd year B</a></td>\s*<td>3</td>", listing)

    with a_classroom.app.state.sessions() as db:
        from ardoise.classroom.models import User

        grace = db.query(User).filter_by(username="grace").one().id
    removed = post_form(a_teacher, f"/teacher/classes/{group}/members/{grace}/remove", {})
    assert removed.status_code == 303
    assert member_names(a_teacher.get(f"/teacher/classes/{group}").text) == ["Ada S.", "Alan S."]


def test_empty_names_and_lists_are_told_next_to_their_field(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    refused = post_form(a_teacher, "/teacher/classes", {"name": "   "})
    assert refused.status_code == 422
    assert error_of(refused.text, "name") == "Give the class a name (1 to 100 characters)."
    assert "No classes yet" in refused.text
    group = new_class(a_teacher)
    empty = post_form(a_teacher, f"/teacher/classes/{group}/members", {"usernames": " \n "})
    assert empty.status_code == 422
    assert error_of(empty.text, "usernames") == "Give at least one username."
    many = "\n".join(f"student{number}" for number in range(501))
    too_many = post_form(a_teacher, f"/teacher/classes/{group}/members", {"usernames": many})
    assert too_many.status_code == 422
    assert error_of(too_many.text, "usernames") == "Give at most 500 usernames at a time."
    long_name = post_form(a_teacher, f"/teacher/classes/{group}/name", {"name": "x" * 101})
    assert long_name.status_code == 422
    assert error_of(long_name.text, "name") == "Give the class a name (1 to 100 characters)."
    assert "<h1>2nd year B</h1>" in a_teacher.get(f"/teacher/classes/{group}").text


def test_renaming_and_deleting_a_class_keeps_its_activities_and_students(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    students(a_classroom, "ada")
    group = new_class(a_teacher)
    post_form(a_teacher, f"/teacher/classes/{group}/members", {"usernames": "ada"})
    renamed = post_form(a_teacher, f"/teacher/classes/{group}/name", {"name": "Terminale"})
    assert renamed.status_code == 200
    assert "Class renamed." in renamed.text
    assert "<h1>Terminale</h1>" in renamed.text
    activity, _ = a_classroom.activity(a_teacher, group=str(group))
    confirm = a_teacher.get(f"/teacher/classes/{group}/delete")
    assert "its list of 1 students will be deleted" in confirm.text
    deleted = post_form(a_teacher, f"/teacher/classes/{group}/delete", {})
    assert deleted.status_code == 303
    assert a_teacher.get(f"/teacher/classes/{group}").status_code == 404
    page = a_teacher.get(f"/teacher/activities/{activity}")
    assert page.status_code == 200
    assert "Terminale" not in page.text
    ada = a_classroom.signed_in("ada")
    assert "You are in no class yet" in ada.get("/").text


def test_an_activity_of_a_class_lists_its_students_who_have_not_started(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    _, activity, code = an_activity_of_ada_and_graces_class(a_classroom, a_teacher)
    page = a_teacher.get(f"/teacher/activities/{activity}").text
    waiting = re.findall(r'<tr class="waiting">\s*<td>([^<]+)</td>\s*<td>([^<]+)</td>', page)
    assert waiting == [("Ada S.", "Not started"), ("Grace S.", "Not started")]
    # Ada joins: she now has her copy's row, Grace is still waiting.
    ada = a_classroom.signed_in("ada")
    assert post_form(ada, f"/join/{code}", {}).status_code == 303
    page = a_teacher.get(f"/teacher/activities/{activity}").text
    assert re.findall(r'<tr class="waiting">\s*<td>([^<]+)</td>', page) == ["Grace S."]
    assert re.search(r'/teacher/copies/\d+">Ada S\.</a>', page)
    # An activity without a class lists only copies.
    other, _ = a_classroom.activity(a_teacher, "Other")
    assert 'class="waiting"' not in a_teacher.get(f"/teacher/activities/{other}").text


def test_the_class_of_an_activity_is_chosen_when_created_or_changed_and_filters_the_dashboard(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    first = new_class(a_teacher, "Seconde A")
    second = new_class(a_teacher, "Seconde B")
    form = a_teacher.get("/teacher/activities/new").text
    assert f'<option value="{first}" >Seconde A</option>' in form
    loops, _ = a_classroom.activity(a_teacher, "Loops", group=str(first))
    lists, _ = a_classroom.activity(a_teacher, "Lists")
    titles = re.compile(r'/teacher/activities/\d+">([^<]+)</a>')
    assert titles.findall(a_teacher.get("/teacher").text) == ["Lists", "Loops"]
    assert titles.findall(a_teacher.get(f"/teacher?group={first}").text) == ["Loops"]
    assert "No activities for this class yet" in a_teacher.get(f"/teacher?group={second}").text

    changed = post_form(
        a_teacher,
        f"/teacher/activities/{lists}/settings",
        {"group": str(second), "keep_working": "1"},
    )
    assert changed.status_code == 303
    page = a_teacher.get(changed.headers["location"]).text
    assert "Settings saved." in page
    assert f'<option value="{second}" selected>Seconde B</option>' in page
    assert titles.findall(a_teacher.get(f"/teacher?group={second}").text) == ["Lists"]
    # Taken out of every class.
    post_form(a_teacher, f"/teacher/activities/{lists}/settings", {"group": ""})
    assert titles.findall(a_teacher.get(f"/teacher?group={second}").text) == []
    # A duplicate keeps the class.
    copy = post_form(a_teacher, f"/teacher/activities/{loops}/duplicate", {})
    assert f"/teacher/classes/{first}" in a_teacher.get(copy.headers["location"]).text


def test_another_teachers_class_cannot_be_chosen_seen_or_filtered_by(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    tom = a_classroom.signed_in("tom", Role.TEACHER)
    toms = new_class(tom, "Tom's class")
    activity, _ = a_classroom.activity(a_teacher)
    refused = post_form(a_teacher, f"/teacher/activities/{activity}/settings", {"group": str(toms)})
    assert refused.status_code == 422
    assert error_of(refused.text, "group") == "Choose one of your classes, or no class."
    assert "Tom&#39;s class" not in refused.text
    created = post_form(
        a_teacher,
        "/teacher/activities",
        {"title": "Sneaky", "group": str(toms), "course_notebook": ""},
    )
    assert created.status_code == 422
    assert error_of(created.text, "group") == "Choose one of your classes, or no class."
    assert a_teacher.get(f"/teacher?group={toms}").status_code == 404
    assert a_teacher.get("/teacher?group=nope").status_code == 404


# Every class page and form, as the owner would use them.
PAGES = ["/teacher/classes", "/teacher/classes/{id}", "/teacher/classes/{id}/delete"]
FORMS = [
    ("/teacher/classes", {"name": "Mine now"}),
    ("/teacher/classes/{id}/name", {"name": "Stolen"}),
    ("/teacher/classes/{id}/members", {"usernames": "ada"}),
    ("/teacher/classes/{id}/members/{ada}/remove", {}),
    ("/teacher/classes/{id}/delete", {}),
    ("/teacher/activities/{activity}/settings", {"group": "{id}"}),
]


@pytest.mark.parametrize("who", ["other teacher", "student", "signed out"])
def test_nobody_but_the_classs_teacher_sees_or_changes_it(
    a_classroom: Classroom, a_teacher: TestClient, who: str
) -> None:
    students(a_classroom, "ada")
    group = new_class(a_teacher, "Secret class")
    post_form(a_teacher, f"/teacher/classes/{group}/members", {"usernames": "ada"})
    activity, _ = a_classroom.activity(a_teacher)
    with a_classroom.app.state.sessions() as db:
        from ardoise.classroom.models import User

        ada = db.query(User).filter_by(username="ada").one().id
    names = {"id": group, "ada": ada, "activity": activity}
    if who == "other teacher":
        visitor = a_classroom.signed_in("tom", Role.TEACHER)
    elif who == "student":
        visitor = a_classroom.signed_in("ada")
    else:
        visitor = a_classroom.browser()
    for path in PAGES:
        answer = visitor.get(path.format(**names))
        if who == "signed out":
            assert answer.status_code == 303
            assert answer.headers["location"].startswith("/signin")
        elif who == "other teacher" and path == "/teacher/classes":
            assert answer.status_code == 200  # their own (empty) list
            assert "Secret class" not in answer.text
        else:
            assert answer.status_code == 404, path
            assert "Secret class" not in answer.text
    for path, data in FORMS:
        filled = {key: value.format(**names) for key, value in data.items()}
        answer = post_form(visitor, path.format(**names), filled)
        if who == "signed out":
            assert answer.status_code == 303, path
            assert answer.headers["location"].startswith("/signin")
        elif who == "other teacher" and path == "/teacher/classes":
            assert answer.status_code == 303  # a class of their own
        else:
            assert answer.status_code == 404, path
    # Nothing changed.
    page = a_teacher.get(f"/teacher/classes/{group}").text
    assert "<h1>Secret class</h1>" in page
    assert member_names(page) == ["Ada S."]
    assert a_teacher.get(f"/teacher?group={group}").status_code == 200


def test_class_forms_refuse_a_post_without_the_form_token(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    group = new_class(a_teacher)
    for path in (
        "/teacher/classes",
        f"/teacher/classes/{group}/name",
        f"/teacher/classes/{group}/members",
        f"/teacher/classes/{group}/delete",
    ):
        answer = a_teacher.post(path, data={"name": "x", "usernames": "x"})
        assert answer.status_code == 403, path
    assert "<h1>2nd year B</h1>" in a_teacher.get(f"/teacher/classes/{group}").text


def test_a_student_sees_their_classes_and_teacher_but_never_the_members(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    students(a_classroom, "ada", "grace")
    mine = new_class(a_teacher, "Seconde A")
    other = new_class(a_teacher, "Seconde B")
    post_form(a_teacher, f"/teacher/classes/{mine}/members", {"usernames": "ada grace"})
    post_form(a_teacher, f"/teacher/classes/{other}/members", {"usernames": "grace"})
    ada = a_classroom.signed_in("ada")
    home = ada.get("/").text
    assert re.findall(r"<li>([^<]+)</li>", home.split('class="my-classes"')[1]) == [
        "Seconde A (with Tina)"
    ]
    assert "Grace" not in home
    assert "Seconde B" not in home
    french = ada.get("/", headers={"accept-language": "fr"}).text
    assert "Mes classes" in french
    assert "Seconde A (avec Tina)" in french


def test_a_students_data_names_their_classes_and_deleting_them_leaves_the_class(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    students(a_classroom, "ada")
    group = new_class(a_teacher, "Seconde A")
    post_form(a_teacher, f"/teacher/classes/{group}/members", {"usernames": "ada"})
    admin = a_classroom.signed_in("root", Role.ADMIN)
    with a_classroom.app.state.sessions() as db:
        from ardoise.classroom.models import User

        ada = db.query(User).filter_by(username="ada").one().id
    exported = admin.get(f"/admin/students/{ada}/export.zip")
    assert exported.status_code == 200
    with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
        account = json.loads(archive.read("account.json"))
    assert account["classes"] == [{"name": "Seconde A", "teacher": "Tina"}]
    assert post_form(admin, f"/admin/students/{ada}/delete", {}).status_code == 303
    assert member_names(a_teacher.get(f"/teacher/classes/{group}").text) == []


def test_a_guest_in_a_class_activity_is_marked_and_the_class_still_waits_for_its_students(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    group, activity, code = an_activity_of_ada_and_graces_class(a_classroom, a_teacher)
    # Someone who is not signed in joins with a class member's name: a guest, not Ada.
    guest, guest_copy = a_classroom.guest(code, "Ada S.")
    page = a_teacher.get(f"/teacher/activities/{activity}").text
    waiting = re.findall(r'<tr class="waiting">\s*<td>([^<]+)</td>', page)
    assert waiting == ["Ada S.", "Grace S."]
    copies = re.findall(
        r'/teacher/copies/(\d+)">([^<]+)</a>( <span class="guest-mark">[^<]+)?', page
    )
    assert copies == [(str(guest_copy), "Ada S.", ' <span class="guest-mark">(name only)')]
    # Ada herself joins: her row has no mark, and nobody of the class waits but Grace.
    ada = a_classroom.signed_in("ada")
    assert post_form(ada, f"/join/{code}", {}).status_code == 303
    page = a_teacher.get(f"/teacher/activities/{activity}").text
    assert re.findall(r'<tr class="waiting">\s*<td>([^<]+)</td>', page) == ["Grace S."]
    marks = re.findall(r'/teacher/copies/\d+">Ada S\.</a>( <span class="guest-mark">)?', page)
    assert sorted(marks) == ["", ' <span class="guest-mark">']
    # The dashboard counts both copies; the guest's copy is reviewed like any other.
    dashboard = a_teacher.get(f"/teacher?group={group}").text
    assert re.search(r"<td>2</td>\s*</tr>", dashboard)
    assert a_teacher.get(f"/teacher/copies/{guest_copy}").status_code == 200
    # The guest is in no class and is not told to wait for a teacher to add them.
    home = guest.get("/").text
    assert "My classes" not in home
    assert "My classes" in ada.get("/").text


def test_a_guest_signed_in_by_another_activity_cannot_join_one_without_guests(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    group = new_class(a_teacher)
    _, open_code = a_classroom.activity(a_teacher, "Open to guests")
    closed_id, closed_code = a_classroom.activity(
        a_teacher, "Accounts only", group=str(group), guests_allowed=""
    )
    guest, _ = a_classroom.guest(open_code, "Ada L.")
    asked = guest.get(f"/join/{closed_code}")
    assert asked.status_code == 303
    assert asked.headers["location"] == f"/signin?next=/join/{closed_code}"
    posted = post_form(guest, f"/join/{closed_code}", {"name": "Ada L."})
    assert posted.headers["location"] == f"/signin?next=/join/{closed_code}"
    page = a_teacher.get(f"/teacher/activities/{closed_id}").text
    assert "Ada L." not in page
    # A student with an account still joins it.
    students(a_classroom, "grace")
    grace = a_classroom.signed_in("grace")
    assert post_form(grace, f"/join/{closed_code}", {}).status_code == 303
