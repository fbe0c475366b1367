"""The main flow with the keyboard alone: no click, no mouse, every stop visibly focused.

Open a notebook from the list, add a cell, type, run, read the result, move and
delete the cell, download the notebook.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from .conftest import PYTHON_READY_MS
from .test_editing import ANY_CELL, all_cells
from .test_notebook import output_of

FOCUS_RING = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
    const name = element.getAttribute("aria-label") ?? element.textContent?.trim().slice(0, 40);
    return ring ? "" : `${element.tagName.toLowerCase()} ${name}`;
}"""


def is_focused(target: Locator) -> bool:
    return bool(target.evaluate("element => element === document.activeElement"))


def tab_to(page: Page, target: Locator, *, backwards: bool = False, limit: int = 80) -> int:
    """Presses Tab (Shift+Tab) until `target` has the focus; every stop must show a focus ring."""
    for presses in range(limit):
        if target.count() == 1 and is_focused(target):
            return presses
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        unringed = page.evaluate(FOCUS_RING)
        assert not unringed, f"no visible focus on {unringed!r}"
    raise AssertionError(f"{target} not reached in {limit} presses of Tab")


def focused_cell(page: Page) -> Locator:
    return page.locator(".cell:focus")


def test_the_main_flow_is_done_with_the_keyboard_alone(page: Page, a_served_site: str) -> None:
    page.goto(a_served_site)
    link = page.get_by_role("link", name=re.compile(r"01-welcome\.ipynb"))
    expect(link).to_be_visible()
    tab_to(page, link)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"notebook\.html\?path=en%2F01-welcome\.ipynb$"))
    expect(all_cells(page).first).to_be_visible(timeout=30_000)
    total = all_cells(page).count()

    # The notebook opens with its first cell focused, in command mode.
    expect(focused_cell(page)).to_have_accessible_name(re.compile(r"cell 1 of"))

    page.keyboard.press("b")
    expect(all_cells(page)).to_have_count(total + 1)
    cell = focused_cell(page)
    expect(cell).to_have_accessible_name(re.compile(rf"^Code cell 2 of {total + 1}$"))
    cell_id = cell.get_attribute("data-cell-id")
    mine = page.locator(f'.cell[data-cell-id="{cell_id}"]')
    page.keyboard.press("Enter")
    expect(mine.get_by_role("textbox")).to_be_focused()
    page.keyboard.type("print(6 * 7)")
    page.keyboard.press("Control+Enter")
    expect(output_of(mine)).to_have_text("42", timeout=PYTHON_READY_MS)
    expect(mine).to_have_accessible_name(re.compile(r"ran as \[1\]"))

    page.keyboard.press("Escape")
    expect(mine).to_be_focused()
    page.keyboard.press("Control+Shift+ArrowDown")
    expect(mine).to_have_accessible_name(re.compile(rf"^Code cell 3 of {total + 1}"))
    expect(mine).to_be_focused()

    download = page.get_by_role("button", name="Download", exact=True)
    tab_to(page, download, backwards=True)
    with page.expect_download() as downloading:
        page.keyboard.press("Enter")
    saved = json.loads(Path(downloading.value.path()).read_text(encoding="utf-8"))
    assert saved["cells"][2]["source"] == "print(6 * 7)"
    assert saved["cells"][2]["outputs"][0]["text"] == "42\n"

    # Back past the page's header, the skip link leads to the current cell.
    skip = page.get_by_role("link", name="Skip to the notebook")
    tab_to(page, skip, backwards=True)
    page.keyboard.press("Enter")
    expect(mine).to_be_focused()
    page.keyboard.press("d")
    page.keyboard.press("d")
    expect(all_cells(page)).to_have_count(total)
    expect(page.get_by_role("group", name=ANY_CELL).filter(has_text="6 * 7")).to_have_count(0)
