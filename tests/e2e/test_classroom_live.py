"""A student's copy edited live through the classroom server's room: the teacher joins it."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from itertools import zip_longest
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from .axe import in_every_theme
from .test_classroom_copy import (
    OFFLINE,
    PASSWORD,
    SAVED,
    RunningClassroom,
    classroom_with_teacher,
    join_and_open,
    save_state,
)
from .test_live import source
from .test_notebook import code_cells

if TYPE_CHECKING:
    from conftest import ArdoiseCLI

SYNC_MS = 15_000
SOURCES = ["a = 1", "b = 2"]


def two_cells() -> dict[str, Any]:
    cells = [
        {
            "cell_type": "code",
            "id": f"cell{index}",
            "metadata": {},
            "source": source,
            "outputs": [],
            "execution_count": None,
        }
        for index, source in enumerate(SOURCES)
    ]
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}


@pytest.fixture(scope="module")
def a_classroom(
    ardoise_cli: ArdoiseCLI, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningClassroom]:
    """`ardoise classroom` as a process, with a teacher and an activity of two cells."""
    data = tmp_path_factory.mktemp("classroom")
    with classroom_with_teacher(ardoise_cli, data) as (url, teacher):
        yield RunningClassroom(url, create_activity(teacher), "", data)


def create_activity(teacher: httpx.Client) -> str:
    created = teacher.post(
        "/teacher/activities",
        data={
            "csrf_token": teacher.cookies["ardoise_csrf"],
            "title": "Together",
            "instructions": "",
            "due": "",
            "late_accepted": "1",
            "guests_allowed": "1",
            "keep_working": "1",
        },
        files={"notebook": ("two.ipynb", json.dumps(two_cells()), "application/json")},
    )
    assert created.status_code == 303, created.text
    code = re.search(r"/join/([A-Z0-9]+)", teacher.get(created.headers["location"]).text)
    assert code
    return code.group(1)


def shown(page: Page) -> list[str]:
    cells = code_cells(page)
    return [source(cells.nth(index)) for index in range(cells.count())]


def server_sources(page: Page, classroom: RunningClassroom, copy: str) -> list[str]:
    answer = page.request.get(f"{classroom.url}api/copies/{copy}")
    assert answer.ok, answer.text()
    sources = [cell["source"] for cell in answer.json()["notebook"]["cells"]]
    return ["".join(source) if isinstance(source, list) else source for source in sources]


def converged(a: Page, b: Page, timeout: float = SYNC_MS / 1000) -> list[str]:
    """What both pages show, once they show the same."""
    deadline = time.monotonic() + timeout
    while True:
        first, second = shown(a), shown(b)
        if first == second or time.monotonic() > deadline:
            assert first == second
            return first
        time.sleep(0.2)


def saved_as_shown(page: Page, classroom: RunningClassroom, copy: str, text: list[str]) -> None:
    """The server's .ipynb ends up as the pages show (saved a second after changes stop)."""
    deadline = time.monotonic() + SYNC_MS / 1000
    while server_sources(page, classroom, copy) != text and time.monotonic() < deadline:
        time.sleep(0.3)
    assert server_sources(page, classroom, copy) == text


def type_at_end(page: Page, cell: Locator) -> None:
    cell.get_by_role("textbox").click()
    page.keyboard.press("Control+End")


