"""When the browser will not keep the notebook, the page says so plainly and offers the download.

Each failure is the browser's, simulated from outside the app: storage refused
(an init script makes IndexedDB throw or fail, as a privacy setting or a
sandbox does), storage full (Chromium's own quota, lowered through the DevTools
protocol), and the saved copy deleted by another page of the site, while the
notebook is open or between two visits.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .axe import in_every_theme
from .test_notebook import WELCOME, code_cells, open_notebook, replace_code

REFUSALS = {
    "indexedDB itself throws": """
        Object.defineProperty(window, "indexedDB", {
            get() { throw new DOMException("Access is denied.", "SecurityError"); },
        });""",
    "open throws": """
        IDBFactory.prototype.open = function () {
            throw new DOMException("The operation is insecure.", "SecurityError");
        };""",
    "open fails": """
        IDBFactory.prototype.open = function () {
            const error = new DOMException("The user denied permission to access the database.",
                                           "UnknownError");
            const request = { error, result: undefined };
            setTimeout(() => request.onerror?.(new Event("error")), 10);
            return request;
        };""",
}

DELETE_EVERY_DATABASE = """async () => {
    const databases = await indexedDB.databases();
    await Promise.all(databases.map((d) => new Promise((resolve, reject) => {
        const request = indexedDB.deleteDatabase(d.name);
        request.onsuccess = resolve;
        request.onerror = () => reject(request.error);
        // A page that keeps the database open would block this forever.
        request.onblocked = () => setTimeout(
            () => reject(new Error(`deleting ${d.name} is blocked by an open page`)), 10000);
    })));
    return databases.length;
}"""


def download_from_the_alert(page: Page) -> str:
    with page.expect_download() as info:
        page.get_by_role("alert").get_by_role("button", name="Download the notebook").click()
    return Path(info.value.path()).read_text("utf-8")


def sources(notebook_text: str) -> list[str]:
    return [cell["source"] for cell in json.loads(notebook_text)["cells"]]


@pytest.mark.parametrize("refusal", list(REFUSALS))
def test_blocked_storage_is_said_plainly_and_the_work_can_be_downloaded(
    page: Page, a_served_site: str, refusal: str
) -> None:
    page.add_init_script(REFUSALS[refusal])
    open_notebook(page, a_served_site, WELCOME)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("does not let this page save anything")
    expect(alert).to_contain_text("lost when you close the page")
    assert in_every_theme(page) == []
    expect(page.get_by_text("Your changes are saved in this browser.")).to_have_count(0)
    # The notebook still works, and what is typed goes into the download.
    replace_code(page, code_cells(page).first, "blocked_but_kept = 1")
    assert "blocked_but_kept = 1" in sources(download_from_the_alert(page))


def test_full_storage_is_said_plainly_and_saving_resumes_once_there_is_room(
    context: BrowserContext, page: Page, a_served_site: str
) -> None:
    origin = a_served_site.rstrip("/")
    page.goto(f"{a_served_site}index.html")
    devtools = context.new_cdp_session(page)
    devtools.send("Storage.overrideQuotaForOrigin", {"origin": origin, "quotaSize": 1000})
    open_notebook(page, a_served_site, WELCOME)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("storage is full")
    assert in_every_theme(page) == []
    replace_code(page, code_cells(page).first, "typed_while_full = 1")
    assert "typed_while_full = 1" in sources(download_from_the_alert(page))

    devtools.send("Storage.overrideQuotaForOrigin", {"origin": origin})  # room again
    expect(page.get_by_role("status").filter(has_text="Saving works again")).to_be_visible(
        timeout=15_000
    )
    expect(alert).to_be_hidden()
    page.reload()
    expect(code_cells(page).first.get_by_role("textbox")).to_have_text("typed_while_full = 1")


def test_a_copy_deleted_while_the_page_is_open_is_said_and_saved_again(
    context: BrowserContext, page: Page, a_served_site: str
) -> None:
    open_notebook(page, a_served_site, WELCOME)
    replace_code(page, code_cells(page).first, "before_the_deletion = 1")
    other = context.new_page()
    other.goto(f"{a_served_site}index.html")
    assert other.evaluate(DELETE_EVERY_DATABASE) >= 1

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("The browser deleted the copy of this notebook")
    expect(alert).to_contain_text("saved again")
    assert in_every_theme(page) == []
    assert "before_the_deletion = 1" in sources(download_from_the_alert(page))
    alert.get_by_role("button", name="Dismiss").click()
    expect(alert).to_be_hidden()
    page.reload()
    expect(code_cells(page).first.get_by_role("textbox")).to_have_text("before_the_deletion = 1")


def test_a_copy_removed_between_visits_is_said_and_the_course_version_shown(
    context: BrowserContext, page: Page, a_served_site: str
) -> None:
    open_notebook(page, a_served_site, WELCOME)
    original = code_cells(page).first.get_by_role("textbox").inner_text()
    replace_code(page, code_cells(page).first, "work_the_browser_will_evict = 1")
    page.wait_for_timeout(500)
    page.goto(f"{a_served_site}index.html")
    assert page.evaluate(DELETE_EVERY_DATABASE) >= 1

    open_notebook(page, a_served_site, WELCOME)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(
        re.compile(r"no longer in this browser.*course.s version is shown")
    )
    expect(code_cells(page).first.get_by_role("textbox")).to_have_text(original)
    alert.get_by_role("button", name="Dismiss").click()
    expect(alert).to_be_hidden()
    expect(page.get_by_text("Your changes are saved in this browser.")).to_be_visible()
