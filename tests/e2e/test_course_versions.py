"""A student's copy and the course's version: revert on demand, new versions offered."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .axe import in_every_theme
from .conftest import DEMO, Server, run_ardoise
from .test_notebook import WELCOME, code_cells, open_notebook, replace_code


def test_a_changed_notebook_says_so_and_reverts_to_the_original(
    page: Page, a_served_site: str
) -> None:
    open_notebook(page, a_served_site, WELCOME)
    cell = code_cells(page).first
    original = cell.get_by_role("textbox").inner_text()
    notice = page.get_by_text("You changed this notebook")
    expect(notice).to_be_hidden()
    replace_code(page, cell, "changed = True")
    expect(notice).to_be_visible()
    assert in_every_theme(page) == []
    page.get_by_role("button", name="Revert to the original").click()
    page.get_by_role("dialog").get_by_role("button", name="Revert to the original").click()
    expect(code_cells(page).first.get_by_role("textbox")).to_have_text(original)
    expect(notice).to_be_hidden()
    page.reload()
    expect(code_cells(page).first.get_by_role("textbox")).to_have_text(original)


@pytest.fixture
def a_course_that_gets_updated(tmp_path: Path) -> Iterator[tuple[Path, Path, str]]:
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    site = tmp_path / "site"
    assert run_ardoise("build", str(content), "-o", str(site)).returncode == 0
    server = Server(site)
    yield content, site, server.url
    server.stop()


def test_a_new_version_of_the_course_is_offered_never_applied_silently(
    page: Page, a_course_that_gets_updated: tuple[Path, Path, str]
) -> None:
    content, site, url = a_course_that_gets_updated
    open_notebook(page, url, WELCOME)
    replace_code(page, code_cells(page).first, "my_work = 'kept'")
    page.wait_for_timeout(500)

    notebook = json.loads((content / WELCOME).read_text("utf-8"))
    code = next(cell for cell in notebook["cells"] if cell["cell_type"] == "code")
    code["source"] = "print('version 2 of the course')"
    (content / WELCOME).write_text(json.dumps(notebook, indent=1) + "\n", "utf-8")
    assert run_ardoise("build", str(content), "-o", str(site)).returncode == 0

    page.reload()
    offer = page.get_by_text("A new version of this notebook was published")
    expect(offer).to_be_visible()
    expect(code_cells(page).first.get_by_role("textbox")).to_have_text("my_work = 'kept'")
    assert in_every_theme(page) == []
    page.get_by_role("button", name="Keep my copy").click()
    expect(offer).to_be_hidden()
    page.reload()
    expect(code_cells(page).first.get_by_role("textbox")).to_have_text("my_work = 'kept'")
    expect(offer).to_be_hidden()
    # Reverting takes the new version.
    page.get_by_role("button", name="Revert to the original").click()
    page.get_by_role("dialog").get_by_role("button", name="Revert to the original").click()
    expect(code_cells(page).first.get_by_role("textbox")).to_have_text(
        "print('version 2 of the course')"
    )
