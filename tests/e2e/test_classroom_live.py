"""A student's copy edited live through the classroom server's room: the teacher joins it."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import zip_longest
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from ardoise.classroom import ClassroomConfig, create_app
from ardoise.classroom.accounts import create_account
from ardoise.classroom.app_site import build_app_site
from ardoise.classroom.models import Role
from classroom.live_client import LiveServer

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
from .test_files_python import run
from .test_live import source
from .test_notebook import code_cells
from .test_run_commands import from_the_menu

if TYPE_CHECKING:
    from conftest import ArdoiseCLI

SYNC_MS = 15_000
# Moving into the room is tried every 15 s (live-copy.ts RETRY_ROOM_MS): several tries.
MOVE_IN_MS = 90_000
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
def classroom_and_teacher(
    ardoise_cli: ArdoiseCLI, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[RunningClassroom, httpx.Client]]:
    """`ardoise classroom` as a process, with a teacher (signed in) and an activity of two cells."""
    data = tmp_path_factory.mktemp("classroom")
    with classroom_with_teacher(ardoise_cli, data) as (url, teacher):
        yield RunningClassroom(url, create_activity(teacher), "", data), teacher


@pytest.fixture(scope="module")
def a_classroom(classroom_and_teacher: tuple[RunningClassroom, httpx.Client]) -> RunningClassroom:
    return classroom_and_teacher[0]


def create_activity(teacher: httpx.Client, keep_working: str = "1", title: str = "Together") -> str:
    created = teacher.post(
        "/teacher/activities",
        data={
            "csrf_token": teacher.cookies["ardoise_csrf"],
            "title": title,
            "instructions": "",
            "due": "",
            "late_accepted": "1",
            "guests_allowed": "1",
            "keep_working": keep_working,
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


def leave_unsent_work(page: Page, context: BrowserContext) -> str:
    """Types in the copy offline, so the work is kept in this browser only, and closes the
    page; the copy page's URL."""
    context.set_offline(True)
    type_at_end(page, code_cells(page).nth(1))
    page.keyboard.type("  # unsent")
    expect(save_state(page)).to_have_text(OFFLINE, timeout=10_000)
    url = page.url
    page.close()
    context.set_offline(False)
    return url


# Announcements closer together than this are said together (collab/live.ts, joiningAnnouncer);
# a little less, for the two clocks of one page.
TOGETHER_MS = 2900
TOGETHER = ("Live: connected.", "Tina joined.")


def record_announcements(page: Page) -> None:
    """From now on, every text the page's announcer says, with when (ms)."""
    page.evaluate(
        """() => {
            window.ardoiseSaid = [];
            for (const announcer of document.querySelectorAll(".announcer")) {
                const note = () => window.ardoiseSaid.push([Date.now(), announcer.textContent]);
                new MutationObserver(note)
                    .observe(announcer, { childList: true, characterData: true, subtree: true });
            }
        }"""
    )


def announced(page: Page, *texts: str) -> list[tuple[int, str]]:
    """What the announcers said since record_announcements, once they have said each text."""
    deadline = time.monotonic() + SYNC_MS / 1000
    while True:
        said = [(int(at), str(words)) for at, words in page.evaluate("window.ardoiseSaid")]
        if all(any(text in words for _, words in said) for text in texts):
            return said
        assert time.monotonic() < deadline, f"never said all of {texts!r}: {said}"
        page.wait_for_timeout(200)


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
        record_announcements(student)
        context.set_offline(False)
        # The connection is back, and who is here: both said, and when they come close
        # together, said together rather than the later over the earlier.
        said = announced(student, *TOGETHER)
        first = [next((at, text) for at, text in said if words in text) for words in TOGETHER]
        (early, _), (late, both) = sorted(first)
        if late - early < TOGETHER_MS:
            assert all(words in both for words in TOGETHER), said
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
    url = leave_unsent_work(page, context)

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


