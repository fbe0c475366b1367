"""Running parts of a notebook as in JupyterLab: above, from here down, and insert,
clearing outputs, restart and run all, save and redo, from the menu and the keys.

The demo's welcome notebook has seven code cells: three that show 14, 33 and
printed lines, two that set and use `name` and `age`, one that shows an area,
and a last one that fails on purpose (NameError).
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from .conftest import PYTHON_READY_MS
from .test_editing import all_cells
from .test_notebook import WELCOME, code_cells, open_notebook, output_of, replace_code

RAN = re.compile(r"ran as \[\d+\]")


def select(page: Page, cell: Locator) -> None:
    """Selects `cell` in command mode, as a click on it then Esc does."""
    cell.get_by_role("textbox").click()
    page.keyboard.press("Escape")
    expect(cell).to_be_focused()


def from_the_menu(page: Page, action: str | re.Pattern[str]) -> None:
    toolbar = page.get_by_role("toolbar")
    toolbar.get_by_role("button", name="More actions").click()
    toolbar.get_by_role("button", name=action).click()


def test_run_all_above_then_this_cell_and_all_below(page: Page, a_served_site: str) -> None:
    open_notebook(page, a_served_site, WELCOME)
    cells = code_cells(page)
    select(page, cells.nth(3))
    from_the_menu(page, "Run all cells above")
    expect(output_of(cells.nth(2))).to_contain_text(
        "A year has 8760 hours.", timeout=PYTHON_READY_MS
    )
    expect(output_of(cells.nth(0))).to_have_text("14")
    expect(output_of(cells.nth(1))).to_have_text("33")
    expect(cells.nth(3)).not_to_have_accessible_name(RAN)

    select(page, cells.nth(3))
    from_the_menu(page, "Run this cell and all below")
    expect(output_of(cells.nth(6))).to_contain_text("NameError", timeout=PYTHON_READY_MS)
    expect(output_of(cells.nth(4))).to_have_text("Next year, Ada will be 17.")
    expect(output_of(cells.nth(5))).to_have_text("21")


def test_alt_enter_runs_the_cell_and_opens_a_new_one_below(page: Page, a_served_site: str) -> None:
    open_notebook(page, a_served_site, WELCOME)
    before = all_cells(page).count()
    cell = code_cells(page).first
    replace_code(page, cell, "6 * 7")
    page.keyboard.press("Alt+Enter")
    expect(output_of(cell)).to_have_text("42", timeout=PYTHON_READY_MS)
    expect(all_cells(page)).to_have_count(before + 1)
    new = code_cells(page).nth(1)
    expect(new.get_by_role("textbox")).to_be_focused()
    expect(new.get_by_role("textbox")).to_have_text("")
    page.keyboard.type("6 * 8")
    page.keyboard.press("Shift+Enter")
    expect(output_of(new)).to_have_text("48", timeout=PYTHON_READY_MS)


def test_outputs_clear_one_cell_or_all_and_restart_runs_everything_again(
    page: Page, a_served_site: str
) -> None:
    open_notebook(page, a_served_site, WELCOME)
    cells = code_cells(page)
    select(page, cells.nth(0))
    page.keyboard.press("Shift+Enter")
    page.keyboard.press("Shift+Enter")  # the Markdown cell between them
    page.keyboard.press("Shift+Enter")
    expect(output_of(cells.nth(1))).to_have_text("33", timeout=PYTHON_READY_MS)
    expect(output_of(cells.nth(0))).to_have_text("14")

    select(page, cells.nth(1))
    from_the_menu(page, re.compile(r"^Clear the selected cells. outputs$"))
    expect(output_of(cells.nth(1))).to_have_count(0)
    expect(output_of(cells.nth(0))).to_have_text("14")
    from_the_menu(page, "Clear all outputs")
    expect(output_of(cells.nth(0))).to_have_count(0)

    from_the_menu(page, "Restart Python and run all cells")
    page.get_by_role("dialog", name="Restart Python?").get_by_role("button", name="Restart").click()
    # Run all stops at the error, as in Jupyter; everything before it ran afresh.
    expect(output_of(cells.nth(6))).to_contain_text("NameError", timeout=PYTHON_READY_MS)
    expect(output_of(cells.nth(1))).to_have_text("33")
    expect(cells.nth(0)).to_have_accessible_name(re.compile(r"ran as \[1\]"))


def test_ctrl_s_says_the_notebook_is_saved_and_shift_z_redoes_an_undone_deletion(
    page: Page, a_served_site: str
) -> None:
    open_notebook(page, a_served_site, WELCOME)
    before = all_cells(page).count()
    select(page, code_cells(page).first)
    page.keyboard.press("Control+s")
    expect(page.get_by_text(re.compile(r"^Saved in this browser at "))).to_be_attached()

    page.keyboard.press("d")
    page.keyboard.press("d")
    expect(all_cells(page)).to_have_count(before - 1)
    page.keyboard.press("z")
    expect(all_cells(page)).to_have_count(before)
    page.keyboard.press("Shift+Z")
    expect(all_cells(page)).to_have_count(before - 1)
