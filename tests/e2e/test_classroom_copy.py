"""A student's copy in the notebook app, served by `ardoise classroom`, saved to the server."""

from __future__ import annotations

import json
import re
import signal
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from ardoise.classroom import ClassroomConfig
from ardoise.classroom.accounts import create_account
from ardoise.classroom.db import open_database
from ardoise.classroom.models import Role

from .axe import in_every_theme, violations
from .conftest import PYTHON_READY_MS
from .test_files import row
from .test_files_python import run
from .test_forced_colours import assert_edged
from .test_notebook import code_cells, output_of, replace_code
from .test_small_screens import TEXT_AT_200, assert_reflows, assert_uncut

if TYPE_CHECKING:
    from conftest import ArdoiseCLI

PASSWORD = "correct horse battery staple"
SAVED = "Saved to the server"
OFFLINE = "Offline: kept in this browser, will be sent"
LOAD_SERVER = re.compile(r"^Load the server.s version$")


@dataclass
class RunningClassroom:
    url: str
    code: str
    # An activity whose handed-in copies stay unchanged until returned.
    locked_code: str
    data: Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def a_notebook(source: str) -> dict[str, Any]:
    cell = {
        "cell_type": "code",
        "id": "first",
        "metadata": {},
        "source": source,
        "outputs": [],
        "execution_count": None,
    }
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [cell]}


@contextmanager
def classroom_process(ardoise_cli: ArdoiseCLI, data: Path, *options: str) -> Iterator[str]:
    """`ardoise classroom` as a process, with `options`: its URL. Stopped with Ctrl+C at
    the end."""
    server = ardoise_cli.start(
        "classroom", "--data", str(data), "--port", str(free_port()), *options
    )
    reader: threading.Thread | None = None
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        match = re.search(r"Classroom at (http://127\.0\.0\.1:\d+/)", line)
        assert match, line
        # Its log is read on: a full pipe would stall the server, not its code.
        reader = threading.Thread(target=server.stdout.read, daemon=True)
        reader.start()
        yield match.group(1)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
        if server.stdout:
            if reader is not None:
                reader.join(timeout=10)  # it reads to the end of the stopped server's log
            server.stdout.close()


@contextmanager
def classroom_with_teacher(
    ardoise_cli: ArdoiseCLI, data: Path
) -> Iterator[tuple[str, httpx.Client]]:
    """`ardoise classroom` as a process, with the teacher "tina" signed in over HTTP:
    its URL and the teacher's client. Stopped with Ctrl+C at the end."""
    with classroom_process(ardoise_cli, data) as url:
        sessions = open_database(ClassroomConfig(data=data))
        with sessions() as db:
            create_account(
                db, username="tina", display_name="Tina", password=PASSWORD, role=Role.TEACHER
            )
        sessions.kw["bind"].dispose()
        with httpx.Client(base_url=url, timeout=30) as teacher:
            teacher.get("/signin")
            token = teacher.cookies["ardoise_csrf"]
            teacher.post(
                "/signin", data={"csrf_token": token, "username": "tina", "password": PASSWORD}
            )
            yield url, teacher


@pytest.fixture(scope="module")
def a_classroom(
    ardoise_cli: ArdoiseCLI, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningClassroom]:
    """`ardoise classroom` as a process, with a teacher and an open activity."""
    data = tmp_path_factory.mktemp("classroom")
    with classroom_with_teacher(ardoise_cli, data) as (url, teacher):
        token = teacher.cookies["ardoise_csrf"]
        codes = [
            create_activity(teacher, token, title, keep_working)
            for title, keep_working in (("Loops", "1"), ("Locked loops", ""))
        ]
        yield RunningClassroom(url, codes[0], codes[1], data)


def create_activity(teacher: httpx.Client, token: str, title: str, keep_working: str) -> str:
    """An activity created through the form, as the teacher would; its share code."""
    created = teacher.post(
        "/teacher/activities",
        data={
            "csrf_token": token,
            "title": title,
            "instructions": "",
            "due": "",
            "late_accepted": "1",
            "guests_allowed": "1",
            "keep_working": keep_working,
        },
        files={"notebook": ("loops.ipynb", json.dumps(a_notebook("x = 1")), "application/json")},
    )
    assert created.status_code == 303, created.text
    page = teacher.get(created.headers["location"]).text
    code = re.search(r"/join/([A-Z0-9]+)", page)
    assert code
    return code.group(1)


