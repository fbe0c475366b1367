"""input() and getpass() in cells, a runaway print loop, and a Python that dies."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from ardoise.serve import SiteHandler

from .axe import in_every_theme
from .conftest import PYTHON_READY_MS
from .test_notebook import (
    WELCOME,
    code_cells,
    open_notebook,
    output_of,
    replace_code,
    wait_until_ready,
)


def run(page: Page, cell: Locator, code: str) -> None:
    replace_code(page, cell, code)
    page.keyboard.press("Control+Enter")


def test_input_in_a_loop_asks_under_the_cell_and_each_answer_is_echoed(
    page: Page, a_served_site: str
) -> None:
    open_notebook(page, a_served_site, WELCOME)
    all_cells = page.get_by_role("group", name=re.compile(r"^(Code|Markdown|Raw) cell \d+ of \d+"))
    total = all_cells.count()
    cell = code_cells(page).first
    run(page, cell, "names = []\nfor i in range(3):\n    names.append(input(f'Name {i}: '))\nnames")
    for i, name in enumerate(["Ada", "Grace", "Alan"]):
        # The field is named by the prompt and has the focus: the student just types.
        field = cell.get_by_role("textbox", name=f"Name {i}:")
        expect(field).to_be_focused(timeout=PYTHON_READY_MS)
        expect(field).to_have_accessible_description("Press Enter to send")
        page.keyboard.type(name)
        page.keyboard.press("Enter")
    output = output_of(cell)
    expect(output).to_contain_text("['Ada', 'Grace', 'Alan']")
    expect(output).to_contain_text("Name 0: Ada\nName 1: Grace\nName 2: Alan\n")
    expect(cell.locator("input")).to_have_count(0)
    expect(cell).to_have_accessible_name(re.compile(r"ran as \[1\]"))
    # The answers were not taken for notebook shortcuts (A inserts a cell, D D deletes).
    expect(all_cells).to_have_count(total)


def test_a_prompt_of_nothing_still_gets_a_named_field(page: Page, a_served_site: str) -> None:
    open_notebook(page, a_served_site, WELCOME)
    cell = code_cells(page).first
    run(page, cell, "print('Type a number:')\nn = int(input())\nprint(n * 2)")
    field = cell.get_by_role("textbox", name="Answer for cell 3")
    expect(field).to_be_focused(timeout=PYTHON_READY_MS)
    # What the cell printed before asking is already on screen.
    expect(output_of(cell)).to_have_text("Type a number:")
    page.keyboard.type("21")
    page.keyboard.press("Enter")
    expect(output_of(cell)).to_contain_text("42")


def test_getpass_hides_what_is_typed_and_never_shows_it(page: Page, a_served_site: str) -> None:
    open_notebook(page, a_served_site, WELCOME)
    cell = code_cells(page).first
    run(page, cell, "import getpass\nsecret = getpass.getpass()\nprint(len(secret), secret[::-1])")
    field = cell.get_by_label("Password:")
    expect(field).to_be_focused(timeout=PYTHON_READY_MS)
    expect(field).to_have_attribute("type", "password")
    page.keyboard.type("hunter2")
    page.keyboard.press("Enter")
    output = output_of(cell)
    expect(output).to_contain_text("7 2retnuh")
    expect(output).to_contain_text("Password: ········")
    assert "hunter2" not in output.inner_text()


def test_stop_during_input_interrupts_the_cell_and_keeps_the_variables(
    page: Page, a_served_site: str
) -> None:
    open_notebook(page, a_served_site, WELCOME)
    cell = code_cells(page).first
    run(page, cell, "kept = 42\nanswer = input('Waiting: ')")
    expect(cell.get_by_role("textbox", name="Waiting:")).to_be_focused(timeout=PYTHON_READY_MS)
    page.get_by_role("button", name="Stop").click()
    expect(output_of(cell)).to_contain_text("KeyboardInterrupt", timeout=10_000)
    expect(output_of(cell)).to_contain_text("----> 2 answer = input('Waiting: ')")
    expect(cell.locator("input")).to_have_count(0)
    second = code_cells(page).nth(1)
    run(page, second, "print(kept, 'answer' in globals())")
    expect(output_of(second)).to_have_text("42 False")


class HandlerWithoutIsolation(SiteHandler):
    """The site as a host without COOP/COEP headers serves it (e.g. a plain static host)."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        SimpleHTTPRequestHandler.end_headers(self)