LIVE_ROUTE = re.compile(r"/api/copies/\d+/live")
SIGNED_OUT = re.compile(r"^Signed out: your work is kept")
CONFLICT = "Not saved: the server has a newer version"
# Every Yjs client id of the page a multiple of 8 (lib0 draws them with
# crypto.getRandomValues): the colours that follow the ids would all be the same.
SAME_COLOURS = """
const draw = crypto.getRandomValues.bind(crypto);
crypto.getRandomValues = (array) => {
  draw(array);
  if (array instanceof Uint32Array && array.length === 1) array[0] -= array[0] % 8;
  return array;
};
"""


def join_as_guest(
    page: Page, classroom: RunningClassroom, name: str, code: str = ""
) -> tuple[str, str]:
    """Join as a guest and open the copy in the notebook app: (copy id, private link)."""
    page.goto(f"{classroom.url}join/{code or classroom.code}")
    page.get_by_label("Your name").fill(name)
    page.get_by_role("button", name="Get my copy").click()
    resume = page.get_by_role("textbox", name="Your private link").input_value()
    page.get_by_role("link", name="Open in the notebook").click()
    expect(code_cells(page).first).to_be_visible(timeout=30_000)
    match = re.search(r"copy=(\d+)", page.url)
    assert match
    return match.group(1), resume


def sign_in_teacher(page: Page, classroom: RunningClassroom) -> None:
    page.goto(f"{classroom.url}signin")
    page.get_by_label("Username").fill("tina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/teacher$"))


def keep_if_asked(page: Page) -> None:
    """Saved; or, if the room saved a version meanwhile, the student keeps theirs."""
    state = save_state(page)
    expect(state).to_have_text(re.compile(f"^({SAVED}|{CONFLICT})$"), timeout=SYNC_MS)
    if state.text_content() == CONFLICT:
        page.get_by_role("button", name="Keep this version").click()
    expect(state).to_have_text(SAVED, timeout=SYNC_MS)


def join_url(classroom: RunningClassroom, copy: str) -> str:
    return f"{classroom.url}app/notebook.html?copy={copy}&join=live"


def test_a_session_that_ends_while_live_says_signed_out_and_sends_the_work_once_signed_in_again(
    context: BrowserContext, page: Page, a_classroom: RunningClassroom
) -> None:
    copy, resume = join_as_guest(page, a_classroom, "Grace H.")
    live = page.locator(".live-status")
    expect(live).to_have_text("Live: connected.", timeout=SYNC_MS)
    expect(save_state(page)).to_have_text(SAVED)

    # The session is gone (signed out elsewhere, or expired), then the socket drops:
    # the room's handshake is refused, and the page says why rather than "connecting".
    context.clear_cookies()
    context.set_offline(True)
    expect(live).to_have_text(re.compile("^Live: offline"))
    context.set_offline(False)
    expect(save_state(page)).to_have_text(SIGNED_OUT, timeout=SYNC_MS)
    sign_in = page.get_by_role("link", name="Sign in again (in a new tab)")
    expect(sign_in).to_be_visible()
    type_at_end(page, code_cells(page).nth(0))
    page.keyboard.type("  # signed out")
    expect(save_state(page)).to_have_text(SIGNED_OUT)

    # Signed in again in another tab: the room takes the work kept here.
    other = context.new_page()
    other.goto(resume)
    other.close()
    page.bring_to_front()
    expect(live).to_have_text("Live: connected.", timeout=SYNC_MS)
    expect(save_state(page)).to_have_text(SAVED, timeout=40_000)
    expect(sign_in).to_be_hidden()
    saved_as_shown(page, a_classroom, copy, ["a = 1  # signed out", "b = 2"])