def join_and_open(page: Page, classroom: RunningClassroom, code: str = "") -> str:
    """Join as a guest and open the copy in the notebook app; the copy's id."""
    page.goto(f"{classroom.url}join/{code or classroom.code}")
    page.get_by_label("Your name").fill("Ada L.")
    page.get_by_role("button", name="Get my copy").click()
    page.get_by_role("link", name="Open in the notebook").click()
    expect(code_cells(page).first).to_be_visible(timeout=30_000)
    match = re.search(r"copy=(\d+)", page.url)
    assert match
    return match.group(1)


def server_source(page: Page, classroom: RunningClassroom, copy: str) -> tuple[int, str]:
    """The copy's version and first cell's source, as the server has them."""
    answer = page.request.get(f"{classroom.url}api/copies/{copy}")
    assert answer.ok, answer.text()
    body = answer.json()
    source = body["notebook"]["cells"][0]["source"]
    return body["version"], "".join(source) if isinstance(source, list) else source


def without_live_room(context: BrowserContext) -> None:
    """The copy's live room refused, as a proxy that blocks websockets would: the page
    saves by PUT (tests/e2e/test_classroom_live.py tests the room)."""
    context.route_web_socket(re.compile(r"/api/copies/\d+/live"), lambda socket: socket.close())


def save_state(page: Page) -> Any:
    return page.locator(".copy-save-state")


def test_the_copy_is_edited_run_saved_to_the_server_kept_offline_and_a_stale_device_chooses(
    browser: Browser, context: BrowserContext, page: Page, a_classroom: RunningClassroom
) -> None:
    without_live_room(context)
    copy = join_and_open(page, a_classroom)
    expect(save_state(page)).to_have_text(SAVED)
    assert page.evaluate("crossOriginIsolated") is True
    assert in_every_theme(page) == []

    # Edited and run in the browser; the server gets it, a reload shows it.
    cell = code_cells(page).first
    replace_code(page, cell, "print(6 * 7)")
    page.keyboard.press("Shift+Enter")
    expect(output_of(cell)).to_contain_text("42", timeout=PYTHON_READY_MS)
    expect(save_state(page)).to_have_text(SAVED)
    version, source = server_source(page, a_classroom, copy)
    assert source == "print(6 * 7)"
    assert version > 1
    page.reload()
    expect(code_cells(page).first.get_by_role("textbox")).to_have_text("print(6 * 7)")

    # Offline: kept in this browser, said so, and sent once back online.
    context.set_offline(True)
    replace_code(page, code_cells(page).first, "offline_edit = 1")
    expect(save_state(page)).to_have_text(OFFLINE, timeout=10_000)
    context.set_offline(False)
    expect(save_state(page)).to_have_text(SAVED, timeout=40_000)
    assert server_source(page, a_classroom, copy)[1] == "offline_edit = 1"

    # A second device opens the copy, then the first saves again: the second is stale.
    other = browser.new_context(locale="en-US")
    try:
        without_live_room(other)
        other.add_cookies(context.cookies())
        device = other.new_page()
        device.goto(page.url)
        expect(code_cells(device).first.get_by_role("textbox")).to_have_text("offline_edit = 1")
        replace_code(page, code_cells(page).first, "from_the_first = 1")
        expect(save_state(page)).to_have_text(SAVED)
        replace_code(device, code_cells(device).first, "from_the_second = 2")
        conflict = device.locator(".copy-conflict")
        expect(conflict).to_be_visible(timeout=10_000)
        # Nothing was overwritten: each side still has its own text.
        assert server_source(page, a_classroom, copy)[1] == "from_the_first = 1"
        expect(code_cells(device).first.get_by_role("textbox")).to_have_text("from_the_second = 2")
        assert in_every_theme(device) == []
        # In forced colours (Windows High Contrast) the notice keeps its border.
        device.emulate_media(forced_colors="active")
        assert_edged(device, conflict, "the conflict notice")
        assert_edged(device, device.get_by_role("button", name="Hand in"), "Hand in")
        device.emulate_media(forced_colors="none")
        # The second device keeps its version: saved over the server's.
        conflict.get_by_role("button", name="Keep this version").click()
        expect(save_state(device)).to_have_text(SAVED)
        assert server_source(device, a_classroom, copy)[1] == "from_the_second = 2"
        # The first device is now the stale one; it loads the server's version.
        replace_code(page, code_cells(page).first, "from_the_first_again = 3")
        expect(page.locator(".copy-conflict")).to_be_visible(timeout=10_000)
        page.locator(".copy-conflict").get_by_role("button", name=LOAD_SERVER).click()
        page.get_by_role("dialog").get_by_role("button", name=LOAD_SERVER).click()
        expect(code_cells(page).first.get_by_role("textbox")).to_have_text("from_the_second = 2")
        expect(save_state(page)).to_have_text(SAVED)
        expect(page.locator(".copy-conflict")).to_be_hidden()
        # And the second hands it in.
        device.get_by_role("button", name="Hand in").click()
        expect(device.locator(".copy-hand-in-result")).to_contain_text("Handed in at")
        answer = device.request.get(f"{a_classroom.url}api/copies/{copy}").json()
        assert answer["status"] == "submitted"
        assert answer["submitted_version"] == answer["version"]
    finally:
        other.close()