@pytest.fixture(scope="module")
def a_site_served_without_isolation(a_built_site: Path) -> Iterator[str]:
    handler = partial(HandlerWithoutIsolation, directory=str(a_built_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


def test_without_cross_origin_isolation_input_says_why_it_cannot_wait(
    browser: Browser, a_site_served_without_isolation: str
) -> None:
    # Service workers blocked: nothing can add the isolation the host does not send.
    context = browser.new_context(locale="en-US", service_workers="block")
    page = context.new_page()
    try:
        input_without_isolation(page, a_site_served_without_isolation)
    finally:
        context.close()


def input_without_isolation(page: Page, a_site_served_without_isolation: str) -> None:
    open_notebook(page, a_site_served_without_isolation, WELCOME)
    wait_until_ready(page)
    assert page.evaluate("crossOriginIsolated") is False
    cell = code_cells(page).first
    run(page, cell, "name = input('Your name: ')")
    output = output_of(cell)
    expect(output).to_contain_text("StdinNotImplementedError", timeout=PYTHON_READY_MS)
    expect(output).to_contain_text(
        "input() cannot wait for your answer on this page, because the page is not "
        "cross-origin isolated"
    )
    expect(cell.locator("input")).to_have_count(0)


def test_a_runaway_print_loop_leaves_the_page_usable_and_its_output_bounded(
    page: Page, a_served_site: str
) -> None:
    open_notebook(page, a_served_site, WELCOME)
    cell = code_cells(page).first
    run(page, cell, "for i in range(3_000_000):\n    print(i)")
    output = output_of(cell)
    # Past 10,000 lines the oldest are dropped, and the output says so.
    expect(output).to_contain_text(
        re.compile(r"… [\d,]+ earlier lines were not kept"), timeout=PYTHON_READY_MS
    )
    # While it still prints: another cell can be edited, the page scrolls.
    second = code_cells(page).nth(1)
    replace_code(page, second, "print(i)")
    expect(second.get_by_role("textbox")).to_have_text("print(i)")
    page.mouse.move(600, 400)
    page.mouse.wheel(0, 2000)
    page.wait_for_function("() => window.scrollY > 0")
    expect(cell).to_have_accessible_name(re.compile(r"running"))
    page.get_by_role("button", name="Stop").click()
    expect(output).to_contain_text("KeyboardInterrupt", timeout=30_000)
    # What is kept is the tail: far fewer lines than were printed.
    show_all = output.get_by_role("button", name=re.compile(r"^Show all [\d,]+ lines$"))
    kept = int(re.sub(r"\D", "", show_all.inner_text()))
    assert kept <= 10_001
    second.get_by_role("textbox").click()
    page.keyboard.press("Control+Enter")
    expect(output_of(second)).to_have_text(re.compile(r"^\d+\s*$"))
    assert int(output_of(second).inner_text()) >= 10_000


def test_a_fatal_python_error_is_reported_and_restart_brings_python_back(
    page: Page, a_served_site: str
) -> None:
    open_notebook(page, a_served_site, WELCOME)
    cell = code_cells(page).first
    # Deep recursion in C (repr of a deeply nested list) overflows the browser's stack.
    code = "nested = []\nfor _ in range(1_000_000):\n    nested = [nested]\ntext = repr(nested)"
    run(page, cell, code)
    notice = page.get_by_role("group", name="Python stopped")
    expect(notice.get_by_role("alert")).to_have_text(
        re.compile(r"^Python stopped: a computation went too deep .* Your notebook is safe\."),
        timeout=PYTHON_READY_MS,
    )
    expect(output_of(cell)).to_have_text("Python stopped while this cell was running.")
    assert in_every_theme(page) == []
    # The notebook's text is untouched.
    expect(cell.get_by_role("textbox")).to_have_text(re.compile(r"text = repr\(nested\)"))
    notice.get_by_role("button", name="Restart Python").click()
    expect(notice).to_be_hidden(timeout=PYTHON_READY_MS)
    wait_until_ready(page)
    second = code_cells(page).nth(1)
    run(page, second, "print(6 * 7)")
    expect(output_of(second)).to_have_text("42", timeout=PYTHON_READY_MS)


def test_a_failing_worker_is_reported_with_a_restart(page: Page, a_served_site: str) -> None:
    open_notebook(page, a_served_site, WELCOME)
    cell = code_cells(page).first
    # An error thrown in the worker outside any cell, as a crash of the worker would.
    run(
        page,
        cell,
        "import js\njs.setTimeout(js.Function.new(\"throw new Error('worker broke')\"), 0)",
    )
    notice = page.get_by_role("group", name="Python stopped")
    expect(notice.get_by_role("alert")).to_contain_text(
        "the part of the browser that runs it failed", timeout=PYTHON_READY_MS
    )
    expect(notice.get_by_role("alert")).to_contain_text("worker broke")
    notice.get_by_role("button", name="Restart Python").click()
    wait_until_ready(page)
    expect(notice).to_be_hidden()


def test_a_memory_error_stays_an_ordinary_python_error(page: Page, a_served_site: str) -> None:
    open_notebook(page, a_served_site, WELCOME)
    cell = code_cells(page).first
    run(page, cell, "kept = 1\nhuge = bytearray(2**31 - 1)")
    expect(output_of(cell)).to_contain_text("MemoryError", timeout=PYTHON_READY_MS)
    expect(page.get_by_role("group", name="Python stopped")).to_be_hidden()
    second = code_cells(page).nth(1)
    run(page, second, "print(kept)")
    expect(output_of(second)).to_have_text("1")
