"""The teacher's review in the notebook app, against a real `ardoise classroom`: the student
sees comments next to the right cells (after moving them) and the grade once returned; the
teacher opens a copy read-only and cannot change it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from .axe import Audit
from .test_classroom_copy import PASSWORD, SAVED, classroom_with_teacher, save_state
from .test_keyboard_only import tab_to
from .test_notebook import code_cells

if TYPE_CHECKING:
    from conftest import ArdoiseCLI

QUOTE = "\u2019"  # the app writes typographic apostrophes
YOUR_TEACHERS_REVIEW = f"Your teacher{QUOTE}s review"
ON_A_DELETED_CELL = f"Teacher{QUOTE}s comment on a deleted cell"
SOURCES = {"first": "a = 1", "second": "b = 2", "third": "c = 3"}


@dataclass
class Review:
    url: str
    code: str
    teacher: httpx.Client


def three_cells() -> dict[str, Any]:
    cells = [
        {
            "cell_type": "code",
            "id": cell_id,
            "metadata": {},
            "source": source,
            "outputs": [],
            "execution_count": None,
        }
        for cell_id, source in SOURCES.items()
    ]
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}


@pytest.fixture(scope="module")
def a_review(ardoise_cli: ArdoiseCLI, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Review]:
    """`ardoise classroom` with a teacher (signed in over HTTP) and an activity of three cells."""
    data = tmp_path_factory.mktemp("classroom")
    with classroom_with_teacher(ardoise_cli, data) as (url, teacher):
        created = teacher.post(
            "/teacher/activities",
            data={
                "csrf_token": teacher.cookies["ardoise_csrf"],
                "title": "Loops",
                "instructions": "",
                "due": "",
                "late_accepted": "1",
                "guests_allowed": "1",
                "keep_working": "1",  # ticked in the form by default
            },
            files={"notebook": ("loops.ipynb", json.dumps(three_cells()), "application/json")},
        )
        assert created.status_code == 303, created.text
        code = re.search(r"/join/([A-Z0-9]+)", teacher.get(created.headers["location"]).text)
        assert code
        yield Review(url, code.group(1), teacher)


def teacher_form(review: Review, path: str, data: dict[str, str]) -> None:
    sent = review.teacher.post(
        path, data={"csrf_token": review.teacher.cookies["ardoise_csrf"], **data}
    )
    assert sent.status_code == 303, sent.text


def join_and_hand_in(page: Page, review: Review, name: str) -> str:
    """A guest joins, opens the copy in the app and hands it in; the copy's id."""
    page.goto(f"{review.url}join/{review.code}")
    page.get_by_label("Your name").fill(name)
    page.get_by_role("button", name="Get my copy").click()
    page.get_by_role("link", name="Open in the notebook").click()
    expect(code_cells(page)).to_have_count(3, timeout=30_000)
    expect(save_state(page)).to_have_text(SAVED)
    page.get_by_role("button", name="Hand in").click()
    expect(page.locator(".copy-hand-in-result")).to_contain_text("Handed in at")
    match = re.search(r"copy=(\d+)", page.url)
    assert match
    return match.group(1)


def notes_of(cell: Locator) -> Locator:
    return cell.get_by_role("note")


