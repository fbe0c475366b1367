"""A visitor opens the demo course, runs Python in the browser, and keeps their work."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
from playwright.sync_api import Locator, Page, expect

from .conftest import PYTHON_READY_MS

WELCOME = "en/01-welcome.ipynb"
CSV_NOTEBOOK = "fr/03-lire-un-fichier-csv.ipynb"


def open_notebook(page: Page, base: str, path: str) -> None:
    page.goto(f"{base}notebook.html?path={path}")
    expect(page.get_by_role("group", name=re.compile(r"cell 1 of \d+"))).to_be_visible(
        timeout=30_000
    )


def code_cells(page: Page) -> Locator:
    return page.get_by_role("group", name=re.compile(r"^Code cell \d+ of \d+"))


def output_of(cell: Locator) -> Locator:
    return cell.get_by_role("region", name=re.compile(r"^Output of cell \d+"))


def replace_code(page: Page, cell: Locator, code: str) -> None:
    editor = cell.get_by_role("textbox")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    if "\n" in code:
        # As if pasted: typing line by line would let the editor auto-indent.
        page.keyboard.insert_text(code)
    else:
        editor.press_sequentially(code)


def wait_until_ready(page: Page) -> None:
    expect(page.get_by_role("status").filter(has_text="Python:")).to_have_text(
        "Python: ready", timeout=PYTHON_READY_MS
    )


def test_the_home_page_lists_the_courses_notebooks_and_opens_one(
    page: Page, a_served_site: str
) -> None:
    page.goto(a_served_site)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    links = page.get_by_role("link", name=re.compile(r"01-welcome\.ipynb"))
    expect(links).to_have_count(1)
    expect(page.get_by_role("link", name=re.compile(r"01-bienvenue\.ipynb"))).to_have_count(1)
    links.click()
    expect(page).to_have_url(re.compile(r"notebook\.html\?path=en%2F01-welcome\.ipynb$"))
    expect(page.get_by_role("group", name=re.compile(r"^Markdown cell 1 of \d+"))).to_be_visible()
    wait_until_ready(page)


def test_shift_enter_runs_python_in_the_browser_and_prints_under_the_cell(
    page: Page, a_served_site: str
) -> None:
    open_notebook(page, a_served_site, WELCOME)
    cell = code_cells(page).first
    replace_code(page, cell, "print(6*7)")
    page.keyboard.press("Shift+Enter")
    expect(output_of(cell)).to_have_text("42", timeout=PYTHON_READY_MS)
    expect(cell).to_have_accessible_name(re.compile(r"ran as \[1\]"))
    expect(cell.get_by_text("[1]")).to_be_visible()
    # Shift+Enter moved on: the next cell is now the active one.
    expect(page.locator(".cell.active")).not_to_have_attribute(
        "data-cell-id", cell.get_attribute("data-cell-id") or ""
    )


def test_the_value_of_the_last_expression_is_shown_and_counts_go_up(
    page: Page, a_served_site: str
) -> None:
    open_notebook(page, a_served_site, WELCOME)
    cell = code_cells(page).first
    replace_code(page, cell, "x = 20\nx + 22")
    cell.get_by_role("button", name="Run cell").click()
    expect(output_of(cell)).to_have_text("42", timeout=PYTHON_READY_MS)
    cell.get_by_role("button", name="Run cell").click()
    expect(cell).to_have_accessible_name(re.compile(r"ran as \[2\]"))


def test_a_cell_that_raises_shows_a_readable_error(page: Page, a_served_site: str) -> None:
    open_notebook(page, a_served_site, WELCOME)
    cell = code_cells(page).first
    replace_code(page, cell, "def f(n):\n    return 1 / n\nf(0)")
    page.keyboard.press("Shift+Enter")
    error = output_of(cell)
    expect(error).to_contain_text("ZeroDivisionError: division by zero", timeout=PYTHON_READY_MS)
    expect(error).to_contain_text("Cell In[1], line 3")
    expect(error).not_to_contain_text("ardoise")


def test_output_streams_while_the_cell_is_still_running(page: Page, a_served_site: str) -> None:
    open_notebook(page, a_served_site, WELCOME)
    wait_until_ready(page)
    cell = code_cells(page).first
    replace_code(
        page, cell, "import time\nfor i in range(3):\n    print('line', i)\n    time.sleep(1.5)"
    )
    page.keyboard.press("Shift+Enter")
    expect(output_of(cell)).to_contain_text("line 0", timeout=10_000)
    # The first line is on screen while the cell is still running.
    expect(cell).to_have_accessible_name(re.compile(r"running"))
    expect(output_of(cell)).not_to_contain_text("line 2")
    expect(output_of(cell)).to_contain_text("line 2", timeout=15_000)
    expect(cell).to_have_accessible_name(re.compile(r"ran as \[1\]"))


def test_an_edit_survives_a_reload_and_the_download_is_a_valid_notebook(
    page: Page, a_served_site: str, a_built_site: Path
) -> None:
    open_notebook(page, a_served_site, WELCOME)
    cell = code_cells(page).first
    replace_code(page, cell, "answer = 6 * 7  # edited in the browser")
    # Edits reach IndexedDB incrementally; give the write a moment, then reload.
    page.wait_for_timeout(1000)
    page.reload()
    cell = code_cells(page).first
    expect(cell.get_by_role("textbox")).to_have_text("answer = 6 * 7  # edited in the browser")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download").click()
    download = download_info.value
    assert download.suggested_filename == "01-welcome.ipynb"
    text = Path(download.path()).read_text(encoding="utf-8")
    notebook = nbformat.reads(text, as_version=nbformat.NO_CONVERT)
    nbformat.validate(notebook)
    assert (notebook.nbformat, notebook.nbformat_minor) == (4, 5)
    assert all(cell.get("id") for cell in notebook.cells)
    sources = [cell.source for cell in notebook.cells]
    assert "answer = 6 * 7  # edited in the browser" in sources
    original = json.loads((a_built_site / "contents" / WELCOME).read_text("utf-8"))
    assert [c["id"] for c in original["cells"]] == [c.id for c in notebook.cells]


def test_a_notebook_reads_the_courses_csv_file_relative_to_its_folder(
    page: Page, a_served_site: str
) -> None:
    open_notebook(page, a_served_site, CSV_NOTEBOOK)
    cells = code_cells(page)
    for index in range(cells.count()):
        cells.nth(index).get_by_role("button", name="Run cell").click()
    last = cells.nth(cells.count() - 1)
    expect(last).to_have_accessible_name(re.compile(r"ran as \[\d+\]"), timeout=PYTHON_READY_MS)
    expect(page.locator(".output-error")).to_have_count(0)
    expect(page.locator(".cell-outputs:not([hidden])").first).to_be_visible()
