"""Students join with a share code and get their own copy, the same one every time."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from ardoise.classroom.models import Role

from .conftest import Classroom, error_of, post_form


def test_a_student_enters_the_code_gives_a_name_and_gets_a_copy(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    _, code = a_classroom.activity(a_teacher, "Loops", instructions="Answer every question")
    student = a_classroom.browser()
    typed = f"{code[:5].lower()} - {code[5:]}"  # as read aloud and typed by hand
    response = post_form(student, "/join", {"code": typed})
    assert response.headers["location"] == f"/join/{code}"
    page = student.get(f"/join/{code}").text
    assert "Answer every question" in page
    assert 'aria-describedby="name-help"' in page
    joined = post_form(student, f"/join/{code}", {"name": "Ada L."})
    copy_page = student.get(joined.headers["location"]).text
    assert "Loops" in copy_page
    assert "Not started" in copy_page
    assert "x = 1" in copy_page
    assert "Signed in as Ada L." in copy_page


def test_joining_again_returns_the_same_copy_and_the_private_link_works_on_another_device(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    _, code = a_classroom.activity(a_teacher)
    student, copy_id = a_classroom.guest(code)
    assert student.get(f"/join/{code}").headers["location"] == f"/copies/{copy_id}"
    assert post_form(student, f"/join/{code}", {}).headers["location"] == f"/copies/{copy_id}"
    link = re.search(
        r'value="(http://testserver/resume/[^"]+)"', student.get(f"/copies/{copy_id}").text
    )
    assert link, "the copy page shows the private link"
    other_device = a_classroom.browser()
    response = other_device.get(link.group(1).removeprefix("http://testserver"))
    assert response.headers["location"] == f"/copies/{copy_id}"
    assert other_device.get(f"/copies/{copy_id}").status_code == 200
    assert a_classroom.browser().get("/resume/not-a-real-secret").status_code == 404


def test_an_empty_name_is_told_next_to_the_field_and_creates_no_copy(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    activity_id, code = a_classroom.activity(a_teacher)
    response = post_form(a_classroom.browser(), f"/join/{code}", {"name": "   "})
    assert response.status_code == 422
    assert error_of(response.text, "name").startswith("Give a name")
    assert "No student has joined yet." in a_teacher.get(f"/teacher/activities/{activity_id}").text


def test_a_closed_activity_refuses_new_copies_but_keeps_existing_ones(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    activity_id, code = a_classroom.activity(a_teacher)
    early, copy_id = a_classroom.guest(code)
    assert post_form(a_teacher, f"/teacher/activities/{activity_id}/close", {}).status_code == 303
    late = a_classroom.browser()
    refused = post_form(late, f"/join/{code}", {"name": "Late Larry"})
    assert refused.status_code == 403
    assert "This activity is closed" in refused.text
    assert late.get(f"/join/{code}").status_code == 403
    assert early.get(f"/join/{code}").headers["location"] == f"/copies/{copy_id}"
    assert "Late Larry" not in a_teacher.get(f"/teacher/activities/{activity_id}").text


def test_an_activity_without_guests_sends_anonymous_students_to_sign_in(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    _, code = a_classroom.activity(a_teacher, guests_allowed="")
    visitor = a_classroom.browser()
    assert visitor.get(f"/join/{code}").headers["location"] == f"/signin?next=/join/{code}"
    assert post_form(visitor, f"/join/{code}", {"name": "Ada"}).status_code == 303
    assert "ardoise_session" not in visitor.cookies


def test_teachers_cannot_take_a_copy(a_classroom: Classroom, a_teacher: TestClient) -> None:
    _, code = a_classroom.activity(a_teacher)
    other = a_classroom.signed_in("theo", Role.TEACHER)
    response = post_form(other, f"/join/{code}", {})
    assert response.status_code == 403
    assert "Teachers hand out activities" in response.text


def test_share_codes_cannot_be_enumerated_wrong_codes_are_rate_limited(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    _, code = a_classroom.activity(a_teacher)
    guesser = a_classroom.browser()
    wrong = post_form(guesser, "/join", {"code": "AAAAA-AAAAA"})
    assert wrong.status_code == 404
    assert error_of(wrong.text, "code").startswith("No open activity has this code")
    for attempt in range(a_classroom.config.max_failed_codes - 1):
        guesser.get(f"/join/{'B' * 9}{'23456789ABCDEFGHJK'[attempt % 18]}")
    # Past the limit even the right code is refused from this address, by form or link.
    assert post_form(guesser, "/join", {"code": code}).status_code == 429
    blocked = guesser.get(f"/join/{code}")
    assert blocked.status_code == 429
    assert "Too many wrong codes" in blocked.text


def test_a_student_sees_only_their_own_copy(a_classroom: Classroom, a_teacher: TestClient) -> None:
    _, code = a_classroom.activity(a_teacher)
    ada, ada_copy = a_classroom.guest(code, "Ada")
    bob, bob_copy = a_classroom.guest(code, "Bob")
    assert ada.get(f"/copies/{bob_copy}").status_code == 404
    assert post_form(ada, f"/copies/{bob_copy}/submit", {"version": "1"}).status_code == 404
    assert "Not started" in bob.get(f"/copies/{bob_copy}").text
    anonymous = a_classroom.browser()
    assert anonymous.get(f"/copies/{ada_copy}").headers["location"].startswith("/signin")
    assert a_teacher.get(f"/copies/{ada_copy}").status_code == 404


def test_handing_in_from_the_page_freezes_the_copy_for_the_teacher(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    activity_id, code = a_classroom.activity(a_teacher)
    student, copy_id = a_classroom.guest(code, "Ada")
    assert post_form(student, f"/copies/{copy_id}/submit", {"version": "1"}).status_code == 303
    assert "Handed in at" in student.get(f"/copies/{copy_id}").text
    assert "Submitted" in a_teacher.get(f"/teacher/activities/{activity_id}").text