def test_the_student_sees_comments_next_to_their_cells_after_moving_them_and_the_grade(
    page: Page, a_review: Review
) -> None:
    copy = join_and_hand_in(page, a_review, "Ada L.")
    # The teacher comments on the second and third cells, then grades; not returned yet.
    for index, text in ((1, "Good name for b"), (2, "Why c?")):
        teacher_form(
            a_review,
            f"/teacher/copies/{copy}/comments",
            {"cell_index": str(index), "cell_id": list(SOURCES)[index], "comment": text},
        )
    grade = {"grade": "B+", "grade_comment": "Careful work.\nKeep going."}
    teacher_form(a_review, f"/teacher/copies/{copy}/grade", {**grade, "action": "save"})
    page.reload()
    expect(code_cells(page)).to_have_count(3, timeout=30_000)
    expect(page.get_by_role("note")).to_have_count(0)
    expect(page.get_by_role("region", name=YOUR_TEACHERS_REVIEW)).to_have_count(0)

    teacher_form(a_review, f"/teacher/copies/{copy}/grade", {**grade, "action": "return"})
    page.reload()
    cells = code_cells(page)
    expect(cells).to_have_count(3, timeout=30_000)
    banner = page.get_by_role("region", name=YOUR_TEACHERS_REVIEW)
    expect(banner).to_contain_text("Returned on")
    expect(banner.locator(".review-grade")).to_have_text("Grade: B+")
    expect(banner).to_contain_text("Careful work.\nKeep going.")
    expect(notes_of(cells.nth(0))).to_have_count(0)
    note = notes_of(cells.nth(1))
    expect(note).to_have_accessible_name(f"Teacher{QUOTE}s comment on cell 2")
    expect(note).to_contain_text("Good name for b")
    expect(note).to_contain_text("Tina")
    expect(notes_of(cells.nth(2))).to_contain_text("Why c?")
    # The cell says it has a comment, and the comment is reached with the keyboard.
    expect(cells.nth(1)).to_have_accessible_description(
        re.compile(f"Teacher{QUOTE}s comments on this cell: 1")
    )
    audit = Audit(page)
    audit.check_every_theme("returned, comments next to cells")

    # The student moves the second cell to the top and deletes the third.
    cells.nth(1).click(position={"x": 4, "y": 4})
    page.keyboard.press("Escape")
    page.keyboard.press("Control+Shift+ArrowUp")
    expect(cells.nth(0).get_by_role("textbox")).to_have_text("b = 2")
    expect(notes_of(cells.nth(0))).to_contain_text("Good name for b")
    expect(notes_of(cells.nth(1))).to_have_count(0)
    cells.nth(2).click(position={"x": 4, "y": 4})
    page.keyboard.press("Escape")
    page.keyboard.press("d")
    page.keyboard.press("d")
    expect(cells).to_have_count(2)
    deleted = banner.get_by_role("note", name=ON_A_DELETED_CELL)
    expect(deleted).to_contain_text("Why c?")
    expect(save_state(page)).to_have_text(SAVED)
    # And after a reload, from the server's copy, the same.
    page.reload()
    expect(code_cells(page)).to_have_count(2, timeout=30_000)
    expect(notes_of(code_cells(page).nth(0))).to_contain_text("Good name for b")
    expect(page.get_by_role("note", name=ON_A_DELETED_CELL)).to_contain_text("Why c?")
    # From the top of the page, Tab reaches a button to each comment, Enter goes there.
    page.get_by_role("heading", level=1).click()
    go = banner.get_by_role("button", name="Go to the comment on cell 1")
    tab_to(page, go)
    page.keyboard.press("Enter")
    note = notes_of(code_cells(page).nth(0))
    expect(note).to_be_focused()
    expect(note).to_have_accessible_name(f"Teacher{QUOTE}s comment on cell 1")
    audit.check_every_theme("a commented cell moved, another deleted")

    # At 320 px nothing needs scrolling sideways; the themes chosen with the switch pass axe.
    page.set_viewport_size({"width": 320, "height": 640})
    expect(banner).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    audit.check_every_theme("320 px")
    page.get_by_role("combobox", name="Theme").select_option(label="High contrast, dark")
    expect(page.locator("html")).to_have_attribute("data-contrast", "more")
    audit.check("high contrast, dark")
    assert not audit.found, audit.report()


