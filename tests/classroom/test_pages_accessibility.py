"""Every server page of the classroom passes axe, in the light and dark themes,
with more contrast asked for, and in English and French.

The pages are those each kind of user reaches: signed out (home, sign-in, a
share code's page), the administrator (accounts, students, a student's delete
confirmation), the teacher (dashboard, new activity, an activity, its teams, a copy under
review, its delete confirmation) and the student (their copy, their data). A real Chromium
shows each page as the server sent it to that user.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Route
from sqlalchemy import select

from ardoise.classroom.models import Role, User
from e2e.axe import Audit

from .conftest import API, Classroom, post_form

ORIGIN = "http://classroom.test"


def as_user(browser: TestClient) -> Any:
    """Answers the page's requests as the server answers `browser` (its cookies)."""

    def serve(route: Route) -> None:
        language = route.request.headers.get("accept-language", "")
        response = browser.get(
            route.request.url.removeprefix(ORIGIN), headers={"accept-language": language}
        )
        route.fulfill(
            status=response.status_code, headers=dict(response.headers), body=response.content
        )

    return serve


def pages_of_everyone(classroom: Classroom) -> list[tuple[TestClient, str]]:
    """A classroom with an activity, a returned copy and a comment; who sees which page."""
    admin = classroom.signed_in("root", Role.ADMIN)
    teacher = classroom.signed_in("tess", Role.TEACHER)
    activity_id, code = classroom.activity(teacher, "Loops", instructions="Write a loop.")
    student, copy_id = classroom.guest(code, "Ada L.")
    saved = student.put(
        f"/api/copies/{copy_id}",
        json={"version": 1, "notebook": {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                                         "cells": []}},
    )  # fmt: skip
    assert saved.status_code == 200, saved.text
    assert student.post(f"/api/copies/{copy_id}/submit", json={"version": 2}, headers=API)
    post_form(teacher, f"/teacher/copies/{copy_id}/grade",
              {"grade": "15/20", "grade_comment": "Good work.", "action": "return"})  # fmt: skip
    with classroom.app.state.sessions() as db:
        student_id = db.scalar(select(User.id).where(User.display_name == "Ada L."))
    # A class with a student account, given the activity: its "not started" row shows.
    pupil = classroom.signed_in("grace", Role.STUDENT)
    made = post_form(teacher, "/teacher/classes", {"name": "Seconde A"})
    group = made.headers["location"].rsplit("/", 1)[1]
    post_form(teacher, f"/teacher/classes/{group}/members", {"usernames": "grace"})
    post_form(teacher, f"/teacher/activities/{activity_id}/settings", {"group": group})
    # Ada and Grace work in a pair: the Teams page lists their team.
    teams = f"/teacher/activities/{activity_id}/teams"
    post_form(teacher, f"{teams}/size", {"team_size": "2"})
    with classroom.app.state.sessions() as db:
        grace = db.scalar(select(User.id).where(User.username == "grace"))
    pair = post_form(teacher, teams, {"students": [str(student_id), str(grace)]})
    assert pair.status_code == 303, pair.text
    signed_out = classroom.browser()
    return [
        (signed_out, "/"),
        (signed_out, "/signin"),
        (signed_out, f"/join/{code}"),
        (admin, "/admin"),
        (admin, "/admin/students"),
        (admin, f"/admin/students/{student_id}/delete"),
        (teacher, "/teacher"),
        (teacher, "/teacher/activities/new"),
        (teacher, f"/teacher/activities/{activity_id}"),
        (teacher, f"/teacher/copies/{copy_id}"),
        (teacher, f"/teacher/activities/{activity_id}/delete"),
        (teacher, teams),
        (teacher, f"/teacher?group={group}"),
        (teacher, "/teacher/classes"),
        (teacher, f"/teacher/classes/{group}"),
        (teacher, f"/teacher/classes/{group}/delete"),
        (student, f"/copies/{copy_id}"),
        (student, "/account"),
        (pupil, "/"),
    ]


@pytest.mark.parametrize("a_classroom", ["sqlite"], indirect=True)
def test_every_page_passes_axe_in_every_theme_and_both_languages(
    a_classroom: Classroom, chromium: Browser
) -> None:
    pages = pages_of_everyone(a_classroom)
    failures = []
    errors: list[str] = []
    for locale in ("en-US", "fr-FR"):
        # The strict CSP would refuse axe's script; the pages' own stay as served.
        context = chromium.new_context(locale=locale, bypass_csp=True)
        try:
            tab = context.new_page()
            tab.on("pageerror", lambda error: errors.append(str(error)))
            audit = Audit(tab)
            for browser, path in pages:
                tab.unroute("**/*")
                tab.route(f"{ORIGIN}/**", as_user(browser))
                tab.goto(ORIGIN + path)
                tab.wait_for_load_state("load")
                assert tab.get_by_role("main").count() == 1, path
                # The language the browser asks for, when the user has not chosen one.
                lang = tab.evaluate("document.documentElement.lang")
                assert re.match(locale[:2], lang), (path, lang)
                for scheme, contrast in (("light", "no-preference"), ("dark", "no-preference"),
                                         ("light", "more"), ("dark", "more")):  # fmt: skip
                    tab.emulate_media(color_scheme=scheme, contrast=contrast)
                    audit.check(f"{locale} {path} {scheme} contrast={contrast}")
            assert errors == []
            if audit.found:
                failures.append(audit.report())
        finally:
            context.close()
    assert failures == [], "\n".join(failures)


def test_form_fields_carry_their_attributes_as_attributes(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    """Browsers fill in, limit and filter fields by these; escaped, they would be ignored."""
    signed_out = a_classroom.browser()
    signin = signed_out.get("/signin").text
    assert re.search(r'<input id="username"[^>]* autocomplete="username"', signin)
    assert re.search(r'<input id="password"[^>]* autocomplete="current-password"', signin)
    new = a_teacher.get("/teacher/activities/new").text
    assert re.search(r'<input id="notebook"[^>]* accept="\.ipynb,application/x-ipynb\+json"', new)
    _, code = a_classroom.activity(a_teacher)
    join = signed_out.get(f"/join/{code}").text
    assert re.search(r'<input id="name"[^>]* autocomplete="off" maxlength="100"', join)
    assert "&#34;" not in signin + new + join
