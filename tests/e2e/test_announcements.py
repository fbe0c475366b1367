"""What a screen reader is told, read from the accessibility tree: cell names and live regions.

Each cell names its type, position and state; when a cell finishes, its result
(or its error's last line) is said politely; Python's state is a status too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import PYTHON_READY_MS
from .test_editing import all_cells
from .test_notebook import WELCOME, code_cells, open_notebook, replace_code, wait_until_ready


def position_of(page: Page, cell_id: str | None) -> int:
    ids = [c.get_attribute("data-cell-id") for c in all_cells(page).all()]
    return ids.index(cell_id) + 1


def test_a_finished_cell_says_its_result_and_an_error_its_last_line(
    page: Page, a_served_site: str
) -> None:
    open_notebook(page, a_served_site, WELCOME)
    wait_until_ready(page)
    expect(page.get_by_role("status").filter(has_text="Python:")).to_match_aria_snapshot(
        '- status: "Python: ready"'
    )
    total = all_cells(page).count()
    cell = code_cells(page).first
    n = position_of(page, cell.get_attribute("data-cell-id"))
    expect(cell).to_have_accessible_name(f"Code cell {n} of {total}")

    replace_code(page, cell, "print('first line')\nprint(6 * 7)")
    page.keyboard.press("Control+Enter")
    said = page.locator("main > .announcer")
    expect(said).to_match_aria_snapshot(
        f'- status: "Cell {n} ran as [1]: 42"', timeout=PYTHON_READY_MS
    )
    expect(cell).to_have_accessible_name(f"Code cell {n} of {total}, ran as [1]")

    replace_code(page, cell, "x = 1")
    page.keyboard.press("Control+Enter")
    expect(said).to_match_aria_snapshot(f'- status: "Cell {n} ran as [2], no output."')

    replace_code(page, cell, "[1, 2]\n")
    page.keyboard.press("Control+Enter")
    expect(said).to_match_aria_snapshot(f'- status: "Cell {n} ran as [3]: [1, 2]"')

    replace_code(page, cell, "print('before')\n1 / 0")
    page.keyboard.press("Control+Enter")
    expect(said).to_match_aria_snapshot(
        f'- status: "Cell {n} failed: ZeroDivisionError: division by zero"'
    )
    expect(cell).to_have_accessible_name(f"Code cell {n} of {total}, ran as [4]")


def test_run_all_is_summed_up_once_its_error_or_its_last_result(
    page: Page, a_served_site: str
) -> None:
    """Each result of Run all would replace the last before it was read: one line says them."""
    open_notebook(page, a_served_site, WELCOME)
    wait_until_ready(page)
    said = page.locator("main > .announcer")
    toolbar = page.get_by_role("toolbar")
    # The welcome notebook's last code cell fails on purpose.
    failing = code_cells(page).last
    n = position_of(page, failing.get_attribute("data-cell-id"))
    toolbar.get_by_role("button", name="Run all cells").click()
    expect(said).to_have_text(
        re.compile(
            rf"^Run stopped by an error\. Cell {n} failed: NameError: name 'scroe' is not defined"
        ),
        timeout=PYTHON_READY_MS,
    )
    # Editors are made as cells come near the screen.
    failing.scroll_into_view_if_needed()
    replace_code(page, failing, "score = 12\nprint(score)")
    page.keyboard.press("Escape")
    toolbar.get_by_role("button", name="Run all cells").click()
    count = code_cells(page).count()
    expect(said).to_have_text(
        f"Run finished, cells run: {count}. Cell {n} ran as [{2 * count}]: 12",
        timeout=PYTHON_READY_MS,
    )
    # A single cell still says its own result.
    failing.get_by_role("textbox").click()
    page.keyboard.press("Control+Enter")
    expect(said).to_have_text(f"Cell {n} ran as [{2 * count + 1}]: 12")


def test_an_image_without_text_still_has_a_name(page: Page, a_served_site: str) -> None:
    open_notebook(page, a_served_site, WELCOME)
    cell = code_cells(page).first
    png = (
        "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAEklEQVR4nGP4z8DAwMDAxMDAAAAe"
        "AwL+Tc1aMAAAAABJRU5ErkJggg=="
    )
    # A raw bundle with no text/plain, as a library may send.
    replace_code(
        page,
        cell,
        f"from IPython.display import display\ndisplay({{'image/png': '{png}'}}, raw=True)",
    )
    page.keyboard.press("Control+Enter")
    image = cell.get_by_role("img")
    expect(image).to_have_accessible_name(
        "An image output, without a description", timeout=PYTHON_READY_MS
    )


@pytest.fixture
def a_french_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


def test_cells_are_named_and_results_said_in_french(
    a_french_page: Page, a_served_site: str
) -> None:
    page = a_french_page
    page.goto(f"{a_served_site}notebook.html?path=fr/01-bienvenue.ipynb")
    cells = page.get_by_role("group", name=re.compile(r"^Cellule (de code|Markdown|brute) \d+ sur"))
    expect(cells.first).to_be_visible(timeout=30_000)
    total = cells.count()
    cell = page.get_by_role("group", name=re.compile(r"^Cellule de code")).first
    ids = [c.get_attribute("data-cell-id") for c in cells.all()]
    n = ids.index(cell.get_attribute("data-cell-id")) + 1
    replace_code(page, cell, "6 * 7")
    page.keyboard.press("Control+Enter")
    said = page.locator("main > .announcer")
    expect(said).to_match_aria_snapshot(
        f'- status: "Cellule {n} exécutée en [1] : 42"', timeout=PYTHON_READY_MS
    )
    expect(cell).to_have_accessible_name(f"Cellule de code {n} sur {total}, exécutée en [1]")