def test_the_teacher_opens_a_copy_read_only_in_the_app_and_cannot_change_it(
    browser: Browser, page: Page, a_review: Review
) -> None:
    copy = join_and_hand_in(page, a_review, "Grace H.")
    # Saved again after handing in: the first cell changed.
    cell = code_cells(page).first
    cell.get_by_role("textbox").click()
    page.keyboard.press("End")
    page.keyboard.type("  # later")
    expect(save_state(page)).to_have_text(SAVED, timeout=10_000)
    teacher_form(
        a_review,
        f"/teacher/copies/{copy}/comments",
        {"cell_index": "0", "cell_id": "first", "comment": "Start here"},
    )
    before = page.request.get(f"{a_review.url}api/copies/{copy}").json()

    context = browser.new_context(locale="en-US")
    try:
        teacher = context.new_page()
        sent: list[str] = []
        teacher.on("request", lambda r: sent.append(r.method) if "/api/copies/" in r.url else None)
        teacher.goto(f"{a_review.url}signin")
        teacher.get_by_label("Username").fill("tina")
        teacher.get_by_label("Password").fill(PASSWORD)
        teacher.get_by_role("button", name="Sign in").click()
        teacher.goto(f"{a_review.url}teacher/copies/{copy}")
        teacher.get_by_role("link", name="Open in the notebook").click()
        expect(teacher).to_have_url(re.compile(rf"copy={copy}&view=submitted"))
        heading = teacher.get_by_role("heading", level=1)
        expect(heading).to_have_text("Loops: copy of Grace H.", timeout=30_000)
        expect(teacher.locator(".copy-read-only")).to_contain_text("the copy as handed in")
        versions = teacher.get_by_role("navigation", name="Version of the copy")
        expect(versions.get_by_role("link", name="As handed in")).to_have_attribute(
            "aria-current", "page"
        )
        cells = teacher.locator(".cell-static")
        expect(cells).to_have_count(3)
        expect(cells.first).to_contain_text("a = 1")
        expect(cells.first).not_to_contain_text("# later")
        expect(cells.first.get_by_role("note")).to_contain_text("Start here")
        banner = teacher.get_by_role("region", name="Your review")
        expect(banner).to_contain_text("Not returned yet")
        # Nothing to edit, nothing to run: no editor, no run button, nothing editable.
        expect(teacher.get_by_role("textbox")).to_have_count(0)
        expect(teacher.get_by_role("button", name="Run")).to_have_count(0)
        assert teacher.locator("[contenteditable=true]").count() == 0
        cells.first.locator("pre").click()
        teacher.keyboard.type("typed by the teacher")
        expect(cells.first).not_to_contain_text("typed by the teacher")
        audit = Audit(teacher)
        audit.check_every_theme("teacher, handed in")
        # To run it, the teacher downloads the version shown.
        with teacher.expect_download() as downloading:
            teacher.get_by_role("button", name="Download").click()
        handed_in = json.loads(Path(downloading.value.path()).read_text(encoding="utf-8"))
        assert [cell["source"] for cell in handed_in["cells"]] == list(SOURCES.values())

        versions.get_by_role("link", name="As last saved").click()
        expect(teacher.locator(".copy-read-only")).to_contain_text("the copy as last saved")
        expect(teacher.locator(".cell-static").first).to_contain_text("a = 1  # later")
        audit.check_every_theme("teacher, last saved")
        teacher.set_viewport_size({"width": 320, "height": 640})
        expect(teacher.get_by_role("region", name="Your review")).to_be_visible()
        assert teacher.evaluate("document.documentElement.scrollWidth") <= 320
        audit.check_every_theme("teacher, 320 px")
        # Opening the plain copy link also gives the read-only view, never the editor.
        teacher.goto(f"{a_review.url}app/notebook.html?copy={copy}")
        expect(teacher).to_have_url(re.compile(rf"copy={copy}&view=latest"))
        expect(teacher.locator(".cell-static")).to_have_count(3, timeout=30_000)
        expect(teacher.get_by_role("textbox")).to_have_count(0)
        assert set(sent) == {"GET"}, sent
        # The server refuses a teacher's write outright.
        refused = teacher.request.put(
            f"{a_review.url}api/copies/{copy}",
            data=json.dumps({"version": before["version"], "notebook": before["notebook"]}),
            headers={"Content-Type": "application/json"},
        )
        assert refused.status == 403
        assert not audit.found, audit.report()
    finally:
        context.close()
    after = page.request.get(f"{a_review.url}api/copies/{copy}").json()
    assert (after["version"], after["notebook"]) == (before["version"], before["notebook"])
