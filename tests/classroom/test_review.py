"""The teacher reviews a copy: comments on cells, a grade, returning it; the student sees
them once returned, and nobody else ever does."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from ardoise.classroom.models import Role

from .conftest import API, Classroom, a_notebook, error_of, post_form


def a_handed_in_copy(classroom: Classroom, teacher: TestClient) -> tuple[int, TestClient, int]:
    """An activity whose student saved two cells and handed them in: activity, student, copy."""
    activity_id, code = classroom.activity(teacher)
    student, copy_id = classroom.guest(code, "Ada L.")
    notebook = a_notebook("total = 0", "for i in range(3):\n    total += i")
    saved = student.put(f"/api/copies/{copy_id}", json={"version": 1, "notebook": notebook})
    assert saved.status_code == 200, saved.text
    handed = student.post(f"/api/copies/{copy_id}/submit", json={"version": 2}, headers=API)
    assert handed.status_code == 200, handed.text
    return activity_id, student, copy_id


def test_the_teacher_reads_the_copy_handed_in_and_the_live_one_when_it_changed(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    activity_id, student, copy_id = a_handed_in_copy(a_classroom, a_teacher)
    listing = a_teacher.get(f"/teacher/activities/{activity_id}").text
    assert f'<a href="/teacher/copies/{copy_id}">Ada L.</a>' in listing
    page = a_teacher.get(f"/teacher/copies/{copy_id}").text
    assert "Copy of Ada L." in page
    assert "the copy handed in" in page
    assert "for i in range(3):\n    total += i" in page
    assert "?view=live" not in page  # nothing changed since
    later = a_notebook("total = 0", "print('changed after')")
    student.put(f"/api/copies/{copy_id}", json={"version": 2, "notebook": later})
    page = a_teacher.get(f"/teacher/copies/{copy_id}").text
    assert "print(&#39;changed after&#39;)" not in page
    assert f'href="/teacher/copies/{copy_id}?view=live"' in page
    live = a_teacher.get(f"/teacher/copies/{copy_id}?view=live").text
    assert "print(&#39;changed after&#39;)" in live


def test_comments_and_grade_reach_the_student_only_once_returned(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    _, student, copy_id = a_handed_in_copy(a_classroom, a_teacher)
    sent = post_form(
        a_teacher,
        f"/teacher/copies/{copy_id}/comments",
        {"cell_index": "1", "comment": "Nice loop"},
    )
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/teacher/copies/{copy_id}#cell-2"
    graded = post_form(
        a_teacher,
        f"/teacher/copies/{copy_id}/grade",
        {"grade": "15/20", "grade_comment": "Good work", "action": "save"},
    )
    assert graded.status_code == 303
    teacher_page = a_teacher.get(f"/teacher/copies/{copy_id}").text
    assert "Nice loop" in teacher_page
    assert 'value="15/20"' in teacher_page
    before = student.get(f"/copies/{copy_id}").text
    assert "Nice loop" not in before
    assert "15/20" not in before
    returned = post_form(
        a_teacher,
        f"/teacher/copies/{copy_id}/grade",
        {"grade": "15/20", "grade_comment": "Good work", "action": "return"},
    )
    assert returned.status_code == 303
    after = student.get(f"/copies/{copy_id}").text
    assert "Returned" in after
    assert '<p class="grade">15/20</p>' in after
    assert "Good work" in after
    # The comment sits in the list item of the second cell, next to its source.
    cells = re.findall(r'<li class="cell code">(.*?)</li>\s*(?=<li class="cell|</ol>)', after, re.S)
    assert len(cells) == 2
    assert "Nice loop" in cells[1]
    assert "Nice loop" not in cells[0]
    api = student.get(f"/api/copies/{copy_id}").json()
    assert api["status"] == "returned"


def test_a_comment_can_be_deleted_and_an_empty_one_is_refused_next_to_its_field(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    _, _, copy_id = a_handed_in_copy(a_classroom, a_teacher)
    empty = post_form(
        a_teacher, f"/teacher/copies/{copy_id}/comments", {"cell_index": "0", "comment": "  "}
    )
    assert empty.status_code == 422
    assert error_of(empty.text, "comment-0").startswith("Write a comment")
    long_grade = post_form(
        a_teacher, f"/teacher/copies/{copy_id}/grade", {"grade": "x" * 40, "action": "return"}
    )
    assert long_grade.status_code == 422
    assert error_of(long_grade.text, "grade").startswith("Shorten the grade")
    post_form(
        a_teacher, f"/teacher/copies/{copy_id}/comments", {"cell_index": "0", "comment": "Hm"}
    )
    page = a_teacher.get(f"/teacher/copies/{copy_id}").text
    comment_id = re.search(rf"/teacher/copies/{copy_id}/comments/(\d+)/delete", page)
    assert comment_id
    gone = post_form(
        a_teacher, f"/teacher/copies/{copy_id}/comments/{comment_id.group(1)}/delete", {}
    )
    assert gone.status_code == 303
    assert "Hm</span>" not in a_teacher.get(f"/teacher/copies/{copy_id}").text
    missing = post_form(
        a_teacher, f"/teacher/copies/{copy_id}/comments", {"cell_index": "9", "comment": "x"}
    )
    assert missing.status_code == 404


def test_nobody_but_the_activitys_teacher_reviews_comments_or_grades(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    activity_id, student, copy_id = a_handed_in_copy(a_classroom, a_teacher)
    _, code = a_classroom.activity(a_teacher, "Other")
    other_student = a_classroom.guest(code, "Blaise P.")[0]
    other_teacher = a_classroom.signed_in("theo", Role.TEACHER)
    admin = a_classroom.signed_in("root", Role.ADMIN)
    anonymous = a_classroom.browser()
    gets = [
        f"/teacher/copies/{copy_id}",
        f"/teacher/activities/{activity_id}/copies.zip",
        f"/teacher/activities/{activity_id}/grades.csv",
        f"/teacher/activities/{activity_id}/delete",
    ]
    posts = {
        f"/teacher/copies/{copy_id}/comments": {"cell_index": "0", "comment": "intruder"},
        f"/teacher/copies/{copy_id}/grade": {"grade": "0/20", "action": "return"},
        f"/teacher/activities/{activity_id}/duplicate": {},
        f"/teacher/activities/{activity_id}/delete": {},
    }
    for browser in (other_teacher, student, other_student, admin):
        for path in gets:
            assert browser.get(path).status_code == 404, path
        for path, data in posts.items():
            assert post_form(browser, path, data).status_code == 404, path
    for path in gets:
        assert anonymous.get(path).headers["location"] == f"/signin?next={path}"
    for path, data in posts.items():
        assert post_form(anonymous, path, data).status_code == 303
    page = a_teacher.get(f"/teacher/copies/{copy_id}").text
    assert "intruder" not in page
    assert "0/20" not in page
    assert "Returned" not in student.get(f"/copies/{copy_id}").text
    assert len(re.findall(r"/teacher/activities/\d+\"", a_teacher.get("/teacher").text)) == 2


def test_the_new_forms_refuse_a_post_without_the_form_token(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    activity_id, student, copy_id = a_handed_in_copy(a_classroom, a_teacher)
    admin = a_classroom.signed_in("root", Role.ADMIN)
    found = re.search(r"/admin/students/(\d+)/delete", admin.get("/admin/students").text)
    assert found
    student_id = found.group(1)
    forged = {"csrf_token": "forged"}
    for browser, path, data in [
        (a_teacher, f"/teacher/copies/{copy_id}/comments", {"cell_index": "0", "comment": "x"}),
        (a_teacher, f"/teacher/copies/{copy_id}/grade", {"grade": "A", "action": "return"}),
        (a_teacher, f"/teacher/activities/{activity_id}/duplicate", {}),
        (a_teacher, f"/teacher/activities/{activity_id}/delete", {}),
        (admin, f"/admin/students/{student_id}/delete", {}),
    ]:
        assert browser.post(path, data={**data, **forged}).status_code == 403, path
        assert browser.post(path, data=data).status_code == 403, path
    assert "Returned" not in student.get(f"/copies/{copy_id}").text
    assert "Ada L." in admin.get("/admin/students").text
    assert a_teacher.get(f"/teacher/activities/{activity_id}").status_code == 200
    assert len(re.findall(r"/teacher/activities/\d+\"", a_teacher.get("/teacher").text)) == 1
