"""The administrator's page: teacher and student accounts; nobody else may see or use it."""

from __future__ import annotations

from ardoise.classroom.models import Role

from .conftest import PASSWORD, Classroom, error_of, post_form


def test_an_admin_creates_a_teacher_who_can_then_sign_in(a_classroom: Classroom) -> None:
    admin = a_classroom.signed_in("root", Role.ADMIN)
    fields = {"username": "tina", "display_name": "Tina Teacher", "password": PASSWORD}
    response = post_form(admin, "/admin/accounts", fields)
    assert response.status_code == 201
    assert "Account tina created." in response.text
    assert "<td>Tina Teacher</td><td>tina</td><td>Teacher</td>" in admin.get("/admin").text
    teacher = a_classroom.signed_in("tina")
    assert teacher.get("/teacher").status_code == 200


def test_bad_fields_are_told_next_to_each_field_and_create_nothing(
    a_classroom: Classroom,
) -> None:
    admin = a_classroom.signed_in("root", Role.ADMIN)
    response = post_form(
        admin, "/admin/accounts", {"username": "a b", "display_name": "X", "password": "short"}
    )
    assert response.status_code == 422
    assert error_of(response.text, "username").startswith("Use 2 to 64 letters")
    taken = post_form(
        admin, "/admin/accounts", {"username": "root", "display_name": "X", "password": PASSWORD}
    )
    assert error_of(taken.text, "username") == "This username is taken; choose another."
    assert "No accounts yet." in admin.get("/admin").text


def test_only_admins_reach_the_admin_page_and_its_form(a_classroom: Classroom) -> None:
    fields = {"username": "eve", "display_name": "Eve", "password": PASSWORD}
    anonymous = a_classroom.browser()
    assert anonymous.get("/admin").headers["location"] == "/signin?next=/admin"
    assert post_form(anonymous, "/admin/accounts", fields).status_code == 303
    teacher = a_classroom.signed_in("tina", Role.TEACHER)
    assert teacher.get("/admin").status_code == 404
    assert post_form(teacher, "/admin/accounts", fields).status_code == 404
    code = a_classroom.activity(teacher)[1]
    student = a_classroom.guest(code)[0]
    assert student.get("/admin").status_code == 404
    assert post_form(student, "/admin/accounts", fields).status_code == 404
    admin = a_classroom.signed_in("root", Role.ADMIN)
    assert "Eve" not in admin.get("/admin").text


def test_a_student_account_signs_in_joins_and_finds_the_same_copy_on_another_device(
    a_classroom: Classroom,
) -> None:
    admin = a_classroom.signed_in("root", Role.ADMIN)
    fields = {"role": "student", "username": "ada", "display_name": "Ada L.", "password": PASSWORD}
    assert post_form(admin, "/admin/accounts", fields).status_code == 201
    teacher = a_classroom.signed_in("tina", Role.TEACHER)
    _, code = a_classroom.activity(teacher, guests_allowed="")
    laptop = a_classroom.browser()
    assert laptop.get(f"/join/{code}").headers["location"] == f"/signin?next=/join/{code}"
    signed_in = post_form(
        laptop, "/signin", {"username": "ada", "password": PASSWORD, "next": f"/join/{code}"}
    )
    assert signed_in.headers["location"] == f"/join/{code}"
    copy = post_form(laptop, f"/join/{code}", {}).headers["location"]
    phone = a_classroom.signed_in("ada")
    assert phone.get(f"/join/{code}").headers["location"] == copy
    assert "Signed in as Ada L." in phone.get(copy).text
