"""Tab completion, Shift+Tab help and updated displays, answered by Python in the browser."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .test_notebook import (
    WELCOME,
    code_cells,
    open_notebook,
    output_of,
    replace_code,
    wait_until_ready,
)


def test_tab_completes_an_attribute_from_the_kernel(page: Page, a_served_site: str) -> None:
    open_notebook(page, a_served_site, WELCOME)
    wait_until_ready(page)
    cell = code_cells(page).first
    replace_code(page, cell, "import math")
    page.keyboard.press("Control+Enter")
    expect(cell).to_have_accessible_name(re.compile(r"ran as \[1\]"))
    second = code_cells(page).nth(1)
    replace_code(page, second, "math.flo")
    page.keyboard.press("Tab")
    expect(page.get_by_role("option", name="floor")).to_be_visible()
    page.keyboard.press("Tab")
    expect(second.get_by_role("textbox")).to_have_text("math.floor")


def test_tab_on_a_blank_line_indents(page: Page, a_served_site: str) -> None:
    open_notebook(page, a_served_site, WELCOME)
    cell = code_cells(page).first
    replace_code(page, cell, "if True:\n")
    page.keyboard.press("Tab")
    page.keyboard.insert_text("pass")
    expect(cell.locator(".cm-line").nth(1)).to_have_text(re.compile(r"^\s{4,}pass$"))


def test_shift_tab_shows_the_signature_and_docstring(page: Page, a_served_site: str) -> None:
    open_notebook(page, a_served_site, WELCOME)
    wait_until_ready(page)
    cell = code_cells(page).first
    replace_code(page, cell, "len")
    page.keyboard.press("Shift+Tab")
    expect(page.locator(".cm-help")).to_contain_text("Return the number of items")
    page.keyboard.press("Escape")
    expect(page.locator(".cm-help")).to_have_count(0)


def test_update_display_replaces_an_earlier_output(page: Page, a_served_site: str) -> None:
    open_notebook(page, a_served_site, WELCOME)
    cell = code_cells(page).first
    replace_code(
        page, cell, "from IPython.display import display\nh = display('first', display_id=True)"
    )
    page.keyboard.press("Control+Enter")
    expect(output_of(cell)).to_have_text("'first'", timeout=120_000)
    second = code_cells(page).nth(1)
    replace_code(page, second, "h.update('second')")
    page.keyboard.press("Control+Enter")
    expect(output_of(cell)).to_have_text("'second'")
