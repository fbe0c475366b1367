"""A student's copy shown to the class: with their consent, live, read-only, ended when revoked."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, Page, expect

from .axe import in_every_theme
from .test_classroom_copy import (
    PASSWORD,
    SAVED,
    RunningClassroom,
    classroom_with_teacher,
    join_and_open,
    save_state,
)
from .test_classroom_live import SOURCES, SYNC_MS, create_activity, shown, type_at_end
from .test_notebook import code_cells

if TYPE_CHECKING:
    from conftest import ArdoiseCLI

ALLOW = "Let my teacher show this copy to the class"
SHOWN = "Shown to the class now: your teacher is projecting this copy."
ENDED = "The student stopped sharing this copy: it is no longer shown."


@pytest.fixture(scope="module")
def a_classroom(
    ardoise_cli: ArdoiseCLI, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningClassroom]:
    data = tmp_path_factory.mktemp("classroom")
    with classroom_with_teacher(ardoise_cli, data) as (url, teacher):
        yield RunningClassroom(url, create_activity(teacher), "", data)


def sign_in_teacher(page: Page, classroom: RunningClassroom) -> None:
    page.goto(f"{classroom.url}signin")
    page.get_by_label("Username").fill("tina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_the_teacher_shows_the_copy_while_the_student_allows_it(
    browser: Browser, page: Page, a_classroom: RunningClassroom
) -> None:
    copy = join_and_open(page, a_classroom)
    student = page
    expect(save_state(student)).to_have_text(SAVED)
    expect(student.locator(".live-status")).to_have_text("Live: connected.", timeout=SYNC_MS)

    teachers = browser.new_context(locale="en-US")
    try:
        teacher = teachers.new_page()
        sign_in_teacher(teacher, a_classroom)
        # Without the student's consent there is no way to show it.
        teacher.goto(f"{a_classroom.url}teacher/copies/{copy}")
        expect(teacher.get_by_role("link", name="Show to the class")).to_have_count(0)
        teacher.goto(f"{a_classroom.url}app/notebook.html?copy={copy}&join=view")
        expect(teacher.get_by_role("alert")).to_contain_text("has not allowed showing this copy")
        expect(code_cells(teacher)).to_have_count(0)

        # The student allows it, with the keyboard.
        consent = student.get_by_role("checkbox", name=ALLOW)
        consent.focus()
        student.keyboard.press("Space")
        expect(consent).to_be_checked()
        said = student.locator(".announcer")
        expect(
            said.filter(has_text="Your teacher may now show this copy to the class.")
        ).to_have_count(1)

        teacher.goto(f"{a_classroom.url}teacher/copies/{copy}")
        teacher.get_by_role("link", name="Show to the class").click()
        expect(teacher).to_have_url(re.compile(rf"copy={copy}&join=view"))
        expect(teacher.locator(".projection-state")).to_have_text(
            "Shown live, read-only.", timeout=SYNC_MS
        )
        expect(code_cells(teacher)).to_have_count(2)
        assert shown(teacher) == SOURCES
        # Nothing about the student but their work: no name, no comments, no grade.
        projected = teacher.locator("main").inner_text()
        assert "Ada" not in projected
        expect(teacher.get_by_role("button", name="Hand in")).to_have_count(0)
        # The student sees, and hears, that they are being shown.
        indicator = student.get_by_role("status").filter(has_text=SHOWN)
        expect(indicator).to_be_visible(timeout=SYNC_MS)

        # The student types: the projection follows, with the student's caret.
        type_at_end(student, code_cells(student).nth(0))
        student.keyboard.type("  # shown")
        expect(code_cells(teacher).nth(0).get_by_role("textbox")).to_contain_text(
            "a = 1  # shown", timeout=SYNC_MS
        )
        expect(code_cells(teacher).nth(0).locator(".cm-ySelectionCaret")).to_have_count(1)
        # The projection cannot be typed into.
        assert (
            code_cells(teacher).nth(1).get_by_role("textbox").get_attribute("contenteditable")
            == "false"
        )
        assert in_every_theme(student) == []
        assert in_every_theme(teacher) == []

        # The student stops allowing it: the projection ends at once and says why.
        consent.focus()
        student.keyboard.press("Space")
        expect(consent).not_to_be_checked()
        expect(teacher.get_by_role("alert")).to_have_text(ENDED, timeout=SYNC_MS)
        expect(code_cells(teacher)).to_have_count(0)
        expect(indicator).to_have_count(0, timeout=SYNC_MS)
        expect(said.filter(has_text=re.compile("no longer"))).to_have_count(1)
        assert in_every_theme(teacher) == []
        teacher.goto(f"{a_classroom.url}teacher/copies/{copy}")
        expect(teacher.get_by_role("link", name="Show to the class")).to_have_count(0)
        assert shown(student) == ["a = 1  # shown", "b = 2"]

        # In French, the same refusal, in French.
        french = browser.new_context(locale="fr-FR", storage_state=teachers.storage_state())
        try:
            page_fr = french.new_page()
            page_fr.goto(f"{a_classroom.url}app/notebook.html?copy={copy}&join=view")
            expect(page_fr.get_by_role("alert")).to_contain_text(
                "pas autorisé à montrer cette copie à la classe"
            )
            assert in_every_theme(page_fr) == []
        finally:
            french.close()
    finally:
        teachers.close()