def test_the_app_is_served_without_its_service_worker_and_with_isolation_headers(
    a_classroom: RunningClassroom,
) -> None:
    with httpx.Client(base_url=a_classroom.url, timeout=30) as client:
        app = client.get("/app/notebook.html")
        assert app.status_code == 200
        assert app.headers["cross-origin-embedder-policy"] == "require-corp"
        assert app.headers["cross-origin-opener-policy"] == "same-origin"
        assert "frame-ancestors 'self'" in app.headers["content-security-policy"]
        assert client.get("/app/sw.js").status_code == 404
        # The classroom's own pages keep their strict policy.
        assert "script-src 'self'" in client.get("/signin").headers["content-security-policy"]


def test_work_done_after_the_session_ended_is_kept_said_and_sent_once_signed_in_again(
    context: BrowserContext, page: Page, a_classroom: RunningClassroom
) -> None:
    without_live_room(context)
    page.goto(f"{a_classroom.url}join/{a_classroom.code}")
    page.get_by_label("Your name").fill("Grace H.")
    page.get_by_role("button", name="Get my copy").click()
    resume = page.get_by_role("textbox", name="Your private link").input_value()
    page.get_by_role("link", name="Open in the notebook").click()
    expect(code_cells(page).first).to_be_visible(timeout=30_000)
    copy = re.search(r"copy=(\d+)", page.url)
    assert copy
    expect(save_state(page)).to_have_text(SAVED)

    context.clear_cookies()  # the session is gone: signed out elsewhere, or expired
    replace_code(page, code_cells(page).first, "typed_while_signed_out = 1")
    expect(save_state(page)).to_have_text(re.compile(r"^Signed out: your work is kept"))
    sign_in = page.get_by_role("link", name="Sign in again (in a new tab)")
    expect(sign_in).to_have_attribute("target", "_blank")
    assert in_every_theme(page) == []

    # In another tab the guest opens their private link, which signs them in again.
    other = context.new_page()
    other.goto(resume)
    other.close()
    page.bring_to_front()
    expect(save_state(page)).to_have_text(SAVED, timeout=40_000)
    expect(sign_in).to_be_hidden()
    assert server_source(page, a_classroom, copy.group(1))[1] == "typed_while_signed_out = 1"


def axe_ready_page(browser: Browser) -> Iterator[Page]:
    """A page in a new context where axe can be injected into the classroom's own pages,
    whose Content-Security-Policy refuses inline scripts."""
    context = browser.new_context(locale="en-US", bypass_csp=True)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def axe_page(browser: Browser) -> Iterator[Page]:
    yield from axe_ready_page(browser)