def test_the_student_and_the_teacher_edit_the_copy_at_once_and_offline_work_merges(
    browser: Browser, context: BrowserContext, page: Page, a_classroom: RunningClassroom
) -> None:
    copy = join_and_open(page, a_classroom)
    student = page
    # Filled once, by the room: never also from the .ipynb.
    expect(code_cells(student)).to_have_count(2)
    expect(save_state(student)).to_have_text(SAVED)
    expect(student.locator(".live-status")).to_have_text("Live: connected.", timeout=SYNC_MS)

    teachers = browser.new_context(locale="en-US")
    try:
        teacher = teachers.new_page()
        teacher.goto(f"{a_classroom.url}signin")
        teacher.get_by_label("Username").fill("tina")
        teacher.get_by_label("Password").fill(PASSWORD)
        teacher.get_by_role("button", name="Sign in").click()
        teacher.goto(f"{a_classroom.url}teacher/copies/{copy}")
        # The read-only view is still there beside the join.
        expect(teacher.get_by_role("link", name="Open in the notebook")).to_be_visible()
        teacher.get_by_role("link", name="Join live").click()
        expect(teacher).to_have_url(re.compile(rf"copy={copy}&join=live"))
        expect(code_cells(teacher)).to_have_count(2, timeout=30_000)
        assert shown(teacher) == SOURCES
        expect(teacher.get_by_role("button", name="Hand in")).to_have_count(0)

        # Different cells at once: a key each in turn.
        type_at_end(student, code_cells(student).nth(0))
        type_at_end(teacher, code_cells(teacher).nth(1))
        for s, t in zip_longest("  # ada", "  # tina", fillvalue=""):
            student.keyboard.type(s)
            teacher.keyboard.type(t)
        text = converged(student, teacher)
        assert text == ["a = 1  # ada", "b = 2  # tina"]
        # Each sees the other's caret and name.
        expect(code_cells(student).nth(1).locator(".cm-ySelectionInfo")).to_have_text("Tina")
        expect(code_cells(teacher).nth(0).locator(".cm-ySelectionInfo")).to_have_text("Ada L.")
        people = student.get_by_role("region", name="People here")
        expect(people.get_by_role("listitem")).to_have_count(2)

        # The same cell at once: both keep what they typed.
        type_at_end(teacher, code_cells(teacher).nth(0))
        for s, t in zip("XYZ", "123", strict=True):
            student.keyboard.type(s)
            teacher.keyboard.type(t)
        text = converged(student, teacher)
        first = text[0]
        assert first.startswith("a = 1  # ada")
        assert sorted(first.removeprefix("a = 1  # ada")) == sorted("XYZ123")
        expect(save_state(student)).to_have_text(SAVED, timeout=SYNC_MS)
        saved_as_shown(student, a_classroom, copy, text)
        assert in_every_theme(student) == []
        assert in_every_theme(teacher) == []

        # The student goes offline and edits; the teacher edits meanwhile; nothing is lost.
        context.set_offline(True)
        expect(student.locator(".live-status")).to_have_text(re.compile("^Live: offline"))
        type_at_end(student, code_cells(student).nth(1))
        student.keyboard.type("  # offline")
        expect(save_state(student)).to_have_text(OFFLINE, timeout=10_000)
        assert in_every_theme(student) == []
        type_at_end(teacher, code_cells(teacher).nth(0))
        teacher.keyboard.type("  # meanwhile")
        context.set_offline(False)
        text = converged(student, teacher, timeout=40)
        assert text[0].endswith("  # meanwhile")
        assert text[1] == "b = 2  # tina  # offline"
        expect(save_state(student)).to_have_text(SAVED, timeout=40_000)
        saved_as_shown(student, a_classroom, copy, text)

        # A reload starts from this browser's document of the room: nothing doubled.
        student.reload()
        expect(code_cells(student)).to_have_count(2, timeout=30_000)
        assert converged(student, teacher) == text
    finally:
        teachers.close()


def test_work_kept_before_the_room_is_sent_first_and_the_room_fills_an_empty_document(
    context: BrowserContext, page: Page, a_classroom: RunningClassroom
) -> None:
    # A page that cannot reach the room saves by PUT; its work done offline stays here.
    page.route_web_socket(re.compile(r"/api/copies/\d+/live"), lambda socket: socket.close())
    copy = join_and_open(page, a_classroom)
    expect(save_state(page)).to_have_text(SAVED)
    expect(page.locator(".live-status")).to_have_count(0)
    context.set_offline(True)
    type_at_end(page, code_cells(page).nth(1))
    page.keyboard.type("  # unsent")
    expect(save_state(page)).to_have_text(OFFLINE, timeout=10_000)
    url = page.url
    page.close()
    context.set_offline(False)

    # The next visit reaches the room: what was kept is sent, then the room's document shown.
    later = context.new_page()
    later.goto(url)
    expect(later.locator(".live-status")).to_have_text("Live: connected.", timeout=SYNC_MS)
    expect(code_cells(later)).to_have_count(2)
    assert shown(later) == ["a = 1", "b = 2  # unsent"]
    expect(save_state(later)).to_have_text(SAVED)
    assert server_sources(later, a_classroom, copy) == ["a = 1", "b = 2  # unsent"]
    # Its stored document is now the room's: a reload merges, nothing doubled.
    later.reload()
    expect(later.locator(".live-status")).to_have_text("Live: connected.", timeout=SYNC_MS)
    expect(code_cells(later)).to_have_count(2)
    assert shown(later) == ["a = 1", "b = 2  # unsent"]
