"""Signing in and out: argon2 accounts, rate-limited failures, session cookies, CSRF."""

from __future__ import annotations

from ardoise.classroom.models import Role

from .conftest import PASSWORD, Classroom, csrf_of, error_of, post_form


def test_a_teacher_signs_in_lands_on_their_dashboard_and_signs_out(
    a_classroom: Classroom,
) -> None:
    a_classroom.account("tina", Role.TEACHER, "Tina Teacher")
    browser = a_classroom.browser()
    response = post_form(browser, "/signin", {"username": "tina", "password": PASSWORD})
    assert response.status_code == 303
    assert response.headers["location"] == "/teacher"
    assert "Signed in as Tina Teacher" in browser.get("/teacher").text
    stolen = browser.cookies.get("ardoise_session")
    assert post_form(browser, "/signout", {}).status_code == 303
    assert browser.get("/teacher").headers["location"] == "/signin?next=/teacher"
    # The old cookie is worthless once signed out: its session is gone from the database.
    other = a_classroom.browser()
    other.cookies.set("ardoise_session", stolen or "")
    assert other.get("/teacher").status_code == 303


def test_the_session_cookie_is_httponly_samesite_lax_and_secure_over_https(
    a_classroom: Classroom,
) -> None:
    a_classroom.account("tina", Role.TEACHER)
    for base, secure in (("http://testserver", False), ("https://testserver", True)):
        browser = a_classroom.browser(base)
        response = post_form(browser, "/signin", {"username": "tina", "password": PASSWORD})
        header = next(
            value
            for name, value in response.headers.multi_items()
            if name == "set-cookie" and value.startswith("ardoise_session=")
        )
        assert "HttpOnly" in header
        assert "SameSite=lax" in header
        assert ("Secure" in header) is secure


def test_a_wrong_password_is_told_next_to_the_field_and_signs_nobody_in(
    a_classroom: Classroom,
) -> None:
    a_classroom.account("tina", Role.TEACHER)
    browser = a_classroom.browser()
    response = post_form(browser, "/signin", {"username": "tina", "password": "wrong password"})
    assert response.status_code == 401
    assert error_of(response.text, "password").startswith("The username or password is wrong")
    assert "ardoise_session" not in browser.cookies
    unknown = post_form(browser, "/signin", {"username": "nobody", "password": PASSWORD})
    assert unknown.status_code == 401


def test_failed_sign_ins_are_limited_per_account_and_address(a_classroom: Classroom) -> None:
    a_classroom.account("tina", Role.TEACHER)
    a_classroom.account("theo", Role.TEACHER)
    browser = a_classroom.browser()
    for _ in range(a_classroom.config.max_failed_sign_ins):
        post_form(browser, "/signin", {"username": "tina", "password": "guess guess"})
    # Even the right password is refused now, for this account …
    blocked = post_form(browser, "/signin", {"username": "tina", "password": PASSWORD})
    assert blocked.status_code == 429
    assert error_of(blocked.text, "username").startswith("Too many failed attempts")
    # … but not for another account.
    other = post_form(browser, "/signin", {"username": "theo", "password": PASSWORD})
    assert other.status_code == 303


def test_a_form_without_the_csrf_token_is_refused_and_changes_nothing(
    a_classroom: Classroom,
) -> None:
    admin = a_classroom.signed_in("root", Role.ADMIN)
    fields = {"username": "eve", "display_name": "Eve", "password": PASSWORD}
    forged = admin.post("/admin/accounts", data=fields)
    assert forged.status_code == 403
    assert "did not come from this site" in forged.text
    wrong = admin.post("/admin/accounts", data={**fields, "csrf_token": "x" + csrf_of(admin)})
    assert wrong.status_code == 403
    assert "Eve" not in admin.get("/admin").text


def test_sign_in_goes_back_only_to_pages_of_this_site(a_classroom: Classroom) -> None:
    a_classroom.account("tina", Role.TEACHER)
    for target, expected in (
        ("/teacher/activities/new", "/teacher/activities/new"),
        ("https://evil.example/", "/teacher"),
        ("//evil.example/", "/teacher"),
    ):
        browser = a_classroom.browser()
        response = post_form(
            browser, "/signin", {"username": "tina", "password": PASSWORD, "next": target}
        )
        assert response.headers["location"] == expected