def test_a_copy_handed_in_stays_as_handed_in_when_the_activity_says_so(
    axe_page: Page, a_classroom: RunningClassroom
) -> None:
    page = axe_page
    copy = join_and_open(page, a_classroom, a_classroom.locked_code)
    replace_code(page, code_cells(page).first, "answer = 42")
    expect(save_state(page)).to_have_text(SAVED, timeout=10_000)
    hand_in = page.get_by_role("button", name="Hand in")
    hand_in.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".copy-hand-in-result")).to_contain_text("Handed in at")
    handed_in = re.compile(r"^Handed in: your teacher has this version")
    expect(save_state(page)).to_have_text(handed_in)
    expect(hand_in).to_be_hidden()
    version, _ = server_source(page, a_classroom, copy)

    # Further changes stay in this browser: the server keeps the version handed in.
    replace_code(page, code_cells(page).first, "answer = 43")
    page.wait_for_timeout(3000)  # longer than the 1.5 s before a save is sent
    assert server_source(page, a_classroom, copy) == (version, "answer = 42")
    assert in_every_theme(page) == []

    # Opened again, the copy says so at once, and its page has no hand-in button.
    page.reload()
    expect(code_cells(page).first).to_be_visible(timeout=30_000)
    expect(save_state(page)).to_have_text(handed_in)
    expect(page.get_by_role("button", name="Hand in")).to_be_hidden()
    page.goto(f"{a_classroom.url}copies/{copy}")
    expect(
        page.get_by_text("You can change it again once your teacher returns it.")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Hand in")).to_have_count(0)
    assert in_every_theme(page, seven_to_one=False) == []


@pytest.mark.parametrize("zoom", ["320 px wide", "text at 200 %"])
def test_the_copy_reflows_at_320_pixels_and_its_text_at_200_percent_is_not_cut(
    page: Page, a_classroom: RunningClassroom, zoom: str
) -> None:
    if zoom == "320 px wide":  # a phone, or a page zoomed to 400 %
        page.set_viewport_size({"width": 320, "height": 640})
    else:
        page.set_viewport_size({"width": 1280, "height": 800})
        page.add_init_script(TEXT_AT_200)

    def looks_whole(state: str) -> None:
        assert_reflows(page, f"{state}, {zoom}")
        assert_uncut(page, f"{state}, {zoom}")

    copy = join_and_open(page, a_classroom)
    expect(save_state(page)).to_have_text(SAVED)
    looks_whole("the copy, saved")
    cell = code_cells(page).first
    replace_code(page, cell, "print('a long line of output ' * 20)")
    page.keyboard.press("Control+Enter")
    expect(output_of(cell)).to_contain_text("a long line", timeout=PYTHON_READY_MS)
    expect(save_state(page)).to_have_text(SAVED)
    looks_whole("the copy with an output")
    page.get_by_role("button", name="Hand in").click()
    expect(page.locator(".copy-hand-in-result")).to_contain_text("Handed in at")
    looks_whole("the copy handed in")
    page.goto(f"{a_classroom.url}copies/{copy}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    looks_whole("the copy's page on the server")


def test_a_csv_uploaded_beside_the_copy_is_read_by_python_and_kept_in_this_browser(
    page: Page, a_classroom: RunningClassroom
) -> None:
    # Playwright asks Chromium to catch file choosers without waiting for its answer:
    # asked this early, it is in force by the time Enter opens one below.
    page.on("filechooser", lambda _: None)
    copy = join_and_open(page, a_classroom)
    expect(save_state(page)).to_have_text(SAVED)

    # The Files button follows the link back, and opens the panel by the keyboard.
    page.get_by_role("link", name="Back to the activity").focus()
    page.keyboard.press("Tab")
    toggle = page.get_by_role("button", name="Files", exact=True)
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    panel = page.get_by_role("complementary", name="Files")
    expect(panel.get_by_role("heading", name="Files")).to_be_focused()
    expect(panel).to_contain_text("they are not sent to the server")
    # A copy's notebooks have no page of their own: no "New notebook" here.
    expect(panel.get_by_role("button", name="New notebook")).to_have_count(0)
    upload_button = panel.get_by_role("button", name="Upload", exact=True)
    for _ in range(6):
        page.keyboard.press("Tab")
        if upload_button.evaluate("element => element === document.activeElement"):
            break
    expect(upload_button).to_be_focused()
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Enter")
    chooser.value.set_files(
        files=[{"name": "marks.csv", "mimeType": "text/csv", "buffer": b"name,mark\nAda,19\n"}]
    )
    expect(row(panel, "marks.csv")).to_be_visible()

    read = "import csv\nprint([r['mark'] for r in csv.DictReader(open('marks.csv'))])"
    expect(run(page, read)).to_have_text("['19']")
    # What Python writes shows beside the copy too.
    run(page, "open('out.txt', 'w').write('from python')")
    expect(row(panel, "out.txt")).to_be_visible()
    assert violations(page) == []

    # Reloaded: the files are still there, and the new Python reads them.
    page.reload()
    expect(code_cells(page).first).to_be_visible(timeout=30_000)
    panel = page.get_by_role("complementary", name="Files")  # left open: it stays open
    expect(row(panel, "marks.csv")).to_be_visible()
    expect(run(page, read + "\nprint(open('out.txt').read())")).to_have_text("['19']\nfrom python")
    # Kept under this copy's own name in this browser, apart from the site's files;
    # the server has only the notebook.
    names = page.evaluate("async () => (await indexedDB.databases()).map((d) => d.name)")
    assert f"ardoise-files:/app/classroom-copies/{copy}/files/" in names
    assert "ardoise-files:/app/" not in names
    server = page.request.get(f"{a_classroom.url}api/copies/{copy}").json()
    assert "Ada,19" not in json.dumps(server)
