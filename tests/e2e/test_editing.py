"""Editing a notebook the Jupyter way: command and edit modes, cell operations, undo."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from .conftest import PYTHON_READY_MS
from .test_notebook import (
    WELCOME,
    code_cells,
    open_notebook,
    output_of,
    replace_code,
    wait_until_ready,
)

ANY_CELL = re.compile(r"^(Code|Markdown|Raw) cell \d+ of \d+")


def all_cells(page: Page) -> Locator:
    return page.get_by_role("group", name=ANY_CELL)


def active_cell(page: Page) -> Locator:
    return page.locator(".cell.active")


def command_mode_on_first_code_cell(page: Page, code: str) -> Locator:
    cell = code_cells(page).first
    replace_code(page, cell, code)
    page.keyboard.press("Escape")
    expect(page.locator(".cells")).to_have_attribute("data-mode", "command")
    expect(cell).to_be_focused()
    return cell


def test_escape_and_enter_switch_between_command_and_edit_mode(
    page: Page, a_served_site: str
) -> None:
    open_notebook(page, a_served_site, WELCOME)
    cell = command_mode_on_first_code_cell(page, "x = 1")
    page.keyboard.press("Enter")
    expect(page.locator(".cells")).to_have_attribute("data-mode", "edit")
    expect(cell.get_by_role("textbox")).to_be_focused()
    page.keyboard.press("Escape")
    expect(cell).to_be_focused()


def test_b_and_a_insert_cells_and_d_d_deletes_and_z_brings_it_back(
    page: Page, a_served_site: str
) -> None:
    open_notebook(page, a_served_site, WELCOME)
    total = all_cells(page).count()
    command_mode_on_first_code_cell(page, "kept = 'here'")
    page.keyboard.press("b")
    expect(all_cells(page)).to_have_count(total + 1)
    page.keyboard.press("a")
    expect(all_cells(page)).to_have_count(total + 2)
    page.keyboard.press("d")
    page.keyboard.press("d")
    expect(all_cells(page)).to_have_count(total + 1)
    # Delete the edited cell itself, then undo: it comes back with its text.
    page.keyboard.press("ArrowUp")
    expect(active_cell(page).get_by_role("textbox")).to_have_text("kept = 'here'")
    page.keyboard.press("d")
    page.keyboard.press("d")
    expect(page.get_by_text("kept = 'here'")).to_have_count(0)
    page.keyboard.press("z")
    expect(page.get_by_text("kept = 'here'")).to_have_count(1)
    expect(all_cells(page)).to_have_count(total + 1)


def test_m_y_and_r_change_the_cell_type(page: Page, a_served_site: str) -> None:
    open_notebook(page, a_served_site, WELCOME)
    command_mode_on_first_code_cell(page, "# A title")
    page.keyboard.press("m")
    expect(active_cell(page)).to_have_accessible_name(re.compile(r"^Markdown cell"))
    page.keyboard.press("Shift+Enter")  # renders it
    expect(page.get_by_role("heading", name="A title")).to_be_visible()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("r")
    expect(active_cell(page)).to_have_accessible_name(re.compile(r"^Raw cell"))
    page.keyboard.press("y")
    expect(active_cell(page)).to_have_accessible_name(re.compile(r"^Code cell"))
    expect(active_cell(page).get_by_role("textbox")).to_have_text("# A title")


def test_cells_move_with_the_keyboard_and_the_toolbar(page: Page, a_served_site: str) -> None:
    open_notebook(page, a_served_site, WELCOME)
    command_mode_on_first_code_cell(page, "moving = True")
    before = active_cell(page).get_attribute("aria-label") or ""
    position = int(re.search(r"cell (\d+) of", before).group(1))  # type: ignore[union-attr]
    page.keyboard.press("Control+Shift+ArrowDown")
    expect(active_cell(page)).to_have_accessible_name(re.compile(rf"cell {position + 1} of"))
    expect(active_cell(page).get_by_role("textbox")).to_have_text("moving = True")
    page.get_by_role("button", name="Move the selected cells up").click()
    expect(active_cell(page)).to_have_accessible_name(re.compile(rf"cell {position} of"))
    expect(active_cell(page).get_by_role("textbox")).to_have_text("moving = True")


def test_copy_paste_split_and_merge(page: Page, a_served_site: str) -> None:
    open_notebook(page, a_served_site, WELCOME)
    total = all_cells(page).count()
    cell = code_cells(page).first
    replace_code(page, cell, "first = 1\nsecond = 2")
    page.keyboard.press("Control+Home")
    page.keyboard.press("End")
    page.keyboard.press("Control+Shift+Minus")
    expect(all_cells(page)).to_have_count(total + 1)
    expect(cell.get_by_role("textbox")).to_have_text("first = 1")
    expect(active_cell(page).get_by_role("textbox")).to_have_text("second = 2")
    page.keyboard.press("Escape")
    page.keyboard.press("Shift+ArrowUp")
    page.keyboard.press("Shift+M")
    expect(all_cells(page)).to_have_count(total)
    lines = active_cell(page).locator(".cm-line")
    expect(lines).to_have_text(["first = 1", "", "second = 2"])
    page.keyboard.press("c")
    page.keyboard.press("v")
    expect(all_cells(page)).to_have_count(total + 1)
    expect(page.get_by_role("textbox").filter(has_text="first = 1")).to_have_count(2)


def test_cut_cells_paste_into_another_notebook(page: Page, a_served_site: str) -> None:
    open_notebook(page, a_served_site, WELCOME)
    command_mode_on_first_code_cell(page, "travelling = 'between notebooks'")
    page.keyboard.press("x")
    expect(page.get_by_text("travelling = 'between notebooks'")).to_have_count(0)
    open_notebook(page, a_served_site, "fr/01-bienvenue.ipynb")
    cell = code_cells(page).first
    cell.click()
    page.keyboard.press("Escape")
    page.keyboard.press("v")
    expect(
        page.get_by_role("textbox").filter(has_text="travelling = 'between notebooks'")
    ).to_have_count(1)


def test_shift_arrows_select_several_cells_that_act_together(
    page: Page, a_served_site: str
) -> None:
    open_notebook(page, a_served_site, WELCOME)
    total = all_cells(page).count()
    command_mode_on_first_code_cell(page, "one = 1")
    page.keyboard.press("Shift+ArrowDown")
    page.keyboard.press("Shift+ArrowDown")
    expect(page.locator(".cell.selected")).to_have_count(3)
    page.keyboard.press("d")
    page.keyboard.press("d")
    expect(all_cells(page)).to_have_count(total - 3)
    page.keyboard.press("z")
    expect(all_cells(page)).to_have_count(total)


def test_h_opens_the_shortcuts_panel_and_escape_returns_to_the_cell(
    page: Page, a_served_site: str
) -> None:
    open_notebook(page, a_served_site, WELCOME)
    cell = command_mode_on_first_code_cell(page, "x = 1")
    page.keyboard.press("h")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_text("Delete the selected cells")).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(cell).to_be_focused()


def test_run_all_then_stop_interrupts_a_loop_and_keeps_the_variables(
    page: Page, a_served_site: str
) -> None:
    open_notebook(page, a_served_site, WELCOME)
    wait_until_ready(page)
    assert page.evaluate("crossOriginIsolated") is True
    cell = code_cells(page).first
    replace_code(page, cell, "kept = 42\nwhile True:\n    pass")
    cell.get_by_role("button", name="Run cell").click()
    expect(cell).to_have_accessible_name(re.compile(r"running"))
    page.get_by_role("button", name="Stop").click()
    expect(output_of(cell)).to_contain_text("KeyboardInterrupt", timeout=10_000)
    second = code_cells(page).nth(1)
    replace_code(page, second, "print(kept)")
    page.keyboard.press("Control+Enter")
    expect(output_of(second)).to_have_text("42", timeout=PYTHON_READY_MS)


def test_restart_asks_first_and_then_forgets_the_variables(page: Page, a_served_site: str) -> None:
    open_notebook(page, a_served_site, WELCOME)
    cell = code_cells(page).first
    replace_code(page, cell, "forgotten = 1")
    page.keyboard.press("Control+Enter")
    expect(cell).to_have_accessible_name(re.compile(r"ran as \[1\]"), timeout=PYTHON_READY_MS)
    page.get_by_role("button", name="Restart Python").click()
    page.get_by_role("dialog", name="Restart Python?").get_by_role("button", name="Restart").click()
    expect(page.get_by_role("status").filter(has_text="Python:")).to_have_text(
        "Python: ready", timeout=PYTHON_READY_MS
    )
    replace_code(page, cell, "forgotten")
    page.keyboard.press("Control+Enter")
    expect(output_of(cell)).to_contain_text("NameError", timeout=PYTHON_READY_MS)
    expect(cell).to_have_accessible_name(re.compile(r"ran as \[1\]"))


def test_the_more_actions_menu_opens_acts_and_closes_with_escape(
    page: Page, a_served_site: str
) -> None:
    open_notebook(page, a_served_site, WELCOME)
    before = all_cells(page).count()
    toolbar = page.get_by_role("toolbar")
    more = toolbar.get_by_role("button", name="More actions")
    more.click()
    expect(more).to_have_attribute("aria-expanded", "true")
    item = toolbar.get_by_role("button", name="Insert a cell above")
    expect(item).to_be_focused()
    page.keyboard.press("Escape")
    expect(more).to_have_attribute("aria-expanded", "false")
    expect(more).to_be_focused()
    expect(item).to_be_hidden()
    more.click()
    item.click()
    expect(all_cells(page)).to_have_count(before + 1)
    expect(more).to_have_attribute("aria-expanded", "false")