def test_a_teacher_joins_from_the_list_sees_a_locked_copy_read_only_and_a_deleted_one_said(
    browser: Browser,
    page: Page,
    classroom_and_teacher: tuple[RunningClassroom, httpx.Client],
) -> None:
    classroom, teacher_client = classroom_and_teacher
    code = create_activity(teacher_client, keep_working="", title="Handed in stays")
    # Both browsers draw colliding client ids: each person still gets a colour of their own.
    page.context.add_init_script(SAME_COLOURS)
    copy, _ = join_as_guest(page, classroom, "Ada L.", code)
    expect(page.locator(".live-status")).to_have_text("Live: connected.", timeout=SYNC_MS)
    teachers = browser.new_context(locale="en-US")
    try:
        teachers.add_init_script(SAME_COLOURS)
        teacher = teachers.new_page()
        sign_in_teacher(teacher, classroom)
        # "Join live" on the activity's list of copies, named for the copy's student.
        teacher.get_by_role("link", name="Handed in stays").click()
        teacher.get_by_role("link", name="Join live: copy of Ada L.").click()
        expect(teacher).to_have_url(re.compile(rf"copy={copy}&join=live"))
        expect(code_cells(teacher)).to_have_count(2, timeout=30_000)
        expect(teacher.locator(".live-status")).to_have_text("Live: connected.", timeout=SYNC_MS)
        people = page.get_by_role("region", name="People here").locator(".live-swatch")
        expect(people).to_have_count(2)
        colours = {
            people.nth(index).evaluate("e => e.style.getPropertyValue('--person')")
            for index in range(2)
        }
        assert len(colours) == 2, colours
        # …though their client ids would give them the same one.
        ids = page.get_by_role("region", name="People here").locator(".live-person")
        assert [int(ids.nth(i).get_attribute("data-client-id") or 1) % 8 for i in range(2)] == [
            0,
            0,
        ]
        expect(
            teacher.get_by_role("region", name="People here").locator(".live-swatch")
        ).to_have_count(2)

        # Handed in, and the activity keeps it unchanged: the join is read-only, and says why.
        page.get_by_role("button", name="Hand in").click()
        expect(page.locator(".copy-hand-in-result")).to_contain_text("Handed in at")
        # The teacher, still in it, is taken to the read-only view; a later join too.
        expect(teacher).to_have_url(re.compile(r"&view=latest$"), timeout=SYNC_MS)
        expect(teacher.locator(".notice")).to_be_visible()
        teacher.goto(join_url(classroom, copy))
        expect(teacher).to_have_url(re.compile(r"&view=latest$"))
        expect(teacher.locator(".notice")).to_have_text(
            "This copy cannot be edited live: it is handed in and kept unchanged until you "
            "return it. It is shown read-only."
        )
        expect(teacher.get_by_role("textbox")).to_have_count(0)
        expect(teacher.locator(".copy-save-state")).to_have_count(0)

        # The activity deleted: a later join says what failed and what to do.
        activity = re.search(r"/teacher/activities/(\d+)", teacher_client.get("/teacher").text)
        assert activity
        deleted = teacher_client.post(
            f"/teacher/activities/{activity.group(1)}/delete",
            data={"csrf_token": teacher_client.cookies["ardoise_csrf"]},
        )
        assert deleted.status_code == 303, deleted.text
        teacher.goto(join_url(classroom, copy))
        expect(teacher.get_by_role("alert")).to_have_text(
            "This copy cannot be joined: it was deleted, or its activity is no longer yours. "
            "Go back to your activities to open another copy."
        )
        expect(teacher.get_by_role("link", name="Back to my activities")).to_have_attribute(
            "href", "/teacher"
        )
    finally:
        teachers.close()


