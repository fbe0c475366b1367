"""A pair works on one copy: the teacher forms the pair with the keyboard on the activity's
Teams page, and the two teammates edit different cells of their copy at once."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from itertools import zip_longest
from typing import TYPE_CHECKING

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from ardoise.classroom import ClassroomConfig
from ardoise.classroom.accounts import create_account
from ardoise.classroom.db import open_database
from ardoise.classroom.models import Role

from .axe import in_every_theme
from .test_classroom_copy import PASSWORD, RunningClassroom, classroom_with_teacher
from .test_classroom_live import (
    SOURCES,
    SYNC_MS,
    converged,
    saved_as_shown,
    two_cells,
    type_at_end,
)
from .test_notebook import code_cells

if TYPE_CHECKING:
    from conftest import ArdoiseCLI


@pytest.fixture(scope="module")
def a_classroom(
    ardoise_cli: ArdoiseCLI, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningClassroom]:
    """`ardoise classroom` with a teacher, a class of Ada and Bob, and an activity for it."""
    data = tmp_path_factory.mktemp("classroom")
    with classroom_with_teacher(ardoise_cli, data) as (url, teacher):
        sessions = open_database(ClassroomConfig(data=data))
        with sessions() as db:
            for name in ("ada", "bob"):
                create_account(
                    db, username=name, display_name=name.title(), password=PASSWORD,
                    role=Role.STUDENT,
                )  # fmt: skip
        sessions.kw["bind"].dispose()
        yield RunningClassroom(url, create_activity(teacher), "", data)


def create_activity(teacher: httpx.Client) -> str:
    """The activity's id (the class of Ada and Bob is its class)."""
    token = teacher.cookies["ardoise_csrf"]
    made = teacher.post("/teacher/classes", data={"csrf_token": token, "name": "Pairs"})
    group = made.headers["location"].rsplit("/", 1)[1]
    added = teacher.post(
        f"/teacher/classes/{group}/members", data={"csrf_token": token, "usernames": "ada bob"}
    )
    assert added.status_code == 200, added.text
    created = teacher.post(
        "/teacher/activities",
        data={"csrf_token": token, "title": "Together", "instructions": "", "due": "",
              "late_accepted": "1", "guests_allowed": "1", "keep_working": "1", "group": group},
        files={"notebook": ("two.ipynb", json.dumps(two_cells()), "application/json")},
    )  # fmt: skip
    assert created.status_code == 303, created.text
    return str(created.headers["location"].rsplit("/", 1)[1])


def sign_in(page: Page, classroom: RunningClassroom, username: str) -> None:
    page.goto(f"{classroom.url}signin")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def open_team_copy(page: Page, classroom: RunningClassroom, code: str) -> str:
    page.goto(f"{classroom.url}join/{code}")
    # The first member gets the copy with a button; the next go straight to the team's.
    if page.get_by_role("button", name="Get my copy").count():
        page.get_by_role("button", name="Get my copy").click()
    expect(page.get_by_text("Ada, Bob")).to_be_visible()
    page.get_by_role("link", name="Open in the notebook").click()
    expect(code_cells(page)).to_have_count(2, timeout=30_000)
    match = re.search(r"copy=(\d+)", page.url)
    assert match
    return match.group(1)


def test_the_teacher_forms_a_pair_and_the_teammates_edit_their_copy_at_once(
    browser: Browser, a_classroom: RunningClassroom
) -> None:
    activity = a_classroom.code  # the fixture keeps the activity's id here
    # The server's strict CSP would refuse axe's script; the page's own stay as served.
    # The server's pages are held to AA (4.5:1) in every theme, as
    # tests/classroom/test_pages_accessibility.py holds them; 7:1 is the notebook app's.
    teachers = browser.new_context(locale="en-US", bypass_csp=True)
    teacher = teachers.new_page()
    sign_in(teacher, a_classroom, "tina")
    teacher.goto(f"{a_classroom.url}teacher/activities/{activity}")
    teacher.get_by_role("link", name="Teams").first.click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text("Teams of Together")
    assert in_every_theme(teacher, seven_to_one=False) == []

    # With the keyboard: choose pairs, then tick Ada and Bob and form the team.
    teacher.get_by_label("Students work").focus()
    teacher.keyboard.press("ArrowDown")  # "alone" to "in pairs"
    expect(teacher.get_by_label("Students work")).to_have_value("2")
    teacher.keyboard.press("Tab")
    teacher.keyboard.press("Enter")
    expect(teacher.get_by_role("status")).to_have_text("Team work saved.")
    teacher.get_by_label("Ada").focus()
    teacher.keyboard.press("Space")
    teacher.keyboard.press("Tab")
    teacher.keyboard.press("Space")
    expect(teacher.get_by_label("Bob")).to_be_checked()
    teacher.keyboard.press("Tab")
    teacher.keyboard.press("Enter")
    expect(teacher.get_by_role("status")).to_have_text("Team formed.")
    expect(teacher.get_by_role("heading", name="Team 1")).to_be_visible()
    expect(teacher.get_by_text("Every student of the activity is in a team.")).to_be_visible()
    assert in_every_theme(teacher, seven_to_one=False) == []

    code = re.search(r"/join/([A-Z0-9]+)", teacher.request.get(
        f"{a_classroom.url}teacher/activities/{activity}").text())  # fmt: skip
    assert code
    bobs = browser.new_context(locale="en-US")
    adas = browser.new_context(locale="en-US")
    try:
        ada, bob = adas.new_page(), bobs.new_page()
        sign_in(ada, a_classroom, "ada")
        sign_in(bob, a_classroom, "bob")
        copy = open_team_copy(bob, a_classroom, code.group(1))
        assert open_team_copy(ada, a_classroom, code.group(1)) == copy
        for each in (ada, bob):
            expect(each.locator(".live-status")).to_have_text("Live: connected.", timeout=SYNC_MS)
        assert converged(ada, bob) == SOURCES

        # Different cells at once: a key each in turn.
        type_at_end(ada, code_cells(ada).nth(0))
        type_at_end(bob, code_cells(bob).nth(1))
        for a, b in zip_longest("  # ada", "  # bob", fillvalue=""):
            ada.keyboard.type(a)
            bob.keyboard.type(b)
        text = converged(ada, bob)
        assert text == ["a = 1  # ada", "b = 2  # bob"]
        expect(code_cells(ada).nth(1).locator(".cm-ySelectionInfo")).to_have_text("Bob")
        expect(code_cells(bob).nth(0).locator(".cm-ySelectionInfo")).to_have_text("Ada")
        saved_as_shown(ada, a_classroom, copy, text)
        saved_as_shown(bob, a_classroom, copy, text)
    finally:
        adas.close()
        bobs.close()
        teachers.close()
