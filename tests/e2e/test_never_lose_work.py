"""Work survives a crashed tab, and two tabs on one notebook keep each other's edits."""

from __future__ import annotations

import contextlib
import os
import signal
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, Playwright, expect
from playwright.sync_api import Error as PlaywrightError

from .conftest import CHROMIUM, CHROMIUM_FLAGS
from .test_notebook import WELCOME, code_cells, open_notebook, replace_code


def chromium_pids(profile: Path) -> list[int]:
    """The processes of the Chromium this test started, found by its own profile folder."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if str(profile).encode() in (entry / "cmdline").read_bytes():
                    pids.append(int(entry.name))
    return pids


def test_what_was_typed_a_second_before_a_crash_is_still_there(
    playwright_instance: Playwright, a_served_site: str, tmp_path: Path
) -> None:
    profile = tmp_path / "profile"

    def launch() -> BrowserContext:
        return playwright_instance.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_FLAGS
        )

    browser = launch()
    page = browser.new_page()
    open_notebook(page, a_served_site, WELCOME)
    replace_code(page, code_cells(page).first, "saved_before_the_crash = True")
    page.wait_for_timeout(1000)
    # Kill -9 the whole browser: no unload handler, no last chance to write anything.
    pids = chromium_pids(profile)
    assert pids, "could not find the browser this test started"
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(PlaywrightError):
        browser.close()

    browser = launch()
    try:
        again = browser.new_page()
        open_notebook(again, a_served_site, WELCOME)
        expect(code_cells(again).first.get_by_role("textbox")).to_have_text(
            "saved_before_the_crash = True"
        )
    finally:
        browser.close()


def test_two_tabs_on_one_notebook_see_each_others_edits(
    context: BrowserContext, page: Page, a_served_site: str
) -> None:
    open_notebook(page, a_served_site, WELCOME)
    replace_code(page, code_cells(page).first, "from_the_first_tab = 1")
    other = context.new_page()
    open_notebook(other, a_served_site, WELCOME)
    expect(code_cells(other).first.get_by_role("textbox")).to_have_text("from_the_first_tab = 1")
    # Both tabs edit different cells at the same time; each sees both edits.
    replace_code(other, code_cells(other).nth(1), "from_the_second_tab = 2")
    replace_code(page, code_cells(page).nth(2), "from_the_first_tab_again = 3")
    for tab in (page, other):
        expect(code_cells(tab).nth(1).get_by_role("textbox")).to_have_text(
            "from_the_second_tab = 2"
        )
        expect(code_cells(tab).nth(2).get_by_role("textbox")).to_have_text(
            "from_the_first_tab_again = 3"
        )
    # A cell inserted in one tab appears in the other.
    count = code_cells(other).count()
    page.keyboard.press("Escape")
    page.keyboard.press("b")
    expect(code_cells(other)).to_have_count(count + 1)