def test_a_teacher_and_a_student_sharing_a_browser_keep_their_unsent_work_apart(
    context: BrowserContext, page: Page, a_classroom: RunningClassroom
) -> None:
    # The student's page cannot reach the room (saves by PUT), and works offline.
    page.route_web_socket(LIVE_ROUTE, lambda socket: socket.close())
    copy, resume = join_as_guest(page, a_classroom, "Lin S.")
    expect(save_state(page)).to_have_text(SAVED)
    url = leave_unsent_work(page, context)

    # Their teacher signs in in the same browser profile and joins the copy.
    teacher = context.new_page()
    sign_in_teacher(teacher, a_classroom)
    teacher.goto(join_url(a_classroom, copy))
    expect(teacher.locator(".live-status")).to_have_text("Live: connected.", timeout=SYNC_MS)
    expect(save_state(teacher)).to_have_text(SAVED)
    teacher.close()

    # The student signs in again: what they kept is theirs, and is sent.
    later = context.new_page()
    later.goto(resume)
    later.goto(url)
    # Moved into the room once it shows what was sent (tried again every 15 s; on a
    # busy machine an attempt may find the room not yet showing the PUT, and wait).
    # Should the room have saved a version meanwhile, the student is asked, whenever
    # the question comes, and keeps theirs. (Run after the test that deletes its copy,
    # this copy has that copy's id on SQLite: the room it moves into must be its own.)
    state = save_state(later)
    live = later.locator(".live-status")
    deadline = time.monotonic() + MOVE_IN_MS / 1000
    while live.count() == 0 or live.text_content() != "Live: connected.":
        assert time.monotonic() < deadline, f"never moved into the room: {state.text_content()}"
        keep = later.get_by_role("button", name="Keep this version")
        if state.text_content() == CONFLICT and keep.count() > 0:
            keep.click()
        later.wait_for_timeout(500)
    expect(state).to_have_text(SAVED, timeout=SYNC_MS)
    assert shown(later) == ["a = 1", "b = 2  # unsent"]
    saved_as_shown(later, a_classroom, copy, ["a = 1", "b = 2  # unsent"])


def test_a_room_that_does_not_answer_is_not_waited_for_again_and_is_joined_once_it_answers(
    context: BrowserContext, page: Page, a_classroom: RunningClassroom
) -> None:
    hold = {"on": False}

    def room(socket: Any) -> None:
        # Held: the upgrade seems accepted and nothing ever comes (a proxy that holds it).
        if not hold["on"]:
            socket.connect_to_server()

    context.route_web_socket(LIVE_ROUTE, room)
    copy, _ = join_as_guest(page, a_classroom, "Kim P.")
    live = page.locator(".live-status")
    expect(live).to_have_text("Live: connected.", timeout=SYNC_MS)

    hold["on"] = True
    page.reload()
    # Not answered: the page saves by PUT.
    expect(live).to_have_count(0, timeout=SYNC_MS)
    type_at_end(page, code_cells(page).nth(0))
    page.keyboard.type("  # by put")
    keep_if_asked(page)
    assert server_sources(page, a_classroom, copy) == ["a = 1  # by put", "b = 2"]

    # The next visit does not wait for the room: edited and saved by PUT while it is held.
    page.reload()
    expect(code_cells(page)).to_have_count(2, timeout=30_000)
    type_at_end(page, code_cells(page).nth(1))
    page.keyboard.type("  # at once")
    keep_if_asked(page)
    expect(live).to_have_count(0)

    # The room answers again: the page goes back into it by itself, nothing lost.
    hold["on"] = False
    expect(live).to_have_text("Live: connected.", timeout=MOVE_IN_MS)
    type_at_end(page, code_cells(page).nth(1))
    page.keyboard.type("!")
    expect(save_state(page)).to_have_text(SAVED, timeout=SYNC_MS)
    text = ["a = 1  # by put", "b = 2  # at once!"]
    assert shown(page) == text
    saved_as_shown(page, a_classroom, copy, text)


HANDED_IN = (
    "Handed in: your teacher has this version; "
    "changes stay in this browser until the copy is returned"
)


