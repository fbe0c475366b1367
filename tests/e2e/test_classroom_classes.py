"""A teacher's classes in the browser, by keyboard: every new page checked with axe."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from ardoise.classroom import ClassroomConfig
from ardoise.classroom.accounts import create_account
from ardoise.classroom.db import open_database
from ardoise.classroom.models import Role

from .axe import in_every_theme
from .test_classroom_copy import PASSWORD, RunningClassroom, a_classroom, axe_page

# The running server and an axe-ready page, as the copy's tests have them.
__all__ = ["a_classroom", "axe_page"]


def sign_in(page: Page, classroom: RunningClassroom, username: str) -> None:
    page.goto(f"{classroom.url}signin")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_load_state()


def submit(page: Page, button: str) -> None:
    """Press a form's button from the keyboard and wait for the page the form leads to."""
    page.get_by_role("button", name=button).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_teacher_makes_a_class_adds_students_and_a_student_sees_it(
    axe_page: Page, a_classroom: RunningClassroom
) -> None:
    page = axe_page
    sessions = open_database(ClassroomConfig(data=a_classroom.data))
    with sessions() as db:
        for username in ("ada", "grace"):
            create_account(
                db,
                username=username,
                display_name=f"{username.title()} S.",
                password=PASSWORD,
                role=Role.STUDENT,
            )
    sessions.kw["bind"].dispose()

    sign_in(page, a_classroom, "tina")
    page.get_by_role("link", name="My classes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My classes")
    submit(page, "Create the class")  # no name: said next to the field
    name = page.get_by_label("Name of the class")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(name).to_have_accessible_description(re.compile("Give the class a name"))
    assert in_every_theme(page, seven_to_one=False) == []
    name.fill("Seconde A")
    name.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Seconde A")

    usernames = page.get_by_label("Usernames")
    usernames.fill("ada\ngrace\nnobody")
    submit(page, "Add students")
    expect(page.get_by_role("status")).to_have_text("Students added: 2.")
    expect(usernames).to_have_value("nobody")
    expect(usernames).to_have_accessible_description(re.compile("not student accounts: nobody"))
    expect(page.get_by_role("button", name="Remove Grace S. from the class")).to_be_visible()
    assert in_every_theme(page, seven_to_one=False) == []
    # Keyboard focus is visible on the class page's controls.
    page.get_by_role("button", name="Remove Grace S. from the class").focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"

    page.get_by_role("link", name="Delete the class…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete the class Seconde A?")
    assert in_every_theme(page, seven_to_one=False) == []
    page.get_by_role("link", name="Cancel").click()

    # An activity is put in the class from its settings; its students are listed.
    page.goto(f"{a_classroom.url}teacher")
    page.get_by_role("link", name="Loops", exact=True).click()
    page.get_by_label("Class").select_option(label="Seconde A")
    submit(page, "Save the settings")
    expect(page.get_by_role("status")).to_have_text("Settings saved.")
    waiting = page.locator("tr.waiting")
    expect(waiting).to_have_count(2)
    expect(waiting.first).to_contain_text("Not started")
    assert in_every_theme(page, seven_to_one=False) == []

    page.goto(f"{a_classroom.url}teacher")
    page.get_by_label("Activities of").select_option(label="Seconde A")
    submit(page, "Show")
    expect(page.get_by_role("heading", level=2)).to_have_text("Activities of Seconde A")
    expect(page.locator("tbody tr")).to_have_count(1)
    assert in_every_theme(page, seven_to_one=False) == []
    page.get_by_role("link", name="New activity").click()
    expect(page.get_by_label("Class")).to_be_visible()
    expect(page.get_by_label("Students may keep working after handing in")).to_be_checked()
    assert in_every_theme(page, seven_to_one=False) == []

    submit(page, "Sign out")
    sign_in(page, a_classroom, "ada")
    expect(page.get_by_role("heading", name="My classes")).to_be_visible()
    expect(page.locator(".my-classes li")).to_have_text(["Seconde A (with Tina)"])
    assert "Grace" not in page.content()
    assert in_every_theme(page, seven_to_one=False) == []
    page.get_by_label("Language").select_option("fr")
    submit(page, "Change")
    expect(page.get_by_role("heading", name="Mes classes")).to_be_visible()
    expect(page.locator(".my-classes li")).to_have_text(["Seconde A (avec Tina)"])
    assert in_every_theme(page, seven_to_one=False) == []