def test_a_copy_handed_in_from_another_tab_turns_read_only_at_once_and_editable_once_returned(
    context: BrowserContext,
    page: Page,
    classroom_and_teacher: tuple[RunningClassroom, httpx.Client],
) -> None:
    classroom, teacher = classroom_and_teacher
    # An activity that keeps handed-in copies unchanged until the teacher returns them.
    code = create_activity(teacher, keep_working="", title="Kept")
    copy, _resume = join_as_guest(page, classroom, "Lin", code)
    expect(page.locator(".live-status")).to_have_text("Live: connected.", timeout=SYNC_MS)
    other = context.new_page()  # the same copy in a second tab, in the same room
    other.goto(page.url)
    expect(other.locator(".live-status")).to_have_text("Live: connected.", timeout=SYNC_MS)
    expect(other.get_by_role("button", name="Hand in")).to_be_visible()

    page.get_by_role("button", name="Hand in").click()
    expect(save_state(page)).to_have_text(HANDED_IN, timeout=SYNC_MS)
    # The other tab learns it from the room, without a reload, as if it had opened the copy now.
    expect(save_state(other)).to_have_text(HANDED_IN, timeout=SYNC_MS)
    expect(other.get_by_role("button", name="Hand in")).to_be_hidden()
    type_at_end(other, code_cells(other).nth(1))
    other.keyboard.type("  # after")
    expect(save_state(other)).to_have_text(HANDED_IN)
    assert server_sources(other, classroom, copy) == SOURCES

    returned = teacher.post(
        f"/teacher/copies/{copy}/grade",
        data={"csrf_token": teacher.cookies["ardoise_csrf"], "action": "return"},
    )
    assert returned.status_code == 303, returned.text
    # Returned: both tabs may edit again, and what was typed meanwhile is saved.
    expect(save_state(other)).to_have_text(SAVED, timeout=SYNC_MS)
    expect(other.get_by_role("button", name="Hand in")).to_be_visible()
    expect(save_state(page)).to_have_text(SAVED, timeout=SYNC_MS)
    saved_as_shown(other, classroom, copy, ["a = 1", "b = 2  # after"])


TOO_LARGE = re.compile(r"^Live: not connected, a change is too large to send live\. Clear some")
TOO_FAST = re.compile(r"^Live: too many changes were sent at once; connecting again")


@pytest.fixture(scope="module")
def an_app_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The classroom's notebook app, built once for the classrooms served in this process."""
    return build_app_site(tmp_path_factory.mktemp("app-site"))


@contextmanager
def served_classroom(config: ClassroomConfig, app_site: Path) -> Iterator[RunningClassroom]:
    """The classroom of `config` served in this process, with the teacher "tina" and an
    activity of two cells."""
    app = create_app(config, app_site=app_site)
    with app.state.sessions() as db:
        create_account(
            db, username="tina", display_name="Tina", password=PASSWORD, role=Role.TEACHER
        )
    server = LiveServer(app).start()
    try:
        with httpx.Client(base_url=f"{server.origin}/", timeout=30) as teacher:
            teacher.get("/signin")
            token = teacher.cookies["ardoise_csrf"]
            teacher.post(
                "/signin", data={"csrf_token": token, "username": "tina", "password": PASSWORD}
            )
            yield RunningClassroom(f"{server.origin}/", create_activity(teacher), "", config.data)
    finally:
        server.stop()


@pytest.fixture(scope="module")
def a_strict_classroom(
    tmp_path_factory: pytest.TempPathFactory, an_app_site: Path
) -> Iterator[RunningClassroom]:
    """A classroom whose live limits are low: a live message of 95 KB at most (notebooks
    of 20 KB), 5 messages a second after the first 40."""
    config = ClassroomConfig(
        data=tmp_path_factory.mktemp("strict"),
        max_notebook_bytes=20_000,
        live_messages_per_second=5,
        live_message_burst=40,
    )
    with served_classroom(config, an_app_site) as classroom:
        yield classroom


def test_a_change_too_large_to_send_live_is_said_and_the_page_connects_again_once_it_is_cleared(
    page: Page, a_strict_classroom: RunningClassroom
) -> None:
    copy, _resume = join_as_guest(page, a_strict_classroom, "Noor")
    live = page.locator(".live-status")
    expect(live).to_have_text("Live: connected.", timeout=SYNC_MS)
    code = 'x = "x" * 120_000\nprint(x)'
    run(page, code)  # an output larger than a live message may be
    expect(live).to_have_text(TOO_LARGE, timeout=SYNC_MS)
    # Said politely: the page's status region announces it.
    said = page.get_by_role("status").filter(has_text="a change is too large to send live")
    expect(said).to_have_count(1)
    assert in_every_theme(page) == []
    page.wait_for_timeout(5000)  # not tried again while nothing changes
    expect(live).to_have_text(TOO_LARGE)
    # The student clears the outputs, as the sentence says: the page connects again.
    from_the_menu(page, "Clear all outputs")
    expect(live).to_have_text("Live: connected.", timeout=SYNC_MS)
    expect(save_state(page)).to_have_text(SAVED, timeout=SYNC_MS)
    saved_as_shown(page, a_strict_classroom, copy, [code, "b = 2"])


def test_too_many_changes_at_once_are_said_and_the_page_connects_again_by_itself(
    page: Page, a_strict_classroom: RunningClassroom
) -> None:
    copy, _resume = join_as_guest(page, a_strict_classroom, "Omar")
    live = page.locator(".live-status")
    expect(live).to_have_text("Live: connected.", timeout=SYNC_MS)
    type_at_end(page, code_cells(page).nth(0))
    page.keyboard.type("  # " + "typing fast " * 10)  # a document and a cursor update a key
    expect(live).to_have_text(TOO_FAST, timeout=SYNC_MS)
    expect(live).to_have_text("Live: connected.", timeout=SYNC_MS)
    expect(save_state(page)).to_have_text(SAVED, timeout=SYNC_MS)
    saved_as_shown(page, a_strict_classroom, copy, ["a = 1  # " + "typing fast " * 10, "b = 2"])


def test_a_teacher_who_cannot_join_a_full_room_is_told_so(
    browser: Browser,
    page: Page,
    an_app_site: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    config = ClassroomConfig(data=tmp_path_factory.mktemp("small"), live_peers_per_room=1)
    with served_classroom(config, an_app_site) as classroom:
        copy, _resume = join_as_guest(page, classroom, "Pia")
        expect(page.locator(".live-status")).to_have_text("Live: connected.", timeout=SYNC_MS)
        teachers = browser.new_context(locale="en-US")
        try:
            teacher = teachers.new_page()
            sign_in_teacher(teacher, classroom)
            teacher.goto(join_url(classroom, copy))
            expect(
                teacher.get_by_text(re.compile("^This copy already has as many people"))
            ).to_be_visible(timeout=SYNC_MS)
            # The student's page is not disturbed.
            expect(page.locator(".live-status")).to_have_text("Live: connected.")
        finally:
            teachers.close()


def test_moving_into_the_room_keeps_the_focus_and_the_selection_where_they_were(
    page: Page, a_classroom: RunningClassroom
) -> None:
    reachable = {"on": False}

    def room(socket: Any) -> None:
        if reachable["on"]:
            socket.connect_to_server()
        else:
            socket.close()

    page.route_web_socket(LIVE_ROUTE, room)
    copy, _ = join_as_guest(page, a_classroom, "Noor A.")
    # Saved by PUT, as the room cannot be reached; "2" is then selected in the second cell.
    type_at_end(page, code_cells(page).nth(1))
    page.keyboard.type("  # typed")
    expect(save_state(page)).to_have_text(SAVED, timeout=SYNC_MS)
    page.keyboard.press("Home")
    for _ in range(len("b = ")):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowRight")

    # The room answers: the page moves into it (its cells drawn again), and the same
    # editor still has the focus and the selection: the next key replaces the "2".
    reachable["on"] = True
    expect(page.locator(".live-status")).to_have_text("Live: connected.", timeout=MOVE_IN_MS)
    expect(code_cells(page).nth(1).get_by_role("textbox")).to_be_focused()
    page.keyboard.type("3")
    text = ["a = 1", "b = 3  # typed"]
    assert shown(page) == text
    expect(save_state(page)).to_have_text(SAVED, timeout=SYNC_MS)
    saved_as_shown(page, a_classroom, copy, text)
